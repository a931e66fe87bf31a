// The goal-table form of earlier years, rule by rule, on small dumps (the whole form is the golden
// samples/sanada-h25.txt and its Chromium rendering samples/sanada-h25-html.pdf).
import { describe, expect, it } from "vitest";
import { extractDocument } from "../src/pipeline.js";
import type { SheetDocument } from "../src/model/index.js";

const HEAD = ["順位", "目標設定(年度当初)", "取組項目及び方法・手段(何をどのように)", "期間・期限", "数値目標(どの水準まで)"];

async function read(rows: Array<string[] | string>): Promise<SheetDocument> {
  const text = rows.map((r) => (Array.isArray(r) ? r.join("\t") : r)).join("\n");
  return extractDocument(new TextEncoder().encode(text), "goals.txt");
}

describe("goal-table form", () => {
  it("makes one sheet per goal with the section as department and 順位 as priority", async () => {
    const doc = await read(["平成26年度 丸子地域自治センターの各課の課題・目標", "総務課", HEAD, ["1", "○職員の意識改革", "・接遇研修を実施する", "6月", "受講率100%"]]);
    expect(doc.fiscalYear).toBe(2014);
    expect(doc.sheets.map((s) => [s.department, s.priority, s.title])).toEqual([["丸子地域自治センター 総務課", 1, "職員の意識改革"]]);
    expect(doc.sheets[0]?.items).toEqual([{ no: 1, action: "接遇研修を実施する", period: "6月", target: "受講率100%", midtermReport: "", finalReport: "" }]);
    expect(doc.warnings).toEqual([]);
  });

  it("reads a single unnumbered action as item 1 and leaves unprinted fields empty", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", HEAD, ["1", "○収納率の向上", "口座振替を勧める", "通年", "98%"]]);
    const sheet = doc.sheets[0];
    expect(sheet?.items.map((i) => [i.no, i.action])).toEqual([[1, "口座振替を勧める"]]);
    expect([sheet?.situation, sheet?.purpose, sheet?.alignment.comprehensivePlan, sheet?.remarks.outcomes]).toEqual(["", "", "", ""]);
    expect(sheet?.department).toBe("税務課");
  });

  it("keeps sheets of the same priority in different sections apart, with distinct ids", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", HEAD, ["1", "○収納率の向上", "①督促する", "通年", "98%"], "福祉課", HEAD, ["1", "○相談体制の充実", "①窓口を増やす", "4月", "2か所"]]);
    expect(doc.sheets.map((s) => [s.department, s.priority])).toEqual([["税務課", 1], ["福祉課", 1]]);
    expect(new Set(doc.sheets.map((s) => s.id)).size).toBe(2);
    expect(doc.warnings).toEqual([]);
  });

  it("warns about a column no field holds and about a gap in the actions", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", [...HEAD, "備考"], ["1", "○収納率の向上", "①督促する", "通年", "98%", "前年度97%"], ["", "", "③差押えを行う", "随時", "10件"]]);
    expect(doc.warnings.map((w) => w.code)).toEqual(["ITEM_SEQUENCE", "UNASSIGNED_TEXT"]);
    expect(doc.warnings[1]?.message).toContain("前年度97%");
  });

  it("refuses a table of the form's headers with no goals in it", async () => {
    await expect(read(["平成25年度 各課の目標", "税務課", HEAD])).rejects.toMatchObject({ code: "NOT_A_SHEET" });
  });
});

