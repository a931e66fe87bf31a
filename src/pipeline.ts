// One input, bytes to validated document: read (pdf | text) → assemble → normalize → validate.
// Knows nothing of files on disk, batches or output formats.
import path from "node:path";
import { SheetExtractError, UsageError, asSheetExtractError } from "./errors.js";
import { createAssembler, type RowSink } from "./extract/assemble.js";
import { createGoalTableAssembler } from "./extract/goalTable.js";
import type { Grid, OcrReading, Row } from "./extract/grid.js";
import { Deadline } from "./deadline.js";
import { LIMITS } from "./limits.js";
import { decodeText } from "./extract/text/decode.js";
import { readTextGrid } from "./extract/text/reader.js";
import { sniffForeign } from "./extract/sniff.js";
import { DEFAULT_MAX_MEMORY_MB, readLimits, type ReadLimits } from "./extract/pdf/limits.js";
import { SheetDocument, type Source, type SourceFormat } from "./model/index.js";
import { buildDocument, sha256Hex } from "./normalize/document.js";
import { needsTokenizer } from "./normalize/facts.js";
import { getTokenizer } from "./normalize/tokenizer.js";
import type { AssembledDocument } from "./extract/assemble.js";
import { coverageOf, documentWarnings, type Coverage } from "./validate/warnings.js";
import type { Warning } from "./model/index.js";

function assembledNeedsTokenizer(doc: AssembledDocument, deadline?: Deadline): boolean {
  for (const sheet of doc.sheets) {
    const texts = [
      ...Object.values(sheet.header).map((f) => f?.text ?? ""),
      ...sheet.items.flatMap((i) => Object.values(i.fields).map((f) => f.text)),
      ...Object.values(sheet.remarks).map((f) => f?.text ?? ""),
    ];
    if (texts.some((t) => needsTokenizer(t, deadline))) return true;
  }
  return false;
}

/** How a file is read: within what memory, and how scanned pages are read (CONTRACT.md "Scanned PDFs"). */
export interface ReadOptions {
  /**
   * Memory one file may take, MiB (--max-memory): bounds what a PDF's streams decode to and its
   * page count (extract/pdf/limits.ts), page images read through OCR and the engine. Default 1536.
   */
  maxMemoryMb?: number | undefined;
  /** off: never OCR; auto (default): pages without a text layer; force: also pages whose text layer is unreadable. */
  ocr?: OcrMode | undefined;
  /** Tesseract languages joined by + (default jpn; jpn+jpn_vert for vertical labels). */
  ocrLang?: string | undefined;
  /** The tesseract binary: a path or a name on PATH (default tesseract). */
  tesseract?: string | undefined;
  /** performance.now() by which reading must be done (the batch's --timeout), for the engine. */
  deadline?: number | undefined;
  /** Called as each page of a PDF is read (progress per page). */
  onPage?: ((page: number) => void) | undefined;
}

export interface ExtractOptions extends Pick<ReadOptions, "maxMemoryMb" | "ocr" | "ocrLang" | "tesseract"> {
  /** Fiscal year for documents that print none (facts need one to date 4月～3月). Default: none. */
  fiscalYear?: number | undefined;
  /**
   * Seconds finishing (normalize, validate) may take before the document is a TIMEOUT, looked at
   * before every field and inside long ones. The batch gives what its --timeout left after reading.
   * Default: no limit.
   */
  timeoutSeconds?: number | undefined;
}

