// Rules of the text-dump format, one small dump per rule.
import { describe, expect, it } from "vitest";
import { extractDocument } from "../src/pipeline.js";
import { SheetExtractError } from "../src/errors.js";
import type { SheetDocument } from "../src/model/index.js";
import { assemble } from "../src/extract/assemble.js";
import type { Row } from "../src/extract/grid.js";

const HEADER = ["", "取組項目及び方法・手段（何をどのように）", "期間・期限（いつ・いつまでに）", "数値目標（どの水準まで）", "中間報告（目標に対する進捗状況・進捗度）", "期末報告（目標に対する達成状況・達成度）", "", ""];

/** One item row for sheets whose test is about something else: a sheet needs an item table to be one. */
const SOME_ITEM = [HEADER, ["①", "○取組", "通年", "", "", "", "", ""]];

function sheetRows(title: string, priority: string, body: string[][]): string[][] {
  if (!body.some((r) => /^[①-⑳]/u.test(r[0] ?? ""))) body = [...SOME_ITEM, ...body];
  return [
    ["重点目標", title, "", "", "部局名", "総務部 総務課", "優先順位", priority],
    ["総合計画における位置付け", "第1編", "", "", "まち・ひと・しごと創生総合戦略における位置付け", "戦略1", "", ""],
    ["第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", "(1) 改革", "", "", "上田再構築プラン「7つの挑戦」における位置付け", "", "", ""],
    ["現況・課題", "現況の文", "", "", "", "", "", ""],
    ["目的・効果", "目的の文", "", "", "", "", "", ""],
    ...body,
  ];
}

async function extract(rows: Array<string[] | string>, options: { fiscalYear?: number } = {}): Promise<SheetDocument> {
  const text = rows.map((r) => (Array.isArray(r) ? r.join("\t") : r)).join("\n");
  return extractDocument(new TextEncoder().encode(text), "case.txt", options);
}

async function extractError(rows: string[]): Promise<SheetExtractError> {
  try {
    await extract(rows);
  } catch (err) {
    return err as SheetExtractError;
  }
  throw new Error("expected an error");
}

describe("sheets and header fields", () => {
  it("reads a label spaced out across its cell (均等割付, letter-spacing) as the label, not its characters one by one", async () => {
    // 部 alone matches the department's patterns: the cell 部 局 名 is one label whatever its spacing.
    const rows = sheetRows("目標", "1位", []).map((r) => r.map((c) => (c === "部局名" ? "部　局　名" : c === "現況・課題" ? "現 況 ・ 課 題" : c)));
    const doc = await extract(rows, { fiscalYear: 2020 });
    expect(doc.sheets[0]?.department).toBe("総務部 総務課");
    expect(doc.sheets[0]?.situation).toBe("現況の文");
    expect(doc.warnings).toEqual([]);
  });

  it("reads every header field of a sheet by its label", async () => {
    const doc = await extract(sheetRows("目標A", "1位", []));
    const s = doc.sheets[0];
    expect(s).toMatchObject({
      priority: 1,
      title: "目標A",
      department: "総務部 総務課",
      alignment: { comprehensivePlan: "第1編", regionalStrategy: "戦略1", reformProgram: "(1) 改革", rebuildPlan: "" },
      situation: "現況の文",
      purpose: "目的の文",
      items: [{ no: 1, action: "○取組", period: "通年", target: "", midtermReport: "", finalReport: "" }],
      remarks: { participation: "", outcomes: "" },
    });
  });

  it("opens one sheet per 重点目標 label", async () => {
    const doc = await extract([...sheetRows("目標A", "1位", []), "", ...sheetRows("目標B", "２位", [])]);
    expect(doc.sheets.map((s) => [s.title, s.priority])).toEqual([["目標A", 1], ["目標B", 2]]);
  });

  it.each([
    ["1位", 1],
    ["１位", 1],
    ["第3位", 3],
    ["十二位", 12],
    ["", null],
  ])("reads the priority %j as %j", async (printed, want) => {
    const doc = await extract(sheetRows("目標", printed, []));
    expect(doc.sheets[0]?.priority).toBe(want);
  });

  it("takes a label and its value from one cell", async () => {
    const rows = sheetRows("x", "1位", []);
    rows[0] = ["重点目標 目標C", "", "", "部局名", "総務部", "優先順位", "1位"];
    const doc = await extract(rows);
    expect(doc.sheets[0]?.title).toBe("目標C");
  });

  it("reads a value placed after extra empty cells", async () => {
    const rows = sheetRows("x", "1位", []);
    rows[1] = ["総合計画における 位置付け", "第1編", "", "まち・ひと・しごと創生総合 戦略における位置付け", "", "戦略  施策体系", ""];
    const doc = await extract(rows);
    expect(doc.sheets[0]?.alignment.regionalStrategy).toBe("戦略  施策体系");
  });

  it("writes a sheet whose title went into another field, with its doubts, rather than refusing it", async () => {
    // Labels printed above their values, the title's value read under 部局名: a sheet read badly.
    const doc = await extract([["重点目標", "部局名", "優先順位"], ["", "総務部 総務課", "1位"], ["現況・課題", "現況の文"]], { fiscalYear: 2020 });
    expect(doc.sheets).toHaveLength(1);
    expect(doc.warnings.map((w) => `${w.code} ${w.field ?? ""}`)).toContain("MISSING_FIELD title");
  });

  it("fails with NOT_A_SHEET when no sheet is in the text", async () => {
    const err = await extractError(["令和2年度の報告", "本文だけのファイル"]);
    expect(err.code).toBe("NOT_A_SHEET");
    expect(err.file).toBe("case.txt");
  });
});

