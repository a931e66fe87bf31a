// Date expressions in (zen2han-normalized) text: era dates (令和2年4月1日, 令和元年), era
// abbreviations (R2.9月末, H31.4.1, R4.3.31), western dates (2021年4月, 二〇二一年, 2021/4/1),
// months and days without a year (9月末, 6月16日, 12月上旬), fiscal years (令和2年度, 2021年度,
// 令和2年度末) and 年度末. Each is found with its span; resolving a missing year is the caller's.
import { eraYearToWestern, findEra, type Era } from "./era.js";
import type { Deadline } from "../deadline.js";
import { LIMITS } from "../limits.js";
import { parseJapaneseNumber } from "./kanjiNumber.js";

/** A date as printed; `year` is undefined when only month (and day) are printed. */
export interface DateExpr {
  type: "date";
  year?: number | undefined;
  /** The era the year was printed in (for a range's era-less end: 令和2年4月～3年3月). */
  era?: Era | undefined;
  /** An era year printed without its era (3年3月): known only after an era-dated start. */
  eralessYear?: number | undefined;
  month?: number | undefined;
  day?: number | undefined;
  endOfMonth?: boolean | undefined;
  third?: 1 | 2 | 3 | undefined;
}

/** 令和2年度 (value 2020); with `end`, 令和2年度末 (31 March 2021); with `start`, 令和2年度始め (1 April 2020). */
export interface FiscalYearExpr {
  type: "fiscalYear";
  year: number;
  end?: boolean | undefined;
  start?: boolean | undefined;
  era?: Era | undefined;
}

/** 33年度 without its era: known only after an era-dated start (平成29年度から33年度). */
export interface EralessFiscalYearExpr {
  type: "eralessFiscalYear";
  n: number;
  end?: boolean | undefined;
}

/** 令和2～4年度: fiscal years from one to the other. */
export interface FiscalYearRangeExpr {
  type: "fiscalYearRange";
  from: number;
  to: number;
}

/** 年度末 (or 年度始め, with `start`) without a year: the end (start) of the document's fiscal year. */
export interface FiscalYearEndExpr {
  type: "fiscalYearEnd";
  start?: boolean | undefined;
}

export type CalendarExpr = DateExpr | FiscalYearExpr | FiscalYearEndExpr | EralessFiscalYearExpr | FiscalYearRangeExpr;

export interface Found<T> {
  start: number;
  end: number;
  value: T;
}

const S = "\\s*";
const KNUM = "[〇一二三四五六七八九十]";
const YEAR = `(?<y>元|\\d{1,2}|${KNUM}{1,3})`;
const MONTH = `(?<m>\\d{1,2}|${KNUM}{1,2})`;
const DAY_PART = `(?:${S}(?<d>\\d{1,2}|${KNUM}{1,3})${S}日|${S}(?<eom>末日?|晦日|みそか)|${S}(?<third>上旬|初旬|中旬|下旬))?`;
/** What may follow a year instead of a month: 元日/元旦 (1 January), 大晦日 (31 December). */
const YEAR_DAY = `(?:${S}(?<gantan>元日|元旦)|${S}(?<omisoka>大晦日|大みそか))`;
/** 年度末 (the last day) or 年度始め/当初 (the first day) after a fiscal year. */
const FY_EDGE = "(?:(?<fyEnd>末)|(?<fyStart>始め|初め|当初|始|初))?";
const ERA = "(?<era>明治|大正|昭和|平成|令和)";
const ABBR = "(?<![A-Za-z0-9])(?<abbr>[MTSHRmtshr])";
// 2021, 二〇二一 (positional) or 二千二十一 / 千九百八十九 (with units).
const WESTERN_YEAR =
  "(?<wy>(?:1[89]|2[01])\\d{2}|[一二][〇一二三四五六七八九]{3}|(?:二千|千九百|千八百)(?:[一二三四五六七八九]?十)?[一二三四五六七八九]?)";
// A month is not a month before 間/額/分/々 … (1月間, 3月分); after か/ヶ it is a duration (3か月).
const NOT_MONTH_AFTER = "(?!間|額|分|々|号|期|次|目|当|平均|ごと|毎|遅れ)";

