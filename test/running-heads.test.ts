// Running heads and feet told by repetition on neighbouring pages (runningHeads.ts).
import { describe, expect, it } from "vitest";
import type { Row } from "../src/extract/grid.js";
import { createRunningHeadFilter } from "../src/extract/pdf/runningHeads.js";

/** A row of cells on a page, each [text, x0, top] (PDF points, y up). */
const row = (page: number, cells: Array<[string, number, number]>): Row => ({
  cells: cells.map(([text, x0, top]) => ({ text, source: { kind: "pdf" as const, boxes: [{ page, bbox: [x0, top - 10, x0 + 100, top] as [number, number, number, number] }] } })),
});

function read(pages: Row[][]): Row[] {
  const out: Row[] = [];
  const filter = createRunningHeadFilter((rows) => out.push(...rows));
  for (const p of pages) filter.page(p);
  filter.finish();
  return out;
}

describe("running heads", () => {
  it("marks a line repeated at the same height on the next page, cell by cell, page numbers aside, and nothing else", () => {
    const pages = [
      [row(1, [["令和4年度 重点目標管理シート", 30, 800], ["こども未来部 子育て支援課", 400, 800]]), row(1, [["部局名", 30, 700], ["こども未来部", 130, 700]]), row(1, [["1 / 2", 280, 30]])],
      [row(2, [["こども未来部 子育て支援課", 400, 801]]), row(2, [["通年", 130, 700]]), row(2, [["2 / 2", 280, 30]])],
    ];
    const rows = read(pages);
    expect(rows.map((r) => Boolean(r.furniture))).toEqual([true, false, true, true, false, true]);
  });

  it("keeps a sheet's values that stand at one height on every page printed from one template", () => {
    // The same department under the label row of each page's sheet: below the first labelled row, no head.
    const page = (n: number): Row[] => [row(n, [["重点目標", 30, 780], ["部局名", 200, 780]]), row(n, [["目標その" + n, 30, 760], ["市民まちづくり推進部", 200, 760]])];
    expect(read([page(1), page(2)]).map((r) => Boolean(r.furniture))).toEqual([false, false, false, false]);
  });

  it("keeps a table's own rows that repeat overleaf (an item header) and a line at another height", () => {
    const header = (page: number): Row => row(page, [["取組項目及び方法・手段", 60, 780], ["期間・期限", 200, 780], ["数値目標", 300, 780]]);
    const rows = read([
      [header(1), row(1, [["上田市", 30, 500]])],
      [header(2), row(2, [["上田市", 30, 300]])],
    ]);
    expect(rows.map((r) => Boolean(r.furniture))).toEqual([false, false, false, false]);
  });

  it("finds a head above the second of two sheets side by side, whose rows come after the first sheet's", () => {
    // Blocks are handed over one after the other: the right sheet's head follows the left sheet's labels.
    const sheet = (page: number, x: number): Row[] => [row(page, [["重点目標", x, 780], ["部局名", x + 200, 780]]), row(page, [["特記事項", x, 100]])];
    const rows = read([
      [...sheet(1, 30), row(1, [["都市建設部 交通政策課", 900, 810]]), ...sheet(1, 600)],
      [row(2, [["都市建設部 交通政策課", 900, 810]]), ...sheet(2, 30)],
    ]);
    expect(rows.map((r) => Boolean(r.furniture))).toEqual([false, false, true, false, false, true, false, false]);
  });
});