describe("document fields", () => {
  it("reads the index, the fiscal year and the department", async () => {
    const doc = await extract([
      "# 総務部・総務課",
      "## 令和3年度 重点目標",
      "- 1 目標A",
      "- 2 目標B",
      ...sheetRows("目標A", "1位", []),
    ]);
    expect(doc).toMatchObject({ fiscalYear: 2021, fiscalYearLabel: "令和3年度", goalIndex: ["目標A", "目標B"], department: "総務部 総務課" });
  });

  it("reads the fiscal year from a title line as printed (全角 kept in the label)", async () => {
    const doc = await extract(["令和元年度 重点目標管理シート", ...sheetRows("目標A", "1位", [])]);
    expect([doc.fiscalYear, doc.fiscalYearLabel]).toEqual([2019, "令和元年度"]);
    const doc2 = await extract(["平成３０年度　重点目標管理シート", ...sheetRows("目標A", "1位", [])]);
    expect([doc2.fiscalYear, doc2.fiscalYearLabel]).toEqual([2018, "平成３０年度"]);
  });

  it("uses the titles as the index when none is printed", async () => {
    const doc = await extract([...sheetRows("目標A", "1位", []), ...sheetRows("目標B", "2位", [])]);
    expect(doc.goalIndex).toEqual(["目標A", "目標B"]);
  });

  it("has no fiscal year unless printed or given", async () => {
    expect((await extract(sheetRows("目標A", "1位", []))).fiscalYear).toBeNull();
    const given = await extract(sheetRows("目標A", "1位", []), { fiscalYear: 2024 });
    expect([given.fiscalYear, given.fiscalYearLabel]).toEqual([2024, null]);
  });

  it("throws on a fiscal year that is no year (misuse, not a document problem)", async () => {
    await expect(extract(sheetRows("目標A", "1位", []), { fiscalYear: 20 })).rejects.toThrow(/fiscalYear must be a western year/);
  });

  it("prefers the printed year over the one given", async () => {
    const doc = await extract(["令和2年度 重点目標管理シート", ...sheetRows("目標A", "1位", [])], { fiscalYear: 2024 });
    expect(doc.fiscalYear).toBe(2020);
  });
});

