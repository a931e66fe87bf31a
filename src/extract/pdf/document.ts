// The one pdf.js wrapper (as unpdf's withDocument): it owns the document's lifetime (destroy in
// finally), points pdf.js at the package's own CMaps and standard fonts (resolved from the installed
// package, not the working folder: non-embedded Japanese CID fonts give no text without them), and
// hands the rest of the code positioned text runs and ruling lines, one page at a time.
import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SheetExtractError } from "../../errors.js";
import type { Fill, Segment } from "./geometry.js";
import { inflateDamage } from "./inflate.js";
import { BudgetExceeded, DocumentBudget, claimDecoded, claimImage, currentBudget, describeStream, readLimits, type ReadLimits } from "./limits.js";
import { readOperators, type FontInfo, type PaintedImage } from "./operators.js";
import { registerJapaneseFonts } from "./fonts.js";
import { ocrPixels, pageScan } from "../ocr/image.js";
import type { ScanImage } from "../ocr/page.js";
import type { DecodedImage } from "../ocr/raster.js";
import { InThreadPort } from "./port.js";

export interface TextRun {
  text: string;
  /** Text rendering matrix (font size × text matrix × CTM): baseline start at (e, f), PDF points, origin bottom-left. */
  transform: [number, number, number, number, number, number];
  /** Advance in points, along the writing direction. */
  width: number;
  /** From a vertical (tategaki) font: the advance goes down the page. */
  vertical?: boolean;
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  /** The page's view box [x0, y0, x1, y1]. */
  view: [number, number, number, number];
  /** PDF space → display space (top-left origin, y down, page rotation applied), at scale 1. */
  toDisplay: [number, number, number, number, number, number];
  /** Display size. */
  width: number;
  height: number;
  runs: TextRun[];
  /** Horizontal and vertical ruling lines drawn on the page (strokes and thin fills). */
  segments: Segment[];
  /** Filled rectangles that are no rules (shaded cells), in PDF space. */
  fills: Fill[];
  /** Glyphs drawn outside their clipping path (operators.ts), not printed: not in `runs`. */
  cut?: TextRun[];
  /** How many images the page paints (reading decodes none of them); absent when none. */
  paintedImages?: number;
  /** The page as an image, for OCR: only when the reader asked for it (PageReadOptions.wantScan). */
  scan?: ScanImage;
}

/** How withPdfPages reads: within what limits, and which pages it takes as images for OCR. */
export interface PageReadOptions {
  /** What the document may cost (limits.ts). Default: readLimits() at the default --max-memory. */
  limits?: ReadLimits;
  /** Whether to take this page's image for OCR (a page without a text layer). */
  wantScan?: (page: PdfPage) => boolean;
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsLoading: Promise<PdfJs> | undefined;

/**
 * pdf.js's legacy build brings core-js, which on Node 20 (V8 11) replaces some builtins the engine
 * already has with JavaScript versions: Array.prototype.push (for an edge case of arrays longer
 * than 2³² − 1), JSON.parse and JSON.stringify, Function.prototype.toString. They are several times
 * slower and process-wide (a profile showed push alone at 8 % of extraction). The polyfills for
 * what Node 20 lacks (Promise.withResolvers, Map.prototype.getOrInsert, Uint8Array.fromBase64 …)
 * stay; these four get their native versions back.
 */
const NATIVE_BUILTINS: Array<[object, PropertyKey]> = [
  [Array.prototype, "push"],
  [JSON, "parse"],
  [JSON, "stringify"],
  [Function.prototype, "toString"],
];

/**
 * What the build's pdf.js worker calls (scripts/patch-pdfjs-worker.mjs): decoders claim their output
 * from the document's budget (limits.ts), images are told before they are left out, and a stream
 * zlib refused is judged damaged or not (inflate.ts). pdfjs-dist's own worker calls none of them.
 */
function installPdfjsHook(): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("sheet-extract.pdfjs")] ??= {
    decoded: claimDecoded,
    image: claimImage,
    inflateFailed: (stream: object, format: string, compressed: Uint8Array, reason: unknown): string | undefined => {
      const damage = inflateDamage(format, compressed, reason);
      return damage && `${describeStream(stream)} is damaged (${damage})`;
    },
  };
}

