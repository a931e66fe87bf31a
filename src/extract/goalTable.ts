// The goal-table form of earlier years (CONTRACT.md "Two layout families"): under the document's
// title (「平成25年度 ○○地域自治センターの各課の課題・目標」), one table per section (課), its name
// printed above the table or in its first row; columns 順位 | 目標設定 | 取組項目及び方法・手段 | 期間・期限 |
// 数値目標 [| 中間報告 | 期末報告], found by their labels (GOAL_TABLE_LABELS) in any order. A goal cell
// spans the rows of its actions. Each goal becomes one sheet: department = the section (after the
// office the title names), priority = 順位, title = the goal without its ○, one item per action.
// It reads the same rows as the sheet assembler; the pipeline keeps whichever reading holds more.
import type { Cell, Row } from "./grid.js";
import { matchGoalTableHeader, matchHeaderLabel, type GoalTableColumn } from "./labels.js";
import {
  FISCAL_YEAR_LABEL,
  PAGE_NUMBER,
  append,
  appendContinued,
  emptyText,
  sameColumn,
  type AssembledDocument,
  type AssembledItem,
  type AssembledSheet,
  type RowSink,
  type SourcedText,
} from "./assemble.js";
import { circledNumber } from "./markers.js";
import { ITEM_FIELDS, type ItemField } from "../model/index.js";

/** A section (課) heading: a short name ending in an office word, maybe bracketed or numbered. */
const SECTION =
  /^(?:[0-9０-９]{1,2}[\s\u3000.．、)）]+|[(（【［〔<＜■□◆◇●]\s*)?([^\s\u3000]{1,20}?(?:課|係|室|センター|事務所|支所|出張所|館|部|局|グループ|担当|所|園))\s*[)）】］〕>＞]?$/u;
/**
 * The document's title in this form names the office before 「の各課の」. The office is a name of at
 * most 60 characters (a label's length): unbounded, the search ran from every 年度 to the text's end.
 */
const OFFICE_IN_TITLE = /(?:年度)[\s\u3000]*(.{1,60}?)(?:の)?各(?:課|係|課所|部署)(?:等)?の/u;
const GOAL_CIRCLE = /^[○◯〇●◎]\s*/u;
/**
 * Where a cell holds several actions: a circled marker at the start of a line. The white space
 * before it is taken up to the line break only (the parts are trimmed): `\s*` after a line break
 * ran over every later line break of a run of them, quadratic in the run.
 */
const MARKER_AT_LINE = /(?:^|\n)[^\S\n]*(?=[①-⑳㉑-㉟])/u;

interface Column {
  key: GoalTableColumn;
  header: Cell;
  index: number;
}

interface Goal {
  sheet: AssembledSheet;
  /** The action the row's other cells belong to. */
  current: AssembledItem | undefined;
}

function nonEmpty(row: Row): Cell[] {
  return row.cells.filter((c) => c.text.trim() !== "");
}

/** The goal-table header row's columns, or undefined when the row is not one. */
function headerColumns(row: Row): Column[] | undefined {
  const columns: Column[] = [];
  row.cells.forEach((cell, index) => {
    const key = cell.text.trim() === "" ? undefined : matchGoalTableHeader(cell.text);
    if (key && !columns.some((c) => c.key === key)) columns.push({ key, header: cell, index });
  });
  const keys = new Set(columns.map((c) => c.key));
  return keys.has("goal") && keys.has("action") && (keys.has("priority") || keys.has("period") || keys.has("target")) ? columns : undefined;
}

/**
 * A dump row with more cells than its header (a stray tab) loses empty cells until it fits: each
 * run of empty cells stands for empty columns, so which of a run goes does not matter.
 */
function fitToHeader(row: Row, header: Row): Cell[] {
  const cells = [...row.cells];
  while (cells.length > 0 && (cells[cells.length - 1] as Cell).text.trim() === "") cells.pop();
  if (cells.some((c) => c.source.kind !== "line")) return cells;
  // The empty cells to drop, right to left, then one pass (a splice each was quadratic in a line of many tabs).
  let excess = cells.length - header.cells.length;
  const drop = new Set<number>();
  for (let i = cells.length - 1; excess > 0 && i > 0; i--) {
    if ((cells[i] as Cell).text.trim() === "") {
      drop.add(i);
      excess--;
    }
  }
  return drop.size === 0 ? cells : cells.filter((_, i) => !drop.has(i));
}

