// One scanned page → the same positioned text and ruling lines a text PDF's page gives, so that
// layoutPage builds its cells as it does for any PDF: the image is deskewed by its rules, the rules
// are found in the pixels, each cell the rules enclose is cropped (rules erased) and read on its
// own, and text outside the tables is read band by band. Words come back as text runs in PDF
// points, placed where the engine saw them; provenance boxes then need nothing more.
import type { Bbox } from "../../model/index.js";
import type { PdfPage, TextRun } from "../pdf/document.js";
import type { Segment } from "../pdf/geometry.js";
import { ruledCells, type Box } from "../pdf/layout.js";
import { apply, invert, multiply, type Matrix } from "../pdf/matrix.js";
import { binarize, crop, otsuThreshold, pad, paperLevel, rotate, scale, type GreyImage } from "./raster.js";
import { estimateSkew, findRules, ruleMask, type PixelRule } from "./rules.js";
import { recognizeSafely as recognize, type OcrWord } from "./tesseract.js";
import { allFullWidth, inForm, pageWidthForm } from "./widths.js";

/** A page's image as displayed (rows left to right, top to bottom) and the display box it covers, in points. */
export interface ScanImage {
  image: GreyImage;
  box: Box;
}

/** A word the engine read, where it stands (PDF points) and how sure it was. */
export interface OcrWordRecord {
  page: number;
  bbox: Bbox;
  /** 0–100. */
  conf: number;
  text: string;
}

export interface OcrPageResult {
  /** Text runs and rules, for layoutPage. */
  page: PdfPage;
  words: OcrWordRecord[];
  /** The skew taken out, radians. */
  skew: number;
  /** Cells and bands read. */
  crops: number;
  /** Lone glyphs (a piece one character wide) and their readings as a word (psm 8), for what the form makes certain (form.ts). */
  glyphs: LoneGlyph[];
}

/** A piece of one character, where it stands (PDF points) and how the engine read it alone as a word. */
export interface LoneGlyph {
  page: number;
  bbox: Bbox;
  /** The reading as a word (psm 8), white space removed; "" where it read nothing. */
  asWord: string;
}

export interface EngineOptions {
  binary: string;
  lang: string;
  deadline?: number | undefined;
  maxMemoryMb?: number | undefined;
}

/**
 * Sizes the reader works with, each with its reason (points of print, or pixels the engine is given).
 */
export const OCR_GEOMETRY = {
  /**
   * Text is scaled so that the page's usual line stands this many pixels tall (never shrunk; all
   * lines alike, as a lone 3 scaled to a line's height reads J): the engine
   * reads small print badly (at 200 dpi, crops at 1× read 77 % of characters, at 2× 90 %).
   */
  linePx: 48,
  /** Nor scaled more than this: a speck blown up is no letter. */
  maxScale: 4,
  /** White round each crop: the engine misreads text that touches its image's edge. */
  marginPx: 12,
  /** A piece with less ink than a square this many points across holds no text (noise, a dot). */
  inkSquare: 1.2,
  /** White between two pieces of a line wider than this many sizes is a space the sheet printed (a full-width space; 、 leaves about 0.8). */
  spaceGap: 1,
  /** A band of ink lower than this share of its cell's usual line is a sliver of a line (dots, a cut stroke)… */
  sliver: 0.5,
  /** …and joins the neighbouring line when the white between them is under this share. */
  sliverGap: 0.6,
  /**
   * A sliver whose ink runs unbroken this many usual lines along is what is left of a rule (the
   * second line of a double rule, a rule's edge beside the one erased), no text: no character is
   * so flat and long, and a row of ー or ― leaves white between its glyphs.
   */
  ruleRest: 3,
  /** A faint rule is darker than the paper by at least this share of the way to the text's threshold (and by four times the paper's noise). */
  ruleInk: 0.3,
  /** …and darker than the paper this many points away on both sides: rules are thin, up to about a point wide. */
  ridge: 0.6,
  /** Lines of kana and kanji alone a page needs for its em to be measured (and its digits' and letters' widths judged). */
  emSamples: 5,
  /**
   * A piece no wider than this many times its height is one character (a rank, a marker, a digit
   * alone in its cell). The engine's line reading (psm 7) of a lone glyph swings with the scale it
   * is given (one clean "3" read 3, 8, り, う or 9 at 0.5–3×), its word reading (psm 8) does not
   * (3 at every scale) but loses circled numbers (② → @): both are kept, for the form to choose
   * between where it knows what is due (form.ts).
   */
  loneGlyph: 1.3,
  /** Skews under this (radians, about 0.03°) are left: a turn would only blur the image. */
  minSkew: 0.0005,
} as const;

