// Tables side by side on one page are laid out one after the other (blocks.ts).
import { describe, expect, it } from "vitest";
import type { Segment } from "../src/extract/pdf/geometry.js";
import { sideBySideBlocks } from "../src/extract/pdf/blocks.js";
import type { Glyph } from "../src/extract/pdf/layout.js";

/** The rules of a table with `cols` × `rows` cells of 40 × 20 pt from (x, y). */
function table(x: number, y: number, cols: number, rows: number): Segment[] {
  const out: Segment[] = [];
  for (let r = 0; r <= rows; r++) out.push({ dir: "h", x0: x, x1: x + 40 * cols, y0: y + 20 * r, y1: y + 20 * r });
  for (let c = 0; c <= cols; c++) out.push({ dir: "v", x0: x + 40 * c, x1: x + 40 * c, y0: y, y1: y + 20 * rows });
  return out;
}
const glyph = (ch: string, x: number, y: number): Glyph => ({ ch, x0: x, x1: x + 10, y, size: 10 });

describe("tables side by side", () => {
  it("parts a page between two ruled tables, titles and rules above going to their sides", () => {
    const segments = [...table(20, 100, 3, 4), ...table(200, 100, 3, 4), { dir: "h" as const, x0: 10, x1: 400, y0: 60, y1: 60 }];
    const glyphs = [glyph("左", 30, 80), glyph("右", 210, 80), glyph("a", 25, 115), glyph("b", 205, 115), glyph("c", 100, 180)];
    const blocks = sideBySideBlocks(glyphs, segments, []);
    expect(blocks.map((b) => b.glyphs.map((g) => g.ch).join(""))).toEqual(["左ac", "右b"]);
    // The rule under the running head is cut at the gutter, one part to each side.
    expect(blocks.map((b) => b.segments.filter((s) => s.y0 === 60).map((s) => [s.x0, s.x1]))).toEqual([[[10, 170]], [[170, 400]]]);
  });

  it("keeps one table whole, and a table with a note beside it that has no rules of its own", () => {
    const one = sideBySideBlocks([glyph("a", 25, 115), glyph("b", 105, 115)], table(20, 100, 3, 4), []);
    expect(one).toHaveLength(1);
    const note = sideBySideBlocks([glyph("注", 200, 115)], table(20, 100, 3, 4), []);
    expect(note).toHaveLength(1);
  });

  it("does not part where text runs across the white between two tables", () => {
    const segments = [...table(20, 100, 3, 4), ...table(200, 100, 3, 4)];
    const across = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => glyph("字", 130 + 10 * k, 140));
    expect(sideBySideBlocks(across, segments, [])).toHaveLength(1);
  });
});
