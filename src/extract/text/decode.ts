// Bytes of a text dump → string. Published dumps are UTF-8 (with or without BOM) or Shift_JIS/CP932;
// UTF-16 and EUC-JP turn up in older archives. WHATWG's "shift_jis" decoder is CP932 (it has ①, ㈱ …).
import { SheetExtractError } from "../../errors.js";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "shift_jis" | "euc-jp";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

function tryDecode(bytes: Uint8Array, encoding: TextEncodingName): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Characters a wrong Japanese decoding produces: half-width katakana, private use, C1 controls. */
function oddness(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if ((cp >= 0xff61 && cp <= 0xff9f) || (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0x80 && cp <= 0x9f)) n++;
  }
  return n;
}

/** Whether a character is one a Japanese dump is written with: ASCII text, kana, kanji, CJK and full-width punctuation. */
function ordinary(cp: number): boolean {
  return (
    cp === 0x09 || cp === 0x0a || cp === 0x0d || (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0x2000 && cp <= 0x206f) || // general punctuation (‐ – — ‘ ’ “ ” …)
    (cp >= 0x2160 && cp <= 0x2193) || // Roman numerals, arrows
    (cp >= 0x2460 && cp <= 0x24ff) || // ① ⑴ ⒈
    (cp >= 0x25a0 && cp <= 0x25ff) || // ■ □ ○ ◎ ●
    (cp >= 0x3000 && cp <= 0x30ff) || // CJK punctuation, hiragana, katakana
    (cp >= 0x3200 && cp <= 0x33ff) || // ㈱ ㊤ ㍻
    (cp >= 0x4e00 && cp <= 0x9fff) || // kanji
    (cp >= 0xff00 && cp <= 0xffef) // full-width forms
  );
}

/**
 * UTF-16 without a BOM, told by its NUL bytes: ASCII (tabs, line breaks, digits) puts a NUL in
 * every other byte, at odd offsets in little-endian and even ones in big-endian. Both orders are
 * decoded and the one whose characters are nearly all ones a Japanese dump is written with is
 * taken (the wrong order reads tabs and digits as Devanagari, Gurmukhi and Bopomofo); undefined
 * when neither is.
 */
function utf16WithoutBom(bytes: Uint8Array): DecodedText | undefined {
  if (bytes.length % 2 !== 0) return undefined;
  let best: (DecodedText & { share: number }) | undefined;
  for (const encoding of ["utf-16le", "utf-16be"] as const) {
    const text = tryDecode(bytes, encoding);
    if (text === undefined || text.length === 0) continue;
    let usual = 0;
    for (let i = 0; i < text.length; i++) if (ordinary(text.charCodeAt(i))) usual++;
    const share = usual / text.length;
    if (!best || share > best.share) best = { text, encoding, share };
  }
  return best && best.share >= UTF16_ORDINARY_SHARE ? { text: best.text, encoding: best.encoding } : undefined;
}

/**
 * The share of ordinary characters that makes a reading UTF-16: a dump is all such characters but
 * for a few symbols; the wrong byte order or binary bytes read as a few percent.
 */
const UTF16_ORDINARY_SHARE = 0.95;

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new SheetExtractError("EMPTY_FILE", "the file is empty (0 bytes)");
  let decoded: DecodedText | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode(bytes, "utf-8");
    if (text !== undefined) decoded = { text, encoding: "utf-8" };
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode(bytes, "utf-16le");
    if (text !== undefined) decoded = { text, encoding: "utf-16le" };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode(bytes, "utf-16be");
    if (text !== undefined) decoded = { text, encoding: "utf-16be" };
  } else if (!bytes.includes(0)) {
    const utf8 = tryDecode(bytes, "utf-8");
    if (utf8 !== undefined) decoded = { text: utf8, encoding: "utf-8" };
    else {
      // EUC-JP bytes are often valid Shift_JIS too (as half-width katakana): take the reading with
      // fewer characters that Japanese prose does not use; Shift_JIS on a tie.
      const candidates: Array<DecodedText & { oddness: number }> = [];
      for (const encoding of ["shift_jis", "euc-jp"] as const) {
        const text = tryDecode(bytes, encoding);
        if (text !== undefined) candidates.push({ text, encoding, oddness: oddness(text) });
      }
      candidates.sort((a, b) => a.oddness - b.oddness);
      const best = candidates[0];
      if (best) decoded = { text: best.text, encoding: best.encoding };
    }
  } else {
    decoded = utf16WithoutBom(bytes);
    if (!decoded) {
      throw new SheetExtractError(
        "UNSUPPORTED_FORMAT",
        "the file holds NUL bytes: it is binary, not a text dump (nor UTF-16 without a BOM, which is read when its characters are Japanese text)",
      );
    }
  }
  if (!decoded) {
    throw new SheetExtractError(
      "UNSUPPORTED_ENCODING",
      "the text is neither UTF-8, UTF-16 (with BOM), Shift_JIS/CP932 nor EUC-JP; re-save it as UTF-8",
    );
  }
  if (decoded.text.trim() === "") throw new SheetExtractError("EMPTY_FILE", "the file holds only white space");
  return decoded;
}
