// pdf.js 5 inflates every Flate stream through the web DecompressionStream: in Node that is a zlib
// Transform behind two web-stream adapters, with a promise and a thread-pool round trip per chunk.
// A profile of a Chromium PDF put 11 % of reading there. This stand-in inflates the same bytes with
// zlib's synchronous call and offers only what pdf.js uses: `writable.getWriter()` with `ready`,
// `write` and `close`, and `readable` as an async iterable. Its failures are the same failures:
// corrupt or truncated data rejects, and pdf.js then falls back to its own inflater (which is how
// damage is reported), exactly as with the real one.
//
// It replaces a global, so only threads that are ours install it: the batch workers.
//
// One thing it does that the native one cannot: it stops at what the document being read may still
// decode (limits.ts), where the native one inflates a bomb whole before pdf.js sees a byte of it. Past
// that it fails like a corrupt stream; pdf.js then inflates with its own decoder, which claims every
// buffer from the same budget and names the stream (so the file ends TOO_LARGE, not damaged).
import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { currentBudget } from "./limits.js";

type Inflate = (data: Uint8Array, maxOutputLength: number) => Buffer;

const INFLATERS: Record<string, Inflate> = {
  deflate: (data, maxOutputLength) => inflateSync(data, { maxOutputLength }),
  "deflate-raw": (data, maxOutputLength) => inflateRawSync(data, { maxOutputLength }),
  gzip: (data, maxOutputLength) => gunzipSync(data, { maxOutputLength }),
  brotli: (data, maxOutputLength) => brotliDecompressSync(data, { maxOutputLength, params: { [constants.BROTLI_DECODER_PARAM_LARGE_WINDOW]: 1 } }),
};

/** The most one stream may inflate to now: what the budget has left, or zlib's own most. */
function outputLimit(): number {
  const budget = currentBudget();
  if (!budget) return MAX_OUTPUT;
  return Math.max(1, Math.min(MAX_OUTPUT, budget.limits.documentBytes - budget.bytes + 1));
}

/** zlib's own limit on one output buffer (buffer.kMaxLength). */
const MAX_OUTPUT = 2 ** 32;

export class SyncDecompressionStream {
  readonly writable: { getWriter(): Writer };
  readonly readable: AsyncIterable<Uint8Array>;

  constructor(format: string) {
    const inflate = INFLATERS[format];
    if (!inflate) throw new TypeError(`Unsupported compression format: '${format}'`);
    const limit = outputLimit();
    const chunks: Uint8Array[] = [];
    let settle!: { resolve: (out: Uint8Array) => void; reject: (err: unknown) => void };
    const result = new Promise<Uint8Array>((resolve, reject) => (settle = { resolve, reject }));
    // A rejection nobody reads (pdf.js always reads) must not become an unhandled one.
    result.catch(() => {});
    const writer: Writer = {
      ready: Promise.resolve(),
      write: async (chunk) => {
        chunks.push(chunk);
      },
      close: async () => {
        try {
          const input = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
          const out = inflate(input, limit);
          settle.resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
        } catch (err) {
          settle.reject(err);
        }
      },
    };
    this.writable = { getWriter: () => writer };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        const out = await result;
        if (out.byteLength > 0) yield out;
      },
    };
  }
}

interface Writer {
  ready: Promise<void>;
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Puts the synchronous stand-in in place of this thread's DecompressionStream. */
export function installSyncDecompression(): void {
  (globalThis as { DecompressionStream?: unknown }).DecompressionStream = SyncDecompressionStream;
}

/**
 * Whether a failed inflate means damaged data, judged by zlib's own error: Z_DATA_ERROR (a bad
 * block, a bad distance, an Adler-32 that does not match) is damage; pdf.js then inflates the
 * stream with its own decoder, which checks nothing and reads on into whatever the bytes say, or
 * stops with nothing, either way without a word. A stream that merely stops early (Z_BUF_ERROR) is
 * damage only when the deflate data itself is cut: some producers leave the Adler-32 off a complete
 * stream, which reads exactly. Returns zlib's word on the damage, or undefined.
 */
export function inflateDamage(format: string, compressed: Uint8Array, error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const what = (error as { message?: unknown } | null)?.message;
  if (code === "Z_DATA_ERROR") return `zlib: ${String(what)}`;
  if (code !== "Z_BUF_ERROR" || format !== "deflate" || compressed.length < 2) return undefined;
  try {
    // The deflate data without the zlib header and trailer: whole if it reaches its final block.
    inflateRawSync(compressed.subarray(2), { maxOutputLength: outputLimit() });
    return undefined;
  } catch (raw) {
    if ((raw as { code?: unknown }).code !== "Z_BUF_ERROR") return undefined;
    return "zlib: its data ends before its last block";
  }
}
