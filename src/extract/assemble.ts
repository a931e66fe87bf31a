// Grid → sheets, by labels and markers. The assembler walks the rows once: a 重点目標 label opens a
// sheet, header labels fill header fields, a ①②… marker opens an item row, 特記事項 and its ○
// labels fill the remarks. It never looks at column counts alone: dumps miss and double tabs.
import type { Cell, CellSource, Grid, Row } from "./grid.js";
import {
  findRemarkLabels,
  matchHeaderLabel,
  matchGluedLabel,
  textAfterItemLabel,
  matchHeaderLabelPrefix,
  itemHeaderWordsIn,
  textInsidePrintedLabel,
  matchItemHeader,
  TITLE_LINE,
  TITLE_LINE_MAX,
  type HeaderKey,
} from "./labels.js";
import { matchItemMarker, type ItemMarker } from "./markers.js";
import { continuesPhrase, opensParagraph } from "./paragraphs.js";
import { ITEM_FIELDS, REMARK_FIELDS, type ItemField, type RemarkField } from "../model/index.js";

/** A field's text and the cells it came from. */
export interface SourcedText {
  text: string;
  sources: CellSource[];
}

export interface AssembledItem {
  no: number;
  fields: Record<ItemField, SourcedText>;
}

export interface AssembledSheet {
  /** Header fields by key (title, department, priority, alignment.*, situation, purpose). */
  header: Partial<Record<Exclude<HeaderKey, "remarks" | "fiscalYear">, SourcedText>>;
  items: AssembledItem[];
  remarks: Partial<Record<RemarkField, SourcedText>>;
  /** Sources of every cell the sheet was read from (for its page list). */
  sources: CellSource[];
  /**
   * Text inside the sheet that went into no field and is no label, heading or running head: what
   * the reader could not place (an UNASSIGNED_TEXT warning each).
   */
  unassigned: SourcedText[];
  /** Item cells that stand over two columns of the item table's header (columns the reader did not part). */
  mixed?: SourcedText[];
}

export interface AssembledDocument {
  /** Which assembler read it: the sheet form, or the goal-table form of earlier years. */
  form: "sheet" | "goalTable";
  /** The fiscal year as printed (令和2年度), from the document's title or headings. */
  fiscalYearLabel: string | null;
  /** From a heading before the first sheet (# 市民まちづくり推進部…), if any. */
  headingDepartment: string | null;
  /** The printed index of goals (## 令和2年度 重点目標, - 1 …). */
  goalIndex: string[];
  sheets: AssembledSheet[];
}

export const FISCAL_YEAR_LABEL =
  /(?:令和|平成|昭和|R|H)[\s\u3000]*(?:元|[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[\s\u3000]*年度|(?:19|20|１９|２０)[0-9０-９]{2}[\s\u3000]*年度/u;
export const PAGE_NUMBER = /^[-－‐―–—\s\u3000]*(?:[0-9０-９]+|[0-9０-９]+\s*[/／]\s*[0-9０-９]+|P\.?\s*[0-9]+)[-－‐―–—\s\u3000]*$/u;
// The index's lines: a heading (# …), a numbered entry (1. …, - 1 …) and a bullet (- …). Each is
// its head and separators, then the rest of the line (afterHead): as `^head(.*)$` would read them,
// without letting `.*` and the separators share white space (a failing match tried every split).
const INDEX_HEADING = /^#{1,6}\s*()/u;
const INDEX_ENTRY = /^(?:[-*・•]\s*)?([0-9０-９]{1,2})([\s\u3000.．、)）:：]+)/u;
const BULLET_ENTRY = /^[-*・•](\s+)/u;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/u;

/**
 * The rest of `text` after `head` (anchored; its last group the separator run it ends with), as
 * `head(.+)$` reads it: the text after the longest separator run, which must hold no line break;
 * when the run ends the text, its last character (what that pattern's backtracking gives the rest).
 * `minRest` 0 reads `head(.*)$`. Undefined where that pattern would not match.
 */
function afterHead(text: string, head: RegExp, minRest = 1): { head: RegExpExecArray; rest: string } | undefined {
  const m = head.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m[0].length);
  if (LINE_TERMINATOR.test(rest)) return undefined;
  if (rest.length >= minRest) return { head: m, rest };
  const run = m[m.length - 1] ?? "";
  const last = run.slice(-1);
  if (run.length < 2 || LINE_TERMINATOR.test(last)) return undefined;
  return { head: m, rest: last };
}

type Section = "header" | "items" | "remarks";

interface ItemLayout {
  /** Index of the cell holding the marker in the last item row. */
  markerCell: number;
  /** The marker had its own cell (values start after it) rather than starting the first value. */
  ownCell: boolean;
}

/**
 * Values by the column of the cell they were noted at, for asking `sameColumn` of many cells: a
 * dump's cells by index (one lookup), a PDF's by their boxes (a scan; a PDF row has a few cells).
 * The first value noted in a column wins, as a search over the cells in order would find it. (A
 * search over every cell for every cell was quadratic in a dump line of many tabs.)
 */
class ColumnLookup<T> {
  private readonly byIndex = new Map<number, T>();
  private readonly boxed: Array<{ cell: Cell; index: number; value: T }> = [];

  add(cell: Cell, index: number, value: T): void {
    if (cell.source.kind === "line") {
      if (!this.byIndex.has(index)) this.byIndex.set(index, value);
    } else this.boxed.push({ cell, index, value });
  }

  find(cell: Cell, index: number): T | undefined {
    if (cell.source.kind === "line") return this.byIndex.get(index);
    for (const b of this.boxed) if (sameColumn(b.cell, b.index, cell, index)) return b.value;
    return undefined;
  }
}