function loadPdfJs(): Promise<PdfJs> {
  installPdfjsHook();
  if (!pdfjsLoading) {
    const saved = NATIVE_BUILTINS.map(([target, key]) => [target, key, Object.getOwnPropertyDescriptor(target, key)] as const);
    pdfjsLoading = (async () => {
      const mod = await loadMainModule();
      // pdf.js runs its "worker" in this thread; load it now (it is looked up on globalThis) so
      // its own core-js copy installs before the natives are put back, not at the first document.
      const worker = await loadWorkerModule();
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      for (const [target, key, descriptor] of saved) if (descriptor) Object.defineProperty(target, key, descriptor);
      return mod;
    })();
  }
  return pdfjsLoading;
}

type PdfJsWorkerModule = typeof import("pdfjs-dist/legacy/build/pdf.worker.mjs");

/**
 * pdf.js's worker half as the build wrote it (scripts/patch-pdfjs-worker.mjs: built-in CMaps parsed
 * once per process, not once per document). The path is the same from src/ and dist/. Without a
 * build (tests run from src/ before one), or with SHEET_EXTRACT_STOCK_PDFJS=1 (to rule the patch out
 * when a PDF reads oddly), the package's own worker reads the same text, slower.
 */
const PATCHED_WORKER = new URL("../../../dist/pdfjs/pdf.worker.mjs", import.meta.url);

/**
 * pdf.js's main half as the build wrote it (scripts/patch-pdfjs-worker.mjs: @napi-rs/canvas loaded
 * when something is first drawn, not when the module loads; reading draws nothing). Without a
 * build, or with SHEET_EXTRACT_STOCK_PDFJS=1, pdfjs-dist's own.
 */
const PATCHED_MAIN = new URL("../../../dist/pdfjs/pdf.mjs", import.meta.url);

async function loadMainModule(): Promise<PdfJs> {
  if (process.env.SHEET_EXTRACT_STOCK_PDFJS !== "1" && existsSync(PATCHED_MAIN)) return (await import(PATCHED_MAIN.href)) as PdfJs;
  return import("pdfjs-dist/legacy/build/pdf.mjs");
}

/** Which worker half reading uses: the build's, with the CMap cache, or pdfjs-dist's own. */
export let pdfjsWorkerKind: "patched" | "stock" | undefined;

async function loadWorkerModule(): Promise<PdfJsWorkerModule> {
  // A worker half written elsewhere by the patch script (the tests' --cmaps-only build).
  const other = process.env.SHEET_EXTRACT_PDFJS_WORKER;
  if (other) {
    pdfjsWorkerKind = "patched";
    return (await import(pathToFileURL(other).href)) as PdfJsWorkerModule;
  }
  if (process.env.SHEET_EXTRACT_STOCK_PDFJS !== "1" && existsSync(PATCHED_WORKER)) {
    pdfjsWorkerKind = "patched";
    return (await import(PATCHED_WORKER.href)) as PdfJsWorkerModule;
  }
  pdfjsWorkerKind = "stock";
  return import("pdfjs-dist/legacy/build/pdf.worker.mjs");
}

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("pdfjs-dist/package.json"));
}

/** Resource folders of the installed pdfjs-dist, with the trailing separator pdf.js expects. */
export function pdfjsResources(): { cMapUrl: string; standardFontDataUrl: string } {
  const dir = packageDir();
  return {
    cMapUrl: path.join(dir, "cmaps") + path.sep,
    standardFontDataUrl: path.join(dir, "standard_fonts") + path.sep,
  };
}

export interface DocumentInfo {
  pages: number;
  /** How many times the document's fonts and resources were released while it was read. */
  releases: number;
  /** Images pdf.js was told not to decode (reading needs no pixels). */
  imagesSkipped: number;
  /** What pdf.js had to repair or skip: damage to report, never to read past silently. */
  damage: PdfDamage;
}

