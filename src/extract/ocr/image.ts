// A scanned page's image, as the OCR reader reads it: the embedded image itself where the page is
// one image over the whole page (as a scanner writes it; it read better than a re-rendering of it:
// 88.0 % of characters against 82.9 %), else the page drawn by pdf.js. Either way bounded by the
// document's allowance (pdf/limits.ts): pdf.js decodes no image whose RGBA would not fit in it
// (TOO_LARGE, claimImage), and the reader's own copies of the page must fit in it too (ocrPixels).
import { SheetExtractError } from "../../errors.js";
import type { Box } from "../pdf/layout.js";
import { apply, multiply, type Matrix } from "../pdf/matrix.js";
import type { PaintedImage } from "../pdf/operators.js";
import { PDFJS_IMAGE_KIND, greyOf, orient, type DecodedImage } from "./raster.js";
import type { ScanImage } from "./page.js";

/**
 * Bytes the reader holds per pixel of a page image at most: the decoded RGB (3) or a drawn page's
 * RGBA (4), its grey copy, the deskewed copy, its ink mask, the copy with rules erased and the one
 * with cells erased (1 each), crops and their scaled copies (about 2). The document's off-heap
 * allowance divided by it is the largest page image read (40 Mpx at the default --max-memory: an
 * A3 page at 300 dpi is 17).
 */
export const BYTES_PER_PIXEL = 10;

/** The most pixels a page image may have for OCR with `bytes` of the document's allowance (ReadLimits.documentBytes) left. */
export function ocrPixels(bytes: number): number {
  return Math.floor(Math.max(0, bytes) / BYTES_PER_PIXEL);
}

/** Resolution a page is drawn at when its image cannot be taken as it is. */
export const RENDER_DPI = 300;

/** Share of the page one image must cover to be taken as the page's scan. */
const FULL_PAGE = 0.85;

export interface ScanSource {
  /** Page size as displayed, points. */
  width: number;
  height: number;
  toDisplay: Matrix;
  images: PaintedImage[];
  number: number;
}

/** The display box of an image's unit square and the display directions its columns and rows run in, if it is drawn axis-aligned. */
function placement(image: PaintedImage, toDisplay: Matrix): { box: Box; column: [number, number]; row: [number, number] } | undefined {
  const m = multiply(image.ctm, toDisplay);
  const corners = [apply(m, 0, 0), apply(m, 1, 0), apply(m, 0, 1), apply(m, 1, 1)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const box = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  const sign = (v: number): number => (Math.abs(v) < 1e-6 ? 0 : Math.sign(v));
  // Columns grow along the unit square's x axis; rows grow downwards in the image, along −y.
  const column: [number, number] = [sign(m[0]), sign(m[1])];
  const row: [number, number] = [sign(-m[2]), sign(-m[3])];
  const axisAligned = Math.abs(column[0]) + Math.abs(column[1]) === 1 && Math.abs(row[0]) + Math.abs(row[1]) === 1 && column[0] * row[0] + column[1] * row[1] === 0;
  return axisAligned ? { box, column, row } : undefined;
}

/** The one image that is the page's scan (drawn over most of it, axis-aligned), if there is one. */
export function fullPageImage(page: ScanSource): { image: PaintedImage; box: Box; column: [number, number]; row: [number, number] } | undefined {
  if (page.images.length !== 1) return undefined;
  const image = page.images[0] as PaintedImage;
  if (!("objId" in image.source || "inline" in image.source)) return undefined;
  const placed = placement(image, page.toDisplay);
  if (!placed) return undefined;
  const area = (placed.box.x1 - placed.box.x0) * (placed.box.y1 - placed.box.y0);
  return area >= FULL_PAGE * page.width * page.height ? { image, ...placed } : undefined;
}

function tooLarge(page: number, pixels: number, budget: number): SheetExtractError {
  return new SheetExtractError(
    "TOO_LARGE",
    `page ${page}'s image has ${(pixels / 1e6).toFixed(1)} million pixels, more than the ${(budget / 1e6).toFixed(1)} million that --max-memory allows for OCR`,
    { page },
  );
}

/**
 * The page's scan: its one full-page image decoded by pdf.js (`decoded` gives pdf.js's data for
 * it), else the page drawn by `render` at RENDER_DPI (or less, within the budget).
 */
export async function pageScan(
  page: ScanSource,
  decoded: (image: PaintedImage) => DecodedImage | undefined,
  render: (scale: number) => Promise<{ width: number; height: number; rgba: Uint8Array | Uint8ClampedArray }>,
  budget: number,
): Promise<ScanImage> {
  const full = fullPageImage(page);
  const data = full ? decoded(full.image) : undefined;
  if (full && data && data.width > 0 && data.height > 0) {
    if (data.width * data.height > budget) throw tooLarge(page.number, data.width * data.height, budget);
    return { image: orient(greyOf(data), full.column, full.row), box: full.box };
  }
  const points = page.width * page.height;
  const scale = Math.min(RENDER_DPI / 72, Math.sqrt(budget / Math.max(1, points)));
  if (scale < 100 / 72) throw tooLarge(page.number, points * (100 / 72) ** 2, budget);
  const drawn = await render(scale);
  const image = greyOf({ width: drawn.width, height: drawn.height, kind: PDFJS_IMAGE_KIND.RGBA_32BPP, data: drawn.rgba });
  return { image, box: { x0: 0, y0: 0, x1: drawn.width / scale, y1: drawn.height / scale } };
}
