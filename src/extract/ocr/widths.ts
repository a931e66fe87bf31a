// 全角 or 半角: the engine reads digits, Latin letters and ASCII symbols in one form whatever the
// print (１２３ and 123 look alike), but the print's width tells them apart: a full-width form takes
// a whole em, a half-width one about half. Pure.

/** Advance of a half-width character in ems, as Japanese fonts (IPA, MS, Noto, Hiragino) set them, roughly. */
function halfWidth(ch: string): number {
  if (/[0-9]/u.test(ch)) return 0.55;
  if (/[()[\]{}]/u.test(ch)) return 0.35;
  if (/[,.:;'`!|]/u.test(ch)) return 0.28;
  if (/[%&@#MW]/u.test(ch)) return 0.85;
  if (/[A-Za-z]/u.test(ch)) return 0.6;
  return 0.5;
}

const FULL_OFFSET = 0xfee0;

/** The half-width form of an ASCII or full-width ASCII character, or undefined for any other. */
function asHalf(ch: string): string | undefined {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x21 && cp <= 0x7e) return ch;
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCodePoint(cp - FULL_OFFSET);
  return undefined;
}

/** White in ems a line's ink leaves short of its advance: the last character's side bearing. */
const SIDE_BEARING = 0.1;

/**
 * Lines with white this wide (ems) inside them show no widths: a half-width space or the white after
 * 、。 adds as much as a digit's form does. (Around a full-width digit there are about 0.4 em.)
 */
const WIDE_GAP = 0.55;

/** Brackets are left as read: a sheet mixes (1) and （４１２件） on one line. */
const BRACKET = /[()（）[\]［］{}｛｝]/u;

/** A line read, with its ink's width and its widest inner white, in ems. */
export interface MeasuredLine {
  text: string;
  widthEm: number;
  widestGapEm: number;
}

export type WidthForm = "full" | "half";

/** How much nearer (ems, summed over a page's lines) one form must come for the page to take it. */
const MARGIN = 1;

/**
 * The form a page's digits, Latin letters and ASCII symbols take, from the lines that show it (no
 * wide white inside, no brackets, two such characters or more): the one whose widths add up nearer
 * to the lines' over the page, or undefined where neither is clearly nearer. A sheet keeps one form
 * (１２３ or 123) through its pages far more often than a line shows it alone.
 */
export function pageWidthForm(lines: readonly MeasuredLine[]): WidthForm | undefined {
  let lean = 0;
  for (const line of lines) {
    if (line.widestGapEm >= WIDE_GAP || BRACKET.test(line.text)) continue;
    let fixed = 0;
    let halves = 0;
    let ambiguous = 0;
    for (const ch of line.text) {
      const half = asHalf(ch);
      if (half === undefined) fixed += 1;
      else {
        ambiguous += 1;
        halves += halfWidth(half);
      }
    }
    if (ambiguous < 2) continue;
    const measured = line.widthEm + SIDE_BEARING;
    lean += Math.abs(measured - (fixed + halves)) - Math.abs(measured - (fixed + ambiguous));
  }
  return lean >= MARGIN ? "full" : lean <= -MARGIN ? "half" : undefined;
}

/** The text's digits, Latin letters and ASCII symbols (brackets and spaces left) in `form`. */
export function inForm(text: string, form: WidthForm): string {
  return [...text]
    .map((ch) => {
      const half = asHalf(ch);
      if (half === undefined || BRACKET.test(ch)) return ch;
      return form === "full" ? String.fromCodePoint((half.codePointAt(0) ?? 0) + FULL_OFFSET) : half;
    })
    .join("");
}

/** Whether every character of a text takes a whole em whatever the font (kana, kanji, full-width punctuation), for measuring the em. */
export function allFullWidth(text: string): boolean {
  return [...text].every((ch) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」『』・〜]/u.test(ch) && asHalf(ch) === undefined);
}