interface Crop {
  /** Where the crop's pixel (0, 0) is in the deskewed page image (before scaling). */
  x: number;
  y: number;
  factor: number;
}

/**
 * The display transform of the deskewed page: display points of the page as printed → those of the
 * image turned level (rotate(): the image was turned by `skew` about its centre).
 */
function deskewTransform(box: Box, skew: number): Matrix {
  const cos = Math.cos(skew);
  const sin = Math.sin(skew);
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  return [cos, -sin, sin, cos, cx - (cos * cx + sin * cy), cy - (-sin * cx + cos * cy)];
}

/** Ink pixels (≤ threshold) in a rectangle of the image, and their bounds (rows and columns with at least two). */
function inkBounds(image: GreyImage, threshold: number, x0: number, y0: number, x1: number, y1: number): { count: number; box?: [number, number, number, number] } {
  const cols = new Uint32Array(Math.max(0, x1 - x0));
  let count = 0;
  let top = -1;
  let bottom = -1;
  for (let y = y0; y < y1; y++) {
    let row = 0;
    const base = y * image.width;
    for (let x = x0; x < x1; x++) {
      if ((image.data[base + x] as number) <= threshold) {
        row++;
        cols[x - x0] = (cols[x - x0] as number) + 1;
      }
    }
    count += row;
    if (row >= 2) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  let left = -1;
  let right = -1;
  cols.forEach((n, i) => {
    if (n >= 2) {
      if (left < 0) left = i + x0;
      right = i + x0;
    }
  });
  return top < 0 || left < 0 ? { count } : { count, box: [left, top, right + 1, bottom + 1] };
}

/** Reads one scanned page. `base` is the page as pdf.js gave it (number, view, display transform). */
export async function ocrPage(base: Pick<PdfPage, "number" | "view" | "toDisplay" | "width" | "height">, scan: ScanImage, engine: EngineOptions): Promise<OcrPageResult> {
  const { box } = scan;
  let image = scan.image;
  const pxPerPt = image.width / (box.x1 - box.x0);
  const threshold = otsuThreshold(image);
  const measured = estimateSkew({ width: image.width, height: image.height, ink: binarize(image, threshold) }, pxPerPt);
  const skew = Math.abs(measured) >= OCR_GEOMETRY.minSkew ? measured : 0;
  if (skew !== 0) image = rotate(image, skew);
  const toDisplay = multiply(base.toDisplay, deskewTransform(box, skew));
  const fromDisplay = invert(toDisplay);
  const ptX = (px: number): number => box.x0 + px / pxPerPt;
  const ptY = (py: number): number => box.y0 + py / pxPerPt;
  const pxX = (pt: number): number => (pt - box.x0) * pxPerPt;
  const pxY = (pt: number): number => (pt - box.y0) * pxPerPt;

  // Rules are looked for in lighter ink than text too, where it is a thin line (a hairline the
  // scanner blurred to grey); noise four times over is no line.
  const { level, noise } = paperLevel(image, threshold);
  const delta = Math.max(4 * noise, OCR_GEOMETRY.ruleInk * (level - threshold));
  const offset = Math.max(2, Math.round(OCR_GEOMETRY.ridge * pxPerPt));
  const { rules, halos } = findRules({ h: ruleMask(image, threshold, level, delta, offset, "h"), v: ruleMask(image, threshold, level, delta, offset, "v") }, pxPerPt);
  const displaySegments: Segment[] = rules.map((r) => ({ dir: r.dir, x0: ptX(r.x0 + 0.5), y0: ptY(r.y0 + 0.5), x1: ptX(r.x1 + 0.5), y1: ptY(r.y1 + 0.5) }));
  const cells = ruledCells(displaySegments);

  // The rules erased: text is read without them (the engine reads a rule beside text as |, 1 or l).
  const clean: GreyImage = { ...image, data: new Uint8Array(image.data) };
  for (const r of [...rules, ...halos]) whiten(clean, ruleRect(r));

  // The text in pieces: a cell's lines (white rows between them), each parted where the white in it
  // is wider than a character (a space the sheet printed), read one line at a time.
  const minInk = (OCR_GEOMETRY.inkSquare * pxPerPt) ** 2;
  const inset = Math.max(1, Math.round(0.3 * pxPerPt));
  // Text outside the cells (titles, headings, page numbers, tables without rules) is read from the
  // page with the cells erased.
  const outside: GreyImage = { ...clean, data: new Uint8Array(clean.data) };
  for (const c of cells) whiten(outside, [pxX(c.x0) - inset, pxY(c.y0) - inset, pxX(c.x1) + inset, pxY(c.y1) + inset]);
  const areas = [
    ...cells.map((c) => inkBands(clean, threshold, [pxX(c.x0) + inset, pxY(c.y0) + inset, pxX(c.x1) - inset, pxY(c.y1) - inset])),
    inkBands(outside, threshold, [0, 0, outside.width, outside.height], true),
  ];
  const usual = usualLine(areas.flat());
  const pieces = areas.flatMap((bands) => textPieces(bands[0]?.outside ? outside : clean, threshold, bands, usual, minInk));
  const batches = new Map<number, Array<{ piece: Piece; crop: Crop; image: GreyImage; dpi: number }>>();
  for (const piece of pieces) {
    // Each line scaled so that its text stands as tall as the engine reads best.
    const factor = Math.min(OCR_GEOMETRY.maxScale, Math.max(1, OCR_GEOMETRY.linePx / Math.max(1, usual)));
    const cut = crop(piece.outside ? outside : clean, piece.x0, piece.y0, piece.x1, piece.y1);
    const psm = piece.lines > 1 ? 6 : 7;
    const list = batches.get(psm) ?? batches.set(psm, []).get(psm) ?? [];
    list.push({
      piece,
      crop: { x: piece.x0 - OCR_GEOMETRY.marginPx / factor, y: piece.y0 - OCR_GEOMETRY.marginPx / factor, factor },
      image: pad(scale(cut, factor), OCR_GEOMETRY.marginPx),
      dpi: 72 * pxPerPt * factor,
    });
  }
  const runs: TextRun[] = [];
  const words: OcrWordRecord[] = [];
  // Runs whose ink width is known exactly (one piece each), for the width of their characters.
  const widths: Array<{ run: TextRun; widthPx: number; gapPx: number }> = [];
  let crops = 0;
  // Lone glyphs read again as a word.
  const lone = (batches.get(7) ?? []).filter((x) => x.piece.x1 - x.piece.x0 <= OCR_GEOMETRY.loneGlyph * (x.piece.y1 - x.piece.y0));
  const asWord = new Map<Piece, string>();
  if (lone.length > 0) {
    crops += lone.length;
    const read = await recognize(lone, { binary: engine.binary, lang: engine.lang, psm: 8, deadline: engine.deadline, maxMemoryMb: engine.maxMemoryMb, page: base.number });
    read.forEach((found, i) => asWord.set((lone[i] as (typeof lone)[number]).piece, found.map((w) => w.text).join("")));
  }
  const glyphs: LoneGlyph[] = [];
  for (const [psm, list] of [...batches].sort((a, b) => a[0] - b[0])) {
    crops += list.length;
    const options = { binary: engine.binary, lang: engine.lang, psm, deadline: engine.deadline, maxMemoryMb: engine.maxMemoryMb, page: base.number };
    const read = await recognize(list, options);
    // A piece with ink that read as nothing is read again with the global threshold (tesseract.ts).
    const blank = list.flatMap((x, i) => (read[i]?.length === 0 ? [i] : []));
    if (blank.length > 0) {
      crops += blank.length;
      const again = await recognize(
        blank.map((i) => list[i] as (typeof list)[number]),
        { ...options, globalThreshold: true },
      );
      blank.forEach((i, k) => (read[i] = again[k] ?? []));
    }
    read.forEach((found, i) => {
      const { piece, crop: c } = list[i] as (typeof list)[number];
      const lines = piece.lines > 1 ? linesOf(found) : [found];
      const size = piece.size / pxPerPt;
      for (const line of lines) {
        if (line.length === 0) continue;
        // The piece's ink bounds place a one-line piece exactly; the engine's word boxes are rough
        // (a word's width may be off by half its length) and place only the lines of a taller one.
        const top = piece.lines > 1 ? c.y + Math.min(...line.map((w) => w.y0)) / c.factor : piece.y0;
        const footPx = piece.lines > 1 ? c.y + Math.max(...line.map((w) => w.y1)) / c.factor : piece.y1;
        const leftPx = piece.lines > 1 ? Math.max(piece.x0, c.x + Math.min(...line.map((w) => w.x0)) / c.factor) : piece.x0;
        const rightPx = piece.lines > 1 ? Math.min(piece.x1, c.x + Math.max(...line.map((w) => w.x1)) / c.factor) : piece.x1;
        const [x0, y0] = [ptX(leftPx), ptY(top)];
        const [x1, foot] = [ptX(rightPx), ptY(footPx)];
        const display: Matrix = [size, 0, 0, -size, x0, foot];
        const run: TextRun = { text: line.map((w) => w.text).join(""), transform: multiply(display, fromDisplay), width: Math.max(0.1, x1 - x0) };
        runs.push(run);
        if (piece.lines === 1) widths.push({ run, widthPx: piece.x1 - piece.x0, gapPx: widestGap(piece.outside ? outside : clean, threshold, piece) });
        const a = apply(fromDisplay, x0, y0);
        const b = apply(fromDisplay, x1, foot);
        const bbox: Bbox = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])].map((v) => Math.round(v * 100) / 100) as Bbox;
        for (const w of line) words.push({ page: base.number, bbox, conf: w.conf, text: w.text });
        const word = asWord.get(piece);
        if (word !== undefined) glyphs.push({ page: base.number, bbox, asWord: word });
      }
    });
  }
  // 全角 or 半角 by the print's width, in ems of the page's text: an em measured on lines of kana and
  // kanji alone (their ink spans all but the last character's side bearing).
  const ems = widths
    .filter((m) => [...m.run.text].length >= 4 && allFullWidth(m.run.text))
    .map((m) => m.widthPx / ([...m.run.text].length - 0.1))
    .sort((a, b) => a - b);
  const em = ems[ems.length >> 1];
  const form = em !== undefined && ems.length >= OCR_GEOMETRY.emSamples ? pageWidthForm(widths.map((m) => ({ text: m.run.text, widthEm: m.widthPx / em, widestGapEm: m.gapPx / em }))) : undefined;
  if (form) for (const m of widths) m.run.text = inForm(m.run.text, form);
  const segments: Segment[] = displaySegments.map((s) => {
    const [ax, ay] = apply(fromDisplay, s.x0, s.y0);
    const [bx, by] = apply(fromDisplay, s.x1, s.y1);
    return { dir: s.dir, x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
  });
  const page: PdfPage = { number: base.number, view: base.view, toDisplay, width: base.width, height: base.height, runs, segments, fills: [] };
  return { page, words, skew, crops, glyphs };
}

