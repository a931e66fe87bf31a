// Unruled item tables (columns.ts) on glyphs placed by hand: rows that no gap parts, cut where the
// marker column holds a marker; what stands above the first marker on a page.
import { describe, expect, it } from "vitest";
import { layoutFree } from "../src/extract/pdf/columns.js";
import type { Glyph } from "../src/extract/pdf/layout.js";

const SIZE = 10;

/** A line of text from x on baseline y: full-width characters one size wide, ASCII half. */
function text(s: string, x: number, y: number): Glyph[] {
  const out: Glyph[] = [];
  for (const ch of s) {
    const w = (ch.codePointAt(0) ?? 0) < 0x2e80 ? SIZE / 2 : SIZE;
    out.push({ ch, x0: x, x1: x + w, y, size: SIZE });
    x += w;
  }
  return out;
}

// Columns: markers at 30, 取組項目 at 50, 期間 at 200, 数値目標 at 280; header on baseline 100.
const HEADER = [...text("取組項目及び方法", 50, 100), ...text("期間・期限", 200, 100), ...text("数値目標", 280, 100)];
/** Line pitch 12 pt (a gap of 0.2 size between lines); rows add 5 pt of padding: no band gap. */
const PITCH = 12;
const ROW = 5;

function cellsOf(glyphs: Glyph[]): string[][] {
  return layoutFree(glyphs, [])
    .map((r) => r.cells.map((c) => c.text))
    .filter((cells) => !cells.some((t) => t.startsWith("取組項目")));
}

describe("item rows without rules or gaps between them", () => {
  it("cuts top-aligned rows at the line of each marker", () => {
    const y1 = 120;
    const y2 = y1 + 2 * PITCH + ROW + PITCH; // row ① is three lines tall
    const glyphs = [
      ...HEADER,
      ...text("①", 30, y1),
      ...text("○一つ目の取組", 50, y1),
      ...text("を進めるために", 50, y1 + PITCH),
      ...text("続きの行です", 50, y1 + 2 * PITCH),
      ...text("通年", 200, y1),
      ...text("10回以上", 280, y1),
      ...text("②", 30, y2),
      ...text("○二つ目の取組", 50, y2),
      ...text("4月〜9月", 200, y2),
      ...text("参加者", 280, y2),
      ...text("100人", 280, y2 + PITCH),
    ];
    expect(cellsOf(glyphs)).toEqual([
      ["①", "○一つ目の取組を進めるために続きの行です", "通年", "10回以上"],
      ["②", "○二つ目の取組", "4月〜9月", "参加者100人"],
    ]);
  });

  it("cuts middle-aligned rows at the padding between them, keeping the lines above a centred marker", () => {
    const top1 = 120;
    // Row ①: three lines of 取組 with the marker and the other cells on the middle one.
    const top2 = top1 + 2 * PITCH + ROW + PITCH;
    const glyphs = [
      ...HEADER,
      ...text("○一つ目の取組", 50, top1),
      ...text("①", 30, top1 + PITCH),
      ...text("を進めるために", 50, top1 + PITCH),
      ...text("通年", 200, top1 + PITCH),
      ...text("続きの行です", 50, top1 + 2 * PITCH),
      // Row ②: its 数値目標 is three lines, its marker on the middle one.
      ...text("参加者数", 280, top2),
      ...text("②", 30, top2 + PITCH),
      ...text("○二つ目の取組", 50, top2 + PITCH),
      ...text("100人以", 280, top2 + PITCH),
      ...text("上", 280, top2 + 2 * PITCH),
    ];
    expect(cellsOf(glyphs)).toEqual([
      ["①", "○一つ目の取組を進めるために続きの行です", "通年"],
      ["②", "○二つ目の取組", "", "参加者数100人以上"],
    ]);
  });

  it("keeps a centred row whole when its cells' lines interleave (three lines centred beside six)", () => {
    const top1 = 120;
    const top2 = top1 + 5 * PITCH + ROW + PITCH;
    const glyphs = [
      ...HEADER,
      ...["一行目の説明文の", "二行目の説明文の", "三行目の説明文の", "四行目の説明文の", "五行目の説明文の", "六行目の説明"].flatMap((t, k) => text(t, 50, top1 + k * PITCH)),
      ...text("①", 30, top1 + 2.5 * PITCH),
      ...["参加者数", "100人以", "上"].flatMap((t, k) => text(t, 280, top1 + (1.5 + k) * PITCH)),
      ...text("②", 30, top2),
      ...text("○二つ目の取組", 50, top2),
      ...text("4月〜9月", 200, top2),
    ];
    expect(cellsOf(glyphs)).toEqual([
      ["①", "一行目の説明文の二行目の説明文の三行目の説明文の四行目の説明文の五行目の説明文の六行目の説明", "", "参加者数100人以上"],
      ["②", "○二つ目の取組", "4月〜9月"],
    ]);
  });

  it("parts lines of the row before (continued from the last page) from the first marker by the gap between them", () => {
    const y0 = 120;
    const y1 = y0 + PITCH + ROW + PITCH;
    const glyphs = [
      ...HEADER,
      ...text("前の頁からの続きの文", 50, y0),
      ...text("です", 50, y0 + PITCH),
      ...text("③", 30, y1),
      ...text("○三つ目の取組", 50, y1),
      ...text("(1)説明会を開きます", 50, y1 + PITCH),
      ...text("(2)冊子を配ります", 50, y1 + 2 * PITCH),
      ...text("通年", 200, y1),
    ];
    expect(cellsOf(glyphs)).toEqual([
      ["", "前の頁からの続きの文です"],
      ["③", "○三つ目の取組\n(1)説明会を開きます\n(2)冊子を配ります", "通年"],
    ]);
  });
});

describe("item rows set solid (no padding between rows)", () => {
  it("cuts bottom-aligned rows right under each marker's line, where the next row's cells start", () => {
    // Cells set at their foot: each row's marker on its last line. Row ②'s 取組 starts on the line
    // right under marker ①; with no padding every gap is a line's, no line fills its column and
    // none starts a part: only the marker's line says where the row ends.
    const y = (k: number): number => 120 + k * PITCH;
    const glyphs = [
      ...HEADER,
      ...text("○一つ目の取組", 50, y(0)),
      ...text("を進めます", 50, y(1)),
      ...text("①", 30, y(1)),
      ...text("通年", 200, y(1)),
      ...text("二つ目は", 50, y(2)),
      ...text("説明会", 50, y(3)),
      ...text("②", 30, y(3)),
      ...text("年度末", 200, y(3)),
      ...text("10回", 280, y(3)),
    ];
    const rows = cellsOf(glyphs);
    expect(rows.map((r) => r[0])).toEqual(["①", "②"]);
    expect(rows[0]).toEqual(["①", "○一つ目の取組を進めます", "通年"]);
    expect(rows[1]?.[1]?.replace(/\n/gu, "")).toBe("二つ目は説明会");
  });

  it("does not cut between a line that fills its column and the line it wraps into", () => {
    // Row ② centred on its marker: its first line stands above the marker's line. No padding, so
    // every gap is a line's; ①'s 数値目標 wraps into the line under it, and ②'s 取組 into the marker's
    // line. The cut is where no column's text runs on.
    const y = (k: number): number => 120 + k * PITCH;
    const glyphs = [
      ...HEADER,
      ...text("①", 30, y(0)),
      ...text("○一つ目の取組", 50, y(0)),
      ...text("年度末", 200, y(0)),
      ...text("参加者一〇〇人", 280, y(0)),
      ...text("以上を目指す", 280, y(1)),
      ...text("○二つ目の取組", 50, y(2)),
      ...text("②", 30, y(3)),
      ...text("を進めます", 50, y(3)),
      ...text("十件", 280, y(3)),
    ];
    expect(cellsOf(glyphs)).toEqual([
      ["①", "○一つ目の取組", "年度末", "参加者一〇〇人以上を目指す"],
      ["②", "○二つ目の取組を進めます", "", "十件"],
    ]);
  });
});

