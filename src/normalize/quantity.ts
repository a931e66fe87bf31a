// Amounts in (zen2han-normalized) text: money in yen (千円/万円/億円 scales are numeral units),
// percentages, and quantities with their counter as printed; comparators from 以上/以下/未満/超/約 ….
// Numbers that are ordinals (第3次), section numbers ((1)), item markers (①) or parts of names
// (R2事業, 戦略2) have no counter after them and so make no fact.
import type { Comparator } from "../model/index.js";
import { COUNTERS, NOT_QUANTITY_COUNTERS } from "./counters.js";
import { parseJapaneseNumber } from "./kanjiNumber.js";
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
/** Kanji digits, 大字 among them (壱 弐 参 伍). */
const KANJI_DIGITS = "〇零一壱壹二弐貳三参參四五伍六七八九";
/** 大字: written for numbers only (deeds, receipts), never as words. */
const DAIJI = "壱壹弐貳参參伍拾佰阡仟萬";
/** Every character a numeral is written with: digits, 漢数字 and 大字, units up to 兆. */
const NUMERAL_CHARS = `${KANJI_DIGITS}十拾百佰千阡仟万萬億兆`;
const ATOM = `(?:${ARABIC}|[${NUMERAL_CHARS}])`;
// A numeral as printed: atoms run together, a space allowed after 万/億/兆 (a PDF wrapped there:
// 1,000億 5,432万), or every character spaced out by a PDF (1 億 2 0 0 0 万).
const NUMERAL = `(?:[0-9${NUMERAL_CHARS}](?: [0-9${NUMERAL_CHARS}]){2,}|${ATOM}+(?:(?<=[万萬億兆])[ \\t]+${ATOM}+)*)`;
// 約 is approximate unless it ends a word (成約, 契約, 予約, 集約 …: 成約9件 is nine contracts).
const PREFIX = "(?<pre>(?<![成契要予節規条集公制確誓特違解協盟倹])約|概ね|おおむね|およそ|おおよそ|最大|最小|最低|少なくとも)?";
const SUFFIX = `(?<post>${S}(?:以上|以下|未満|を超える|を超え|を上回る|を下回る|超え|超|以内|程度|前後|ほど|くらい|ぐらい))?`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const COUNTER_WORDS = COUNTERS.map(escape).join("|");
const COUNTER = `(?<unit>${COUNTER_WORDS})`;
// A counter is not one when the word goes on: 2回目 (ordinal), 5人口, 3人組 is 人組? (kept: 組 listed).
const COUNTER_END = "(?![目A-Za-z])";

/** A number's left edge: not inside another number, a name (R2, COVID19) or an ordinal (第3). */
const NUM_START = `(?<![0-9.,A-Za-z第${NUMERAL_CHARS}]|[万萬億兆][ \\t]+)`;
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
const KANJI_IDIOM_BEFORE = /(?:統|同|唯|均|画|随|単|第|万|逐|択|画|専|第)$/u;

/**
 * Whether a numeral can stand alone: it has a digit, or it starts with 十/百/千 (十人, 百万円,
 * 千百十人). 万円 or 億円 alone are units, not amounts.
 */
function isNumeral(numeral: string): boolean {
  return /[0-9]/u.test(numeral) || hasKanjiDigit(numeral) || /^[十拾百佰千阡仟]/u.test(numeral);
}

/** A unit heading such as （千円） or 単位：百万円: the numeral names the unit, it is no amount. */
const UNIT_HEADING_BEFORE = /(?:単位[ 	]*[:：]?[ 	]*|[（(][ 	]*)$/u;

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
  if (KANJI_IDIOMS.test(s.slice(start)) || KANJI_IDIOM_BEFORE.test(s.slice(0, start))) return false;
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

function valueOf(numeral: string): number | undefined {
  const compact = numeral.replace(/[,\s]/gu, "");
  if (!isNumeral(compact)) return undefined;
  return parseJapaneseNumber(compact);
}

export function findAmounts(s: string, tokenizer?: Tokenizer): Amount[] {
  const found: Amount[] = [];
  for (const { kind, re } of PATTERNS) {
    for (const m of s.matchAll(re)) {
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
      if (g.low !== undefined && isKanjiOnly(g.low) && !kanjiNumeralHolds(s, lowStart, lowStart + g.low.length, tokenizer, false)) continue;
      if (isKanjiOnly(numeral) && !kanjiNumeralHolds(s, numStart, numStart + numeral.length, tokenizer)) continue;
      if (!/[0-9]/u.test(numeral) && !hasKanjiDigit(numeral) && UNIT_HEADING_BEFORE.test(s.slice(0, numStart))) continue;
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
  if (tokenizer) found.push(...openCounterAmounts(s, tokenizer, found));
  return found;
}

/** Numbers followed by a counter the list lacks but the tokenizer knows (名詞,接尾,助数詞). */
function openCounterAmounts(s: string, tokenizer: Tokenizer, known: Amount[]): Amount[] {
  const out: Amount[] = [];
  for (const m of s.matchAll(OPEN_COUNTER)) {
    const g = m.groups ?? {};
    const numeral = g.num ?? "";
    const numStart = m.index + (g.pre?.length ?? 0);
    const numEnd = numStart + numeral.length;
    if (known.some((a) => numStart < a.end && a.start < numEnd)) continue;
    // Dates, ranks and ordinals (4月, 1位, 3年目) are no counters: settled without tokenizing.
    if (NOT_COUNTER_START.test(s.slice(numEnd, numEnd + 1))) continue;
    // A listed counter after the number was the patterns' to judge (2回目 is an ordinal they refuse).
    if (LISTED_COUNTER_AHEAD.test(s.slice(numEnd))) continue;
    // Known idioms (一般, 一部, 一層) are words, not numbers: no need to ask.
    if (isKanjiOnly(numeral) && (KANJI_IDIOMS.test(s.slice(numStart)) || KANJI_IDIOM_BEFORE.test(s.slice(0, numStart)))) continue;
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
