// PDF → Grid: every page laid out into rows (layout.ts), pages concatenated into one continuous
// grid. Rows broken over a page and item headers repeated on the next page are the assembler's to
// join: the continuation has no marker, the repeated header is a header row again.
import { SheetExtractError } from "../../errors.js";
import type { Grid, Row } from "../grid.js";
import { withPdfPages } from "./document.js";
import { layoutPage } from "./layout.js";

export async function readPdfGrid(bytes: Uint8Array): Promise<Grid> {
  const rows: Row[] = [];
  let pagesWithText = 0;
  let layoutMs = 0;
  const started = performance.now();
  const info = await withPdfPages(bytes, (page) => {
    const t0 = performance.now();
    const layout = layoutPage(page);
    layoutMs += performance.now() - t0;
    if (layout.hasText) pagesWithText += 1;
    rows.push(...layout.rows);
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