describe("item headers whose labels start on different lines", () => {
  it("takes the header's first line with it when a label set at its cell's foot starts a line above the others (期間・期限（い over 取組項目…)", () => {
    // Writer, bottom-aligned header cells, no white between the header and the first row.
    const glyphs = [
      ...text("期間・期限（い", 200, 100),
      ...text("取組項目及び方法", 50, 112),
      ...text("つ・いつまで", 200, 112),
      ...text("数値目標（どの", 280, 112),
      ...text("中間報告（目標", 360, 112),
      ...text("に）", 200, 124),
      ...text("水準まで）", 280, 124),
      ...text("に対する）", 360, 124),
      ...text("①", 30, 136),
      ...text("○一つ目の取組", 50, 136),
      ...text("通年", 200, 136),
      ...text("十件", 280, 136),
      ...text("五件でした。", 360, 136),
    ];
    const rows = layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")));
    expect(rows).toEqual([
      ["", "取組項目及び方法", "期間・期限（いつ・いつまでに）", "数値目標（どの水準まで）", "中間報告（目標に対する）"],
      ["①", "○一つ目の取組", "通年", "十件", "五件でした。"],
    ]);
  });
});

describe("item columns whose text abuts the next column", () => {
  it("parts them where every row leaves white, however thin, at the next label's start", () => {
    // Padding so tight that 数値目標's (2) ends 0.15 pt before 中間報告's (1): the only strip wide enough
    // is the word space (4.85 pt, no glyph drawn) before (2), inside the cell. The values start level
    // with their header.
    const labels = [...text("取組項目", 50, 100), ...text("数値目標", 150, 100), ...text("中間報告", 220, 100)];
    const row: Glyph[] = [
      ...text("①", 30, 120),
      ...text("○取組", 50, 120),
      ...text("年三回開催", 150, 120),
      ...text("(2)", 204.85, 120), // ends at 219.85
      ...text("(1)六月に", 220, 120),
      ...text("対象二十名", 150, 132),
      ...text("九月に", 220, 132),
    ];
    const rows = layoutFree([...labels, ...row], []).map((r) => r.cells.map((c) => c.text));
    expect(rows[1]).toEqual(["①", "○取組", "年三回開催 (2)対象二十名", "(1)六月に九月に"]);
  });
});

describe("tinted cells", () => {
  it("part a value from the next label flush against it only where the tint is a cell's", () => {
    // 充 ends exactly where まち's tint starts: a tinted paragraph or word touches its neighbours, a
    // tinted cell's edge is a cell's edge wherever the text stands.
    const glyphs = [...text("保育サービスの充", 30, 100), ...text("まち・ひと", 110, 100), ...text("実", 30, 112)];
    const tint = { x0: 110, y0: 90, x1: 170, y1: 116 };
    const cells = (shading: Array<typeof tint & { cell?: boolean }>) => layoutFree(glyphs, [], {}, shading).map((r) => r.cells.map((c) => c.text));
    expect(cells([tint])).not.toEqual([["保育サービスの充実", "まち・ひと"]]);
    expect(cells([{ ...tint, cell: true }])).toEqual([["保育サービスの充実", "まち・ひと"]]);
  });
});

describe("columns closer than a gutter", () => {
  it("parts a label from its value 2 pt away where the label cell's tint ends", () => {
    // (A label this short is a word of running text too: only the tint parts it. Long labels part by
    // their text as well: see "header rows whose labels fill their cells".)
    const glyphs = [...text("課題", 30, 100), ...text("人口が減っています", 52, 100)];
    const shade = { x0: 28, y0: 90, x1: 51, y1: 104 };
    const cells = (shading: typeof shade[]) => layoutFree(glyphs, [], {}, shading).map((r) => r.cells.map((c) => c.text));
    expect(cells([])).toEqual([["課題人口が減っています"]]);
    expect(cells([shade])).toEqual([["課題", "人口が減っています"]]);
  });

  it("reads a closing bracket at a line's end by its ink, not its full-width box", () => {
    // 期間 starts 1 pt after the box of the 」 that ends a line of 取組項目; a browser trims that 」
    // to half its width, so the strip between the columns is 6 pt of white.
    const glyphs = [
      ...text("取組項目", 50, 100),
      ...text("期間・期限", 206, 100),
      ...text("数値目標", 300, 100),
      ...text("①", 30, 120),
      ...text("○取組「名称を十文字」", 97, 120),
      ...text("通年", 203, 120),
      ...text("10件", 300, 120),
      ...text("その説明です", 50, 132),
    ];
    expect(cellsOf(glyphs)).toEqual([["①", "○取組「名称を十文字」その説明です", "通年", "10件"]]);
  });
});

describe("rows of a page set solid", () => {
  it("parts rows at a gap well over the page's line spacing, though under the fixed row gap", () => {
    // Lines of a cell 10.5 pt apart (0.5 pt of white at 10 pt); rows add 1 mm of padding and nothing
    // else: 6 pt of white, under 0.75 of a size.
    const glyphs = [
      ...text("現況・課題", 30, 100),
      ...text("人口が減り店が閉じ空き", 100, 100),
      ...text("家が増えバスの便も減っ", 100, 110.5),
      ...text("ています。", 100, 121),
      ...text("目的・効果", 30, 137),
      ...text("まちなかに住む人を増や", 100, 137),
      ...text("します。", 100, 147.5),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["現況・課題", "人口が減り店が閉じ空き家が増えバスの便も減っています。"],
      ["目的・効果", "まちなかに住む人を増やします。"],
    ]);
  });
});