export interface PdfDamage {
  /** The cross-reference table was broken and pdf.js rebuilt it (or other document-level repairs). */
  repaired: string[];
  /** Pages (1-based) whose content failed to decode in whole or in part, with pdf.js's first word on it. */
  pages: Array<{ page: number; message: string }>;
}

/**
 * pdf.js's warnings that mean the file is damaged: a rebuilt xref, streams that failed to inflate,
 * content streams with garbage in them. Font-program warnings (TT:, CFF) are left out on purpose:
 * real files raise them and still read exactly.
 */
const DAMAGE =
  /Indexing all PDF objects|getHexString|Unterminated|Unknown command|ignoring errors during|Invalid stream|Bad FCHECK|Bad FDICT|Invalid block type|Bad encoding in flate|XRef|Invalid (?:object ref|number|PDF)|Expected name|End of file|Empty "FlateDecode" stream|Malformed CMap|Invalid cMap data|Missing setFont|Skipping command|Unexpected|corrupt|damaged/i;

/** Warnings pdf.js gives while a document of ours is being read, by the async context of that read. */
const warningsOfRead = new AsyncLocalStorage<string[]>();
let warnHooked = false;

/**
 * pdf.js reports what it repaired or skipped only as console.warn("Warning: …"). Those are
 * collected for the document being read (several may be read at once in one thread) and never
 * printed: the document's warnings carry them.
 */
function hookWarnings(): void {
  if (warnHooked) return;
  warnHooked = true;
  const original = console.warn.bind(console);
  console.warn = (...args: unknown[]): void => {
    const first = args[0];
    if (typeof first === "string" && first.startsWith("Warning: ")) {
      warningsOfRead.getStore()?.push(first.slice("Warning: ".length));
      return;
    }
    original(...args);
  };
}

/** pdf.js's word for an image over maxImageSize, left undecoded. */
const IMAGE_SKIPPED = "Image exceeded maximum allowed size";

function damageIn(messages: readonly string[]): string | undefined {
  return messages.find((m) => DAMAGE.test(m));
}

type PdfDocumentProxy = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

/** How a document is opened: what for, and within what limits. */
export interface OpenOptions {
  /** "read" (text and rules; images are never decoded) or "render" (pages drawn). Default "render". */
  purpose?: "render" | "read";
  /** What the document may cost (limits.ts). Default: readLimits() at the default --max-memory. */
  limits?: ReadLimits;
}

/**
 * Opens a PDF, hands it to `use`, and destroys it whatever happens. pdf.js errors on opening become
 * PDF_CORRUPT or PDF_ENCRYPTED. Everything pdf.js decodes for it, from opening to the end of `use`,
 * is claimed from one DocumentBudget (limits.ts): past it, this throws TOO_LARGE, whatever pdf.js
 * made of the failure. For uses other than reading (the review page renders with it).
 */
export async function withPdfDocument<T>(
  bytes: Uint8Array,
  use: (doc: PdfDocumentProxy, pdfjs: PdfJs, budget: DocumentBudget) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const purpose = options.purpose ?? "render";
  const budget = new DocumentBudget(options.limits ?? readLimits());
  const pdfjs = await loadPdfJs();
  hookWarnings();
  return budget.run(async () => {
    // Reading gets its own in-thread worker on a port that does not deep-copy operator lists (port.ts).
    const port = purpose === "read" && readOptions.sharedOperators ? new InThreadPort() : undefined;
    const worker = port ? await inThreadWorker(pdfjs, port) : undefined;
    const task = pdfjs.getDocument({
      ...(worker ? { worker } : {}),
      // pdf.js takes ownership of (and may detach) the buffer it is given: hand it a copy.
      data: new Uint8Array(bytes),
      ...pdfjsResources(),
      cMapPacked: true,
      isEvalSupported: false,
      useSystemFonts: false,
      // In Node pdf.js draws glyphs as paths, which it builds for every glyph shown (6 % of reading a
      // Chromium PDF). Reading needs no glyph shapes: see skipFontBinding.
      disableFontFace: purpose === "render",
      // Text needs no image: reading decodes none (a 1 GiB image had been decoded to read a line of
      // text). Rendering decodes those whose RGBA pixels fit in the document's allowance. pdf.js
      // leaves the others out, telling the budget, which makes a file with one too large to draw
      // TOO_LARGE (limits.ts, claimImage).
      maxImageSize: purpose === "read" ? 0 : budget.limits.imagePixels,
      stopAtErrors: false,
      // Warnings are collected (hookWarnings), not printed: they are how damage is known.
      verbosity: 1,
    });
    let doc: PdfDocumentProxy | undefined;
    try {
      try {
        doc = await task.promise;
      } catch (err) {
        throw budget.error() ?? openError(err);
      }
      if (purpose === "read") skipFontBinding(doc);
      if (port) portOf.set(doc, port);
      try {
        return await use(doc, pdfjs, budget);
      } catch (err) {
        // pdf.js may have turned the budget's error into one of its own (a page that failed to load).
        throw budget.error() ?? err;
      }
    } finally {
      await (doc ? doc.destroy() : task.destroy());
      worker?.destroy();
      port?.terminate();
    }
  });
}

