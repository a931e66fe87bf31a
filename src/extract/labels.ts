// The one table that maps printed labels to contract fields. Labels are matched on their compact
// form (white space removed, NFKC: see compact.ts), so `総合計画における 位置付け`, `現況・ 課題` and
// `期間・期限 (いつ・いつまでに)` all match. A new wording is one more pattern in a row below.
import { compact, rawIndexAfter } from "./compact.js";
import type { AlignmentField, ItemField, RemarkField } from "../model/index.js";

export type HeaderKey =
  | "fiscalYear"
  | "title"
  | "department"
  | "priority"
  | `alignment.${AlignmentField}`
  | "situation"
  | "purpose"
  | "remarks";

interface LabelRule<K> {
  key: K;
  /** Anchored patterns on the compact label text (after a trailing （…） hint and colon are cut). */
  patterns: RegExp[];
}

// 位置付け is also printed 位置づけ / 位置付; 関連/関係 appear in some years instead.
const POS = "(?:における|での|との|上の|の)?(?:位置付け|位置づけ|位置付|位置づけ|関連|関係|位置付け等)";

/** Header labels of a sheet (and 特記事項, which opens the remarks row). */
export const HEADER_LABELS: readonly LabelRule<HeaderKey>[] = [
  { key: "fiscalYear", patterns: [/^(?:対象|実施|計画)?年度$/] },
  { key: "title", patterns: [/^重点(?:取組)?目標(?:名)?$/, /^重点(?:取組|施策|項目)(?:名)?$/] },
  {
    key: "department",
    patterns: [/^(?:担当|所管|主管|所属)?(?:部局|部署|部課|部|課|課所|局|課室)(?:名|等)?$/, /^所属(?:名)?$/],
  },
  { key: "priority", patterns: [/^(?:優先順位|優先度|優先順|優先|順位)$/] },
  // Order matters: the strategy and reform labels contain 総合 too, so they are tried first.
  { key: "alignment.regionalStrategy", patterns: [new RegExp(`^.{0,30}(?:創生|総合戦略).{0,20}?${POS}$`)] },
  {
    key: "alignment.reformProgram",
    patterns: [new RegExp(`^.{0,30}(?:行財政改革|行政改革|行革|改革大綱|改革プラン|アクションプログラム).{0,30}?${POS}$`)],
  },
  { key: "alignment.rebuildPlan", patterns: [new RegExp(`^.{0,30}(?:再構築|つの挑戦).{0,20}?${POS}$`)] },
  { key: "alignment.comprehensivePlan", patterns: [new RegExp(`^.{0,20}総合計画.{0,10}?${POS}$`), /^.{0,20}総合計画$/] },
  {
    key: "situation",
    patterns: [/^(?:現況|現状|背景)(?:・|及び|および|と|、|並びに)?(?:課題|問題点)?$/, /^(?:課題|現状分析)$/],
  },
  { key: "purpose", patterns: [/^(?:目的|ねらい)(?:・|及び|および|と|、)?(?:効果|成果|期待される効果)?$/, /^(?:期待される)?効果$/] },
  { key: "remarks", patterns: [/^(?:特記事項|特記|備考)$/] },
];

/** Column headers of the item table. Matched as prefixes: the hints after them vary freely. */
export const ITEM_HEADER_LABELS: readonly LabelRule<ItemField>[] = [
  { key: "action", patterns: [/^取(?:り)?組(?:み)?(?:項目|内容|事項)/, /^(?:方法|手段|具体的な?取(?:り)?組|実施内容|事業内容)/] },
  { key: "period", patterns: [/^(?:期間|期限|実施時期|実施期間|スケジュール|時期)/] },
  { key: "target", patterns: [/^(?:数値目標|目標値|達成目標|目標水準|成果指標|目標)/] },
  { key: "midtermReport", patterns: [/^中間(?:報告|評価|実績|時点)?/, /^上半期/] },
  { key: "finalReport", patterns: [/^期末/, /^(?:最終|年度末|年間)(?:報告|評価|実績)/, /^下半期/] },
];

