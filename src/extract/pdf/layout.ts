// One page's text runs and ruling lines → rows of cells. Where the page has ruled tables, cells are
// the regions the lines enclose (merged cells are regions without inner lines); text outside them,
// and pages without rules, are laid out by position. Runs arrive in content-stream order, often one
// glyph each: everything is placed by coordinates, glyph by glyph.
import { dropOverprints } from "./overprint.js";
import type { Bbox, PdfBox } from "../../model/index.js";
import type { Cell, Row } from "../grid.js";
import type { PdfPage } from "./document.js";
import type { Fill, Segment } from "./geometry.js";
import { rebuildRules } from "./rules.js";
import { SIDE_BY_SIDE, sideBySideBlocks, type Block } from "./blocks.js";
import { foldRadicals } from "./radicals.js";
import { continuesPhrase, endsSentence, opensParagraph } from "../paragraphs.js";
import { layoutFree, type FreeLayoutState, type RowRule, type Shade } from "./columns.js";
import { apply, invert, multiply, type Matrix } from "./matrix.js";
import { counting, LayoutBudgetExceeded, LayoutWork, spend, STAGES } from "./work.js";

/** A glyph (or an unsplittable run) in display space: x right, y down. */
export interface Glyph {
  ch: string;
  x0: number;
  x1: number;
  /** Baseline. */
  y: number;
  size: number;
  /** From a vertical (tategaki) font: read in columns, right to left, each top to bottom. */
  vertical?: boolean;
}

/** A box in display space. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}


/** Glyphs of a page in display space, runs split evenly into their characters. */
export function pageGlyphs(page: PdfPage): Glyph[] {
  // Bound: O(n) in the runs' characters.
  const glyphs: Glyph[] = [];
  for (const run of page.runs) {
    const m = multiply(run.transform, page.toDisplay);
    const size = Math.hypot(m[2], m[3]);
    if (size <= 0) continue;
    // Advance direction in display space (unit vector), from the text matrix's x axis.
    const ax = m[0] / Math.hypot(m[0], m[1]);
    const ay = m[1] / Math.hypot(m[0], m[1]);
    const scale = Math.hypot(run.transform[0], run.transform[1]) || 1;
    const width = (run.width * Math.hypot(m[0], m[1])) / scale;
    const chars = [...foldRadicals(run.text)];
    spend(STAGES.glyphs, chars.length);
    if (Math.abs(ay) < 0.05 && ax > 0) {
      // pdf.js merges the glyphs of a line into one item, turning gaps into single spaces: place
      // characters by their nominal widths and let the spaces take up the rest. (The operator
      // list gives one run per glyph: a single character takes the run's width whole.)
      const advances = chars.length === 1 ? [width] : placeCharacters(chars, width, size);
      let x = m[4];
      chars.forEach((ch, k) => {
        const advance = advances[k] ?? 0;
        // Wide blank runs are producers' padding (LibreOffice fills cells with them), not text.
        if (!(ch.trim() === "" && advance > size * 1.5)) glyphs.push({ ch, x0: x, x1: x + advance, y: m[5], size, ...(run.vertical ? { vertical: true } : {}) });
        x += advance;
      });
    } else if (ay > 0.95) {
      // Text turned a quarter clockwise, running down the page (Writer's and Word's top-to-bottom
      // cell direction): written vertically, each character placed down its run with its centre
      // where its ink stands, its baseline's side plus a third of its size toward the glyph's top.
      const advances = placeCharacters(chars, width, size);
      const upLength = Math.hypot(m[2], m[3]) || 1;
      // The glyph's up in display space is its matrix's second column.
      const ux = (m[2] / upLength) * size * 0.35;
      const uy = (m[3] / upLength) * size * 0.35;
      let along = 0;
      chars.forEach((ch, k) => {
        const advance = advances[k] ?? 0;
        const cx = m[4] + ax * (along + advance / 2) + ux;
        const cy = m[5] + ay * (along + advance / 2) + uy;
        along += advance;
        if (ch.trim() === "") return;
        // Stored so that center() finds (cx, cy): x0/x1 across the column, y a third of a size below.
        glyphs.push({ ch, x0: cx - size / 2, x1: cx + size / 2, y: cy + size * 0.35, size, vertical: true });
      });
    } else {
      // Rotated text: kept whole, placed by its box.
      const ex = m[4] + ax * width;
      const ey = m[5] + ay * width;
      glyphs.push({ ch: chars.join(""), x0: Math.min(m[4], ex), x1: Math.max(m[4], ex), y: Math.max(m[5], ey), size });
    }
  }
  return glyphs;
}

/** Nominal advance of a character in font sizes: full-width 1, half-width ½. */
function nominalWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x2e80 || (cp >= 0xff61 && cp <= 0xff9f)) return 0.5;
  return 1;
}

/**
 * Advances of the characters of a run `width` wide: nominal widths scaled so the non-space
 * characters keep their proportions, spaces absorbing what is left (a merged item's gaps).
 */
export function placeCharacters(chars: string[], width: number, size: number): number[] {
  const spaces = chars.filter((c) => c.trim() === "").length;
  const nominal = chars.reduce((sum, c) => sum + (c.trim() === "" ? 0 : nominalWidth(c) * size), 0);
  if (spaces === 0 || nominal >= width) {
    const total = chars.reduce((sum, c) => sum + nominalWidth(c), 0) || 1;
    return chars.map((c) => (nominalWidth(c) / total) * width);
  }
  const space = (width - nominal) / spaces;
  return chars.map((c) => (c.trim() === "" ? space : nominalWidth(c) * size));
}

