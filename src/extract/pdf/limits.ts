// What one PDF may cost, derived from one number, --max-memory (M MiB per file), and the budget
// that holds a document to it while pdf.js reads or renders it.
//
// V8's heap limit (the worker's resourceLimits) does not see the bytes pdf.js's decoders produce:
// they are typed arrays, off the heap. A 1 MB file whose stream inflates to 4 GB went past 10 GB
// with a 512 MiB limit. So M is split: the worker's heap gets three quarters, and everything a
// document accumulates off it gets the last quarter, counted here as it is allocated:
//   - every byte a decoder allocates (Flate, LZW, RunLength, ASCII85/Hex, CCITT, predictors and
//     Brotli; the JPEG and JBIG2 decoders' planes), counted for the whole document, so a stream
//     that inflates past it, or many that do together, stop there;
//   - every page, at what pdf.js keeps of a page it has loaded until the document is closed.
// Images are never decoded for reading (text needs none), but one whose RGBA pixels would not fit
// in that quarter makes the file TOO_LARGE there as it would when rendered (the review page, OCR).
//
// pdf.js's worker half calls claimDecoded and claimImage through the hook document.ts installs
// (scripts/patch-pdfjs-worker.mjs adds the calls); the budget of the document being read is found
// by the async context of its reading, so documents read at once in one thread each have their own.
import { AsyncLocalStorage } from "node:async_hooks";
import { SheetExtractError } from "../../errors.js";

/** --max-memory's default, MiB. */
export const DEFAULT_MAX_MEMORY_MB = 1536;

/** The constants the limits are made of, each with why it is what it is. */
export const LIMIT_RULES = {
  /**
   * Share of M for what a document accumulates off the V8 heap (decoded bytes, kept pages). A
   * sheet's streams decode to a few MB (content streams, subset fonts; a whole embedded CJK font is
   * 20 MB); the 400-page budget book decodes to 60 MB. The heap keeps the rest: the book peaks at
   * 300 MB, so even --max-memory 512 reads it.
   */
  documentShare: 1 / 4,
  /**
   * What pdf.js keeps of each page it has loaded until the document is closed (its page objects
   * and caches in both halves, which have no way to drop a page): 4 KiB measured over 20,000 pages
   * of one line each. A document's pages must fit in its share before any is read.
   */
  bytesPerPage: 4096,
  /** An image or a canvas is drawn as RGBA: its pixels must fit in the share at this many bytes each. */
  bytesPerPixel: 4,
  /**
   * The review page draws pages for a person to read beside the fields: 1.5 px per point, so an A3
   * page is 2.3 Mpx. A page larger than this many pixels (a 200-inch page at that scale would be
   * 466 Mpx, 1.9 GB as RGBA) is drawn smaller, to fit.
   */
  reviewPagePixels: 2 ** 24,
} as const;

export interface ReadLimits {
  /** --max-memory, MiB. */
  maxMemoryMb: number;
  /** The V8 heap a worker reading one file gets (old generation), MiB. */
  heapMb: number;
  /** What one document may accumulate off the heap: decoded bytes and kept pages, bytes. */
  documentBytes: number;
  /** Pixels of the largest image rendering may decode (its RGBA copy fits in documentBytes). */
  imagePixels: number;
}

/** The limits for one file under --max-memory `maxMemoryMb`. */
export function readLimits(maxMemoryMb: number = DEFAULT_MAX_MEMORY_MB): ReadLimits {
  if (!(Number.isFinite(maxMemoryMb) && maxMemoryMb > 0)) throw new RangeError(`maxMemoryMb must be a number above 0, got ${String(maxMemoryMb)}`);
  const documentBytes = Math.floor(maxMemoryMb * LIMIT_RULES.documentShare * 2 ** 20);
  return {
    maxMemoryMb,
    heapMb: Math.max(1, Math.floor(maxMemoryMb - documentBytes / 2 ** 20)),
    documentBytes,
    imagePixels: Math.floor(documentBytes / LIMIT_RULES.bytesPerPixel),
  };
}

/**
 * The scale to draw a page at: `wanted`, or less so that its canvas has at most `maxPixels` pixels.
 * `width` and `height` are the page's size at scale 1 (points).
 */
export function fitScale(width: number, height: number, wanted: number, maxPixels: number): number {
  const area = Math.abs(width * height) * wanted * wanted;
  if (!(area > maxPixels)) return wanted;
  return wanted * Math.sqrt(maxPixels / area);
}

/** Where the limit was passed. */
export interface Breach {
  /** What passed it: decoded data, the pages counted at opening, or an image too large to draw. */
  kind: "decoded" | "pages" | "image";
  /** What passed it, for the message: "stream 12 0 R", "an image decoder", "20000 pages". */
  what: string;
  /** 1-based page being read when it happened; undefined while opening the file. */
  page: number | undefined;
  /** Bytes claimed in all when it happened (with the claim that passed). */
  bytes: number;
}

/** What pdf.js's decoders hand the hook: a stream, whose dictionary names its object. */
interface DecoderStream {
  dict?: { objId?: unknown } | undefined;
  stream?: DecoderStream | undefined;
}

/**
 * The off-heap allowance of one document. Claims add up over the document's life; the claim that
 * passes the allowance is the breach, and every claim after it fails too, so pdf.js stops decoding
 * at once (it catches the error and goes on with its next operator or page, which the reader
 * then stops: see `check`).
 */
export class DocumentBudget {
  readonly limits: ReadLimits;
  /** The page being read (1-based), for naming the breach. */
  page: number | undefined;
  private used = 0;
  private readonly perStream = new WeakMap<object, number>();
  private breached: Breach | undefined;

