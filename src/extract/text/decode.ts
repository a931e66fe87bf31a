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
    throw new SheetExtractError("UNSUPPORTED_FORMAT", "the file holds NUL bytes: it is binary, not a text dump");
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