describe("paragraphs in cells without rules", () => {
  it("measures a cell by its column in the rows of the same shape: two one-line paragraphs, the first the longer", () => {
    const situation = [...text("現況・課題", 30, 100), ...text("出生数は大きく減少しました。", 100, 100), ...text("相談は増えています。", 100, 112)];
    const purpose = [...text("目的・効果", 30, 130), ...text("妊娠期から子育て期まで切れ目なく支援します。", 100, 130)];
    const rows = (glyphs: Glyph[]) => layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text));
    // Alone, the cell cannot tell two paragraphs from one wrapped at its longer line.
    expect(rows(situation)).toEqual([["現況・課題", "出生数は大きく減少しました。相談は増えています。"]]);
    expect(rows([...situation, ...purpose])).toEqual([
      ["現況・課題", "出生数は大きく減少しました。\n相談は増えています。"],
      ["目的・効果", "妊娠期から子育て期まで切れ目なく支援します。"],
    ]);
  });
});

describe("what a word processor draws", () => {
  it("does not part rows at a short rule in one empty cell", () => {
    // The empty header cell over the marker column, shaded, comes out as a thin bar: a rule 12 pt long.
    const glyphs = [...text("取組項目及び", 50, 100), ...text("期間・期限", 200, 100), ...text("方法・手段", 50, 110), ...text("（いつ）", 200, 110)];
    const rules = [{ y: 101.5, x0: 30, x1: 42 }];
    expect(layoutFree(glyphs, rules).map((r) => r.cells.map((c) => c.text))).toEqual([["取組項目及び方法・手段", "期間・期限（いつ）"]]);
    // A rule under the whole row does part it.
    expect(layoutFree(glyphs, [{ y: 101.5, x0: 30, x1: 300 }])).toHaveLength(2);
  });

  it("does not part rows at the edges of a tinted paragraph the lines beside it run past, but parts its column", () => {
    // 特記事項 centred beside three lines set solid (10 pt apart at 10 pt), its paragraph tinted, 3 pt
    // from the text: the tint's edges meet the lines' edges with no white across them.
    const glyphs = [
      ...text("○市民参加の点", 46, 100),
      ...text("特記事項", 2, 110),
      ...text("説明会を開き意見を聞", 46, 110),
      ...text("きました。", 46, 120),
    ];
    const shade = { x0: 1, y0: 101.2, x1: 43, y1: 111.2 };
    const edges = [101.2, 111.2].map((y) => ({ y, x0: -Infinity, x1: Infinity, shade: true }));
    const cells = (shading: typeof shade[]) => layoutFree(glyphs, edges, {}, shading).map((r) => r.cells.map((c) => c.text));
    // (The label line stops short of the lines below it: it is a paragraph of its own.)
    expect(cells([shade])).toEqual([["特記事項", "○市民参加の点\n説明会を開き意見を聞きました。"]]);
    expect(cells([])).toEqual([["○市民参加の点\n特記事項 説明会を開き意見を聞きました。"]]);
  });
});

describe("the 特記事項 row", () => {
  it("parts the two remarks where their ○ labels put the boundary, though the cells stand 3 pt apart", () => {
    // Two columns of full lines (27 characters, to 320), 3 pt apart (0.3 size: narrower than a
    // gutter), under their labels.
    const glyphs = [
      ...text("○市民参加・協働の推進、市民満足度の向上を考慮した点", 50, 100),
      ...text("○取組による効果・残された課題", 323, 100),
      ...text("市民説明会を三回開いて意見を聞き、その結果を計画に反映しま", 50, 110).slice(0, 27),
      ...text("参加者は増えたが若い人が少な", 323, 110),
      ...text("した。", 50, 120),
      ...text("い。", 323, 120),
    ];
    const rows = layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text));
    expect(rows).toEqual([
      [
        "○市民参加・協働の推進、市民満足度の向上を考慮した点\n市民説明会を三回開いて意見を聞き、その結果を計画に反映した。",
        "○取組による効果・残された課題参加者は増えたが若い人が少ない。",
      ],
    ]);
  });

  it("parts 特記事項 from the first remark where the remark's label starts, though they stand 5 pt apart", () => {
    // LibreOffice from HTML without borders: the label beside the first value line, half a size
    // from it (narrower than a gutter); the remarks' labels on the line above.
    const glyphs = [
      ...text("○市民参加・協働の推進、市民満足度の向上を考慮した点", 45, 100),
      ...text("○取組による効果・残された課題", 323, 100),
      ...text("特記事項", 0, 110),
      ...text("アンケート結果をアプリの機能に反映しました。", 45, 110),
      ...text("父親の参加促進が課題である。", 323, 110),
    ];
    const rows = layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text));
    expect(rows).toEqual([
      [
        "特記事項",
        "○市民参加・協働の推進、市民満足度の向上を考慮した点アンケート結果をアプリの機能に反映しました。",
        "○取組による効果・残された課題父親の参加促進が課題である。",
      ],
    ]);
  });

  it("does not part a first remark's value from its words left of the label (a centred label)", () => {
    // The value's line starts left of its centred label: what stands left of the label is no
    // 特記事項, so the label fixes no column start.
    const glyphs = [
      ...text("○市民参加の点", 60, 100),
      ...text("○取組による効果・残された課題", 323, 100),
      ...text("説明会 アンケート結果をアプリの機能に反映", 0, 110),
      ...text("父親の参加促進が課題である。", 323, 110),
    ];
    const rows = layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text));
    expect(rows[0]?.[0]).toContain("説明会 アンケート結果");
  });

  it("parts the two remarks overleaf where they parted on the page before (their labels stay there)", () => {
    const state = {};
    const page1 = [
      ...text("○市民参加・協働の推進、市民満足度の向上を考慮した点", 50, 700),
      ...text("○取組による効果・残された課題", 323, 700),
      ...text("市民説明会を三回開いて意見を聞き、その結果を計画に反映し", 50, 710).slice(0, 27),
      ...text("参加者は増えたが若い人が少なかった", 323, 710).slice(0, 27),
    ];
    layoutFree(page1, [], state);
    // Overleaf the cells are bottom-aligned with different line counts: their lines interleave,
    // 3 pt apart (no gutter), and no line has text on both sides.
    const page2 = [
      ...text("ました。また、アンケートを行って市民の声を広く聞きまし", 50, 44),
      ...text("ので、若い人向けの広報が課題である。", 323, 49),
      ...text("た。今後も続けます。", 50, 54),
      ...text("令和2年度重点目標管理シート", 50, 120),
    ];
    const rows = layoutFree(page2, [], state).map((r) => r.cells.map((c) => c.text));
    expect(rows[0]).toEqual(["ました。また、アンケートを行って市民の声を広く聞きました。今後も続けます。", "ので、若い人向けの広報が課題である。"]);
    // Without the page before, nothing tells the two apart.
    expect(layoutFree(page2, [], {}).map((r) => r.cells.length)[0]).toBe(1);
  });

  it("parts them so when the cells are centred and their labels stand on two lines", () => {
    // The outcomes cell has fewer lines: centred, its label is half a line lower. The cells stand
    // 3 pt apart (0.3 size: narrower than a gutter).
    const glyphs = [
      ...text("○市民参加・協働の推進、市民満足度の向上を考慮した点", 50, 100),
      ...text("(1)市民説明会開催", 50, 110),
      ...text("意見を聞き結果を計画に反映しました", 138, 110),
      ...text("以上。", 50, 120),
      ...text("○取組による効果・残された課題", 323, 106),
      ...text("参加者は増えたが若い人が少ない。", 323, 116),
    ];
    const rows = layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")));
    expect(rows).toEqual([
      [
        "○市民参加・協働の推進、市民満足度の向上を考慮した点(1)市民説明会開催意見を聞き結果を計画に反映しました以上。",
        "○取組による効果・残された課題参加者は増えたが若い人が少ない。",
      ],
    ]);
  });
});

