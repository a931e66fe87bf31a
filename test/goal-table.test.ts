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
