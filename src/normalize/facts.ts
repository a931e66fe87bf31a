// Text → facts: dates, periods, fiscal years, money, percentages and quantities, each with the span
// of text it was read from (as printed). Pure: the tokenizer, when given, only decides what patterns
// cannot (a kanji numeral inside a word, a counter the list lacks).
import type { Fact } from "../model/index.js";
import {
  fiscalYearEnd,
  fiscalYearStart,
  firstDay,
  isValidDate,
  isoDay,
  isoOf,
  lastDay,
  yearInFiscalYear,
  type CalendarDate,
} from "./calendar.js";
import { findCalendarExprs, type CalendarExpr, type Found } from "./date.js";
import { ERAS, eraYearToWestern } from "./era.js";
import { findAmounts } from "./quantity.js";
import type { Tokenizer } from "./tokenizer.js";
import { zen2han } from "./zenkaku.js";
import { foldIdeographs } from "./ideographs.js";
import type { Deadline } from "../deadline.js";
import { SheetExtractError } from "../errors.js";
import { LIMITS } from "../limits.js";

export interface FactContext {
  /** The document's fiscal year (令和2年度 → 2020): dates without a year take theirs from it. */
  fiscalYear?: number | undefined;
  /** For kanji numerals and uncommon counters; without it, patterns alone decide. */
  tokenizer?: Tokenizer | undefined;
  /** When reading stops with TIMEOUT (looked at every few hundred matches); without it, never. */
  deadline?: Deadline | undefined;
}

/** A fact before it is attached to a field. */
export type UnplacedFact = Fact extends infer F ? (F extends Fact ? Omit<F, "field"> : never) : never;

interface Candidate {
  start: number;
  end: number;
  /** Wins overlaps: period > date/fiscal year > money > percent > quantity. */
  rank: number;
  facts: UnplacedFact[];
}

const RANK: Record<UnplacedFact["kind"], number> = { period: 5, date: 4, fiscalYear: 4, money: 3, percent: 2, quantity: 1 };

/**
 * What every fact holds: a digit or numeral, or 年/期 (年度末, 通年, 上半期). A text without any
 * (most of a sheet's cells) is settled without running the patterns.
 */
const MAY_HOLD_FACTS = /[0-9〇零一壱壹二弐貳三参參四五伍六七八九十拾百佰千阡仟万萬億兆年期]/u;

/** Range connectors between two dates: 4月～3月, 8月から12月, R3.4-R4.3. */
const RANGE_SEP = /^[ \t]*(?:[～〜~]|[-－ー―‐]|から)[ \t]*(?:[翌同]年度?[ \t]*)?$/u;
const UNTIL = /^[ \t]*(?:まで|迄)/u;

/** Where a ～ before `end` (spaces between allowed) starts, or undefined: read backwards from `end`. */
function tildeBefore(s: string, end: number): number | undefined {
  let i = end;
  while (i > 0 && (s.charAt(i - 1) === " " || s.charAt(i - 1) === "\t")) i--;
  return i > 0 && "～〜~".includes(s.charAt(i - 1)) ? i - 1 : undefined;
}

/**
 * An era year printed without its era (30年度 in a 令和2年度 document) read in the era that puts it
 * nearest the document's fiscal year, no more than 20 years before it or 5 after.
 */
function eraForContext(n: number, fy: number | undefined): number | undefined {
  if (fy === undefined) return undefined;
  let best: number | undefined;
  for (const era of ERAS) {
    const year = eraYearToWestern(era, n);
    if (year < fy - 20 || year > fy + 5) continue;
    if (best === undefined || Math.abs(year - fy) < Math.abs(best - fy)) best = year;
  }
  return best;
}

/** A lone era-less expression, resolved by the document's fiscal year when that settles it. */
function withContextEra(e: CalendarExpr, fy: number | undefined): CalendarExpr {
  if (e.type === "eralessFiscalYear") {
    const year = eraForContext(e.n, fy);
    return year === undefined ? e : { type: "fiscalYear", year, end: e.end };
  }
  if (e.type === "date" && e.eralessYear !== undefined) {
    const year = eraForContext(e.eralessYear, fy);
    return year === undefined ? e : { ...e, year, eralessYear: undefined };
  }
  return e;
}

/** A range end printed without its era (平成29年度から33年度) takes the start's. */
function inheritEra(b: CalendarExpr, a: CalendarExpr): CalendarExpr {
  const era = a.type === "date" || a.type === "fiscalYear" ? a.era : undefined;
  if (!era) return b;
  if (b.type === "eralessFiscalYear") return { type: "fiscalYear", year: eraYearToWestern(era, b.n), end: b.end, era };
  if (b.type === "date" && b.eralessYear !== undefined) return { ...b, year: eraYearToWestern(era, b.eralessYear), era, eralessYear: undefined };
  return b;
}

