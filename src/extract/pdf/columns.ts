// Tables without ruling lines (Word and Writer without borders, text printed from a browser without
// CSS): rows and columns from text positions alone. Lines are grouped into bands (table rows) at
// wider-than-usual vertical gaps or horizontal rules; a band's columns are the vertical strips of
// white space that run through all its lines; consecutive bands whose text falls into the same
// columns share them, so an empty cell stays an empty cell in its column.
import { compact } from "../compact.js";
import {
  findRemarkLabels,
  itemHeaderWordsIn,
  matchHeaderLabel,
  matchHeaderLabelPrefix,
  matchItemHeader,
  matchOneLabel,
  textAfterItemLabel,
  type HeaderKey,
} from "../labels.js";
import { ITEM_FIELDS, type ItemField } from "../../model/index.js";
import { matchItemMarker } from "../markers.js";
import { startsPart } from "../paragraphs.js";
import { cellText, lineReach, lowerBound, mergeIntervals, toLines, type Glyph, type Line } from "./layout.js";
import { spend, STAGES } from "./work.js";

export interface FreeCell {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface FreeRow {
  top: number;
  cells: FreeCell[];
}

/** Gaps narrower than this (in font sizes) are word spaces, not column gutters. */
const MIN_GUTTER = 0.7;

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor(s.length * q)] as number);
}

const median = (values: number[]): number => quantile(values, 0.5);

/** Where a line's glyphs reach above and below its baseline (ascent and descent of a CJK face). */
const lineTop = (l: Line): number => l.y - l.size * 0.88;
const lineBottom = (l: Line): number => l.y + l.size * 0.12;

/** Two lines whose sizes differ by this ratio or more are no lines of one cell. */
const RESIZED = 1.2;
/** A blank strip at least this high (in font sizes) between two lines separates table rows. */
const ROW_GAP = 0.75;
/**
 * …and so does one this much higher than the page's usual white between two lines of a cell: cells
 * padded by 0.3 mm and nothing else leave 1.7 pt more between rows, 0.17 of a 10 pt size (a cell's
 * lines keep one pitch; over 89 renderings no other band was parted by going from 0.25 to this).
 */
const ROW_GAP_OVER_LINES = 0.12;

/**
 * Lines grouped into bands: a new band at a wide vertical gap or across a horizontal rule. A page
 * set solid (lines of a cell with almost no white between them) parts rows at less: cells padded
 * by 1 mm and nothing else, no rule, no tint, leave 0.6 of a size between rows.
 */
function bands(lines: Line[], unsorted: RowRule[], shading: Shade[] = []): Line[][] {
  // Bound: O((L + R) log R) for L lines and R rules; each gap meets only the rules inside it; the
  // tints are swept once top to bottom, each line meeting the ones open at its height.
  // Rules by height, so that each gap between two lines meets only the rules inside it.
  const rules = [...unsorted].sort((a, b) => a.y - b.y);
  const heights = rules.map((r) => r.y);
  const usual = usualLineGap([lines]);
  const tints = [...shading].sort((a, b) => a.y0 - b.y0);
  let nextTint = 0;
  // Tints open at the current line, each with whether the current band has ink inside it.
  let open: Array<{ tint: Shade; inked: boolean }> = [];
  const inside = (t: Shade, l: Line): boolean => l.glyphs.some((g) => g.ch.trim() !== "" && (g.x0 + g.x1) / 2 > t.x0 && (g.x0 + g.x1) / 2 < t.x1 && l.y > t.y0 && l.y - l.size / 2 < t.y1);
  const out: Line[][] = [];
  let current: Line[] = [];
  let bottom = -Infinity;
  let left = Infinity;
  let right = -Infinity;
  for (const [index, line] of lines.entries()) {
    const top = lineTop(line);
    while (nextTint < tints.length && (tints[nextTint] as Shade).y0 <= top) open.push({ tint: tints[nextTint++] as Shade, inked: false });
    open = open.filter((o) => o.tint.y1 > bottom || o.tint.y1 > top);
    spend(STAGES.bands, open.length * (line.glyphs.length + 1));
    // A tinted cell whose text is spaced out down its height (優 | 先 | 順 | 位 letter-spaced down a
    // tall label cell) is one cell: its first lines above the row's other text, or its last lines
    // below it, standing inside the tint and nothing else there, part no row from it. Not where
    // the tint lies behind all the text there (a box around a whole sheet is no cell), nor across
    // text of two cells (tinted cells stacked are often one rectangle).
    const within = (l: Line, t: Shade): boolean => l.x0 >= t.x0 - l.size * 0.1 && l.x1 <= t.x1 + l.size * 0.1;
    const restWithin = (t: Shade): boolean => {
      for (let k = index; k < lines.length && lineTop(lines[k] as Line) < t.y1; k++) {
        spend(STAGES.bands, 1);
        if (!within(lines[k] as Line, t)) return false;
      }
      return true;
    };
    // Tinted cells side by side, their text spaced down each (重 部 優 | 点 局 先 | … a line across
    // three label cells), the row's values set at its foot: the band so far is those cells' first
    // lines when each of its glyphs stands in one of the tints this line's white lies inside of,
    // the band starts at their top, and this line stands outside them all.
    const spanning = current.length > 0 ? open.filter((o) => o.tint.y0 < bottom && o.tint.y1 > top).map((o) => o.tint) : [];
    const inTint = (g: Glyph, t: Shade, size: number): boolean => (g.x0 + g.x1) / 2 > t.x0 - size * 0.1 && (g.x0 + g.x1) / 2 < t.x1 + size * 0.1;
    const cellsFirstLines =
      spanning.length >= 2 &&
      lineTop(current[0] as Line) - Math.min(...spanning.map((t) => t.y0)) < line.size * 2 &&
      current.every((l) => l.glyphs.every((g) => g.ch.trim() === "" || spanning.some((t) => inTint(g, t, l.size)))) &&
      line.glyphs.some((g) => g.ch.trim() !== "" && !spanning.some((t) => inTint(g, t, line.size)));
    const withinTint =
      cellsFirstLines ||
      (current.length > 0 &&
      open.some((o) => {
        const t = o.tint;
        if (!(t.y0 < bottom && t.y1 > top)) return false;
        const outside = Math.min(left, line.x0) < t.x0 - line.size || Math.max(right, line.x1) > t.x1 + line.size;
        if (!outside) return false;
        // The band so far is the cell's first lines: it starts at the tint's top.
        const firstLines = current.every((l) => within(l, t)) && lineTop(current[0] as Line) - t.y0 < line.size * 2;
        // This line starts the cell's last lines: they end at the tint's foot.
        const lastLines = o.inked && within(line, t) && restWithin(t);
        return firstLines || lastLines;
      }));
    const parted = top - bottom > Math.max(0, usual) + line.size * SHADE_GAP;
    const ruled =
      current.length > 0 &&
      ruleAcross(rules, heights, parted, bottom - line.size * 0.1, top + line.size * 0.1, Math.min(left, line.x0), Math.max(right, line.x1));
    const wide = top - bottom > Math.min(line.size * ROW_GAP, Math.max(0, usual) + line.size * ROW_GAP_OVER_LINES);
    // A line in another size right under one it overlaps, with white between them, is another row:
    // a title printed just above the table (a cell's lines share one size; lines of two cells side
    // by side do not overlap).
    const prev = current[current.length - 1];
    const resized =
      prev !== undefined &&
      Math.max(prev.size, line.size) >= RESIZED * Math.min(prev.size, line.size) &&
      top > lineBottom(prev) &&
      Math.min(prev.x1, line.x1) > Math.max(prev.x0, line.x0);
    if (current.length > 0 && ((wide && !withinTint) || ruled || resized)) {
      out.push(current);
      current = [];
      bottom = -Infinity;
      left = Infinity;
      right = -Infinity;
      for (const o of open) o.inked = false;
    }
    current.push(line);
    for (const o of open) if (!o.inked && inside(o.tint, line)) o.inked = true;
    bottom = Math.max(bottom, lineBottom(line));
    left = Math.min(left, line.x0);
    right = Math.max(right, line.x1);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** A horizontal rule, or the top or bottom edge of a shaded area (x0, x1 infinite: it ends a row wherever it is). */
export interface RowRule {
  y: number;
  x0: number;
  x1: number;
  shade?: boolean;
}

/**
 * White (in font sizes, over the usual between lines) that a shaded area's edge needs to part rows:
 * more than a measuring error (lines of one cell stand at one pitch to a hundredth of a point), less
 * than the least padding seen between two rows, Calc's 0.7 pt over its line pitch at 12 pt (0.06).
 */
const SHADE_GAP = 0.05;

/**
 * Whether rules between heights a and b (shading edges too, where `withShades`) run under at least
 * half of [x0, x1] (the text they would part): a table's row rule does, drawn whole or cell by
 * cell; a short rule in one empty cell (a word processor draws an empty shaded cell as a thin bar)
 * ends no row of the others.
 */
function ruleAcross(rules: RowRule[], heights: number[], withShades: boolean, a: number, b: number, x0: number, x1: number): boolean {
  // `rules` ascending by height (`heights`): the ones strictly between a and b, by bisection.
  const here: RowRule[] = [];
  for (let i = lowerBound(heights, a); i < rules.length && (rules[i] as RowRule).y < b; i++) {
    const r = rules[i] as RowRule;
    if (r.y > a && (withShades || !r.shade)) here.push(r);
  }
  spend(STAGES.bands, here.length + 1);
  if (here.length === 0) return false;
  if (!(x1 > x0)) return true;
  let covered = 0;
  for (const [p, q] of mergeIntervals(here.map((r) => [r.x0, r.x1]))) covered += Math.max(0, Math.min(q, x1) - Math.max(p, x0));
  return covered >= 0.5 * (x1 - x0);
}

/** In a band of several lines, a narrower strip is a gutter when text stands on both sides of it in two lines or more. */
const MIN_RIVER = 0.35;

/**
 * Column boundaries of a band: midpoints of the white strips that run through all its lines.
 * O(n log n): spans sorted once; how many lines have text on both sides of a strip is counted in
 * one sweep (strips come left to right, so a line's first glyph's end and last glyph's start need
 * be compared only once each).
 */
function gutters(band: Line[]): { boundaries: number[]; narrow: Set<number>; size: number } {
  const glyphs = band.flatMap((l) => l.glyphs).filter((g) => g.ch.trim() !== "");
  const size = median(glyphs.map((g) => g.size)) || 10;
  const spans = glyphs.map((g) => [g.x0, g.x1] as [number, number]).sort((a, b) => a[0] - b[0]);
  spend(STAGES.columns, spans.length + band.length);
  // Each line with text: where its leftmost text ends and its rightmost starts. A line has text on
  // both sides of a strip [end, x0] when the one is at most end and the other at least x0.
  const sides = band
    .map((l) => {
      let firstEnd = Infinity;
      let lastStart = -Infinity;
      for (const g of l.glyphs) {
        if (g.ch.trim() === "") continue;
        firstEnd = Math.min(firstEnd, g.x1);
        lastStart = Math.max(lastStart, g.x0);
      }
      return { firstEnd, lastStart };
    })
    .filter((l) => l.firstEnd !== Infinity)
    .sort((a, b) => a.firstEnd - b.firstEnd);
  // Lines whose text starts left of the strip, by where their text last starts (a min-heap): those
  // starting before the strip's right edge are dropped for good (strips only move right).
  const heap: number[] = [];
  let entered = 0;
  const across = (end: number, x0: number): number => {
    while (entered < sides.length && (sides[entered] as { firstEnd: number }).firstEnd <= end + 0.01) {
      const start = (sides[entered] as { lastStart: number }).lastStart;
      if (start >= x0 - 0.01) heapPush(heap, start);
      entered++;
    }
    while (heap.length > 0 && (heap[0] as number) < x0 - 0.01) heapPop(heap);
    spend(STAGES.columns, 1);
    return heap.length;
  };
  const boundaries: number[] = [];
  const narrow = new Set<number>();
  let end = -Infinity;
  for (const [x0, x1] of spans) {
    const gap = x0 - end;
    if (end !== -Infinity && gap >= size * MIN_RIVER) {
      const at = (end + x0) / 2;
      // Lines with text on both sides of the strip: a word space shows in one line, a column in many.
      if (gap >= size * MIN_GUTTER) boundaries.push(at);
      else if (across(end, x0) >= 2) {
        boundaries.push(at);
        narrow.add(at);
      }
    }
    end = Math.max(end, x1);
  }
  return { boundaries: narrow.size === 0 ? boundaries : boundaries.filter((b) => !narrow.has(b) || !insideWrappedLine(band, boundaries, b, narrow)), narrow, size };
}

/**
 * Whether a narrow strip is a word space in the first line of a paragraph that wraps (第２編 第１章
 * 第２節 保育サービスの充 | 実): between the wide strips around it, the text right of it stands on
 * one line only, and the line under that one goes on at the column's start, left of it. Other
 * columns' lines elsewhere in the band (a label stacked beside it) had passed for text on both of
 * its sides. Where the columns' own gutters are narrow too (Calc's padding), the strips next to it
 * bound the paragraph, and the line must draw a space in the strip (第5編 都市基盤・生活基盤 | 第):
 * producers draw no space between two cells. `spaceDrawn` asks for that space in either case.
 */
function insideWrappedLine(band: Line[], boundaries: number[], at: number, narrow: Set<number>, spaceDrawn = false): boolean {
  const wide = boundaries.filter((b) => !narrow.has(b));
  const drawsSpace = (line: Line | undefined): boolean => line !== undefined && line.glyphs.some((g) => g.ch.trim() === "" && g.x0 <= at && g.x1 >= at);
  const inWide = wrapsAt(band, Math.max(-Infinity, ...wide.filter((b) => b < at)), Math.min(Infinity, ...wide.filter((b) => b > at)), at);
  if (inWide && (!spaceDrawn || drawsSpace(inWide))) return true;
  return drawsSpace(wrapsAt(band, Math.max(-Infinity, ...boundaries.filter((b) => b < at)), Math.min(Infinity, ...boundaries.filter((b) => b > at)), at));
}

/** The line a paragraph between `left` and `right` wraps at `at` in (see insideWrappedLine), if it does. */
function wrapsAt(band: Line[], left: number, right: number, at: number): Line | undefined {
  const inside = (g: Glyph): boolean => g.ch.trim() !== "" && g.x0 >= left && g.x1 <= right;
  const linesRight = band.filter((l) => l.glyphs.some((g) => inside(g) && g.x0 > at));
  if (linesRight.length !== 1) return undefined;
  // The next line down with text between the strips (other columns' lines, at their own heights
  // where cells align to the middle or bottom, stand between).
  const wrapped = linesRight[0] as Line;
  // A word space has the line's text on both of its sides (a value beside a label stacked over
  // two lines has none left of the strip on its own line).
  if (!wrapped.glyphs.some((g) => inside(g) && g.x1 <= at)) return undefined;
  const next = band.slice(band.indexOf(wrapped) + 1).find((l) => l.glyphs.some(inside));
  if (!next) return undefined;
  const below = next.glyphs.filter(inside);
  const start = Math.min(...band.flatMap((l) => l.glyphs.filter(inside).map((g) => g.x0)));
  return below.length > 0 && below.every((g) => g.x1 <= at) && Math.abs((below[0] as Glyph).x0 - start) < (below[0] as Glyph).size * 0.5 ? wrapped : undefined;
}

function heapPush(heap: number[], v: number): void {
  let i = heap.push(v) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) <= v) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = v;
}

