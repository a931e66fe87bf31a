// Tables without ruling lines (Word and Writer without borders, text printed from a browser without
// CSS): rows and columns from text positions alone. Lines are grouped into bands (table rows) at
// wider-than-usual vertical gaps or horizontal rules; a band's columns are the vertical strips of
// white space that run through all its lines; consecutive bands whose text falls into the same
// columns share them, so an empty cell stays an empty cell in its column.
import { cellText, toLines, type Glyph, type Line } from "./layout.js";

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

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor(s.length / 2)] as number);
}

/** A blank strip at least this high (in font sizes) between two lines separates table rows. */
const ROW_GAP = 0.75;

/** Lines grouped into bands: a new band at a wide vertical gap or across a horizontal rule. */
function bands(lines: Line[], rules: number[]): Line[][] {
  const out: Line[][] = [];
  let current: Line[] = [];
  let bottom = -Infinity;
  for (const line of lines) {
    const top = line.y - line.size * 0.88;
    const ruled = current.length > 0 && rules.some((y) => y > bottom - line.size * 0.1 && y < top + line.size * 0.1);
    if (current.length > 0 && (top - bottom > line.size * ROW_GAP || ruled)) {
      out.push(current);
      current = [];
      bottom = -Infinity;
    }
    current.push(line);
    bottom = Math.max(bottom, line.y + line.size * 0.12);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** In a band of several lines, a narrower strip is a gutter when text stands on both sides of it in two lines or more. */
const MIN_RIVER = 0.35;

/** Column boundaries of a band: midpoints of the white strips that run through all its lines. */
function gutters(band: Line[]): { boundaries: number[]; size: number } {
  const glyphs = band.flatMap((l) => l.glyphs).filter((g) => g.ch.trim() !== "");
  const size = median(glyphs.map((g) => g.size)) || 10;
  const spans = glyphs.map((g) => [g.x0, g.x1] as [number, number]).sort((a, b) => a[0] - b[0]);
  const boundaries: number[] = [];
  let end = -Infinity;
  for (const [x0, x1] of spans) {
    const gap = x0 - end;
    if (end !== -Infinity && gap >= size * MIN_RIVER) {
      const at = (end + x0) / 2;
      // Lines with text on both sides of the strip: a word space shows in one line, a column in many.
      const across = band.filter((l) => l.glyphs.some((g) => g.ch.trim() !== "" && g.x1 <= end + 0.01) && l.glyphs.some((g) => g.ch.trim() !== "" && g.x0 >= x0 - 0.01)).length;
      if (gap >= size * MIN_GUTTER || across >= 2) boundaries.push(at);
    }
    end = Math.max(end, x1);
  }
  return { boundaries, size };
}

interface Template {
  /** Column boundaries (x of the gutters); columns are the intervals between them. */
  boundaries: number[];
}

function columnOf(boundaries: number[], x: number): number {
  let k = 0;
  while (k < boundaries.length && x > (boundaries[k] as number)) k++;
  return k;
}

/** Whether every chunk of a band lies within one column of the template. */
function fits(template: Template, chunks: Array<{ x0: number; x1: number }>, slack: number): boolean {
  return chunks.every((c) => columnOf(template.boundaries, c.x0 + slack) === columnOf(template.boundaries, c.x1 - slack));
}

export function layoutFree(glyphs: Glyph[], rules: number[]): FreeRow[] {
  const lines = toLines(glyphs.filter((g) => g.ch.trim() !== "" || g.ch === " "));
  const rows: FreeRow[] = [];
  let template: Template | undefined;
  for (const band of bands(lines, rules)) {
    const { boundaries, size } = gutters(band);
    const bandGlyphs = band.flatMap((l) => l.glyphs).filter((g) => g.ch.trim() !== "");
    // The band's own chunks (between its gutters).
    const chunkOf = (g: Glyph, b: number[]): number => columnOf(b, (g.x0 + g.x1) / 2);
    const own = new Map<number, Glyph[]>();
    for (const g of bandGlyphs) {
      const k = chunkOf(g, boundaries);
      const list = own.get(k) ?? [];
      list.push(g);
      own.set(k, list);
    }
    const chunks = [...own.values()].map((gs) => ({ x0: Math.min(...gs.map((g) => g.x0)), x1: Math.max(...gs.map((g) => g.x1)) }));

    // Reuse the running template when the band fits it (an item row under the item header, a row
    // with empty cells); extend it with columns the band adds; otherwise start a new one.
    let use: number[] = boundaries;
    if (template && chunks.length >= 2 && template.boundaries.length >= 2 && fits(template, chunks, size * 0.3)) {
      use = template.boundaries;
    } else if (template && chunks.length >= 2 && template.boundaries.length >= 2) {
      // A band with one more leading column (the ① marker column under a header without it).
      const merged = [...new Set([...template.boundaries, ...boundaries.filter((b) => b < (template?.boundaries[0] ?? 0))])].sort((a, b) => a - b);
      if (merged.length > template.boundaries.length && fits({ boundaries: merged }, chunks, size * 0.3)) {
        use = merged;
      }
    }
    if (chunks.length >= 2) template = { boundaries: use };
    else template = undefined;

    const columns = new Map<number, Glyph[]>();
    for (const g of bandGlyphs) {
      const k = chunkOf(g, use);
      (columns.get(k) ?? columns.set(k, []).get(k))?.push(g);
    }
    const count = chunks.length >= 2 ? use.length + 1 : Math.max(1, columns.size);
    const cells: FreeCell[] = [];
    const top = Math.min(...band.map((l) => l.y - l.size));
    const bottom = Math.max(...band.map((l) => l.y + l.size * 0.2));
    const keys = chunks.length >= 2 ? Array.from({ length: count }, (_, k) => k) : [...columns.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      const gs = columns.get(k) ?? [];
      const x0 = k === 0 ? Math.min(...(gs.length ? gs.map((g) => g.x0) : [use[0] ?? 0])) : (use[k - 1] as number);
      const x1 = k >= use.length ? Math.max(...(gs.length ? gs.map((g) => g.x1) : [x0])) : (use[k] as number);
      cells.push({ text: gs.length > 0 ? cellText(toLines(gs)) : "", x0, x1, y0: top, y1: bottom });
    }
    // Leading and trailing columns a band leaves empty are not cells of it.
    rows.push({ top, cells: trimEmptyEdges(cells) });
  }
  return rows;
}

function trimEmptyEdges(cells: FreeCell[]): FreeCell[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1]?.text === "") end--;
  return cells.slice(0, end);
}
