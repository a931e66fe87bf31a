// Tables side by side on one page are laid out one after the other (blocks.ts); cells written
// vertically read in columns (layout.ts).
import { describe, expect, it } from "vitest";
import type { Segment } from "../src/extract/pdf/geometry.js";
import { sideBySideBlocks } from "../src/extract/pdf/blocks.js";
import { layoutPage, type Glyph } from "../src/extract/pdf/layout.js";
import type { PdfPage } from "../src/extract/pdf/document.js";

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

  it("parts two tables that share a border (a layout table's cells), their rows not level, and keeps one table whole", () => {
    // Left: rows 20 pt tall from 100; right: rows 25 pt tall, both down to 200 against x = 140.
    const rows = (x0: number, x1: number, pitch: number, n: number): Segment[] => [
      ...Array.from({ length: n + 1 }, (_, r): Segment => ({ dir: "h", x0, x1, y0: 100 + pitch * r, y1: 100 + pitch * r })),
      ...[x0, (x0 + x1) / 2, x1].map((x): Segment => ({ dir: "v", x0: x, x1: x, y0: 100, y1: 100 + pitch * n })),
    ];
    const two = sideBySideBlocks([glyph("a", 25, 115), glyph("b", 150, 115)], [...rows(20, 140, 20, 5), ...rows(140, 260, 25, 4)], []);
    expect(two.map((b) => b.glyphs.map((g) => g.ch).join(""))).toEqual(["a", "b"]);
    // The shared border is each side's.
    expect(two.every((b) => b.segments.some((s) => s.dir === "v" && s.x0 === 140))).toBe(true);
    // One table of 2 × 6 cells: the rule at 140 runs its whole height, and every row goes across it.
    expect(sideBySideBlocks([glyph("a", 25, 115), glyph("b", 150, 115)], [...rows(20, 140, 20, 6), ...rows(140, 260, 20, 6)], [])).toHaveLength(1);
  });

  it("parts two tables against one border whose first rows are level (labels of one height) and whose later rows are not", () => {
    // Rows at the same heights down to 160 on both sides; then the left ends rows at 165 and 178,
    // the right at 170 and 185, and the right table ends at 185 where the left goes on to 200.
    const side = (x0: number, x1: number, ys: number[]): Segment[] => [
      ...ys.map((y): Segment => ({ dir: "h", x0, x1, y0: y, y1: y })),
      ...[x0, (x0 + x1) / 2, x1].map((x): Segment => ({ dir: "v", x0: x, x1: x, y0: ys[0] as number, y1: ys[ys.length - 1] as number })),
    ];
    const left = side(20, 140, [100, 120, 140, 160, 165, 178, 190, 200]);
    const right = side(140, 260, [100, 120, 140, 160, 170, 185]);
    const two = sideBySideBlocks([glyph("a", 25, 115), glyph("b", 150, 115)], [...left, ...right], []);
    expect(two.map((b) => b.glyphs.map((g) => g.ch).join(""))).toEqual(["a", "b"]);
    // One table whose left column has a cell spanning two rows, and its right column another: one
    // row rule each side lacks is a merged cell, not two tables.
    const merged = [...side(20, 140, [100, 120, 140, 160, 180, 200]), ...side(140, 260, [100, 120, 160, 180, 200])];
    expect(sideBySideBlocks([glyph("a", 25, 115), glyph("b", 150, 115)], merged, [])).toHaveLength(1);
  });

  it("parts two tables ruled in rows only (no vertical rule on the page), and not a table beside a heading's rule", () => {
    const rows = (x0: number, x1: number, ys: number[]): Segment[] => ys.map((y) => ({ dir: "h" as const, x0, x1, y0: y, y1: y }));
    const glyphs = [glyph("a", 25, 115), glyph("b", 205, 115)];
    const two = sideBySideBlocks(glyphs, [...rows(20, 180, [100, 120, 140, 160, 180]), ...rows(200, 360, [100, 125, 150, 175, 190])], []);
    expect(two.map((b) => b.glyphs.map((g) => g.ch).join(""))).toEqual(["a", "b"]);
    // Two rules beside a table (a heading's underline and a footnote's) are no table of their own.
    expect(sideBySideBlocks(glyphs, [...rows(20, 180, [100, 120, 140, 160, 180]), ...rows(200, 360, [100, 190])], [])).toHaveLength(1);
  });

  it("does not part where text runs across the white between two tables", () => {
    const segments = [...table(20, 100, 3, 4), ...table(200, 100, 3, 4)];
    const across = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => glyph("字", 130 + 10 * k, 140));
    expect(sideBySideBlocks(across, segments, [])).toHaveLength(1);
  });
});

  it("parts two sheets without rules where white runs down from their 重点目標 labels to their 特記事項, each side opening a sheet", () => {
    const word = (text: string, x: number, y: number): Glyph[] => [...text].map((ch, k) => glyph(ch, x + 10 * k, y));
    // Two sheets, side by side, drawn without rules: labels and values in columns, 60 pt of white
    // between them; a running head above runs across the gutter, as it may.
    const sheet = (x: number): Glyph[] => [...word("重点目標", x, 100), ...word("値", x + 60, 100), ...word("部局名", x, 130), ...word("特記事項", x, 200), ...word("注", x + 60, 200)];
    const head = word("都市建設部交通政策課とその他の文字", 100, 60);
    const two = sideBySideBlocks([...head, ...sheet(20), ...sheet(200)], [], []);
    expect(two).toHaveLength(2);
    expect(two.map((b) => b.glyphs.filter((g) => g.y >= 100).map((g) => g.ch).join(""))).toEqual(["重点目標値部局名特記事項注", "重点目標値部局名特記事項注"]);
    // Each side knows where its sheet begins (the top of its 重点目標 label): the head above is furniture.
    expect(two.map((b) => b.sheetTop)).toEqual([91.5, 91.5]);
    // One sheet with a note beside it: the note opens no sheet, so the page stays whole.
    expect(sideBySideBlocks([...sheet(20), ...word("備考欄の注記", 200, 130)], [], [])).toHaveLength(1);
    // Text across the white between them (a long value) keeps them one.
    const across = word("長い値が余白をまたいで右の表まで続く", 60, 160);
    expect(sideBySideBlocks([...sheet(20), ...sheet(200), ...across], [], [])).toHaveLength(1);
  });