function heapPop(heap: number[]): void {
  const last = heap.pop() as number;
  if (heap.length === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const r = l + 1;
    const c = r < heap.length && (heap[r] as number) < (heap[l] as number) ? r : l;
    if ((heap[c] as number) >= last) break;
    heap[i] = heap[c] as number;
    i = c;
  }
  heap[i] = last;
}

interface Template {
  /** Column boundaries (x of the gutters); columns are the intervals between them. */
  boundaries: number[];
  /** Where the text of the bands that used it starts. */
  x0: number;
}

/** The column x falls in: the number of boundaries (ascending) left of it. O(log n). */
function columnOf(boundaries: number[], x: number): number {
  spend(STAGES.columns, 1);
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x > (boundaries[mid] as number)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Glyphs by the column their middle falls in. */
function byColumn(glyphs: Glyph[], boundaries: number[]): Map<number, Glyph[]> {
  const columns = new Map<number, Glyph[]>();
  for (const g of glyphs) {
    const k = columnOf(boundaries, (g.x0 + g.x1) / 2);
    (columns.get(k) ?? columns.set(k, []).get(k))?.push(g);
  }
  return columns;
}

/**
 * Whether every chunk of a band lies within one column of the template, and the template parts
 * them: chunks its gutters part that all fall in one of the template's columns are a table of
 * their own beside it (the next sheet's header row, printed to the right of an item table).
 */
function fits(template: { boundaries: number[] }, chunks: Array<{ x0: number; x1: number }>, slack: number): boolean {
  const columns = new Set<number>();
  for (const c of chunks) {
    const k = columnOf(template.boundaries, c.x0 + slack);
    if (k !== columnOf(template.boundaries, c.x1 - slack)) return false;
    columns.add(k);
  }
  return columns.size >= 2 || chunks.length < 2;
}

interface BandInfo {
  lines: Line[];
  glyphs: Glyph[];
  size: number;
  /** The band's own column boundaries (its gutters) and the chunks between them. */
  boundaries: number[];
  chunks: Array<{ x0: number; x1: number; glyphs: Glyph[] }>;
  /** The boundary between the two remarks of a 特記事項 row, when the band has their labels. */
  remarkEdge?: number | undefined;
}

/** A shaded rectangle of the page in display space (x right, y down). */
export interface Shade {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** A tinted cell, not a tinted paragraph or word: an edge of it is a cell's edge (layout.ts, cellEdgeHeights). */
  cell?: boolean;
}

/** Full-width punctuation inked on one half of its box: closing marks on the left, opening on the right. */
const CLOSING = /^[、。，．」』）】〕］｝〉》]$/u;
const OPENING = /^[「『（【〔［｛〈《]$/u;

/**
 * Where a glyph's ink is: its box, less the empty half of full-width punctuation (a browser trims a
 * closing bracket at a line's end to half its width, so its box from the run's width overhangs).
 */
function inkSpan(g: Glyph): [number, number] {
  const half = (g.x1 - g.x0) / 2;
  if (CLOSING.test(g.ch)) return [g.x0, g.x1 - half];
  if (OPENING.test(g.ch)) return [g.x0 + half, g.x1];
  return [g.x0, g.x1];
}

/**
 * Column boundaries the page's shading draws through a band: the left and right edges of a shaded
 * cell (a label printed on a tint) beside the band's lines, where no glyph crosses the edge, and
 * every line with text on both sides leaves some white at it (a highlighted word in running text
 * touches its neighbours). Cells with little padding leave a gap narrower than a gutter between a
 * label and its value; the tint's edge is where the rule would be. A word processor tints the
 * label's paragraph, not its cell: the shade need cover one line of the band, not all of them.
 */
function shadeEdges(band: Line[], glyphs: Glyph[], shading: Shade[]): number[] {
  if (shading.length === 0 || glyphs.length === 0) return [];
  const top = Math.min(...band.map(lineTop));
  const bottom = Math.max(...band.map(lineBottom));
  const lineHeight = Math.min(...band.map((l) => l.size));
  const left = Math.min(...glyphs.map((g) => g.x0));
  const right = Math.max(...glyphs.map((g) => g.x1));
  const near = shadesNear(shading, top, bottom);
  spend(STAGES.columns, near.length + 1);
  const edges: number[] = [];
  let lines: LineInk[] | undefined;
  // Shaded cells of one column share their edges: each place is asked about once.
  const clear = new Map<string, boolean>();
  for (const shade of near) {
    const covered = Math.min(shade.y1, bottom) - Math.max(shade.y0, top);
    if (covered < Math.min(0.5 * (bottom - top), 0.8 * lineHeight)) continue;
    for (const x of [shade.x0, shade.x1]) {
      if (x <= left || x >= right) continue;
      // A tinted cell (shade.cell) is a cell whatever its text does: its edge needs no white beside it.
      const white = shade.cell ? 0 : SHADE_EDGE_WHITE;
      const asked = `${x}:${white}`;
      let ok = clear.get(asked);
      if (ok === undefined) {
        lines ??= band.map(lineInk);
        spend(STAGES.columns, lines.length);
        const all = lines;
        ok = all.every((line) => line.clearAt(x, white));
        clear.set(asked, ok);
      }
      if (ok) edges.push(x);
    }
  }
  return edges;
}

/** Shaded areas by their tops, with the tallest one's height: built once per page's shading. */
const SHADE_INDEX = new WeakMap<Shade[], { byTop: Shade[]; tops: number[]; tallest: number }>();

/**
 * The shaded areas that may overlap [top, bottom]: those whose top lies within the tallest area's
 * height above it, by bisection (a page's bands each ask; tints are cells, far shorter than the page).
 */
function shadesNear(shading: Shade[], top: number, bottom: number): Shade[] {
  let index = SHADE_INDEX.get(shading);
  if (!index) {
    const byTop = [...shading].sort((a, b) => a.y0 - b.y0);
    index = { byTop, tops: byTop.map((f) => f.y0), tallest: Math.max(0, ...byTop.map((f) => f.y1 - f.y0)) };
    spend(STAGES.columns, shading.length);
    SHADE_INDEX.set(shading, index);
  }
  const out: Shade[] = [];
  for (let i = lowerBound(index.tops, top - index.tallest); i < index.byTop.length && (index.byTop[i] as Shade).y0 < bottom; i++) out.push(index.byTop[i] as Shade);
  return out;
}

/** A line's ink by the middle of each glyph, to ask at any x whether the line leaves white there. */
interface LineInk {
  clearAt(x: number, white?: number): boolean;
}

/**
 * Whether a line leaves white at x: no glyph's ink crosses x (by more than a tenth of its size: a
 * box from the run's width may overhang its ink a little), and the ink left and right of it stands
 * SHADE_EDGE_WHITE apart. Glyphs sorted by their middles once, with running extremes, so each x is
 * a bisection: O(log n) a question after O(n log n).
 */
function lineInk(line: Line): LineInk {
  const items = line.glyphs
    .filter((g) => g.ch.trim() !== "")
    .map((g) => {
      const [a, b] = inkSpan(g);
      return { a, b, mid: (a + b) / 2, slack: g.size * 0.1 };
    })
    .sort((p, q) => p.mid - q.mid);
  spend(STAGES.columns, items.length);
  const n = items.length;
  // Left of each index (glyphs whose middle is left of x): the furthest right reach, and the
  // furthest right reach less slack (a glyph whose middle is left of x crosses it iff that passes x).
  const rightmost = new Float64Array(n);
  const crossingRight = new Float64Array(n);
  // From each index on: the furthest left start, and the start plus slack.
  const leftmost = new Float64Array(n);
  const crossingLeft = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const it = items[i] as (typeof items)[number];
    rightmost[i] = Math.max(i > 0 ? (rightmost[i - 1] as number) : -Infinity, it.b);
    crossingRight[i] = Math.max(i > 0 ? (crossingRight[i - 1] as number) : -Infinity, it.b - it.slack);
  }
  for (let i = n - 1; i >= 0; i--) {
    const it = items[i] as (typeof items)[number];
    leftmost[i] = Math.min(i < n - 1 ? (leftmost[i + 1] as number) : Infinity, it.a);
    crossingLeft[i] = Math.min(i < n - 1 ? (crossingLeft[i + 1] as number) : Infinity, it.a + it.slack);
  }
  return {
    clearAt(x: number, white = SHADE_EDGE_WHITE): boolean {
      // Glyphs [0, p) have their middle at or left of x.
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if ((items[m] as (typeof items)[number]).mid <= x) lo = m + 1;
        else hi = m;
      }
      const p = lo;
      if (p > 0 && (crossingRight[p - 1] as number) > x) return false;
      if (p < n && (crossingLeft[p] as number) < x) return false;
      const before = p > 0 ? (rightmost[p - 1] as number) : -Infinity;
      const after = p < n ? (leftmost[p] as number) : Infinity;
      return before === -Infinity || after === Infinity || after - before >= line.size * white;
    },
  };
}

/** White (in font sizes) a line must leave at a shade's edge for the edge to part columns. */
const SHADE_EDGE_WHITE = 0.15;

/**
 * Gutter boundaries and shading edges together: a gutter in the same white strip as an edge yields
 * to it. O(n log n): whether text stands between two places is a bisection in the glyphs by their
 * left edge with the furthest right reach so far; and since more text stands between places further
 * apart, a boundary need be tried against the nearest edge on each side only, and an edge against
 * the last one kept.
 */
function withEdges(boundaries: number[], edges: number[], glyphs: Glyph[]): number[] {
  if (edges.length === 0) return boundaries;
  const byLeft = [...glyphs].sort((p, q) => p.x0 - q.x0);
  spend(STAGES.columns, byLeft.length + boundaries.length + edges.length);
  const lefts = byLeft.map((g) => g.x0);
  const reach = new Float64Array(byLeft.length);
  byLeft.forEach((g, i) => (reach[i] = Math.max(i > 0 ? (reach[i - 1] as number) : -Infinity, g.x1)));
  // Some glyph with x1 > lo and x0 < hi.
  const between = (a: number, b: number): boolean => {
    const k = lowerBound(lefts, Math.max(a, b));
    return k > 0 && (reach[k - 1] as number) > Math.min(a, b);
  };
  const sorted = [...edges].sort((a, b) => a - b);
  const kept = boundaries.filter((b) => {
    const right = lowerBound(sorted, b);
    // The nearest edge at or right of b, and at or left of it.
    const nearRight = sorted[right];
    let leftAt = right;
    while (leftAt < sorted.length && sorted[leftAt] === b) leftAt++;
    const nearLeft = sorted[leftAt - 1];
    return (nearRight === undefined || between(b, nearRight)) && (nearLeft === undefined || between(nearLeft, b));
  });
  const distinct: number[] = [];
  for (const e of sorted) {
    const last = distinct[distinct.length - 1];
    if (last === undefined || between(last, e)) distinct.push(e);
  }
  return [...kept, ...distinct].sort((a, b) => a - b);
}

/**
 * Runs of glyphs that start with ○ and go on in the lines below that start where it does (up to
 * three): a remark's label that wraps in a narrow cell (…向上を考|慮した点), with the other cell's
 * lines between its two.
 */