  constructor(limits: ReadLimits) {
    this.limits = limits;
  }

  get exceeded(): Breach | undefined {
    return this.breached;
  }

  get bytes(): number {
    return this.used;
  }

  /**
   * `stream` now holds a buffer of `size` bytes (a decoder growing its output), or, with no stream,
   * `size` more bytes are allocated. Throws past the allowance.
   */
  claimDecoded(stream: object | null, size: number): void {
    // A size read from a broken header may be no number: the allocation fails by itself then.
    if (!(size >= 0 && Number.isFinite(size))) return;
    let more = size;
    if (stream) {
      const before = this.perStream.get(stream) ?? 0;
      if (size <= before && !this.breached) return;
      more = Math.max(0, size - before);
      this.perStream.set(stream, Math.max(before, size));
    }
    this.claim("decoded", more, () => describeStream(stream));
  }

  /**
   * What was claimed since the claims stood at `mark` bytes (`bytes` read then) is freed: a page
   * drawn or its image decoded for OCR, released once taken (its pixels are claimed again by the
   * next page, not added up over a scan of many pages). A breach stays.
   */
  release(mark: number): void {
    if (!this.breached) this.used = Math.min(this.used, Math.max(0, mark));
  }

  /** The document has `count` pages, each kept by pdf.js until it is closed. */
  claimPages(count: number): void {
    this.claim("pages", count * LIMIT_RULES.bytesPerPage, () => `${count} pages`);
  }

  /**
   * pdf.js meets an image of `width` × `height` pixels (and leaves it out: reading decodes none).
   * One whose RGBA pixels would not fit in the allowance could never be drawn (the review page,
   * OCR): the file is TOO_LARGE, as it would be there, rather than read as if the image were not.
   */
  claimImage(image: object | null, width: number, height: number): void {
    if (this.breached) throw new BudgetExceeded(this.breached);
    if (!(width * height > this.limits.imagePixels)) return;
    const name = describeStream(image).replace(/^stream/, "image");
    this.breached = { kind: "image", what: `${name} of ${width}×${height} pixels`, page: this.page, bytes: width * height * LIMIT_RULES.bytesPerPixel };
    throw new BudgetExceeded(this.breached);
  }

  private claim(kind: Breach["kind"], bytes: number, what: () => string): void {
    if (this.breached) throw new BudgetExceeded(this.breached);
    this.used += bytes;
    if (this.used > this.limits.documentBytes) {
      this.breached = { kind, what: what(), page: this.page, bytes: this.used };
      throw new BudgetExceeded(this.breached);
    }
  }

  /** The TOO_LARGE error for the breach, if there was one. */
  error(): SheetExtractError | undefined {
    const b = this.breached;
    if (!b) return undefined;
    const mib = (n: number): string => `${Math.ceil(n / 2 ** 20)} MiB`;
    const allowance = `${mib(this.limits.documentBytes)} a document may hold off the heap (a quarter of --max-memory ${this.limits.maxMemoryMb})`;
    if (b.kind === "pages") {
      return new SheetExtractError(
        "TOO_LARGE",
        `the PDF has ${b.what}: pdf.js keeps about ${LIMIT_RULES.bytesPerPage / 1024} KiB of each page until the end, ` +
          `which with what opening it decoded is ${mib(b.bytes)}, over the ${allowance}`,
      );
    }
    const where = b.page !== undefined ? `on page ${b.page}` : "while opening the file";
    if (b.kind === "image") {
      return new SheetExtractError(
        "TOO_LARGE",
        `${b.what} (${where}) would take ${mib(b.bytes)} to draw, more than the ${allowance}: an image bomb, or a scan too fine for this limit`,
        b.page !== undefined ? { page: b.page } : {},
      );
    }
    return new SheetExtractError(
      "TOO_LARGE",
      `${b.what} (${where}) decodes to more than the ${allowance}: a decompression or image bomb, or a file too large for this limit`,
      b.page !== undefined ? { page: b.page } : {},
    );
  }

  /** Runs `work` (pdf.js opening, reading or rendering a document) with this budget for its decoders. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return current.run(this, work);
  }
}

/** Thrown into pdf.js's decoders; pdf.js catches it as it catches any bad stream. */
export class BudgetExceeded extends Error {
  override readonly name = "BudgetExceeded";
  constructor(readonly breach: Breach) {
    super(`decoded data over the limit (${breach.what})`);
  }
}

/** A stream's object as a PDF reference ("12R" → "stream 12 0 R"), or what decoded it. */
export function describeStream(stream: object | null): string {
  let s = stream as DecoderStream | null;
  for (let i = 0; s && i < 8; i++, s = s.stream ?? null) {
    const id = s.dict?.objId;
    if (typeof id === "string") {
      const m = /^(\d+)R(\d*)$/.exec(id);
      return m ? `stream ${m[1]} ${m[2] || "0"} R` : `stream ${id}`;
    }
  }
  return stream ? "a stream without an object number (inline or nested)" : "an image decoder (JPEG or JBIG2)";
}

const current = new AsyncLocalStorage<DocumentBudget>();

/** The budget of the document whose reading is running now, if any. */
export function currentBudget(): DocumentBudget | undefined {
  return current.getStore();
}

/** A decoder's claim, from the budget of the document being read (none outside a reading). */
export function claimDecoded(stream: object | null, size: number): void {
  current.getStore()?.claimDecoded(stream, size);
}

/** An image pdf.js met, against the budget of the document being read. */
export function claimImage(image: object | null, width: number, height: number): void {
  current.getStore()?.claimImage(image, width, height);
}