describe("cells written vertically", () => {
  /** A page of one ruled 2 × 1 table: a narrow label cell and its value, glyphs as runs in stream order. */
  function page(label: Array<[string, number, number]>, value: string): PdfPage {
    const runs: PdfPage["runs"] = [];
    // PDF space, origin bottom-left; the page is 400 pt tall.
    for (const [ch, x, y] of label) runs.push({ text: ch, transform: [10, 0, 0, 10, x, y], width: 10 });
    [...value].forEach((ch, k) => runs.push({ text: ch, transform: [10, 0, 0, 10, 110 + 10 * k, 290], width: 10 }));
    const h = (y: number): Segment => ({ dir: "h", x0: 50, x1: 300, y0: y, y1: y });
    const v = (x: number): Segment => ({ dir: "v", x0: x, x1: x, y0: 200, y1: 310 });
    return { number: 1, view: [0, 0, 400, 400], toDisplay: [1, 0, 0, -1, 0, 400], width: 400, height: 400, runs, segments: [h(200), h(310), v(50), v(100), v(300)], fills: [] };
  }
  /** Characters stacked in columns of `per` from the right of the label cell, top down, as Writer draws a top-to-bottom cell. */
  function stacked(text: string, per: number): Array<[string, number, number]> {
    return [...text].map((ch, k) => [ch, 80 - 11 * Math.floor(k / per), 295 - 10 * (k % per)]);
  }

  it("reads upright glyphs drawn down the page, column after column, in columns right to left", () => {
    const rows = layoutPage(page(stacked("総合計画における位置付け", 6), "第2編 健康")).rows;
    expect(rows[0]?.cells.map((c) => c.text)).toEqual(["総合計画における位置付け", "第2編 健康"]);
  });

  it("leaves a cell of lines written across the page as lines, though its glyphs stand a size apart", () => {
    // Two short lines at a size's pitch: across, not down, in the order drawn.
    const across: Array<[string, number, number]> = [...["現況", "課題"].entries()].flatMap(([line, t]) => [...t].map((ch, k): [string, number, number] => [ch, 55 + 10 * k, 295 - 10 * line]));
    const rows = layoutPage(page(across, "文")).rows;
    expect(rows[0]?.cells[0]?.text.replace(/\n/g, "")).toBe("現況課題");
  });
});