/**
 * When the document's fonts and resources are released between pages (pdfDocument.cleanup(): the
 * worker half drops its font cache, the main half its loaded fonts; a font a later page uses again
 * is parsed again). pdf.js otherwise keeps every font it loaded for the document's life, so memory
 * grew with the fonts of a book put together from many files (a thousand subsets in 408 pages:
 * 495 MB at peak, 330 MB cleaned every 16 pages or every page alike). Every page costs documents
 * whose pages share their fonts the parse again (the sheet corpus: +40 % time), so the release
 * waits for many pages or many fonts, whichever comes first.
 */
export const RELEASE_EVERY: Readonly<{ pages: number; fonts: number }> = {
  /** Pages read since the last release. */
  pages: 16,
  /** Fonts set on the pages read since the last release (distinct names). */
  fonts: 64,
};

/** How reading talks to pdf.js; switches for tests that compare the ways. */
export const readOptions: { sharedOperators: boolean; releaseEvery: { pages: number; fonts: number } } = {
  /** Operator lists handed over without a deep copy (port.ts). Default true. */
  sharedOperators: true,
  /** When the document's fonts are released (RELEASE_EVERY). */
  releaseEvery: RELEASE_EVERY,
};

/** The port a document being read talks through (where failed streams are seen). */
const portOf = new WeakMap<object, InThreadPort>();

/** pdf.js's worker half set up in this thread on `port`, and the main half's handle on it. */
async function inThreadWorker(pdfjs: PdfJs, port: InThreadPort): Promise<InstanceType<PdfJs["PDFWorker"]>> {
  const { WorkerMessageHandler } = (globalThis as { pdfjsWorker?: PdfJsWorkerModule }).pdfjsWorker ?? {};
  if (!WorkerMessageHandler) throw new Error("pdf.js's worker module is not loaded");
  WorkerMessageHandler.initializeFromPort(port);
  const worker = new pdfjs.PDFWorker({ port: port as unknown as NonNullable<ConstructorParameters<PdfJs["PDFWorker"]>[0]>["port"], verbosity: 1 });
  await worker.promise;
  return worker;
}

/**
 * With font faces enabled, pdf.js hands each font to its FontLoader, which in Node has no document
 * to load it into and would ask for a fallback font (with paths again). Reading never draws: the
 * loader is told every font is bound. Should a later pdf.js move the loader, nothing breaks: fonts
 * then take the fallback path, which reads the same text, only slower.
 */