describe("header rows whose labels fill their cells", () => {
  const rows = (glyphs: Glyph[]): string[][] => layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text));

  it("parts two header rows that no gap parts where the first column goes from one label to the next", () => {
    // Chromium, no rules, no tint, 0.5 mm padding, top-aligned: labels wrap in narrow cells, and
    // the white between the rows is 2 pt more than between lines (no band gap).
    const lines = (texts: string[], x: number, y: number): Glyph[] => texts.flatMap((t, k) => text(t, x, y + 10.5 * k));
    const glyphs = [
      ...lines(["総合計画に", "おける位置", "付け"], 35, 94.5),
      ...lines(["第２編健康・福祉"], 88, 94.5),
      ...lines(["まち・ひ", "と・しごと", "創生総合戦", "略における", "位置付け"], 289, 94.5),
      ...lines(["戦略２結婚・子育てしたい戦略"], 342, 94.5),
      ...lines(["第三次上田", "市行財政改", "革大綱・ア", "クションプ", "ログラムに", "おける位置", "付け"], 35, 149.2),
      ...lines(["（２）市民サービスの向上"], 88, 149.2),
      ...lines(["上田再構築", "プラン「7", "つの挑戦」", "における位", "置付け"], 289, 149.2),
      ...lines(["２子育て・教育のまちづくり"], 342, 149.2),
    ];
    expect(rows(glyphs).map((r) => r.map((c) => c.replace(/\s/gu, "")))).toEqual([
      ["総合計画における位置付け", "第２編健康・福祉", "まち・ひと・しごと創生総合戦略における位置付け", "戦略２結婚・子育てしたい戦略"],
      ["第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", "（２）市民サービスの向上", "上田再構築プラン「7つの挑戦」における位置付け", "２子育て・教育のまちづくり"],
    ]);
  });

  it("does not part a label that wraps into two words each read as a label (現況・|課題)", () => {
    const glyphs = [...text("現況・", 35, 100), ...text("課題", 35, 110.5), ...text("出生数は減少しました。", 88, 100), ...text("相談件数は増えています。", 88, 110.5)];
    expect(rows(glyphs)).toEqual([["現況・課題", "出生数は減少しました。相談件数は増えています。"]]);
  });

  it("keeps a row's own label column left of the columns the row above had (a row continued overleaf above it)", () => {
    // Writer, A3 portrait, cells bottom-aligned: the page opens with the rest of a row (a value, the
    // end of a label, a value), then the next row adds its label column 4 pt left of its value.
    const glyphs = [
      ...text("による活力ある都市づくり第1", 130, 44),
      ...text("節上田の魅力発信、選ばれる都", 130, 54),
      ...text("市づくり", 130, 64),
      ...text("合戦略におけ", 277, 49),
      ...text("る位置付け", 277, 59),
      ...text("みたいうえだ戦略施策体系", 341, 44),
      ...text("②移住相談の推進", 341, 54),
      ...["第三次上田市行財政", "改革大綱・アクショ", "ンプログラムにおけ", "る位置付け"].flatMap((t, k) => text(t, 36, 96 + 10 * k)),
      ...["(1)住みたい住み続けたいと思", "うまちづくりへの改革ア移住", "・定住・交流人口を増やす体制", "の確立"].flatMap((t, k) => text(t, 130, 91 + 10 * k)),
      ...["上田再構築プ", "ラン「7つの", "挑戦」におけ", "る位置付け"].flatMap((t, k) => text(t, 277, 96 + 10 * k)),
      ...["3働く喜びにあふれるまちづくり", "7交流の推進"].flatMap((t, k) => text(t, 341, 101 + 10 * k)),
    ];
    expect(rows(glyphs)).toEqual([
      ["による活力ある都市づくり第1節上田の魅力発信、選ばれる都市づくり", "合戦略における位置付け", "みたいうえだ戦略施策体系\n②移住相談の推進"],
      ["第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", "(1)住みたい住み続けたいと思うまちづくりへの改革ア移住・定住・交流人口を増やす体制の確立", "上田再構築プラン「7つの挑戦」における位置付け", "3働く喜びにあふれるまちづくり7交流の推進"],
    ]);
  });

  it("parts a wrapped label from a one-line value 0.4 size beside it, and a value from the next label 0.2 size on", () => {
    // Calc without borders: 総合計画における位置付け | value | まち・ひと…における位置付け | value, the
    // labels wrapped over two lines and the values centred on a line of their own between them.
    const label2 = "まち・ひと・しごと創生総合戦略におけ";
    const x2 = 64 + 12 * SIZE + 2; // 2 pt after the first value's longest line
    const v2 = x2 + label2.length * SIZE + 4; // 4 pt after the label
    const glyphs = [
      ...text("総合計画にお", 0, 100),
      ...text("ける位置付け", 0, 112),
      ...text("第２編健康・福祉第１章子", 64, 106),
      ...text("育て支援", 64, 118),
      ...text(label2, x2, 100),
      ...text("る位置付け", x2, 112),
      ...text("戦略２", v2, 106),
      ...text("結婚・子育てしたい戦略", v2 + 3 * SIZE + 3, 106),
    ];
    expect(rows(glyphs)).toEqual([
      ["総合計画における位置付け", "第２編健康・福祉第１章子育て支援", "まち・ひと・しごと創生総合戦略における位置付け", "戦略２結婚・子育てしたい戦略"],
    ]);
  });

  it("parts a short label standing alone on its line from a value that wraps around it", () => {
    // Calc, centred: 重点目標 | a title over two lines | 部局名 on the middle line, 0.4 size after the
    // title's first line | its value.
    const glyphs = [
      ...text("重点目標", 0, 106),
      ...text("マイナンバーカードを活用した交付による利便", 50, 100),
      ...text("性の向上", 50, 112),
      ...text("部局名", 264, 106),
      ...text("市民まちづくり推進部", 330, 106),
    ];
    expect(rows(glyphs)).toEqual([["重点目標", "マイナンバーカードを活用した交付による利便性の向上", "部局名", "市民まちづくり推進部"]]);
  });

  it("parts a short label half a size after a value's first line, its own value far to the right", () => {
    // Calc, top-aligned: the title's first line ends 5 pt (0.55 size) before 部局名 on the same line.
    const glyphs = [
      ...text("重点目標", 0, 100),
      ...text("マイナンバーカードを活用した交付による利便", 50, 100),
      ...text("性の向上", 50, 112),
      ...text("部局名", 265, 100),
      ...text("市民まちづくり推進部", 400, 100),
    ];
    expect(rows(glyphs)).toEqual([["重点目標", "マイナンバーカードを活用した交付による利便性の向上", "部局名", "市民まちづくり推進部"]]);
  });

  it("does not part running text at a label's words where the row opens with no label", () => {
    // A line of text (no header row: its first column is no label) with 目的・効果 between spaces.
    const glyphs = [...text("子育て支援の", 0, 100), ...text("目的・効果", 63, 100), ...text("を高めます", 116, 100)];
    expect(rows(glyphs).map((cells) => cells.map((c) => c.replace(/\s/gu, "")))).toEqual([["子育て支援の目的・効果を高めます"]]);
  });

  it("does not part running text at a short word a label may be (年度, 課)", () => {
    const glyphs = [...text("令和5", 0, 100), ...text("年度", 28, 100), ...text("重点目標管理シート", 51, 100), ...text("子育て支援", 0, 140), ...text("課", 53, 140)];
    expect(rows(glyphs).map((cells) => cells.map((c) => c.replace(/\s/gu, "")))).toEqual([["令和5年度重点目標管理シート"], ["子育て支援課"]]);
  });
});