// The form as real archives print it (issue #25): every way a dump gives the lines above a table,
// headers over two rows, goals printed again on each action row, and the text a table holds that
// no field takes.
describe("goal-table form as archives print it", () => {
  const sheetsOf = (doc: SheetDocument) => doc.sheets.map((s) => [s.department, s.priority, s.title, s.items.map((i) => [i.no, i.action, i.period, i.target])]);

  it("reads a dump with a 資料 line, # headings, ○ with a space, <p> fragments and ∼", async () => {
    const doc = await read([
      "平成25年度 第1回地域協議会 資料",
      "# 平成25年度 真田地域自治センターの各課の課題・目標",
      "## 地域振興課",
      HEAD,
      ["<p>1</p>", "<p>○ 地域内分権の推進</p>", "<p>①住民自治組織の運営を支援し、</p><p>計画の策定を進める</p>", "<p>4月∼3月</p>", "<p>計画策定 1件</p>"],
      ["", "", "<p>②地域担当職員が連絡調整を行う</p>", "<p>通年</p>", "<p>年4回</p>"],
      "## 市民生活課",
      HEAD,
      ["<p>1</p>", "<p>○ 窓口サービスの向上</p>", "<p>窓口アンケートを実施する</p>", "<p>7月・1月</p>", "<p>満足度90%以上</p>"],
    ]);
    expect(doc.fiscalYear).toBe(2013);
    expect(sheetsOf(doc)).toEqual([
      ["真田地域自治センター 地域振興課", 1, "地域内分権の推進", [[1, "住民自治組織の運営を支援し、\n計画の策定を進める", "4月∼3月", "計画策定 1件"], [2, "地域担当職員が連絡調整を行う", "通年", "年4回"]]],
      ["真田地域自治センター 市民生活課", 1, "窓口サービスの向上", [[1, "窓口アンケートを実施する", "7月・1月", "満足度90%以上"]]],
    ]);
    expect(doc.warnings).toEqual([]);
  });

  it.each([
    ["【総務課】", "総務課"],
    ["■総務課", "総務課"],
    ["◆ 総務課", "総務課"],
    ["（総務課）", "総務課"],
    ["1　総務課", "総務課"],
    ["### 総務課", "総務課"],
    ["まちづくり推進", "まちづくり推進"],
    ["総務課\t\t\t\t資料２", "総務課"],
  ])("takes the section from a heading line %j", async (line, name) => {
    const doc = await read(["平成25年度 真田地域自治センターの各課の課題・目標", "平成25年5月21日", line, HEAD, ["1", "○収納率の向上", "①督促する", "通年", "98%"]]);
    expect(doc.sheets.map((s) => s.department)).toEqual([`真田地域自治センター ${name}`]);
    expect(doc.warnings).toEqual([]);
  });

  it("takes neither the 資料 line nor a date for a section, and names the office however the title puts it", async () => {
    for (const title of ["平成25年度 真田地域自治センター 各課の重点目標", "平成25年度 各課等の課題・目標（真田地域自治センター）"]) {
      const doc = await read([title, "平成25年度 第1回地域協議会 資料", "福祉課", HEAD, ["1", "○相談体制の充実", "①窓口を増やす", "4月", "2か所"]]);
      expect(doc.sheets.map((s) => s.department)).toEqual(["真田地域自治センター 福祉課"]);
    }
  });

  it("joins a header printed over two rows (順 | 位, 目標設定 | (年度当初)) and reads the values under it", async () => {
    const doc = await read([
      "平成25年度 各課の目標",
      "税務課",
      ["順", "目標設定", "取組項目及び方法・手段", "期間・期限", "数値目標"],
      ["位", "(年度当初)", "(何をどのように)", "", "(どの水準まで)"],
      ["1", "○収納率の向上", "①督促する", "通年", "98%"],
      ["2", "○滞納の解消", "①納付相談を行う", "随時", "10件"],
    ]);
    expect(sheetsOf(doc)).toEqual([
      ["税務課", 1, "収納率の向上", [[1, "督促する", "通年", "98%"]]],
      ["税務課", 2, "滞納の解消", [[1, "納付相談を行う", "随時", "10件"]]],
    ]);
    expect(doc.warnings).toEqual([]);
  });

  it("reads goal cells printed again on each action row as one goal, and (1) (2) or ・ as its actions", async () => {
    const doc = await read([
      "平成25年度 各課の目標",
      "税務課",
      HEAD,
      ["1位", "○収納率の向上", "(1)督促する", "通年", "98%"],
      ["1位", "○収納率の向上", "(2)差押えを行う", "随時", "10件"],
      ["2位", "○窓口の改善", "・アンケートを行う", "7月", "1回"],
      ["2位", "○窓口の改善", "・案内を見直す", "9月", ""],
    ]);
    expect(sheetsOf(doc)).toEqual([
      ["税務課", 1, "収納率の向上", [[1, "督促する", "通年", "98%"], [2, "差押えを行う", "随時", "10件"]]],
      ["税務課", 2, "窓口の改善", [[1, "アンケートを行う", "7月", "1回"], [2, "案内を見直す", "9月", ""]]],
    ]);
    expect(doc.warnings).toEqual([]);
  });

  it("reads a rank printed ① or (1) under 順位 or No. as the goal's priority", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", ["No.", ...HEAD.slice(1)], ["①", "○収納率の向上", "・督促する", "通年", "98%"], ["(2)", "○滞納の解消", "・納付相談を行う", "随時", "10件"]]);
    expect(doc.sheets.map((s) => [s.priority, s.title])).toEqual([[1, "収納率の向上"], [2, "滞納の解消"]]);
    expect(doc.warnings).toEqual([]);
  });

  it("takes a goal's rank printed before it in its own cell where the table has no 順位 column", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", HEAD.slice(1), ["1 ○収納率の向上", "①督促する", "通年", "98%"], ["２．○滞納の解消", "①納付相談を行う", "随時", "10件"]]);
    expect(doc.sheets.map((s) => [s.priority, s.title])).toEqual([[1, "収納率の向上"], [2, "滞納の解消"]]);
    expect(doc.warnings).toEqual([]);
  });

  it("starts a section at a heading inside one table for every section, with no header after it", async () => {
    const doc = await read(["平成25年度 各課の目標", HEAD, "【税務課】", ["1", "○収納率の向上", "①督促する", "通年", "98%"], "【福祉課】", ["1", "○相談体制の充実", "①窓口を増やす", "4月", "2か所"]]);
    expect(doc.sheets.map((s) => [s.department, s.priority, s.title])).toEqual([["税務課", 1, "収納率の向上"], ["福祉課", 1, "相談体制の充実"]]);
    expect(doc.warnings).toEqual([]);
  });

  it("takes a bracketed line right under the header for a section (one table for all), a hint for its column's hint", async () => {
    const one = await read(["平成25年度 各課の目標", HEAD, "（税務課）", ["1", "○収納率の向上", "①督促する", "通年", "98%"]]);
    expect(one.sheets.map((s) => s.department)).toEqual(["税務課"]);
    const hint = await read(["平成25年度 各課の目標", "税務課", ["目標設定", "順位", "取組項目及び方法・手段", "期間・期限", "数値目標"], ["(年度当初)"], ["○収納率の向上", "1", "①督促する", "通年", "98%"]]);
    expect(hint.sheets.map((s) => [s.department, s.priority, s.title])).toEqual([["税務課", 1, "収納率の向上"]]);
    expect(hint.warnings).toEqual([]);
  });

  it("keeps a heading over rows that a page break puts overleaf, and a heading repeated overleaf goes on with its goal", async () => {
    const under = await read(["平成25年度 各課の目標", HEAD, "【税務課】", ["1", "○収納率の向上", "①督促する", "通年", "98%"], "【福祉課】", "- 1 -", "平成25年度 第1回地域協議会 資料", ["1", "○相談体制の充実", "①窓口を増やす", "4月", "2か所"]]);
    expect(under.sheets.map((s) => s.department)).toEqual(["税務課", "福祉課"]);
    const again = await read(["平成25年度 各課の目標", "税務課", HEAD, ["1", "○収納率の向上", "①督促する", "通年", "98%"], "- 1 -", "税務課", HEAD, ["", "", "②差押えを行う", "随時", "10件"]]);
    expect(again.sheets.map((s) => [s.department, s.items.length])).toEqual([["税務課", 2]]);
    expect(again.warnings).toEqual([]);
  });

  it("joins the rest of a header cell a page break cut (期間・期限(いつ・いつまで | に)) to the header", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", ["順位", "目標", "取組項目", "期間・期限(いつ・いつまで", "数値目標"], "- 1 -", ["", "", "", "に)", ""], ["1", "○収納率の向上", "①督促する", "通年", "98%"]]);
    expect(doc.sheets.map((s) => s.items.map((i) => [i.no, i.action, i.period]))).toEqual([[[1, "督促する", "通年"]]]);
    expect(doc.warnings).toEqual([]);
  });

  it("places a row of the table that reads like a title, and drops the title printed again overleaf", async () => {
    const doc = await read([
      "平成25年度 各課の課題・目標",
      "税務課",
      HEAD,
      ["1", "○収納率の向上", "①督促する", "通年", "98%"],
      ["", "", "平成25年度の目標を上回る"],
      "- 1 -",
      "平成25年度 各課の課題・目標",
      HEAD,
      ["2", "○滞納の解消", "①納付相談を行う", "随時", "10件"],
    ]);
    expect(doc.sheets.map((s) => s.items.map((i) => i.action))).toEqual([["督促する\n平成25年度の目標を上回る"], ["納付相談を行う"]]);
    expect(doc.warnings).toEqual([]);
  });

  it("says so when a new table on the same page has no heading over it (a section whose name was not read)", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", HEAD, ["1", "○収納率の向上", "①督促する", "通年", "98%"], HEAD, ["1", "○相談体制の充実", "①窓口を増やす", "4月", "2か所"]]);
    expect(doc.sheets.map((s) => s.department)).toEqual(["税務課", ""]);
    expect(doc.warnings.map((w) => [w.code, w.field])).toEqual([["MISSING_FIELD", "department"]]);
  });

  it("keeps the section and the goal under a header repeated after a page number", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", HEAD, ["1", "○収納率の向上", "①督促する", "通年", "98%"], "- 1 -", "平成25年度 第1回地域協議会 資料", HEAD, ["", "", "②差押えを行う", "随時", "10件"]]);
    expect(sheetsOf(doc)).toEqual([["税務課", 1, "収納率の向上", [[1, "督促する", "通年", "98%"], [2, "差押えを行う", "随時", "10件"]]]]);
    expect(doc.warnings).toEqual([]);
  });

  it("reports an extra column's text (担当) and keeps the other columns where they are", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", ["順位", "担当", ...HEAD.slice(1)], ["1", "収納係", "○収納率の向上", "①督促する", "通年", "98%"], ["", "管理係", "", "②差押えを行う", "随時", "10件"]]);
    expect(sheetsOf(doc)).toEqual([["税務課", 1, "収納率の向上", [[1, "督促する", "通年", "98%"], [2, "差押えを行う", "随時", "10件"]]]]);
    expect(doc.warnings.map((w) => [w.code, w.message])).toEqual([
      ["UNASSIGNED_TEXT", "text in no field: 「収納係」"],
      ["UNASSIGNED_TEXT", "text in no field: 「管理係」"],
    ]);
  });

  it("gives each action the parts of a column marked with its number, and reports a part whose action never comes", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", HEAD, ["1", "○収納率の向上", "①督促する<br>②差押えを行う", "①通年<br>②随時", "②10件<br>③5件"]]);
    expect(sheetsOf(doc)).toEqual([["税務課", 1, "収納率の向上", [[1, "督促する", "通年", ""], [2, "差押えを行う", "随時", "10件"]]]]);
    expect(doc.warnings.map((w) => [w.code, w.message])).toEqual([["UNASSIGNED_TEXT", "text in no field: 「5件」"]]);
  });

  it("keeps an action's last line that reads like a document line (…説明会を開く。) in the action", async () => {
    const doc = await read(["平成25年度 各課の目標", "税務課", HEAD, ["1", "○収納率の向上", "①督促する", "通年", "98%"], ["", "", "あわせて説明会を開く。"], "福祉課", HEAD, ["1", "○相談体制の充実", "①窓口を増やす", "4月", "2か所"]]);
    expect(doc.sheets[0]?.items[0]?.action).toBe("督促する\nあわせて説明会を開く。");
    expect(doc.sheets[1]?.department).toBe("福祉課");
  });
});