export const OCR_MODES = ["off", "auto", "force"] as const;
export type OcrMode = (typeof OCR_MODES)[number];
const OCR_LANG = /^[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*$/u;

/** Checks the reading options at entry: a bad one is misuse (thrown), not a problem of the document. */
export function checkReadOptions(options: ReadOptions): void {
  if (options.ocr !== undefined && !(OCR_MODES as readonly string[]).includes(options.ocr)) {
    throw new UsageError(`ocr must be one of ${OCR_MODES.join(", ")}, got ${String(options.ocr)}`);
  }
  if (options.ocrLang !== undefined && !OCR_LANG.test(options.ocrLang)) {
    throw new UsageError(`ocrLang must be tesseract language names joined by + (jpn, jpn+jpn_vert), got ${JSON.stringify(options.ocrLang)}`);
  }
  if (options.tesseract !== undefined && options.tesseract.trim() === "") throw new UsageError("tesseract must name the engine's binary");
}

/** Checks options at entry: a bad option is misuse (thrown), not a problem of the document. */
function checkOptions(options: ExtractOptions): void {
  const { fiscalYear, timeoutSeconds } = options;
  if (fiscalYear !== undefined && (!Number.isInteger(fiscalYear) || fiscalYear < 1868 || fiscalYear > 2200)) {
    throw new UsageError(`fiscalYear must be a western year from 1868 to 2200, got ${String(fiscalYear)}`);
  }
  if (timeoutSeconds !== undefined && !(typeof timeoutSeconds === "number" && timeoutSeconds >= 0 && Number.isFinite(timeoutSeconds))) {
    throw new UsageError(`timeoutSeconds must be a number of seconds ≥ 0, got ${String(timeoutSeconds)}`);
  }
  limitsOf(options);
  checkReadOptions(options);
}

/** The reading options among extract options. */
function readOptionsOf(options: ExtractOptions): ReadOptions {
  return { maxMemoryMb: options.maxMemoryMb, ocr: options.ocr, ocrLang: options.ocrLang, tesseract: options.tesseract };
}

/**
 * TOO_LARGE for a row with a cell longer than any printed field (LIMITS.textChars), named by its
 * line or page: no stage after the reader meets a text of megabytes.
 */
function checkRow(row: Row): void {
  const limit = LIMITS.textChars.value;
  for (const cell of row.cells) {
    if (cell.text.length <= limit) continue;
    const where = cell.source.kind === "line" ? { line: cell.source.line } : { page: cell.source.boxes[0]?.page };
    const at = where.line !== undefined ? `line ${where.line}` : where.page !== undefined ? `page ${where.page}` : "a cell";
    throw new SheetExtractError(
      "TOO_LARGE",
      `${at} holds a cell of ${cell.text.length} characters, over the ${limit} a cell may hold: no printed field is that long (cells or lines ran together)`,
      where,
    );
  }
}

/** The limits `maxMemoryMb` gives; misuse when it is no positive number. */
function limitsOf(options: ReadOptions): ReadLimits {
  const mb = options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  if (!(typeof mb === "number" && Number.isFinite(mb) && mb > 0)) {
    throw new UsageError(`maxMemoryMb must be a number above 0, got ${String(options.maxMemoryMb)}`);
  }
  return readLimits(mb);
}


/** PDF when the bytes say so (%PDF- in the first KiB) or the name ends in .pdf; text otherwise. */
export function detectFormat(bytes: Uint8Array, fileName: string): SourceFormat {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (head.includes("%PDF-")) return "pdf";
  return /\.pdf$/i.test(fileName) ? "pdf" : "text";
}

let pdfReader: typeof import("./extract/pdf/reader.js").readPdfGrid | undefined;

async function readPdf(bytes: Uint8Array, sink: RowSink, options: ReadOptions, limits: ReadLimits): Promise<Grid> {
  // Loaded on first use: text-only batches never pay for pdf.js.
  pdfReader ??= (await import("./extract/pdf/reader.js")).readPdfGrid;
  return pdfReader(bytes, sink, { ocr: options.ocr, ocrLang: options.ocrLang, tesseract: options.tesseract, deadline: options.deadline, onPage: options.onPage, limits });
}

/** Sheets with a title and items: what makes a reading a sheet document. */
function realSheets(doc: AssembledDocument): number {
  return doc.sheets.filter((s) => (s.header.title?.text ?? "") !== "" && s.items.length > 0).length;
}

/**
 * Sheets read badly but sheets all the same: a titled 重点目標 with its 部局名 or 優先順位 label,
 * all three labels found with text in some field (the title's value gone into another), or numbered
 * items with two header labels. A document
 * with one is written, with its doubts, never refused. A blank form (labels, no text) is none.
 */
function labelledSheets(doc: AssembledDocument): number {
  return doc.sheets.filter((s) => {
    const h = s.header;
    const titled = (h.title?.text ?? "") !== "";
    const someText = Object.values(h).some((f) => (f?.text ?? "") !== "") || s.items.length > 0;
    // Or numbered items under the form's item header with two of the header's labels over them (a
    // 重点目標 label the layout ran into the label below it): no other form has both.
    const labels = Object.values(h).filter((f) => f !== undefined).length;
    return (
      (titled && (h.department !== undefined || h.priority !== undefined)) ||
      (h.title !== undefined && h.department !== undefined && h.priority !== undefined && someText) ||
      (s.items.length > 0 && labels >= 2 && someText)
    );
  }).length;
}

/** The sheet form's reading unless the goal-table form's holds more real sheets. */
function betterReading(readings: AssembledDocument[]): AssembledDocument {
  let best = readings[0] as AssembledDocument;
  for (const r of readings.slice(1)) if (realSheets(r) > realSheets(best)) best = r;
  return best;
}

/** DAMAGED_PDF: what pdf.js repaired or could not decode, with the pages it touched. */
function damageWarnings(grid: Grid): Warning[] {
  const damage = grid.damage;
  if (!damage || (damage.repaired.length === 0 && damage.pages.length === 0)) return [];
  const pages = damage.pages.map((p) => p.page);
  const parts = [
    ...(damage.repaired.length > 0 ? [`pdf.js had to repair the file (${damage.repaired[0]})`] : []),
    ...(pages.length > 0
      ? [`page${pages.length === 1 ? "" : "s"} ${pages.join(", ")} failed to decode in whole or in part (${damage.pages[0]?.message ?? ""})`]
      : []),
  ];
  return [
    {
      code: "DAMAGED_PDF",
      message: `${parts.join("; ")}: text may be missing or garbled, check the document against the PDF`,
      ...(pages[0] !== undefined ? { page: pages[0] } : {}),
    },
  ];
}

/** Milliseconds spent per stage, for the benchmark. */
export interface StageTimes {
  /** pdf.js (or decoding a dump). */
  parse: number;
  /** Positioned text and rules → rows of cells. */
  layout: number;
  assemble: number;
  normalize: number;
  validate: number;
}

/** The extract stage's result: assembled sheets and where they came from (structured-clonable). */
export interface ReadResult {
  assembled: AssembledDocument;
  source: Source;
  /** Doubts of the reader itself (a damaged PDF), for the document's warnings. */
  readerWarnings?: Warning[] | undefined;
  /** What OCR read, for a scan (its OCR_TEXT warnings). */
  ocr?: OcrReading | undefined;
  /** Pages laid out by position alone, their layout over its budget (a LAYOUT_FALLBACK warning). */
  layoutFallbackPages?: number[] | undefined;
  /** Text pages clip away (a CLIPPED_TEXT warning). */
  clippedText?: Array<{ page: number; text: string }> | undefined;
  times: Pick<StageTimes, "parse" | "layout" | "assemble">;
}

/**
 * The extract stage: bytes → assembled sheets. CPU-heavy for PDFs; the batch runs it on worker
 * threads. Throws SheetExtractError (with the file name).
 */
export async function readDocument(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): Promise<ReadResult> {
  checkReadOptions(options);
  const file = path.basename(fileName);
  const limits = limitsOf(options);
  try {
    if (bytes.length === 0) throw new SheetExtractError("EMPTY_FILE", "the file is empty (0 bytes)");
    const foreign = sniffForeign(bytes);
    if (foreign) {
      throw new SheetExtractError(
        "UNSUPPORTED_FORMAT",
        `this is ${foreign.what}, not a PDF or a text dump${foreign.advice ? `: ${foreign.advice}` : ""}`,
      );
    }
    const format = detectFormat(bytes, fileName);
    const t0 = performance.now();
    // A PDF's rows go to the assembler page by page (none are kept); a dump is assembled whole.
    // Both layout families read the same rows; the reading that holds more is kept.
    const assemblers = [createAssembler(), createGoalTableAssembler()];
    let assembleMs = 0;
    const timedSink: RowSink = {
      push(row) {
        checkRow(row);
        const s = performance.now();
        for (const a of assemblers) a.push(row);
        assembleMs += performance.now() - s;
      },
    };
    const grid = format === "pdf" ? await readPdf(bytes, timedSink, options, limits) : readTextGrid(decodeText(bytes).text);
    const t1 = performance.now();
    for (const row of grid.rows) timedSink.push(row);
    const assembled = betterReading(assemblers.map((a) => a.finish()));
    const t2 = performance.now();
    if (assembled.sheets.length === 0) {
      throw new SheetExtractError(
        "NOT_A_SHEET",
        format === "pdf"
          ? "the PDF has text but no 重点目標 sheet (no 重点目標 label was found)"
          : "no 重点目標 sheet was found (no row starts with a 重点目標 label)",
      );
    }
    // A sheet document has at least one sheet with a title and an item table (CONTRACT.md "What is
    // not a sheet"): other forms that share a label or two (評価シート, 予算書) are refused, never
    // turned into sheets with empty titles.
    if (realSheets(assembled) === 0 && labelledSheets(assembled) === 0) {
      throw new SheetExtractError(
        "NOT_A_SHEET",
        `no sheet has both a 重点目標 title and a numbered item table (labels of ${assembled.sheets.length} sheet-like block${assembled.sheets.length === 1 ? "" : "s"} were found): not a 重点目標管理シート`,
      );
    }
    const source: Source = {
      file,
      sha256: sha256Hex(bytes),
      format,
      ...(format === "pdf" && grid.pages !== undefined ? { pages: grid.pages } : {}),
      ...(grid.ocr ? { ocr: true } : {}),
    };
    const read = t1 - t0;
    const readerWarnings = damageWarnings(grid);
    const times = grid.timings
      ? { parse: grid.timings.parse - assembleMs, layout: grid.timings.layout } // the reader's total includes the sink
      : { parse: read, layout: 0 };
    return {
      assembled,
      source,
      readerWarnings,
      ...(grid.ocr ? { ocr: grid.ocr } : {}),
      ...(grid.layoutFallback && grid.layoutFallback.length > 0 ? { layoutFallbackPages: grid.layoutFallback } : {}),
      ...(grid.clipped && grid.clipped.length > 0 ? { clippedText: grid.clipped } : {}),
      times: { ...times, assemble: format === "pdf" ? assembleMs : t2 - t1 },
    };
  } catch (err) {
    throw asSheetExtractError(err, file);
  }
}

/**
 * The normalize and validate stages: assembled sheets → the contract document. Loads the shared
 * tokenizer when a text needs it. Throws SheetExtractError (INVALID_OUTPUT) on a schema failure.
 */
export async function finishDocument(
  read: Pick<ReadResult, "assembled" | "source" | "readerWarnings" | "layoutFallbackPages" | "clippedText" | "ocr">,
  options: ExtractOptions = {},
  times?: Partial<StageTimes>,
  /**
   * The batch's: what the file's --timeout left after reading it, counted from when the tokenizer
   * is there (wins over options.timeoutSeconds).
   */
  fileLimit?: { ms: number; limit: string },
): Promise<SheetDocument> {
  checkOptions(options);
  try {
    const limit = options.timeoutSeconds;
    const deadline = fileLimit
      ? Deadline.in(fileLimit.ms, fileLimit.limit)
      : limit === undefined
        ? undefined
        : Deadline.in(limit * 1000, `its ${limit} s time limit`);
    let tokenizer;
    if (assembledNeedsTokenizer(read.assembled, deadline)) {
      // Loading it is a one-off of the process, not this document's cost: not counted against its deadline.
      const asked = performance.now();
      tokenizer = await getTokenizer();
      deadline?.extend(performance.now() - asked);
    }
    // Timed after the tokenizer is there.
    const t1 = performance.now();
    const document = buildDocument(read.assembled, read.source, { fiscalYear: options.fiscalYear, tokenizer, deadline });
    deadline?.check("checking the document for warnings");
    document.warnings = documentWarnings({
      document,
      assembled: read.assembled,
      readerWarnings: read.readerWarnings,
      layoutFallbackPages: read.layoutFallbackPages,
      clippedText: read.clippedText,
      ocr: read.ocr,
    });
    deadline?.check("validating the document");
    const t2 = performance.now();
    const parsed = SheetDocument.safeParse(document);
    const t3 = performance.now();
    if (times) {
      times.normalize = (times.normalize ?? 0) + (t2 - t1);
      times.validate = (times.validate ?? 0) + (t3 - t2);
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SheetExtractError(
        "INVALID_OUTPUT",
        `the extracted document fails the output schema at ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? ""}`,
        { field: issue?.path.join(".") },
      );
    }
    return parsed.data;
  } catch (err) {
    throw asSheetExtractError(err, read.source.file);
  }
}

/** A document with how much of its sheets' text went into fields (for check and review). */
export async function extractWithCoverage(
  bytes: Uint8Array,
  fileName: string,
  options: ExtractOptions = {},
): Promise<{ document: SheetDocument; coverage: Coverage }> {
  checkOptions(options);
  const read = await readDocument(bytes, fileName, readOptionsOf(options));
  const document = await finishDocument(read, options);
  return { document, coverage: coverageOf({ document, assembled: read.assembled }) };
}

/** Extracts one document; throws SheetExtractError (with the file name) for anything it cannot read. */
export async function extractDocument(
  bytes: Uint8Array,
  fileName: string,
  options: ExtractOptions = {},
): Promise<SheetDocument> {
  checkOptions(options);
  return finishDocument(await readDocument(bytes, fileName, readOptionsOf(options)), options);
}
