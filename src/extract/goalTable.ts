// The goal-table form of earlier years (CONTRACT.md "Two layout families"): under the document's
// title (「平成25年度 ○○地域自治センターの各課の課題・目標」), one table per section (課), its name
// printed above the table or in its first row; columns 順位 | 目標設定 | 取組項目及び方法・手段 | 期間・期限 |
// 数値目標 [| 中間報告 | 期末報告], found by their labels (GOAL_TABLE_LABELS) in any order. A goal cell
// spans the rows of its actions. Each goal becomes one sheet: department = the section (after the
// office the title names), priority = 順位, title = the goal without its ○, one item per action.
// It reads the same rows as the sheet assembler; the pipeline keeps whichever reading holds more.
//
// Rows that may be lines rather than table rows (every row outside a table, and a row of one cell
// inside one) are held until the next row says what they were: before a table's header row they
// are its leading lines (the document line, the title, a date, a running head, and the section's
// heading, the last of them that reads as one); before anything else they were rows of the table.
import type { Cell, CellSource, Row } from "./grid.js";
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

/** How headings are decorated: # lines, 【…】, ■/□/◆, （…）, a number before the name. */
const HEADING_DECORATION = /^(?:#{1,6}[\s\u3000]*)?(?:[0-9０-９]{1,2}[\s\u3000.．、)）]+|第[0-9０-９一二三四五六七八九十]{1,2}[\s\u3000]+)?(?:[■□◆◇●▼▽◎・][\s\u3000]*)?/u;
const BRACKETED = /^[(（【［〔<＜「『]\s*(.+?)\s*[)）】］〕>＞」』]$/u;
/** The office in the title: the word before の各課, or in brackets after it, that ends in an office word. */
const OFFICE_TITLE_WORD = /(?:^|[\s\u3000（(「【]|年度)([^\s\u3000（）()「」【】]{1,40}?(?:センター|総合支所|支所|事務所|出張所|庁舎|役場|本部|部|局))(?=の各|[\s\u3000]*各|[）)」】]|[\s\u3000]|$)/u;
/** The document's title in this form: a fiscal year and what the table lists. */
const TITLE_WORDS = /各課|各係|課題|目標|重点/u;
/** The only lengths this reader goes by, each with its reason. */
const LINE_LIMITS = {
  /**
   * A section's name: the longest printed (地域づくり推進室, 市民生活・福祉課) is under a dozen
   * characters; twice that leaves room for a sub-name in brackets and stops short of a sentence.
   */
  headingChars: 24,
  /** A meeting's 資料 line: 平成25年度 第1回真田地域協議会 資料 is 21 characters. */
  documentLineChars: 40,
} as const;
/**
 * A line that heads the document or its pages and is no section: a meeting's 資料 (平成25年度 第1回
 * 地域協議会 資料, 資料２). Short and no sentence: an action's tail (…説明会を開く。) is no 資料 line.
 */
const DOCUMENT_WORDS = /資料|第[0-9０-９一二三四五六七八九十]+回.*会/u;
const isDocumentLine = (t: string): boolean => DOCUMENT_WORDS.test(t) && !/[。、]/u.test(t) && [...t].length <= LINE_LIMITS.documentLineChars;
const DATE_LINE = /^(?:令和|平成|昭和|[0-9０-９]{4}年)?[\s\u3000]*(?:元|[0-9０-９]{1,2})?年?[\s\u3000]*[0-9０-９]{1,2}月(?:[\s\u3000]*[0-9０-９]{1,2}日)?(?:[\s\u3000]*(?:現在|作成|時点|付))?$/u;
const GOAL_CIRCLE = /^[○◯〇●◎]\s*/u;
/** A rank printed before a goal in its own cell: a number, then a ○ or a space. */
const RANK_BEFORE_GOAL = /^(第?[0-9０-９]{1,2}位?)(?:[.．、)）]?[\s\u3000]+|[.．、)）]?(?=[○◯〇●◎]))/u;
/** What a header's hint says and a section's name never does: what the column asks, or when. */
const HINT_WORDS = /何|どの|いつ|ように|まで|年度当初|月末|現在/u;
/** What 順位 prints: 1, １, 1位, 第1位, 一, and in some tables ① or (1). */
const PRIORITY_VALUE = /^(?:第?[0-9０-９一二三四五六七八九十]+\s*位?|[①-⑳]|[(（][0-9０-９]{1,2}[)）])$/u;