describe("item columns closer than a gutter, by glyph boxes first", () => {
  it("keeps an opening bracket that ends a line (Calc does not move it) in its cell", () => {
    // 期間 ends its line in （ 2 pt before 数値目標's text: the only white by boxes is those 2 pt; by
    // ink, the bracket's empty left half is wider, and a cut there would put （ in the next cell.
    const glyphs = [
      ...HEADER,
      ...text("①", 30, 120),
      ...text("○取組", 50, 120),
      ...text("任期は令和三（", 200, 120),
      ...text("令和2年度に", 272, 120),
      ...text("説明", 272, 132),
    ];
    expect(cellsOf(glyphs)).toEqual([["①", "○取組", "任期は令和三（", "令和2年度に説明"]]);
  });

  it("re-anchors a table continued on the next page on its header's labels when the carried columns are crossed", () => {
    // Page 1 ends with the item header: with no rows under it, its columns fall midway between the
    // labels (取組項目及び方法 ends at 130, 期間 starts at 200: 165). Page 2's actions run to 190.
    const state = {};
    layoutFree([...text("取組項目及び方法", 50, 700), ...text("期間・期限", 200, 700), ...text("数値目標", 280, 700)], [], state);
    const page2 = [
      ...text("①", 30, 100),
      ...text("○住民自治組織の設立促進と組", 50, 100),
      ...text("年度末まで", 200, 100),
      ...text("10回", 280, 100),
    ];
    expect(layoutFree(page2, [], state).map((r) => r.cells.map((c) => c.text))).toEqual([["①", "○住民自治組織の設立促進と組", "年度末まで", "10回"]]);
  });
});

describe("a title just above an unruled table", () => {
  it("is a row of its own when its size differs from the line under it, though no gap parts them", () => {
    // Calc: 令和5年度 重点目標管理シート in 9 pt, 1.4 pt above the header row's 6.8 pt line.
    const line = (s: string, x: number, y: number, size: number): Glyph[] => [...s].map((ch, i) => ({ ch, x0: x + i * size, x1: x + (i + 1) * size, y, size }));
    const glyphs = [...line("令和5年度重点目標管理シート", 55, 81.4, 9), ...line("重点目標", 55, 89.9, 6.8), ...line("コンパクトなまちづくり", 102, 89.9, 6.8)];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([["令和5年度重点目標管理シート"], ["重点目標", "コンパクトなまちづくり"]]);
  });
});

describe("two strips of one width between item columns", () => {
  it("parts the columns at the strip the next column's lines and label start after, not at a word space", () => {
    // Calc pads cells by a point: 期間's first line ends in a word 2 pt before 数値目標's text, and
    // has a word space of 2 pt in it too.
    const header = [...text("取組項目及び方法", 50, 100), ...text("期間・期限", 200, 100), ...text("数値目標", 274, 100)];
    const glyphs = [
      ...header,
      ...text("①", 30, 120),
      ...text("○取組", 50, 120),
      ...text("説明会を年", 200, 120),
      ...text("(2)x", 252, 120),
      ...text("(1)開催", 274, 120),
      ...text("通年", 200, 132),
      ...text("１５名", 274, 132),
    ];
    const [row] = layoutFree(glyphs, [])
      .map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")))
      .filter((cells) => cells[0] === "①");
    expect(row).toEqual(["①", "○取組", "説明会を年(2)x通年", "(1)開催１５名"]);
  });
});

describe("rows parted by a fraction of a point (0.3 mm padding, no rules, no tint)", () => {
  it("parts rows at 0.15 of a size more white than between the lines of a cell", () => {
    // Lines of a cell 10.5 pt apart (0.5 pt of white); rows add 1.5 pt: the item header under the
    // 目的・効果 row, and the item row under the header, each a band of its own shape.
    const glyphs = [
      ...text("目的・効果", 30, 88),
      ...text("切れ目なく支援を行い、安心して子育てできる環境をつくります。", 100, 88),
      ...HEADER,
      ...text("①", 30, 112),
      ...text("○相談体制の強化", 50, 112),
      ...text("(1)面談を全件実施", 50, 122.5),
      ...text("します。", 50, 133),
      ...text("通年", 200, 112),
      ...text("面談実施率", 280, 112),
      ...text("100％", 280, 122.5),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["目的・効果", "切れ目なく支援を行い、安心して子育てできる環境をつくります。"],
      ["", "取組項目及び方法", "期間・期限", "数値目標"],
      ["①", "○相談体制の強化\n(1)面談を全件実施します。", "通年", "面談実施率100％"],
    ]);
  });

  it("parts two item columns at a strip of 1.8 pt that every line of the body leaves", () => {
    // 期間's lines fill its cell: 1.8 pt from the target's text, under a fifth of a size.
    const glyphs = [
      ...HEADER,
      ...text("①", 30, 120),
      ...text("○取組", 50, 120),
      ...text("第8期委員の", 200, 120),
      ...text("任期中（令", 200, 130.5),
      ...text("令和2年度に委嘱", 256.8, 120),
      ...text("第8期委員に", 256.8, 130.5),
    ];
    expect(cellsOf(glyphs)).toEqual([["①", "○取組", "第8期委員の任期中（令", "令和2年度に委嘱第8期委員に"]]);
  });

  // Lines 10.5 pt apart; the row under the header 0.75 pt lower than a line would be, or not at all
  // (0.1 mm padding): the row's marker is no header word, and the header alone reads as labels.
  it.each([
    ["0.75 pt of white more than between lines", 111.25],
    ["no white more than between lines", 110.5],
  ])("cuts an item header off the row right under it, with %s", (_, y) => {
    const glyphs = [
      ...HEADER,
      ...text("①", 30, y),
      ...text("○相談体制の強化", 50, y),
      ...text("(1)面談を全件実施", 50, y + 10.5),
      ...text("します。", 50, y + 21),
      ...text("通年", 200, y),
      ...text("100％", 280, y),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["", "取組項目及び方法", "期間・期限", "数値目標"],
      ["①", "○相談体制の強化\n(1)面談を全件実施します。", "通年", "100％"],
    ]);
  });

  it("cuts the header repeated overleaf off the row it goes on with, though the row's text passes for the rest of a label", () => {
    // Page 1 ends inside row ①; page 2 repeats the header, and the row goes on 0.75 pt under it
    // with one short line under 期間・期限 only: 期間・期限 / 年度末まで reads as one wrapped label.
    const state = {};
    layoutFree([...HEADER, ...text("①", 30, 120), ...text("○寄附の促進", 50, 120), ...text("令和2年4月から", 200, 120), ...text("寄附件数", 280, 120)], [], state);
    const page2 = [...text("取組項目及び方法", 50, 50), ...text("期間・期限", 200, 50), ...text("数値目標", 280, 50), ...text("年度末まで", 200, 61.25)];
    expect(layoutFree(page2, [], state).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["", "取組項目及び方法", "期間・期限", "数値目標"],
      ["", "", "年度末まで"],
    ]);
  });
});

