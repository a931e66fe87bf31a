// 漢数字 and mixed numerals → numbers: positional (二〇二一), with units (二十四, 一万二千, 三千五百万),
// mixed with arabic digits (1億2,300万, 2万, 1.5万), 大字 (壱弐参拾). Digits may be 全角.
import { zen2han } from "./zenkaku.js";

const DIGITS: Record<string, number> = {
  〇: 0, 零: 0, "０": 0,
  一: 1, 壱: 1, 壹: 1,
  二: 2, 弐: 2, 貳: 2,
  三: 3, 参: 3, 參: 3,
  四: 4, 五: 5, 伍: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 阡: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 萬: 1e4, 億: 1e8, 兆: 1e12 };

const TOKEN = /(\d+(?:,\d{3})*(?:\.\d+)?)|([〇零一壱壹二弐貳三参參四五伍六七八九]+)|([十拾百佰千阡仟])|([万萬億兆])|(.)/gsu;

/** The value of a numeral, or undefined when the text is not one numeral. */
export function parseJapaneseNumber(text: string): number | undefined {
  const s = zen2han(text).trim();
  if (s === "") return undefined;
  let total = 0;
  let section = 0;
  let current: number | undefined;
  let seen = false;
  for (const m of s.matchAll(TOKEN)) {
    const [, arabic, kanjiDigits, small, big, other] = m;
    if (other !== undefined) return undefined;
    seen = true;
    if (arabic !== undefined) {
      if (current !== undefined) return undefined;
      current = Number(arabic.replace(/,/g, ""));
    } else if (kanjiDigits !== undefined) {
      if (current !== undefined) return undefined;
      let v = 0;
      for (const ch of kanjiDigits) v = v * 10 + (DIGITS[ch] ?? 0);
      current = v;
    } else if (small !== undefined) {
      section += (current ?? 1) * (SMALL_UNITS[small] ?? 1);
      current = undefined;
    } else if (big !== undefined) {
      const unit = BIG_UNITS[big] ?? 1;
      const block = section + (current ?? 0);
      total += (block === 0 ? 1 : block) * unit;
      section = 0;
      current = undefined;
    }
  }
  if (!seen) return undefined;
  return round(total + section + (current ?? 0));
}

/** Float noise from 1.5万-style products (15000.000000000002) rounded away, large integers kept exact. */
function round(n: number): number {
  return Number.isInteger(n) ? n : Number.parseFloat(n.toPrecision(15));
}
