import { describe, expect, it } from "vitest";
import { decodeText } from "../src/extract/text/decode.js";
import { SheetExtractError } from "../src/errors.js";
import fs from "node:fs";
import path from "node:path";

const SAMPLES = path.join(import.meta.dirname, "..", "samples");

const text = "重点目標\t地域内分権①の推進～";

// Node has no Shift_JIS encoder; these bytes are the text above in CP932, made with Python's cp932 codec.
const SJIS_BYTES = Uint8Array.from(Buffer.from("8f64935f96da955709926e88e693e095aa8ca0874082cc908490698160", "hex"));

describe("text encodings", () => {
  it("reads UTF-8 without BOM", () => {
    expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, encoding: "utf-8" });
  });
  it("reads UTF-8 with BOM and drops the BOM", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(decodeText(bytes)).toEqual({ text, encoding: "utf-8" });
  });
  it("detects Shift_JIS/CP932 (① and ～ included)", () => {
    expect(decodeText(SJIS_BYTES)).toEqual({ text, encoding: "shift_jis" });
  });
  it("reads UTF-16LE with BOM", () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    expect(decodeText(bytes)).toEqual({ text, encoding: "utf-16le" });
  });
  it.each(["utf-16le", "utf-16be"] as const)("reads %s without a BOM, told by its NUL bytes (a dump of a sample)", (encoding) => {
    const dump = fs.readFileSync(path.join(SAMPLES, "shogai-h30.txt"), "utf8").replace(/^\uFEFF/u, "");
    const le = Buffer.from(dump, "utf16le");
    const bytes = encoding === "utf-16le" ? le : Buffer.from(le).swap16();
    expect(decodeText(new Uint8Array(bytes))).toEqual({ text: dump, encoding });
  });
  it("reads UTF-16 without a BOM that holds U+3000 and 一 (a NUL in the other byte too)", () => {
    const t = "重点目標\t一\u3000地域\n";
    expect(decodeText(new Uint8Array(Buffer.from(t, "utf16le")))).toEqual({ text: t, encoding: "utf-16le" });
  });
  it("reads EUC-JP", () => {
    // 重点目標 in EUC-JP
    const bytes = Uint8Array.from(Buffer.from("bdc5c5c0ccdcc9b8", "hex"));
    expect(decodeText(bytes)).toEqual({ text: "重点目標", encoding: "euc-jp" });
  });
  it.each([
    ["an empty file", new Uint8Array(), "EMPTY_FILE"],
    ["a file of white space", new TextEncoder().encode(" \n\t\n"), "EMPTY_FILE"],
    ["binary bytes", new Uint8Array([0x25, 0x00, 0x01, 0x02]), "UNSUPPORTED_FORMAT"],
    ["bytes that are no Japanese encoding", new Uint8Array([0x82, 0xff, 0xfe, 0x80, 0xa0, 0xff]), "UNSUPPORTED_ENCODING"],
  ])("rejects %s with a code", (_name, bytes, code) => {
    let caught: unknown;
    try {
      decodeText(bytes);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SheetExtractError);
    expect((caught as SheetExtractError).code).toBe(code);
  });
});