/** Cluster sorted values: runs closer than `tol` become their mean. */
function clusterValues(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length > 0 && v - (group[group.length - 1] as number) > tol) {
      out.push(group.reduce((s, x) => s + x, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length > 0) out.push(group.reduce((s, x) => s + x, 0) / group.length);
  return out;
}

/** Index of the interval of `edges` (ascending) holding v, or -1. */
function intervalOf(edges: number[], v: number): number {
  if (edges.length < 2 || v < (edges[0] as number) || v > (edges[edges.length - 1] as number)) return -1;
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((edges[mid] as number) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const SNAP = 2;
/** How far a rule may stop short of a corner and still close it. */
const JOIN = 0.75;

interface Region {
  id: number;
  box: Box;
  /** Elementary rows it spans: [top, bottom) indexes into the row edges. */
  rowTop: number;
  rowBottom: number;
  glyphs: Glyph[];
}

/** Intervals sorted and merged into disjoint ones, for coverage() and the white strips of columns.ts. */
export function mergeIntervals(intervals: Array<[number, number]>): Array<[number, number]> {
  spend(STAGES.columns, intervals.length);
  const sorted = [...intervals].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [p, q] of sorted) {
    const last = out[out.length - 1];
    if (last && p <= last[1]) last[1] = Math.max(last[1], q);
    else out.push([p, q]);
  }
  return out;
}

/** Fraction of [a, b] covered by disjoint sorted intervals (mergeIntervals). */
function coverage(merged: Array<[number, number]>, a: number, b: number): number {
  if (!(b > a)) return 0;
  // The first interval that ends after a, by binary search: a grid line has one interval per row.
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((merged[mid] as [number, number])[1] <= a) lo = mid + 1;
    else hi = mid;
  }
  let covered = 0;
  for (let i = lo; i < merged.length; i++) {
    const [p, q] = merged[i] as [number, number];
    if (p >= b) break;
    covered += Math.min(q, b) - Math.max(p, a);
  }
  return covered / (b - a);
}

/**
 * Closes tables a page break cut open: where vertical rules end (or start) at the same height and
 * one of them meets no horizontal rule there, a rule is drawn across them. A row broken over pages has its
 * bottom on the next page, and browsers leave the cut edge unruled.
 */
export function closeCutTables(segments: Segment[]): Segment[] {
  // Horizontal rules by height, so that each end of a vertical rule meets only those near it.
  const hs = segments.filter((s) => s.dir === "h").sort((a, b) => a.y0 - b.y0);
  const vs = segments.filter((s) => s.dir === "v");
  const firstAtOrAbove = (y: number): number => {
    let lo = 0;
    let hi = hs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((hs[mid] as Segment).y0 < y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const touches = (x: number, y: number): boolean => {
    for (let i = firstAtOrAbove(y - SNAP); i < hs.length; i++) {
      spend(STAGES.regions, 1);
      const h = hs[i] as Segment;
      if (h.y0 > y + SNAP) break;
      if (h.x0 - SNAP <= x && x <= h.x1 + SNAP) return true;
    }
    return false;
  };
  // A vertical rule drawn in pieces, row by row (Chromium's borders beside a cell spanning rows),
  // goes on where the next piece starts: that end is no cut.
  const endsAt = new Map<number, number[]>();
  for (const v of vs) for (const y of [v.y0, v.y1]) (endsAt.get(Math.round(v.x0)) ?? endsAt.set(Math.round(v.x0), []).get(Math.round(v.x0)))?.push(y);
  const continues = (x: number, y: number): boolean => {
    let n = 0;
    for (const k of [Math.round(x) - 1, Math.round(x), Math.round(x) + 1]) for (const e of endsAt.get(k) ?? []) if (Math.abs(e - y) <= JOIN) n++;
    return n > 1;
  };
  const dangling: Array<{ x: number; y: number }> = [];
  for (const v of vs) {
    for (const y of [v.y0, v.y1]) if (!touches(v.x0, y) && !continues(v.x0, y)) dangling.push({ x: v.x0, y });
  }
  if (dangling.length === 0) return segments;
  // Dangling ends and all vertical rule ends by height, so that each cut height meets only those
  // within SNAP of it (bisection, then the exact test): O(n log n) in the rules.
  const danglingYs = dangling.map((d) => d.y).sort((a, b) => a - b);
  const ends = vs.flatMap((v) => [v.y0, v.y1].map((y) => ({ y, x: v.x0 }))).sort((a, b) => a.y - b.y);
  const endYs = ends.map((e) => e.y);
  const near = (sorted: readonly number[], y: number): [number, number] => {
    const from = lowerBound(sorted, y - SNAP - 1e-9);
    let to = from;
    while (to < sorted.length && (sorted[to] as number) <= y + SNAP + 1e-9) to++;
    return [from, to];
  };
  const added: Segment[] = [];
  for (const y of clusterValues(danglingYs, SNAP)) {
    const [d0, d1] = near(danglingYs, y);
    let danglingHere = 0;
    for (let i = d0; i < d1; i++) if (Math.abs((danglingYs[i] as number) - y) <= SNAP) danglingHere++;
    const [e0, e1] = near(endYs, y);
    spend(STAGES.regions, d1 - d0 + e1 - e0 + 1);
    if (danglingHere === 0) continue;
    // The cut runs across every vertical rule that ends there, dangling or not.
    const xs = new Set<number>();
    for (let i = e0; i < e1; i++) {
      const e = ends[i] as { y: number; x: number };
      if (Math.abs(e.y - y) <= SNAP) xs.add(Math.round(e.x * 10) / 10);
    }
    // One dangling end is enough where other rules end at that height: a cell spanning rows that
    // a page break cut (Calc) leaves only its own sides unmet, its neighbours' rules close theirs.
    if (xs.size < 2) continue;
    added.push({ dir: "h", x0: Math.min(...xs), x1: Math.max(...xs), y0: y, y1: y });
  }
  return added.length > 0 ? [...segments, ...added] : segments;
}

/** The table regions of a page: areas enclosed by ruling lines, merged cells whole. */
function tableRegions(lines: Segment[]): { regions: Region[]; xs: number[]; ys: number[]; regionAt: (x: number, y: number) => Region | undefined } {
  // Bound: O(R log R) to cluster and index the rules, then the grid of their X·Y distinct positions (counted: a table's cells, unless rows are misaligned).
  const segments = closeCutTables(lines);
  const hs = segments.filter((s) => s.dir === "h");
  const vs = segments.filter((s) => s.dir === "v");
  const xs = clusterValues(vs.map((s) => s.x0), SNAP);
  const ys = clusterValues(hs.map((s) => s.y0), SNAP);
  const none = { regions: [], xs, ys, regionAt: () => undefined };
  if (xs.length < 2 || ys.length < 2) return none;

  // Lines on each grid edge, as covered intervals (slightly widened to bridge joins).
  const vAt = new Map<number, Array<[number, number]>>();
  const hAt = new Map<number, Array<[number, number]>>();
  for (const s of vs) {
    const k = intervalOrEdge(xs, s.x0);
    if (k >= 0) (vAt.get(k) ?? vAt.set(k, []).get(k))?.push([s.y0 - JOIN, s.y1 + JOIN]);
  }
  for (const s of hs) {
    const k = intervalOrEdge(ys, s.y0);
    if (k >= 0) (hAt.get(k) ?? hAt.set(k, []).get(k))?.push([s.x0 - JOIN, s.x1 + JOIN]);
  }
  for (const [k, list] of vAt) vAt.set(k, mergeIntervals(list));
  for (const [k, list] of hAt) hAt.set(k, mergeIntervals(list));
  const ruledV = (xi: number, yi: number): boolean => coverage(vAt.get(xi) ?? [], ys[yi] as number, ys[yi + 1] as number) >= 0.6;
  const ruledH = (yi: number, xi: number): boolean => coverage(hAt.get(yi) ?? [], xs[xi] as number, xs[xi + 1] as number) >= 0.6;

  const rows = ys.length - 1;
  const cols = xs.length - 1;
  spend(STAGES.regions, rows * cols);
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[i] !== r) {
      const next = parent[i] as number;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && !ruledV(c + 1, r)) union(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !ruledH(r + 1, c)) union(r * cols + c, (r + 1) * cols + c);
    }
  }
  // A region is a cell when it is closed: every outer edge of its elementary cells is ruled.
  const members = new Map<number, number[]>();
  for (let i = 0; i < rows * cols; i++) (members.get(find(i)) ?? members.set(find(i), []).get(find(i)))?.push(i);
  const regionOf = new Map<number, Region>();
  const regions: Region[] = [];
  for (const [root, cells] of members) {
    const set = new Set(cells);
    let closed = true;
    let box: Box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    let rowTop = Infinity;
    let rowBottom = -Infinity;
    for (const i of cells) {
      const r = Math.floor(i / cols);
      const c = i % cols;
      box = {
        x0: Math.min(box.x0, xs[c] as number),
        x1: Math.max(box.x1, xs[c + 1] as number),
        y0: Math.min(box.y0, ys[r] as number),
        y1: Math.max(box.y1, ys[r + 1] as number),
      };
      rowTop = Math.min(rowTop, r);
      rowBottom = Math.max(rowBottom, r + 1);
      const up = r > 0 && set.has(i - cols);
      const down = r < rows - 1 && set.has(i + cols);
      const left = c > 0 && set.has(i - 1);
      const right = c < cols - 1 && set.has(i + 1);
      if ((!up && !ruledH(r, c)) || (!down && !ruledH(r + 1, c)) || (!left && !ruledV(c, r)) || (!right && !ruledV(c + 1, r))) {
        closed = false;
      }
    }
    if (!closed) continue;
    const region: Region = { id: regions.length, box, rowTop, rowBottom, glyphs: [] };
    regions.push(region);
    regionOf.set(root, region);
  }
  const regionAt = (x: number, y: number): Region | undefined => {
    const c = intervalOf(xs, x);
    const r = intervalOf(ys, y);
    if (c < 0 || r < 0) return undefined;
    return regionOf.get(find(r * cols + c));
  };
  return { regions, xs, ys, regionAt };
}