const PATTERNS: RegExp[] = [
  // 令和2～4年度, 2020～2022年度
  // (White space is optional once around 年度: two optional runs side by side split a run of spaces
  // every way there is, which made a failing match quadratic in the spaces.)
  new RegExp(`(?<![0-9])(?<wyFrom>(?:19|20)[0-9]{2})${S}(?:年度${S})?[～〜~]${S}(?<wyTo>(?:19|20)[0-9]{2})${S}年度`, "gu"),
  new RegExp(`${ERA}${S}${YEAR}${S}(?:年度${S})?[～〜~]${S}(?<y2>\\d{1,2}|${KNUM}{1,3})${S}年度`, "gu"),
  // 令和2年度, R2年度, 令和2年度末
  new RegExp(`(?:${ERA}|${ABBR})${S}${YEAR}${S}年度${FY_EDGE}`, "gu"),
  // 2021年度
  new RegExp(`(?<![0-9])${WESTERN_YEAR}${S}年度${FY_EDGE}`, "gu"),
  // 令和2年4月1日, 令和元年, R2年9月末
  new RegExp(`(?:${ERA}|${ABBR})${S}${YEAR}${S}年(?!度)(?:${S}${MONTH}${S}月${NOT_MONTH_AFTER}${DAY_PART}|${YEAR_DAY})?`, "gu"),
  // H27-5-1, R2-1-1, 平成27-5-1: hyphens as a whole date only (R3.4-R4.3 is a range)
  new RegExp(`(?:${ERA}|${ABBR})${S}(?<y>元|\\d{1,2})-(?<m>\\d{1,2})-(?<d>\\d{1,2})(?![0-9.-])`, "gu"),
  // R2.9月末, H31.4.1, R4.3.31, R2.12月
  new RegExp(
    `${ABBR}${S}(?<y>元|\\d{1,2})${S}[.．/]${S}(?<m>\\d{1,2})` +
      `(?:${S}[.．/]${S}(?<d>\\d{1,2})(?![0-9])|${S}月${NOT_MONTH_AFTER}(?:${S}(?<d2>\\d{1,2})${S}日|${S}(?<eom>末日?)|${S}(?<third>上旬|初旬|中旬|下旬))?|${S}(?<eom2>末))?(?![0-9.])`,
    "gu",
  ),
  // 令和2.10.1, 平成30.4
  new RegExp(
    `${ERA}${S}(?<y>元|\\d{1,2})${S}[.．/]${S}(?<m>\\d{1,2})(?:${S}[.．/]${S}(?<d>\\d{1,2}))?(?![0-9.])`,
    "gu",
  ),
  // 2021年4月1日, 二〇二一年
  new RegExp(`(?<![0-9${"〇一二三四五六七八九十百千"}])${WESTERN_YEAR}${S}年(?!度)(?:${S}${MONTH}${S}月${NOT_MONTH_AFTER}${DAY_PART}|${YEAR_DAY})?`, "gu"),
  // 2021/4/1, 2021-04, 2021.4.1
  new RegExp(`(?<![0-9.,/])(?<wy>(?:19|20)\\d{2})(?<sep>[/-])(?<m>\\d{1,2})(?:\\k<sep>(?<d>\\d{1,2}))?(?![0-9/.-])`, "gu"),
  new RegExp(`(?<![0-9.,/])(?<wy>(?:19|20)\\d{2})\\.(?<m>\\d{1,2})\\.(?<d>\\d{1,2})(?![0-9.])`, "gu"),
  // 10/1, 3/31 (month/day; not a fraction: no % after, a real day)
  new RegExp(`(?<![0-9./,A-Za-z])(?<m>1[0-2]|0?[1-9])/(?<d>3[01]|[12][0-9]|0?[1-9])(?![0-9./%])(?=(?<after>の)?)`, "gu"),
  // 9月末, 6月16日, 12月上旬, 十二月
  new RegExp(`(?<![0-9A-Za-z.,/かカヶケヵ箇第])${MONTH}${S}月${NOT_MONTH_AFTER}${DAY_PART}`, "gu"),
  // 33年度, 3年3月: era years without their era (only a range's end gives them one)
  new RegExp(`(?<![0-9A-Za-z元])(?<ey>\\d{1,2})${S}年度${FY_EDGE}`, "gu"),
  new RegExp(`(?<![0-9A-Za-z元])(?<ey>\\d{1,2})${S}年(?!度|間|目|生|前|後|以|ぶり|未満|超|程度|ごと|毎|おき)(?:${S}${MONTH}${S}月${NOT_MONTH_AFTER}${DAY_PART})?`, "gu"),
  // 年度末, 年度始め (the document's)
  new RegExp(`(?<![0-9元〇一二三四五六七八九十])年度(?:(?<fyEnd>末)|(?<fyStart>始め|初め|当初))`, "gu"),
];

