// Where a wrapped line opens a paragraph (src/extract/paragraphs.ts), case by case.
import { describe, expect, it } from "vitest";
import { endsSentence, opensParagraph } from "../src/extract/paragraphs.js";

describe("opensParagraph", () => {
  it.each([
    ["実施しました。", "(2) 講座を開きました。", true, "a numbered part after a sentence"],
    ["育成の充実", "(1) 大人向けの教室", true, "a numbered part after a heading that ends without a full stop"],
    ["次の場を設けます：", "・総会（年1回）", true, "a list after a colon"],
    ["文化", "・芸術の再興", false, "a ・ inside a phrase (文化・芸術)"],
    ["毎週月", "・水・金曜日", false, "a ・ inside a phrase (月・水・金)"],
    ["（年2回程度）", "・専門部会", true, "a ・ after a closing bracket"],
    ["居住誘", "導区域内の人口密度", false, "a word the page broke"],
    ["寄附金額：", "142,706,826円", false, "a number after a colon: a wrap, not a list"],
  ])("%s | %s → %s (%s)", (before, next, expected) => {
    expect(opensParagraph(before, next)).toBe(expected);
  });
});

describe("endsSentence", () => {
  it.each([
    ["図りました。", true],
    ["（8月6日実施）", true],
    ["寄附金額：", false],
    ["市民", false],
  ])("%s → %s", (text, expected) => {
    expect(endsSentence(text)).toBe(expected);
  });
});
