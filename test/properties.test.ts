// Property tests: numerals survive a round trip through every way they are printed, and every date
// fact is a real calendar day in the era it was printed in.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getTokenizer, type Tokenizer } from "../src/normalize/tokenizer.js";
import { ERAS, eraYearToWestern, westernToEra } from "../src/normalize/era.js";
import { extractFacts } from "../src/normalize/facts.js";
import { parseJapaneseNumber } from "../src/normalize/kanjiNumber.js";
import { daysInMonth } from "../src/normalize/calendar.js";

const KANJI_DIGITS = "〇一二三四五六七八九";

/** 漢数字 with units, as printed in prose: 三千五百万, 二十四, 一万二千. */
function toKanji(n: number): string {
  if (n === 0) return "〇";
  const below10000 = (v: number): string => {
    let out = "";
    for (const [unit, size] of [["千", 1000], ["百", 100], ["十", 10]] as const) {
      const d = Math.floor(v / size) % 10;
      if (d > 0) out += (d === 1 ? "" : KANJI_DIGITS[d]) + unit;
    }
    const ones = v % 10;
    return ones > 0 ? out + KANJI_DIGITS[ones] : out;
  };
  let out = "";
  for (const [unit, size] of [["兆", 1e12], ["億", 1e8], ["万", 1e4]] as const) {
    const block = Math.floor(n / size) % 10000;
    if (block > 0) out += below10000(block) + unit;
  }
  return out + below10000(n % 10000);
}

/** Arabic blocks with 億/万 and thousands separators: 1億2,300万. */
function toMixed(n: number): string {
  const fmt = (v: number): string => v.toLocaleString("en-US");
  const oku = Math.floor(n / 1e8);
  const man = Math.floor(n / 1e4) % 1e4;
  const rest = n % 1e4;
  return `${oku ? `${fmt(oku)}億` : ""}${man ? `${fmt(man)}万` : ""}${rest || (!oku && !man) ? fmt(rest) : ""}`;
}

const toZenkaku = (s: string): string => s.replace(/[0-9,.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("numeral round trips", () => {
  const amount = fc.integer({ min: 0, max: 9_999_999_999_999 });

  it("漢数字 with units", () => {
    fc.assert(fc.property(amount, (n) => parseJapaneseNumber(toKanji(n)) === n));
  });
  it("positional 漢数字", () => {
    fc.assert(fc.property(amount, (n) => parseJapaneseNumber([...String(n)].map((d) => KANJI_DIGITS[Number(d)]).join("")) === n));
  });
  it("arabic with 億/万 blocks and separators", () => {
    fc.assert(fc.property(amount, (n) => parseJapaneseNumber(toMixed(n)) === n));
  });
  it("全角 digits with separators", () => {
    fc.assert(fc.property(amount, (n) => parseJapaneseNumber(toZenkaku(n.toLocaleString("en-US"))) === n));
  });
  it("money facts keep the amount in yen", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), (n) => {
        const facts = extractFacts(`事業費は${toMixed(n)}円です`);
        return facts.length === 1 && facts[0]?.kind === "money" && facts[0].value === n;
      }),
    );
  });
});

/** 大字 as deeds and receipts print them: 壱弐参拾阡萬. */
const toDaiji = (s: string): string => s.replace(/[一二三十千万]/gu, (c) => ({ 一: "壱", 二: "弐", 三: "参", 十: "拾", 千: "阡", 万: "萬" })[c] ?? c);

describe("numerals in text: the whole numeral, never a fragment", () => {
  const count = fc.integer({ min: 1, max: 99_999_999 });
  let tokenizer: Tokenizer;
  beforeAll(async () => {
    tokenizer = await getTokenizer();
  });
  const only = (text: string, numeral: string, unit: string, n: number, t?: Tokenizer): boolean => {
    const facts = extractFacts(text, { tokenizer: t });
    return facts.length === 1 && facts[0]?.text === `${numeral}${unit}` && "value" in facts[0] && facts[0].value === n;
  };

  it("漢数字 with units before a counter, after prose (with and without the tokenizer)", () => {
    fc.assert(fc.property(count, (n) => only(`参加者は${toKanji(n)}人`, toKanji(n), "人", n)));
    fc.assert(fc.property(count, (n) => only(`参加者は${toKanji(n)}人`, toKanji(n), "人", n, tokenizer)), { numRuns: 200 });
  });
  it("大字 before 円", () => {
    fc.assert(fc.property(count, (n) => only(`金${toDaiji(toKanji(n))}円`, toDaiji(toKanji(n)), "円", n * 1, tokenizer)), { numRuns: 200 });
  });
  it("positional 漢数字 with 〇 inside", () => {
    fc.assert(
      fc.property(count, (n) => {
        const numeral = [...String(n)].map((d) => KANJI_DIGITS[Number(d)]).join("");
        return only(`計${numeral}件`, numeral, "件", n);
      }),
    );
  });
  it("digits spaced out by a PDF", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 999_999_999_999 }), (n) => {
        const numeral = [...toMixed(n).replace(/,/g, "")].join(" ");
        return only(`予算 ${numeral} 円`, numeral, " 円", n);
      }),
    );
  });
});

describe("date validity", () => {
  const eraDate = fc.record({
    era: fc.constantFrom(...ERAS),
    year: fc.integer({ min: 1, max: 70 }),
    month: fc.integer({ min: 1, max: 13 }),
    day: fc.integer({ min: 1, max: 32 }),
  });

  it("an era date is a fact exactly when it is a real day, and then the right one", () => {
    fc.assert(
      fc.property(eraDate, ({ era, year, month, day }) => {
        const text = `${era.name}${year === 1 ? "元" : year}年${month}月${day}日`;
        const facts = extractFacts(text);
        const western = eraYearToWestern(era, year);
        const real = month <= 12 && day <= daysInMonth(western, month);
        if (!real) return facts.length === 0;
        const iso = `${western}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
        return facts.length === 1 && facts[0]?.kind === "date" && facts[0].date === iso && facts[0].text === text;
      }),
    );
  });

  it("abbreviated month ends are the month's last day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const facts = extractFacts(`R${y}.${m}月末`);
        const year = 2018 + y;
        return facts[0]?.kind === "date" && facts[0].date === `${year}-${String(m).padStart(2, "0")}-${daysInMonth(year, m)}`;
      }),
    );
  });

  it("every period starts on or before its end, on real days", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2100 }), (a, b, fy) => {
        for (const f of extractFacts(`${a}月～${b}月`, { fiscalYear: fy })) {
          if (f.kind !== "period") return false;
          if (!(f.start <= f.end)) return false;
          for (const d of [f.start, f.end]) {
            const parsed = new Date(`${d}T00:00:00Z`);
            if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d) return false;
          }
        }
        return true;
      }),
    );
  });

  it("western → era → western is the identity from 明治 on", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1868-01-25T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const e = westernToEra(iso);
        return e !== undefined && eraYearToWestern(e.era, e.year) === Number(iso.slice(0, 4)) && iso >= e.era.start;
      }),
    );
  });

  it("era boundaries fall on the right days", () => {
    expect(westernToEra("1989-01-07")?.era.name).toBe("昭和");
    expect(westernToEra("1989-01-08")).toMatchObject({ era: { name: "平成" }, year: 1 });
    expect(westernToEra("2019-04-30")).toMatchObject({ era: { name: "平成" }, year: 31 });
    expect(westernToEra("2019-05-01")).toMatchObject({ era: { name: "令和" }, year: 1 });
  });
});
