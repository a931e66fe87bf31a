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

/** What carries from page to page: the table last seen and the markers or ranks it has given. */
export interface FormState {
  /** The item table's header cells by field (sheet form), or the goal table's (goal-table form). */
  table?: { kind: "items" | "goals"; action?: Cell; period?: Cell; priority?: Cell; goal?: Cell; left: number };
  /** The number the next marker (or rank) should have. */
  next: number;
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

/** Revises the rows of one OCR page in place of the engine's readings, as the form makes certain. */
export function reviseRows(rows: Row[], state: FormState): Row[] {
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
        if (marker) state.next = marker.no + 1;
        else if (MISREAD_MARKER.test(text) && circledNumber(CIRCLED[state.next - 1] ?? "") !== undefined) {
          cells[i] = withText(cell, CIRCLED[state.next - 1] as string);
          state.next += 1;
        }
      }
    }
    if (table.kind === "goals" && table.priority) {
      const i = cells.findIndex((c, k) => column(table.priority, c, k) && c.text.trim() !== "");
      const cell = cells[i];
      if (cell) {
        const text = cell.text.trim().normalize("NFKC");
        if (/^\d+$/u.test(text)) state.next = Number(text) + 1;
        else if (MISREAD_RANK.test(text)) {
          cells[i] = withText(cell, String(state.next));
          state.next += 1;
        }
      }
    }
    return { ...row, cells };
  });
}