/** A date expression resolved to a calendar value, or undefined when its year cannot be known. */
function resolveDate(e: CalendarExpr, fy: number | undefined): CalendarDate | undefined {
  if (e.type === "eralessFiscalYear" || e.type === "fiscalYearRange") return undefined;
  if (e.type === "date" && e.eralessYear !== undefined) return undefined;
  if (e.type === "fiscalYearEnd") {
    if (fy === undefined) return undefined;
    return e.start ? { year: fy, month: 4, day: 1 } : { year: fy + 1, month: 3, day: 31 };
  }
  if (e.type === "fiscalYear") {
    if (e.start) return { year: e.year, month: 4, day: 1 };
    return e.end ? { year: e.year + 1, month: 3, day: 31 } : { year: e.year };
  }
  const year = e.year ?? (e.month !== undefined && fy !== undefined ? yearInFiscalYear(e.month, fy) : undefined);
  if (year === undefined) return undefined;
  const d: CalendarDate = { year, month: e.month, day: e.day, endOfMonth: e.endOfMonth, third: e.third };
  return isValidDate(d) ? d : undefined;
}

function startOf(e: CalendarExpr, fy: number | undefined): string | undefined {
  if (e.type === "fiscalYear" && !e.end && !e.start) return fiscalYearStart(e.year);
  if (e.type === "fiscalYearRange") return fiscalYearStart(e.from);
  const d = resolveDate(e, fy);
  return d && firstDay(d);
}

function endOf(e: CalendarExpr, fy: number | undefined, start?: CalendarDate): string | undefined {
  if (e.type === "fiscalYear" && !e.end && !e.start) return fiscalYearEnd(e.year);
  if (e.type === "fiscalYearRange") return fiscalYearEnd(e.to);
  if (e.type === "date" && e.year === undefined && e.month !== undefined && start?.month !== undefined) {
    // 4月～3月 after a dated start: the end is the first such month after the start.
    const year = e.month >= start.month ? start.year : start.year + 1;
    const d: CalendarDate = { year, month: e.month, day: e.day, endOfMonth: e.endOfMonth, third: e.third };
    return isValidDate(d) ? lastDay(d) : undefined;
  }
  const d = resolveDate(e, fy);
  return d && lastDay(d);
}

/** The fact a lone calendar expression gives. */
function calendarFact(e: CalendarExpr, text: string, fy: number | undefined): UnplacedFact | undefined {
  if (e.type === "fiscalYear" && !e.end && !e.start) return { text, kind: "fiscalYear", value: e.year };
  if (e.type === "fiscalYearRange") {
    return { text, kind: "period", start: fiscalYearStart(e.from), end: fiscalYearEnd(e.to) };
  }
  const d = resolveDate(e, fy);
  return d && { text, kind: "date", date: isoOf(d) };
}

/**
 * A month printed right after a fiscal year in the same clause takes that year's context
 * (令和元年度（2月末現在） is February 2020, whatever the document's year).
 */
function contextYear(exprs: Array<Found<CalendarExpr>>, i: number, s: string): number | undefined {
  const e = exprs[i]?.value;
  const before = exprs[i - 1];
  if (!e || e.type !== "date" || e.year !== undefined || !before || before.value.type !== "fiscalYear") return undefined;
  const gap = s.slice(before.end, exprs[i]?.start);
  return gap.length <= 12 && !/[。\n]/u.test(gap) ? before.value.year : undefined;
}

function calendarCandidates(original: string, s: string, fy: number | undefined, deadline: Deadline | undefined): Candidate[] {
  const exprs = findCalendarExprs(s, deadline);
  const out: Candidate[] = [];
  const used = new Set<number>();
  const span = (start: number, end: number): string => original.slice(start, end);

  for (let i = 0; i < exprs.length; i++) {
    if (used.has(i)) continue;
    const found = exprs[i] as Found<CalendarExpr>;
    const a = { ...found, value: withContextEra(found.value, fy) };
    const next = exprs[i + 1];
    // A ～ B (まで)
    if (next && RANGE_SEP.test(s.slice(a.end, next.start))) {
      const b = { ...next, value: withContextEra(inheritEra(next.value, a.value), fy) };
      const startIso = startOf(a.value, fy);
      const startDate = resolveDate(a.value, fy);
      const endIso = endOf(b.value, fy, a.value.type === "date" ? startDate : undefined);
      if (startIso && endIso && startIso <= endIso) {
        const until = UNTIL.exec(s.slice(b.end));
        const end = b.end + (until?.[0].length ?? 0);
        out.push({ start: a.start, end, rank: RANK.period, facts: [{ text: span(a.start, end).trim(), kind: "period", start: startIso, end: endIso }] });
        used.add(i).add(i + 1);
        continue;
      }
    }
    // B まで, ～B: from the start of the fiscal year.
    const until = UNTIL.exec(s.slice(a.end));
    const tilde = tildeBefore(s, a.start);
    if ((until || tilde !== undefined) && fy !== undefined) {
      const endIso = endOf(a.value, fy);
      const startIso = fiscalYearStart(fy);
      if (endIso && startIso <= endIso) {
        const start = tilde ?? a.start;
        const end = a.end + (until?.[0].length ?? 0);
        out.push({ start, end, rank: RANK.period, facts: [{ text: span(start, end).trim(), kind: "period", start: startIso, end: endIso }] });
        used.add(i);
        continue;
      }
    }
    const fact = calendarFact(a.value, span(a.start, a.end).trim(), contextYear(exprs, i, s) ?? fy);
    if (fact) out.push({ start: a.start, end: a.end, rank: RANK[fact.kind], facts: [fact] });
  }

  if (fy !== undefined) {
    // 通年 (the whole fiscal year), 上半期/下半期 (its halves), 年度内.
    const whole = { start: fiscalYearStart(fy), end: fiscalYearEnd(fy) };
    const named: Array<[RegExp, { start: string; end: string }]> = [
      [/通年/gu, whole],
      [/年度内/gu, whole],
      [/上半期/gu, { start: fiscalYearStart(fy), end: isoDay(fy, 9, 30) }],
      [/下半期/gu, { start: isoDay(fy, 10, 1), end: fiscalYearEnd(fy) }],
    ];
    for (const [re, period] of named) {
      for (const m of s.matchAll(re)) {
        out.push({ start: m.index, end: m.index + m[0].length, rank: RANK.period, facts: [{ text: m[0], kind: "period", ...period }] });
      }
    }
  }
  return out;
}