function skipFontBinding(doc: PdfDocumentProxy): void {
  const loader = (doc as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (loader && typeof loader.bind === "function") loader.bind = async (): Promise<void> => {};
}


/**
 * Opens a PDF, calls `onPage` for every page in order (each page is read once and released), and
 * destroys the document whatever happens.
 */
export async function withPdfPages(
  bytes: Uint8Array,
  onPage: (page: PdfPage) => void | Promise<void>,
  options: PageReadOptions = {},
): Promise<DocumentInfo> {
  const warnings: string[] = [];
  return warningsOfRead.run(warnings, () =>
    withPdfDocument(bytes, async (doc, pdfjs, budget) => {
      // Reading decodes no image: a page taken for OCR is taken from a second copy of the document
      // opened for drawing (its images decoded within the same budget), at the first such page only.
      let renderer: Promise<PdfDocumentProxy> | undefined;
      try {
        const damage: PdfDamage = { repaired: [], pages: [] };
        const opening = damageIn(warnings);
        if (opening) damage.repaired.push(opening);
        claimOrThrow(budget, () => budget.claimPages(doc.numPages));
        let readable = 0;
        // Fonts set and pages read since the document's resources were last released.
        const fonts = new Set<string>();
        let pagesHeld = 0;
        let releases = 0;
        for (let n = 1; n <= doc.numPages; n++) {
          const before = warnings.length;
          budget.page = n;
          // A page pdf.js cannot read is damage on that page; the other pages are still read.
          let page: PdfPage | undefined;
          let failure: string | undefined;
          try {
            const read = await readPage(doc, pdfjs, n, fonts);
            page = read.page;
            const skipped = warnings.slice(before).filter((w) => w.startsWith(IMAGE_SKIPPED)).length;
            if (skipped > 0) page.paintedImages = skipped;
            if (read.malformed > 0) {
              failure = `${read.malformed} operator${read.malformed === 1 ? "" : "s"} with an argument that is no number, left out`;
            }
          } catch (err) {
            failure = err instanceof Error ? err.message : String(err);
          }
          // A page whose operator list failed half way comes back as what was read (port.ts): its
          // text is kept, and the page is damaged.
          const failedStream = portOf.get(doc)?.takeFailures()[0];
          failure ??= failedStream;
          // pdf.js goes on past a stream the budget stopped (as past any bad stream): the file stops here.
          const tooLarge = budget.error();
          if (tooLarge) throw tooLarge;
          const damaged = failure ?? damageIn(warnings.slice(before));
          if (damaged !== undefined) damage.pages.push({ page: n, message: damaged });
          pagesHeld += 1;
          if (page && options.wantScan?.(page)) {
            renderer ??= openForDrawing(bytes);
            const mark = budget.bytes;
            page.scan = await scanOf(await renderer, pdfjs, page, budget);
            // pdf.js's copy of the image is freed with the page (its grey copy, the scan, is OCR's, bounded by ocrPixels).
            budget.release(mark);
          }
          if (page) {
            readable += 1;
            await onPage(page);
          }
          const every = readOptions.releaseEvery;
          if (n < doc.numPages && (pagesHeld >= every.pages || fonts.size >= every.fonts)) {
            await doc.cleanup();
            releases += 1;
            fonts.clear();
            pagesHeld = 0;
          }
        }
        if (doc.numPages > 0 && readable === 0) {
          throw new SheetExtractError("PDF_CORRUPT", `none of the ${doc.numPages} page(s) can be read (${damage.pages[0]?.message ?? "?"})`, { page: 1 });
        }
        const imagesSkipped = warnings.filter((w) => w.startsWith(IMAGE_SKIPPED)).length;
        return { pages: doc.numPages, damage, releases, imagesSkipped };
      } finally {
        if (renderer) await (await renderer.catch(() => undefined))?.destroy();
      }
    }, { purpose: "read", ...(options.limits ? { limits: options.limits } : {}) }),
  );
}

/**
 * A second copy of the document, for drawing pages (fonts bound, glyphs drawn, images decoded up to
 * the budget's imagePixels). Opened inside the reading's budget (limits.ts): what it decodes is
 * claimed from the same allowance, and an image too large to draw is the budget's TOO_LARGE.
 */
async function openForDrawing(bytes: Uint8Array): Promise<PdfDocumentProxy> {
  registerJapaneseFonts();
  const pdfjs = await loadPdfJs();
  const budget = currentBudget();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    ...pdfjsResources(),
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    maxImageSize: budget ? budget.limits.imagePixels : -1,
    stopAtErrors: false,
    verbosity: 1,
  });
  return task.promise;
}