/** The widest white between a piece's ink, pixels (columns with no ink at all). */
function widestGap(image: GreyImage, threshold: number, piece: Piece): number {
  let widest = 0;
  let run = 0;
  for (let x = piece.x0; x < piece.x1; x++) {
    let ink = false;
    for (let y = piece.y0, i = piece.y0 * image.width + x; y < piece.y1 && !ink; y++, i += image.width) ink = (image.data[i] as number) <= threshold;
    run = ink ? 0 : run + 1;
    widest = Math.max(widest, run);
  }
  return widest;
}

/** A rule's pixels, with a pixel more on each side (its antialiased edge). */
function ruleRect(r: PixelRule): [number, number, number, number] {
  const half = r.thickness / 2 + 1;
  return r.dir === "h" ? [r.x0 - 1, r.y0 - half, r.x1 + 2, r.y0 + half + 1] : [r.x0 - half, r.y0 - 1, r.x0 + half + 1, r.y1 + 2];
}

function whiten(image: GreyImage, [x0, y0, x1, y1]: [number, number, number, number]): void {
  const left = Math.max(0, Math.floor(x0));
  const right = Math.min(image.width, Math.ceil(x1));
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(image.height, Math.ceil(y1)); y++) image.data.fill(255, y * image.width + left, y * image.width + Math.max(left, right));
}