describe("rows and columns parted by a point (0.2 mm padding, no rules, no tint)", () => {
  it("parts header rows of other shapes where the first column goes from one label to the next, its label 1.1 pt from its value", () => {
    // No gutter parts the label column (1.1 pt), and 現況・課題's lines run across the whole table.
    const glyphs = [
      ...text("第三次上田", 30, 100),
      ...text("(2)持続可能な行財政運営の確立", 81.1, 100),
      ...text("市行財政改", 30, 110.5),
      ...text("イ公共施設マネジメント", 81.1, 110.5),
      ...["革大綱・ア", "クションプ", "ログラムに", "おける位置", "付け"].flatMap((s, i) => text(s, 30, 121 + 10.5 * i)),
      ...text("現況・課題", 30, 174.25),
      ...text("人口減少と高齢化が進む中、市街地の低密度化により", 81.1, 174.25),
      ...text("生活サービスの維持が難しくなりつつあります。", 81.1, 184.75),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", "(2)持続可能な行財政運営の確立\nイ公共施設マネジメント"],
      ["現況・課題", "人口減少と高齢化が進む中、市街地の低密度化により生活サービスの維持が難しくなりつつあります。"],
    ]);
  });

  it("parts two item columns at a strip of 1.2 pt that every line of the body leaves", () => {
    const glyphs = [
      ...HEADER,
      ...text("①", 30, 120),
      ...text("○取組", 50, 120),
      ...text("第8期委員の", 200, 120),
      ...text("任期中（令", 200, 130.5),
      ...text("令和2年度に委嘱", 256.2, 120),
      ...text("第8期委員に", 256.2, 130.5),
    ];
    expect(cellsOf(glyphs)).toEqual([["①", "○取組", "第8期委員の任期中（令", "令和2年度に委嘱第8期委員に"]]);
  });
});

describe("item header labels closer than a gutter", () => {
  it("parts two header labels where a hint's closing bracket hangs its empty half over the next label", () => {
    // 期間・期限（い|つ・いつまでに）: the ） box ends at 280, its ink at 275; 数値目標 starts at 278.
    const header = [...text("取組項目及び方法", 50, 100), ...text("期間・期限（い", 200, 100), ...text("つ・いつまでに）", 200, 110.5), ...text("数値目標（どの水準まで）", 278, 100)];
    const glyphs = [...header, ...text("①", 30, 125), ...text("○取組", 50, 125), ...text("年度末まで", 200, 125), ...text("(1)中央地域", 278, 125)];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["", "取組項目及び方法", "期間・期限（いつ・いつまでに）", "数値目標（どの水準まで）"],
      ["①", "○取組", "年度末まで", "(1)中央地域"],
    ]);
  });
});

describe("what tight cells and word processors leave", () => {
  it("parts a short label 4 pt after a value that wraps under it, in a band of two lines or more (優先順位, Writer)", () => {
    const glyphs = [
      ...text("部局名", 30, 100),
      ...text("市民まちづくり推進部上田地域自治センタ", 70, 100),
      ...text("優先順位", 264.5, 100),
      ...text("3位", 308.1, 100),
      ...text("ー", 70, 110.5),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")))).toEqual([
      ["部局名", "市民まちづくり推進部上田地域自治センター", "優先順位", "3位"],
    ]);
  });

  it("ends an item table at the remarks' ○ labels though 特記事項 stands 3 pt left of the first one's wrapped line", () => {
    // The ① row's period and target stand 2 pt apart: only the header's labels part them, and only
    // while the remarks below are no part of the table's body.
    const header = [...text("取組項目及び方法", 50, 100), ...text("期間・期限", 200, 100), ...text("数値目標", 252, 100)];
    const glyphs = [
      ...header,
      ...text("①", 30, 120),
      ...text("○取組", 50, 120),
      ...text("年度末まで", 200, 120),
      ...text("10件", 252, 120),
      ...text("○市民参加・協働の推進、", 69, 140.5),
      ...text("市民満足度の向上を考慮し", 69, 151),
      ...text("○取組による効果・残された課題", 200, 151),
      ...text("特記事", 36, 161.5),
      ...text("た点", 69, 161.5),
      ...text("効果があった。", 200, 161.5),
      ...text("項", 36, 172),
      ...text("参加者が増えた。", 69, 172),
    ];
    const rows = layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text));
    expect(rows[1]).toEqual(["①", "○取組", "年度末まで", "10件"]);
  });

  it("parts a bottom-aligned row continued from the last page from the first marker by 0.75 pt of white", () => {
    // Lines of a cell 9 pt apart at 9 pt (no white between them); the row continued overleaf ends
    // 0.75 pt above row ③'s first line, whose marker stands on its last line.
    const at = (s: string, x: number, y: number): Glyph[] => text(s, x, y).map((g) => ({ ...g, size: 9, x1: g.x0 + (g.x1 - g.x0) * 0.9 }));
    const glyphs = [
      ...HEADER,
      ...at("前の頁からの続きの文", 50, 120),
      ...at("です。", 50, 129),
      ...at("○三つ目の取組", 50, 138.75),
      ...at("(1)説明会を開きます", 50, 147.75),
      ...at("③", 30, 156.75),
      ...at("(2)冊子を配ります", 50, 156.75),
      ...at("通年", 200, 156.75),
    ];
    expect(cellsOf(glyphs)).toEqual([
      ["", "前の頁からの続きの文です。"],
      ["③", "○三つ目の取組\n(1)説明会を開きます\n(2)冊子を配ります", "通年"],
    ]);
  });
});