describe("item rows", () => {
  it("reports item rows read before any sheet opened (a sheet whose 重点目標 row was not read) on the sheet after them", async () => {
    const doc = await extract([HEADER, ["①", "○迷子の取組", "通年", "", "", "", "", ""], ...sheetRows("目標", "1位", [])], { fiscalYear: 2020 });
    expect(doc.sheets).toHaveLength(1);
    expect(doc.warnings.filter((w) => w.code === "UNASSIGNED_TEXT").map((w) => w.message)).toEqual(["text in no field: 「①」", "text in no field: 「○迷子の取組」", "text in no field: 「通年」"]);
  });

  const item = (marker: string, ...cells: string[]): string[] => [marker, ...cells];

  it("reads a marker in its own cell and a marker that starts the first cell alike", async () => {
    const doc = await extract(
      sheetRows("目標", "1位", [HEADER, item("①", "取組1", "通年", "3回", "中1", "末1", "", ""), ["② 取組2", "4月～3月", "5件", "中2", "末2"]]),
    );
    expect(doc.sheets[0]?.items).toEqual([
      { no: 1, action: "取組1", period: "通年", target: "3回", midtermReport: "中1", finalReport: "末1" },
      { no: 2, action: "取組2", period: "4月～3月", target: "5件", midtermReport: "中2", finalReport: "末2" },
    ]);
  });

  it("pads rows with missing tabs and leaves out empty rows", async () => {
    const doc = await extract(sheetRows("目標", "1位", [HEADER, item("①", "取組1", "通年"), item("②", "", "", "", "", "", "", "")]));
    expect(doc.sheets[0]?.items).toEqual([{ no: 1, action: "取組1", period: "通年", target: "", midtermReport: "", finalReport: "" }]);
  });

  it("drops a doubled tab under an empty header column, keeping real empty cells", async () => {
    const header = ["取組項目及び方法・手段", "", "期間・期限", "数値目標", "中間報告", "", "期末報告"];
    const doc = await extract(
      sheetRows("目標", "1位", [header, ["①", "取組1", "通年", "3回", "中1", "", "末1"], ["②", "取組2", "通年", "3回", "", "", "末2"]]),
    );
    expect(doc.sheets[0]?.items.map((i) => [i.midtermReport, i.finalReport])).toEqual([
      ["中1", "末1"],
      ["", "末2"],
    ]);
  });

  it("reads items past ⑩ and keeps HTML paragraphs as lines", async () => {
    const doc = await extract(sheetRows("目標", "1位", [HEADER, item("⑪", "<p>一</p> <p>二</p>", "通年", "", "", "")]));
    expect(doc.sheets[0]?.items[0]).toMatchObject({ no: 11, action: "一\n二" });
  });

  it("says so when a marker cell holds more markers (rows not parted), and keeps them out of the action", async () => {
    const doc = await extract(sheetRows("目標", "1位", [HEADER, item("① ② ③", "取組1 取組2 取組3", "通年", "", "", "")]), { fiscalYear: 2020 });
    expect(doc.sheets[0]?.items).toMatchObject([{ no: 1, action: "取組1 取組2 取組3" }]);
    expect(doc.warnings).toMatchObject([{ code: "UNASSIGNED_TEXT", message: expect.stringContaining("② ③") }]);
  });

  it("says so when a header cell holds text under its label, and keeps labels printed over two lines quiet", async () => {
    const header = [
      "",
      "<p>取組項目及び</p><p>方法・手段（何をどのように）</p>",
      "<p>期間・期限</p><p>（いつ・いつまでに）</p>",
      "<p>数値目標（どの水準まで）</p><p>ます(特に子ども向けの教室を中心に)。</p>",
      "中間報告",
      "期末報告",
    ];
    const doc = await extract(sheetRows("目標", "1位", [header, item("①", "取組1", "通年", "3回", "", "")]), { fiscalYear: 2020 });
    expect(doc.sheets[0]?.items).toMatchObject([{ no: 1, action: "取組1", period: "通年", target: "3回" }]);
    expect(doc.warnings).toMatchObject([{ code: "UNASSIGNED_TEXT", message: expect.stringContaining("ます(特に子ども向けの教室を中心に)。") }]);
  });

  it("says so when a header cell holds text after its label's hint, however short (a row the header swallowed)", async () => {
    const header = [...HEADER];
    header[5] = "<p>期末報告（目標に対す</p><p>る達成状況・達成度）寄附金額：</p><p>455,068,122円</p>";
    header[2] = "<p>期間・期限</p><p>（いつ・いつまでに）</p><p>（予定）</p>";
    const doc = await extract(sheetRows("目標", "1位", [header, item("①", "取組1", "通年", "3回", "", "")]), { fiscalYear: 2020 });
    expect(doc.sheets[0]?.items).toMatchObject([{ no: 1, action: "取組1", period: "通年", target: "3回" }]);
    expect(doc.warnings).toMatchObject([{ code: "UNASSIGNED_TEXT", message: expect.stringContaining("寄附金額： 455,068,122円") }]);
  });

  it("says so when a header cell holds a line with digits under a label without a hint", async () => {
    const header = [...HEADER];
    header[2] = "<p>期間・期限</p><p>年度末まで</p>";
    header[3] = "<p>数値目標</p><p>30件</p>";
    const doc = await extract(sheetRows("目標", "1位", [header, item("①", "取組1", "通年", "3回", "", "")]), { fiscalYear: 2020 });
    // 年度末まで passes for the rest of a wrapped label (short, no digits); 30件 does not.
    expect(doc.warnings).toMatchObject([{ code: "UNASSIGNED_TEXT", message: expect.stringContaining("30件") }]);
  });

  it("adds a row without a marker to the item above it", async () => {
    const doc = await extract(sheetRows("目標", "1位", [HEADER, item("①", "取組1", "通年", "3回", "中1", "末1"), ["", "続き", "", "", "", "末の続き"]]));
    expect(doc.sheets[0]?.items[0]).toMatchObject({ action: "取組1\n続き", finalReport: "末1\n末の続き" });
  });
});

describe("other templates", () => {
  it("reads labels printed above their values, column by column", async () => {
    const doc = await extract([
      ["重点目標", "", "部局名", "優先順位"],
      ["目標X", "", "総務部 総務課", "2位"],
      ["現況・課題", "現況の文"],
      HEADER,
      ["①", "取組1", "通年", "3回", "中1", "末1"],
    ]);
    expect(doc.sheets[0]).toMatchObject({ title: "目標X", department: "総務部 総務課", priority: 2, situation: "現況の文" });
  });

  it("maps item columns by the header's labels when a template leaves one out", async () => {
    const header = ["", "取組内容", "実施時期", "成果指標", "期末報告"];
    const doc = await extract(sheetRows("目標", "1位", [header, ["①", "取組1", "通年", "3回", "3回実施"]]));
    expect(doc.sheets[0]?.items[0]).toEqual({ no: 1, action: "取組1", period: "通年", target: "3回", midtermReport: "", finalReport: "3回実施" });
  });

  it("maps item columns in the order the header prints them", async () => {
    const header = ["", "取組項目", "数値目標", "期間・期限", "中間報告", "期末報告"];
    const doc = await extract(sheetRows("目標", "1位", [header, ["①", "取組1", "3回", "通年", "中", "末"]]));
    expect(doc.sheets[0]?.items[0]).toMatchObject({ target: "3回", period: "通年" });
  });

  it("takes the fiscal year from a 年度 cell", async () => {
    const rows = sheetRows("目標", "1位", []);
    rows.unshift(["年度", "令和3年度"]);
    const doc = await extract(rows);
    expect([doc.fiscalYear, doc.fiscalYearLabel]).toEqual([2021, "令和3年度"]);
  });

  it("splits labels out of a row whose cell boundaries were lost", async () => {
    const rows = sheetRows("目標", "1位", []);
    rows[0] = ["重点目標 目標Y 部局名 総務部 総務課 優先順位 3位"];
    const doc = await extract(rows);
    expect(doc.sheets[0]).toMatchObject({ title: "目標Y", department: "総務部 総務課", priority: 3 });
  });

  it("splits 優先順位 from a rank run into it (cells padded so tight that no space stands between)", async () => {
    const rows = sheetRows("目標", "1位", []);
    rows[0] = ["重点目標", "目標Y", "", "", "部局名", "総務部 総務課", "優先順位2位", ""];
    const doc = await extract(rows, { fiscalYear: 2020 });
    expect(doc.sheets[0]).toMatchObject({ title: "目標Y", department: "総務部 総務課", priority: 2 });
    expect(doc.warnings).toEqual([]);
  });
});

