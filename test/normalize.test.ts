// Golden tables of the normalizers (test/cases/**/*.tsv): input, fiscal year, expected, reason.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { extractFacts } from "../src/normalize/facts.js";
import { parseJapaneseNumber } from "../src/normalize/kanjiNumber.js";
import { getTokenizer, type Tokenizer } from "../src/normalize/tokenizer.js";
import { zen2han } from "../src/normalize/zenkaku.js";
import { readCases } from "./helpers/cases.js";
import { notate } from "./helpers/facts.js";

let tokenizer: Tokenizer;
beforeAll(async () => {
  tokenizer = await getTokenizer();
});

const tables = fs.readdirSync(path.join(import.meta.dirname, "cases", "normalize")).filter((f) => f.endsWith(".tsv"));

describe.each(tables)("facts: %s", (table) => {
  it.each(readCases(`normalize/${table}`))("$input [$fiscalYear] ($reason)", ({ input, fiscalYear, expected }) => {
    const fy = fiscalYear ? Number(fiscalYear) : undefined;
    expect(notate(extractFacts(input ?? "", { fiscalYear: fy, tokenizer }))).toBe(expected);
  });
});

describe("kanji numbers (test/cases/kanji-number.tsv)", () => {
  it.each(readCases("kanji-number.tsv"))("$input → $expected ($reason)", ({ input, expected }) => {
    const n = parseJapaneseNumber(input ?? "");
    expect(n === undefined ? "-" : String(n)).toBe(expected);
  });
});

describe("全角 → 半角 (test/cases/zenkaku.tsv)", () => {
  it.each(readCases("zenkaku.tsv"))("$input ($reason)", ({ input, expected }) => {
    expect(zen2han(input ?? "")).toBe(expected);
    expect(zen2han(input ?? "")).toHaveLength((input ?? "").length);
  });
});

describe("without a tokenizer", () => {
  it("still reads arabic numerals and listed counters", () => {
    expect(notate(extractFacts("24回以上、寄附金額：455,068,122円", {}))).toBe(
      "quantity:24:回:>=@24回以上 | money:455068122:=@455,068,122円",
    );
  });
  it("rules out kanji idioms by their known words", () => {
    expect(notate(extractFacts("一部の地域で十分な支援、市民一人ひとり", {}))).toBe("-");
  });
  it("does not guess counters it does not know", () => {
    expect(notate(extractFacts("3軒", {}))).toBe("-");
  });
});