function wrappedLabelRuns(band: Line[]): Glyph[][] {
  // Bound: O(G) to segment, then O(L) lines looked down per ○ segment (a few per band; counted).
  const segments = band.map((line) => {
    const out: Glyph[][] = [];
    for (const g of line.glyphs) {
      if (g.ch.trim() === "") continue;
      const current = out[out.length - 1];
      const last = current?.[current.length - 1];
      // A ○ starts a segment of its own: the next label may stand a word space on.
      if (current && last && g.x0 - last.x1 < line.size * 0.5 && !/^[○◯〇●◎]$/u.test(g.ch)) current.push(g);
      else out.push([g]);
    }
    return out;
  });
  const runs: Glyph[][] = [];
  segments.forEach((lineSegments, i) => {
    for (const segment of lineSegments) {
      const head = segment[0];
      if (!head || !/^[○◯〇●◎]$/u.test(head.ch)) continue;
      const run = [...segment];
      let chained = 0;
      for (let j = i + 1; j < segments.length && chained < 3; j++) {
        spend(STAGES.labels, (segments[j] as Glyph[][]).length + 1);
        // The part of a segment from where the label's lines start: 特記事 may stand just left of
        // them on a line, closer than a word space (Writer centres it beside the wrapped label).
        const next = segments[j]
          ?.map((s) => s.slice(Math.max(0, s.findIndex((g) => Math.abs(g.x0 - head.x0) < head.size * 0.5))))
          .find((s) => s[0] !== undefined && Math.abs(s[0].x0 - head.x0) < head.size * 0.5);
        if (!next || /^[○◯〇●◎]$/u.test(next[0]?.ch ?? "")) continue;
        run.push(...next);
        chained++;
      }
      if (chained > 0) runs.push(run);
    }
  });
  return runs;
}

/**
 * The boundary between the two remarks of a 特記事項 row, from their ○ labels (on one line, on two
 * when the cells are centred vertically with different line counts, or wrapped): like the item
 * header's labels, they fix the columns below them, at the white strip between them that no line of
 * the band crosses and the second remark's lines start after (mostAligned; the two cells may stand
 * closer than a gutter).
 */
function remarkBoundary(band: Line[], glyphs: Glyph[], size: number): number[] {
  // Bound: O(G log G): one label search per line, one merge of the band's ink.
  let first: Glyph | undefined;
  let a: Glyph | undefined;
  let b: Glyph | undefined;
  for (const inked of [...band.map((line) => line.glyphs.filter((g) => g.ch.trim() !== "")), ...wrappedLabelRuns(band)]) {
    const text = inked.map((g) => g.ch).join("");
    // Each glyph is one character here (runs are split evenly), so text indices are glyph indices.
    if ([...text].length !== inked.length) continue;
    for (const hit of findRemarkLabels(text)) {
      if (hit.key === "participation") {
        first ??= inked[hit.start];
        a ??= inked[hit.end - 1];
      } else b ??= inked[hit.start];
    }
    if (a && b) break;
  }
  if (!a || !b || !first || b.x0 <= a.x1) return [];
  const starts = glyphs.map((g) => g.x0).sort((p, q) => p - q);
  const ink = mergeIntervals(glyphs.map(inkSpan));
  const best = mostAligned(whiteStrips(ink, a.x1, b.x0, size * MIN_ANCHORED_STRIP), starts, size);
  if (!best) return [];
  // 特記事項 beside the first remark, closer than a gutter (LibreOffice: 5 pt at 9 pt): the first
  // remark's label fixes its column's start too, when what stands left of it is that label.
  const left = mostAligned(whiteStrips(ink, Math.min(...glyphs.map((g) => g.x0)), first.x0, size * MIN_ANCHORED_STRIP), starts, size);
  const beside = left ? glyphs.filter((g) => (g.x0 + g.x1) / 2 < left[0]) : [];
  const labelled = beside.length > 0 && matchHeaderLabel(cellText(toLines(beside))) === "remarks";
  return [...(left && labelled ? [(left[0] + left[1]) / 2] : []), (best[0] + best[1]) / 2];
}

/**
 * Column boundaries around header labels: in a column of the band's gutters, white strips through all
 * its lines (MIN_ANCHORED_STRIP wide at least) with exactly a header label between them (or between
 * one and the column's end). Unruled cells with little padding leave a label and its value, or a value and the next
 * label, closer than a gutter (Calc: 1 pt at 4.5 pt), and a label that wraps beside a one-line value
 * leaves no line with text on both sides of the strip, which is what tells a gutter from a word space.
 */
function labelEdges(band: Line[], glyphs: Glyph[], gutterBoundaries: number[], size: number, flushStarts: number[] = []): number[] {
  // Bound: O(G log G) per column sorted, then at most MAX_STRIPS² ranges of at most MAX_LABEL_GLYPHS each.
  // A short label must stand apart on its lines: half a size from its neighbours on both sides and
  // a size on one (a word of running text has neighbours a word space away on both).
  const alone = (label: Glyph[]): boolean => {
    spend(STAGES.labels, glyphs.length);
    const inLabel = new Set(label);
    const x0 = Math.min(...label.map((g) => g.x0));
    const x1 = Math.max(...label.map((g) => g.x1));
    return band.every((line) => {
      if (!line.glyphs.some((g) => inLabel.has(g))) return true;
      let left = Infinity;
      let right = Infinity;
      for (const g of line.glyphs) {
        if (inLabel.has(g) || g.ch.trim() === "") continue;
        if (g.x1 <= x0 + 0.01) left = Math.min(left, x0 - g.x1);
        else if (g.x0 >= x1 - 0.01) right = Math.min(right, g.x0 - x1);
        else return false;
      }
      return Math.min(left, right) >= size * 0.5 && Math.max(left, right) >= size;
    });
  };
  const edges: number[] = [];
  const lineOf = new Map<Glyph, number>();
  band.forEach((l, k) => l.glyphs.forEach((g) => lineOf.set(g, k)));
  const ordered = [...byColumn(glyphs, gutterBoundaries).entries()].sort((x, y) => x[0] - y[0]).map(([, column]) => column);
  for (const [index, column] of ordered.entries()) {
    // Glyph boxes, not ink: the white half of a bracket inside a label (プラン「7つの挑戦」) is no strip.
    const merged = mergeIntervals(column.map((g) => [g.x0, g.x1] as [number, number]));
    const first = merged[0];
    const last = merged[merged.length - 1];
    if (!first || !last) continue;
    // A label set flush after its value starts where no strip is: its start is a strip of no width.
    const flush = flushStarts.filter((x) => x > first[0] && x < last[1]).map((x) => [x, x] as [number, number]);
    const strips = [...whiteStrips(merged, first[0], last[1], size * MIN_ANCHORED_STRIP), ...flush].sort((p, q) => p[0] - q[0]).slice(0, MAX_STRIPS);
    const mid = (g: Glyph): number => (g.x0 + g.x1) / 2;
    const startOf = (a: number): number => (a === 0 ? -Infinity : (strips[a - 1] as [number, number])[1]);
    // The column's glyphs by their middles: the glyphs between two strips are a range found by
    // bisection (at most MAX_LABEL_GLYPHS are taken), put back in the column's order.
    const byMid = column.map((g, i) => ({ at: mid(g), i })).sort((p, q) => p.at - q.at);
    const mids = byMid.map((m) => m.at);
    spend(STAGES.labels, column.length);
    const between = (lo: number, hi: number): Glyph[] | undefined => {
      // Middles > lo and < hi.
      let from = lowerBound(mids, lo);
      while (from < mids.length && (mids[from] as number) <= lo) from++;
      const to = lowerBound(mids, hi);
      if (to - from > MAX_LABEL_GLYPHS) return undefined;
      spend(STAGES.labels, to - from + 1);
      return byMid
        .slice(from, Math.max(from, to))
        .map((m) => m.i)
        .sort((p, q) => p - q)
        .map((i) => column[i] as Glyph);
    };
    // A label starts at the column's start or after a strip and ends before a later strip: for each
    // end, the label that starts latest, and of labels with one start, the one that ends first. The
    // patterns allow a prefix (a city's name) and words before 位置付け, so a value before or inside
    // a longer span may match too.
    const found: Array<{ a: number; b: number; key: HeaderKey }> = [];
    // b = strips.length: the label ends the column (its value cell is empty).
    for (let b = 0; b <= strips.length; b++) {
      const to = b === strips.length ? Infinity : (strips[b] as [number, number])[0];
      for (let a = b; a >= 0; a--) {
        const label = between(startOf(a), to);
        if (!label) break;
        // …or stand after a strip inside the column, in a band of two lines or more: a strip
        // through every line of such a band is a column's edge (優先順|位 3 pt after the value's
        // wrapped セン|ター, Writer), where one line's strips are word spaces.
        const afterStrip = a > 0 && band.length >= 2;
        if (label.length === 0 || (label.length < MIN_LABEL_GLYPHS && !alone(label) && !afterStrip)) continue;
        const key = matchOneLabel(cellText(toLines(label)));
        if (key === undefined) continue;
        found.push({ a, b, key });
        break;
      }
    }
    // Only a header row: its first column opens with a header label (not 特記事項, whose remarks
    // are running text with their own boundary, nor an item row, whose columns the header fixes).
    if (index === 0 && !found.some((f) => f.a === 0 && f.key !== "remarks")) return [];
    let taken = -1;
    // Of one start's readings as one label, the first ending; but where a reading a character or
    // two longer is the same label and ends at wider white, that one: 均等割付 sets a label's last
    // character apart at the label's own pitch (総 合 … 位 置 付 | け), narrower than the white
    // before its value. (The column's end is its gutter, wider than any strip inside it.)
    const widthOf = (b: number): number => {
      const strip = strips[b];
      return strip ? strip[1] - strip[0] : Infinity;
    };
    const endOf = (b: number): number => (b === strips.length ? Infinity : (strips[b] as [number, number])[0]);
    const chosen = (f: { a: number; b: number; key: HeaderKey }): boolean => {
      const first = found.filter((g) => g.a === f.a).sort((x, y) => x.b - y.b)[0];
      if (!first) return false;
      const tailOf = (g: { b: number }): Glyph[] => column.filter((c) => mid(c) > endOf(first.b) && mid(c) < endOf(g.b));
      // The characters set apart end the label's last line (a value's first word beside a middle
      // line of a label stacked down its cell is no part of it: 「7つの挑 | ２ 子育て…).
      const lastLine = Math.max(...column.filter((c) => mid(c) > startOf(f.a) && mid(c) < endOf(first.b)).map((c) => lineOf.get(c) ?? -1));
      const same = found.filter((g) => {
        if (g.a !== f.a || g.key !== first.key || g.b <= first.b) return false;
        const tail = tailOf(g);
        return tail.length <= MAX_SPACED_CHARS && tail.every((c) => lineOf.get(c) === lastLine);
      });
      const widest = same.reduce((w, g) => (widthOf(g.b) > widthOf(w.b) + size * 0.05 ? g : w), first);
      return widest === f;
    };
    for (const f of found) {
      if (f.a <= taken || !chosen(f)) continue;
      const before = strips[f.a - 1];
      const after = strips[f.b];
      if (before) edges.push((before[0] + before[1]) / 2);
      if (after) edges.push((after[0] + after[1]) / 2);
      taken = f.b;
    }
  }
  return edges;
}

/**
 * Where header labels start that are set flush after the value before them, with no white through
 * all the lines between (…魅力ある都|まち・ひと・しごと, 都 and ま touching): where the glyphs right of
 * a place read as one header label, and every line with text right of it has a glyph starting there
 * and none across it, and one of those lines has nothing left of it, labelEdges takes that place for
 * a strip of no width. The label's lines starting at one place, one of them a line of its own, is the
 * evidence a strip would have been: a value's wrapped lines do not start mid-column. Places
 * tried are where a line of the column starts or a word starts after white (a label's other lines
 * start there), right to left: the shortest reading is the label, a longer one takes in the value's
 * words as a prefix. Only in header rows (the first column is a header label other than 特記事項).
 * O(C · G) for C places tried (at most MAX_STRIPS a column).
 */
