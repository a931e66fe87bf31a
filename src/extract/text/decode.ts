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
    for (const encoding of ["utf-8", "shift_jis", "euc-jp"] as const) {
      const text = tryDecode(bytes, encoding);
      if (text !== undefined) {
        decoded = { text, encoding };
        break;
      }
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
