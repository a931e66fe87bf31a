// What the form makes certain of OCR readings (src/extract/ocr/form.ts), on rows as the layout
// hands them over: ranks and markers of a goal table, with lone glyphs read a second way.
import { describe, expect, it } from "vitest";
import type { Cell, Row } from "../src/extract/grid.js";
import { reviseRows, type FormState } from "../src/extract/ocr/form.js";
import type { LoneGlyph } from "../src/extract/ocr/page.js";

/** Columns of a goal table: 順位 | 目標設定 | 取組項目及び方法・手段 | 期間・期限, x ranges in points. */
const COLUMNS: Array<[number, number]> = [
  [50, 80],
  [80, 250],
  [250, 500],
  [500, 580],
];

function row(y: number, texts: string[]): Row {
  const cells: Cell[] = texts.map((text, i) => {
    const [x0, x1] = COLUMNS[i] as [number, number];
    return { text, source: { kind: "pdf", boxes: [{ page: 1, bbox: [x0 + 2, y, x1 - 2, y + 10] }] } };
  });
  return { cells };
}

const HEADER = row(100, ["順位", "目標設定", "取組項目及び方法・手段", "期間・期限"]);

/** A lone glyph in the rank column of the row at `y`, read `asWord` as a word. */
function glyph(y: number, asWord: string): LoneGlyph {
  return { page: 1, bbox: [60, y + 1, 70, y + 9], asWord };
}

function revise(rows: Row[], glyphs: LoneGlyph[] = []): string[][] {
  const state: FormState = { next: 1 };
  return reviseRows([HEADER, ...rows], state, glyphs)
    .slice(1)
    .map((r) => r.cells.map((c) => c.text));
}

describe("ranks of a goal table", () => {
  it("takes the rank due where the line reading is another number and the word reading is the one due", () => {
    const rows = [row(120, ["1", "○交流人口の拡大", "①史跡を巡る", "10月"]), row(140, ["2", "○協議会", "提言をまとめる", "通年"]), row(160, ["8", "○防災意識の向上", "①訓練を支援する", "4月～3月"])];
    expect(revise(rows, [glyph(160, "3")]).map((r) => r[0])).toEqual(["1", "2", "3"]);
  });

  it("leaves a rank both readings give as another number (nothing makes the due one certain)", () => {
    const rows = [row(120, ["1", "○a", "①b", "10月"]), row(140, ["8", "○c", "d", "通年"])];
    expect(revise(rows, [glyph(140, "8")]).map((r) => r[0])).toEqual(["1", "8"]);
    expect(revise(rows).map((r) => r[0])).toEqual(["1", "8"]);
  });
});

describe("markers at the start of a goal table's action cells", () => {
  it("keeps the one due of a marker read twice over (④ as ③④), counting from ① at each rank", () => {
    const rows = [
      row(120, ["1", "○a", "①取組1-1", "通年"]),
      row(140, ["", "", "②取組1-2", "通年"]),
      row(160, ["", "", "③取組1-3", "通年"]),
      row(180, ["", "", "③④取組1-4", "通年"]),
      row(200, ["2", "○b", "①②取組2-1", "通年"]),
    ];
    expect(revise(rows).map((r) => r[2])).toEqual(["①取組1-1", "②取組1-2", "③取組1-3", "④取組1-4", "①取組2-1"]);
  });

  it("leaves a run of markers without the one due as it is", () => {
    const rows = [row(120, ["1", "○a", "①取組", "通年"]), row(140, ["", "", "⑤⑥取組", "通年"])];
    expect(revise(rows).map((r) => r[2])).toEqual(["①取組", "⑤⑥取組"]);
  });
});