/**
 * Page `page.number` of the drawing copy as OCR reads it: its one full-page image as decoded (a
 * scanner's own pixels read better than a drawing of them), else the page drawn (ocr/image.ts).
 */
async function scanOf(drawing: PdfDocumentProxy, pdfjs: PdfJs, page: PdfPage, budget: DocumentBudget): Promise<ScanImage> {
  const p = await drawing.getPage(page.number);
  try {
    const operators = await p.getOperatorList();
    const tooLarge = budget.error();
    if (tooLarge) throw tooLarge;
    const common = p.commonObjs as { has(id: string): boolean; get(id: string): unknown };
    const local = p.objs as { has(id: string): boolean; get(id: string): unknown };
    const { images } = readOperators(operators, pdfjs.OPS, (name) => (common.has(name) ? (common.get(name) as FontInfo) : undefined));
    const decoded = (image: PaintedImage): DecodedImage | undefined => {
      const src = image.source;
      const data = "objId" in src ? (local.has(src.objId) ? local.get(src.objId) : common.has(src.objId) ? common.get(src.objId) : undefined) : "inline" in src ? src.inline : undefined;
      const d = data as Partial<DecodedImage> | undefined;
      return d && typeof d.width === "number" && typeof d.height === "number" && typeof d.kind === "number" && d.data ? (d as DecodedImage) : undefined;
    };
    const draw = async (scale: number): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> => {
      const viewport = p.getViewport({ scale });
      const width = Math.max(1, Math.ceil(viewport.width));
      const height = Math.max(1, Math.ceil(viewport.height));
      const factory = (drawing as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } } }).canvasFactory;
      const { canvas, context } = factory.create(width, height);
      await p.render({ canvasContext: context as never, canvas: canvas as never, viewport, background: "white" }).promise;
      const drawnTooLarge = budget.error();
      if (drawnTooLarge) throw drawnTooLarge;
      return { width, height, rgba: context.getImageData(0, 0, width, height).data };
    };
    return await pageScan({ ...page, images }, decoded, draw, ocrPixels(budget.limits.documentBytes - budget.bytes));
  } finally {
    p.cleanup();
  }
}

/** Runs a claim; past the budget, the budget's TOO_LARGE error. */
function claimOrThrow(budget: DocumentBudget, claim: () => void): void {
  try {
    claim();
  } catch (err) {
    if (err instanceof BudgetExceeded) throw budget.error() ?? err;
    throw err;
  }
}

/**
 * One page's positioned text and rules, and how many operators were left out as malformed; throws
 * what pdf.js throws for a page it cannot read. The names of the fonts the page sets are added to
 * `fonts`.
 */
async function readPage(doc: PdfDocumentProxy, pdfjs: PdfJs, n: number, fonts: Set<string>): Promise<{ page: PdfPage; malformed: number }> {
  const page = await doc.getPage(n);
  try {
    const operators = await page.getOperatorList();
    const objs = page.commonObjs as { has(id: string): boolean; get(id: string): unknown };
    const fontOf = (name: string): FontInfo | undefined => {
      fonts.add(name);
      return objs.has(name) ? (objs.get(name) as FontInfo) : undefined;
    };
    const { runs, segments, fills, malformed, cut } = readOperators(operators, pdfjs.OPS, fontOf);
    const viewport = page.getViewport({ scale: 1 });
    const read: PdfPage = {
      number: n,
      view: page.view as PdfPage["view"],
      toDisplay: viewport.transform as PdfPage["toDisplay"],
      width: viewport.width,
      height: viewport.height,
      runs,
      segments,
      fills,
      cut,
    };
    return { page: read, malformed };
  } finally {
    page.cleanup();
  }
}

function openError(err: unknown): SheetExtractError {
  const name = (err as { name?: string } | undefined)?.name;
  const message = err instanceof Error ? err.message : String(err);
  if (name === "PasswordException") {
    return new SheetExtractError("PDF_ENCRYPTED", "the PDF is encrypted with a user password; give an unlocked copy", {}, { cause: err });
  }
  return new SheetExtractError("PDF_CORRUPT", `the PDF cannot be parsed (${message})`, {}, { cause: err });
}
