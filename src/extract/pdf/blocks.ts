// Tables that stand side by side on one page (two sheets on an A3 landscape page, a stamp box beside
// a form) are read one after the other, left to right: laid out together, the rows of the two
// would be one grid, each row holding cells of both. A page parts at a white strip from top to
// bottom of its ruled content that no glyph, rule or shading crosses, where both sides hold ruled
// tables of their own. Text above or below all the rules (titles, running heads) goes to the side
// it stands on, a line whole. O(n log n) in the page's glyphs, rules and fills.
import type { Fill, Segment } from "./geometry.js";
import type { Glyph } from "./layout.js";
import { mergeIntervals } from "./layout.js";

export interface Block {
  glyphs: Glyph[];
  segments: Segment[];
  fills: Fill[];
  /**
   * Where the sheet's own text begins, when the page was parted by its sheets' labels (no rules
   * to say so): a line wholly above it (a running head) is the page's furniture.
   */
  sheetTop?: number;
}

/** Why each constant has its value (display space, points). */
export const SIDE_BY_SIDE = {
  /**
   * The least white between two tables for the page to part there: wider than any gap inside one
   * table's rules (rules of one table meet within a point), narrower than any margin between two
   * tables (8 mm = 23 pt in the 2-up renderings; a stamp box stands a few points off its form).
   */
  minGutter: 3,
  /** Rules a side needs to hold a table of its own: two each way close a box. */
  minRulesEachWay: 2,
  /**
   * Or, on a page with no vertical rule at all (tables ruled in rows only), row rules a side
   * needs: a sheet's header, item header, items and remarks draw five or more; two or three are
   * a rule under a heading and one over a footnote.
   */
  minRowRules: 4,
} as const;

/** Why each constant has its value (display space, points). */
export const SHARED_BORDER = {
  /** Rules closer than this across are one line (the layout's own SNAP). */
  snap: 2,
  /** Of the tables' height a border must run down to part them (a frame's sides run all of it). */
  minRun: 0.9,
  /**
   * At most this share of one side's row rules may stand level with the other's: one table's rows
   * run across its inner rules (every row rule on both sides, a cell spanning rows aside), two
   * tables' rows fall where their own texts end them.
   */
  maxSharedRows: 0.5,
  /**
   * Or each side has at least this many row rules the other lacks: one table's cell spanning rows
   * hides a row rule on one side only, and one such cell per side is still one table.
   */
  minOwnRows: 2,
} as const;

/**
 * Cuts where two ruled tables stand against each other with no white between (Writer's two-up: a
 * layout table's cells each holding a sheet): a vertical rule down the tables' whole height with
 * rows on each side that do not line up.
 */
function sharedBorders(segments: Segment[], top: number, bottom: number): number[] {
  const { snap, minRun, maxSharedRows, minOwnRows } = SHARED_BORDER;
  const verticals = segments.filter((s) => s.dir === "v").sort((a, b) => a.x0 - b.x0);
  const horizontals = segments.filter((s) => s.dir === "h");
  const out: number[] = [];
  for (let i = 0; i < verticals.length; ) {
    const x = (verticals[i] as Segment).x0;
    let j = i;
    const runs: Array<[number, number]> = [];
    while (j < verticals.length && (verticals[j] as Segment).x0 - x <= snap) {
      const v = verticals[j] as Segment;
      runs.push([v.y0 - snap, v.y1 + snap]);
      j++;
    }
    i = j;
    let covered = 0;
    for (const [p, q] of mergeIntervals(runs)) covered += Math.max(0, Math.min(q, bottom) - Math.max(p, top));
    if (covered < minRun * (bottom - top)) continue;
    const rowsOf = (side: Segment[]): number[] => {
      const ys: number[] = [];
      for (const h of side.map((s) => s.y0).sort((a, b) => a - b)) if (ys.length === 0 || h - (ys[ys.length - 1] as number) > snap) ys.push(h);
      return ys;
    };
    const left = rowsOf(horizontals.filter((h) => h.x1 <= x + snap && h.x0 < x - snap));
    const right = rowsOf(horizontals.filter((h) => h.x0 >= x - snap && h.x1 > x + snap));
    if (left.length < 2 || right.length < 2) continue;
    let shared = 0;
    for (const y of left) if (right.some((r) => Math.abs(r - y) <= snap)) shared++;
    // Rows each side has and the other lacks, where both have rows: one table's merged cells hide
    // row rules on one side of a column border only; two tables each end rows the other does not
    // (labels of one height line their first rows up, their texts part the rest).
    const from = Math.max(left[0] as number, right[0] as number);
    const to = Math.min(left[left.length - 1] as number, right[right.length - 1] as number);
    const only = (side: number[], other: number[]): number =>
      side.filter((y) => y >= from - snap && y <= to + snap && !other.some((r) => Math.abs(r - y) <= snap)).length;
    const interleaved = only(left, right) >= minOwnRows && only(right, left) >= minOwnRows;
    if (shared <= maxSharedRows * Math.min(left.length, right.length) || interleaved) out.push(x);
  }
  return out;
}

