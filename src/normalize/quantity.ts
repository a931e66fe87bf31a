// Amounts in (zen2han-normalized) text: money in yen (千円/万円/億円 scales are numeral units),
// percentages, and quantities with their counter as printed; comparators from 以上/以下/未満/超/約 ….
// Numbers that are ordinals (第3次), section numbers ((1)), item markers (①) or parts of names
// (R2事業, 戦略2) have no counter after them and so make no fact.
import type { Deadline } from "../deadline.js";
import type { Comparator } from "../model/index.js";
import { COUNTERS, NOT_QUANTITY_COUNTERS } from "./counters.js";
import { parseJapaneseNumber } from "./kanjiNumber.js";
import { LIMITS } from "../limits.js";
import type { Token, Tokenizer } from "./tokenizer.js";

export type AmountKind = "money" | "percent" | "quantity";

export interface Amount {
  start: number;
  end: number;
  kind: AmountKind;
  value: number;
  unit: string;
  comparator: Comparator;
}

const S = "[ \\t]*";
const ARABIC = "(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)";
/**
 * An arabic number inside a numeral: all its digits, commas (each before three digits or more: a
 * 1,0000 typed for 10,000 is read as before) and one decimal part. It never ends before a digit, so
 * a run of digits is one atom, not any of the 2ⁿ ways to cut it (which made a failing match
 * exponential in the run's length).
 */
const ARABIC_RUN = "\\d+(?:,\\d{3,})*(?:\\.\\d+)?(?![0-9])";
/** Kanji digits, 大字 among them (壱 弐 参 伍). */
const KANJI_DIGITS = "〇零一壱壹二弐貳三参參四五伍六七八九";
/** 大字: written for numbers only (deeds, receipts), never as words. */
const DAIJI = "壱壹弐貳参參伍拾佰阡仟萬";
/** Every character a numeral is written with: digits, 漢数字 and 大字, units up to 兆. */
const NUMERAL_CHARS = `${KANJI_DIGITS}十拾百佰千阡仟万萬億兆`;
const ATOM = `(?:${ARABIC_RUN}|[${NUMERAL_CHARS}])`;
// A numeral as printed: atoms run together, a space allowed after 万/億/兆 (a PDF wrapped there:
// 1,000億 5,432万), or every character spaced out by a PDF (1 億 2 0 0 0 万). A spaced numeral is
// read from its first character only (not from inside one that went on before it), so each run of
// spaced characters is scanned once, not once from every character in it.
const SPACED = `(?<![0-9${NUMERAL_CHARS}] )[0-9${NUMERAL_CHARS}](?: [0-9${NUMERAL_CHARS}]){2,}`;
const NUMERAL = `(?:${SPACED}|${ATOM}+(?:(?<=[万萬億兆])[ \\t]+${ATOM}+)*)`;
// 約 is approximate unless it ends a word (成約, 契約, 予約, 集約 …: 成約9件 is nine contracts).
const PREFIX = "(?<pre>(?<![成契要予節規条集公制確誓特違解協盟倹])約|概ね|おおむね|およそ|おおよそ|最大|最小|最低|少なくとも)?";
const SUFFIX = `(?<post>${S}(?:以上|以下|未満|を超える|を超え|を上回る|を下回る|超え|超|以内|程度|前後|ほど|くらい|ぐらい))?`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const COUNTER_WORDS = COUNTERS.map(escape).join("|");
const COUNTER = `(?<unit>${COUNTER_WORDS})`;
// A counter is not one when the word goes on: 2回目 (ordinal), 5人口, 3人組 is 人組? (kept: 組 listed).
const COUNTER_END = "(?![目A-Za-z])";

/**
 * A number's left edge: not inside another number, a name (R2, COVID19) or an ordinal (第3). The
 * lookahead comes first so that the lookbehind, which may look back over a run of spaces, runs only
 * where a numeral starts (once per run), not at every character of the run.
 */