/**
 * Each item column's own wording, found anywhere in a cell: a header cell that holds two columns'
 * wordings is two or more header cells the reader did not part (their lines interleave). Only words
 * no other column's label or hint contains (中間報告's hint says 目標, 期末's 達成).
 */
export const ITEM_HEADER_WORDS: ReadonlyArray<{ key: ItemField; pattern: RegExp }> = [
  { key: "action", pattern: /取(?:り)?組(?:み)?(?:項目|内容)/u },
  { key: "period", pattern: /期間・?期限/u },
  { key: "target", pattern: /数値目標/u },
  { key: "midtermReport", pattern: /中間報告/u },
  { key: "finalReport", pattern: /期末報告/u },
];

/** The item columns whose own wording a cell's text holds (ITEM_HEADER_WORDS), in the table's order. */
export function itemHeaderWordsIn(raw: string): ItemField[] {
  const c = compact(raw).text;
  return ITEM_HEADER_WORDS.filter((w) => w.pattern.test(c)).map((w) => w.key);
}

/** The two ○ labels of the 特記事項 row; found anywhere in the row's text (compact form). */
export const REMARK_LABELS: readonly LabelRule<RemarkField>[] = [
  {
    key: "participation",
    patterns: [
      /[○◯〇●◎]?(?:市民参加|市民協働|参加・協働|参加と協働|協働の推進)[^○◯〇●◎]{0,40}?(?:考慮|配慮|工夫)し(?:た|ている)(?:点|事項|こと)[:]?/,
    ],
  },
  {
    key: "outcomes",
    patterns: [
      /[○◯〇●◎]?取(?:り)?組(?:み)?(?:による|の)(?:効果|成果)[^○◯〇●◎]{0,20}?課題[:]?/,
      /[○◯〇●◎]?(?:効果|成果)(?:及び|と|・|、)(?:残された|今後の)?課題[:]?/,
    ],
  },
];

/** Longest compact text that can be a label; longer cells are values. */
const MAX_LABEL_CHARS = 60;

function labelCore(compactText: string): string {
  // Cut trailing hints: 期間・期限(いつ・いつまでに), 数値目標:, 位置付け※
  return compactText.replace(/(?:[(（][^()（）]*[)）]|[:※*])+$/u, "");
}

function firstMatch<K>(rules: readonly LabelRule<K>[], text: string): K | undefined {
  for (const rule of rules) if (rule.patterns.some((p) => p.test(text))) return rule.key;
  return undefined;
}

/**
 * Whether a text has more characters than a label's compact form may (white space aside; NFKC
 * folds no character to nothing): a value cell is settled without being compacted.
 */
function longerThanLabel(raw: string): boolean {
  if (raw.length <= MAX_LABEL_CHARS) return false;
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // A surrogate pair is one character (its low half is not counted); white space as compact()'s.
    if ((c >= 0xdc00 && c <= 0xdfff) || isSpace(c)) continue;
    if (++n > MAX_LABEL_CHARS) return true;
  }
  return false;
}

/** compact()'s white space (\s, U+3000, U+200B, U+FEFF) by code unit, without a regular expression. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Every label has a kanji: a cell without one (numbers, amounts, dates in digits) is settled at once. */
const HAS_KANJI = /\p{Script=Han}/u;

const BRACKET_PAIRS = ["「」", "『』", "()", "【】", "[]", "〔〕", "〈〉", "《》"] as const;

/**
 * Whether every bracket the text opens it closes, and the other way round. A label is printed
 * whole; a piece of one cut inside its brackets (上田再構築プラン「7 | つの挑戦」…, a strip after a
 * narrow digit) is no label, whatever its words match.
 */
function bracketsBalanced(compactText: string): boolean {
  for (const [open, close] of BRACKET_PAIRS) {
    let depth = 0;
    for (const ch of compactText) {
      if (ch === open) depth++;
      else if (ch === close && --depth < 0) return false;
    }
    if (depth !== 0) return false;
  }
  return true;
}