/** A glyph's vertical extent (ascent 0.85, descent 0.15 of its size about the baseline). */
const glyphTop = (g: Glyph): number => g.y - g.size * 0.85;
const glyphBottom = (g: Glyph): number => g.y + g.size * 0.15;

export function sideBySideBlocks(glyphs: Glyph[], segments: Segment[], fills: Fill[]): Block[] {
  return byRules(glyphs, segments, fills) ?? bySheetLabels(glyphs, segments, fills) ?? [{ glyphs, segments, fills }];
}

/** Where white runs down [top, bottom] across everything level with it: cuts at least minGutter wide. */
function whiteCuts(glyphs: Glyph[], segments: Segment[], fills: Fill[], top: number, bottom: number): number[] {
  const spans: Array<[number, number]> = [];
  for (const s of segments) if (s.y1 >= top && s.y0 <= bottom) spans.push([s.x0, s.x1]);
  for (const f of fills) if (f.y1 >= top && f.y0 <= bottom) spans.push([f.x0, f.x1]);
  for (const g of glyphs) if (glyphBottom(g) >= top && glyphTop(g) <= bottom) spans.push([g.x0, g.x1]);
  const merged = mergeIntervals(spans);
  const cuts: number[] = [];
  for (let i = 1; i < merged.length; i++) {
    const [, leftEnd] = merged[i - 1] as [number, number];
    const [rightStart] = merged[i] as [number, number];
    if (rightStart - leftEnd >= SIDE_BY_SIDE.minGutter) cuts.push((leftEnd + rightStart) / 2);
  }
  return cuts;
}

/** Cuts kept left to right where the sides between them each pass `holds`. */
function keptCuts(cuts: number[], holds: (a: number, b: number) => boolean): number[] {
  const kept: number[] = [];
  let from = -Infinity;
  for (const at of [...cuts].sort((a, b) => a - b)) {
    if (holds(from, at) && holds(at, Infinity)) {
      kept.push(at);
      from = at;
    }
  }
  return kept;
}

/** The label that opens a sheet (重点目標; not the title 重点目標管理シート, which may stand centred) and the label of its last row. */
const OPENS_SHEET = /重点(?:取組)?目標(?!管理)/gu;
const LAST_ROW = /特記事項/gu;
const SHEET_WORDS = /重点(?:取組)?目標/gu;

/** Glyphs that begin each match of `pattern` in the glyphs' stream order (white space aside), and all glyphs of the matches. */
function wordsInStream(glyphs: Glyph[], pattern: RegExp): { starts: Glyph[]; all: Glyph[] } {
  const inked = glyphs.filter((g) => g.ch.trim() !== "");
  const chars = inked.map((g) => (g.ch.length === 1 ? g.ch : "\uFFFD"));
  const text = chars.join("");
  const starts: Glyph[] = [];
  const all: Glyph[] = [];
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    starts.push(inked[at] as Glyph);
    for (let k = at; k < at + m[0].length; k++) all.push(inked[k] as Glyph);
  }
  return { starts, all };
}

/**
 * Sheets side by side with no rules to part them (tables without rules, or tinted cells only): the
 * page parts where white runs down from the first sheet's opening words to the last 特記事項 label,
 * each side holding a sheet's opening words of its own. The labels are a closed list, so this is
 * evidence the text gives, as rules are.
 */
function bySheetLabels(glyphs: Glyph[], segments: Segment[], fills: Fill[]): Block[] | undefined {
  const opening = wordsInStream(glyphs, OPENS_SHEET);
  if (opening.starts.length < 2) return undefined;
  const ends = wordsInStream(glyphs, LAST_ROW).all;
  const top = Math.min(...opening.all.map(glyphTop));
  const bottom = ends.length > 0 ? Math.max(...ends.map(glyphBottom)) : Math.max(...glyphs.map(glyphBottom));
  if (!(bottom > top)) return undefined;
  const xs = opening.starts.map((g) => (g.x0 + g.x1) / 2);
  // A sheet's labels stand in its first column, so a sheet begins at the white just before its
  // opening label: the white between a sheet's labels and its values is no boundary.
  const white = whiteCuts(glyphs, segments, fills, top, bottom);
  const before = new Set<number>();
  for (const g of opening.starts) {
    const left = white.filter((at) => at < g.x0);
    if (left.length > 0) before.add(Math.max(...left));
  }
  const kept = keptCuts([...before], (a, b) => xs.some((x) => x > a && x < b));
  if (kept.length === 0) return undefined;
  // The sheets begin at their first words: the title 重点目標管理シート where one is printed.
  const sheetTop = Math.min(top, ...wordsInStream(glyphs, SHEET_WORDS).all.map(glyphTop));
  return partAt(kept, glyphs, segments, fills, top, bottom).map((b) => ({ ...b, sheetTop }));
}