function alignedLabelStarts(band: Line[], glyphs: Glyph[], columnBoundaries: number[], size: number): number[] {
  if (band.length < 2) return [];
  const ordered = [...byColumn(glyphs, columnBoundaries).entries()].sort((x, y) => x[0] - y[0]).map(([, column]) => column);
  const head = ordered[0];
  if (!head) return [];
  spend(STAGES.labels, glyphs.length);
  const headKey = matchOneLabel(cellText(toLines(head)));
  if (headKey === undefined || headKey === "remarks") return [];
  const slack = size * 0.1;
  const edges: number[] = [];
  for (const column of ordered.slice(1)) {
    const inColumn = new Set(column);
    const lines = band.map((l) => l.glyphs.filter((g) => inColumn.has(g) && g.ch.trim() !== "").sort((a, b) => a.x0 - b.x0)).filter((l) => l.length > 0);
    if (lines.length < 2) continue;
    const start = Math.min(...column.map((g) => g.x0));
    const places: number[] = [];
    for (const line of lines) {
      line.forEach((g, i) => {
        const prev = line[i - 1];
        if ((prev === undefined || g.x0 - prev.x1 >= size * 0.2) && g.x0 > start + size) places.push(g.x0);
      });
    }
    const distinct = [...new Set(places.map((x) => Math.round(x / slack)))].map((k) => k * slack).sort((a, b) => b - a).slice(0, MAX_STRIPS);
    for (const at of distinct) {
      spend(STAGES.labels, column.length);
      let fits = true;
      const right: Glyph[] = [];
      let starts = 0;
      // A line of the label's own, nothing left of it: evenly spread lines (均等割付 sets every other
      // glyph of the line above's pitch) meet at many places with text on both sides.
      let own = false;
      for (const line of lines) {
        let here = false;
        for (const g of line) {
          if (g.x0 < at - slack && g.x1 > at + slack) fits = false;
          if (g.x0 >= at - slack) {
            right.push(g);
            if (Math.abs(g.x0 - at) <= slack) here = true;
          }
        }
        if (line.some((g) => g.x0 >= at - slack)) {
          if (!here) fits = false;
          starts++;
          if (line.every((g) => g.x0 >= at - slack)) own = true;
        }
        if (!fits) break;
      }
      if (!fits || !own || starts < 2 || right.length < MIN_LABEL_GLYPHS || right.length > MAX_LABEL_GLYPHS || right.length === column.length) continue;
      const key = matchOneLabel(cellText(toLines(right)));
      if (key === undefined || key === "remarks") continue;
      edges.push(at - slack / 2);
      break;
    }
  }
  return edges;
}

/**
 * Glyphs a label must have to part columns here wherever it stands: short labels (年度, 課, 効果,
 * 順位) are words of running text too, and part columns only when they stand apart on their lines
 * (部局名 half a size after a title that wraps around it, its value far to the right).
 */
const MIN_LABEL_GLYPHS = 5;
/** Glyphs a header label may have (its compact form is at most 60 characters, with some slack). */
const MAX_LABEL_GLYPHS = 80;
/** Strips of one column looked at for labels (a line of spaced-out words has many). */
const MAX_STRIPS = 40;

function bandInfo(band: Line[], shading: Shade[] = [], carriedEdges: number[] = []): BandInfo {
  // Bound: O(G log G + S) for G glyphs and S shaded areas: each stage below is.
  const glyphs = band.flatMap((l) => l.glyphs).filter((g) => g.ch.trim() !== "");
  const { boundaries: gutterBoundaries, narrow, size } = gutters(band);
  const remarks = remarkBoundary(band, glyphs, size);
  // Labels are looked for within the columns the tints bound too: a label flush against the value
  // before it reads, with that value, as the label with a prefix (保育サービスの充|まち・ひと…位置付け).
  const shades = shadeEdges(band, glyphs, shading);
  const columns = shades.length === 0 ? gutterBoundaries : [...gutterBoundaries, ...shades].sort((a, b) => a - b);
  const spread = spreadLabels(band, size);
  const edges = [...shades, ...remarks, ...carriedEdges, ...labelEdges(band, glyphs, columns, size, alignedLabelStarts(band, glyphs, columns, size)), ...spread.edges];
  // No column edge inside a label its spacing keeps whole (総 合 … 付 | け: 位置付 reads as one too).
  const outside = (x: number): boolean => !spread.labels.some(([a, b]) => x > a && x < b);
  let parted = withEdges(gutterBoundaries, edges.filter(outside), glyphs).filter(outside);
  // A narrow strip is looked at again between the edges found since (a label flush against the
  // value before it, 都市計|優先順位, ends that value's column): it may be a word space of a line
  // that wraps there.
  if (edges.length > 0 && parted.some((b) => narrow.has(b))) {
    const all = parted;
    // Labels' edges bound columns more tightly than gutters did, and a label stacked beside its
    // value would pass for a wrapped line there: the line must draw its space in the strip.
    parted = all.filter((b) => !narrow.has(b) || !insideWrappedLine(band, all, b, narrow, true));
  }
  const boundaries = keepLabelsWhole(parted, glyphs);
  const chunks = [...byColumn(glyphs, boundaries).entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, gs]) => ({ x0: Math.min(...gs.map((g) => g.x0)), x1: Math.max(...gs.map((g) => g.x1)), glyphs: gs }));
  return { lines: band, glyphs, size, boundaries, chunks, remarkEdge: remarks[remarks.length - 1] ?? carriedEdges[0] };
}

/** White between a spread label's characters (font sizes) at least: text set solid has none. */
const MIN_SPREAD = 0.15;
/** How far (font sizes) a spread label's gaps may differ from each other: a justified line's are equal to a hundredth of a point. */
const PITCH_SLACK = 0.1;

/**
 * Edges around labels spread across their cells (均等割付) that abut their neighbours: a line's
 * glyphs parted into runs by their spacing, a run of three or more with one even gap of white
 * between them (a glyph belongs to the run whose gap it continues: the label's last character, set
 * flush against the value after it, stands at the label's pitch from the one before), which reads
 * as a header or item header label, is a column of its own. 総合計画における位置付 | け第5編… and
 * …ように）期間・期限（…）数 | 値目標: Calc sets the cells' text flush, no gutter between. The
 * labels' extents come back too: no column edge stands inside one. O(G) a band.
 */
function spreadLabels(band: Line[], size: number): { edges: number[]; labels: Array<[number, number]> } {
  const edges: number[] = [];
  const labels: Array<[number, number]> = [];
  const all = band.flatMap((l) => l.glyphs).filter((g) => g.ch.trim() !== "");
  for (const [index, line] of band.entries()) {
    const gs = line.glyphs.filter((g) => g.ch.trim() !== "").sort((a, b) => a.x0 - b.x0);
    spend(STAGES.columns, gs.length);
    let i = 0;
    while (i + 2 < gs.length) {
      const gap = (gs[i + 1] as Glyph).x0 - (gs[i] as Glyph).x1;
      if (gap < size * MIN_SPREAD) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j + 1 < gs.length && Math.abs((gs[j + 1] as Glyph).x0 - (gs[j] as Glyph).x1 - gap) <= size * PITCH_SLACK && j - i < MAX_ITEM_LABEL_COLUMNS) j++;
      // The run, or its longest start that reads as a label (a value's first word may follow
      // at the label's own pitch: …位 置 付 け 第5編).
      let end = -1;
      let text = (gs[i] as Glyph).ch;
      for (let k = i + 1; k <= j; k++) {
        text += (gs[k] as Glyph).ch;
        if (k - i >= 2 && (matchHeaderLabel(text) !== undefined || (matchItemHeader(text) !== undefined && textAfterItemLabel(text) === ""))) end = k;
      }
      // The whole run may be a label's first line, its rest wrapped onto the lines under it within
      // the run's span (現 況 ・ 課 | 題, letter-spaced across a narrow cell; 現況・ alone reads as the
      // label too): the run is then that label, whose span no column edge cuts.
      if (j - i >= 2 && end < j) {
        const x0 = (gs[i] as Glyph).x0;
        const x1 = (gs[j] as Glyph).x1;
        const whole = gs.slice(i, j + 1).map((g) => g.ch).join("");
        const short = end >= 0 ? matchHeaderLabel(gs.slice(i, end + 1).map((g) => g.ch).join("")) : undefined;
        let rest = "";
        let wrapped = false;
        for (const below of band.slice(index + 1, index + 1 + MAX_LABEL_LINES)) {
          spend(STAGES.columns, below.glyphs.length);
          const under = below.glyphs.filter((g) => g.ch.trim() !== "");
          if (under.some((g) => g.x1 > x0 - size * 0.1 && g.x0 < x1 + size * 0.1 && (g.x0 < x0 - size * 0.1 || g.x1 > x1 + size * 0.1))) break;
          const inside = under.filter((g) => g.x0 >= x0 - size * 0.1 && g.x1 <= x1 + size * 0.1).sort((a, b) => a.x0 - b.x0);
          if (inside.length === 0) continue;
          rest += inside.map((g) => g.ch).join("");
          const key = matchHeaderLabel(whole + rest);
          if (key !== undefined && matchHeaderLabel(whole) === undefined && (short === undefined || key === short)) wrapped = true;
          break;
        }
        if (wrapped) {
          labels.push([x0, x1]);
          i = j + 1;
          continue;
        }
      }
      if (end >= 0) {
        // Its neighbours on any line of the band (a label centred beside a value of two lines).
        const x0 = (gs[i] as Glyph).x0;
        const x1 = (gs[end] as Glyph).x1;
        const before = Math.max(...all.filter((g) => g.x1 <= x0 + 0.01).map((g) => g.x1));
        const after = Math.min(...all.filter((g) => g.x0 >= x1 - 0.01).map((g) => g.x0));
        if (before > -Infinity) edges.push((before + x0) / 2);
        if (after < Infinity) edges.push((x1 + after) / 2);
        labels.push([x0, x1]);
      }
      i = end >= 0 ? end + 1 : j;
    }
  }
  return { edges, labels };
}

/** Characters a one-line item header label spread across its cell may hold (中間報告（目標に対する進捗状況・進捗度）: 20). */
const MAX_ITEM_LABEL_COLUMNS = 30;
/** Columns a spaced-out label may span (部　局　名 over two lines: three strips of white). */
const MAX_LABEL_COLUMNS = 6;
/**
 * Characters a line of a spaced-out label holds between two of its strips: one where every
 * character stands apart, two where a pair was set closer (均等割付 of an odd count). A column
 * with more on a line is a value's, and a label's patterns, with their slack for words before
 * 位置付け, must not read a value into it.
 */
const MAX_SPACED_CHARS = 2;

/**
 * Boundaries that cut a label apart taken out: a label set with spaces between its characters
 * (letter-spaced, 均等割付) leaves strips of white through every line of it, and columns read at
 * them hold a label's characters each (重標 | 点 | 目). Where columns side by side read together as
 * a header label, and the first alone reads as none or as the same, they are one column.
 * O(n · MAX_LABEL_COLUMNS).
 */
function keepLabelsWhole(boundaries: number[], glyphs: Glyph[]): number[] {
  if (boundaries.length === 0) return boundaries;
  const columns = byColumn(glyphs, boundaries);
  const textOf = (from: number, to: number): string => {
    const gs: Glyph[] = [];
    for (let k = from; k <= to; k++) gs.push(...(columns.get(k) ?? []));
    return gs.length === 0 ? "" : cellText(toLines(gs));
  };
  // A spaced-out label puts a character or two between its strips on each line; a value more.
  const narrow = (k: number): boolean => {
    const perLine = new Map<number, number>();
    for (const g of columns.get(k) ?? []) {
      const line = Math.round(g.y / Math.max(1, g.size * 0.5));
      perLine.set(line, (perLine.get(line) ?? 0) + 1);
    }
    return perLine.size > 0 && Math.max(...perLine.values()) <= MAX_SPACED_CHARS;
  };
  // An item header's label set 均等割付 on one line: one character a column, all at one pitch
  // (取 | 組 | 項 | 目 … | ） across its cell). The last column of the longest such run from `i`
  // that reads as an item label with nothing after it, else -1. The pitch parts it from the next
  // label, whose own prefix would read on. O(MAX_ITEM_LABEL_COLUMNS) columns looked at.
  const single = (k: number): Glyph | undefined => {
    const gs = columns.get(k);
    return gs && gs.length === 1 ? gs[0] : undefined;
  };
  const evenItemLabelEnd = (i: number): number => {
    const first = single(i);
    const second = single(i + 1);
    if (!first || !second || Math.abs(second.y - first.y) > first.size * 0.4) return -1;
    const pitch = second.x0 - first.x0;
    if (pitch < first.size * 1.3) return -1;
    let text = first.ch;
    let end = -1;
    let prev = first;
    for (let j = i + 1; j <= Math.min(boundaries.length, i + MAX_ITEM_LABEL_COLUMNS); j++) {
      const g = single(j);
      if (!g || Math.abs(g.y - first.y) > first.size * 0.4 || Math.abs(g.x0 - prev.x0 - pitch) > first.size * 0.2) break;
      text += g.ch;
      prev = g;
      if (matchItemHeader(text) !== undefined && textAfterItemLabel(text) === "") end = j;
    }
    return end;
  };
  const dropped = new Set<number>();
  const added: number[] = [];
  for (let i = 0; i <= boundaries.length; i++) {
    const alone = textOf(i, i);
    if (alone === "" || !narrow(i)) continue;
    // A column that is a label alone joins the next only to read as the same label (部 | 局 | 名).
    const own = matchHeaderLabel(alone);
    let best = -1;
    let flush: number | undefined;
    for (let j = i + 1; j <= Math.min(boundaries.length, i + MAX_LABEL_COLUMNS); j++) {
      const joined = textOf(i, j);
      if (!narrow(j)) {
        // 均等割付 sets a label's last character flush against its cell's edge, and a value with no
        // white before it starts there (重 | 点 | 目 | 標立地適正化…): that character, standing as far
        // from the one before as the label's others do, ends the label, and a column starts after it.
        const cut = flushLastCharacter(columns, i, j);
        if (cut && matchHeaderLabel(`${textOf(i, j - 1)}${cut.ch}`) !== undefined) {
          best = j - 1;
          flush = cut.at;
        }
        break;
      }
      if (compact(joined).text.length > 30) break;
      const key = matchHeaderLabel(joined);
      if (key !== undefined && (own === undefined || key === own)) best = j;
    }
    if (best < 0 && own === undefined) best = evenItemLabelEnd(i);
    if (i > 0 && !narrow(i - 1) && flush === undefined) {
      // The mirror: a value that fills its cell runs up to a spread label's first character
      // (…まちづくりの部 | 局 | 名): that character, at the label's pitch before the rest, starts it,
      // where the label read with it is the one read without it or none was (局名 is a label too).
      const without = best >= 0 ? matchHeaderLabel(textOf(i, best)) : undefined;
      let first: { best: number; at: number } | undefined;
      for (let j = i; j <= Math.min(boundaries.length, i + MAX_LABEL_COLUMNS - 1) && narrow(j); j++) {
        const cut = flushFirstCharacter(columns, i, j);
        const key = cut ? matchHeaderLabel(`${cut.ch}${textOf(i, j)}`) : undefined;
        if (cut && key !== undefined && (without === undefined || key === without)) first = { best: j, at: cut.at };
      }
      if (first) {
        best = first.best;
        dropped.add(i - 1);
        added.push(first.at);
      }
    }
    if (best < 0) continue;
    for (let k = i; k < best; k++) dropped.add(k);
    if (flush !== undefined) {
      dropped.add(best);
      added.push(flush);
    }
    i = best;
  }
  if (dropped.size === 0) return boundaries;
  return [...boundaries.filter((_, k) => !dropped.has(k)), ...added].sort((a, b) => a - b);
}