const NUM_START = `(?=[0-9${NUMERAL_CHARS}])(?<![0-9.,A-Za-z第${NUMERAL_CHARS}]|[万萬億兆][ \\t]+)`;
/** △ and ▲ mark a negative amount in Japanese accounts (△100万円 is −1,000,000 yen). */
const NEGATIVE = "(?<neg>[△▲]|マイナス)?";

const RANGE_SEP = `${S}(?:[～〜~]|から)${S}`;

const PATTERNS: Array<{ kind: AmountKind; re: RegExp }> = [
  {
    kind: "money",
    re: new RegExp(
      `${PREFIX}${NEGATIVE}(?<yen>[¥￥]${S})?${NUM_START}(?:(?<low>${NUMERAL})(?:円)?${RANGE_SEP})?(?<num>${NUMERAL})${S}(?<unit>円)(?!滑|卓|形|満|安|高|周|柱|盤|陣)${SUFFIX}`,
      "gu",
    ),
  },
  {
    // ¥1,000 (no 円 after it)
    kind: "money",
    re: new RegExp(`${PREFIX}(?<yen>¥${S})(?<num>${ARABIC}(?:[万億]${ARABIC}?)*)(?![0-9円])${SUFFIX}`, "gu"),
  },
  {
    kind: "percent",
    re: new RegExp(`${PREFIX}${NEGATIVE}${NUM_START}(?:(?<low>${NUMERAL})(?:%|パーセント)?${RANGE_SEP})?(?<num>${NUMERAL})${S}(?<unit>%|パーセント)${SUFFIX}`, "gu"),
  },
  {
    kind: "quantity",
    re: new RegExp(
      `${PREFIX}${NEGATIVE}${NUM_START}(?:(?<low>${NUMERAL})(?<lowUnit>${COUNTER_WORDS})?${RANGE_SEP})?(?<num>${NUMERAL})${S}${COUNTER}${COUNTER_END}${SUFFIX}`,
      "gu",
    ),
  },
];

/**
 * First characters after a number that make no quantity unless a listed counter goes on from them
 * (年間, 日間, 時間 are in COUNTERS and matched before this is asked).
 */
const NOT_COUNTER_START = /^[年月日時位次期編章節条項級番号度目]$/u;

/** A listed counter at the start of the text (the patterns have judged it already). */
const LISTED_COUNTER_AHEAD = new RegExp(`^(?:${COUNTER_WORDS})`, "u");

/** Arabic number, optionally followed by a word the tokenizer may call a counter (助数詞). */
const OPEN_COUNTER = new RegExp(
  `${PREFIX}${NUM_START}(?<num>${ARABIC}|[〇一二三四五六七八九]+)(?<rest>[\\p{Script=Han}\\p{Script=Katakana}ー]{1,4})`,
  "gu",
);

const COMPARATOR_WORDS: Array<[RegExp, Comparator]> = [
  [/以上|最低|最小|少なくとも/u, ">="],
  [/以下|以内|最大/u, "<="],
  [/未満|を下回る/u, "<"],
  [/超|を上回る/u, ">"],
  [/約|概ね|おおむね|およそ|おおよそ|程度|前後|ほど|くらい|ぐらい/u, "~"],
];

function comparatorOf(pre: string | undefined, post: string | undefined): Comparator {
  const words = `${pre ?? ""}${post ?? ""}`;
  for (const [re, c] of COMPARATOR_WORDS) if (re.test(words)) return c;
  return "=";
}

/** Idioms whose first character is a kanji numeral but which are not numbers (no tokenizer at hand). */
const KANJI_IDIOMS =
  /^(?:一人ひとり|一人一人|一部|一層|一定|一体|一方|一緒|一般|一覧|一括|一元|一環|一時|一斉|一貫|一番|一旦|一連|一助|一翼|一員|一気|一新|一律|一歩|一端|一帯|一丸|一同|一度に|一つ一つ|十分|千曲|八十二銀行|万一|一目|三位一体)/u;