describe("特記事項", () => {
  it("splits the row at its ○ labels and drops the labels", async () => {
    const doc = await extract(
      sheetRows("目標", "1位", [["特記事項", "○市民参加・協働の推進、市民満足度の向上を考慮した点 参加の文", "", "", "○取組による効果・残された課題 効果の文", "", "", ""]]),
    );
    expect(doc.sheets[0]?.remarks).toEqual({ participation: "参加の文", outcomes: "効果の文" });
  });

  it("reads the row without its 特記事項 label", async () => {
    const doc = await extract(
      sheetRows("目標", "1位", [["○市民参加・協働の推進、市民満足度の向上を考慮した点", "参加の文", "", "○取組による効果・残された課題", "効果の文", ""]]),
    );
    expect(doc.sheets[0]?.remarks).toEqual({ participation: "参加の文", outcomes: "効果の文" });
  });

  it("reads the label, the ○ label and the text from one cell", async () => {
    const doc = await extract(
      sheetRows("目標", "1位", [["特記事項 ○市民参加・協働の推進、市民満足度の向上を考慮した点 参加の文", "○取組による効果・残された課題 効果の文", "", ""]]),
    );
    expect(doc.sheets[0]?.remarks).toEqual({ participation: "参加の文", outcomes: "効果の文" });
  });

  it("takes the cells in order when no ○ labels are printed", async () => {
    const doc = await extract(sheetRows("目標", "1位", [["特記事項", "参加の文", "", "", "効果の文", "", "", ""]]));
    expect(doc.sheets[0]?.remarks).toEqual({ participation: "参加の文", outcomes: "効果の文" });
  });

  it("leaves both empty when only the labels are printed", async () => {
    const doc = await extract(
      sheetRows("目標", "1位", [["特記事項", "○市民参加・協働の推進、市民満足度の向上を考慮した点", "", "", "○取組による効果・残された課題", "", "", ""]]),
    );
    expect(doc.sheets[0]?.remarks).toEqual({ participation: "", outcomes: "" });
  });
});

describe("provenance of a dump", () => {
  it("names the line of every non-empty text field", async () => {
    const doc = await extract(sheetRows("目標", "1位", [HEADER, ["①", "取組1", "通年", "", "", ""]]));
    const s = doc.sheets[0];
    expect(s?.provenance.fields).toMatchObject({ title: { line: 1 }, situation: { line: 4 }, "items[0].action": { line: 7 } });
    expect(s?.provenance.fields["items[0].target"]).toBeUndefined();
    expect(s?.provenance.pages).toEqual([]);
  });
});

