// Fake bold: printer drivers and office software without a bold face draw a bold label several
// times a fraction of a point apart, and the text layer holds every copy
// (「平成28年平成28年平成28年平成28年」). A copy is the same character at nearly the same place and
// size as one drawn before it, as pdfplumber's dedupe_chars judges; it is dropped before anything
// reads the page. Real repeats (々, ーー, 1,111) stand at least half a character apart and stay.
import type { Glyph } from "./layout.js";
import { spend, STAGES } from "./work.js";

/** How far a copy may stand from the glyph it repeats, in font sizes (a real repeat is ≥ 0.5 away). */
const TOLERANCE = 0.2;

/** The glyphs without overprinted copies, in drawing order (the first drawn of each is kept). */
export function dropOverprints(glyphs: readonly Glyph[]): Glyph[] {
  const kept: Glyph[] = [];
  // Kept glyphs by coarse cell (one font size square) and first character, so each glyph meets
  // only the kept glyphs a copy of it could be (the same character, at most a few in reach): O(n).
  // Numeric keys, since this runs once per glyph on every page.
  const buckets = new Map<number, Glyph[]>();
  let code = 0;
  const key = (cx: number, cy: number): number => (cx * 100_003 + cy) * 1_114_112 + code;
  for (const g of glyphs) {
    if (g.ch.trim() === "") {
      kept.push(g);
      continue;
    }
    const unit = Math.max(g.size, 1);
    const tol = g.size * TOLERANCE;
    const cx = Math.floor(g.x0 / unit);
    const cy = Math.floor(g.y / unit);
    code = g.ch.codePointAt(0) ?? 0;
    let copy = false;
    for (let dx = -1; dx <= 1 && !copy; dx++) {
      for (let dy = -1; dy <= 1 && !copy; dy++) {
        const near = buckets.get(key(cx + dx, cy + dy));
        if (!near) continue;
        spend(STAGES.glyphs, near.length);
        for (const k of near) {
          if (k.ch === g.ch && Math.abs(k.x0 - g.x0) <= tol && Math.abs(k.y - g.y) <= tol && Math.abs(k.size - g.size) <= tol) {
            copy = true;
            break;
          }
        }
      }
    }
    if (copy) continue;
    kept.push(g);
    const k = key(cx, cy);
    const list = buckets.get(k);
    if (list) list.push(g);
    else buckets.set(k, [g]);
  }
  return kept;
}