/** A 順位 cell's rank as the document's normalizer reads ranks (① → 1), else the text as printed. */
function rankText(printed: string): string {
  const t = printed.trim();
  const m = leadingMarker(t);
  return m && m.rest === "" ? String(m.no) : t;
}
/**
 * Where a cell holds several actions: a marker at the start of a line. The white space before it is
 * taken up to the line break only (the parts are trimmed): white space that ran over line breaks
 * was tried again from every break of a run of them, quadratic in the run.
 */
const NUMBERED_PART = /(?:^|\n)[^\S\n]*(?=[①-⑳㉑-㉟⑴-⒇]|[(（][0-9０-９]{1,2}[)）])/u;
const BULLET_PART = /(?:^|\n)[^\S\n]*(?=[・･])/u;

interface Column {
  key: GoalTableColumn;
  header: Cell;
  index: number;
}

interface Goal {
  sheet: AssembledSheet;
  /** The action the row's other cells belong to. */
  current: AssembledItem | undefined;
  /** Parts of other columns marked for an action not yet read (②6月 before ②'s row overleaf). */
  waiting: Array<{ no: number; field: ItemField; text: string; source: CellSource }>;
}

function nonEmpty(row: Row): Cell[] {
  return row.cells.filter((c) => c.text.trim() !== "");
}

const compactText = (t: string): string => t.normalize("NFKC").replace(/[\s\u3000]+/gu, "");

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
 * The second row of a header printed over two rows in a dump (順 | 目標設定 … above 位 | (年度当初) …):
 * every cell stands under a header cell and is a hint in brackets, the rest of the label above or
 * more words of it, or the rest of its hint cut by a page break. The header with the two rows
 * joined, else undefined.
 */
