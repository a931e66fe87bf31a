// Fake bold: printer drivers and office software without a bold face draw a bold label several
// times a fraction of a point apart, and the text layer holds every copy
// (「平成28年平成28年平成28年平成28年」). A copy is the same character at nearly the same place and
// size as one drawn before it, as pdfplumber's dedupe_chars judges; it is dropped before anything
// reads the page. Real repeats (々, ーー, 1,111) stand at least half a character apart and stay.
import type { Glyph } from "./layout.js";
import { spend, STAGES } from "./work.js";

/** How far a copy may stand from the glyph it repeats, in font sizes (a real repeat is ≥ 0.5 away). */
const TOLERANCE = 0.2;

/**
 * Kept glyphs one cell holds before they are indexed by character: a copy is the same character,
 * and a cell of a font size square holds a few glyphs, unless a broken text layer piles them up.
 */
const CELL_BY_CHARACTER = 16;

type Cell = Glyph[] | Map<string, Glyph[]>;

/**
 * The glyphs without overprinted copies, in drawing order (the first drawn of each is kept). O(n):
 * kept glyphs by coarse cell (one font size square), so each glyph meets its few neighbours only
 * (numeric keys, since this runs once per glyph on every page), and a crowded cell by character.
 */
export function dropOverprints(glyphs: readonly Glyph[]): Glyph[] {
  const kept: Glyph[] = [];
  const buckets = new Map<number, Cell>();
  const key = (cx: number, cy: number): number => cx * 100_003 + cy;
  for (const g of glyphs) {
    if (g.ch.trim() === "") {
      kept.push(g);
      continue;
    }
    const unit = Math.max(g.size, 1);
    const tol = g.size * TOLERANCE;
    const cx = Math.floor(g.x0 / unit);
    const cy = Math.floor(g.y / unit);
    let copy = false;
    for (let dx = -1; dx <= 1 && !copy; dx++) {
      for (let dy = -1; dy <= 1 && !copy; dy++) {
        const cell = buckets.get(key(cx + dx, cy + dy));
        if (!cell) continue;
        const near = Array.isArray(cell) ? cell : cell.get(g.ch);
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
    const cell = buckets.get(k);
    if (!cell) buckets.set(k, [g]);
    else if (!Array.isArray(cell)) {
      const same = cell.get(g.ch);
      if (same) same.push(g);
      else cell.set(g.ch, [g]);
    } else if (cell.length < CELL_BY_CHARACTER) cell.push(g);
    else {
      const byCharacter = new Map<string, Glyph[]>();
      for (const c of [...cell, g]) {
        const same = byCharacter.get(c.ch);
        if (same) same.push(c);
        else byCharacter.set(c.ch, [c]);
      }
      buckets.set(k, byCharacter);
    }
  }
  return kept;
}