/**
 * Facts found in one text, in the order they are printed. A text longer than any printed field
 * (LIMITS.textChars) is refused with TOO_LARGE rather than searched.
 */
export function extractFacts(text: string, context: FactContext = {}): UnplacedFact[] {
  checkTextLength(text);
  if (text.trim() === "") return [];
  const s = zen2han(foldIdeographs(text));
  if (!MAY_HOLD_FACTS.test(s)) return [];
  const fy = context.fiscalYear;
  const candidates = calendarCandidates(text, s, fy, context.deadline);
  context.deadline?.check("reading facts");
  const amounts = findAmounts(s, context.tokenizer, context.deadline);
  // Group the two ends of a range (same span, same kind) into one candidate.
  const byKey = new Map<string, Candidate>();
  for (const a of amounts) {
    const key = `${a.start}:${a.end}:${a.kind}`;
    const spanText = text.slice(a.start, a.end).trim();
    const fact: UnplacedFact =
      a.kind === "money"
        ? { text: spanText, kind: "money", value: a.value, unit: "円", comparator: a.comparator }
        : a.kind === "percent"
          ? { text: spanText, kind: "percent", value: a.value, comparator: a.comparator }
          : { text: spanText, kind: "quantity", value: a.value, unit: a.unit, comparator: a.comparator };
    const c = byKey.get(key);
    if (c) c.facts.push(fact);
    else {
      const nc = { start: a.start, end: a.end, rank: RANK[a.kind], facts: [fact] };
      byKey.set(key, nc);
      candidates.push(nc);
    }
  }
  // Overlaps: the higher rank wins, then the longer span, then the one printed first.
  candidates.sort((a, b) => b.rank - a.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Which characters a kept candidate covers: each overlap test costs the candidate's length, not
  // a search over every candidate kept (quadratic in a text of many facts).
  const taken = new Uint8Array(text.length + 1);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let free = true;
    for (let i = c.start; i < c.end && free; i++) if (taken[i] === 1) free = false;
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start || a.end - b.end);
  return kept.flatMap((c) => c.facts);
}

/** TOO_LARGE for a text longer than a cell or field may be. */
export function checkTextLength(text: string): void {
  const limit = LIMITS.textChars.value;
  if (text.length > limit) {
    throw new SheetExtractError(
      "TOO_LARGE",
      `a text of ${text.length} characters, over the ${limit} a field may hold: no printed field is that long (cells or lines ran together)`,
    );
  }
}

/** Thrown by the probe tokenizer: the parser asked, so the text needs the real one. */
const ASKED = Symbol("tokenizer asked");
const PROBE: Tokenizer = {
  tokenize(): never {
    throw ASKED;
  },
};

/**
 * Whether the facts of a text depend on the tokenizer (a kanji numeral before a counter, a number
 * before a word the counter list lacks). Decided by the parser itself: it runs with a probe that
 * stops it the moment it would consult the tokenizer, so this never drifts from what it asks.
 * Dates, ranks and listed counters (4月, 1位, 24回) never load kuromoji (≈110 MB, ≈0.6 s).
 */
export function needsTokenizer(text: string, deadline?: Deadline): boolean {
  if (!/[0-9０-９〇零一壱壹二弐貳三参參四五伍六七八九十拾百佰千阡仟]/u.test(text) || text.length > LIMITS.textChars.value) return false;
  try {
    findAmounts(zen2han(foldIdeographs(text)), PROBE, deadline);
    return false;
  } catch (err) {
    if (err === ASKED) return true;
    throw err;
  }
}
