// PDF → Grid: every page laid out into rows (layout.ts), pages concatenated into one continuous
// grid. Rows broken over a page and item headers repeated on the next page are the assembler's to
// join: the continuation has no marker, the repeated header is a header row again.
import { SheetExtractError } from "../../errors.js";
import type { Grid, OcrReading, Row } from "../grid.js";
import type { RowSink } from "../assemble.js";
import { withPdfPages, type PdfPage } from "./document.js";
import { DEFAULT_MAX_MEMORY_MB, type ReadLimits } from "./limits.js";
import type { FreeLayoutState } from "./columns.js";
import { layoutPage } from "./layout.js";
import { createRunningHeadFilter } from "./runningHeads.js";
import { ocrPage, type LoneGlyph } from "../ocr/page.js";
import { reviseRows, type FormState } from "../ocr/form.js";
import { INSTALL_HINT, probeEngine, type EngineInfo } from "../ocr/tesseract.js";

/** Reading options of a PDF (pipeline.ts's ReadOptions, checked there). */
export interface PdfReadOptions {
  /** What the document may cost (limits.ts; default: those of the default --max-memory). */
  limits?: ReadLimits | undefined;
  ocr?: "off" | "auto" | "force" | undefined;
  ocrLang?: string | undefined;
  tesseract?: string | undefined;
  deadline?: number | undefined;
  onPage?: ((page: number) => void) | undefined;
}

/** Whether a page has no text layer: no glyph but white space. */
function withoutText(page: PdfPage): boolean {
  return !page.runs.some((r) => r.text.trim() !== "");
}

/**
 * Reads a PDF page by page. With a `sink`, each page's rows go to it as soon as the page is laid
 * out and are not kept (the returned grid has none): memory then does not grow with the page
 * count. Without one, the grid holds every row. Pages without a text layer (and with `ocr: force`
 * pages whose text layer is unreadable) are read through OCR where the engine is installed.
 */
export async function readPdfGrid(bytes: Uint8Array, sink?: RowSink, options: PdfReadOptions = {}): Promise<Grid> {
  const mode = options.ocr ?? "auto";
  const lang = options.ocrLang ?? "jpn";
  // The engine is asked about (two child processes) only once a page needs it, or a message names it.
  let probe: { engine: EngineInfo | undefined; missingLanguages: string[] } | undefined;
  const ocrEngine = (): { engine: EngineInfo | undefined; missingLanguages: string[] } => {
    if (!probe) {
      const engine = mode === "off" ? undefined : probeEngine(options.tesseract ?? "tesseract");
      probe = { engine, missingLanguages: engine ? lang.split("+").filter((l) => !engine.languages.includes(l)) : [] };
    }
    return probe;
  };
  const ocrReady = (): boolean => {
    const { engine, missingLanguages } = ocrEngine();
    return engine !== undefined && missingLanguages.length === 0;
  };
  const rows: Row[] = [];
  let pagesWithText = 0;
  let layoutMs = 0;
  const started = performance.now();
  const unreadable: number[] = [];
  const scanned: number[] = [];
  const ocr: OcrReading = { pages: [], words: [] };
  // Pages that ran over their layout budget and were laid out by position (LAYOUT_FALLBACK).
  const fallback: number[] = [];
  // Text drawn on the page and clipped away (a cell's text past its bottom, Calc): not printed.
  const clipped: Array<{ page: number; text: string }> = [];
  // Item columns of an unruled table broken over a page carry to the next (columns.ts).
  const carry: FreeLayoutState = {};
  // What the form makes certain of OCR readings carries over pages too (the item table goes on).
  const form: FormState = { next: 1 };
  // Each page goes on once the next is laid out: running heads are told by repetition.
  const heads = createRunningHeadFilter((pageRows) => {
    if (sink) for (const row of pageRows) sink.push(row);
    else rows.push(...pageRows);
  });
  const hasImage = (page: PdfPage): boolean => (page.paintedImages ?? 0) > 0;
  const wantScan = (page: PdfPage): boolean =>
    mode !== "off" && ((withoutText(page) && hasImage(page)) || (mode === "force" && !decodesToJapanese(page.runs))) && ocrReady();
  const info = await withPdfPages(
    bytes,
    async (page) => {
      if (withoutText(page) && hasImage(page)) scanned.push(page.number);
      let read = page;
      let glyphs: LoneGlyph[] = [];
      if (page.scan) {
        const result = await ocrPage(page, page.scan, { binary: ocrEngine().engine?.binary ?? "tesseract", lang, deadline: options.deadline, maxMemoryMb: options.limits?.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB });
        read = result.page;
        glyphs = result.glyphs;
        ocr.pages.push(page.number);
        ocr.words.push(...result.words);
      } else if (!decodesToJapanese(page.runs)) unreadable.push(page.number);
      const t0 = performance.now();
      const layout = layoutPage(read, carry);
      const laid = page.scan ? reviseRows(layout.rows, form, glyphs) : layout.rows;
      layoutMs += performance.now() - t0;
      if (layout.fallback) fallback.push(page.number);
      const cut = clippedOnPage(page);
      if (cut !== "") clipped.push({ page: page.number, text: cut });
      if (layout.hasText) pagesWithText += 1;
      heads.page(laid);
      options.onPage?.(page.number);
    },
    { wantScan, ...(options.limits ? { limits: options.limits } : {}) },
  );
  heads.finish();
  if (info.pages === 0) throw new SheetExtractError("PDF_CORRUPT", "the PDF has no pages");
  if (unreadable.length > 0) {
    const { engine, missingLanguages } = ocrEngine();
    throw new SheetExtractError(
      "UNREADABLE_TEXT",
      `the text layer of page${unreadable.length === 1 ? "" : "s"} ${unreadable.join(", ")} does not decode to Japanese ` +
        "(a font without a usable ToUnicode map): its text cannot be read. Print the document to PDF again with its fonts embedded, or read it through OCR " +
        (ocrReady() ? "with --ocr force" : `(--ocr force; ${engine ? `tesseract lacks ${missingLanguages.join(", ")}` : INSTALL_HINT})`),
      { page: unreadable[0] },
    );
  }
  if (pagesWithText === 0) {
    const { engine, missingLanguages } = ocrEngine();
    const why =
      mode === "off"
        ? "OCR is off (--ocr off)"
        : !engine
          ? `OCR needs an engine: ${INSTALL_HINT}`
          : missingLanguages.length > 0
            ? `OCR needs tesseract's ${missingLanguages.join(", ")} data (Debian: apt-get install ${missingLanguages.map((l) => `tesseract-ocr-${l.replace(/_/gu, "-")}`).join(" ")})`
            : scanned.length > 0
              ? `OCR found no text on ${scanned.length === 1 ? "it" : "them"}`
              : "and none has an image to read through OCR";
    throw new SheetExtractError("NO_TEXT_LAYER", `none of the ${info.pages} page(s) has a text layer (a scanned document?); ${why}`, { page: 1 });
  }
  const total = performance.now() - started;
  return {
    rows,
    pages: info.pages,
    damage: info.damage,
    layoutFallback: fallback,
    clipped,
    timings: { parse: total - layoutMs, layout: layoutMs },
    ...(ocr.pages.length > 0 ? { ocr } : {}),
  };
}