/** A row's cells by column (the column whose header stands over each cell). */
function cellsByColumn(row: Row, header: Row, columns: Column[]): Map<GoalTableColumn, Cell> & { stray: Cell[] } {
  const out = new Map<GoalTableColumn, Cell>() as Map<GoalTableColumn, Cell> & { stray: Cell[] };
  out.stray = [];
  fitToHeader(row, header).forEach((cell, i) => {
    if (cell.text.trim() === "") return;
    const column = columns.find((c) => sameColumn(c.header, c.index, cell, i));
    if (column && !out.has(column.key)) out.set(column.key, cell);
    else out.stray.push(cell);
  });
  return out;
}

/** A section heading in a row that holds one cell, else undefined. */
function sectionIn(only: Cell | undefined): SourcedText | undefined {
  if (!only || matchHeaderLabel(only.text.trim())) return undefined;
  const name = SECTION.exec(only.text.trim())?.[1];
  return name ? { text: name, sources: [only.source] } : undefined;
}

/** A circled number at the start of a part, run straight into its text or not (①真田氏…). */
function leadingMarker(part: string): { no: number; rest: string } | undefined {
  const first = String.fromCodePoint(part.codePointAt(0) ?? 0);
  const no = circledNumber(first);
  return no === undefined ? undefined : { no, rest: part.slice(first.length).trim() };
}

/** Splits an action cell holding ①…②… at its markers; one part when it holds one action. */
function splitActions(text: string): string[] {
  const parts = text.split(MARKER_AT_LINE).map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? parts : [text.trim()];
}

