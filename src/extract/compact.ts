// Labels are matched on a compact form of their text: white space removed (PDF and dump line wraps
// put spaces inside labels) and NFKC applied (全角/半角 variants fold). The map leads back to the
// raw text, so a label found at the start of a cell can be cut off its value exactly.

export interface Compact {
  text: string;
  /** rawEnd[i]: index in the raw text just after the character that produced compact char i. */
  rawEnd: number[];
}

const SPACE = /[\s\u3000\u200b\ufeff]/u;

export function compact(raw: string): Compact {
  let text = "";
  const rawEnd: number[] = [];
  let i = 0;
  for (const ch of raw) {
    const next = i + ch.length;
    if (!SPACE.test(ch)) {
      const folded = foldChar(ch);
      text += folded;
      for (let k = 0; k < folded.length; k++) rawEnd.push(next);
    }
    i = next;
  }
  return { text, rawEnd };
}

/**
 * Look-alikes NFKC leaves apart, folded to one character for matching (the text keeps what was
 * printed). Fonts' maps and producers pick among them for the same glyph.
 */
const LOOK_ALIKES: ReadonlyMap<string, string> = new Map([
  // ・: Chromium with Noto CJK maps it to U+2027 HYPHENATION POINT (the real one in /ActualText);
  // Latin fonts and converters give U+00B7, U+2219, U+22C5.
  ["\u2027", "・"],
  ["\u00b7", "・"],
  ["\u2219", "・"],
  ["\u22c5", "・"],
  // 〜 (WAVE DASH, what Shift_JIS round trips give), ∼ (TILDE OPERATOR) and ～ (its NFKC form ~).
  ["\u301c", "~"],
  ["\u223c", "~"],
]);

/** NFKC, except for characters whose NFKC form loses meaning here (① → 1); look-alikes folded. */
function foldChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x80) return ch;
  const alike = LOOK_ALIKES.get(ch);
  if (alike !== undefined) return alike;
  // String.prototype.normalize per character was 2 % of reading the sample corpus: a page has a
  // few hundred distinct characters, each folded once.
  let folded = FOLDED.get(ch);
  if (folded === undefined) {
    folded = (cp >= 0x2460 && cp <= 0x24ff) || (cp >= 0x3251 && cp <= 0x32bf) || (cp >= 0x2776 && cp <= 0x2793) ? ch : ch.normalize("NFKC");
    FOLDED.set(ch, folded);
  }
  return folded;
}

/** Characters folded so far (at most a few thousand distinct ones in any document). */
const FOLDED = new Map<string, string>();

/** Raw index just after the first `n` compact characters (0 → start of the text). */
export function rawIndexAfter(c: Compact, n: number): number {
  if (n <= 0) return 0;
  return c.rawEnd[Math.min(n, c.rawEnd.length) - 1] ?? 0;
}