/**
 * The text of glyphs a page clips away whose place is inside the page's ruled area: a cell's text
 * cut at its edge. Glyphs beyond it (a browser's pages cut from one long one, a page's margins) are
 * printed on another page and are not counted. O(glyphs + rules).
 */
function clippedOnPage(page: PdfPage): string {
  if (!page.cut || page.cut.length === 0) return "";
  // Where the page's rules stand: a cell's text cut inside the table is lost; text cut above or
  // below it is a merged cell a page break split, its text printed whole on the other page (Calc
  // draws it again, clipped, where the cell's rest would be). A page without rules: where its
  // printed text stands (a bottom-set cell's first line cut under the header above it).
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of page.segments) {
    x0 = Math.min(x0, s.x0, s.x1);
    x1 = Math.max(x1, s.x0, s.x1);
    y0 = Math.min(y0, s.y0, s.y1);
    y1 = Math.max(y1, s.y0, s.y1);
  }
  if (page.segments.length === 0) {
    for (const r of page.runs) {
      if (r.text.trim() === "") continue;
      x0 = Math.min(x0, r.transform[4]);
      x1 = Math.max(x1, r.transform[4]);
      y0 = Math.min(y0, r.transform[5]);
      y1 = Math.max(y1, r.transform[5]);
    }
  }
  let text = "";
  for (const r of page.cut) {
    if (r.text.trim() === "") continue;
    const [x, y] = [r.transform[4], r.transform[5]];
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1) text += r.text;
  }
  // Brackets and marks alone say nothing (a header's （）cut off above its cell): only text with a
  // letter or a digit in it is lost text.
  return /[\p{L}\p{N}]/u.test(text) ? text : "";
}

/**
 * Characters a Japanese administrative document is written in: kana, kanji, ASCII, full-width forms,
 * CJK and general punctuation, circled numbers, arrows, shapes, Latin-1. A font whose codes cannot
 * be mapped back comes out of pdf.js as code points anywhere else (Gujarati, Cyrillic, Hebrew,
 * private use): that is how an unreadable text layer looks.
 */
const DOCUMENT_CHAR =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u0020-\u00FF\u2000-\u22FF\u2300-\u27BF\u2E80-\u2FDF\u3000-\u33FF\uF900-\uFAFF\uFF00-\uFFEF\s]/u;

/** Whether a page's text is Japanese (or has too little text to tell). */
export function decodesToJapanese(runs: ReadonlyArray<{ text: string }>): boolean {
  let total = 0;
  let foreign = 0;
  for (const run of runs) {
    for (const ch of run.text) {
      if (ch.trim() === "") continue;
      total += 1;
      // Latin-1, kana and CJK punctuation, the common kanji: document characters without the test.
      const cp = ch.codePointAt(0) ?? 0;
      if ((cp >= 0x20 && cp <= 0xff) || (cp >= 0x3000 && cp <= 0x33ff) || (cp >= 0x4e00 && cp <= 0x9fff)) continue;
      if (!DOCUMENT_CHAR.test(ch)) foreign += 1;
    }
  }
  return total < 20 || foreign / total < 0.3;
}