/**
 * The first character of column `j` when columns `i`..`j − 1` hold a label spread across one line
 * at an even pitch and that character stands at the same pitch after the last of them, with text
 * right after it: where a column starts after it (halfway to the next glyph).
 */
function flushLastCharacter(columns: Map<number, Glyph[]>, i: number, j: number): { ch: string; at: number } | undefined {
  const label: Glyph[] = [];
  for (let k = i; k < j; k++) label.push(...(columns.get(k) ?? []));
  if (label.length < 2 || label.some((g) => Math.abs(g.y - (label[0] as Glyph).y) > g.size * 0.4)) return undefined;
  label.sort((a, b) => a.x0 - b.x0);
  const first = label[0] as Glyph;
  const line = (columns.get(j) ?? []).filter((g) => Math.abs(g.y - first.y) <= g.size * 0.4).sort((a, b) => a.x0 - b.x0);
  const head = line[0];
  const after = line[1];
  if (!head || !after) return undefined;
  const pitches = label.slice(1).map((g, k) => g.x0 - (label[k] as Glyph).x0);
  const pitch = pitches.reduce((a, b) => a + b, 0) / pitches.length;
  const last = label[label.length - 1] as Glyph;
  // An even pitch, wider than text's own (a label spread out), kept to the flush character.
  if (pitch < first.size * 1.3 || pitches.some((p) => Math.abs(p - pitch) > first.size * 0.2)) return undefined;
  if (Math.abs(head.x0 - last.x0 - pitch) > first.size * 0.2) return undefined;
  return { ch: head.ch, at: (head.x1 + after.x0) / 2 };
}

/**
 * The last character of column `i − 1` when columns `i`..`j` hold a label spread across one line
 * at an even pitch and that character stands at the same pitch before the first of them, with
 * text right before it: where a column starts before it (halfway from the glyph before).
 */
function flushFirstCharacter(columns: Map<number, Glyph[]>, i: number, j: number): { ch: string; at: number } | undefined {
  const label: Glyph[] = [];
  for (let k = i; k <= j; k++) label.push(...(columns.get(k) ?? []));
  if (label.length < 2 || label.some((g) => Math.abs(g.y - (label[0] as Glyph).y) > g.size * 0.4)) return undefined;
  label.sort((a, b) => a.x0 - b.x0);
  const first = label[0] as Glyph;
  const column = columns.get(i - 1) ?? [];
  const line = column.filter((g) => Math.abs(g.y - first.y) <= g.size * 0.4).sort((a, b) => a.x0 - b.x0);
  const tail = line[line.length - 1];
  if (!tail) return undefined;
  const pitches = label.slice(1).map((g, k) => g.x0 - (label[k] as Glyph).x0);
  const pitch = pitches.reduce((a, b) => a + b, 0) / pitches.length;
  if (pitch < first.size * 1.3 || pitches.some((p) => Math.abs(p - pitch) > first.size * 0.2)) return undefined;
  if (Math.abs(first.x0 - tail.x0 - pitch) > first.size * 0.2) return undefined;
  // The value's text, on the character's line or on the lines of its wrapped cell beside it, ends
  // before the character: no glyph of it runs across the cut.
  const others = column.filter((g) => g !== tail);
  if (others.length === 0 || others.some((g) => g.x0 < tail.x0 && g.x1 > tail.x0 + tail.size * 0.1)) return undefined;
  const before = Math.max(...others.map((g) => (g.x1 <= tail.x0 + tail.size * 0.1 ? g.x1 : -Infinity)));
  if (before === -Infinity) return undefined;
  return { ch: tail.ch, at: (Math.min(before, tail.x0) + tail.x0) / 2 };
}

/** A label of an item table's header: its extent, and its text in compact form. */
interface ItemLabel {
  x0: number;
  x1: number;
  text: string;
}