class SheetBuilder {
  readonly sheet: AssembledSheet = { header: {}, items: [], remarks: {}, sources: [], unassigned: [] };
  section: Section = "header";
  /** Cells of the item table's header row, to tell doubled tabs from empty cells. */
  itemHeader: Row | undefined;
  /** The row that opened the sheet (its 重点目標 row): where its table stands before its items. */
  openedBy: Row | undefined;
  layout: ItemLayout | undefined;
  /** The field last written, for continuation lines. */
  last: SourcedText | undefined;
  /** The item table's columns in the order its header row names them. */
  itemOrder: ItemField[] = [...ITEM_FIELDS];
  /** Header cells of the item table that name no item field (an extra column): their cells are placed nowhere. */
  foreignColumns = new ColumnLookup<true>();
  /** Labels printed above their values (a row of labels, then a row of values), by column. */
  pendingLabels: Array<{ key: HeaderKey; column: number }> | undefined;
  /** The label of the row last read, when it held one label: a label cut into two rows goes on it. */
  lastLabel: { key: HeaderKey; text: string } | undefined;
  /** The remark field last written, for remarks continued on the next row. */
  lastRemark: RemarkField | undefined;
  /** Which remark each cell of the 特記事項 row held, for a row continued on the next page. */
  remarkColumns = new ColumnLookup<RemarkField>();

  addSources(row: Row): void {
    for (const c of row.cells) if (c.text !== "") this.sheet.sources.push(c.source);
  }

  /** Text the sheet holds but no field takes: kept, to be reported. */
  unplaced(cell: Cell): void {
    if (cell.text.trim() !== "") this.sheet.unassigned.push({ text: cell.text.trim(), sources: [cell.source] });
  }
}

export function emptyText(): SourcedText {
  return { text: "", sources: [] };
}

export function append(target: SourcedText, text: string, source: CellSource | CellSource[]): void {
  const t = text.trim();
  if (t === "") return;
  target.text = target.text === "" ? t : `${target.text}\n${t}`;
  for (const s of Array.isArray(source) ? source : [source]) target.sources.push(s);
}

const ENDS_PARAGRAPH = /[。．.！!？?」』）)]$/u;

/**
 * Appends the rest of a cell that a page break cut: in a PDF the cut falls inside a paragraph
 * unless the part before it ends a sentence, so it joins like a wrapped line.
 */
export function appendContinued(target: SourcedText, text: string, sources: CellSource[]): void {
  const t = text.trim();
  if (t === "") return;
  if (!sources.some((s) => s.kind === "pdf")) {
    append(target, t, sources);
    return;
  }
  target.text = continuedText(target.text, t);
  target.sources.push(...sources);
}

/** Text a page broke, joined: a wrap (a space between two Latin words), or a new paragraph after a sentence's end. */
function continuedText(before: string, after: string): string {
  if (before === "" || after === "") return before + after;
  if ((ENDS_PARAGRAPH.test(before) || opensParagraph(before, after)) && !continuesPhrase(before, after)) return `${before}\n${after}`;
  const space = /[A-Za-z0-9]$/.test(before) && /^[A-Za-z0-9]/.test(after) ? " " : "";
  return `${before}${space}${after}`;
}

function nonEmptyIndex(row: Row): number {
  return row.cells.findIndex((c) => c.text.trim() !== "");
}

/**
 * The label in a column or the nearest one to its left (the first noted where a column has two),
 * by a binary search over the columns: a filter and sort of every label for every cell was
 * quadratic in a row of many labels.
 */