/**
 * Rules that draw a frame and rows but no columns (Excel with only some borders drawn, a page
 * border): each ruled row would be one cell holding all its columns. The text is laid out as
 * unruled text instead, where the item header's labels fix the columns (columns.ts) and the rules
 * still end rows.
 */
function drawsFrameOnly(grid: { xs: number[] }): boolean {
  return grid.xs.length === 2;
}

/**
 * The ruled cells layoutPage puts glyphs in, from ruling lines in display space (x right, y down):
 * for a reader that must know the cells before it has text (OCR reads cell by cell).
 */
export function ruledCells(segments: Segment[]): Box[] {
  const grid = tableRegions(segments);
  return drawsFrameOnly(grid) ? [] : grid.regions.map((r) => r.box);
}

/**
 * Index of the grid edge nearest to v (within SNAP), or -1; of two equally near, the later. O(log n):
 * edges are cluster means (clusterValues), more than SNAP apart, so only the two around v can be
 * within SNAP of it.
 */
function intervalOrEdge(edges: number[], v: number): number {
  spend(STAGES.regions, 1);
  const at = lowerBound(edges, v);
  let best = -1;
  let bestDistance = SNAP + 1e-9;
  for (let i = Math.max(0, at - 1); i <= Math.min(edges.length - 1, at); i++) {
    const d = Math.abs((edges[i] as number) - v);
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

/** The first index of an ascending array whose value is at least x. */
export function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Line {
  glyphs: Glyph[];
  y: number;
  size: number;
  x0: number;
  x1: number;
}

/**
 * Glyphs into lines (by baseline), top to bottom, each sorted left to right. A glyph joins the first
 * line (in the order lines were started) whose baseline is within 0.4 of the larger of the two
 * sizes. O(n log n): glyphs are taken top to bottom, so a line whose baseline lies more than 0.4 of
 * the page's largest size above the glyph can take no later glyph either, and only the lines within
 * that reach are tried (one or two, unless lines of very different sizes interleave).
 */
export function toLines(glyphs: Glyph[]): Line[] {
  const sorted = [...glyphs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  spend(STAGES.lines, sorted.length);
  let largest = 0;
  for (const g of sorted) if (g.size > largest) largest = g.size;
  const reach = largest * 0.4;
  const lines: Line[] = [];
  // Lines before `first` lie out of every later glyph's reach.
  let first = 0;
  for (const g of sorted) {
    const blank = g.ch.trim() === "";
    while (first < lines.length && g.y - (lines[first] as Line).y > reach) first++;
    let line: Line | undefined;
    let k = first;
    for (; k < lines.length; k++) {
      const l = lines[k] as Line;
      if (Math.abs(l.y - g.y) <= Math.max(l.size, g.size) * 0.4) {
        line = l;
        break;
      }
    }
    spend(STAGES.lines, k - first + 1);
    if (line) {
      line.glyphs.push(g);
      if (!blank) {
        line.x0 = Math.min(line.x0, g.x0);
        line.x1 = Math.max(line.x1, g.x1);
      }
      line.size = Math.max(line.size, g.size);
    } else lines.push({ glyphs: [g], y: g.y, size: g.size, x0: blank ? Infinity : g.x0, x1: blank ? -Infinity : g.x1 });
  }
  for (const l of lines) l.glyphs.sort((a, b) => a.x0 - b.x0);
  return lines.sort((a, b) => a.y - b.y);
}

/** A line's text: glyphs in order, a space where a gap is wider than a third of the font size. */
function lineText(line: Line): string {
  let out = "";
  let prev: Glyph | undefined;
  for (const g of line.glyphs) {
    if (prev && g.x0 - prev.x1 > line.size * 0.3 && !out.endsWith(" ")) out += " ";
    out += g.ch;
    prev = g;
  }
  return out.replace(/[ \t]+/g, " ").trim();
}

const LATIN_END = /[A-Za-z]$/;
const LATIN_START = /^[A-Za-z]/;

/** Punctuation a producer may set past a line's measure (see lineReach). */
const MAY_HANG = "、。，．,.」』）)】〕］｝〉》”’〟";

/** Characters kinsoku keeps off a line's start: they ride with the character before them. */
const NO_LINE_START = `${MAY_HANG}ー～〜・：；:;！!？?ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞ`;

/**
 * The first unit a line-breaking producer keeps together at a line's start: one Japanese character,
 * a Latin word or a number (2,400, 6.0%), with the brackets before it and the punctuation after it
 * that kinsoku binds to it. A number is parted from a counter after it: Chromium, Writer and Calc
 * all wrap 8|言語 (no rendering of the three sheets wraps early before a number that fitted).
 */
const FIRST_UNIT = new RegExp(
  `^[・･「『（(【〔［]*(?:[A-Za-z0-9０-９Ａ-Ｚａ-ｚ.,:;%％'"!！?？～〜~\\-－]+|.)[${NO_LINE_START}]*[A-Za-z0-9]*`,
  "u",
);

function firstUnit(text: string): string {
  // (A Latin word right after the punctuation rides with it: LibreOffice keeps 「に、AMU」 together.)
  return FIRST_UNIT.exec(text)?.[0] ?? text.slice(0, 1);
}

/** A unit's width estimated from its characters: full width for Japanese, half for the rest. */
function estimatedWidth(unit: string, size: number): number {
  let width = 0;
  for (const ch of unit) width += (ch.codePointAt(0) ?? 0) < 0x2e80 || /[\uFF61-\uFF9F]/u.test(ch) ? size * 0.5 : size;
  return width;
}

/** A unit's width as the line draws it: from its first glyph's left to the right of its last. */
function drawnWidth(line: Line, unit: string): number | undefined {
  const wanted = unit.replace(/\s/gu, "").length;
  let seen = "";
  let first: Glyph | undefined;
  for (const g of line.glyphs) {
    if (g.ch.trim() === "") continue;
    first ??= g;
    seen += g.ch;
    if (seen.length >= wanted) return g.x1 - first.x0;
  }
  return undefined;
}

/** How far before another line's end (in font sizes) the next unit must end to prove a paragraph break. */
const REACH_MARGIN = 0.5;

/**
 * How far a line shows its cell's measure goes: to its last glyph's right, or that glyph's left if
 * the glyph may have been set past the measure (MAY_HANG): 、。 hang (ぶら下げ), and a closing
 * bracket that kinsoku keeps off the next line's start may be squeezed onto this one (Chromium:
 * …協議会」 one bracket past every other line of its cell).
 */
export function lineReach(line: Line): number {
  for (let i = line.glyphs.length - 1; i >= 0; i--) {
    const g = line.glyphs[i] as Glyph;
    if (g.ch.trim() === "") continue;
    return g.ch.length === 1 && MAY_HANG.includes(g.ch) ? g.x0 : g.x1;
  }
  return -Infinity;
}

/**
 * The common centre of a cell's lines when they are centred: three lines or more, each centred
 * within a fifth of a size of the others, and one starting a size right of another (lines that all
 * start level are flush left, or all full).
 */
function centreOf(lines: Line[]): number | undefined {
  const set = lines.filter((l) => l.x1 > l.x0);
  if (set.length < 3) return undefined;
  const size = Math.max(...set.map((l) => l.size));
  const centres = set.map((l) => (l.x0 + l.x1) / 2);
  const starts = set.map((l) => l.x0);
  if (Math.max(...centres) - Math.min(...centres) > size * 0.2) return undefined;
  if (Math.max(...starts) - Math.min(...starts) < size) return undefined;
  return (Math.max(...centres) + Math.min(...centres)) / 2;
}

/** A centred line moved to start at `left`. */
function flushLeft(left: number): (line: Line) => Line {
  return (line) => {
    const d = line.x0 - left;
    if (d === 0) return line;
    return { ...line, x0: left, x1: line.x1 - d, glyphs: line.glyphs.map((g) => ({ ...g, x0: g.x0 - d, x1: g.x1 - d })) };
  };
}

/**
 * Lines of one cell → text: wrapped lines joined (no space between Japanese characters), a line that
 * ends well before the cell's right edge ends its paragraph ("\n").
 */
export function cellText(lines: Line[], cell?: { x0: number; x1: number }, columnReach?: number): string {
  // Bound: O(G) in the cell's glyphs (end-anchored tests on the text so far; V8 matches them from the end).
  for (const l of lines) spend(STAGES.cells, l.glyphs.length);
  // Centred text (Excel's 中央揃え) is measured as if it were set flush left: a short line
  // leaves half its room on each side, so what shows a line is short is its width.
  const centre = centreOf(lines);
  if (centre !== undefined) {
    const left = Math.min(...lines.map((l) => l.x0));
    const toLeft = (x: number): number => left + 2 * (x - centre);
    return cellText(lines.map(flushLeft(left)), cell, columnReach === undefined ? undefined : toLeft(columnReach));
  }
  const texts = lines.map(lineText);
  const right = Math.max(...lines.map((l) => l.x1));
  const left = Math.min(...lines.map((l) => l.x0));
  // In a ruled cell, where a full line would end: its right rule less the padding its text keeps
  // from the left rule (cells pad both sides alike).
  const measure = cell ? cell.x1 - Math.max(0, left - cell.x0) : undefined;
  // Where text may go, as the cell's own lines show it (a line that reached there proves the
  // measure), or the lines of its column in other rows (a table without rules: columnReach).
  const reach = Math.max(columnReach ?? -Infinity, ...lines.map(lineReach));
  let out = "";
  lines.forEach((line, i) => {
    const text = texts[i] ?? "";
    if (text === "") return;
    if (out === "") {
      out = text;
      return;
    }
    const prev = lines[i - 1] as Line;
    // A short line ends a paragraph when it ends a sentence or leaves most of the line empty;
    // otherwise the producer only wrapped early (before a word that did not fit).
    const gap = right - prev.x1;
    // A line that stops short of a full one ends its paragraph when what starts the next line
    // would have fitted in the room left: producers wrap early only before a unit that did not
    // fit (a Latin word or a number, ・ with the character it binds, a kinsoku character).
    const room = measure === undefined ? 0 : measure - prev.x1;
    // A line the producer broke at a space had the whole next word to place, not one character.
    const atSpace = (prev.glyphs[prev.glyphs.length - 1]?.ch ?? "").trim() === "";
    const unit = atSpace ? (text.split(/[ \u3000]/u)[0] ?? text) : firstUnit(text);
    const fits = room > prev.size * 1.2 && estimatedWidth(unit, prev.size) <= room - prev.size * 0.3;
    // The same against the cell's own lines: the next unit, as drawn, would have ended well before
    // another line of the cell did. Not merely level with it: browsers lay a line out in their own
    // units and draw it in the PDF's (a wrap with 0.17 of a size to spare), and the source may
    // have had a space there (…図る。 上田…: a break the producer took and did not draw). Level
    // with it, a line that ends a sentence ends its paragraph: wrong, that puts a break between
    // two sentences, never inside a word.
    const drawn = drawnWidth(line, unit);
    const over = drawn === undefined ? Infinity : prev.x1 + (atSpace ? prev.size * 0.25 : 0) + drawn - reach;
    const reached = over <= -prev.size * REACH_MARGIN || (over <= prev.size * 0.1 && /[。！？]$/u.test(out));
    // A line that leaves most of its measure empty ends its paragraph, unless the next line's first
    // unit, as drawn, proves the wrap: it would not have fitted (a narrow column: 10|月、3).
    const forced = drawn !== undefined && !reached;
    const short = fits || reached || (gap > prev.size * 1.5 && (endsSentence(out) || (gap > (right - left) * 0.5 && !forced)));
    if ((short || opensParagraph(out, text)) && !continuesPhrase(out, text)) out += `\n${text}`;
    else if (LATIN_END.test(out) && LATIN_START.test(text)) out += ` ${text}`;
    else out += text;
  });
  return out;
}

/**
 * Whether a cell's text is written vertically: glyphs of a vertical font, or upright glyphs that,
 * in the order the content stream draws them, step down the page more often than across it (Writer
 * and Chromium set vertical cells so: each character under the one before, columns right to left).
 * Evidence in order, not in position: a column's glyphs a size apart look like lines of one
 * character each.
 */
function writtenVertically(glyphs: Glyph[]): boolean {
  let flagged = 0;
  let down = 0;
  let across = 0;
  let prev: Glyph | undefined;
  for (const g of glyphs) {
    if (g.ch.trim() === "") continue;
    if (g.vertical) flagged++;
    if (prev) {
      const dx = (g.x0 + g.x1) / 2 - (prev.x0 + prev.x1) / 2;
      const dy = g.y - prev.y;
      const size = Math.max(g.size, prev.size);
      if (Math.abs(dx) < size * 0.3 && dy > size * 0.7 && dy < size * 1.6) down++;
      else if (Math.abs(dy) < size * 0.3 && dx > 0) across++;
    }
    prev = g;
  }
  return flagged * 2 > glyphs.length || (down >= 2 && down > across);
}

/**
 * The text of a cell written vertically: columns (glyphs whose centres stand within half a size
 * across) right to left, each top to bottom. A column that stops a size short of the longest ends
 * its paragraph; the others wrap. O(n log n) in the cell's glyphs.
 */
export function verticalText(glyphs: Glyph[]): string {
  const mid = (g: Glyph): number => (g.x0 + g.x1) / 2;
  const sorted = glyphs.filter((g) => g.ch.trim() !== "").sort((a, b) => mid(b) - mid(a) || a.y - b.y);
  const columns: Glyph[][] = [];
  for (const g of sorted) {
    const column = columns[columns.length - 1];
    const head = column?.[0];
    if (column && head && mid(head) - mid(g) <= Math.max(head.size, g.size) * 0.5) column.push(g);
    else columns.push([g]);
  }
  for (const column of columns) column.sort((a, b) => a.y - b.y);
  let bottom = -Infinity;
  for (const column of columns) bottom = Math.max(bottom, (column[column.length - 1] as Glyph).y);
  let out = "";
  columns.forEach((column, i) => {
    const text = column.map((g) => g.ch).join("");
    const before = columns[i - 1];
    const last = before?.[before.length - 1];
    out += i > 0 && last && last.y < bottom - last.size ? `\n${text}` : text;
  });
  return out;
}

export interface PageLayout {
  rows: Row[];
  /** Whether any glyph was found (a scanned page has none). */
  hasText: boolean;
  /** The operations the layout counted, by stage (work.ts). */
  work: LayoutWork;
  /** The page ran over its budget and was laid out by position alone (layoutByPosition). */
  fallback: boolean;
}

/**
 * The work a page's layout may do: LAYOUT_BUDGET.perItem × n log₂ n operations for n glyphs, rules
 * and shaded areas, and a floor for small pages. Every stage is bounded by n log n (work.ts), so a
 * page runs over only when its shape defeats a stage's bound in practice (a grid of misaligned
 * rules, thousands of labels in one band): it is then laid out by position, and its document says
 * so. Counted, not timed: the same page falls back on every machine. (Tests lower it to make
 * pages fall back; nothing else changes it.)
 */
export const LAYOUT_BUDGET: { perItem: number; floor: number } = {
  /**
   * Operations per item and doubling. The samples and fixtures (80 renderings' pages, 4,000-glyph
   * budget-book pages, forms of hundreds of cells) need at most 10; forty leaves room for shapes
   * not yet seen and stops a page at about a second of CPU.
   */
  perItem: 40,
  /** Operations any page may do (a title page of ten glyphs with its labels tried). */
  floor: 50_000,
};

export function layoutLimit(items: number): number {
  return LAYOUT_BUDGET.floor + LAYOUT_BUDGET.perItem * items * Math.log2(items + 2);
}

/** Rows of one page, top to bottom; cells carry their box in PDF space. */
export function layoutPage(page: PdfPage, state: FreeLayoutState = {}, limit = layoutLimit(page.runs.length + page.segments.length + page.fills.length)): PageLayout {
  const work = new LayoutWork(limit);
  try {
    return { ...counting(work, () => layoutWithin(page, state)), work, fallback: false };
  } catch (err) {
    if (!(err instanceof LayoutBudgetExceeded)) throw err;
    // Nothing of this page's tables carries to the next: the state is as if the page held none.
    state.itemTable = undefined;
    state.markerBoundary = undefined;
    state.remarkEdge = undefined;
    return { ...layoutByPosition(page), work, fallback: true };
  }
}

/** PDF space boxes of a page, rounded to a hundredth of a point. */
function pdfBoxer(page: PdfPage): (b: Box) => PdfBox {
  const fromDisplay = invert(page.toDisplay);
  return (b: Box): PdfBox => {
    const corners = [apply(fromDisplay, b.x0, b.y0), apply(fromDisplay, b.x1, b.y1)];
    const bbox: Bbox = [
      Math.min(corners[0]?.[0] ?? 0, corners[1]?.[0] ?? 0),
      Math.min(corners[0]?.[1] ?? 0, corners[1]?.[1] ?? 0),
      Math.max(corners[0]?.[0] ?? 0, corners[1]?.[0] ?? 0),
      Math.max(corners[0]?.[1] ?? 0, corners[1]?.[1] ?? 0),
    ];
    return { page: page.number, bbox: bbox.map((v) => Math.round(v * 100) / 100) as Bbox };
  };
}

/** White (in font sizes) that parts two cells of a line in the fallback layout: a column gutter. */
const FALLBACK_GUTTER = 1;

/**
 * The plain layout of a page that ran over its budget: each line a row, parted into cells at wide
 * white (FALLBACK_GUTTER), rules and shading ignored. O(n log n); nothing counted. The assembler
 * reads it as any rows: a sheet's labels and values on one line still pair, but cells of several
 * lines, merged cells and columns closer than a gutter do not come out whole.
 */
export function layoutByPosition(page: PdfPage): Omit<PageLayout, "work" | "fallback"> {
  const glyphs = dropOverprints(pageGlyphs(page).filter((g) => g.ch.trim() !== "" || g.ch === " "));
  const toPdfBox = pdfBoxer(page);
  const rows: Row[] = [];
  for (const line of toLines(glyphs.filter((g) => g.ch.trim() !== ""))) {
    const cells: Cell[] = [];
    let part: Glyph[] = [];
    const close = (): void => {
      if (part.length === 0) return;
      const box = { x0: Math.min(...part.map((g) => g.x0)), x1: Math.max(...part.map((g) => g.x1)), y0: line.y - line.size, y1: line.y + line.size * 0.2 };
      cells.push({ text: lineText({ ...line, glyphs: part }), source: { kind: "pdf", boxes: [toPdfBox(box)] } });
      part = [];
    };
    for (const g of line.glyphs) {
      const last = part[part.length - 1];
      if (last && g.x0 - last.x1 >= line.size * FALLBACK_GUTTER) close();
      part.push(g);
    }
    close();
    if (cells.length > 0) rows.push({ cells });
  }
  return { rows, hasText: glyphs.some((g) => g.ch.trim() !== "") };
}

function layoutWithin(page: PdfPage, state: FreeLayoutState): Omit<PageLayout, "work" | "fallback"> {
  // Bound: O(n log n) in the page's glyphs and rules, with the grid of tableRegions: each stage is (work.ts).
  const glyphs = dropOverprints(pageGlyphs(page).filter((g) => g.ch.trim() !== "" || g.ch === " "));
  const toPdfBox = pdfBoxer(page);
  const drawn = page.segments.map((s) => {
    const [ax, ay] = apply(page.toDisplay, s.x0, s.y0);
    const [bx, by] = apply(page.toDisplay, s.x1, s.y1);
    const horizontal = Math.abs(ay - by) < Math.abs(ax - bx);
    return horizontal
      ? ({ dir: "h", x0: Math.min(ax, bx), x1: Math.max(ax, bx), y0: (ay + by) / 2, y1: (ay + by) / 2 } as Segment)
      : ({ dir: "v", x0: (ax + bx) / 2, x1: (ax + bx) / 2, y0: Math.min(ay, by), y1: Math.max(ay, by) } as Segment);
  });
  const drawnFills: Fill[] = page.fills.map((f) => {
    const [ax, ay] = apply(page.toDisplay, f.x0, f.y0);
    const [bx, by] = apply(page.toDisplay, f.x1, f.y1);
    return { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
  });
  // Dotted and dashed borders become the rules they draw (rules.ts).
  const rebuilt = rebuildRules(drawn, drawnFills);
  // Tables side by side (two sheets on one page) are laid out one after the other (blocks.ts).
  const rows: Row[] = [];
  const pageArea = page.width * page.height;
  for (const block of sideBySideBlocks(glyphs, rebuilt.segments, rebuilt.fills)) {
    rows.push(...layoutBlock(block, pageArea, state, toPdfBox));
  }
  return { rows, hasText: glyphs.some((g) => g.ch.trim() !== "") };
}

/**
 * Heights where a shaded area's edge is a cell's edge, not a shaded paragraph's: another shaded
 * area's opposite edge meets it (cells tinted one under the other share their edge; a paragraph's
 * tint stops short of the next cell's by the cells' padding), or a vertical rule ends there and
 * the next collinear one starts (a frame drawn row by row, as Writer draws a table's outer
 * borders). Such an edge parts rows though the text leaves no more white there than between
 * lines. O(n log n) in the shaded areas and rules.
 */
function cellEdgeHeights(shading: Shade[], segments: Segment[]): (y: number) => boolean {
  // A bar thinner than the reach of a match would meet itself.
  const cells = shading.filter((f) => f.y1 - f.y0 > 2 * SNAP);
  const tops = cells.map((f) => f.y0).sort((a, b) => a - b);
  const bottoms = cells.map((f) => f.y1).sort((a, b) => a - b);
  const near = (sorted: number[], y: number): boolean => {
    const i = lowerBound(sorted, y - SNAP);
    return i < sorted.length && (sorted[i] as number) <= y + SNAP;
  };
  // Joints of vertical rules: an end of one within SNAP of the start of another at the same x.
  const verticals = segments.filter((s) => s.dir === "v").sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0);
  const joints: number[] = [];
  for (let i = 1; i < verticals.length; i++) {
    const a = verticals[i - 1] as Segment;
    const b = verticals[i] as Segment;
    if (Math.abs(a.x0 - b.x0) <= JOIN && Math.abs(b.y0 - a.y1) <= JOIN) joints.push((a.y1 + b.y0) / 2);
  }
  joints.sort((a, b) => a - b);
  spend(STAGES.regions, shading.length + verticals.length);
  // An edge is asked about as a top (is there a bottom there?) and as a bottom (a top there?):
  // both lists hold it, so look for the other list having it and the shade itself not being it.
  return (y) => (near(tops, y) && near(bottoms, y)) || near(joints, y);
}

/** Rows of one block of a page (the whole page, or one of tables standing side by side), top to bottom. */
function layoutBlock(block: Block, pageArea: number, state: FreeLayoutState, toPdfBox: (b: Box) => PdfBox): Row[] {
  const { glyphs, segments, fills } = block;
  const grid = tableRegions(segments);
  const frameOnly = drawsFrameOnly(grid);
  const regions = frameOnly ? [] : grid.regions;
  const regionAt = frameOnly ? () => undefined : grid.regionAt;
  const free: Glyph[] = [];
  for (const g of glyphs) {
    const region = regionAt((g.x0 + g.x1) / 2, g.y - g.size * 0.35);
    if (region) region.glyphs.push(g);
    else free.push(g);
  }

  interface Placed {
    top: number;
    rowTop: number | undefined;
    rowBottom: number | undefined;
    box: Box;
    text: string;
  }
  const placed: Placed[] = [];
  for (const r of regions) {
    const inked = r.glyphs.filter((g) => g.ch.trim() !== "" || g.ch === " ");
    const vertical = writtenVertically(inked);
    const lines = vertical ? [] : toLines(inked);
    const text = vertical ? verticalText(inked) : lines.length > 0 ? cellText(lines, r.box) : "";
    placed.push({ top: r.box.y0, rowTop: r.rowTop, rowBottom: r.rowBottom, box: r.box, text });
  }

  // Table rows: cells with the same top edge; a leftmost cell spanning several rows takes the
  // rows beside it into one row when each of them is one cell (a label beside stacked values).
  // Rows of several cells beside it are rows of a table whose first cells span them (a goal and
  // its actions): merged, each column's empty cells would vanish and its values no longer line up.
  const tableCells = placed.sort((a, b) => a.top - b.top || a.box.x0 - b.box.x0);
  const groups = new Map<number, Placed[]>();
  for (const c of tableCells) (groups.get(c.rowTop ?? 0) ?? groups.set(c.rowTop ?? 0, []).get(c.rowTop ?? 0))?.push(c);
  const tableRows: Array<{ top: number; cells: Placed[] }> = [];
  const consumed = new Set<number>();
  const rowKeys = [...groups.keys()].sort((a, b) => a - b);
  for (const key of rowKeys) {
    if (consumed.has(key)) continue;
    const cells = [...(groups.get(key) ?? [])].sort((a, b) => a.box.x0 - b.box.x0);
    const first = cells[0];
    if (first && cells.length > 1) {
      const othersBottom = Math.min(...cells.slice(1).map((c) => c.rowBottom ?? 0));
      // The row keys the first cell spans, by bisection in the ascending keys: O(k log k) for the page.
      const spanned = rowKeys.slice(lowerBound(rowKeys, key + 1e-9), lowerBound(rowKeys, first.rowBottom ?? 0)).filter((k) => !consumed.has(k));
      spend(STAGES.regions, spanned.length + 1);
      if ((first.rowBottom ?? 0) > othersBottom && spanned.every((k) => (groups.get(k)?.length ?? 0) <= 1)) {
        for (const k of spanned) {
          if (k <= key || k >= (first.rowBottom ?? 0) || consumed.has(k)) continue;
          consumed.add(k);
          for (const extra of groups.get(k) ?? []) {
            spend(STAGES.regions, cells.length);
            const column = cells.find((c) => c !== first && extra.box.x0 < c.box.x1 - SNAP && c.box.x0 < extra.box.x1 - SNAP);
            if (column) {
              column.text = [column.text, extra.text].filter((t) => t !== "").join("\n");
              column.box = {
                x0: Math.min(column.box.x0, extra.box.x0),
                y0: Math.min(column.box.y0, extra.box.y0),
                x1: Math.max(column.box.x1, extra.box.x1),
                y1: Math.max(column.box.y1, extra.box.y1),
              };
            } else cells.push(extra);
          }
        }
        cells.sort((a, b) => a.box.x0 - b.box.x0);
      }
    }
    tableRows.push({ top: first?.top ?? 0, cells });
  }

  // Free text (titles, headings, unruled tables): rows and columns from positions.
  // Rows of unruled text break at horizontal rules and at the top and bottom of shaded areas (a
  // shaded label row in a table without rules ends where its shading ends). A page-sized
  // background is no evidence of anything.
  const tints = fills.filter((shade) => (shade.x1 - shade.x0) * (shade.y1 - shade.y0) <= 0.5 * pageArea);
  const confirmed = cellEdgeHeights(tints, segments);
  const shading: Shade[] = tints.map((f) => (confirmed(f.y0) || confirmed(f.y1) ? { ...f, cell: true } : f));
  const rules: RowRule[] = [
    ...segments.filter((seg) => seg.dir === "h").map((seg) => ({ y: seg.y0, x0: seg.x0, x1: seg.x1 })),
    ...shading.flatMap((f) => [f.y0, f.y1].map((y) => ({ y, x0: -Infinity, x1: Infinity, shade: !confirmed(y) }))),
  ];
  const freeRows: Array<{ top: number; cells: Placed[] }> = layoutFree(free, rules, state, shading).map((row) => ({
    top: row.top,
    cells: row.cells.map((c) => ({
      top: row.top,
      rowTop: undefined,
      rowBottom: undefined,
      box: { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 },
      text: c.text,
    })),
  }));

  // Free text above the first table or below the last one is the page's furniture.
  // Tables ruled in rows only (no cell boxes) stand between their first and last row rules.
  const rowRules = grid.regions.length === 0 && !segments.some((s) => s.dir === "v") ? segments.filter((s) => s.dir === "h").map((s) => s.y0) : [];
  // (As many as make a table of its own beside another: blocks.ts, SIDE_BY_SIDE.minRowRules.)
  const ruledRows = rowRules.length >= SIDE_BY_SIDE.minRowRules;
  const tableTop = ruledRows ? Math.min(...rowRules) : Math.min(...grid.regions.map((r) => r.box.y0));
  const tableBottom = ruledRows ? Math.max(...rowRules) : Math.max(...grid.regions.map((r) => r.box.y1));
  // A page parted by its sheets' labels knows only where the sheets begin (their remarks' text
  // runs on below the last label).
  const sheetTop = block.sheetTop;
  const furniture = (r: { top: number; cells: Placed[] }): boolean =>
    ((grid.regions.length > 0 || ruledRows) && r.cells.every((c) => c.box.y1 <= tableTop + SNAP || c.box.y0 >= tableBottom - SNAP)) ||
    (sheetTop !== undefined && r.cells.every((c) => c.box.y1 <= sheetTop + SNAP));
  return [
    ...tableRows.map((r) => ({ ...r, furniture: false })),
    ...freeRows.map((r) => ({ ...r, furniture: furniture(r) })),
  ]
    .filter((r) => r.cells.length > 0)
    .sort((a, b) => a.top - b.top)
    .map((r) => ({
      cells: r.cells.map((c): Cell => ({ text: c.text, source: { kind: "pdf", boxes: [toPdfBox(c.box)] } })),
      ...(r.furniture ? { furniture: true } : {}),
    }));
}
