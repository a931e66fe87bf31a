// What the form knows and the engine does not, applied to the rows of a page read through OCR:
// labels are a closed list (a misread label is snapped to the one it is a few edits from), a lone
// glyph in the marker column of an item table is the next marker (①②… as the engine reads them: 回,
// @, O), a rank in a goal table's 順位 column the next rank, the separator of a period cell between
// two dates its ～ (the engine loses 〜 or reads it 一, て), and a ○ bullet at a line's start a ○
// (the engine gives the look-alike 〇 or O). Only where the form makes it certain; nothing else of
// a value is touched.
import { sameColumn } from "../assemble.js";
import type { Cell, Row } from "../grid.js";
import { matchGoalTableHeader, matchItemHeader, matchOneLabel, nearestLabel, nearestRemarkLabel } from "../labels.js";
import { circledNumber, matchItemMarker } from "../markers.js";
import type { LoneGlyph } from "./page.js";

/** What carries from page to page: the table last seen and the markers or ranks it has given. */
export interface FormState {
  /** The item table's header cells by field (sheet form), or the goal table's (goal-table form). */
  table?: { kind: "items" | "goals"; action?: Cell; period?: Cell; priority?: Cell; goal?: Cell; left: number };
  /** The number the next marker (or rank) should have. */
  next: number;
  /** In a goal table, the number the next marker at the start of an action cell should have (from 1 at each rank). */
  marker?: number;
}

/** Circled numbers ①–⑳ by value. */
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/** How the engine misreads a circled number alone (回, @, O, 〇, ◎, の, a digit in brackets …): a short reading with no word in it. */
const MISREAD_MARKER = /^[^\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]{1,3}$|^[回@〇◎○Oo0のⓞ][)）]?$/u;

/** The engine's readings of a rank digit alone (3 → J, う, て …): one character that is no digit. */
const MISREAD_RANK = /^[^\d０-９]$/u;

/** The separator the engine gives for ～ between two dates, or none. */
const PERIOD = /^(.*?(?:[月日]|年度|[上中下]旬|末|頃))[一ー\-−~～〜てへ]?((?:令和|平成|R|H)?[0-9０-９元]+[年月日./].*)$/u;

/** 〇 (ideographic zero) or a Latin O at a line's start before a word: a ○ bullet (the shapes are one). */
const BULLET = /(^|\n)[〇Oo](?=[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}「（(])/gu;
const KANJI_NUMERAL = /[〇一二三四五六七八九十百千万]/u;

function box(cell: Cell): [number, number] | undefined {
  const b = cell.source.kind === "pdf" ? cell.source.boxes[0]?.bbox : undefined;
  return b ? [b[0], b[2]] : undefined;
}

function withText(cell: Cell, text: string): Cell {
  return text === cell.text ? cell : { ...cell, text };
}

/** A misread label snapped to the printed one; a misread ○ label at the start of a remarks cell too. */
function snapLabel(cell: Cell): Cell {
  const label = nearestLabel(cell.text);
  if (label) return withText(cell, label);
  const remark = nearestRemarkLabel(cell.text);
  if (remark) return withText(cell, `${remark.label}${cell.text.slice(remark.rawLength)}`);
  return cell;
}

/** ○ for the look-alikes the engine gives at a line's start (never 〇 inside a kanji numeral). */
function bullets(text: string): string {
  return text.replace(BULLET, (m, lead: string, offset: number) => {
    const after = text[offset + m.length] ?? "";
    return KANJI_NUMERAL.test(after) ? m : `${lead}○`;
  });
}

/** A period cell's lines with the separator between two dates made ～. */
function periodText(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const m = PERIOD.exec(line.trim());
      return m ? `${m[1]}～${m[2]}` : line;
    })
    .join("\n");
}

/**
 * An action cell of a goal table that starts with two circled numbers or more, the one due among
 * them: one marker the engine read twice over (④ as ③④). A marker is one glyph; prose does not
 * open with a run of them.
 */
function leadingMarker(text: string, due: number): string {
  const run = /^[①-⑳]{2,}/u.exec(text)?.[0];
  const want = CIRCLED[due - 1];
  if (!run || want === undefined || !run.includes(want)) return text;
  return `${want}${text.slice(run.length)}`;
}

/** The table a header row opens, if it is one. */
function tableOf(row: Row): FormState["table"] | undefined {
  const left = Math.min(...row.cells.map((c) => box(c)?.[0] ?? Infinity));
  // A goal table names a 順位 column too; an item table never does.
  const goals = row.cells.filter((c) => matchGoalTableHeader(c.text) !== undefined);
  const goalColumn = (key: string): Cell | undefined => goals.find((c) => matchGoalTableHeader(c.text) === key);
  if (goals.length >= 3 && goalColumn("priority")) {
    return { kind: "goals", action: goalColumn("action"), period: goalColumn("period"), priority: goalColumn("priority"), goal: goalColumn("goal"), left };
  }
  const items = row.cells.filter((c) => matchItemHeader(c.text) !== undefined);
  if (items.length >= 3) {
    const find = (key: string): Cell | undefined => items.find((c) => matchItemHeader(c.text) === key);
    return { kind: "items", action: find("action"), period: find("period"), left };
  }
  return undefined;
}