describe("rows of a PDF", () => {
  /** A row of cells at [x0, x1] on a page. */
  const pdfRow = (page: number, cells: Array<[string, number, number]>): Row => ({
    cells: cells.map(([text, x0, x1]) => ({ text, source: { kind: "pdf" as const, boxes: [{ page, bbox: [x0, 100, x1, 120] as [number, number, number, number] }] } })),
  });
  const ITEMS: Row[] = [
    pdfRow(2, [["取組項目及び方法・手段", 50, 200], ["期間・期限", 200, 300], ["数値目標", 300, 400], ["中間報告", 400, 500], ["期末報告", 500, 600]]),
    pdfRow(2, [["①", 30, 50], ["○取組", 50, 200], ["通年", 200, 300]]),
  ];

  it("reports a row in a page's margin inside a sheet unless it repeats on other pages or is a short line, and reads a margin row with a label as the sheet's", () => {
    const margin = (page: number, text: string): Row => ({ ...pdfRow(page, [[text, 30, 300]]), furniture: true });
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        { ...pdfRow(1, [["現況・課題", 30, 100], ["現況の文", 100, 550]]), furniture: true },
        ...ITEMS,
        margin(2, "上田市 総務部 2"),
        margin(2, "※ 数値目標は前年度の実績による"),
        { ...pdfRow(2, [["年度末まで", 200, 300], ["利用者数120人以上", 300, 400]]), furniture: true },
        margin(2, "市民協働による新たな住民自治の創出を目指し、新市発足以降、市の重要施策として取り組んでいる"),
        margin(3, "上田市 総務部 3"),
        margin(3, "- 3 -"),
        margin(3, "令和2年度 重点目標管理シート"),
      ],
    });
    const sheet = doc.sheets[0];
    expect(sheet?.header.situation?.text).toBe("現況の文");
    // A short line of one cell is a running head or foot even on one page (取扱注意, a city's name);
    // a row of cells, or a long line, printed once is the sheet's own text no field took.
    expect(sheet?.unassigned.map((u) => u.text)).toEqual(["年度末まで", "利用者数120人以上", "市民協働による新たな住民自治の創出を目指し、新市発足以降、市の重要施策として取り組んでいる"]);
  });

  it("takes a label's rest spaced out into cells of its own (現 況 ・ | 課 | 題) as the label's, not as 部局名 opening a sheet", () => {
    const head = pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]);
    const doc = assemble({
      rows: [
        head,
        pdfRow(1, [["現\n況 ・", 30, 100], ["現況の文", 100, 550]]),
        pdfRow(1, [["課", 30, 60], ["題", 60, 100]]),
        pdfRow(1, [["目的・効果", 30, 100], ["目的の文", 100, 550]]),
        ...ITEMS,
      ],
    });
    expect(doc.sheets).toHaveLength(1);
    expect(doc.sheets[0]?.header.situation?.text).toBe("現況の文");
    expect(doc.sheets[0]?.header.purpose?.text).toBe("目的の文");
  });

  it("takes a label's rest in cells of its own with the value's next line after them (課 | 題 | 相談件数…) onto the label and its value", () => {
    const head = pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]);
    const doc = assemble({
      rows: [
        head,
        pdfRow(1, [["現\n況 ・", 30, 100], ["出生数は減少しました。", 100, 550]]),
        pdfRow(1, [["課", 30, 60], ["題", 60, 100], ["相談件数は増えています。", 100, 550]]),
        pdfRow(1, [["目的・効果", 30, 100], ["目的の文", 100, 550]]),
        ...ITEMS,
      ],
    });
    expect(doc.sheets).toHaveLength(1);
    expect(doc.sheets[0]?.header.situation?.text).toBe("出生数は減少しました。\n相談件数は増えています。");
    expect(doc.sheets[0]?.header.purpose?.text).toBe("目的の文");
    expect(doc.sheets[0]?.unassigned).toEqual([]);
  });

  it("joins a header row whose labels the page cut with its rest overleaf, but not a value's rest with the next page's row", () => {
    const head = pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]);
    const cut = pdfRow(1, [["第三次上田市行財", 30, 100], ["(1) 住みたいと思うまちづくりへの改革 ア 移住・定住・交流人", 100, 300], ["上田再構築プラン", 300, 350], ["3 働く喜び", 350, 550]]);
    const rest = pdfRow(2, [["政改革大綱・アクションプログラムにおける位置付け", 30, 100], ["口を増やす体制の確立", 100, 300], ["「7つの挑戦」における位置付け", 300, 350], ["にあふれるまちづくり", 350, 550]]);
    const h = assemble({ rows: [head, cut, rest, ...ITEMS] }).sheets[0]?.header;
    expect(h?.["alignment.reformProgram"]?.text.replace(/\s/gu, "")).toBe("(1)住みたいと思うまちづくりへの改革ア移住・定住・交流人口を増やす体制の確立");
    expect(h?.["alignment.rebuildPlan"]?.text.replace(/\s/gu, "")).toBe("3働く喜びにあふれるまちづくり");
    // A value's last lines at a page's foot (nothing in the label column) stay that value's.
    const situation = pdfRow(1, [["現況・課題", 30, 100], ["現況の文の始め", 100, 550]]);
    const tail = pdfRow(1, [["", 30, 100], ["現況の文の続き", 100, 550]]);
    const purpose = pdfRow(2, [["目的・効果", 30, 100], ["目的の文", 100, 550]]);
    const doc = assemble({ rows: [head, situation, tail, purpose, ...ITEMS] }).sheets[0]?.header;
    expect(doc?.purpose?.text).toBe("目的の文");
  });

  it("joins a 特記事項 row the page broke with its rest overleaf, cell by cell, but not a row under its label", () => {
    const head = pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]);
    const remarks = pdfRow(1, [["特記事項", 30, 100], ["○市民参加・協働の推進、市民満足度の向上を考", 100, 330], ["○取組による効果・残された課題", 330, 560]]);
    const read = (overleaf: Row): { participation?: string; outcomes?: string } => {
      const r = assemble({ rows: [head, ...ITEMS, remarks, overleaf] }).sheets[0]?.remarks;
      return { participation: r?.participation?.text, outcomes: r?.outcomes?.text };
    };
    // The ○ label cut at the page's foot: joined, it is the label, and both remarks are empty.
    expect(read(pdfRow(2, [["", 30, 100], ["慮した点", 100, 330], ["", 330, 560]]))).toEqual({ participation: "", outcomes: "" });
    expect(read(pdfRow(2, [["", 30, 100], ["慮した点\n地区の協議会と決めました。", 100, 330], ["効果がありました。", 330, 560]]))).toEqual({
      participation: "地区の協議会と決めました。",
      outcomes: "効果がありました。",
    });
    // Text under the 特記事項 label overleaf is not a remark's rest.
    const doc = assemble({ rows: [head, ...ITEMS, remarks, pdfRow(2, [["令和5年度 重点目標管理シート", 30, 330]])] });
    expect(doc.sheets[0]?.remarks.participation?.text ?? "").not.toContain("令和5年度");
  });

  it("lets go of an empty cell under an empty cell of the item header (a rule parting 取組項目) however many cells a row leaves empty at its end", () => {
    const header = pdfRow(1, [["", 30, 50], ["取組項目及び方法・手段", 50, 120], ["", 120, 200], ["期間・期限", 200, 300], ["数値目標", 300, 400], ["中間報告", 400, 500], ["期末報告", 500, 600]]);
    const item = (marker: string, cells: string[]): Row => pdfRow(1, [[marker, 30, 50], ...cells.map((t, k): [string, number, number] => [t, [50, 120, 200, 300, 400, 500][k] as number, [120, 200, 300, 400, 500, 600][k] as number])]);
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        header,
        item("①", ["○取組一", "", "通年", "10件", "5件", "12件"]),
        item("②", ["○取組二", "", "年度末まで", "80%以上", "", ""]),
      ],
    });
    const items = doc.sheets[0]?.items.map((i) => [i.fields.action.text, i.fields.period.text, i.fields.target.text, i.fields.midtermReport.text, i.fields.finalReport.text]);
    expect(items).toEqual([
      ["○取組一", "通年", "10件", "5件", "12件"],
      ["○取組二", "年度末まで", "80%以上", "", ""],
    ]);
  });

  it("joins a label the layout cut into two rows (現況・ | 課題) and a header row broken over a page with its foot between", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["第三次上田市行財政改革大綱・アクションプログラムにおける位置付", 30, 100], ["(1) 改革", 100, 550]]),
        { ...pdfRow(1, [["- 1 -", 280, 320]]), furniture: true },
        pdfRow(2, [["け", 30, 100]]),
        pdfRow(2, [["現況・", 30, 100], ["現況の文の始め", 100, 550]]),
        pdfRow(2, [["課題", 30, 100], ["と終わり。", 100, 550]]),
        ...ITEMS.map((r) => ({ cells: r.cells.map((c) => ({ ...c, source: { kind: "pdf" as const, boxes: (c.source.kind === "pdf" ? c.source.boxes : []).map((b) => ({ ...b, page: 3 })) } })) })),
      ],
    });
    expect(doc.sheets).toHaveLength(1);
    const header = doc.sheets[0]?.header;
    expect(header?.["alignment.reformProgram"]?.text).toBe("(1) 改革");
    expect(header?.situation?.text).toBe("現況の文の始めと終わり。");
    expect(doc.sheets[0]?.unassigned).toEqual([]);
  });

  it("joins a header row broken over a page though the page number between reads as an item's number (1)", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["第三次上田市行財政改革大綱・アクションプログラムにおける位置付", 30, 100], ["(1) 改革", 100, 300], ["上田再構築プラン「7つの挑戦」における位置付け", 300, 350], ["3 働く喜び", 350, 550]]),
        { ...pdfRow(1, [["1", 290, 300]]), furniture: true },
        pdfRow(2, [["け", 30, 45]]),
        pdfRow(2, [["現況・課題", 30, 100], ["現況の文", 100, 550]]),
        ...ITEMS.map((r) => ({ cells: r.cells.map((c) => ({ ...c, source: { kind: "pdf" as const, boxes: (c.source.kind === "pdf" ? c.source.boxes : []).map((b) => ({ ...b, page: 3 })) } })) })),
      ],
    });
    const header = doc.sheets[0]?.header;
    expect(header?.["alignment.reformProgram"]?.text).toBe("(1) 改革");
    expect(header?.["alignment.rebuildPlan"]?.text).toBe("3 働く喜び");
    expect(doc.sheets[0]?.unassigned).toEqual([]);
  });

  it("joins the next sheet's first row the page cut through its labels (重 | 部 | 優 at the foot, 点目標 | 局名 | 先順位 overleaf), not two rows of labels one on each page", () => {
    const head = pdfRow(1, [["重点目標", 30, 100], ["目標一", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]);
    const remarks = pdfRow(1, [["特記事項", 30, 100], ["○市民参加・協働の推進、市民満足度の向上を考慮した点 参加の文", 100, 330], ["○取組による効果・残された課題 効果の文", 330, 560]]);
    const onPage = (page: number, rows: Row[]): Row[] => rows.map((r) => ({ cells: r.cells.map((c) => ({ ...c, source: { kind: "pdf" as const, boxes: (c.source.kind === "pdf" ? c.source.boxes : []).map((b) => ({ ...b, page })) } })) }));
    const doc = assemble({
      rows: [
        head,
        ...onPage(1, ITEMS),
        remarks,
        pdfRow(1, [["重", 30, 100], ["目標二", 100, 300], ["部", 300, 350], ["企画課", 350, 450], ["優", 450, 500], ["2位", 500, 550]]),
        pdfRow(2, [["点目標", 30, 100], ["", 100, 300], ["局名", 300, 350], ["", 350, 450], ["先順位", 450, 500], ["", 500, 550]]),
        pdfRow(2, [["現況・課題", 30, 100], ["現況の文", 100, 550]]),
        ...onPage(2, ITEMS),
      ],
    });
    expect(doc.sheets.map((sh) => [sh.header.title?.text, sh.header.department?.text, sh.header.priority?.text])).toEqual([
      ["目標一", "総務課", "1位"],
      ["目標二", "企画課", "2位"],
    ]);
    // Two rows of labels, one at a page's foot and one overleaf, stay two rows.
    const plan = pdfRow(1, [["総合計画における位置付け", 30, 100], ["第２編", 100, 300], ["まち・ひと・しごと創生総合戦略における位置付け", 300, 350], ["戦略２", 350, 550]]);
    const reform = pdfRow(2, [["第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", 30, 100], ["（２）向上", 100, 300], ["上田再構築プラン「7つの挑戦」における位置付け", 300, 350], ["２ まちづくり", 350, 550]]);
    const h = assemble({ rows: [head, plan, reform, ...onPage(2, ITEMS)] }).sheets[0]?.header;
    expect([h?.["alignment.comprehensivePlan"]?.text, h?.["alignment.regionalStrategy"]?.text, h?.["alignment.reformProgram"]?.text, h?.["alignment.rebuildPlan"]?.text]).toEqual(["第２編", "戦略２", "（２）向上", "２ まちづくり"]);
  });

  it("doubts an item cell that stands over two of the item header's columns (columns not parted)", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        ITEMS[0] as Row,
        pdfRow(2, [["①", 30, 50], ["○取組 通年", 50, 290], ["10回", 300, 400]]),
        pdfRow(2, [["②", 30, 50], ["○取組の二", 50, 200], ["4月から", 200, 300], ["5回", 300, 400]]),
      ],
    });
    expect(doc.sheets[0]?.mixed?.map((m) => m.text)).toEqual(["○取組 通年"]);
  });

  describe("sheets side by side, each running on over pages in its own column", () => {
    /** Rows of one sheet's table shifted `dx` right on `page`. */
    const at = (page: number, dx: number, cells: Array<[string, number, number]>): Row => pdfRow(page, cells.map(([t, a, b]) => [t, a + dx, b + dx]));
    const header = (page: number, dx: number): Row =>
      at(page, dx, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], [dx === 0 ? "1位" : "2位", 500, 550]]);
    const itemHeader = (page: number, dx: number): Row =>
      at(page, dx, [["取組項目及び方法・手段", 50, 200], ["期間・期限", 200, 300], ["数値目標", 300, 400], ["中間報告", 400, 500], ["期末報告", 500, 600]]);
    const R = 600;

    it.each([
      ["with the item header repeated overleaf", true],
      ["without it", false],
    ])("reads each sheet's rows overleaf into that sheet, %s", (_what, repeated) => {
      const doc = assemble({
        rows: [
          header(1, 0),
          itemHeader(1, 0),
          at(1, 0, [["①", 30, 50], ["○左の取組", 50, 200], ["通年", 200, 300]]),
          header(1, R),
          itemHeader(1, R),
          at(1, R, [["①", 30, 50], ["○右の取組", 50, 200], ["4月から", 200, 300]]),
          ...(repeated ? [itemHeader(2, 0)] : []),
          at(2, 0, [["", 30, 50], ["の続き", 50, 200]]),
          at(2, 0, [["②", 30, 50], ["○左の二", 50, 200], ["通年", 200, 300]]),
          at(2, 0, [["特記事項", 30, 100], ["○市民参加・協働の推進、市民満足度の向上を考慮した点 左の特記", 100, 600]]),
          ...(repeated ? [itemHeader(2, R)] : []),
          at(2, R, [["", 30, 50], ["", 50, 200], ["9月まで", 200, 300]]),
          at(2, R, [["②", 30, 50], ["○右の二", 50, 200], ["通年", 200, 300]]),
        ],
      });
      const actions = doc.sheets.map((s) => s.items.map((i) => `${i.no}:${i.fields.action.text}|${i.fields.period.text}`));
      expect(actions).toEqual([
        ["1:○左の取組の続き|通年", "2:○左の二|通年"],
        ["1:○右の取組|4月から9月まで", "2:○右の二|通年"],
      ]);
      expect(doc.sheets[0]?.remarks.participation?.text).toBe("左の特記");
      expect(doc.sheets.map((s) => s.unassigned)).toEqual([[], []]);
    });
  });

  it("joins a header row the page broke to the first row of the next page, column by column", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["第三次上田市行財政改革大綱・アクションプログラムにおける", 30, 150], ["(1) 改革を進め", 150, 300], ["上田再構築プラン「7つの挑戦」における", 300, 420], ["3 働く喜び", 420, 550]]),
        pdfRow(2, [["位置付け", 30, 150], ["ます。", 150, 300], ["位置付け", 300, 420], ["にあふれるまち", 420, 550]]),
        ...ITEMS,
      ],
    });
    const header = doc.sheets[0]?.header;
    expect(header?.["alignment.reformProgram"]?.text).toBe("(1) 改革を進めます。");
    expect(header?.["alignment.rebuildPlan"]?.text).toBe("3 働く喜びにあふれるまち");
    expect(doc.sheets[0]?.unassigned).toEqual([]);
  });

  it("joins a header row the page broke inside one label, the label before it whole (Writer lets rows break)", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["総合計画における位置付け", 30, 150], ["第6編 交流・連携、移住・定住促進", 150, 300], ["まち・ひと・しごと創生総", 300, 420], ["戦略2 結婚・子育てしたい戦略 戦略3 訪れたい・住", 420, 550]]),
        pdfRow(2, [["による活力ある都市づくり", 150, 300], ["合戦略における位置付け", 300, 420], ["みたいうえだ戦略", 420, 550]]),
        ...ITEMS,
      ],
    });
    const header = doc.sheets[0]?.header;
    expect(header?.["alignment.comprehensivePlan"]?.text).toBe("第6編 交流・連携、移住・定住促進による活力ある都市づくり");
    expect(header?.["alignment.regionalStrategy"]?.text).toBe("戦略2 結婚・子育てしたい戦略 戦略3 訪れたい・住みたいうえだ戦略");
    expect(doc.sheets[0]?.unassigned).toEqual([]);
  });

  it("joins it so when the rest of the cut label reads as a label by itself, under an empty label column", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["総合計画における位置付け", 30, 150], ["第1編 市民が主役のまちづくり 第1", 150, 300], ["まち・ひと・しごと", 300, 420], ["戦略 ひと・地域の輝き戦略 施策", 420, 550]]),
        pdfRow(2, [["", 30, 150], ["章 自治の推進", 150, 300], ["創生総合戦略における位置付け", 300, 420], ["体系 地域内分権推進", 420, 550]]),
        ...ITEMS,
      ],
    });
    const header = doc.sheets[0]?.header;
    expect(header?.["alignment.comprehensivePlan"]?.text).toBe("第1編 市民が主役のまちづくり 第1章 自治の推進");
    expect(header?.["alignment.regionalStrategy"]?.text).toBe("戦略 ひと・地域の輝き戦略 施策体系 地域内分権推進");
    expect(doc.sheets[0]?.unassigned).toEqual([]);
  });

  it("goes on with each value overleaf in its own column, not in the row's last (Writer breaks a row whose value wraps)", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["総合計画における位置付け", 30, 150], ["第1編 第2節 女性と男性が互いに尊重しあい、個性と能力", 150, 300], ["まち・ひと・しごと創生総合戦略における位置付け", 300, 420], ["戦略 施策体系", 420, 550]]),
        pdfRow(2, [["を十分発揮できる社会の実現", 150, 300]]),
        ...ITEMS,
      ],
    });
    expect(doc.sheets[0]?.header["alignment.comprehensivePlan"]?.text).toBe("第1編 第2節 女性と男性が互いに尊重しあい、個性と能力を十分発揮できる社会の実現");
    expect(doc.sheets[0]?.header["alignment.regionalStrategy"]?.text).toBe("戦略 施策体系");
  });

  it("places nowhere, and says so, a row overleaf whose cell straddles two cells of the row it goes on with", () => {
    // まち・ひと・しごと創生総 | 合戦略における位置付け cut over the page and parted from its values on
    // neither: the row overleaf is one cell over the first value and the label's cell.
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["総合計画における位置付け", 30, 130], ["第6編 第2章 交流・連携、移住・定", 130, 275], ["まち・ひと・戦略2 結婚・子育てしたい戦略しごと創生総", 275, 550]]),
        pdfRow(2, [["住促進による活力ある都市づたい・住みたいうえだ戦略合戦略における位置付け", 130, 550]]),
        ...ITEMS,
      ],
    });
    expect(doc.sheets[0]?.unassigned.map((u) => u.text)).toEqual(["住促進による活力ある都市づたい・住みたいうえだ戦略合戦略における位置付け"]);
  });

  it("goes on with a header value overleaf as continued text, when joining the rows gains no label", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["現況・課題", 30, 150], ["人口が減ってい", 150, 550]]),
        pdfRow(2, [["ます。", 150, 550]]),
        ...ITEMS,
      ],
    });
    expect(doc.sheets[0]?.header.situation?.text).toBe("人口が減っています。");
  });

  it("starts a paragraph where a cell continued on the next page starts with a numbered part, and joins a ・ that continues a phrase", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["取組項目及び方法・手段", 50, 200], ["期間・期限", 200, 300], ["数値目標", 300, 400], ["中間報告", 400, 500], ["期末報告", 500, 600]]),
        pdfRow(1, [["①", 30, 50], ["○日本語教室の充実", 50, 200], ["通年と文化", 200, 300]]),
        pdfRow(2, [["", 30, 50], ["(1) 教室を支援します。", 50, 200], ["・芸術の日", 200, 300]]),
      ],
    });
    expect(doc.sheets[0]?.items.map((i) => [i.fields.action.text, i.fields.period.text])).toEqual([
      ["○日本語教室の充実\n(1) 教室を支援します。", "通年と文化・芸術の日"],
    ]);
  });

  it("places nowhere, and says so, text in the marker column of a row no marker opens", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        ...ITEMS,
        pdfRow(2, [["※注", 30, 50], ["続きの文", 50, 200]]),
      ],
    });
    expect(doc.sheets[0]?.items.map((i) => i.fields.action.text)).toEqual(["○取組続きの文"]);
    expect(doc.sheets[0]?.unassigned.map((u) => u.text)).toEqual(["※注"]);
  });

  it("keeps a row on the same page as it is: a value continued below its label", () => {
    const doc = assemble({
      rows: [
        pdfRow(1, [["重点目標", 30, 100], ["目標", 100, 300], ["部局名", 300, 350], ["総務課", 350, 450], ["優先順位", 450, 500], ["1位", 500, 550]]),
        pdfRow(1, [["現況・課題", 30, 150], ["人口が減っています。", 150, 550]]),
        pdfRow(1, [["店も減っています。", 150, 550]]),
        ...ITEMS,
      ],
    });
    expect(doc.sheets[0]?.header.situation?.text).toBe("人口が減っています。\n店も減っています。");
  });
});