function nearestLeft<L extends { column: number }>(labels: L[]): (column: number) => L | undefined {
  const first = new Map<number, L>();
  for (const l of labels) if (!first.has(l.column)) first.set(l.column, l);
  const columns = [...first.keys()].sort((a, b) => a - b);
  return (column) => {
    let lo = 0;
    let hi = columns.length - 1;
    let found: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = columns[mid] as number;
      if (c <= column) {
        found = c;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found === undefined ? undefined : first.get(found);
  };
}

/** Assembles a whole grid (a text dump's, or a PDF's rows collected). */
export function assemble(grid: Grid): AssembledDocument {
  const assembler = createAssembler();
  for (const row of grid.rows) assembler.push(row);
  return assembler.finish();
}

/** What the assembler needs from a reader: rows in reading order, one at a time. */
export interface RowSink {
  push(row: Row): void;
}

/**
 * The assembler as a sink for rows as a reader produces them: a PDF's rows are handed over page by
 * page and dropped once read, so memory holds what sheets took, not every page of a long document.
 */
export function createAssembler(): RowSink & { finish(): AssembledDocument } {
  const doc: AssembledDocument = { form: "sheet", fiscalYearLabel: null, headingDepartment: null, goalIndex: [], sheets: [] };
  let builder: SheetBuilder | undefined;
  const builders: SheetBuilder[] = [];
  // Item rows and remarks before the first sheet opens.
  const orphans: Cell[] = [];
  // Lines above or below a page's tables inside sheets, until it is known which repeat.
  const margins: Array<{ builder: SheetBuilder | undefined; row: Row; key: string; page: number | undefined }> = [];
  let indexOpen = false;

  const openSheet = (): SheetBuilder => {
    builder = new SheetBuilder();
    builders.push(builder);
    doc.sheets.push(builder.sheet);
    return builder;
  };

  const noteDocumentLine = (text: string): boolean => {
    const yearLabel = FISCAL_YEAR_LABEL.exec(text);
    if (yearLabel && doc.fiscalYearLabel === null && (TITLE_LINE.test(text) || /重点目標|^#/u.test(text))) {
      doc.fiscalYearLabel = yearLabel[0].replace(/[\s\u3000]+/gu, "");
    }
    return TITLE_LINE.test(text);
  };

  const pushNow = (row: Row): void => {
    const first = nonEmptyIndex(row);
    if (first < 0) return;
    const nonEmpty = row.cells.filter((c) => c.text.trim() !== "");
    const firstCell = row.cells[first] as Cell;
    const single = nonEmpty.length === 1;

    // Text above or below a page's tables once a sheet has begun: a title line or a page number,
    // or a running head if the same words stand so on another page (decided at the end). A row
    // there with a label or a marker is the sheet's own, outside the rules the page drew (a table
    // whose rules the reader did not see as such): read as any row. Before the first sheet such
    // lines may be the index or a heading.
    if (row.furniture && !holdsSheetText(row)) {
      const text = nonEmpty.map((c) => c.text.trim()).join(" ");
      if (builder) {
        if (noteDocumentLine(text) || PAGE_NUMBER.test(text) || runningHeadLike(nonEmpty)) return;
        margins.push({ builder, row, key: runningHeadKey(text), page: pageOf(row) });
        return;
      }
      // Before the first sheet: counted for the running heads it may repeat, and read on below.
      margins.push({ builder: undefined, row, key: runningHeadKey(text), page: pageOf(row) });
    }

    // A title printed with wide spaces comes from a PDF as several cells: read it as one line.
    if (!single && nonEmpty.every((c) => matchHeaderLabel(c.text) === undefined && !matchItemMarker(c.text))) {
      const joined = nonEmpty.map((c) => c.text.trim()).join(" ");
      if (TITLE_LINE.test(joined) && joined.length < TITLE_LINE_MAX && noteDocumentLine(joined)) return;
    }

    // Document-level lines: the title (令和2年度 重点目標管理シート), headings, the index, page numbers.
    if (single) {
      const text = firstCell.text.trim();
      if (PAGE_NUMBER.test(text)) return;
      // (A long text that names the form is a value: 「重点目標管理シートの様式を見直し…」.)
      if ((!builder || text.length < TITLE_LINE_MAX) && noteDocumentLine(text)) return;
      if (!builder) {
        const heading = afterHead(text, INDEX_HEADING, 0);
        if (heading) {
          const body = heading.rest.trim();
          noteDocumentLine(body);
          if (/重点目標|目標一覧|重点取組/u.test(body)) indexOpen = true;
          else if (doc.headingDepartment === null && body !== "" && !FISCAL_YEAR_LABEL.test(body)) {
            doc.headingDepartment = body;
          }
          return;
        }
        const entry = afterHead(text, INDEX_ENTRY);
        const bullet = afterHead(text, BULLET_ENTRY);
        const numbered = entry && (indexOpen || Number(entry.head[1]?.normalize("NFKC")) === doc.goalIndex.length + 1);
        if (numbered && entry.rest && matchHeaderLabel(text) === undefined) {
          doc.goalIndex.push(entry.rest.trim());
          return;
        }
        if (indexOpen && bullet?.rest) {
          doc.goalIndex.push(bullet.rest.trim());
          return;
        }
      }
    }

    // A 重点目標 label opens a new sheet, and so does a header label the current sheet already has
    // (a sheet whose title row is missing still starts where its labels start again).
    const { pairs: allPairs, leading } = readHeaderPairs(row, first);
    // A 年度 cell names the document's year wherever it stands (before the first sheet too).
    for (const pair of allPairs.filter((p) => p.key === "fiscalYear")) {
      const value = pair.values.map((v) => v.text.trim()).join(" ");
      if (doc.fiscalYearLabel === null && value !== "") doc.fiscalYearLabel = (FISCAL_YEAR_LABEL.exec(value)?.[0] ?? value).replace(/[\s\u3000]+/gu, "");
    }
    const headerPairs = allPairs.filter((p) => p.key !== "fiscalYear" || p.values.length === 0);
    // A label the layout cut into two rows (現況・ | 課題, a narrow label cell whose value ended
    // before the label did): the second part, joined to the first, reads as the same label. It
    // goes on the row above; it opens no sheet and names no field twice.
    const firstPair = headerPairs[0];
    const lastLabel = builder?.lastLabel;
    if (builder) builder.lastLabel = undefined;
    if (builder && firstPair && headerPairs.length === 1 && lastLabel && firstPair.column === first && lastLabel.key === firstPair.key &&
      matchHeaderLabel(`${lastLabel.text}${firstPair.label}`) === firstPair.key && matchHeaderLabel(lastLabel.text) === firstPair.key) {
      const field = builder.sheet.header[firstPair.key as Exclude<HeaderKey, "remarks" | "fiscalYear">];
      if (field && firstPair.key !== "remarks" && firstPair.key !== "fiscalYear") {
        builder.addSources(row);
        lastLabel.text += firstPair.label;
        builder.lastLabel = lastLabel;
        for (const v of firstPair.values) appendContinued(field, v.text, [v.source]);
        return;
      }
    }
    // …and a rest spaced out into cells of its own at the row's start (課 | 題 under 現　況　・: 課
    // alone reads as 部局名's label): it names nothing and opens no sheet. The cells after it, if
    // any, are the value's next lines (a label spaced down its cell beside a value of two lines).
    if (builder && lastLabel && matchHeaderLabel(lastLabel.text) === lastLabel.key) {
      const filled = row.cells.filter((c) => c.text.trim() !== "");
      const field = lastLabel.key === "remarks" || lastLabel.key === "fiscalYear" ? undefined : builder.sheet.header[lastLabel.key];
      for (let k = filled.length; k >= 2; k--) {
        const lead = filled.slice(0, k).map((c) => c.text.trim());
        const after = filled.slice(k);
        if (after.length > 0 && !field) break;
        if (!lead.every((t) => t.length <= 2) || matchHeaderLabel(`${lastLabel.text}${lead.join("")}`) !== lastLabel.key) continue;
        if (after.some((c) => matchHeaderLabel(c.text) !== undefined || matchHeaderLabelPrefix(c.text) !== undefined)) break;
        builder.addSources(row);
        lastLabel.text += lead.join("");
        builder.lastLabel = lastLabel;
        for (const c of after) if (field) appendContinued(field, c.text, [c.source]);
        return;
      }
    }
    const opensSheet =
      headerPairs.some((p) => p.key === "title") ||
      (headerPairs.length > 0 &&
        headerPairs.every((p) => p.key !== "remarks" && p.key !== "fiscalYear") &&
        (!builder || headerPairs.some((p) => p.key !== "remarks" && p.key !== "fiscalYear" && builder?.sheet.header[p.key]?.text)));
    if (opensSheet) {
      const b = openSheet();
      b.openedBy = row;
      // A sheet's rows read before any sheet opened (its 重点目標 row was not read as one): no
      // field takes them, and the sheet after them says so.
      for (const cell of orphans) b.unplaced(cell);
      orphans.length = 0;
    }
    if (!builder) {
      if (holdsSheetText(row)) orphans.push(...row.cells.filter((c) => matchItemHeader(c.text) === undefined));
      return;
    }
    const itemHeaders = row.cells.map((c) => matchItemHeader(c.text)).filter((k): k is ItemField => k !== undefined);
    // An item table's row, its header repeated, a row's rest or the remarks, beside this sheet's
    // table and not under it: the page holds sheets side by side, each running on over pages in its
    // own column. The row goes on the sheet whose table it stands under, if that sheet's table has
    // not ended (a sheet past its items ran before this one: pages printed two to a sheet, read left
    // then right).
    const current = builder;
    // A sheet whose items have not begun stands where the row that opened it stood: an item table's
    // row beside it is another sheet's.
    const table = current.itemHeader ?? (itemHeaders.length >= 3 || matchItemMarker(firstCell.text) ? current.openedBy : undefined);
    const goesOn = (current.section !== "header" || !current.itemHeader) && headerPairs.every((p) => p.key === "remarks");
    if (goesOn && table && !underTable(table, row)) {
      const owner = [...builders]
        .reverse()
        .find(
          (o) =>
            o !== current &&
            ((o.section === "items" && o.itemHeader && underTable(o.itemHeader, row) && (itemHeaders.length < 3 || underTable(row, o.itemHeader))) ||
              // A sheet beside it whose item table begins here, overleaf.
              (!o.itemHeader && o.openedBy && itemHeaders.length >= 3 && underTable(o.openedBy, row) && underTable(row, o.openedBy))),
        );
      if (owner) builder = owner;
    }
    if (itemHeaders.length >= 3 && builder !== current) {
      builder.addSources(row);
      builder.itemHeader = row;
      return;
    }
    const b: SheetBuilder = builder;
    b.addSources(row);

    // 特記事項 row (with or without its label: the ○ labels alone also say it).
    const remarksStart = remarksRowStart(row, first, headerPairs);
    if (remarksStart !== undefined) {
      readRemarks(b, row, remarksStart, false);
      b.section = "remarks";
      return;
    }

    // The item table's header row.
    if (itemHeaders.length >= 3) {
      b.section = "items";
      b.itemHeader = row;
      // Text under a label in its cell is no part of the label (a row the reader did not part from
      // the header): placed nowhere, and said so.
      for (const cell of row.cells) {
        const extra = matchItemHeader(cell.text) === undefined ? "" : textAfterItemLabel(cell.text);
        if (extra !== "") b.unplaced({ text: extra, source: cell.source });
        // A header cell naming two columns stands over both: the values under it run together.
        if (itemHeaderWordsIn(cell.text).length >= 2) (b.sheet.mixed ??= []).push({ text: cell.text.trim(), sources: [cell.source] });
      }
      // Columns in the order this template prints them (a template may leave one out).
      b.itemOrder = [...new Set(itemHeaders)];
      b.foreignColumns = foreignHeaderCells(row);
      return;
    }

    // An item row.
    const marker = matchItemMarker(firstCell.text);
    const markerCounts = marker && (b.section === "items" || /^[^\d０-９(（]/u.test(firstCell.text.trim()));
    if (marker && markerCounts && headerPairs.length === 0) {
      b.section = "items";
      readItem(b, row, first, marker);
      return;
    }

    if (headerPairs.length > 0) {
      for (const cell of leading) b.unplaced(cell);
      for (const pair of headerPairs) {
        if (pair.key === "remarks") continue;
        if (pair.key === "fiscalYear") continue;
        // A value's word set among the label's characters belongs to no field: said so.
        const inside = textInsidePrintedLabel(pair.label);
        const labelCell = row.cells[pair.column];
        if (inside !== undefined && labelCell) b.unplaced({ text: inside, source: labelCell.source });
        const field = (b.sheet.header[pair.key] ??= emptyText());
        for (const v of pair.values) append(field, v.text, v.source);
        b.last = field;
      }
      const lastPair = headerPairs[headerPairs.length - 1];
      b.lastLabel = headerPairs.length === 1 && lastPair ? { key: lastPair.key, text: lastPair.label } : undefined;
      // A row of labels with no values: the values are in the row below, column by column.
      b.pendingLabels =
        headerPairs.length >= 2 && headerPairs.every((p) => p.values.length === 0)
          ? headerPairs.map((p) => ({ key: p.key, column: p.column }))
          : undefined;
      return;
    }

    if (b.pendingLabels && b.section === "header") {
      const labels = b.pendingLabels;
      b.pendingLabels = undefined;
      const labelAt = nearestLeft(labels);
      row.cells.forEach((cell, i) => {
        if (cell.text.trim() === "") return;
        // The label in the same column, else the nearest one to the left.
        const label = labelAt(i) ?? labels[0];
        if (!label || label.key === "remarks") {
          b.unplaced(cell);
          return;
        }
        if (label.key === "fiscalYear") {
          doc.fiscalYearLabel ??= cell.text.trim();
          return;
        }
        const field = (b.sheet.header[label.key] ??= emptyText());
        append(field, cell.text, cell.source);
        b.last = field;
      });
      return;
    }

    // Rows without labels or markers continue what came before them.
    if (b.section === "items" && b.sheet.items.length === 0 && b.itemHeader && restsOfItemHeader(b.itemHeader, row)) {
      // The item header's last lines, a page overleaf (a row Writer broke inside 期間・期限（いつ・
      // いつまでに）): label text, no field's.
      return;
    }
    if (b.section === "items" && b.layout && b.sheet.items.length > 0) {
      readContinuation(b, row);
    } else if (b.section === "remarks") {
      readRemarks(b, row, first, true);
    } else if (b.last && b.section !== "items" && b.last !== b.sheet.header.priority) {
      for (const c of nonEmpty) appendContinued(b.last, c.text, [c.source]);
    } else {
      for (const c of nonEmpty) b.unplaced(c);
    }
  };

  // A header row is held back one row: a row the page broke (…アクションプログラム における on one
  // page, 位置付け on the next; まち・ひと・しごと創生総 | 合戦略における位置付け beside a label the
  // page left whole) has all its labels only when joined to the first row of the next page, column
  // by column.
  let held: Row | undefined;
  const push = (row: Row): void => {
    // A page's foot and the next page's head stand between a row the page broke and its rest.
    if (held && row.furniture && !holdsSheetText(row)) {
      pushNow(row);
      return;
    }
    if (held) {
      const before = held;
      held = undefined;
      // A row overleaf that goes on with the header row but whose cells straddle the row's cells
      // (a label cut in two that neither page parted from its value): where its text belongs is not
      // known, and it is placed nowhere, and said so, not run on in one of the row's fields.
      if (rowIsLabelless(row) && straddles(before, row)) {
        pushNow(before);
        if (builder?.section === "header") {
          for (const cell of row.cells) if (cell.text.trim() !== "") builder.unplaced(cell);
          return;
        }
        pushNow(row);
        return;
      }
      const joined = joinAcrossPage(before, row);
      if (joined) {
        pushNow(joined);
        return;
      }
      pushNow(before);
    }
    // (After a sheet's 特記事項 too: the next sheet's first row may be broken over the page, 重 | 部 |
    // 優 at its foot and 点目標 | 局名 | 先順位 overleaf.)
    if ((builder?.section === "header" || builder?.section === "remarks" || (builder !== undefined && opensRemarks(row))) && !row.furniture && pageOf(row) !== undefined && nonEmptyIndex(row) >= 0) {
      held = row;
      return;
    }
    pushNow(row);
  };
  const finish = (): AssembledDocument => {
    if (held) pushNow(held);
    held = undefined;
    // A running head stands on more than one page; a line in a page's margin printed once is
    // text of its sheet that no field took.
    const pagesOf = new Map<string, Set<number | undefined>>();
    for (const m of margins) (pagesOf.get(m.key) ?? pagesOf.set(m.key, new Set()).get(m.key))?.add(m.page);
    for (const m of margins) {
      if (!m.builder || (pagesOf.get(m.key)?.size ?? 0) >= 2) continue;
      for (const cell of m.row.cells) m.builder.unplaced(cell);
    }
    margins.length = 0;
    return doc;
  };

  return { push, finish };
}

/**
 * The longest line a page's margin holds that is taken for a running head or foot without being
 * seen on another page (a document of one page prints its 取扱注意, its city or its department once):
 * one cell, as long as a department's name with its section, no sentence in it. A sheet's own rows
 * the reader found outside its tables are longer, or several cells, or hold labels or punctuation.
 */
const RUNNING_HEAD_CHARS = 30;

function runningHeadLike(cells: Cell[]): boolean {
  const text = (cells[0] as Cell).text;
  // (Not a sentence's end or part: 支援しました。 at a page's head is the rest of a cell overleaf.)
  return cells.length === 1 && compactLength(text) <= RUNNING_HEAD_CHARS && !/[。、，．！？!?]/u.test(text);
}

function compactLength(text: string): number {
  return text.replace(/[\s\u3000]+/gu, "").length;
}

/**
 * Whether every cell of a row is the rest of the item header's label above it: joined to it, the
 * label reads as before with nothing after it (its hint's closing lines, に）: a few characters, twelve
 * at most, never a value).
 */
function restsOfItemHeader(header: Row, row: Row): boolean {
  const cells = row.cells.filter((c) => c.text.trim() !== "");
  if (cells.length === 0) return false;
  return cells.every((cell) => {
    const j = row.cells.indexOf(cell);
    const above = header.cells.find((h, i) => h.text.trim() !== "" && sameColumn(h, i, cell, j));
    if (!above) return false;
    const joined = `${above.text}\n${cell.text}`;
    const key = matchItemHeader(above.text);
    return key !== undefined && matchItemHeader(joined) === key && textAfterItemLabel(joined) === "" && compactLength(cell.text) <= 12;
  });
}

/** A running head's words, whatever page number or date it carries. */
function runningHeadKey(text: string): string {
  return text.normalize("NFKC").replace(/[\s\u3000]+/gu, "").replace(/[0-9]+/gu, "#");
}

/** Whether a row holds what only a sheet's own rows hold: a header label, an item marker or header, a remark label. */
function holdsSheetText(row: Row): boolean {
  const first = nonEmptyIndex(row);
  if (first < 0) return false;
  // A page number alone (1, 2 / 3) reads as an item's number too: in a page's margin it is the page's.
  if (PAGE_NUMBER.test(row.cells.map((c) => c.text.trim()).filter((t) => t !== "").join(" "))) return false;
  if (readHeaderPairs(row, first).pairs.length > 0) return true;
  return row.cells.some((c) => matchItemMarker(c.text) !== undefined || matchItemHeader(c.text) !== undefined || findRemarkLabels(c.text).length > 0);
}

/** The page a PDF row stands on, undefined for a dump's row. */
function pageOf(row: Row): number | undefined {
  for (const c of row.cells) if (c.source.kind === "pdf") return c.source.boxes[0]?.page;
  return undefined;
}

/** A row with text, and no header label, item marker or item header among its cells. */
function rowIsLabelless(row: Row): boolean {
  const first = nonEmptyIndex(row);
  if (first < 0) return false;
  if (readHeaderPairs(row, first).pairs.length > 0) return false;
  return row.cells.every((c) => matchItemMarker(c.text) === undefined && matchItemHeader(c.text) === undefined);
}

/** Whether a row is a sheet's 特記事項 row (its label, or its ○ labels at its start). */
function opensRemarks(row: Row): boolean {
  const first = nonEmptyIndex(row);
  return first >= 0 && remarksRowStart(row, first, readHeaderPairs(row, first).pairs) !== undefined;
}

/** Whether a cell of a PDF row overleaf lies over most of two cells of the row above or more. */
function straddles(above: Row, below: Row): boolean {
  if (pageOf(above) === undefined || pageOf(below) === undefined || (pageOf(below) ?? 0) <= (pageOf(above) ?? 0)) return false;
  const span = (c: Cell): [number, number] | undefined => {
    const box = c.source.kind === "pdf" ? c.source.boxes[0]?.bbox : undefined;
    return box ? [box[0], box[2]] : undefined;
  };
  return below.cells.some((cell) => {
    const b = span(cell);
    if (!b || cell.text.trim() === "") return false;
    const covered = above.cells.filter((c) => {
      const a = span(c);
      return a !== undefined && c.text.trim() !== "" && Math.min(a[1], b[1]) - Math.max(a[0], b[0]) > 0.5 * (a[1] - a[0]);
    });
    return covered.length >= 2;
  });
}

/**
 * The last row of a page and the first of the next joined cell by cell (each cell of the second
 * under one of the first), when the joined row has more header labels than the first and the
 * second had none (a row broken over a page, a label with it), or as many and the second has no
 * label (the row's values go on overleaf). Undefined otherwise: the second goes on as any
 * continued text.
 */
function joinAcrossPage(above: Row, below: Row): Row | undefined {
  const pageAbove = pageOf(above);
  const pageBelow = pageOf(below);
  if (pageAbove === undefined || pageBelow === undefined || pageBelow <= pageAbove || below.furniture) return undefined;
  // The row below goes on the one above when it has no label of its own, or when its label column
  // is empty under a label above (the rest of a cut label, 創生総合戦略における位置付け, reads
  // as a label by itself).
  const labelColumnEmpty = (below.cells[0]?.text.trim() ?? "") === "" && nonEmptyIndex(above) === 0;
  // …or when the row above has no label that reads as one: its labels were cut at the page's foot
  // (第三次上田市行財 | 政改革大綱・アクションプログラムにおける位置付け), and the joined row must read them.
  const aboveUnlabelled = rowIsLabelless(above);
  // …or when both halves read labels but the joined row reads more than either, each of its labels
  // begun above: a row the page cut through its labels (重 | 部 | 優 at the foot, 部 alone reading as
  // 部局名; 点目標 | 局名 | 先順位 overleaf).
  const bothLabelled = !rowIsLabelless(below) && !labelColumnEmpty && !aboveUnlabelled;
  // A 特記事項 row goes on overleaf only under its values: text under its label is the page's or
  // the next sheet's (a title line), not the rest of a remark.
  if (opensRemarks(above)) {
    const label = above.cells[nonEmptyIndex(above)];
    if (!label || below.cells.some((c, j) => c.text.trim() !== "" && sameColumn(label, 0, c, j))) return undefined;
  }
  const cells = above.cells.map((c) => ({ ...c }));
  for (const [j, cell] of below.cells.entries()) {
    if (cell.text.trim() === "") continue;
    const k = cells.findIndex((c, i) => sameColumn(c, i, cell, j));
    const target = cells[k];
    if (!target) return undefined;
    const boxes = [...(target.source.kind === "pdf" ? target.source.boxes : []), ...(cell.source.kind === "pdf" ? cell.source.boxes : [])];
    cells[k] = { text: continuedText(target.text.trim(), cell.text.trim()), source: { kind: "pdf", boxes } };
  }
  const joined: Row = { cells };
  const first = nonEmptyIndex(joined);
  if (first < 0) return undefined;
  const labelsAbove = readHeaderPairs(above, nonEmptyIndex(above)).pairs.length;
  const joinedPairs = readHeaderPairs(joined, first).pairs;
  const labelsJoined = joinedPairs.length;
  // Labels the row overleaf brings to a row above without any: each must have begun above (its
  // start in that cell), else the row above is a value's rest and the one overleaf a row of its own.
  if (aboveUnlabelled && !rowIsLabelless(below) && !joinedPairs.every((p) => (above.cells[p.column]?.text.trim() ?? "") !== "")) return undefined;
  if (bothLabelled) {
    // More labels than the two halves name between them (two rows of labels each, one on each
    // page, name four; joined they name no more).
    const named = new Set([...readHeaderPairs(above, nonEmptyIndex(above)).pairs, ...readHeaderPairs(below, nonEmptyIndex(below)).pairs].map((p) => p.key));
    const begunAbove = joinedPairs.every((p) => (above.cells[p.column]?.text.trim() ?? "") !== "");
    return begunAbove && new Set(joinedPairs.map((p) => p.key)).size > named.size ? joined : undefined;
  }
  // A label gained; or values that go on overleaf, each under its own (Writer breaks a row whose
  // value wraps: its last line is the next page's first row, under that value, not the row's last).
  return labelsJoined > labelsAbove || (labelsJoined === labelsAbove && labelsAbove > 0 && rowIsLabelless(below)) ? joined : undefined;
}

interface HeaderPair {
  key: HeaderKey;
  /** Index of the label's cell in the row. */
  column: number;
  /** The label as printed. */
  label: string;
  values: Cell[];
}

/** Labels that may stand inside a value cell when the separators between cells were lost. */
const INLINE_LABELS = new Set<HeaderKey>([
  "title",
  "department",
  "priority",
  "alignment.comprehensivePlan",
  "alignment.regionalStrategy",
  "alignment.reformProgram",
  "alignment.rebuildPlan",
]);

/**
 * A cell that holds labels between its words ("…の推進 部局名 こども未来部 優先順位 1位", when a PDF
 * or a dump lost the cell boundaries): the cell split at those labels, the labels their own cells.
 * A label run into its value (優先順位1位: nothing in a label reads like a rank) is split too.
 */
function splitInlineLabels(cell: Cell): Cell[] {
  // A cell that is one label, whatever the spacing between its characters (部　局　名, letter-spaced
  // or distributed across its cell), is that label, not words each read on its own (部 | 局 | 名).
  if (matchHeaderLabel(cell.text) !== undefined) return [cell];
  const tokens = cell.text.split(/([\s\u3000]+)/u);
  const out: Cell[] = [];
  let text = "";
  for (const token of tokens) {
    const key = token.trim() === "" ? undefined : matchHeaderLabel(token);
    const glued = token.trim() === "" || key !== undefined ? undefined : matchGluedLabel(token);
    if ((key !== undefined && INLINE_LABELS.has(key)) || glued) {
      if (text.trim() !== "") out.push({ text: text.trim(), source: cell.source });
      out.push({ text: glued?.label ?? token, source: cell.source });
      text = glued?.rest ?? "";
    } else text += token;
  }
  if (out.length === 0) return [cell];
  if (text.trim() !== "") out.push({ text: text.trim(), source: cell.source });
  return out;
}

/**
 * Label/value pairs of a header row: each label takes the non-empty cells up to the next label.
 * `leading` are the non-empty cells before the first label, which no label takes.
 */
function readHeaderPairs(row: Row, first: number): { pairs: HeaderPair[]; leading: Cell[] } {
  const pairs: HeaderPair[] = [];
  const leading: Cell[] = [];
  let current: HeaderPair | undefined;
  const cells = row.cells.flatMap((cell, column) => (column < first ? [] : splitInlineLabels(cell).map((c) => ({ cell: c, column }))));
  cells.forEach(({ cell, column }, i) => {
    const text = cell.text.trim();
    if (text === "") return;
    const key = matchHeaderLabel(text);
    if (key !== undefined) {
      current = { key, column, label: text, values: [] };
      pairs.push(current);
      return;
    }
    const prefix = i === 0 && pairs.length === 0 && !matchItemMarker(text) ? matchHeaderLabelPrefix(text) : undefined;
    if (prefix) {
      current = { key: prefix.key, column, label: text.slice(0, text.length - prefix.rest.length).trim(), values: [{ text: prefix.rest, source: cell.source }] };
      pairs.push(current);
      return;
    }
    if (current) current.values.push(cell);
    else leading.push(cell);
  });
  return { pairs, leading };
}

/** Header cells of a column the marker does not use either: 番号 / No. heads the marker column. */
const MARKER_COLUMN_HEADER = /^(?:No\.?|NO\.?|№|番号|項番|#|[(（]?[0-9０-９]+[)）]?)$/u;

/** Non-empty cells of an item header row that name no item field and are not the marker's column. */
function foreignHeaderCells(row: Row): ColumnLookup<true> {
  const foreign = new ColumnLookup<true>();
  row.cells.forEach((c, index) => {
    const t = c.text.trim();
    // A hint printed under its label in a cell of its own ((いつ・いつまでに)) heads no column.
    if (t !== "" && matchItemHeader(t) === undefined && !MARKER_COLUMN_HEADER.test(t.normalize("NFKC")) && !/^[(（].*[)）]$/su.test(t)) {
      foreign.add(c, index, true);
    }
  });
  return foreign;
}

/**
 * Whether an item cell on a PDF page lies over most of two or more of the header's labelled
 * columns: the reader did not part the columns (a table without rules), and the cell's text is two
 * fields' run together.
 */
function overTwoColumns(header: Row, cell: SourcedText): boolean {
  const box = cell.sources.length === 1 && cell.sources[0]?.kind === "pdf" ? cell.sources[0].boxes[0]?.bbox : undefined;
  if (!box) return false;
  let covered = 0;
  for (const h of header.cells) {
    const hb = h.source.kind === "pdf" ? h.source.boxes[0]?.bbox : undefined;
    if (!hb || matchItemHeader(h.text) === undefined) continue;
    const overlap = Math.min(hb[2], box[2]) - Math.max(hb[0], box[0]);
    if (overlap > 0.6 * (hb[2] - hb[0])) covered++;
  }
  return covered >= 2;
}

/** Horizontal extent of a PDF row's non-empty cells, undefined for a dump's row. */
function rowSpan(row: Row): [number, number] | undefined {
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const c of row.cells) {
    if (c.text.trim() === "" || c.source.kind !== "pdf") continue;
    for (const box of c.source.boxes) {
      x0 = Math.min(x0, box.bbox[0]);
      x1 = Math.max(x1, box.bbox[2]);
    }
  }
  return x1 > x0 ? [x0, x1] : undefined;
}

/** Whether a PDF row stands mostly within the span of a table's header row (true for dumps). */
function underTable(header: Row, row: Row): boolean {
  const h = rowSpan(header);
  const r = rowSpan(row);
  if (!h || !r) return true;
  return Math.min(h[1], r[1]) - Math.max(h[0], r[0]) > 0.5 * (r[1] - r[0]);
}

/** Whether a PDF cell stands under a header cell with no text, by their boxes. */
function underEmptyHeaderCell(header: Row, cell: Cell): boolean {
  return header.cells.some((h, k) => h.text.trim() === "" && h.source.kind === "pdf" && sameColumn(h, k, cell, k) && sameWidth(h, cell));
}

/** Whether two PDF cells span about the same width (the same column, not one inside the other's span). */
function sameWidth(a: Cell, b: Cell): boolean {
  const x = a.source.kind === "pdf" ? a.source.boxes[0]?.bbox : undefined;
  const y = b.source.kind === "pdf" ? b.source.boxes[0]?.bbox : undefined;
  if (!x || !y) return false;
  const overlap = Math.min(x[2], y[2]) - Math.max(x[0], y[0]);
  return overlap > 0.5 * Math.max(x[2] - x[0], y[2] - y[0]);
}

/** Whether two cells stand in one column: by their boxes on a PDF page, by index in a dump row. */
export function sameColumn(header: Cell, headerIndex: number, cell: Cell, cellIndex: number): boolean {
  if (header.source.kind === "pdf" && cell.source.kind === "pdf") {
    const h = header.source.boxes[0]?.bbox;
    const c = cell.source.boxes[0]?.bbox;
    if (!h || !c) return false;
    const overlap = Math.min(h[2], c[2]) - Math.max(h[0], c[0]);
    return overlap > 0.5 * Math.min(h[2] - h[0], c[2] - c[0]);
  }
  return header.source.kind === "line" && cell.source.kind === "line" && headerIndex === cellIndex;
}

/** Index of the first cell of a remarks row's content, or undefined when the row is not one. */
function remarksRowStart(row: Row, first: number, pairs: HeaderPair[]): number | undefined {
  const firstPair = pairs[0];
  if (firstPair?.key === "remarks") return first;
  const firstText = row.cells[first]?.text ?? "";
  const hits = findRemarkLabels(firstText);
  if (hits.length > 0 && (hits[0]?.start ?? 1) === 0) return first;
  return undefined;
}

function readRemarks(b: SheetBuilder, row: Row, start: number, continuing: boolean): void {
  // Pieces of text in reading order, with the ○ labels cut out and the 特記事項 label dropped.
  const pieces: Array<{ key: RemarkField | undefined; text: string; source: CellSource }> = [];
  let key: RemarkField | undefined;
  let sawLabel = false;
  row.cells.forEach((cell, i) => {
    if (i < start) return;
    let text = cell.text.trim();
    if (text === "" || matchHeaderLabel(text) === "remarks") return;
    const prefix = matchHeaderLabelPrefix(text);
    if (prefix?.key === "remarks") text = prefix.rest;
    // A continued row's cell goes where the same column of the 特記事項 row went: by position on
    // the page where there is one (a row continued on the next page need not repeat the label cell).
    if (continuing) key = b.remarkColumns.find(cell, i) ?? key;
    let at = 0;
    for (const hit of findRemarkLabels(text)) {
      const before = text.slice(at, hit.start).trim();
      if (before !== "") pieces.push({ key, text: before, source: cell.source });
      key = hit.key;
      sawLabel = true;
      at = hit.end;
    }
    const after = text.slice(at).trim();
    if (after !== "") pieces.push({ key, text: after, source: cell.source });
    if (!continuing && key) b.remarkColumns.add(cell, i, key);
  });
  if (!sawLabel && !continuing) {
    // No ○ labels printed: the first block is participation, the rest outcomes.
    pieces.forEach((p, i) => (p.key = i === 0 ? "participation" : "outcomes"));
  }
  for (const p of pieces) {
    const k = p.key ?? b.lastRemark ?? "participation";
    const field = (b.sheet.remarks[k] ??= emptyText());
    // A row continued below (or on the next page) goes on the paragraph it broke.
    if (continuing) appendContinued(field, p.text, [p.source]);
    else append(field, p.text, p.source);
    b.last = field;
    b.lastRemark = k;
  }
  if (sawLabel) b.lastRemark = key;
  for (const k of REMARK_FIELDS) b.sheet.remarks[k] ??= emptyText();
}

/** The five value cells of an item row (after its marker), with doubled tabs taken out. */
function itemValues(b: SheetBuilder, row: Row, layout: ItemLayout, rest: string | undefined, continuing = false): SourcedText[] {
  const values: Array<{ value: SourcedText; column: number }> = [];
  const header = b.itemHeader;
  row.cells.forEach((cell, i) => {
    // Text left of the marker column, or in it on a row no marker opens, is no item field's.
    if (i < layout.markerCell) {
      if (cell.text.trim() !== "") b.unplaced(cell);
      return;
    }
    // A column the header names as no item field: its text is placed nowhere, and said so.
    if (i > layout.markerCell && header && b.foreignColumns.find(cell, i) === true) {
      b.unplaced(cell);
      return;
    }
    if (i === layout.markerCell) {
      if (rest !== undefined) values.push({ value: { text: rest, sources: [cell.source] }, column: i });
      else if (!layout.ownCell) values.push({ value: { text: cell.text, sources: [cell.source] }, column: i });
      else if (continuing && cell.text.trim() !== "") b.unplaced(cell);
      return;
    }
    // An empty cell under an empty cell of the header, both placed on the page, is no column of
    // the table (a rule that parts 取組項目 in two): without it the columns after line up again.
    if (cell.text.trim() === "" && header && cell.source.kind === "pdf" && underEmptyHeaderCell(header, cell)) return;
    values.push({ value: { text: cell.text, sources: [cell.source] }, column: i });
  });
  const isEmpty = (v: SourcedText): boolean => v.text.trim() === "";
  while (values.length > 0 && isEmpty((values[values.length - 1] as (typeof values)[number]).value)) values.pop();

  const columns = b.itemOrder.length;
  const extra = values.length - columns;
  let kept = values;
  if (extra > 0) {
    // Doubled tabs: drop empty cells, first those under an empty header cell, each group right to left.
    const header = b.itemHeader;
    const headerEmpty = (column: number): boolean => (header?.cells[column]?.text.trim() ?? "") === "";
    const drop = new Set(
      values
        .map((v, i) => ({ i, column: v.column, empty: isEmpty(v.value) }))
        .filter((v) => v.empty)
        .sort((a, c) => Number(headerEmpty(c.column)) - Number(headerEmpty(a.column)) || c.i - a.i)
        .slice(0, extra)
        .map((e) => e.i),
    );
    kept = values.filter((_, i) => !drop.has(i));
  }
  const cells = kept.map((v) => v.value);
  if (header) {
    for (const cell of cells) if (cell.text.trim() !== "" && overTwoColumns(header, cell)) (b.sheet.mixed ??= []).push({ text: cell.text.trim(), sources: cell.sources });
  }
  if (cells.length > columns) {
    // More filled cells than the header has columns: an unlabelled column. Its text is no item
    // field's: reported (UNASSIGNED_TEXT), never glued onto 期末報告.
    for (const extra of cells.splice(columns)) {
      if (extra.text.trim() !== "") b.sheet.unassigned.push({ text: extra.text.trim(), sources: extra.sources });
    }
  }
  return cells;
}

function readItem(b: SheetBuilder, row: Row, first: number, found: ItemMarker): void {
  let marker = found;
  // A marker cell holding more markers (①\n②\n③): rows the reader could not part. The others are
  // no action text; they are placed nowhere, and said so.
  const markerCell = row.cells[first];
  const rest = marker.rest.split(/[\s\u3000]+/u).filter((l) => l !== "");
  if (markerCell && rest.length > 0 && rest.every((l) => matchItemMarker(l)?.rest === "")) {
    b.unplaced({ text: marker.rest, source: markerCell.source });
    marker = { ...marker, rest: "" };
  }
  const layout: ItemLayout = { markerCell: first, ownCell: marker.rest === "" };
  b.layout = layout;
  const cells = itemValues(b, row, layout, marker.rest === "" ? undefined : marker.rest);
  const fields = Object.fromEntries(ITEM_FIELDS.map((f) => [f, emptyText()])) as Record<ItemField, SourcedText>;
  b.itemOrder.forEach((f, i) => {
    const cell = cells[i];
    if (cell) append(fields[f], cell.text, cell.sources);
  });
  if (ITEM_FIELDS.every((f) => fields[f].text === "")) return;
  b.sheet.items.push({ no: marker.no, fields });
  for (const f of ITEM_FIELDS) if (fields[f].text !== "") b.last = fields[f];
}

/** A row with no marker inside the item table: the rest of the row above (a row broken over pages). */
function readContinuation(b: SheetBuilder, row: Row): void {
  const item = b.sheet.items[b.sheet.items.length - 1];
  const layout = b.layout;
  if (!item || !layout) return;
  const cells = itemValues(b, row, layout, undefined, true);
  b.itemOrder.forEach((f, i) => {
    const cell = cells[i];
    if (cell && cell.text.trim() !== "") {
      appendContinued(item.fields[f], cell.text, cell.sources);
      b.last = item.fields[f];
    }
  });
}