/** A rank as 優先順位 prints it: 1位, １位, 第2位, 三位, with perhaps a note in brackets after it. */
/** A sheet's title line (令和2年度 重点目標管理シート): it names the form, so it opens a sheet of its own. */
export const TITLE_LINE = /重点目標管理シート|重点目標シート|管理シート/u;
/** A title is a short line: a longer text that names the form is a value (「重点目標管理シートの様式を見直し…」). */
export const TITLE_LINE_MAX = 60;

export const PRIORITY_RANK = /第?([0-9０-９]+|[〇一二三四五六七八九十]+)位?(?:[(（][^()（）]*[)）])?/u;

/**
 * Values that may follow their label with no white space between, since nothing in a label reads
 * like them: a rank after 優先順位 (優先順位1位, where a tightly padded table without rules leaves a
 * point between the two cells).
 */
const GLUED_VALUES: ReadonlyArray<{ key: HeaderKey; value: RegExp }> = [
  // The shortest head whose rest is a whole rank: 優先順位 | 1位, not 優先順 | 位1位.
  { key: "priority", value: new RegExp(`^(.+?)(${PRIORITY_RANK.source})$`, "u") },
];

/**
 * Longest word that can be a label with its value glued on: a label's compact form is at most
 * MAX_LABEL_CHARS, its rank and a note after it shorter still. A longer word is settled at once: the
 * value's pattern (a lazy head before a rank that must reach the word's end) tried at every cut of
 * a run of digits is quadratic in the run.
 */
const MAX_GLUED_CHARS = 4 * MAX_LABEL_CHARS;

/** A label and its value run together in one word (優先順位1位 → priority, 1位), else undefined. */
export function matchGluedLabel(word: string): { key: HeaderKey; label: string; rest: string } | undefined {
  const text = word.trim();
  if (text.length > MAX_GLUED_CHARS) return undefined;
  // The value's pattern first: it rules out nearly every word, and the label test is the dear one.
  for (const g of GLUED_VALUES) {
    const m = g.value.exec(text);
    const label = m?.[1];
    if (label !== undefined && matchOneLabel(label) === g.key) return { key: g.key, label, rest: text.slice(label.length) };
  }
  return undefined;
}

/** The header key of a cell that is exactly a label, else undefined. */
export function matchHeaderLabel(raw: string): HeaderKey | undefined {
  const key = matchOneLabel(raw);
  if (key === undefined || !raw.includes("\n")) return key;
  // Two labels one above the other (two rows no gap parted) are not one label, though the
  // patterns' slack lets their text match one (総合計画における位置付け\n第三次…における位置付け).
  // Halves that each read as the whole's own label are one label set over two lines (優 先 | 順 位).
  const lines = raw.split("\n");
  for (let k = 1; k < lines.length; k++) {
    const above = matchOneLabel(lines.slice(0, k).join("\n"));
    const below = matchOneLabel(lines.slice(k).join("\n"));
    if (above !== undefined && below !== undefined && (above !== key || below !== key)) return undefined;
  }
  return key;
}

/**
 * The header key whose patterns the text matches, lines and all: where a cell's lines may be two
 * stacked labels of rows not yet parted (the layout looks for where labels stand; splitAtLabels
 * parts the rows after).
 */
export function matchOneLabel(raw: string): HeaderKey | undefined {
  // A long text is settled at once (longerThanLabel), and is not kept.
  if (raw.length > LABEL_OF_CHARS) return readOneLabel(raw);
  const known = LABEL_OF.get(raw);
  if (known !== undefined) return known === null ? undefined : known;
  const key = readOneLabel(raw);
  if (LABEL_OF.size >= LABEL_OF_MAX) LABEL_OF.clear();
  LABEL_OF.set(raw, key ?? null);
  return key;
}

/**
 * matchOneLabel's answers by text (null: no label). The layout and the assembler ask about the
 * same cells, strips and lines again and again (a sheet of 7 pages: 3,800 asks of 700 texts), and
 * the answer depends on the text alone.
 */
