// The batch workers inflate with zlib's synchronous call in place of the web DecompressionStream
// (src/extract/pdf/inflate.ts). pdf.js must see the same bytes and the same failures, and a PDF must
// read to the same rows and the same damage report either way.
import fs from "node:fs";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { SyncDecompressionStream, installSyncDecompression } from "../src/extract/pdf/inflate.js";
import { readPdfGrid } from "../src/extract/pdf/reader.js";
import type { Row } from "../src/extract/grid.js";

type Stream = new (format: string) => { readable: AsyncIterable<Uint8Array>; writable: { getWriter(): { ready: Promise<void>; write(b: Uint8Array): Promise<void>; close(): Promise<void> } } };

/** What pdf.js does with a DecompressionStream (asyncGetBytesFromDecompressionStream): bytes, or null on failure. */
async function inflateAsPdfjs(Impl: Stream, bytes: Uint8Array): Promise<Uint8Array | null> {
  try {
    const { readable, writable } = new Impl("deflate");
    const writer = writable.getWriter();
    await writer.ready;
    writer
      .write(bytes)
      .then(async () => {
        await writer.ready;
        await writer.close();
      })
      .catch(() => {});
    const chunks: Uint8Array[] = [];
    for await (const chunk of readable) chunks.push(chunk);
    return new Uint8Array(Buffer.concat(chunks));
  } catch {
    return null;
  }
}

const text = new TextEncoder().encode("BT /F1 12 Tf 72 712 Td (重点目標) Tj ET\n".repeat(2000));
const good = new Uint8Array(deflateSync(text));
const cases: Array<[string, Uint8Array]> = [
  ["a whole stream", good],
  ["an empty stream", new Uint8Array(deflateSync(new Uint8Array(0)))],
  ["a truncated stream", good.subarray(0, good.length >> 1)],
  ["a bad header", Uint8Array.from([0x78, 0x00, ...good.subarray(2)])],
  ["garbage", new Uint8Array(200).fill(0x41)],
  ["nothing", new Uint8Array(0)],
];

describe("synchronous DecompressionStream", () => {
  for (const [name, bytes] of cases) {
    it(`gives what the web DecompressionStream gives for ${name}`, async () => {
      const native = await inflateAsPdfjs(DecompressionStream as unknown as Stream, bytes);
      const ours = await inflateAsPdfjs(SyncDecompressionStream, bytes);
      expect(ours === null, "fails where the native one fails").toBe(native === null);
      if (native) expect(Buffer.from(ours ?? []).equals(Buffer.from(native))).toBe(true);
    });
  }

  it("refuses a format it does not know, as the native one does", () => {
    expect(() => new SyncDecompressionStream("lzw")).toThrow(TypeError);
  });

  it("reads sample PDFs to the same rows and damage with and without it", async () => {
    const files = ["samples/ueda-r2-html.pdf", "samples/toshi-r5-cid-rksj.pdf", "samples/kosodate-r4-writer.pdf"];
    const read = async (): Promise<string[]> =>
      Promise.all(
        files.map(async (f) => {
          const rows: Row[] = [];
          const grid = await readPdfGrid(new Uint8Array(fs.readFileSync(f)), { push: (r) => rows.push(r) });
          return JSON.stringify({ rows, damage: grid.damage, pages: grid.pages });
        }),
      );
    const original = globalThis.DecompressionStream;
    const before = await read();
    try {
      installSyncDecompression();
      expect(globalThis.DecompressionStream).toBe(SyncDecompressionStream);
      expect(await read()).toEqual(before);
    } finally {
      globalThis.DecompressionStream = original;
    }
  }, 60_000);
});
