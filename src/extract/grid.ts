// The neutral grid both readers produce: rows of cells, each cell with its text and where it came
// from. Nothing after the grid knows which reader made it.
import type { Bbox, PdfBox } from "../model/index.js";

/** Where a cell's text came from: one or more boxes on PDF pages, or a line of a text dump. */
export type CellSource = { kind: "pdf"; boxes: PdfBox[] } | { kind: "line"; line: number };

export interface Cell {
  /** Cleaned text: tags removed, paragraphs separated by "\n", wraps inside a paragraph joined. */
  text: string;
  source: CellSource;
}

export interface Row {
  cells: Cell[];
  /**
   * Text printed above or below a page's tables (running heads, page numbers): a document line,
   * never the continuation of a table cell.
   */
  furniture?: boolean;
}

export interface Grid {
  rows: Row[];
  /** Page count for PDFs. */
  pages?: number;
  /** What the PDF reader had to repair or skip (DAMAGED_PDF), for PDFs. */
  damage?: { repaired: string[]; pages: Array<{ page: number; message: string }> };
  /** Pages whose layout ran over its budget and were laid out by position alone (LAYOUT_FALLBACK), for PDFs. */
  layoutFallback?: number[];
  /** Text a page draws on the page but clips away (CLIPPED_TEXT), by page, for PDFs. */
  clipped?: Array<{ page: number; text: string }>;
  /** Milliseconds spent parsing (pdf.js) and laying out pages, for PDFs. */
  timings?: { parse: number; layout: number };
  /** Pages read through OCR, with every word the engine read (OCR_TEXT), for scanned PDFs. */
  ocr?: OcrReading;
}

/** What OCR read: its pages, and each word where it stands (PDF points) with the engine's confidence (0–100). */
export interface OcrReading {
  pages: number[];
  words: Array<{ page: number; bbox: Bbox; conf: number; text: string }>;
}