const LABEL_OF = new Map<string, HeaderKey | null>();
/** Texts remembered before the memo starts over (a few documents' worth), each at most LABEL_OF_CHARS long: 2 MB at most. */
const LABEL_OF_MAX = 4096;
const LABEL_OF_CHARS = 4 * MAX_LABEL_CHARS;

function readOneLabel(raw: string): HeaderKey | undefined {
  if (longerThanLabel(raw) || !HAS_KANJI.test(raw)) return undefined;
  const c = compact(raw).text;
  if (c === "" || c.length > MAX_LABEL_CHARS || !bracketsBalanced(c)) return undefined;
  return firstMatch(HEADER_LABELS, labelCore(c));
}

export interface LabelPrefix<K> {
  key: K;
  /** The raw text after the label, trimmed. */
  rest: string;
}

/**
 * A header label at the start of a cell followed by its value in the same cell
 * (`特記事項 ○市民参加…`, `重点目標 地域内分権…`). The label must end at white space or a colon.
 */
export function matchHeaderLabelPrefix(raw: string): LabelPrefix<HeaderKey> | undefined {
  const text = raw.trimStart();
  // Candidate cut points: every run of white space (or a colon) in the first MAX_LABEL_CHARS characters.
  // The longest head that reads as the label the shortest one reads as: a label spaced out (部 局 名,
  // 現 況 ・ 課 題) has heads that match at its inner spaces too (部, 現況), and its rest is no value.
  const cut = /[\s\u3000]+|[:：](?=.)/gu;
  let found: LabelPrefix<HeaderKey> | undefined;
  for (const m of text.matchAll(cut)) {
    if (m.index === 0) continue;
    if (m.index > MAX_LABEL_CHARS * 2) break;
    const head = text.slice(0, m.index);
    const key = matchHeaderLabel(head);
    if (key === undefined || (found && key !== found.key)) continue;
    const rest = text.slice(m.index + m[0].length).trim();
    if (rest !== "") found = { key, rest };
  }
  return found;
}

/** What the rest of a wrapped item label may hold: kanji, kana, ・ and the like, and its hint's opening. */
const LABEL_WORDS = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー・／/、（(\s]*$/u;

/**
 * What an item header cell holds after its label, one line per line printed. A label is its words, perhaps wrapped, and a hint in
 * brackets (or several, each whole): the lines after the first one that neither go on inside the
 * hint nor finish the label (a hint of their own, a short wrapped remainder such as
 * 手段（何をどのように）), and whatever follows the hint's closing bracket, are not part of it
 * (期末報告（…達成度）寄附金額：455,068,122円, a row continued under a header repeated overleaf).
 */
export function textAfterItemLabel(text: string): string {
  const lines = text.split("\n");
  let depth = 0;
  // Once text that is not the label's is met, the rest of the cell is not the label's either.
  let spilled = false;
  let hintClosed = false;
  const extra: string[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (spilled) {
      extra.push(line);
      continue;
    }
    if (index > 0 && depth === 0) {
      const hint = /^[(（].*[)）]$/u.test(line);
      const core = line.replace(/[(（][^()（）]*[)）]$/u, "");
      // Label words are kanji and kana (no digits, markers or stops); after the hint, only more hints.
      const remainder = !hintClosed && core.length <= 12 && LABEL_WORDS.test(core);
      if (!hint && !remainder) {
        extra.push(line);
        spilled = true;
        continue;
      }
    }
    let seenHint = false;
    for (const [at, ch] of [...line].entries()) {
      if (ch === "(" || ch === "（") depth++;
      else if ((ch === ")" || ch === "）") && depth > 0 && --depth === 0) seenHint = true;
      if (seenHint && depth === 0) {
        hintClosed = true;
        // The hint has closed: further hints whole in brackets are the label's, the rest is not.
        const rest = [...line].slice(at + 1).join("").replace(/^(?:\s*[(（][^()（）]*[)）])*/u, "").trim();
        if (rest !== "") {
          extra.push(rest);
          spilled = true;
        }
        break;
      }
    }
  }
  return extra.filter((t) => t !== "").join("\n").trim();
}