describe("remarks in a word processor's table without inner rules", () => {
  it("finds the first remark's wrapped ○ label though the second ○ label stands a word space after its first line", () => {
    // The two cells 3 pt apart (the helper draws ○ half a size wide); the remarks go on overleaf, whose lines alternate between the cells
    // (bottom-aligned): only the labels found here part them there.
    const state = {};
    const page1 = [
      ...text("特記", 30, 700),
      ...text("○市民参加・協働の推進、市民満足度の向上を考", 60, 700),
      ...text("○取組による効果・残された課題", 278, 700),
      ...text("事項", 30, 710.5),
      ...text("慮した点", 60, 710.5),
      ...text("①オンラインで実施した。", 278, 710.5),
    ];
    expect(layoutFree(page1, [], state).map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")))).toEqual([
      ["特記事項", "○市民参加・協働の推進、市民満足度の向上を考慮した点", "○取組による効果・残された課題①オンラインで実施した。"],
    ]);
    const page2 = [...text("参加者の声を講座に反映した。", 60, 50), ...text("さらに工夫が要る。", 278, 55.5)];
    expect(layoutFree(page2, [], state).map((r) => r.cells.map((c) => c.text))).toEqual([["参加者の声を講座に反映した。", "さらに工夫が要る。"]]);
  });

  it("parts the remarks overleaf at the white nearest to where they parted, when the first remark's lines run further right", () => {
    const state = {};
    layoutFree(
      [...text("特記事項", 20, 700), ...text("○市民参加・協働の推進、市民満足度の向上を考慮した点", 60, 700), ...text("○取組による効果・残された課題", 330, 700), ...text("アンケートを実施し", 60, 710.5), ...text("効果があった", 330, 710.5)],
      [],
      state,
    );
    // Overleaf the lines of the two cells alternate (bottom-aligned), and the first runs to 325.
    const page2 = [...text(`${"あ".repeat(26)}1`, 60, 50), ...text("い".repeat(10), 330, 55.5), ...text("う".repeat(20), 60, 61), ...text("え".repeat(10), 330, 66.5)];
    expect(layoutFree(page2, [], state).map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")))).toEqual([[`${"あ".repeat(26)}1${"う".repeat(20)}`, `${"い".repeat(10)}${"え".repeat(10)}`]]);
  });
});

describe("an item table padded by 0.1 mm (no rules)", () => {
  it("parts two of the header's labels, and the columns under them, at 0.6 pt of white", () => {
    // 取組項目 and 期間・期限 0.6 pt apart; the other labels a gutter apart.
    const glyphs = [
      ...text("取組項目", 50, 100),
      ...text("期間・期限", 90.6, 100),
      ...text("数値目標", 160, 100),
      ...text("中間報告", 220, 100),
      ...text("①", 30, 125),
      ...text("相談強化", 50, 125),
      ...text("年度末まで", 90.6, 125),
      ...text("100件", 160, 125),
      ...text("実施中", 220, 125),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["", "取組項目", "期間・期限", "数値目標", "中間報告"],
      ["①", "相談強化", "年度末まで", "100件", "実施中"],
    ]);
  });
});

describe("an item header under a row that no white parts from it", () => {
  it("cuts the band before the header's first line", () => {
    // 目的・効果's value one line pitch above the item header (cells padded tight, a frame only).
    const glyphs = [
      ...text("目的・効果", 0, 88),
      ...text("安心して子育てできる環境をつくります。", 60, 88),
      ...HEADER,
      ...text("①", 30, 120),
      ...text("○一つ目の取組", 50, 120),
      ...text("通年", 200, 120),
      ...text("10回以上", 280, 120),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["目的・効果", "安心して子育てできる環境をつくります。"],
      ["", "取組項目及び方法", "期間・期限", "数値目標"],
      ["①", "○一つ目の取組", "通年", "10回以上"],
    ]);
  });
});

describe("a label a narrow cell wrapped over rows of its own", () => {
  it("joins 目 | 的・ | 効果 under the row its value stands on, but not a word that is no label's", () => {
    // Two characters a line, a line may not start with ・: 目 / 的・ / 効果; the value on the first
    // line. Lines set loose for their size (a browser's line height at 3.6 pt) leave white that
    // parts rows between them.
    const glyphs = [...text("目", 0, 100), ...text("妊娠期から切れ目のない支援を行います。", 40, 100), ...text("的・", 0, 119), ...text("効果", 0, 138)];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([["目的・効果", "妊娠期から切れ目のない支援を行います。"]]);
  });
});

describe("a marker column under a header cell that spans it", () => {
  it("parts the markers from the first column where the white after them runs through the table, and keeps the label whole", () => {
    // 取組項目 spread over the marker column and its own: it starts 8 pt left of the values, and
    // the markers stand less than a size left of it.
    const glyphs = [
      ...HEADER,
      ...text("①", 42, 120),
      ...text("○一つ目の取組", 60, 120),
      ...text("を進めるために", 60, 120 + PITCH),
      ...text("通年", 200, 120),
      ...text("10回以上", 280, 120),
      ...text("②", 42, 160),
      ...text("○二つ目の取組", 60, 160),
      ...text("4月〜9月", 200, 160),
      ...text("100人", 280, 160),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["", "取組項目及び方法", "期間・期限", "数値目標"],
      ["①", "○一つ目の取組を進めるために", "通年", "10回以上"],
      ["②", "○二つ目の取組", "4月〜9月", "100人"],
    ]);
  });
});

describe("an item header set 均等割付 in cells with no gutter between them (Calc)", () => {
  /** Each line's characters spread evenly across [x0, x1]: the first at x0, the last ending at x1. */
  const distributed = (lines: string[], x0: number, x1: number, y: number): Glyph[] =>
    lines.flatMap((line, k) => {
      const chars = [...line];
      const pitch = chars.length > 1 ? (x1 - x0 - SIZE) / (chars.length - 1) : 0;
      return chars.map((ch, i) => ({ ch, x0: x0 + i * pitch, x1: x0 + i * pitch + SIZE, y: y + k * PITCH, size: SIZE }));
    });

  it("finds the labels by their own words and parts them where each label's lines start level", () => {
    const glyphs = [
      // Full lines 1.5 pt between characters, 2 pt between cells: no gutter anywhere. Set at the
      // cells' foot: 数値目標's two lines start a line below 中間報告's three, and a cut between
      // 標 and （ (white through both of its lines) would read 数値目標 | 水準ま and give
      // （どの…で） to 中間報告, whose first line still starts with its label.
      ...distributed(["取組項目及び方法・", "手段（何をどのよう", "に）"], 50, 152, 100),
      ...distributed(["期間・期", "限（いつ", "・いつま", "でに）"], 154, 198.5, 88),
      ...distributed(["数値目標（どの", "水準まで）"], 200.5, 279.5, 112),
      ...distributed(["中間報告（目標に", "対する進捗状況・", "進捗度）"], 281.5, 372, 100),
      ...text("①", 30, 160),
      ...text("○取組", 50, 160),
      ...text("通年", 154, 160),
      ...text("10件", 200.5, 160),
      ...text("実施中", 281.5, 160),
    ];
    const rows = layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")));
    expect(rows[0]).toEqual(["", "取組項目及び方法・手段（何をどのように）", "期間・期限（いつ・いつまでに）", "数値目標（どの水準まで）", "中間報告（目標に対する進捗状況・進捗度）"]);
    expect(rows[1]).toEqual(["①", "○取組", "通年", "10件", "実施中"]);
  });
});