function headerContinued(header: Row, row: Row): Row | undefined {
  const cells = header.cells.map((c) => ({ ...c }));
  let joined = 0;
  let lone: string | undefined;
  for (const [i, cell] of row.cells.entries()) {
    const text = cell.text.trim();
    if (text === "") continue;
    // A cell across several columns is a row of its own (a section's name in brackets), not a
    // header cell's second line.
    if (cells.filter((h, k) => sameColumn(h, k, cell, i)).length !== 1) return undefined;
    const at = cells.findIndex((h, k) => sameColumn(h, k, cell, i));
    const above = cells[at];
    if (!above) return undefined;
    // A hint (年度当初), the rest of a label (順 | 位), or more words of the same label (取組項目及び |
    // 方法・手段): the labels match by their start, so a value under one (期間・期限 | 10月) must not pass.
    const hint = /^[(（][^()（）]*[)）]$/u.test(text);
    const together = `${above.text}${text}`;
    const aboveKey = matchGoalTableHeader(above.text);
    const rest = aboveKey === undefined && matchGoalTableHeader(together) !== undefined;
    const more = aboveKey !== undefined && matchGoalTableHeader(text) === aboveKey;
    // The rest of a hint a page break cut (期間・期限(いつ・いつまで | に)): it closes the bracket above.
    const closes = /[(（][^)）]*$/u.test(above.text) && /^[^(（]*[)）]/u.test(text);
    if (!hint && !rest && !more && !closes) return undefined;
    if (hint && at === 0) lone = text;
    above.text = together;
    joined++;
  }
  // A bracketed line alone under the first column is a section's name （産業振興）, unless it says
  // what a hint says: what a column asks or when (何を, どのように, どの水準まで, いつ, 年度当初, 9月末).
  if (joined === 1 && lone !== undefined && !HINT_WORDS.test(lone)) return undefined;
  return joined > 0 ? { ...header, cells } : undefined;
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

/** What a line outside the tables is. */
type LineKind =
  | { kind: "title"; text: string }
  | { kind: "furniture" }
  | { kind: "heading"; name: string; cell: Cell }
  | { kind: "other" };

/** A heading's name with its decoration (#, 【】, ■, a number) taken off, else undefined. */
function headingName(raw: string, labelsChecked = true): string | undefined {
  let text = raw.trim().replace(HEADING_DECORATION, "").trim();
  const inner = BRACKETED.exec(text);
  if (inner?.[1]) text = inner[1].trim();
  if (text === "" || text.includes("\n") || [...text].length > LINE_LIMITS.headingChars) return undefined;
  // A name starts with a kanji or kana, not a particle; an action's tail, a sentence or a marker is no heading.
  if (!/^[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]/u.test(text) || /^[をにがはのでとへもや]/u.test(text)) return undefined;
  if (/[。、，,：:]/u.test(text) || /(?:する|します|した|ます|です|ている|こと)$/u.test(text)) return undefined;
  if (circledNumber(text[0] ?? "") !== undefined) return undefined;
  // A section is named without a year (平成24年度 is a title's or a 資料 line's).
  if (FISCAL_YEAR_LABEL.test(text)) return undefined;
  // A label is no heading (the dearest test, left for last; classifyLine makes it once per row).
  if (labelsChecked && (matchHeaderLabel(text) || matchGoalTableHeader(text))) return undefined;
  return text;
}

const YEAR_LABELS = new RegExp(FISCAL_YEAR_LABEL.source, "gu");

function classifyText(text: string, office: string): LineKind["kind"] | "heading-text" | "date" {
  const t = text.trim().replace(/^#{1,6}[\s\u3000]*/u, "");
  if (t === "" || PAGE_NUMBER.test(t)) return "furniture";
  if (DATE_LINE.test(t)) return "date";
  // Nothing but a year: the head of a title or 資料 line the layout parted from its rest.
  if (t.replace(YEAR_LABELS, "").trim() === "") return "furniture";
  if (TITLE_WORDS.test(t) && FISCAL_YEAR_LABEL.test(t)) return "title";
  if (isDocumentLine(t) || (office !== "" && compactText(t) === compactText(office))) return "furniture";
  return headingName(t, false) !== undefined ? "heading-text" : "other";
}

/**
 * What a held row is, as lines: the title, furniture (資料, a date, a page number, the office's
 * name), a section heading (alone, or beside a running head: 地域振興課 … 資料1), or other text.
 * A PDF's layout may lay several short lines above a table side by side as one row (the heading
 * at the left, the title in the middle, the 資料 line at the right, each a cell): each cell is read
 * as the line it is, the title from the cells that together read as one (平成25年度 | 真田…の各課の課題・目標).
 */
function classifyLine(row: Row, office: string): LineKind[] {
  const cells = nonEmpty(row);
  const numbered = numberedHeading(cells);
  if (numbered) return [numbered];
  // The title's pieces are sought only where the row has a year and a title's words at all; a row
  // of a table (a budget book's) is otherwise left at its first piece that is no line.
  const whole = cells.map((c) => c.text).join(" ");
  const mayHoldTitle = TITLE_WORDS.test(whole) && FISCAL_YEAR_LABEL.test(whole);
  // The lines of each cell, each on its own: a column of lines above a table comes as one cell.
  const pieces: Array<{ text: string; cell: Cell }> = [];
  for (const cell of cells) {
    for (const text of linesOf(cell.text)) {
      // Without a title to find, the row is no line once a piece is other text (a table's row).
      if (!mayHoldTitle && classifyText(text, office) === "other") return [{ kind: "other" }];
      pieces.push({ text, cell });
    }
  }
  let title: { from: number; to: number; text: string } | undefined;
  for (let length = 1; mayHoldTitle && length <= pieces.length && !title; length++) {
    for (let from = 0; from + length <= pieces.length && !title; from++) {
      const text = pieces.slice(from, from + length).map((p) => p.text).join(" ");
      if (classifyText(text, office) === "title") title = { from, to: from + length, text };
    }
  }
  const out: LineKind[] = title ? [{ kind: "title", text: title.text }] : [];
  const rest = pieces.filter((_, i) => !title || i < title.from || i >= title.to);
  // Read piece by piece, and no further than a second heading or other text (a row of a table):
  // the row is then no line, whatever the rest holds.
  const kinds: Array<ReturnType<typeof classifyText>> = [];
  for (const p of rest) {
    const k = classifyText(p.text, office);
    kinds.push(k);
    if (k === "other" || (k === "heading-text" && kinds.filter((x) => x === "heading-text").length > 1)) return [...out, { kind: "other" }];
  }
  if (kinds.every((k) => k === "furniture" || k === "date")) return out.length > 0 ? out : [{ kind: "furniture" }];
  const headings = kinds.flatMap((k, i) => (k === "heading-text" ? [i] : []));
  // Beside a heading only a running head, a page number or the title, and the heading first on
  // its line (a row of the table, an action and its month, is no heading).
  const piece = rest[headings[0] ?? -1];
  const cell = piece?.cell;
  // First on its line, or after its number only (1 | 福祉課, parted by the layout).
  const before = cell ? row.cells.slice(0, row.cells.indexOf(cell)) : [];
  const first = cells.length === 1 || cell === row.cells[0] || (before.length === 1 && numberedHeading([before[0] as Cell, cell as Cell]) !== undefined);
  // A date stands beside a heading only among the lines above a table (a row of the table may be
  // an action and its month).
  const besideOk = (k: string): boolean => k === "heading-text" || k === "furniture" || (k === "date" && (row.furniture === true || title !== undefined));
  if (piece && cell && headings.length === 1 && first && kinds.every(besideOk)) {
    const name = headingName(piece.text.replace(/^#{1,6}[\s\u3000]*/u, ""));
    if (name !== undefined) return [...out, { kind: "heading", name, cell }];
  }
  return [...out, { kind: "other" }];
}

/**
 * A cell's lines, and a 資料 line's end where the layout ran the next line into it (第1回地域協議会資料
 * and 地域振興課 stacked at a column's left, the first line the column's widest: read as one wrapped).
 */
function linesOf(text: string): string[] {
  if (!text.includes("\n") && !text.includes("資料")) return [text.trim()];
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .flatMap((line) => {
      if (!line.includes("資料")) return [line];
      const m = /^(.*?資料[\s\u3000]*(?:[0-9０-９]+|[一二三四五六七八九十]+)?)[\s\u3000]*(.+)$/u.exec(line);
      return m?.[1] && m[2] && isDocumentLine(m[1]) && headingName(m[2]) !== undefined ? [m[1], m[2]] : [line];
    });
}

/**
 * A numbered heading the PDF's layout parted into its number and its name (1 | 福祉課): two cells
 * on one line, the number just before the name (a table's 順位 and goal cells stand a rule apart).
 */
function numberedHeading(cells: Cell[]): LineKind | undefined {
  const [num, text] = cells;
  if (cells.length !== 2 || !num || !text || num.source.kind !== "pdf" || text.source.kind !== "pdf") return undefined;
  if (!/^[0-9０-９]{1,2}[.．、)）]?$/u.test(num.text.trim())) return undefined;
  const a = num.source.boxes[0]?.bbox;
  const b = text.source.boxes[0]?.bbox;
  if (!a || !b || b[0] - a[2] > a[3] - a[1]) return undefined;
  const name = headingName(text.text);
  return name === undefined ? undefined : { kind: "heading", name, cell: text };
}

/** A circled or bracketed number at the start of a part, run straight into its text or not (①真田氏…, (1)…). */
function leadingMarker(part: string): { no: number; rest: string } | undefined {
  const text = part.trimStart();
  const first = String.fromCodePoint(text.codePointAt(0) ?? 0);
  const no = circledNumber(first);
  if (no !== undefined) return { no, rest: text.slice(first.length).trim() };
  const bracketed = /^[(（]([0-9０-９]{1,2})[)）]/u.exec(text);
  if (bracketed?.[1]) return { no: Number(bracketed[1].normalize("NFKC")), rest: text.slice(bracketed[0].length).trim() };
  return undefined;
}

/** Splits a cell holding ①…②… (or ・…・…) at its markers; one part when it holds one action. */
function splitActions(text: string): string[] {
  // Bullets part actions only where nothing is numbered: under ① they list the action's points.
  const at = NUMBERED_PART.test(text) ? NUMBERED_PART : BULLET_PART;
  const parts = text.split(at).map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? parts : [text.trim()];
}

const pageOf = (row: Row): number | undefined => {
  for (const c of row.cells) if (c.source.kind === "pdf") return c.source.boxes[0]?.page;
  return undefined;
};

export function createGoalTableAssembler(): RowSink & { finish(): AssembledDocument } {
  const doc: AssembledDocument = { form: "goalTable", fiscalYearLabel: null, headingDepartment: null, goalIndex: [], sheets: [] };
  let office = "";
  let section: SourcedText | undefined;
  let header: Row | undefined;
  let columns: Column[] = [];
  /** The header row was the last row: the next may be its second row. */
  let headerJustRead = false;
  let goal: Goal | undefined;
  /** Rows that may be lines, waiting for the next row to say what they were. */
  let held: Row[] = [];
  /** A page ended since the last table row: a header now is the one the page repeats. */
  let pageTurned = false;
  let lastPage: number | undefined;
  /** Table rows before any goal of their table, and that table's header. */
  let orphans: Row[] = [];
  /** Which table the rows belong to: a header repeated overleaf goes on with the same table. */
  let tableNo = 0;
  let orphansTable = -1;

  /** The section after the office; none when no heading was read (MISSING_FIELD then says so). */
  const departmentOf = (): SourcedText => {
    const d = emptyText();
    if (!section) return d;
    const name = office !== "" && !compactText(section.text).startsWith(compactText(office)) ? `${office} ${section.text}` : section.text;
    append(d, name, section.sources);
    return d;
  };

  /** The titles read so far: one printed again (at a page's head) is furniture. */
  const titles = new Set<string>();
  /**
   * Whether a held row inside a table that reads as a title is rather one of its rows (an action's
   * line 平成25年度の目標を…): a title seen before is a running head, a first one inside a table is
   * placed as a row (and reported if it fits none), never dropped.
   */
  const titleIsRow = (row: Row, line: LineKind): boolean =>
    line.kind === "title" && header !== undefined && !row.furniture && !titles.has(compactText(line.text));

  const noteTitle = (text: string): void => {
    titles.add(compactText(text));
    // A cell may hold the 資料 line above the title (one column of the lines above a table).
    const lines = text.split("\n");
    const own = lines.find((l) => FISCAL_YEAR_LABEL.test(l) && TITLE_WORDS.test(l)) ?? text;
    const flat = own.replace(/^#{1,6}[\s\u3000]*/u, "").replace(/[\s\u3000]+/gu, " ");
    const year = FISCAL_YEAR_LABEL.exec(flat);
    if (year && doc.fiscalYearLabel === null) doc.fiscalYearLabel = year[0].replace(/[\s\u3000]+/gu, "");
    const rest = flat.replace(new RegExp(FISCAL_YEAR_LABEL.source, "gu"), " ");
    const o = OFFICE_TITLE_WORD.exec(rest);
    if (o?.[1] && office === "" && !/^各/u.test(o[1])) office = o[1].trim();
  };

  /** Parts still waiting for their action when the goal ends went into no field: said so. */
  const closeGoal = (): void => {
    if (goal) for (const w of goal.waiting) goal.sheet.unassigned.push({ text: w.text, sources: [w.source] });
    if (goal) goal.waiting = [];
  };

  const newItem = (g: Goal, no: number): AssembledItem => {
    const item: AssembledItem = { no, fields: Object.fromEntries(ITEM_FIELDS.map((f) => [f, emptyText()])) as Record<ItemField, SourcedText> };
    g.sheet.items.push(item);
    g.current = item;
    for (const w of g.waiting.filter((x) => x.no === no)) append(item.fields[w.field], w.text, w.source);
    g.waiting = g.waiting.filter((x) => x.no !== no);
    return item;
  };

  /** A row of the table under the current header. */
  const tableRow = (row: Row, placed?: Map<GoalTableColumn, Cell>): void => {
    if (!header) return;
    const cells = nonEmpty(row);
    pageTurned = false;
    const byColumn = placed ? Object.assign(placed, { stray: [] as Cell[] }) : cellsByColumn(row, header, columns);
    const hasPriorityColumn = columns.some((c) => c.key === "priority");
    let goalCell = byColumn.get("goal");
    // Without a 順位 column a goal may carry its rank (1 ○地域内分権の推進, １．○…).
    const ranked = !hasPriorityColumn && goalCell ? RANK_BEFORE_GOAL.exec(goalCell.text.trim()) : null;
    let priority = byColumn.get("priority");
    if (ranked?.[1] && goalCell) {
      priority = { text: ranked[1], source: goalCell.source };
      goalCell = { text: goalCell.text.trim().slice(ranked[0].length), source: goalCell.source };
    }
    const goalTitle = goalCell?.text.trim().replace(GOAL_CIRCLE, "") ?? "";
    const numbered = priority !== undefined && PRIORITY_VALUE.test(priority.text.trim());
    // A goal whose cells are printed again in each of its action rows is the same goal.
    const sameGoal =
      goal !== undefined &&
      (hasPriorityColumn ? numbered && priority !== undefined && compactText(rankText(priority.text)) === compactText(goal.sheet.header.priority?.text ?? "") : true) &&
      goalCell !== undefined &&
      compactText(goalTitle) === compactText(goal.sheet.header.title?.text ?? "");
    if (sameGoal) {
      byColumn.delete("priority");
      byColumn.delete("goal");
    } else if (goal && goalCell && hasPriorityColumn && !numbered) {
      // Goal text without a number continues the goal above (its cell wrapped into the next row).
      appendContinued(goal.sheet.header.title ?? (goal.sheet.header.title = emptyText()), goalTitle, [goalCell.source]);
      byColumn.delete("goal");
    }
    const opens = !sameGoal && (hasPriorityColumn ? numbered : goalCell !== undefined);
    if (opens) {
      const sheet: AssembledSheet = { header: {}, items: [], remarks: {}, sources: [], unassigned: [] };
      sheet.header.department = departmentOf();
      if (priority) sheet.header.priority = { text: rankText(priority.text), sources: [priority.source] };
      const title = emptyText();
      if (goalCell) append(title, goalTitle, goalCell.source);
      sheet.header.title = title;
      doc.sheets.push(sheet);
      closeGoal();
      goal = { sheet, current: undefined, waiting: [] };
    }
    if (!goal) {
      if (orphans.length === 0) orphansTable = tableNo;
      // A row before any goal of its table (Chromium may print a centred goal cell split by a
      // page break under the table): held for the goal that opens next.
      orphans.push(row);
      return;
    }
    const g = goal;
    if (opens && orphans.length > 0) {
      const waiting = orphans;
      orphans = [];
      // Rows of the same table waiting for a goal are its first actions (the goal's cell printed
      // lower, centred in rows a page break split); rows of another table are placed nowhere, and said so.
      if (orphansTable === tableNo) for (const r of waiting) tableRow(r);
      else for (const r of waiting) for (const c of nonEmpty(r)) g.sheet.unassigned.push({ text: c.text.trim(), sources: [c.source] });
    }
    for (const c of cells) g.sheet.sources.push(c.source);
    for (const c of byColumn.stray) g.sheet.unassigned.push({ text: c.text.trim(), sources: [c.source] });
    if (!opens && !sameGoal && priority && !numbered) g.sheet.unassigned.push({ text: priority.text.trim(), sources: [priority.source] });

    // Actions: ①② or (1)(2) (in rows of their own or in one cell), ・ each, or one unnumbered action.
    // Unnumbered text under an action already open continues it (a row a page break cut), unless
    // the row prints its goal again: then it is the goal's next action.
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
        if (!marker && !bullet && g.current && !opens && !sameGoal) {
          appendContinued(g.current.fields.action, part, [action.source]);
          continuing = true;
          continue;
        }
        const last = g.sheet.items[g.sheet.items.length - 1];
        const item = newItem(g, marker?.no ?? (last ? last.no + 1 : 1));
        rowItems.push(item);
        append(item.fields.action, marker ? marker.rest : part.replace(/^[・･][\s\u3000]*/u, ""), action.source);
        continuing = false;
      }
    } else if (!g.current && ITEM_FIELDS.some((f) => f !== "action" && byColumn.has(f))) {
      rowItems.push(newItem(g, 1));
      continuing = false;
    }
    // The row's other cells go to its actions: by their markers when they carry them (①10月 ②6月),
    // else to the row's first action (or, on a continued row, to the action it continues).
    const target = rowItems[0] ?? g.current;
    if (!target) return;
    for (const f of ITEM_FIELDS) {
      if (f === "action") continue;
      const c = byColumn.get(f);
      if (!c) continue;
      const parts = splitActions(c.text);
      const markers = parts.map(leadingMarker);
      const marked = markers.every((m) => m !== undefined) && (parts.length > 1 || rowItems.length > 1 || markers[0]?.no !== target.no);
      if (marked) {
        // Each part to the action of its number; a part whose action is not open yet (its row
        // goes on overleaf: ① here, ②③ there) waits for it.
        markers.forEach((m) => {
          if (!m) return;
          const item = [...g.sheet.items].reverse().find((it) => it.no === m.no);
          if (item) append(item.fields[f], m.rest, c.source);
          else g.waiting.push({ no: m.no, field: f, text: m.rest, source: c.source });
        });
      } else if (continuing) appendContinued(target.fields[f], c.text, [c.source]);
      else append(target.fields[f], c.text, c.source);
    }
  };

  /** The held rows before a header row: the section's heading among them, the rest lines or rows of the table above. */
  const settleBeforeHeader = (): void => {
    const lines = held.flatMap((row) => classifyLine(row, office).map((line) => ({ row, line })));
    held = [];
    // Whether the page turned before this header: rows of the page before, placed below, do not change it.
    const turned = pageTurned;
    const asRows = new Set(lines.filter(({ row, line }) => titleIsRow(row, line)).map(({ row }) => row));
    for (const { line } of lines) if (line.kind === "title") noteTitle(line.text);
    // The heading is the last line that reads as one with only furniture (資料, page numbers) after it.
    let at = -1;
    for (let i = lines.length - 1; i >= 0; i--) {
      const kind = (lines[i] as (typeof lines)[number]).line.kind;
      if (kind === "heading") {
        at = i;
        break;
      }
      if (kind !== "furniture") break;
    }
    // Rows before it that are no lines were the table's above (a last action of one cell).
    const before = at >= 0 ? lines.slice(0, at) : lines;
    const replayed = new Set<Row>();
    for (const { row, line } of before) {
      if (replayed.has(row) || !(line.kind === "other" || asRows.has(row) || (line.kind === "heading" && !row.furniture))) continue;
      replayed.add(row);
      replay(row);
    }
    const heading = lines[at]?.line;
    // The same heading over the header a page repeats (a heading in the table's head) goes on
    // with the section and its goal.
    const repeated = heading?.kind === "heading" && turned && section !== undefined && compactText(heading.name) === compactText(section.text);
    if (heading?.kind === "heading" && !repeated) {
      section = { text: heading.name, sources: [heading.cell.source] };
      closeGoal();
      goal = undefined;
      tableNo++;
    } else if (!turned && !repeated) {
      // A new table on the same page with no heading over it: a section whose name was not read.
      section = undefined;
      closeGoal();
      goal = undefined;
      tableNo++;
    }
  };

  /**
   * A held row that turned out to be a row of the table (or text outside any). A row the PDF's
   * layout put outside the tables is the table's only when it reads as a goal's row under its
   * columns: a number under 順位 and a goal, or a numbered action.
   */
  const replay = (row: Row): void => {
    if (!header) return;
    if (row.furniture) {
      const floating = floatingGoal(row);
      if (floating) return tableRow(row, floating);
      const byColumn = cellsByColumn(row, header, columns);
      const opensGoal = PRIORITY_VALUE.test(byColumn.get("priority")?.text.trim() ?? "") && byColumn.has("goal");
      const numberedAction = leadingMarker(byColumn.get("action")?.text ?? "") !== undefined;
      if (!opensGoal && !numberedAction) return;
    }
    tableRow(row);
  };

  /**
   * A goal's rank and text alone in a row, outside the table's cells, while the table's rows wait
   * for a goal (Chromium paints a centred goal cell that a page break split under the table; Calc
   * leaves such a merged cell open, its text among the free text): their boxes say nothing of their
   * columns, so the rank is 順位 and the other text the goal.
   */
  const floatingGoal = (row: Row): Map<GoalTableColumn, Cell> | undefined => {
    let cells = nonEmpty(row);
    // The layout may give the two as one cell (１ ○冬期の除雪体制の確保).
    const glued = cells.length === 1 ? /^(\S+)[\s\u3000]+(\S.*)$/su.exec((cells[0] as Cell).text.trim()) : null;
    if (glued?.[1] && glued[2] && PRIORITY_VALUE.test(glued[1])) {
      const { source } = cells[0] as Cell;
      cells = [{ text: glued[1], source }, { text: glued[2], source }];
    }
    if (orphans.length === 0 || cells.length !== 2 || !columns.some((c) => c.key === "priority")) return undefined;
    const rank = cells.find((c) => PRIORITY_VALUE.test(c.text.trim()));
    const text = cells.find((c) => c !== rank);
    if (!rank || !text || classifyText(text.text, office) === "furniture") return undefined;
    return new Map<GoalTableColumn, Cell>([["priority", rank], ["goal", text]]);
  };

  const flushHeld = (): void => {
    const rows = held;
    held = [];
    for (const row of rows) {
      const lines = classifyLine(row, office);
      const asRow = lines.some((l) => titleIsRow(row, l));
      for (const line of lines) if (line.kind === "title" && !header) noteTitle(line.text);
      if (asRow || lines.some((l) => l.kind === "other" || l.kind === "heading")) replay(row);
    }
  };

  const push = (row: Row): void => {
    const cells = nonEmpty(row);
    if (cells.length === 0) return;
    const page = pageOf(row);
    if (page !== undefined && lastPage !== undefined && page !== lastPage) pageTurned = true;
    if (page !== undefined) lastPage = page;
    if (cells.length === 1 && PAGE_NUMBER.test((cells[0] as Cell).text.trim())) {
      pageTurned = true;
      return;
    }
    const found = headerColumns(row);
    if (found) {
      settleBeforeHeader();
      header = row;
      columns = found;
      headerJustRead = true;
      return;
    }
    if (headerJustRead && header) {
      headerJustRead = false;
      const joined = headerContinued(header, row);
      const again = joined && headerColumns(joined);
      if (joined && again) {
        header = joined;
        columns = again;
        return;
      }
    }
    headerJustRead = false;
    // A goal's rank and text printed outside its table while rows wait for a goal are that goal
    // (not a numbered heading: 1 | 文化財の保護と継承 is the goal those rows are under).
    const floating = floatingGoal(row);
    if (floating) {
      flushHeld();
      tableRow(row, floating);
      return;
    }
    // Outside a table every row may be a line; inside one, a row of one cell (a heading, or an
    // action's last row) may be.
    if (!header) {
      keepLeading(row);
      return;
    }
    if (row.furniture || cells.length === 1 || classifyLine(row, office).some((l) => l.kind === "heading")) {
      held.push(row);
      return;
    }
    // A heading held right before a row that opens a goal starts a section though no header row
    // follows it (one table for every section, each named in a row of its own).
    if (headingBeforeGoal(row)) settleBeforeHeader();
    else flushHeld();
    tableRow(row);
  };

  /**
   * Before the first table only the title and the last heading matter (no row there is a table's):
   * a row that is neither a heading nor furniture drops what was held, so that a document with no
   * goal table (a 400-page budget book) holds nothing.
   */
  const keepLeading = (row: Row): void => {
    const lines = classifyLine(row, office);
    for (const line of lines) if (line.kind === "title") noteTitle(line.text);
    const last = lines[lines.length - 1]?.kind;
    if (last === "heading") held = [row];
    else if (last === "furniture" && held.length > 0) held.push(row);
    else held = [];
  };

  /** Whether the last held row is a section's heading, first on its line, that `row` follows. */
  const headingBeforeGoal = (row: Row): boolean => {
    // The last held row that is no running head or page number (a page may break right under a heading).
    const last = [...held].reverse().find((r) => !classifyLine(r, office).every((l) => l.kind === "furniture"));
    if (!last || !header) return false;
    const line = classifyLine(last, office).at(-1);
    if (line?.kind !== "heading" || line.cell !== last.cells[0]) return false;
    // A heading no row of the table could be: a cell across the table's columns, or a name in a
    // heading's dress (【…】, ■, #). A plain name in one cell must be followed by a goal's row.
    const { cell } = line;
    const across = header.cells.filter((h, k) => sameColumn(h, k, cell, 0)).length > 1 && cell.source.kind === "pdf";
    const dressed = headingName(cell.text) !== cell.text.trim();
    if (across || dressed) return true;
    const byColumn = cellsByColumn(row, header, columns);
    return columns.some((c) => c.key === "priority") ? PRIORITY_VALUE.test(byColumn.get("priority")?.text.trim() ?? "") : byColumn.has("goal");
  };

  const finish = (): AssembledDocument => {
    // What is held at the end: the title of a document with no table, or the last rows of the last table.
    flushHeld();
    closeGoal();
    const last = doc.sheets[doc.sheets.length - 1];
    if (last) for (const r of orphans) for (const c of nonEmpty(r)) last.unassigned.push({ text: c.text.trim(), sources: [c.source] });
    return doc;
  };

  return { push, finish };
}