/** A header cell over the marker column (①②…): empty, or a short word such as No. or 番号. */
const MARKER_HEADER = /^(?:no\.?|番号|項番|#|)$/iu;

/** findItemLabels' answer per band: splitAtItemHeader asks about a band, and the layout again. */
const itemLabelsOf = new WeakMap<BandInfo, ItemLabel[] | undefined>();

/**
 * The item table's header band: its labels, each with its extent. The band's own gutters usually
 * part the labels; where two labels stand closer than a gutter (a narrow column, a long label),
 * the band is cut at every narrower white strip and the pieces joined back into labels. Every piece
 * must belong to a label (or be a marker column's header), and three labels at least are needed.
 */
function findItemLabels(band: BandInfo): ItemLabel[] | undefined {
  if (itemLabelsOf.has(band)) return itemLabelsOf.get(band);
  const labels = readItemLabels(band);
  itemLabelsOf.set(band, labels);
  return labels;
}

function readItemLabels(band: BandInfo): ItemLabel[] | undefined {
  // Bound: O(G log G) for the chunks, then at most 60 atoms × MAX_PIECE_ATOMS pieces tried.
  // A label with nothing after it, read line by line as printed (a row's lines under a label would
  // pass for its wrapped rest when joined into one paragraph).
  const labelKey = (gs: Glyph[]): ItemField | undefined => {
    spend(STAGES.labels, gs.length);
    const printed = toLines(gs)
      .map((line) => cellText([line]))
      .join("\n");
    const key = matchItemHeader(printed);
    return key !== undefined && textAfterItemLabel(printed) === "" ? key : undefined;
  };
  const isLabel = (gs: Glyph[]): boolean => gs.length <= MAX_LABEL_GLYPHS && labelKey(gs) !== undefined;
  const isMarkerHeader = (gs: Glyph[]): boolean => MARKER_HEADER.test(cellText(toLines(gs)).replace(/\s/gu, "").normalize("NFKC"));
  // Only a band whose own chunks already hold two labels is looked at closer (this runs on every
  // band), or one whose lines name three item columns in their own words and that no gutter
  // parted (or a chunk of which names two): 均等割付 spreads each label across its cell, and Calc
  // leaves no gutter between cells set so.
  const named = (): number => itemHeaderWordsIn(band.lines.map((l) => l.glyphs.map((g) => g.ch).join("")).join("\n")).length;
  // A chunk's text line by line from the band's own lines (O(G): no new line finding per chunk).
  const unparted = (): boolean => {
    if (band.chunks.length <= 2) return true;
    const lineOf = new Map<Glyph, number>();
    band.lines.forEach((l, n) => l.glyphs.forEach((g) => lineOf.set(g, n)));
    return band.chunks.some((c) => {
      const rows = band.lines.map(() => "");
      for (const g of c.glyphs) rows[lineOf.get(g) ?? 0] += g.ch;
      return itemHeaderWordsIn(rows.filter((r) => r !== "").join("\n")).length >= 2;
    });
  };
  if (band.chunks.filter((c) => isLabel(c.glyphs)).length < 2 && (named() < 3 || !unparted())) return undefined;
  // Atoms: the band cut at every white strip through all its lines, however narrow; a closing
  // bracket by its ink (one that ends a hint's line hangs its empty half over the next label's
  // start). An opening bracket keeps its box (by ink, every hint's （ parts atoms too, and twenty
  // renderings read worse).
  const spans = band.glyphs.map((g) => [g.x0, CLOSING.test(g.ch) ? inkSpan(g)[1] : g.x1, g] as const).sort((a, b) => a[0] - b[0]);
  const atoms: Glyph[][] = [];
  let end = -Infinity;
  for (const [x0, x1, g] of spans) {
    if (atoms.length === 0 || x0 - end > band.size * MIN_ATOM_GAP) atoms.push([]);
    (atoms[atoms.length - 1] as Glyph[]).push(g);
    end = Math.max(end, x1);
  }
  // More atoms than a parse looks at: where the band's own columns are each a label (or the marker
  // column's header), no two side by side naming one column, those are the labels (均等割付 sets
  // every character apart: five labels spread so are some ninety atoms).
  const ownColumns = (): ItemLabel[] | undefined => {
    const own = band.chunks.map((c) => (isLabel(c.glyphs) ? labelKey(c.glyphs) : isMarkerHeader(c.glyphs) ? null : undefined));
    const ownLabels = band.chunks.filter((_, i) => own[i] !== null);
    const keys = own.filter((k) => k !== null);
    if (!own.every((k) => k !== undefined) || keys.length < 3 || !keys.every((k, i) => i === 0 || k !== keys[i - 1])) return undefined;
    return ownLabels.map((c) => ({
      x0: Math.min(...c.glyphs.map((g) => g.x0)),
      x1: Math.max(...c.glyphs.map((g) => g.x1)),
      text: compact(cellText(toLines(c.glyphs))).text,
    }));
  };
  if (atoms.length > MAX_ATOMS) return ownColumns();
  // Pieces that are all labels or marker headers, by dynamic programming over the atoms: the most
  // labels (two labels closer than a gutter are two, not one long one), then the fewest pieces,
  // then the least ragged starts: a label's lines start at its cell's edge (set left, justified or
  // distributed), and a cut inside one label's line hands its rest to the next label as a line
  // starting left of that label's others (数値目標（どの | 中間報告（目標に).
  interface Parse {
    labels: Glyph[][];
    pieces: number;
    ragged: number;
    /** The last label's column: the next label names another (取組項目及び | 方法 are one label). */
    last?: ItemField;
  }
  // Line starts by the band's own lines (each glyph's line is known): O(piece), no new lines built.
  const lineOf = new Map<Glyph, number>();
  band.lines.forEach((l, k) => {
    for (const g of l.glyphs) lineOf.set(g, k);
  });
  const raggedOf = (gs: Glyph[]): number => {
    const starts = new Map<number, number>();
    for (const g of gs) {
      const k = lineOf.get(g) ?? -1;
      starts.set(k, Math.min(starts.get(k) ?? Infinity, g.x0));
    }
    const left = Math.min(...starts.values());
    let sum = 0;
    for (const x of starts.values()) sum += x - left;
    return sum / band.size;
  };
  const better = (a: Parse, b: Parse | undefined): boolean =>
    !b ||
    a.labels.length > b.labels.length ||
    (a.labels.length === b.labels.length && (a.pieces < b.pieces || (a.pieces === b.pieces && a.ragged < b.ragged - RAGGED_TIE)));
  const best: Array<Parse | undefined> = [{ labels: [], pieces: 0, ragged: 0 }];
  for (let j = 1; j <= atoms.length; j++) {
    for (let i = Math.max(0, j - MAX_PIECE_ATOMS); i < j; i++) {
      const before = best[i];
      if (!before) continue;
      const piece = atoms.slice(i, j).flat();
      // No label or marker header is this long: a band that runs on into item rows is refused here
      // before its pieces are set into lines, each.
      if (piece.length > MAX_LABEL_GLYPHS) continue;
      const key = labelKey(piece);
      const label = key !== undefined;
      if (!label && !isMarkerHeader(piece)) continue;
      if (label && key === before.last) continue;
      const candidate: Parse = {
        labels: label ? [...before.labels, piece] : before.labels,
        pieces: before.pieces + 1,
        ragged: before.ragged + (label ? raggedOf(piece) : 0),
        ...(label ? { last: key } : before.last !== undefined ? { last: before.last } : {}),
      };
      if (better(candidate, best[j])) best[j] = candidate;
    }
  }
  const found = best[atoms.length];
  if (!found || found.labels.length < 3) return undefined;
  return found.labels.map((gs) => ({
    x0: Math.min(...gs.map((g) => g.x0)),
    x1: Math.max(...gs.map((g) => g.x1)),
    text: compact(cellText(toLines(gs))).text,
  }));
}

/**
 * Whether a band ends the item table: it opens with a sheet label (特記事項, the next sheet's 重点目標)
 * or with one of the remarks' ○ labels (a word processor centres 特記事項 beside them, a line lower).
 */
function endsItemTable(band: BandInfo): boolean {
  const first = band.chunks[0];
  if (!first) return false;
  const text = cellText(toLines(first.glyphs));
  return matchHeaderLabel(text) !== undefined || matchHeaderLabelPrefix(text) !== undefined || findRemarkLabels(text)[0]?.start === 0;
}

/** The strips of [a, b] at least `min` wide where no interval of `merged` (disjoint, sorted) stands. */
function whiteStrips(merged: Array<[number, number]>, a: number, b: number, min: number): Array<[number, number]> {
  spend(STAGES.columns, merged.length);
  const out: Array<[number, number]> = [];
  let at = a;
  for (const [p, q] of merged) {
    if (q <= at) continue;
    if (p >= b) break;
    if (p > at) out.push([at, p]);
    at = Math.max(at, q);
  }
  if (at < b) out.push([at, b]);
  return out.filter(([p, q]) => q - p >= min);
}

/**
 * Of the strips between two columns, the one the most text starts right after (a column's lines and
 * its label begin at one x; a word space is followed by one word), the widest of those. Cells padded
 * by a point leave several strips of about that width in a row of text (Calc: 1.2 pt before 支援対象
 * and 1.2 pt before the next column's (1)).
 */
function mostAligned(strips: Array<[number, number]>, starts: number[], size: number): [number, number] | undefined {
  const tolerance = size * 0.15;
  const alignedAt = (x: number): number => {
    let n = 0;
    for (let i = lowerBound(starts, x - tolerance); i < starts.length && (starts[i] as number) <= x + tolerance; i++) n++;
    return n;
  };
  let best: [number, number] | undefined;
  let bestAligned = -1;
  for (const s of strips) {
    const aligned = alignedAt(s[1]);
    if (aligned > bestAligned || (aligned === bestAligned && best && s[1] - s[0] > best[1] - best[0])) {
      best = s;
      bestAligned = aligned;
    }
  }
  return best;
}


/**
 * Between two header labels, a white strip this wide (in font sizes) that no row of the body crosses
 * is their column boundary: unruled cells with little padding leave only the two paddings between
 * columns (3.4 pt at 10 pt in a browser's default table, 1.1 pt at 0.2 mm), and no line of text
 * leaves such a strip at the same place in every row (glyphs of a line abut, a tenth of a point off).
 */
const MIN_ANCHORED_STRIP = 0.1;

/**
 * …and between two item header labels, where the strip must also run through every row of the
 * table's body and meet the gap between the labels: cells padded by 0.1 mm leave 0.6 pt (0.06 of
 * a 9 pt size), and glyphs of a line abut within a tenth of a point.
 */
const MIN_ITEM_STRIP = 0.05;
/**
 * …or, where no row leaves that much, any white between glyph boxes (in points: boxes placed from
 * widths overlap where glyphs touch) within LEVEL_START of a size of the next label's start.
 */
const ABUTTING_WHITE = 0.01;
const LEVEL_START = 0.2;
/**
 * Atoms one label of an item header may span: a label spread one character a cell-width apart on
 * one line is an atom a character (取組項目及び方法・手段（何をどのように）: 20).
 */
const MAX_PIECE_ATOMS = 24;
/** Atoms a band's header parse looks at (the parse is O(atoms · MAX_PIECE_ATOMS) label readings). */
const MAX_ATOMS = 60;
/** White (in font sizes) through all lines of an item header band that parts two of its atoms. */
const MIN_ATOM_GAP = 0.04;
/** White (font sizes) after the markers that parts them from the first column's text when the header does not say where. */
const MARKER_WHITE = 0.3;
/** Raggedness (font sizes of line starts off a label's left edge) below which two parses of a header tie: the first found stays. */
const RAGGED_TIE = 0.25;

/**
 * Column boundaries of an item table from its header's labels (the item header row fixes the
 * columns below it): between two neighbouring labels, the white strip that runs through every row
 * of the table's body; left of the first label, the strip between the item markers and the text.
 * Labels may be centred and values longer than their labels, so the gap between two labels is only
 * where to look; the strip that no row crosses is where the rule would be. Undefined when some gap
 * has no such strip: the columns are then not certain, and the bands keep their own gutters.
 */
export function anchoredBoundaries(
  labels: Array<{ x0: number; x1: number }>,
  body: Glyph[],
  size: number,
  markerBoundary?: number,
): number[] | undefined {
  spend(STAGES.tables, body.length + labels.length);
  const merged = mergeIntervals(body.map(inkSpan));
  const boxes = mergeIntervals(body.map((g) => [g.x0, g.x1] as [number, number]));
  const starts = [...body.map((g) => g.x0), ...labels.map((l) => l.x0)].sort((a, b) => a - b);
  // White by glyph boxes where there is such a strip; by ink where only the ink leaves one (a
  // browser's trimmed 」 at a line's end overhangs its ink). A strip inside a bracket's box (Calc
  // ends a line with （ and does not trim it) would cut the bracket from its cell.
  const strips = (a: number, b: number, meets: (s: [number, number]) => boolean = () => true): Array<[number, number]> => {
    const byBox = whiteStrips(boxes, a, b, size * MIN_ITEM_STRIP).filter(meets);
    return byBox.length > 0 ? byBox : whiteStrips(merged, a, b, size * MIN_ITEM_STRIP).filter(meets);
  };
  const boundaries: number[] = [];
  // The marker column (①, ②…): text left of the first label's column with a strip after it.
  const first = labels[0];
  if (!first) return undefined;
  const left = merged[0]?.[0] ?? first.x0;
  // Markers standing alone at their lines' start, left of the first label's end: a header cell
  // over both the marker column and the first (取組項目 centred or spread across the two) starts
  // left of where the values do, less than a size right of the markers.
  const markerEnd = Math.max(
    ...body.filter((g) => g.x0 < left + size && g.x1 < first.x1 && matchItemMarker(g.ch)?.rest === "").map((g) => inkSpan(g)[1]),
  );
  const afterMarkers = markerEnd > -Infinity && left >= first.x0 - size ? strips(markerEnd - 0.01, markerEnd + 2 * size).find(([p]) => p >= markerEnd - 0.01) : undefined;
  if (left < first.x0 - size) {
    const before = strips(left, first.x0);
    const last = before[before.length - 1];
    if (last) boundaries.push((last[0] + last[1]) / 2);
  } else if (afterMarkers && afterMarkers[1] - afterMarkers[0] >= size * MARKER_WHITE) {
    boundaries.push((afterMarkers[0] + afterMarkers[1]) / 2);
  } else if (markerBoundary !== undefined && markerBoundary < first.x0) {
    // No marker on this page (the table goes on from the page before): its marker column stays.
    boundaries.push(markerBoundary);
  }
  for (let i = 0; i + 1 < labels.length; i++) {
    const a = labels[i] as { x1: number };
    const b = labels[i + 1] as { x0: number };
    const lo = Math.min(a.x1, b.x0);
    const hi = Math.max(a.x1, b.x0);
    // The body's strip may reach past the labels' gap (labels that fill their cells leave only the
    // paddings between them, narrower than a strip must be): it must meet the gap, and the boundary
    // is where the two meet, so that neither a label nor a value is cut.
    const meets = ([p, q]: [number, number]): boolean => p <= hi && q >= lo;
    // Cells padded so tight that a full line abuts the next column's text leave no strip there
    // (a word space in that line may leave a wider one); where every row leaves white however thin
    // at the next label's start, the values start level with their header (both cells' padding),
    // and the text starting there says which strip is the column's edge.
    const level = whiteStrips(boxes, lo - size, hi + size, ABUTTING_WHITE).filter(
      ([p, q]) => meets([p, q]) && p <= b.x0 + size * LEVEL_START && q >= b.x0 - size * LEVEL_START,
    );
    const strip = mostAligned([...strips(lo - size, hi + size, meets), ...level], starts, size);
    if (!strip) return undefined;
    boundaries.push((Math.max(strip[0], lo) + Math.min(strip[1], hi)) / 2);
  }
  return boundaries;
}

/** The white between line i and the line above it. */
function lineGapAbove(lines: Line[], i: number): number {
  const line = lines[i] as Line;
  const above = lines[i - 1] as Line;
  return lineTop(line) - lineBottom(above);
}

/**
 * The usual white between two lines of one cell in a table's bands: from each line to the next one
 * below it with text above or below its own (lines of cells aligned differently interleave, and
 * the gap to a line of another column says nothing). The lower quartile: on a page of one-line
 * cells most such pairs are two rows, and the white between lines of one cell is the least.
 */
function usualLineGap(groups: Line[][]): number {
  // Bound: O(G): each line against the 8 below it, by runs of ink.
  const gaps: number[] = [];
  for (const lines of groups) {
    const runs = lines.map(inkRuns);
    lines.forEach((line, i) => {
      spend(STAGES.bands, line.glyphs.length + 8);
      const mine = runs[i] as Array<[number, number]>;
      for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
        if (!overlapping(mine, runs[j] as Array<[number, number]>)) continue;
        const below = lines[j] as Line;
        gaps.push(lineTop(below) - lineBottom(line));
        break;
      }
    });
  }
  return quantile(gaps, 0.25);
}

/** A line's text as runs of ink along x (glyphs closer than a size joined): where it stands. */
function inkRuns(line: Line): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const g of line.glyphs) {
    if (g.ch.trim() === "") continue;
    const last = runs[runs.length - 1];
    if (last && g.x0 <= last[1] + line.size) last[1] = Math.max(last[1], g.x1);
    else runs.push([g.x0, g.x1]);
  }
  return runs;
}

/** Whether two sorted lists of disjoint intervals overlap anywhere. */
function overlapping(a: Array<[number, number]>, b: Array<[number, number]>): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const p = a[i] as [number, number];
    const q = b[j] as [number, number];
    if (p[0] < q[1] && q[0] < p[1]) return true;
    if (p[1] <= q[1]) i++;
    else j++;
  }
  return false;
}

/** A gap between lines this much wider (in font sizes) than the band's usual one parts two rows. */
const ROW_PADDING = 0.05;

/**
 * For a band laid over fixed columns: how many columns' text runs on from line i − 1 into line i,
 * that is, line i − 1's text in that column reaches within a size of the column's measure (the
 * farthest any of the band's lines goes there) and line i has text in it too. O(G log C) once.
 */
function wrapsInto(band: BandInfo, columns: number[], lineGap: number): { runsOn: (i: number) => number; opens: (i: number) => number } {
  // Bound: O(L · C) for L lines and C columns, after byColumn per line.
  if (columns.length === 0) return { runsOn: () => 0, opens: () => 0 };
  const starts: number[] = [];
  const pieces = band.lines.map((line) => {
    const reach = new Map<number, number>();
    let open = 0;
    for (const [k, gs] of byColumn(line.glyphs, columns)) {
      const r = lineReach({ ...line, glyphs: gs });
      if (r > -Infinity) reach.set(k, r);
      if (k > 0 && startsPart(gs.map((g) => g.ch).join("").trimStart())) open++;
    }
    starts.push(open);
    return reach;
  });
  const measure = new Map<number, number>();
  for (const piece of pieces) for (const [k, r] of piece) measure.set(k, Math.max(measure.get(k) ?? -Infinity, r));
  // A column's wrap crosses a cut before line i where its last line above i reaches the column's
  // measure and its next line, at or below i, follows it at one line's pitch (cells of two rows
  // whose lines interleave, centred or set at the foot, wrap across lines of other columns).
  const columnKeys = [...measure.keys()];
  const crossing = band.lines.map(() => 0);
  spend(STAGES.tables, band.lines.length * columnKeys.length);
  for (const k of columnKeys) {
    const rows = pieces.flatMap((piece, i) => (piece.has(k) ? [i] : []));
    for (let n = 0; n + 1 < rows.length; n++) {
      const a = rows[n] as number;
      const b = rows[n + 1] as number;
      const reaches = (pieces[a]?.get(k) ?? -Infinity) >= (measure.get(k) ?? Infinity) - band.size;
      const white = lineTop(band.lines[b] as Line) - lineBottom(band.lines[a] as Line);
      if (!reaches || white > lineGap + band.size * ROW_PADDING) continue;
      for (let i = a + 1; i <= b; i++) crossing[i] = (crossing[i] as number) + 1;
    }
  }
  spend(STAGES.tables, crossing.reduce((sum, n) => sum + n, 0));
  return { runsOn: (i) => crossing[i] ?? 0, opens: (i) => starts[i] ?? 0 };
}

/**
 * A band of an item table cut into its rows where the marker column holds an item marker (①, ②…):
 * a table without rules or shading between its rows leaves no gap wider than a line's, and its rows
 * fall into one band. Between two markers the cut is at the widest gap between lines, the lowest
 * of equals (rows are printed top-aligned, or centred with the padding of two cells between them).
 * Lines above the first marker are the row before, continued from the page before, when a gap
 * clearly wider than the band's line spacing parts them from it; lines below the last marker are
 * its row's.
 */