describe("labels set with spaces between their characters, in tables without rules", () => {
  /** Characters of `s` one size wide, `gap` apart. */
  const spaced = (s: string, x: number, y: number, gap: number): Glyph[] => [...s].map((ch, k) => ({ ch, x0: x + k * (SIZE + gap), x1: x + k * (SIZE + gap) + SIZE, y, size: SIZE }));
  const rowOf = (glyphs: Glyph[]): string[] => (layoutFree(glyphs, [])[0]?.cells ?? []).map((c) => c.text.replace(/\s/gu, ""));

  it("keeps a label whole though the white between its characters runs through its lines like gutters", () => {
    // 部　局　名 (1 em apart) beside its value, and 重　点 | 目　標 over two lines.
    expect(rowOf([...spaced("部局名", 30, 100, 10), ...text("都市建設部 住宅課", 120, 100)])).toEqual(["部局名", "都市建設部住宅課"]);
    expect(rowOf([...spaced("重点", 30, 100, 8), ...spaced("目標", 30, 112, 8), ...text("空き家対策の推進", 120, 100)])).toEqual(["重点目標", "空き家対策の推進"]);
  });

  it("starts a spread label at its first character where the value before it fills its cell up to it", () => {
    // Calc, no rules: a two-line title wraps to its cell's edge, and 部　局　名 (centred on the two
    // lines) starts 4.4 pt after its first line, nearer than its own characters stand to each other.
    // 局名 alone is a label too: the character at the label's pitch before it is the label's.
    const glyphs = [
      ...spaced("重点目標", 0, 106, 10),
      ...text("コンパクトなまちづくりの", 80, 100),
      ...text("推進", 80, 112),
      ...spaced("部局名", 204.4, 106, 10),
      ...text("都市計画課", 280, 106),
    ];
    expect(rowOf(glyphs)).toEqual(["重点目標", "コンパクトなまちづくりの推進", "部局名", "都市計画課"]);
    // A value that only ends near a label's first character keeps its own last character.
    const short = [...spaced("重点目標", 0, 106, 10), ...text("推進", 80, 106), ...spaced("部局名", 104.4, 106, 10), ...text("都市計画課", 180, 106)];
    expect(rowOf(short)).toEqual(["重点目標", "推進", "部局名", "都市計画課"]);
  });

  it("keeps a spread label's last character, set apart at the label's own pitch, with the label", () => {
    // 総 合 … 位 置 付 | け: 位置付 alone reads as the label too; the white before the value is wider.
    expect(rowOf([...spaced("総合計画における位置付け", 30, 100, 3), ...text("第5編 都市基盤", 30 + 12 * 13 + 12, 100)])).toEqual(["総合計画における位置付け", "第5編都市基盤"]);
  });

  it("parts a label spread across its cell from a value that starts flush after it at the label's own pitch", () => {
    // Calc, 均等割付, no gutter: …位 置 付 け 第5編 — the white after け is the white between the
    // label's characters, and only the label's words say where it ends.
    const glyphs = [...spaced("総合計画における位置付け", 30, 100, 3), ...text("第5編 都市基盤", 30 + 12 * 13, 100)];
    expect(rowOf(glyphs)).toEqual(["総合計画における位置付け", "第5編都市基盤"]);
    // …and one spread label beside a value of two lines, centred between them.
    const centred = [...spaced("現況・課題", 30, 106, 8), ...text("出生数は減少しました。", 30 + 5 * 18 - 6, 100), ...text("相談件数は増えています。", 30 + 5 * 18 - 6, 112)];
    expect(rowOf(centred)).toEqual(["現況・課題", "出生数は減少しました。相談件数は増えています。"]);
  });

  it("reads an item header whose labels are each spread across their cells on one line", () => {
    // One character a column, each label at its own pitch; the next label's start is no part of it.
    const glyphs = [
      ...spaced("取組項目及び方法", 50, 100, 8),
      ...spaced("期間・期限", 214, 100, 4),
      ...spaced("数値目標", 290, 100, 12),
      ...text("①", 30, 120),
      ...text("○一つ目の取組", 50, 120),
      ...text("通年", 214, 120),
      ...text("10回以上", 290, 120),
    ];
    expect(layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")))).toEqual([
      ["", "取組項目及び方法", "期間・期限", "数値目標"],
      ["①", "○一つ目の取組", "通年", "10回以上"],
    ]);
  });

  it("does not read a value into a label because the patterns' slack would take it", () => {
    // A wrapped label beside a two-line value: joined, the two read as one label with words between.
    const glyphs = [
      ...text("まち・ひと・しご", 30, 100),
      ...text("と創生総合戦略に", 30, 112),
      ...text("おける位置付け", 30, 124),
      ...text("戦略", 130, 100),
      ...text("施策体系", 130, 112),
    ];
    expect(rowOf(glyphs)).toEqual(["まち・ひと・しごと創生総合戦略における位置付け", "戦略施策体系"]);
  });
});

describe("a word space where a line wraps, between gutters as narrow as it", () => {
  it("keeps a wrapped value whole though the label after it stands flush against its first line", () => {
    // Calc, no rules, cells aligned to the bottom: 都市建設部 都市計 | 画課 wraps under 部局名's
    // value, and 優先順位 starts 2.6 pt after 都市計. The space between 部 and 都 is as wide as the
    // gutters here, and text stands on both of its sides on the row's first line.
    const glyphs = [
      ...text("重点目標", 10, 112),
      ...text("部局名", 60, 112),
      ...text("都市建設部 都市計", 100, 100),
      ...text("画課", 100, 112),
      ...text("優先順位", 187.6, 112),
      ...text("1位", 235, 112),
    ];
    const rows = layoutFree(glyphs, []).map((r) => r.cells.map((c) => c.text.replace(/\s/gu, "")));
    expect(rows).toEqual([["重点目標", "部局名", "都市建設部都市計画課", "優先順位", "1位"]]);
  });
});