function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === "元") return 1;
  const n = parseJapaneseNumber(text);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

function toExpr(g: Record<string, string | undefined>, whole: string): CalendarExpr | undefined {
  if (g.wyFrom !== undefined && g.wyTo !== undefined) {
    const from = Number(g.wyFrom);
    const to = Number(g.wyTo);
    return from <= to ? { type: "fiscalYearRange", from, to } : undefined;
  }
  if (g.y2 !== undefined) {
    const era = findEra(g.era ?? "");
    const from = num(g.y);
    const to = num(g.y2);
    if (!era || from === undefined || to === undefined || from < 1 || to < from) return undefined;
    return { type: "fiscalYearRange", from: eraYearToWestern(era, from), to: eraYearToWestern(era, to) };
  }
  if (g.ey !== undefined) {
    const n = num(g.ey);
    if (n === undefined || n < 1) return undefined;
    if (g.fyStart !== undefined) return undefined; // 3年度始め without its era: no start to give
    if (/年度末?$/u.test(whole)) return { type: "eralessFiscalYear", n, end: g.fyEnd !== undefined };
    const month = num(g.m);
    if (month === undefined) return undefined;
    const day = num(g.d);
    const third = g.third === undefined ? undefined : g.third === "中旬" ? 2 : g.third === "下旬" ? 3 : 1;
    return { type: "date", eralessYear: n, month, day, endOfMonth: g.eom !== undefined || undefined, third };
  }
  if (/^\d{1,2}\/\d{1,2}$/.test(whole)) {
    // 1/3 before の is a fraction (1/3の削減), 10/1 before の a day (10/1の説明会).
    const [a, b] = whole.split("/").map(Number) as [number, number];
    if (g.after === "の" && a < b && b <= 10) return undefined;
  }
  if (/^年度/u.test(whole) && !g.y && !g.wy) return { type: "fiscalYearEnd", start: g.fyStart !== undefined || undefined };
  let year: number | undefined;
  let era: Era | undefined;
  if (g.wy !== undefined) {
    year = num(g.wy);
  } else if (g.y !== undefined) {
    era = findEra(g.era ?? g.abbr?.toUpperCase() ?? "");
    const n = num(g.y);
    if (!era || n === undefined || n < 1) return undefined;
    year = eraYearToWestern(era, n);
  }
  if (g.wy !== undefined && (year === undefined || year < 1868 || year > 2200)) return undefined;
  if (/年度(?:末|始め|初め|当初|始|初)?$/u.test(whole)) {
    return year === undefined
      ? undefined
      : { type: "fiscalYear", year, end: g.fyEnd !== undefined, start: g.fyStart !== undefined || undefined, era };
  }
  if (g.gantan !== undefined) return { type: "date", year, era, month: 1, day: 1 };
  if (g.omisoka !== undefined) return { type: "date", year, era, month: 12, day: 31 };
  const month = num(g.m);
  const day = num(g.d ?? g.d2);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  const third = g.third === undefined ? undefined : g.third === "中旬" ? 2 : g.third === "下旬" ? 3 : 1;
  return { type: "date", year, era, month, day, endOfMonth: g.eom !== undefined || g.eom2 !== undefined || undefined, third };
}

/** Every calendar expression in `s`, leftmost-longest, without overlaps. */
export function findCalendarExprs(s: string, deadline?: Deadline): Array<Found<CalendarExpr>> {
  const found: Array<Found<CalendarExpr>> = [];
  let matches = 0;
  for (const pattern of PATTERNS) {
    for (const m of s.matchAll(pattern)) {
      if (deadline && ++matches % LIMITS.deadlineEvery.value === 0) deadline.check("reading dates");
      const value = toExpr(m.groups ?? {}, m[0]);
      if (value) found.push({ start: m.index, end: m.index + m[0].length, value });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Array<Found<CalendarExpr>> = [];
  for (const f of found) {
    const last = kept[kept.length - 1];
    if (!last || f.start >= last.end) kept.push(f);
  }
  return kept;
}