/** A piece of text to read: one line (or lines that touch, read as a block), in deskewed page pixels. */
interface Piece {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The text's size: the usual height of a line of its cell, pixels. */
  size: number;
  /** Lines it holds: more than one where lines touch and no white row parts them. */
  lines: number;
  /** Read from the page with the cells erased (text outside the tables). */
  outside: boolean;
}

/** Runs of indices where `count(i)` is at least `min`, as [from, to) pairs. */
function runsAbove(length: number, count: (i: number) => number, min: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= length; i++) {
    const on = i < length && count(i) >= min;
    if (on && start < 0) start = i;
    else if (!on && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

interface Band {
  /** Rows [a, b) and columns [x0, x1) of the rectangle it was found in. */
  a: number;
  b: number;
  x0: number;
  x1: number;
  outside: boolean;
}

/** Ink per row of a rectangle of the image. */
function rowInk(image: GreyImage, threshold: number, x0: number, x1: number, y0: number, y1: number): Uint32Array {
  const out = new Uint32Array(Math.max(0, y1 - y0));
  for (let y = y0; y < y1; y++) {
    let n = 0;
    for (let x = x0, i = y * image.width + x0; x < x1; x++, i++) if ((image.data[i] as number) <= threshold) n++;
    out[y - y0] = n;
  }
  return out;
}

/** The bands of ink inside a rectangle of the image: rows of ink between white rows. */
function inkBands(image: GreyImage, threshold: number, rect: [number, number, number, number], outside = false): Band[] {
  const x0 = Math.max(0, Math.round(rect[0]));
  const y0 = Math.max(0, Math.round(rect[1]));
  const x1 = Math.min(image.width, Math.round(rect[2]));
  const y1 = Math.min(image.height, Math.round(rect[3]));
  if (x1 - x0 < 2 || y1 - y0 < 2) return [];
  const ink = rowInk(image, threshold, x0, x1, y0, y1);
  return runsAbove(y1 - y0, (i) => ink[i] as number, 1).map(([a, b]) => ({ a: a + y0, b: b + y0, x0, x1, outside }));
}

/** The usual height of a line of text on the page: the median band (most cells hold one line, or lines with white between them). */
function usualLine(bands: Band[]): number {
  const heights = bands.map((b) => b.b - b.a).sort((p, q) => p - q);
  return heights[heights.length >> 1] ?? 1;
}

/**
 * The pieces of text of one rectangle's bands: slivers (a line's dots, a stroke a white row cut off)
 * joined to the line beside them, lines that touch (no white row between them: Calc's tight cells)
 * cut apart at the faintest rows near where each should end, and each line parted where white wider
 * than OCR_GEOMETRY.spaceGap sizes runs through it.
 */
function textPieces(image: GreyImage, threshold: number, bands: Band[], usual: number, minInk: number): Piece[] {
  const { data, width } = image;
  const merged: Band[] = [];
  for (const band of bands) {
    const last = merged[merged.length - 1];
    const thin = (b: Band): boolean => b.b - b.a < OCR_GEOMETRY.sliver * usual;
    if (last && (thin(band) || thin(last)) && band.a - last.b < OCR_GEOMETRY.sliverGap * usual) last.b = band.b;
    else merged.push({ ...band });
  }
  const lines: Band[] = [];
  for (const band of merged) {
    const h = band.b - band.a;
    if (h < OCR_GEOMETRY.sliver * usual && longestInkRun(image, threshold, band) >= OCR_GEOMETRY.ruleRest * usual) continue;
    const count = Math.max(1, Math.round(h / usual));
    if (count === 1) {
      lines.push(band);
      continue;
    }
    const ink = rowInk(image, threshold, band.x0, band.x1, band.a, band.b);
    let from = band.a;
    for (let k = 1; k < count; k++) {
      const target = band.a + (k * h) / count;
      let cut = Math.round(target);
      for (let y = Math.max(from + 1, Math.round(target - 0.3 * usual)); y <= Math.min(band.b - 1, Math.round(target + 0.3 * usual)); y++) {
        if ((ink[y - band.a] as number) < (ink[cut - band.a] ?? Infinity)) cut = y;
      }
      lines.push({ ...band, a: from, b: cut });
      from = cut;
    }
    lines.push({ ...band, a: from });
  }
  const pieces: Piece[] = [];
  for (const line of lines) {
    const h = Math.min(line.b - line.a, Math.round(1.5 * usual));
    const colInk = (x: number): number => {
      let n = 0;
      for (let y = line.a, i = line.a * width + x; y < line.b; y++, i += width) if ((data[i] as number) <= threshold) n++;
      return n;
    };
    const cols = runsAbove(line.x1 - line.x0, (i) => colInk(i + line.x0), 1);
    let from = -1;
    let to = -1;
    let ink = 0;
    const flush = (): void => {
      if (from >= 0 && ink >= minInk) pieces.push({ x0: from, y0: line.a, x1: to, y1: line.b, size: h, lines: 1, outside: line.outside });
    };
    for (const [a, b] of cols) {
      if (from >= 0 && a + line.x0 - to > OCR_GEOMETRY.spaceGap * h) {
        flush();
        from = -1;
        ink = 0;
      }
      if (from < 0) from = a + line.x0;
      to = b + line.x0;
      for (let x = a + line.x0; x < to; x++) ink += colInk(x);
    }
    flush();
  }
  return pieces;
}

/** The longest run of columns of a band that each hold ink, pixels. */
function longestInkRun(image: GreyImage, threshold: number, band: Band): number {
  let longest = 0;
  let run = 0;
  for (let x = band.x0; x < band.x1; x++) {
    let ink = false;
    for (let y = band.a, i = band.a * image.width + x; y < band.b && !ink; y++, i += image.width) ink = (image.data[i] as number) <= threshold;
    run = ink ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** A line's words (in the engine's order) parted where the white between two is wider than `gap` pixels. */
function partsOf(line: OcrWord[], gap: number): OcrWord[][] {
  const parts: OcrWord[][] = [];
  let reach = -Infinity;
  for (const w of line) {
    const last = parts[parts.length - 1];
    if (!last || w.x0 - reach > gap) parts.push([w]);
    else last.push(w);
    reach = Math.max(reach, w.x1);
  }
  return parts;
}

/** Words by line, in reading order. */
function linesOf(words: OcrWord[]): OcrWord[][] {
  const lines = new Map<number, OcrWord[]>();
  for (const w of words) (lines.get(w.line) ?? lines.set(w.line, []).get(w.line))?.push(w);
  return [...lines.keys()].sort((a, b) => a - b).map((k) => lines.get(k) ?? []);
}