function byRules(glyphs: Glyph[], segments: Segment[], fills: Fill[]): Block[] | undefined {
  if (segments.length < 2 * SIDE_BY_SIDE.minRulesEachWay * 2) return undefined;
  // The tables' height: where vertical rules run (a rule under a running head, above them, is no
  // table's and may cross the page).
  // Tables ruled in rows only (no vertical rule at all) stand where their row rules do.
  const rowsOnly = !segments.some((s) => s.dir === "v");
  let top = Infinity;
  let bottom = -Infinity;
  for (const s of segments) {
    if (s.dir !== "v" && !rowsOnly) continue;
    top = Math.min(top, s.y0);
    bottom = Math.max(bottom, s.y1);
  }
  if (!(bottom > top)) return undefined;
  // What stands level with the tables, as intervals across the page.
  const cuts = whiteCuts(glyphs, segments, fills, top, bottom);
  cuts.push(...sharedBorders(segments, top, bottom));
  cuts.sort((a, b) => a - b);
  if (cuts.length === 0) return undefined;
  // Keep only cuts with a ruled table on each side: a cut that leaves one side without one is no
  // boundary between tables (the rule-less side is a note beside the table, laid out with it).
  const ruledBetween = (a: number, b: number): boolean => {
    let h = 0;
    let v = 0;
    for (const s of segments) {
      const mid = (s.x0 + s.x1) / 2;
      if (mid <= a || mid >= b) continue;
      if (s.dir === "h") h++;
      else v++;
    }
    return rowsOnly ? h >= SIDE_BY_SIDE.minRowRules : h >= SIDE_BY_SIDE.minRulesEachWay && v >= SIDE_BY_SIDE.minRulesEachWay;
  };
  const kept = keptCuts(cuts, ruledBetween);
  if (kept.length === 0) return undefined;
  return partAt(kept, glyphs, segments, fills, top, bottom);
}

/** The page's content parted at the kept cuts, left to right; [top, bottom] is where the tables stand. */
function partAt(kept: number[], glyphs: Glyph[], segments: Segment[], fills: Fill[], top: number, bottom: number): Block[] {
  const edges = [-Infinity, ...kept, Infinity];
  const blockOf = (x: number): number => {
    let k = 0;
    while (k + 1 < kept.length + 1 && x > (edges[k + 1] as number)) k++;
    return k;
  };
  const blocks: Block[] = edges.slice(1).map(() => ({ glyphs: [], segments: [], fills: [] }));
  // Level with the tables a glyph goes to the side it stands on; above or below them, a line goes
  // whole to the side its middle stands on (a page number centred on the page, 「P.」 | 「1」).
  // (Glyphs keep the order the content stream drew them in: the layout reads evidence from it.)
  const target = new Map<Glyph, number>();
  const outside: Glyph[] = [];
  for (const g of glyphs) {
    if (glyphBottom(g) >= top && glyphTop(g) <= bottom) target.set(g, blockOf((g.x0 + g.x1) / 2));
    else outside.push(g);
  }
  outside.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  for (let i = 0; i < outside.length; ) {
    const first = outside[i] as Glyph;
    let j = i + 1;
    let reach = first.x1;
    while (j < outside.length) {
      const g = outside[j] as Glyph;
      if (Math.abs(g.y - first.y) > first.size * 0.4 || g.x0 - reach > Math.max(g.size, first.size)) break;
      reach = Math.max(reach, g.x1);
      j++;
    }
    const k = blockOf((first.x0 + reach) / 2);
    for (let m = i; m < j; m++) target.set(outside[m] as Glyph, k);
    i = j;
  }
  for (const g of glyphs) blocks[target.get(g) ?? 0]?.glyphs.push(g);
  // A rule above or below the tables may run across the cut (a rule under a running head): each
  // side takes its own part of it.
  for (const s of segments) {
    for (let k = 0; k < blocks.length; k++) {
      const a = edges[k] as number;
      const b = edges[k + 1] as number;
      const lo = Math.max(s.x0, a);
      const hi = Math.min(s.x1, b);
      // A vertical rule on a cut (the border two tables share) is each side's.
      if (s.dir === "v" ? s.x0 >= a - SHARED_BORDER.snap && s.x0 <= b + SHARED_BORDER.snap : hi > lo) {
        blocks[k]?.segments.push(s.dir === "v" ? s : { ...s, x0: lo, x1: hi });
      }
    }
  }
  for (const f of fills) {
    for (let k = 0; k < blocks.length; k++) {
      const lo = Math.max(f.x0, edges[k] as number);
      const hi = Math.min(f.x1, edges[k + 1] as number);
      if (hi > lo) blocks[k]?.fills.push({ ...f, x0: lo, x1: hi });
    }
  }
  return blocks;
}