export function splitAtMarkers(band: BandInfo, markerBoundary: number, lineGap: number, shading: Shade[] = [], columns: number[] = []): BandInfo[] {
  spend(STAGES.tables, band.glyphs.length + band.lines.length);
  const markerLines: number[] = [];
  band.lines.forEach((line, i) => {
    const inColumn = line.glyphs.filter((g) => g.ch.trim() !== "" && (g.x0 + g.x1) / 2 < markerBoundary);
    if (inColumn.length === 0) return;
    const marker = matchItemMarker(cellText([{ ...line, glyphs: inColumn }]));
    if (marker && marker.rest === "") markerLines.push(i);
  });
  const firstMarker = markerLines[0];
  if (firstMarker === undefined) return [band];
  const gapAbove = (i: number): number => lineGapAbove(band.lines, i);
  const { runsOn, opens } = wrapsInto(band, columns, lineGap);
  /**
   * The line in (from, to] to cut before: the one fewest columns' text runs on into (a line that
   * reaches its column's measure wraps, and the next line in that column is the same cell), then
   * the widest gap above it, the lowest of equals. Rows whose markers are centred or set at the
   * foot (valign) start above their marker's line; their wrapped lines say where.
   */
  const widestGap = (from: number, to: number, highest = false): { at: number; gap: number } => {
    let best = { at: to, gap: -Infinity, wraps: Infinity, parts: -1 };
    for (let i = from + 1; i <= to; i++) {
      const gap = gapAbove(i);
      const wraps = runsOn(i);
      const parts = opens(i);
      const level = wraps === best.wraps && parts === best.parts && (highest ? gap > best.gap + 0.01 : gap >= best.gap - 0.01);
      if (wraps < best.wraps || (wraps === best.wraps && parts > best.parts) || level) best = { at: i, gap, wraps, parts };
    }
    return best;
  };
  const cuts: number[] = [];
  let lead = false;
  if (firstMarker > 0) {
    const above = widestGap(0, firstMarker);
    lead = above.gap > lineGap + band.size * ROW_PADDING;
    if (lead) cuts.push(above.at);
  }
  // Rows not set at their top (valign bottom or middle): the first row has lines above its
  // marker. The next row's cells start level only at their top, so the boundary is the highest
  // of equal places, nearest the marker above (bottom-set rows end level with their marker).
  const atFoot = firstMarker > 0 && !lead;
  for (let m = 0; m + 1 < markerLines.length; m++) cuts.push(widestGap(markerLines[m] as number, markerLines[m + 1] as number, atFoot).at);
  return cutBand(band, cuts, shading);
}

/** A band cut before each of the given line indices (ascending), each piece laid out again. */
function cutBand(band: BandInfo, cuts: number[], shading: Shade[]): BandInfo[] {
  // Bound: the pieces' bandInfo, O(G log G) together.
  if (cuts.length === 0) return [band];
  const pieces: BandInfo[] = [];
  let start = 0;
  for (const cut of [...cuts, band.lines.length]) {
    pieces.push(bandInfo(band.lines.slice(start, cut), shading));
    start = cut;
  }
  return pieces;
}

/** Lines a header label may wrap over in its cell. */
const MAX_LABEL_LINES = 8;

/** Glyphs further apart than this (in font sizes) are two runs: a label and its value 1 pt apart. */
const RUN_GAP = 0.08;

/**
 * What each line of a band starts with at the band's left edge, up to its first white: the first
 * column's text where no gutter parts it (a label 1 pt from its value, and rows of other shapes in
 * the band). Lines that start further right have nothing in that column.
 */
function leadingRuns(band: BandInfo): Line[] {
  const left = Math.min(...band.lines.map((l) => l.x0));
  const out: Line[] = [];
  for (const line of band.lines) {
    const inked = line.glyphs.filter((g) => g.ch.trim() !== "");
    const first = inked[0];
    if (!first || first.x0 > left + band.size * 0.5) continue;
    const run = [first];
    for (const g of inked.slice(1)) {
      if (g.x0 - inkSpan(run[run.length - 1] as Glyph)[1] > band.size * RUN_GAP) break;
      run.push(g);
    }
    out.push({ ...line, glyphs: run, x0: first.x0, x1: Math.max(...run.map((g) => g.x1)) });
  }
  return out;
}

/**
 * A band of header rows that no gap parts (cells padded tight, no rules or tint between the rows),
 * cut where its first column goes from one header label to the next: 総合計画における位置付け
 * and 第三次…における位置付け one above the other are two rows, whatever the white between them.
 * The first column is the band's own where its gutters part one, else what its lines start with.
 * The cut is at the widest white between the two labels' lines, as between two item markers.
 */
function splitAtLabels(band: BandInfo, shading: Shade[]): BandInfo[] {
  // Bound: O(L) label ranges of at most MAX_LABEL_LINES lines, then cutBand.
  if (band.lines.length < 2) return [band];
  const column = band.boundaries.length > 0 ? byColumn(band.glyphs, band.boundaries).get(0) : undefined;
  for (const lines of [column ? toLines(column) : [], leadingRuns(band)]) {
    const cuts = labelCuts(band, lines);
    if (cuts.length > 0) return cutBand(band, cuts, shading);
  }
  return [band];
}

/** Where a band's rows part, by the labels its first column's lines (given) read as. */
function labelCuts(band: BandInfo, lines: Line[]): number[] {
  // Bound: O(L · MAX_LABEL_LINES) label tests (each range read once), O(L) per cut (counted).
  // The same ranges are asked about as the start moves on: each is read once.
  const known = new Map<number, boolean>();
  const isLabel = (from: number, to: number): boolean => {
    spend(STAGES.labels, to - from);
    const key = from * (lines.length + 1) + to;
    let label = known.get(key);
    if (label === undefined) known.set(key, (label = matchHeaderLabel(cellText(lines.slice(from, to))) !== undefined));
    return label;
  };
  const cuts: number[] = [];
  let start = 0;
  for (let k = 1; k < lines.length; k++) {
    if (k - start > MAX_LABEL_LINES) break;
    if (!isLabel(start, k)) continue;
    // The next label ends at m; the lines from start to m must not be one label themselves
    // (現況・|課題 wraps one label, each half of which reads like a label too).
    let end = -1;
    for (let m = k + 1; m <= Math.min(lines.length, k + MAX_LABEL_LINES) && end < 0; m++) if (isLabel(k, m)) end = m;
    if (end < 0 || isLabel(start, end)) continue;
    const above = (lines[k - 1] as Line).y;
    const below = (lines[k] as Line).y;
    let at = -1;
    let widest = -Infinity;
    spend(STAGES.labels, band.lines.length);
    band.lines.forEach((line, i) => {
      if (i === 0 || line.y <= above || line.y > below) return;
      const gap = lineGapAbove(band.lines, i);
      if (gap >= widest - 0.01) {
        widest = gap;
        at = i;
      }
    });
    if (at > 0 && at > (cuts[cuts.length - 1] ?? 0)) cuts.push(at);
    start = k;
  }
  return cuts;
}

/** Cuts under an item header tried per band (the widest gaps among its first lines). */
const MAX_HEADER_CUTS = 3;
/** Lines of a band's top looked at for one naming three item columns (labels of three lines set at their cells' foot). */
const HEADER_NAMING_LINES = 3;

/**
 * A band whose top lines are an item table's header and the rest a row of the table, cut under the
 * header. A browser repeats the header on the page a row goes on to, less than a point above the
 * row's lines: when `repeated` (the header the page before printed) is given, the cut is under the
 * lines that read as its labels word for word (the row's text in a label's column may be short
 * enough to pass for the rest of the label). Else the cut is tried at the gaps wider than the
 * band's least (the widest first, a few at most), when the band as a whole is no header, and then
 * under each line from the lowest up, when the band's first line names item columns.
 */
function splitAtItemHeader(band: BandInfo, shading: Shade[], repeated?: ItemLabel[]): BandInfo[] {
  // Bound: that of splitAtItemHeaderTop, MAX_LABEL_LINES + 2 times at most.
  const top = splitAtItemHeaderTop(band, shading, repeated);
  if (top.length > 1 || findItemLabels(top[0] as BandInfo)) return top;
  // The header under other lines of the band (a row above it no white parts from it: 目的・効果's
  // value, cells padded tight and only a frame drawn): cut before the earliest line from which
  // the header reads, looked for only where a line names three item columns in their own words.
  const lines = band.lines;
  const named = lines.findIndex((l, i) => i >= 1 && itemHeaderWordsIn(l.glyphs.map((g) => g.ch).join("")).length >= 3);
  if (named < 0) return top;
  for (let k = Math.max(1, named - MAX_LABEL_LINES); k <= named; k++) {
    const rest = splitAtItemHeaderTop(bandInfo(lines.slice(k), shading), shading, repeated);
    if (findItemLabels(rest[0] as BandInfo)) return [bandInfo(lines.slice(0, k), shading), ...rest];
  }
  return top;
}

/** The band cut under the item header it starts with, if it does (splitAtItemHeader). */
function splitAtItemHeaderTop(band: BandInfo, shading: Shade[], repeated?: ItemLabel[]): BandInfo[] {
  // Bound: at most 2·MAX_LABEL_LINES + MAX_HEADER_CUTS bandInfo of the band's first lines: O(G log G).
  const lines = band.lines;
  if (lines.length < 2) return [band];
  if (repeated) {
    const same = (labels: ItemLabel[] | undefined): boolean =>
      labels !== undefined && labels.length === repeated.length && labels.every((l, i) => l.text === repeated[i]?.text);
    for (let k = 1; k < lines.length && k <= MAX_LABEL_LINES; k++) {
      if (same(findItemLabels(bandInfo(lines.slice(0, k), shading)))) return cutBand(band, [k], shading);
    }
  }
  if (findItemLabels(band)) return [band];
  const gaps = lines.map((_, i) => (i === 0 ? -Infinity : lineGapAbove(lines, i)));
  const least = Math.min(...gaps.slice(1));
  const candidates = gaps
    .map((gap, k) => ({ gap, k }))
    .filter(({ gap, k }) => k >= 1 && k <= MAX_LABEL_LINES && gap > least + band.size * 0.05)
    .sort((a, b) => b.gap - a.gap || a.k - b.k)
    .slice(0, MAX_HEADER_CUTS);
  // No white under the header at all (cells padded by 0.1 mm): when one of the first lines names
  // three item columns or more (a label set at its cell's foot starts lines above the others:
  // 期間・期限（い over 取組項目及び…), also each cut from the lowest up (the most lines that read as labels).
  const ks = candidates.map(({ k }) => k);
  if (lines.slice(0, HEADER_NAMING_LINES).some((l) => itemColumnsNamed(cellText([l])) >= 3)) for (let k = Math.min(lines.length - 1, MAX_LABEL_LINES); k >= 1; k--) ks.push(k);
  // Of the cuts whose top reads as a header, the one whose header names the most columns in their
  // order (a gap inside a header of two lines leaves a header of four labels, its second line's
  // 数値目標 and the other labels' rest on the first row, whose cell under the header is set with no
  // white above; a hint's piece cut from its label, 目標に対する進捗状, reads as 数値目標 out of
  // order); the first tried among equals.
  let bestCut: { k: number; labels: number } | undefined;
  for (const k of new Set(ks)) {
    const labels = columnsInOrder(findItemLabels(bandInfo(lines.slice(0, k), shading)) ?? []);
    if (labels > (bestCut?.labels ?? 0)) bestCut = { k, labels };
  }
  return bestCut ? cutBand(band, [bestCut.k], shading) : [band];
}

/**
 * How many of a header's labels name item columns in the table's order (取組項目, 期間・期限, 数値目標,
 * 中間報告, 期末報告; a second table beside the first starts again at 取組項目): a label naming a column
 * at or before the one before it is no column of this header.
 */
function columnsInOrder(labels: ItemLabel[]): number {
  let last = -1;
  let count = 0;
  for (const label of labels) {
    const key = matchItemHeader(label.text);
    const at = key === undefined ? -1 : ITEM_FIELDS.indexOf(key);
    if (at > last || (at === 0 && last > 0)) {
      count++;
      last = at;
    }
  }
  return count;
}

/** How many item columns a line of text names (a label's words starting anywhere in it). */
function itemColumnsNamed(text: string): number {
  const c = compact(text).text;
  const named = new Set<string>();
  for (let i = 0; i < c.length; i++) {
    const key = matchItemHeader(c.slice(i, i + 12));
    if (key !== undefined) named.add(key);
  }
  return named.size;
}

/** What the layout of one page leaves to the next: the item columns of a table still open at its foot. */
export interface FreeLayoutState {
  /** The columns, and the header labels (and their size) that fixed them: the next page re-anchors on them. */
  itemTable?: { columns: number[]; labels: ItemLabel[]; size: number } | undefined;
  /** Where the last item table's marker column (①②…) ended, if it had one. */
  markerBoundary?: number | undefined;
  /** The boundary between the two remarks of a 特記事項 row at the page's foot: they go on overleaf. */
  remarkEdge?: number | undefined;
}

/** A band that is only a running head or foot (a page number, a date): one short line. */
function isRunningLine(band: BandInfo): boolean {
  return band.lines.length === 1 && band.glyphs.length <= 12;
}

/**
 * The bands at a page's head that go on with the 特記事項 row the page before ended with: its two
 * remarks, closer than a gutter, part where they did there (their ○ labels are overleaf), while
 * no text stands across that boundary and there is text on both sides of it.
 */