/** The item column a header cell names, else undefined. */
export function matchItemHeader(raw: string): ItemField | undefined {
  if (longerThanLabel(raw) || !HAS_KANJI.test(raw)) return undefined;
  const c = compact(raw).text;
  if (c === "" || c.length > MAX_LABEL_CHARS) return undefined;
  return firstMatch(ITEM_HEADER_LABELS, c);
}

export interface RemarkLabelHit {
  key: RemarkField;
  /** Raw indices of the label in the searched text. */
  start: number;
  end: number;
}

/** The remark labels as searches anywhere in a text, compiled once (the PDF layout asks on every line). */
const REMARK_SEARCH = REMARK_LABELS.map((rule) => ({ key: rule.key, patterns: rule.patterns.map((p) => new RegExp(p.source, "gu")) }));

/**
 * The ○ labels of the remarks row inside `raw`, in order. A label counts at the start of the text,
 * after a line break, or where it begins with ○.
 */
export function findRemarkLabels(raw: string): RemarkLabelHit[] {
  const c = compact(raw);
  const hits: RemarkLabelHit[] = [];
  for (const rule of REMARK_SEARCH) {
    for (const global of rule.patterns) {
      // matchAll works on a copy of the expression: the shared one keeps no state between calls.
      for (const m of c.text.matchAll(global)) {
        const start = m.index === 0 ? 0 : rawIndexAfter(c, m.index);
        const end = rawIndexAfter(c, m.index + m[0].length);
        const startsWithCircle = /^[○◯〇●◎]/u.test(m[0]);
        const atLineStart = start === 0 || onlySpaceSinceLineStart(raw, start);
        if (!startsWithCircle && !atLineStart) continue;
        if (hits.some((h) => start < h.end && h.start < end)) continue;
        hits.push({ key: rule.key, start: rawStart(raw, start), end });
      }
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * Whether only white space stands between the start of `raw`'s line and `index`: read backwards
 * from `index` (a pattern anchored at the end of the text before it re-scans that text from its
 * start at every hit).
 */
function onlySpaceSinceLineStart(raw: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const ch = raw[i] ?? "";
    if (ch === "\n") return true;
    if (!/[\s\u3000]/u.test(ch)) return false;
  }
  return true;
}

/** Skip white space a match may start with in the raw text. */
function rawStart(raw: string, index: number): number {
  let i = index;
  while (i < raw.length && /[\s\u3000]/u.test(raw[i] ?? "")) i++;
  return i;
}

/**
 * Printed labels distinctive enough that one standing inside a value (at a line's start or after a
 * space) means cells were mixed up: a LABEL_IN_VALUE warning. NFKC forms; words that prose uses
 * on its own (目標, 課題, 効果) are left out on purpose.
 */
export const VALUE_LEAK_LABELS: readonly string[] = [
  "重点目標",
  "部局名",
  "優先順位",
  "総合計画における位置付け",
  "現況・課題",
  "目的・効果",
  "取組項目及び方法・手段",
  "期間・期限",
  "数値目標",
  "中間報告",
  "期末報告",
  "特記事項",
  "目標設定",
];

/**
 * The sheet form's long labels as printed, whose pieces no value holds: a label the layout cut
 * apart (clipped in a short cell, stacked beside the cell above) leaves its start or its end in
 * the value next to it (LABEL_IN_VALUE). NFKC, white space removed.
 */
export const LONG_PRINTED_LABELS: readonly string[] = [
  "総合計画における位置付け",
  "まち・ひと・しごと創生総合戦略における位置付け",
  "第三次上田市行財政改革大綱・アクションプログラムにおける位置付け",
  "上田再構築プラン「7つの挑戦」における位置付け",
  "取組項目及び方法・手段(何をどのように)",
  "期間・期限(いつ・いつまでに)",
  "数値目標(どの水準まで)",
  "中間報告(目標に対する進捗状況・進捗度)",
  "期末報告(目標に対する達成状況・達成度)",
];

/**
 * Text printed inside a long label's wording: its cell's text holds every character of the label
 * in order with something else between them (まち・ひと・しごと創生|戦略２|総合戦略における位置付け,
 * a value's word the layout put among a letter-spaced label's characters). That text went into no
 * field; undefined when there is none, or it is a hint in brackets (総合計画（後期）における位置付け).
 */
export function textInsidePrintedLabel(raw: string): string | undefined {
  // Printed characters (white space aside) and their NFKC forms, compared one by one with the
  // label's: what is inside is said as printed.
  const printed = [...raw].filter((ch) => ch.trim() !== "");
  const c = printed.map((ch) => ch.normalize("NFKC"));
  const whole = c.join("");
  for (const label of LONG_PRINTED_LABELS) {
    const want = [...label];
    if (c.length <= want.length || whole.includes(label)) continue;
    // The shortest span of the text holding the label's characters in order; greedy from each start.
    let best: { inserted: string; span: number } | undefined;
    for (let start = 0; start < c.length; start++) {
      if (c[start] !== want[0]) continue;
      let k = 0;
      let inserted = "";
      let end = start;
      for (; end < c.length && k < want.length; end++) {
        if (c[end] === want[k]) k++;
        else inserted += printed[end];
      }
      if (k === want.length && (!best || end - start < best.span)) best = { inserted, span: end - start };
    }
    if (best && best.inserted !== "" && !/^[(（][^()（）]*[)）]$/u.test(best.inserted)) return best.inserted;
  }
  return undefined;
}

/**
 * Characters of a long label's start or end that mark its piece in a value: eight, as long as the
 * shortest start that is no phrase of prose (第三次上田市行財, 上田再構築プラン); ends (における位置付け)
 * are the labels' own words too.
 */
export const LABEL_PIECE_CHARS = 8;

/** Columns of the goal-table form (earlier years: one table per 課). */
export type GoalTableColumn = "priority" | "goal" | ItemField;

/**
 * Column headers of the goal-table form (順位 | 目標設定(年度当初) | 取組項目及び方法・手段 | 期間・期限 |
 * 数値目標 [| 中間報告 | 期末報告]), matched on the compact header with its hint cut. Order matters:
 * the goal column (目標, 目標設定, 重点目標, 課題) is tried before the target (数値目標, 目標値).
 */
export const GOAL_TABLE_LABELS: readonly LabelRule<GoalTableColumn>[] = [
  { key: "priority", patterns: [/^(?:順位|優先順位|優先度|優先順)$/, /^(?:No\.?|NO\.?|№)$/] },
  { key: "goal", patterns: [/^目標設定/, /^重点(?:取組)?目標$/, /^(?:課題|目標|課題・目標|目標・課題|年度目標|課の目標|課題及び目標)$/] },
  { key: "action", patterns: ITEM_HEADER_LABELS[0]?.patterns ?? [] },
  { key: "period", patterns: [/^(?:期間|期限|実施時期|実施期間|スケジュール|時期)/] },
  { key: "target", patterns: [/^(?:数値目標|目標値|達成目標|目標水準|成果指標)/] },
  { key: "midtermReport", patterns: [/^中間(?:報告|評価|実績|時点)?/, /^上半期/] },
  { key: "finalReport", patterns: [/^期末/, /^(?:最終|年度末|年間)(?:報告|評価|実績)/, /^(?:実績|達成状況|達成度|評価|結果)$/, /^下半期/] },
];

/** The goal-table column a header cell names, else undefined. */
export function matchGoalTableHeader(raw: string): GoalTableColumn | undefined {
  if (longerThanLabel(raw)) return undefined;
  const c = compact(raw).text;
  if (c === "" || c.length > MAX_LABEL_CHARS) return undefined;
  return firstMatch(GOAL_TABLE_LABELS, labelCore(c));
}

/**
 * The labels as sheets print them: the closed list OCR text is matched against with a small edit
 * distance (nearestLabel). Every wording here must match its own pattern above (tested).
 */
export const PRINTED_LABELS: readonly string[] = [
  "重点目標",
  "部局名",
  "優先順位",
  "総合計画における位置付け",
  "まち・ひと・しごと創生総合戦略における位置付け",
  "第三次上田市行財政改革大綱・アクションプログラムにおける位置付け",
  "上田再構築プラン「7つの挑戦」における位置付け",
  "現況・課題",
  "目的・効果",
  "特記事項",
  "取組項目及び方法・手段（何をどのように）",
  "取組項目及び方法・手段",
  "期間・期限（いつ・いつまでに）",
  "期間・期限",
  "数値目標（どの水準まで）",
  "数値目標",
  "中間報告（目標に対する進捗状況・進捗度）",
  "中間報告",
  "期末報告（目標に対する達成状況・達成度）",
  "期末報告",
  "目標設定（年度当初）",
  "目標設定",
];

/** The two ○ labels of the remarks as printed, for nearestRemarkLabel. */
export const PRINTED_REMARK_LABELS: readonly string[] = ["○市民参加・協働の推進、市民満足度の向上を考慮した点", "○取組による効果・残された課題"];

/** Edits allowed per character of a label in nearestLabel: a third (重点目 for 重点目標, 数値目穗 for 数値目標; bold labels scanned at 200 dpi lose a third of theirs). */
const LABEL_EDITS_PER_CHAR = 1 / 3;
/** Labels shorter than this are matched exactly only: two characters have no room for an error. */
const SHORTEST_FUZZY_LABEL = 3;

/** Levenshtein distance of two strings (by code point). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length] as number;
}

/**
 * The printed label an OCR reading of a whole cell stands for, when it is no label as read but is
 * within a few edits of exactly one (重点目 → 重点目標, 数値目穗（どの水準まで） → 数値目標（…）).
 * Only for text read by OCR, and only for cells that are a label and nothing else: a value is never
 * changed (a cell that reads as a label already, or is far from every label, gives undefined).
 */
export function nearestLabel(raw: string): string | undefined {
  const text = compact(raw).text;
  if (text.length < SHORTEST_FUZZY_LABEL || text.length > MAX_LABEL_CHARS) return undefined;
  if (matchOneLabel(raw) !== undefined || matchItemHeader(raw) !== undefined || matchGoalTableHeader(raw) !== undefined) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const label of PRINTED_LABELS) {
    const target = compact(label).text;
    if (target.length < SHORTEST_FUZZY_LABEL || Math.abs(target.length - text.length) > target.length * LABEL_EDITS_PER_CHAR) continue;
    const d = editDistance(text, target);
    if (d > Math.max(1, Math.floor(target.length * LABEL_EDITS_PER_CHAR))) continue;
    if (d < bestDistance) {
      best = label;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && compact(best ?? "").text !== target) tie = true;
  }
  return tie ? undefined : best;
}

/**
 * A ○ label of the remarks misread at the start of an OCR cell: the printed label and how many raw
 * characters of the cell it stands for (its first line or lines), when findRemarkLabels finds none.
 */
export function nearestRemarkLabel(raw: string): { label: string; rawLength: number } | undefined {
  if (findRemarkLabels(raw).length > 0) return undefined;
  const c = compact(raw);
  for (const label of PRINTED_REMARK_LABELS) {
    const target = compact(label).text;
    const allowed = Math.floor(target.length * LABEL_EDITS_PER_CHAR);
    let best: { d: number; k: number } | undefined;
    for (let k = Math.max(1, target.length - allowed); k <= Math.min(c.text.length, target.length + allowed); k++) {
      const d = editDistance(c.text.slice(0, k), target);
      if (d <= allowed && (!best || d < best.d)) best = { d, k };
    }
    if (best) return { label, rawLength: c.rawEnd[best.k - 1] ?? raw.length };
  }
  return undefined;
}
