import { describe, expect, it } from "vitest";
import { findRemarkLabels, itemHeaderWordsIn, matchGluedLabel, matchGoalTableHeader, matchHeaderLabel, matchHeaderLabelPrefix, matchItemHeader, textInsidePrintedLabel } from "../src/extract/labels.js";
import { matchItemMarker } from "../src/extract/markers.js";
import { readCases } from "./helpers/cases.js";

describe("header labels (test/cases/labels.tsv)", () => {
  it.each(readCases("labels.tsv"))("$text → $key ($reason)", ({ text, key }) => {
    expect(matchHeaderLabel(text ?? "") ?? "").toBe(key);
  });
});

describe("item table headers (test/cases/item-headers.tsv)", () => {
  it.each(readCases("item-headers.tsv"))("$text → $key ($reason)", ({ text, key }) => {
    expect(matchItemHeader(text ?? "") ?? "").toBe(key);
  });
});

describe("text inside a long label's wording (test/cases/label-insertions.tsv)", () => {
  it.each(readCases("label-insertions.tsv"))("$text → '$inside' ($reason)", ({ text, inside }) => {
    expect(textInsidePrintedLabel(text ?? "") ?? "").toBe(inside);
  });
});

describe("item columns a header cell names (test/cases/item-header-words.tsv)", () => {
  it.each(readCases("item-header-words.tsv"))("$text → $keys ($reason)", ({ text, keys }) => {
    expect(itemHeaderWordsIn(text ?? "").join(",")).toBe(keys);
  });
});

describe("goal-table headers (test/cases/goal-table-headers.tsv)", () => {
  it.each(readCases("goal-table-headers.tsv"))("$text → $key ($reason)", ({ text, key }) => {
    expect(matchGoalTableHeader(text ?? "") ?? "").toBe(key);
  });
});

describe("item markers (test/cases/markers.tsv)", () => {
  it.each(readCases("markers.tsv"))("$cell → $no ($reason)", ({ cell, no, rest }) => {
    const m = matchItemMarker(cell ?? "");
    expect(m ? String(m.no) : "").toBe(no);
    expect(m?.rest ?? "").toBe(rest);
  });
});

describe("label and value in one cell", () => {
  it("splits a label from the value that follows it", () => {
    expect(matchHeaderLabelPrefix("重点目標 生涯学習の推進")).toEqual({ key: "title", rest: "生涯学習の推進" });
    expect(matchHeaderLabelPrefix("特記事項 ○市民参加")).toEqual({ key: "remarks", rest: "○市民参加" });
    // Spaced out, a label's heads match at its inner spaces too: the whole label is the head.
    expect(matchHeaderLabelPrefix("部 局 名 こども未来部 保育課")).toEqual({ key: "department", rest: "こども未来部 保育課" });
    expect(matchHeaderLabelPrefix("現　況　・　課　題\n待機児童は")).toEqual({ key: "situation", rest: "待機児童は" });
  });
  it("does not split a value that merely starts with label-like words", () => {
    expect(matchHeaderLabelPrefix("重点目標管理シートの作成")).toBeUndefined();
    expect(matchHeaderLabelPrefix("地域内分権の確立 に向けて")).toBeUndefined();
  });
});

describe("a label run into its value", () => {
  it("splits 優先順位 from a rank, which no label reads like", () => {
    expect(matchGluedLabel("優先順位1位")).toEqual({ key: "priority", label: "優先順位", rest: "1位" });
    expect(matchGluedLabel("優先順位第２位")).toEqual({ key: "priority", label: "優先順位", rest: "第２位" });
    expect(matchGluedLabel("優先順位三位（新規）")).toEqual({ key: "priority", label: "優先順位", rest: "三位（新規）" });
  });
  it("splits nothing else: other labels' values may start like label words", () => {
    expect(matchGluedLabel("優先順位")).toBeUndefined();
    expect(matchGluedLabel("重点目標1")).toBeUndefined();
    expect(matchGluedLabel("部局名総務課")).toBeUndefined();
    expect(matchGluedLabel("優先順位1位の目標")).toBeUndefined();
  });
});

describe("remark ○ labels", () => {
  it("finds both labels and where they end", () => {
    const text = "○市民参加・協働の推進、市民満足度の向上を考慮した点 本文A";
    const hits = findRemarkLabels(text);
    expect(hits.map((h) => h.key)).toEqual(["participation"]);
    expect(text.slice(hits[0]?.end).trim()).toBe("本文A");
  });
  it("finds the outcomes label with its wording variants", () => {
    for (const t of ["○取組による効果・残された課題", "○取り組みの成果と今後の課題", "◯ 取組による効果・残された 課題"]) {
      expect(findRemarkLabels(t).map((h) => h.key), t).toEqual(["outcomes"]);
    }
  });
  it("ignores the words inside running text", () => {
    expect(findRemarkLabels("今年度は取組による効果と課題を整理した")).toEqual([]);
  });
});