/** Characters before a kanji numeral that make it part of a word (統一, 同一, 唯一, 単一, 第一, 万一 …). */
const KANJI_IDIOM_BEFORE = new Set("統同唯均画随単第万逐択専");

/** Whether the character before `start` makes the kanji numeral there part of a word (one character looked at). */
function idiomBefore(s: string, start: number): boolean {
  return KANJI_IDIOM_BEFORE.has(s.charAt(start - 1));
}

/**
 * Whether a numeral can stand alone: it has a digit, or it starts with 十/百/千 (十人, 百万円,
 * 千百十人). 万円 or 億円 alone are units, not amounts.
 */
function isNumeral(numeral: string): boolean {
  return /[0-9]/u.test(numeral) || hasKanjiDigit(numeral) || /^[十拾百佰千阡仟]/u.test(numeral);
}

/** A unit heading such as （千円） or 単位：百万円: the numeral names the unit, it is no amount. */
const isBlank = (ch: string): boolean => ch === " " || ch === "\t";

/**
 * Whether the text before `end` is a unit heading's opening: `単位：`, `単位`, `（`, spaces allowed
 * around the colon. Read backwards from `end` (what a pattern anchored at the text's end would
 * re-scan from the text's start at every numeral).
 */
function unitHeadingBefore(s: string, end: number): boolean {
  let i = end;
  while (i > 0 && isBlank(s.charAt(i - 1))) i--;
  const ch = s.charAt(i - 1);
  if (ch === "（" || ch === "(") return true;
  if (ch === ":" || ch === "：") {
    i--;
    while (i > 0 && isBlank(s.charAt(i - 1))) i--;
  }
  return i >= 2 && s.startsWith("単位", i - 2);
}

const KANJI_DIGIT = new RegExp(`[${KANJI_DIGITS}]`, "u");
const ALL_NUMERAL_CHARS = new RegExp(`^[${NUMERAL_CHARS}]+$`, "u");
const HAS_DAIJI = new RegExp(`[${DAIJI}]`, "u");

function hasKanjiDigit(numeral: string): boolean {
  return KANJI_DIGIT.test(numeral);
}

function isKanjiOnly(numeral: string): boolean {
  return !/[0-9]/.test(numeral);
}

/** Tokens of a window around [start, end), offsets relative to `s`. */
function tokensAround(tokenizer: Tokenizer, s: string, start: number, end: number): Token[] {
  const from = Math.max(0, start - 8);
  const to = Math.min(s.length, end + 8);
  return tokenizer.tokenize(s.slice(from, to)).map((t) => ({ ...t, start: t.start + from }));
}

/**
 * Whether a kanji numeral at [start, numEnd) is a number: with a tokenizer, its characters must be
 * 数 tokens starting at `start` and ending at `numEnd`; without one, known idioms are ruled out.
 */
function kanjiNumeralHolds(
  s: string,
  start: number,
  numEnd: number,
  tokenizer: Tokenizer | undefined,
  counterFollows = true,
): boolean {
  // 大字 (壱弐参拾阡萬) are written for numbers only, in deeds and receipts: the
  // tokenizer reads them as words (弐 一般, 拾 地名), so it is not asked.
  const numeral = s.slice(start, numEnd);
  if (numeral !== "" && ALL_NUMERAL_CHARS.test(numeral) && HAS_DAIJI.test(numeral)) return true;
  // Known idioms (一部, 一般, 十分) are words: settled without asking the tokenizer.
  if (KANJI_IDIOMS.test(s.slice(start)) || idiomBefore(s, start)) return false;
  if (!tokenizer) return true;
  const tokens = tokensAround(tokenizer, s, start, numEnd + 2);
  const inside = tokens.filter((t) => t.start < numEnd && t.start + t.surface.length > start);
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (!first || !last || first.start !== start || last.start + last.surface.length !== numEnd) return false;
  if (!inside.every((t) => t.posDetail1 === "数")) return false;
  // The word after a kanji numeral must be a counter to the tokenizer too: 二地域居住 is a term.
  const after = tokens.find((t) => t.start === numEnd);
  if (counterFollows && after && after.posDetail2 !== "助数詞" && !/^[%円]/u.test(s.slice(numEnd).trimStart())) return false;
  const before = tokens.filter((t) => t.start + t.surface.length === start).pop();
  return !(before && before.pos === "接頭詞" && before.posDetail1 === "数接続" && before.surface === "第");
}