/** The word readings (psm 8) of the lone glyphs a cell holds: the cell is one where it holds one glyph only. */
function wordReading(cell: Cell, glyphs: readonly LoneGlyph[]): string | undefined {
  const boxes = cell.source.kind === "pdf" ? cell.source.boxes : [];
  if (boxes.length !== 1) return undefined;
  const [b] = boxes;
  const inside = glyphs.filter((g) => {
    const cx = (g.bbox[0] + g.bbox[2]) / 2;
    const cy = (g.bbox[1] + g.bbox[3]) / 2;
    return b !== undefined && g.page === b.page && cx >= b.bbox[0] && cx <= b.bbox[2] && cy >= b.bbox[1] && cy <= b.bbox[3];
  });
  return inside.length === 1 ? inside[0]?.asWord : undefined;
}

/**
 * Revises the rows of one OCR page in place of the engine's readings, as the form makes certain.
 * `glyphs` are the page's lone glyphs read a second way: where the line reading of a rank or a
 * marker is not the one due and the word reading is, the glyph is that one (the two readings
 * differ on the glyph, and one of them is what the sequence wants; a glyph both read as another
 * number stays as read).
 */
export function reviseRows(rows: Row[], state: FormState, glyphs: readonly LoneGlyph[] = []): Row[] {
  return rows.map((row) => {
    let cells = row.cells.map((c) => {
      const snapped = snapLabel(c);
      return withText(snapped, bullets(snapped.text));
    });
    const opened = tableOf({ ...row, cells });
    if (opened) {
      state.table = opened;
      state.next = 1;
      return { ...row, cells };
    }
    const table = state.table;
    if (!table || row.furniture) return { ...row, cells };
    // A header label (特記事項, 重点目標 …) ends the table.
    if (cells.some((c) => matchOneLabel(c.text) !== undefined)) {
      state.table = undefined;
      return { ...row, cells };
    }
    const column = (header: Cell | undefined, c: Cell, i: number): boolean => header !== undefined && sameColumn(header, -1, c, i);
    cells = cells.map((c, i) => {
      if (column(table.period, c, i)) return withText(c, periodText(c.text));
      return c;
    });
    if (table.kind === "items" && table.action) {
      const actionLeft = box(table.action)?.[0] ?? -Infinity;
      const i = cells.findIndex((c) => (box(c)?.[1] ?? Infinity) <= actionLeft + 1 && c.text.trim() !== "");
      const cell = cells[i];
      if (cell) {
        const text = cell.text.trim();
        const marker = matchItemMarker(text);
        const due = CIRCLED[state.next - 1];
        if (marker && marker.no !== state.next && due !== undefined && wordReading(cell, glyphs) === due) {
          cells[i] = withText(cell, due);
          state.next += 1;
        } else if (marker) state.next = marker.no + 1;
        else if (MISREAD_MARKER.test(text) && circledNumber(CIRCLED[state.next - 1] ?? "") !== undefined) {
          cells[i] = withText(cell, CIRCLED[state.next - 1] as string);
          state.next += 1;
        }
      }
    }
    if (table.kind === "goals" && table.priority) {
      const i = cells.findIndex((c, k) => column(table.priority, c, k) && c.text.trim() !== "");
      const cell = cells[i];
      if (cell) state.marker = 1;
      if (table.action) {
        const a = cells.findIndex((c, k) => column(table.action, c, k));
        const action = cells[a];
        if (action) {
          const revised = leadingMarker(action.text, state.marker ?? 1);
          cells[a] = withText(action, revised);
          const no = circledNumber(String.fromCodePoint(revised.codePointAt(0) ?? 0));
          if (no !== undefined) state.marker = no + 1;
        }
      }
      if (cell) {
        const text = cell.text.trim().normalize("NFKC");
        const word = wordReading(cell, glyphs)?.normalize("NFKC");
        if (text !== String(state.next) && word === String(state.next)) {
          cells[i] = withText(cell, String(state.next));
          state.next += 1;
        } else if (/^\d+$/u.test(text)) state.next = Number(text) + 1;
        else if (MISREAD_RANK.test(text)) {
          cells[i] = withText(cell, String(state.next));
          state.next += 1;
        }
      }
    }
    return { ...row, cells };
  });
}
