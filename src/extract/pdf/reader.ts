// PDF → Grid: every page laid out into rows (layout.ts), pages concatenated into one continuous
// grid. Rows broken over a page and item headers repeated on the next page are the assembler's to
// join: the continuation has no marker, the repeated header is a header row again.
import { SheetExtractError } from "../../errors.js";
import type { Grid, Row } from "../grid.js";
import type { RowSink } from "../assemble.js";
import { withPdfPages } from "./document.js";
import { layoutPage } from "./layout.js";

/**
 * Reads a PDF page by page. With a `sink`, each page's rows go to it as soon as the page is laid
 * out and are not kept (the returned grid has none): memory then does not grow with the page
 * count. Without one, the grid holds every row.
 */
export async function readPdfGrid(bytes: Uint8Array, sink?: RowSink): Promise<Grid> {
  const rows: Row[] = [];
  let pagesWithText = 0;
  let layoutMs = 0;
  const started = performance.now();
  const info = await withPdfPages(bytes, (page) => {
    const t0 = performance.now();
    const layout = layoutPage(page);
    layoutMs += performance.now() - t0;
    if (layout.hasText) pagesWithText += 1;
    if (sink) for (const row of layout.rows) sink.push(row);
    else rows.push(...layout.rows);
  });
  if (info.pages === 0) throw new SheetExtractError("PDF_CORRUPT", "the PDF has no pages");
  if (pagesWithText === 0) {
    throw new SheetExtractError(
      "NO_TEXT_LAYER",
      `none of the ${info.pages} page(s) has a text layer (a scanned document?); OCR is not supported`,
      { page: 1 },
    );
  }
  const total = performance.now() - started;
  return { rows, pages: info.pages, damage: info.damage, timings: { parse: total - layoutMs, layout: layoutMs } };
}