/**
 * A numeral's value, or undefined when it is none, is longer than any amount is printed with, or is
 * too large to hold exactly (a fact never carries a rounded value).
 */
function valueOf(numeral: string): number | undefined {
  if (numeral.length > LIMITS.numeralChars.value) return undefined;
  const compact = numeral.replace(/[,\s]/gu, "");
  if (!isNumeral(compact)) return undefined;
  const value = parseJapaneseNumber(compact);
  return value !== undefined && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : undefined;
}

/**
 * The tokenizer with the windows it was asked about remembered, for one text: a text that repeats
 * itself (a run of 約1約1…, a table dumped into one cell) asks about the same window again and again.
 */
function rememberingWindows(tokenizer: Tokenizer): Tokenizer {
  const seen = new Map<string, Token[]>();
  return {
    tokenize(text) {
      let tokens = seen.get(text);
      if (tokens === undefined) {
        tokens = tokenizer.tokenize(text);
        if (seen.size >= LIMITS.rememberedWindows.value) seen.clear();
        seen.set(text, tokens);
      }
      return tokens;
    },
  };
}

export function findAmounts(s: string, given?: Tokenizer, deadline?: Deadline): Amount[] {
  const tokenizer = given && rememberingWindows(given);
  const found: Amount[] = [];
  let matches = 0;
  const tick = (): void => {
    if (deadline && ++matches % LIMITS.deadlineEvery.value === 0) deadline.check("reading amounts");
  };
  for (const { kind, re } of PATTERNS) {
    for (const m of s.matchAll(re)) {
      tick();
      const g = m.groups ?? {};
      const numeral = g.num ?? "";
      const value = valueOf(numeral);
      if (value === undefined) continue;
      // Where the numerals sit: after the prefix (and ¥), the low end of a range first.
      const head = (g.pre ?? "").length + (g.neg ?? "").length + (g.yen ?? "").length;
      const lowStart = m.index + head;
      const numStart = m.index + m[0].indexOf(numeral, head + (g.low?.length ?? 0) + (g.lowUnit?.length ?? 0));
      // A range's two ends carry the same counter (10件～20件), or only the high end does; with two
      // counters (10件～20人) they are two counts, each with its own span.
      if (g.low !== undefined && g.lowUnit !== undefined && g.lowUnit !== g.unit) {
        const low = valueOf(g.low);
        if (low === undefined || (isKanjiOnly(g.low) && !kanjiNumeralHolds(s, lowStart, lowStart + g.low.length, tokenizer))) continue;
        if (isKanjiOnly(numeral) && !kanjiNumeralHolds(s, numStart, numStart + numeral.length, tokenizer)) continue;
        const sign = g.neg !== undefined ? -1 : 1;
        found.push(
          { start: m.index, end: lowStart + g.low.length + g.lowUnit.length, kind, unit: g.lowUnit, value: sign * low, comparator: comparatorOf(g.pre, undefined) },
          { start: numStart, end: m.index + m[0].length, kind, unit: g.unit ?? "", value, comparator: comparatorOf(undefined, g.post) },
        );
        continue;
      }
      // A low end that is no amount (too long, or no numeral) ends the match before the tokenizer is asked about it.
      if (g.low !== undefined && valueOf(g.low) === undefined) continue;
      if (g.low !== undefined && isKanjiOnly(g.low) && !kanjiNumeralHolds(s, lowStart, lowStart + g.low.length, tokenizer, false)) continue;
      if (isKanjiOnly(numeral) && !kanjiNumeralHolds(s, numStart, numStart + numeral.length, tokenizer)) continue;
      if (!/[0-9]/u.test(numeral) && !hasKanjiDigit(numeral) && unitHeadingBefore(s, numStart)) continue;
      const unit = kind === "money" ? "円" : kind === "percent" ? "%" : (g.unit ?? "");
      const base = { start: m.index, end: m.index + m[0].length, kind, unit };
      const sign = g.neg !== undefined ? -1 : 1;
      if (g.low !== undefined) {
        // A range (2～3回): its two ends, each with the span of the whole range.
        const low = valueOf(g.low);
        if (low === undefined || low > value) continue;
        found.push({ ...base, value: sign * low, comparator: ">=" }, { ...base, value: sign * value, comparator: "<=" });
      } else {
        found.push({ ...base, value: sign * value, comparator: comparatorOf(g.pre, g.post) });
      }
    }
  }
  // One by one: a spread of every amount of a long text would pass them all as arguments (a stack overflow).
  if (tokenizer) for (const a of openCounterAmounts(s, tokenizer, found, tick)) found.push(a);
  return found;
}