export function createGoalTableAssembler(): RowSink & { finish(): AssembledDocument } {
  const doc: AssembledDocument = { form: "goalTable", fiscalYearLabel: null, headingDepartment: null, goalIndex: [], sheets: [] };
  let office = "";
  let section: SourcedText | undefined;
  let header: Row | undefined;
  let columns: Column[] = [];
  let goal: Goal | undefined;

  /** The section after the office; none when no section heading was read (MISSING_FIELD then says so). */
  const departmentOf = (): SourcedText => {
    const d = emptyText();
    if (section) append(d, [office, section.text].filter(Boolean).join(" "), section.sources);
    return d;
  };

  const noteTitle = (text: string): void => {
    const year = FISCAL_YEAR_LABEL.exec(text);
    if (year && doc.fiscalYearLabel === null) doc.fiscalYearLabel = year[0].replace(/[\s\u3000]+/gu, "");
    const o = OFFICE_IN_TITLE.exec(text.replace(/[\s\u3000]+/gu, " "));
    if (o?.[1] && office === "") office = o[1].trim();
  };

  const newItem = (g: Goal, no: number): AssembledItem => {
    const item: AssembledItem = { no, fields: Object.fromEntries(ITEM_FIELDS.map((f) => [f, emptyText()])) as Record<ItemField, SourcedText> };
    g.sheet.items.push(item);
    g.current = item;
    return item;
  };

  const push = (row: Row): void => {
    const cells = nonEmpty(row);
    if (cells.length === 0) return;
    const only = cells.length === 1 ? (cells[0] as Cell) : undefined;
    const text = only?.text.trim() ?? "";

    // Above a page's first table (furniture to the PDF reader) stand the title and the first
    // section's heading; below its last, page numbers and running footers.
    if (row.furniture) {
      const heading = sectionIn(only);
      if (heading) {
        section = heading;
        goal = undefined;
      } else if (doc.sheets.length === 0) noteTitle(cells.map((c) => c.text).join(" "));
      return;
    }
    const found = headerColumns(row);
    if (found) {
      // A header repeated on the next page keeps the section and the goal under way.
      header = row;
      columns = found;
      return;
    }
    if (only && PAGE_NUMBER.test(text)) return;
    // A section heading: above its table, or in the table's first row (one merged cell).
    const heading = sectionIn(only);
    if (heading) {
      section = heading;
      goal = undefined;
      return;
    }
    if (!header) {
      // Before the first table: the document's title and headings.
      noteTitle(cells.map((c) => c.text).join(" "));
      return;
    }
    const byColumn = cellsByColumn(row, header, columns);
    const priority = byColumn.get("priority");
    const goalCell = byColumn.get("goal");
    // Where the table has a 順位 column, a number there opens a goal, and goal text without one
    // continues the goal above (its cell wrapped into the next row); without the column, goal text does.
    const numbered = priority !== undefined && /^[0-9０-９一二三四五六七八九十]+\s*位?$/u.test(priority.text.trim());
    const hasPriorityColumn = columns.some((c) => c.key === "priority");
    if (goal && goalCell && hasPriorityColumn && !numbered) {
      appendContinued(goal.sheet.header.title ?? (goal.sheet.header.title = emptyText()), goalCell.text.trim(), [goalCell.source]);
      byColumn.delete("goal");
    }
    const opens = hasPriorityColumn ? numbered : goalCell !== undefined;
    if (opens) {
      const sheet: AssembledSheet = { header: {}, items: [], remarks: {}, sources: [], unassigned: [] };
      sheet.header.department = departmentOf();
      if (priority) sheet.header.priority = { text: priority.text.trim(), sources: [priority.source] };
      const title = emptyText();
      if (goalCell) append(title, goalCell.text.trim().replace(GOAL_CIRCLE, ""), goalCell.source);
      sheet.header.title = title;
      doc.sheets.push(sheet);
      goal = { sheet, current: undefined };
    } else if (goal && goalCell === undefined && priority === undefined && byColumn.size === 0) {
      for (const c of byColumn.stray) goal.sheet.unassigned.push({ text: c.text.trim(), sources: [c.source] });
      return;
    }
    if (!goal) {
      // Rows of a table before any goal: nothing to hold them.
      return;
    }
    const g = goal;
    for (const c of cells) g.sheet.sources.push(c.source);
    for (const c of byColumn.stray) g.sheet.unassigned.push({ text: c.text.trim(), sources: [c.source] });

    // Actions: ①② (in rows of their own or in one cell), one ・ action, or one unnumbered action. An
    // unnumbered action cell under an action already open continues it (cut by a page break).
    const action = byColumn.get("action");
    let continuing = action === undefined;
    const rowItems: AssembledItem[] = [];
    if (action) {
      const others = ITEM_FIELDS.some((f) => f !== "action" && byColumn.has(f));
      const parts = splitActions(action.text);
      for (const part of parts) {
        const marker = leadingMarker(part);
        const bullet = /^[・･]/u.test(part);
        // A marker alone in an otherwise empty row (③ left blank) is no action.
        if (marker && marker.rest === "" && !others && parts.length === 1) continue;
        if (!marker && !bullet && g.current && !opens) {
          appendContinued(g.current.fields.action, part, [action.source]);
          continuing = true;
          continue;
        }
        const last = g.sheet.items[g.sheet.items.length - 1];
        const item = newItem(g, marker?.no ?? (last ? last.no + 1 : 1));
        rowItems.push(item);
        append(item.fields.action, marker ? marker.rest : part.replace(/^[・･]\s*/u, ""), action.source);
        continuing = false;
      }
    } else if (!g.current && ITEM_FIELDS.some((f) => f !== "action" && byColumn.has(f))) {
      rowItems.push(newItem(g, 1));
      continuing = false;
    }
    // The row's other cells go to its actions: split alike when they carry the same ①② parts,
    // else to the row's first action (or, on a continued row, to the action it continues).
    const target = rowItems[0] ?? g.current;
    if (!target) return;
    for (const f of ITEM_FIELDS) {
      if (f === "action") continue;
      const c = byColumn.get(f);
      if (!c) continue;
      const parts = splitActions(c.text);
      const markers = parts.map(leadingMarker);
      if (rowItems.length > 1 && parts.length === rowItems.length && markers.every((m) => m !== undefined)) {
        markers.forEach((m, i) => append((rowItems[i] as AssembledItem).fields[f], m?.rest ?? "", c.source));
      } else if (continuing) appendContinued(target.fields[f], c.text, [c.source]);
      else append(target.fields[f], c.text, c.source);
    }
  };

  return { push, finish: () => doc };
}
