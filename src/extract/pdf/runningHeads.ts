// Running heads and feet, told by repetition: a line among a page's first or last rows that stands
// with the same words at the same height on the page before or after it (a department's name, 取扱
// 注意, 上田市, page N of M) is the page's furniture, wherever the tables are. The layout can only
// call free text above or below a page's ruled tables furniture; a page without rules, or a head
// printed inside the area a table runs on in, would put the head's words into a field. Pages are
// compared with their neighbours as they come, one page held back: O(rows) a page.
import { matchHeaderLabel, matchItemHeader } from "../labels.js";
import { matchItemMarker } from "../markers.js";
import type { Row } from "../grid.js";

/** Why each constant has its value. */
export const RUNNING_HEADS = {
  /** Rows above a page's first labelled row, and below its last, where a head or a foot may stand (a head, a date, a title line). */
  marginRows: 3,
  /** How far apart (points) two pages may print one head: the same template puts it at the same place. */
  tolerance: 3,
  /** The longest line taken for a head or foot: a department with its section, a document's name. */
  maxChars: 40,
  /** Cells a head's row may have: a head and a title or a date beside it, never a table row's values. */
  maxCells: 2,
} as const;

interface Candidate {
  row: Row;
  key: string;
  /** The top of the row's first box, PDF points. */
  top: number;
}

/** A row a sheet's table holds: a header label, an item header or an item marker. */
function holdsLabels(row: Row): boolean {
  return row.cells.some((c) => c.text.trim() !== "" && (matchHeaderLabel(c.text) !== undefined || matchItemHeader(c.text) !== undefined || matchItemMarker(c.text) !== undefined));
}

/** The top and bottom of a row's boxes, PDF points (y up); undefined for a row without boxes. */
function extent(row: Row): { top: number; bottom: number } | undefined {
  let top = -Infinity;
  let bottom = Infinity;
  for (const c of row.cells) {
    if (c.source.kind !== "pdf") continue;
    for (const b of c.source.boxes) {
      top = Math.max(top, b.bbox[3]);
      bottom = Math.min(bottom, b.bbox[1]);
    }
  }
  return top === -Infinity ? undefined : { top, bottom };
}

function candidates(rows: Row[]): Candidate[] {
  // By height on the page, not by order: a page of two sheets side by side hands over one sheet's
  // rows after the other's, and a head above the second comes after the first sheet's labels.
  const nonEmpty = rows
    .filter((r) => r.cells.some((c) => c.text.trim() !== ""))
    .map((row) => ({ row, at: extent(row) }))
    .filter((r): r is { row: Row; at: { top: number; bottom: number } } => r.at !== undefined)
    .sort((a, b) => b.at.top - a.at.top);
  const { marginRows } = RUNNING_HEADS;
  // Heads stand above a page's first labelled row, feet below its last: the rows between are the
  // sheet's, and its values repeat at one height on pages printed from one template (the same
  // department on every sheet). A page of continued values alone has only its first and last row.
  const labelled = nonEmpty.filter((r) => holdsLabels(r.row));
  const labelsTop = Math.max(...labelled.map((r) => r.at.top));
  const labelsBottom = Math.min(...labelled.map((r) => r.at.bottom));
  const above = nonEmpty.filter((r) => r.at.bottom >= labelsTop);
  const below = nonEmpty.filter((r) => r.at.top <= labelsBottom);
  const edge =
    labelled.length === 0
      ? nonEmpty.length <= 2 ? nonEmpty.map((r) => r.row) : [nonEmpty[0]!.row, nonEmpty[nonEmpty.length - 1]!.row]
      : [...above.slice(-marginRows), ...below.slice(0, marginRows)].map((r) => r.row);
  const out: Candidate[] = [];
  for (const row of edge) {
    const cells = row.cells.filter((c) => c.text.trim() !== "");
    // A head is a line of a word or two; a table's row of values repeats its 通年 at one height.
    if (cells.length > RUNNING_HEADS.maxCells) continue;
    // Each cell on its own: a head may share its line with the title on one page and not the next.
    for (const cell of cells) {
      const compactText = cell.text.replace(/[\s\u3000]+/gu, "");
      if (compactText.length < 2 || compactText.length > RUNNING_HEADS.maxChars) continue;
      const box = cell.source.kind === "pdf" ? cell.source.boxes[0]?.bbox : undefined;
      if (!box) continue;
      out.push({ row, key: compactText.normalize("NFKC").replace(/[0-9]+/gu, "#"), top: box[3] });
    }
  }
  return out;
}

/** Marks as furniture the candidates of two neighbouring pages that repeat each other. */
function markRepeats(a: Candidate[], b: Candidate[]): void {
  for (const x of a) {
    for (const y of b) {
      if (x.key !== y.key || Math.abs(x.top - y.top) > RUNNING_HEADS.tolerance) continue;
      x.row.furniture = true;
      y.row.furniture = true;
    }
  }
}

/**
 * A sink for pages of rows that hands each page on once the next has been seen (or at the end),
 * its running heads and feet marked.
 */
export function createRunningHeadFilter(forward: (rows: Row[]) => void): { page(rows: Row[]): void; finish(): void } {
  let held: { rows: Row[]; candidates: Candidate[] } | undefined;
  return {
    page(rows) {
      const next = { rows, candidates: candidates(rows) };
      if (held) {
        markRepeats(held.candidates, next.candidates);
        forward(held.rows);
      }
      held = next;
    },
    finish() {
      if (held) forward(held.rows);
      held = undefined;
    },
  };
}