/** Numbers followed by a counter the list lacks but the tokenizer knows (名詞,接尾,助数詞). */
function openCounterAmounts(s: string, tokenizer: Tokenizer, known: Amount[], tick: () => void): Amount[] {
  const out: Amount[] = [];
  // Which characters a known amount covers: an overlap test per match in constant time (a search
  // over every known amount made a text of many counts quadratic).
  const covered = new Uint8Array(s.length + 1);
  for (const a of known) covered.fill(1, a.start, a.end);
  const overlapsKnown = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) if (covered[i] === 1) return true;
    return false;
  };
  for (const m of s.matchAll(OPEN_COUNTER)) {
    tick();
    const g = m.groups ?? {};
    const numeral = g.num ?? "";
    const numStart = m.index + (g.pre?.length ?? 0);
    const numEnd = numStart + numeral.length;
    if (overlapsKnown(numStart, numEnd)) continue;
    // Dates, ranks and ordinals (4月, 1位, 3年目) are no counters: settled without tokenizing.
    if (NOT_COUNTER_START.test(s.slice(numEnd, numEnd + 1))) continue;
    // A listed counter after the number was the patterns' to judge (2回目 is an ordinal they refuse).
    if (LISTED_COUNTER_AHEAD.test(s.slice(numEnd))) continue;
    // Known idioms (一般, 一部, 一層) are words, not numbers: no need to ask.
    if (isKanjiOnly(numeral) && (KANJI_IDIOMS.test(s.slice(numStart)) || idiomBefore(s, numStart))) continue;
    const value = valueOf(numeral);
    if (value === undefined) continue;
    if (isKanjiOnly(numeral) && !kanjiNumeralHolds(s, numStart, numEnd, tokenizer)) continue;
    const next = tokensAround(tokenizer, s, numStart, numEnd + 4).find((t) => t.start === numEnd);
    if (!next || next.posDetail2 !== "助数詞" || NOT_QUANTITY_COUNTERS.has(next.surface)) continue;
    if (s[numEnd + next.surface.length] === "目") continue;
    const post = new RegExp(`^${SUFFIX}`, "u").exec(s.slice(numEnd + next.surface.length));
    const postText = post?.groups?.post;
    out.push({
      start: m.index,
      end: numEnd + next.surface.length + (postText?.length ?? 0),
      kind: "quantity",
      value,
      unit: next.surface,
      comparator: comparatorOf(g.pre, postText),
    });
  }
  return out;
}
