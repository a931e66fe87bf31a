// Fake bold: printer drivers and office software without a bold face draw a bold label several
// times a fraction of a point apart, and the text layer holds every copy
// (「平成28年平成28年平成28年平成28年」). A copy is the same character at nearly the same place and
// size as one drawn before it, as pdfplumber's dedupe_chars judges; it is dropped before anything
// reads the page. Real repeats (々, ーー, 1,111) stand at least half a character apart and stay.
import type { Glyph } from "./layout.js";

/** How far a copy may stand from the glyph it repeats, in font sizes (a real repeat is ≥ 0.5 away). */
const TOLERANCE = 0.2;

/** The glyphs without overprinted copies, in drawing order (the first drawn of each is kept). */
export function dropOverprints(glyphs: readonly Glyph[]): Glyph[] {
  const kept: Glyph[] = [];
  // Kept glyphs by character and coarse cell, so each glyph is compared with a few neighbours only.
  const buckets = new Map<string, Glyph[]>();
  const cellOf = (v: number, size: number): number => Math.floor(v / Math.max(size, 1));
  for (const g of glyphs) {
    if (g.ch.trim() === "") {
      kept.push(g);
      continue;
    }
    const tol = g.size * TOLERANCE;
    const cx = cellOf(g.x0, g.size);
    const cy = cellOf(g.y, g.size);
    let copy = false;
    for (let dx = -1; dx <= 1 && !copy; dx++) {
      for (let dy = -1; dy <= 1 && !copy; dy++) {
        for (const k of buckets.get(`${g.ch}\u0000${cx + dx}\u0000${cy + dy}`) ?? []) {
          if (Math.abs(k.x0 - g.x0) <= tol && Math.abs(k.y - g.y) <= tol && Math.abs(k.size - g.size) <= tol) {
            copy = true;
            break;
          }
        }
      }
    }
    if (copy) continue;
    kept.push(g);
    const key = `${g.ch}\u0000${cx}\u0000${cy}`;
    const list = buckets.get(key);
    if (list) list.push(g);
    else buckets.set(key, [g]);
  }
  return kept;
}