function continuedRemarks(found: BandInfo[], carried: number, shading: Shade[]): BandInfo[] {
  // Bound: O(G log G) over the bands it re-reads (it stops at the first that does not go on).
  const out = [...found];
  for (let k = 0; k < out.length; k++) {
    const band = out[k] as BandInfo;
    if (isRunningLine(band)) continue;
    // Where they parted there, or at the white strip nearest to it within a size: the first
    // remark's lines overleaf may run further right than its wrapped label's did.
    let edge = carried;
    if (!respects([carried], [band])) {
      const strips = whiteStrips(mergeIntervals(band.glyphs.map(inkSpan)), carried - band.size, carried + band.size, band.size * MIN_ANCHORED_STRIP);
      const nearest = strips.sort((p, q) => Math.abs((p[0] + p[1]) / 2 - carried) - Math.abs((q[0] + q[1]) / 2 - carried))[0];
      if (nearest) edge = (nearest[0] + nearest[1]) / 2;
    }
    const sides = new Set(band.glyphs.map((g) => (g.x0 + g.x1) / 2 < edge));
    if (sides.size < 2 || !respects([edge], [band]) || band.chunks.length > 2) break;
    out[k] = bandInfo(band.lines, shading, [edge]);
  }
  return out;
}

/**
 * Whether no glyph of the bands stands across a boundary (a carried column layout still holds), by
 * ink: a cell that ends in a closing bracket reaches into the next one by its white half alone.
 */
function respects(boundaries: number[], bands: BandInfo[]): boolean {
  for (const b of bands) spend(STAGES.tables, b.glyphs.length * boundaries.length);
  return bands.every((b) =>
    b.glyphs.every((g) => {
      const [x0, x1] = inkSpan(g);
      return boundaries.every((x) => !(x0 < x - 0.01 && x1 > x + 0.01));
    }),
  );
}

export function layoutFree(glyphs: Glyph[], rules: RowRule[], state: FreeLayoutState = {}, shading: Shade[] = []): FreeRow[] {
  // Bound: O((G + R + S) log (G + R + S)): every stage it calls is; each band is laid out a bounded number of times.
  const lines = toLines(glyphs.filter((g) => g.ch.trim() !== "" || g.ch === " "));
  const parted = bands(lines, rules, shading).flatMap((band) => splitAtLabels(bandInfo(band, shading), shading));
  // The header of a table still open at the last page's foot is repeated at this page's head, if at all.
  const head = parted.findIndex((b) => !isRunningLine(b));
  const own = parted.flatMap((b, k) => splitAtItemHeader(b, shading, k === head ? state.itemTable?.labels : undefined));
  const found = state.remarkEdge === undefined ? own : continuedRemarks(own, state.remarkEdge, shading);
  // A 特記事項 row at the page's foot (only running lines below it) goes on overleaf.
  const last = found.findLastIndex((b) => !isRunningLine(b));
  state.remarkEdge = found[last]?.remarkEdge;
  const labelsOf = found.map(findItemLabels);
  const tableEnd = (from: number): number => {
    let end = from;
    while (end < found.length && !endsItemTable(found[end] as BandInfo) && !labelsOf[end]) end++;
    return end;
  };

  // Item tables: a header band of labels fixes the columns of the bands below it. A table broken
  // over a page goes on with the columns of the page before, as long as no text stands across them.
  const anchored = new Map<number, { columns: number[]; marker: number | undefined; lineGap: number }>();
  // anchoredBoundaries gives the marker column's boundary first when it found (or was given) one.
  const markerOf = (fixed: number[], labels: unknown[]): number | undefined => (fixed.length === labels.length ? fixed[0] : undefined);
  const carried = state.itemTable;
  state.itemTable = undefined;
  const carriedEnd = carried ? tableEnd(0) : 0;
  if (carried && carriedEnd > 0) {
    // The header's labels fix the columns here too, by the strips this page's rows leave (a header
    // at a page's foot had no rows under it to place them by); else the columns as they were, where
    // no text stands across them.
    const body = found.slice(0, carriedEnd);
    const reanchored = anchoredBoundaries(carried.labels, body.flatMap((b) => b.glyphs), carried.size, state.markerBoundary);
    const columns = reanchored ?? (respects(carried.columns, body) ? carried.columns : undefined);
    if (columns) {
      if (reanchored) state.markerBoundary = markerOf(reanchored, carried.labels);
      const table = { columns, marker: state.markerBoundary, lineGap: usualLineGap(body.map((b) => b.lines)) };
      for (let k = 0; k < carriedEnd; k++) anchored.set(k, table);
      if (carriedEnd === found.length) state.itemTable = { ...carried, columns };
    }
  }
  for (let h = 0; h < found.length; h++) {
    const header = found[h] as BandInfo;
    const labels = labelsOf[h];
    if (!labels) continue;
    const end = tableEnd(h + 1);
    const body = found.slice(h + 1, end);
    const fixed = anchoredBoundaries(labels, body.flatMap((b) => b.glyphs), header.size, state.markerBoundary);
    if (!fixed) continue;
    state.markerBoundary = markerOf(fixed, labels);
    // The header band too: two labels closer than a gutter are still two cells.
    const table = { columns: fixed, marker: state.markerBoundary, lineGap: usualLineGap(body.map((b) => b.lines)) };
    for (let k = h; k < end; k++) anchored.set(k, table);
    // A marker column's edge right of the first label's start (a header cell over both columns)
    // does not cut the label: in the header band it stands where the label starts.
    const firstLabel = labels[0];
    if (state.markerBoundary !== undefined && firstLabel && fixed.length > labels.length - 1 && (fixed[0] as number) > firstLabel.x0) {
      anchored.set(h, { ...table, columns: [Math.min(fixed[0] as number, firstLabel.x0 - 0.01), ...fixed.slice(1)] });
    }
    if (end === found.length) state.itemTable = { columns: fixed, labels, size: header.size };
  }

  // The item table's body bands, cut into rows at their markers.
  const infos: BandInfo[] = [];
  const fixedOf: Array<number[] | undefined> = [];
  found.forEach((info, k) => {
    const table = anchored.get(k);
    const pieces = table?.marker !== undefined && !labelsOf[k] ? splitAtMarkers(info, table.marker, table.lineGap, shading, table.columns) : [info];
    for (const piece of pieces) {
      infos.push(piece);
      fixedOf.push(table?.columns);
    }
  });

  // Each band's columns: fixed by the item header, the running template's, or its own.
  let template: Template | undefined;
  const laid = infos.map((info, index) => {
    const { glyphs: bandGlyphs, size, boundaries, chunks } = info;
    spend(STAGES.tables, bandGlyphs.length + chunks.length);
    const fixed = fixedOf[index];

    // Reuse the running template when the band fits it (an item row under the item header, a row
    // with empty cells); extend it with columns the band adds; otherwise start a new one.
    let use: number[] = fixed ?? boundaries;
    if (fixed) {
      // Columns fixed by the item header.
    } else if (template && chunks.length >= 2 && template.boundaries.length >= 2 && fits(template, chunks, size * 0.3)) {
      // Its own columns left of all the template's text are columns the template never saw (a row
      // whose label column the page before held: 行革 label | value under a row continued overleaf
      // that starts with a value).
      const start = template.x0;
      const leading = boundaries.filter((b) => b < start && bandGlyphs.some((g) => g.x1 <= b));
      use = leading.length > 0 ? [...leading, ...template.boundaries] : template.boundaries;
    } else if (template && chunks.length >= 2 && template.boundaries.length >= 2) {
      // A band with one more leading column (the ① marker column under a header without it).
      const merged = [...new Set([...template.boundaries, ...boundaries.filter((b) => b < (template?.boundaries[0] ?? 0))])].sort((a, b) => a - b);
      if (merged.length > template.boundaries.length && fits({ boundaries: merged }, chunks, size * 0.3)) {
        use = merged;
      }
    }
    const tabular = fixed !== undefined || chunks.length >= 2;
    const x0 = Math.min(...bandGlyphs.map((g) => g.x0));
    if (tabular) template = { boundaries: use, x0: use === template?.boundaries ? Math.min(template.x0, x0) : x0 };
    else template = undefined;
    // Bands of one shape: the item table's rows, or bands whose own gutters are the same.
    const own = fixed ?? boundaries;
    const shape = own.map((b) => b.toFixed(1)).join(",");
    return { use, tabular, own, shape, columns: byColumn(bandGlyphs, use) };
  });

  // How far right each column's text goes over the bands of one shape: a cell whose lines stop
  // short of it did not wrap there (two paragraphs of one line each, the first the longer, look
  // like one wrapped paragraph inside the cell alone). By shape, not by template: a template
  // also takes bands whose cells are wider than its columns (現況・課題's value under the header
  // rows' narrower ones), and a narrower cell must not borrow a wider one's reach.
  const reachOf = new Map<string, Map<number, number>>();
  laid.forEach(({ tabular, own, shape }, index) => {
    if (!tabular) return;
    const reaches = reachOf.get(shape) ?? reachOf.set(shape, new Map()).get(shape);
    for (const [k, gs] of byColumn((infos[index] as BandInfo).glyphs, own)) {
      const reach = Math.max(...toLines(gs).map(lineReach));
      if (reach > (reaches?.get(k) ?? -Infinity)) reaches?.set(k, reach);
    }
  });

  const rows: FreeRow[] = [];
  infos.forEach((info, index) => {
    const { lines: band } = info;
    const { use, tabular, own, shape, columns } = laid[index] as (typeof laid)[number];
    // A cell's reach is its own column's, when it lies in one of them.
    const reachOfCell = (gs: Glyph[]): number | undefined => {
      const first = gs[0];
      if (!tabular || !first) return undefined;
      const k = columnOf(own, (first.x0 + first.x1) / 2);
      return gs.every((g) => columnOf(own, (g.x0 + g.x1) / 2) === k) ? reachOf.get(shape)?.get(k) : undefined;
    };
    const count = tabular ? use.length + 1 : Math.max(1, columns.size);
    const cells: FreeCell[] = [];
    const top = Math.min(...band.map((l) => l.y - l.size));
    const bottom = Math.max(...band.map((l) => l.y + l.size * 0.2));
    const keys = tabular ? Array.from({ length: count }, (_, k) => k) : [...columns.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      const gs = columns.get(k) ?? [];
      const x0 = k === 0 ? Math.min(...(gs.length ? gs.map((g) => g.x0) : [use[0] ?? 0])) : (use[k - 1] as number);
      const x1 = k >= use.length ? Math.max(...(gs.length ? gs.map((g) => g.x1) : [x0])) : (use[k] as number);
      cells.push({ text: gs.length > 0 ? cellText(toLines(gs), undefined, reachOfCell(gs)) : "", x0, x1, y0: top, y1: bottom });
    }
    // Leading and trailing columns a band leaves empty are not cells of it.
    rows.push({ top, cells: trimEmptyEdges(cells) });
  });
  return joinCutLabels(rows);
}

/** Rows a label cut over lines may run on in (目 | 的・ | 効果: three rows, wrapped by kinsoku). */
const MAX_LABEL_ROWS = 4;

/**
 * A header label the rows cut apart joined again: a narrow label cell wraps (目 | 的・ | 効果, a
 * line may not start with ・), its value ends on its first line, and each further line is a row of
 * its own with nothing but the label's piece, under the label. Where the first piece alone reads as
 * no label and the pieces together read as one, the pieces are that row's label. (A first piece that
 * reads as the label already, 現況・ | 課題, is the assembler's to join.) O(rows · MAX_LABEL_ROWS).
 */
function joinCutLabels(rows: FreeRow[]): FreeRow[] {
  const out: FreeRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as FreeRow;
    const head = row.cells[0];
    const text = head?.text.trim() ?? "";
    if (!head || text === "" || text.length > MAX_SPACED_CHARS * 2 || matchHeaderLabel(text) !== undefined) {
      out.push(row);
      continue;
    }
    let joined = text;
    let end = -1;
    let above = head;
    for (let k = i + 1; k < Math.min(rows.length, i + 1 + MAX_LABEL_ROWS); k++) {
      const cells = (rows[k] as FreeRow).cells.filter((c) => c.text.trim() !== "");
      const piece = cells[0];
      if (cells.length !== 1 || !piece || (piece.x0 + piece.x1) / 2 < head.x0 || (piece.x0 + piece.x1) / 2 > head.x1) break;
      // Lines of one cell: each piece right under the one above, no more white between than a line.
      if (piece.text.trim().length > MAX_SPACED_CHARS * 2 || piece.y0 - above.y1 > above.y1 - above.y0) break;
      above = piece;
      const longer = joined + piece.text.trim();
      const key = matchHeaderLabel(longer);
      // The longest run of pieces that reads as the label the first reading did (目的・ | 効果).
      if (end >= 0 && key !== matchHeaderLabel(joined)) break;
      joined = longer;
      if (key !== undefined) end = k;
      else if (end >= 0) break;
    }
    if (end < 0) {
      out.push(row);
      continue;
    }
    joined = rows
      .slice(i, end + 1)
      .map((r) => (r.cells.find((c) => c.text.trim() !== "") as FreeCell).text.trim())
      .join("");
    const pieces = rows.slice(i, end + 1).map((r) => r.cells.find((c) => c.text.trim() !== "") as FreeCell);
    const label: FreeCell = {
      text: joined,
      x0: Math.min(...pieces.map((c) => c.x0)),
      x1: Math.max(...pieces.map((c) => c.x1)),
      y0: Math.min(...pieces.map((c) => c.y0)),
      y1: Math.max(...pieces.map((c) => c.y1)),
    };
    out.push({ top: row.top, cells: [label, ...row.cells.slice(1)] });
    i = end;
  }
  return out;
}

function trimEmptyEdges(cells: FreeCell[]): FreeCell[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1]?.text === "") end--;
  return cells.slice(0, end);
}
