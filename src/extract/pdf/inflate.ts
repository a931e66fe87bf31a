// pdf.js 5 inflates every Flate stream through the web DecompressionStream: in Node that is a zlib
// Transform behind two web-stream adapters, with a promise and a thread-pool round trip per chunk.
// A profile of a Chromium PDF put 11 % of reading there. This stand-in inflates the same bytes with
// zlib's synchronous call and offers only what pdf.js uses: `writable.getWriter()` with `ready`,
// `write` and `close`, and `readable` as an async iterable. Its failures are the same failures:
// corrupt or truncated data rejects, and pdf.js then falls back to its own inflater (which is how
// damage is reported), exactly as with the real one.
//
// It replaces a global, so only threads that are ours install it: the batch workers.
import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";

type Inflate = (data: Uint8Array) => Buffer;

const INFLATERS: Record<string, Inflate> = {
  deflate: (data) => inflateSync(data),
  "deflate-raw": (data) => inflateRawSync(data),
  gzip: (data) => gunzipSync(data),
  brotli: (data) => brotliDecompressSync(data, { params: { [constants.BROTLI_DECODER_PARAM_LARGE_WINDOW]: 1 } }),
};

export class SyncDecompressionStream {
  readonly writable: { getWriter(): Writer };
  readonly readable: AsyncIterable<Uint8Array>;

  constructor(format: string) {
    const inflate = INFLATERS[format];
    if (!inflate) throw new TypeError(`Unsupported compression format: '${format}'`);
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
          const out = inflate(input);
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
