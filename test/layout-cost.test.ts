// The layout's cost grows with the page, by construction (work.ts: every stage counts what it
// visits): pages of growing size — synthetic forms, vertical labels, shaded cells, running text,
// item tables, and real fixture pages repeated down one tall page — at 1× and 8×, the work
// compared, never the time. A page over its budget is laid out by position, and its document says
// so (LAYOUT_FALLBACK).
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withPdfPages, type PdfPage } from "../src/extract/pdf/document.js";
import { LAYOUT_BUDGET, layoutByPosition, layoutLimit, layoutPage } from "../src/extract/pdf/layout.js";
import { STAGES } from "../src/extract/pdf/work.js";
import { extractDocument } from "../src/pipeline.js";
import { ROOT, SAMPLES } from "./helpers/cli.js";
import { SHAPES, syntheticPage, tiledPage } from "./helpers/pages.js";

const FIXTURES = path.join(ROOT, "test", "fixtures", "pdf");
const items = (p: PdfPage): number => p.runs.length + p.segments.length + p.fills.length;

/**
 * 8× the page must cost at most this many times 8× its work: n log n allows log(8n)/log(n) (1.3 at
 * a few hundred items); a quadratic stage gives 8.
 */
const GROWTH = 1.4;

function expectLinear(name: string, small: PdfPage, large: PdfPage, byStage = true): void {
  const a = layoutPage(small, {}, Infinity);
  const b = layoutPage(large, {}, Infinity);
  const factor = items(large) / items(small);
  expect(factor, name).toBeGreaterThan(7.5);
  expect(b.work.total / a.work.total, `${name}: total`).toBeLessThan(factor * GROWTH);
  if (!byStage) return;
  // And stage by stage (a stage too small to matter at 8× is left out: its own 1× count may be none).
  for (const stage of Object.keys(STAGES) as Array<keyof typeof STAGES>) {
    const grown = b.work.stage(stage);
    if (grown < 0.02 * b.work.total) continue;
    expect(grown / Math.max(1, a.work.stage(stage)), `${name}: ${stage}`).toBeLessThan(factor * GROWTH);
  }
}

async function pagesOf(file: string): Promise<PdfPage[]> {
  const pages: PdfPage[] = [];
  await withPdfPages(new Uint8Array(fs.readFileSync(file)), (p) => void pages.push(p));
  return pages;
}

afterEach(() => {
  LAYOUT_BUDGET.perItem = 40;
  LAYOUT_BUDGET.floor = 50_000;
});

describe("layout work grows with the page", () => {
  it.each(SHAPES)("%s: 8× the rows, at most 8× the work and a log", (shape) => {
    expectLinear(shape, syntheticPage(shape, 1), syntheticPage(shape, 8));
  });

  it("real pages repeated eight times down one page: at most 8× the work and a log", async () => {
    // Ruled (Chromium, Calc), unruled (Chromium, Writer, tight padding), partial borders.
    const files = [
      path.join(SAMPLES, "ueda-r2-html.pdf"),
      path.join(SAMPLES, "toshi-r5-calc-a3p.pdf"),
      path.join(FIXTURES, "ueda-r2-borderless.pdf"),
      path.join(FIXTURES, "toshi-r5-writer-borderless.pdf"),
      path.join(FIXTURES, "kosodate-r4-borderless-plain-tight-a4p.pdf"),
      path.join(FIXTURES, "ueda-r2-partial-borders.pdf"),
    ];
    let tried = 0;
    for (const file of files) {
      for (const page of (await pagesOf(file)).slice(0, 2)) {
        if (page.runs.length < 50) continue;
        // The total only: copies meet where one page met none (the rules of a whole table stand
        // in the white between two copies' free text), work of the stage that looks there.
        expectLinear(`${path.basename(file)} p${page.number}`, page, tiledPage(page, 8), false);
        tried++;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(9);
  }, 120_000);

  it("every sample and fixture page stays well inside its budget", async () => {
    const pdfs = [
      ...fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".pdf")).map((f) => path.join(SAMPLES, f)),
      ...fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".pdf")).map((f) => path.join(FIXTURES, f)),
    ];
    let most = 0;
    for (const file of pdfs) {
      let pages: PdfPage[] = [];
      try {
        pages = await pagesOf(file);
      } catch {
        continue; // the encrypted and scanned fixtures
      }
      const carry = {};
      for (const page of pages) {
        const layout = layoutPage(page, carry);
        expect(layout.fallback, `${path.basename(file)} p${page.number}`).toBe(false);
        most = Math.max(most, layout.work.total / layoutLimit(items(page)));
      }
    }
    // A quarter of the budget at most: a new rendering of the same kind has room.
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThan(0.25);
  }, 120_000);
});

describe("a page over its budget", () => {
  it("is laid out line by line by position, and carries no table to the next page", async () => {
    const [page] = await pagesOf(path.join(FIXTURES, "ueda-r2-borderless.pdf"));
    if (!page) throw new Error("no page");
    const state = {};
    const full = layoutPage(page, state);
    expect(full.fallback).toBe(false);
    const carried = { ...state };
    expect(Object.values(carried).some((v) => v !== undefined)).toBe(true);
    const spent = layoutPage(page, carried, full.work.total / 2);
    expect(spent.fallback).toBe(true);
    expect(spent.rows).toEqual(layoutByPosition(page).rows);
    expect(carried).toEqual({ itemTable: undefined, markerBoundary: undefined, remarkEdge: undefined });
    // Every glyph of the page is still in some cell, in reading order within its line.
    const text = (rows: typeof spent.rows): string => rows.flatMap((r) => r.cells.map((c) => c.text)).join("").replace(/\s/gu, "");
    expect(text(spent.rows).length).toBe(page.runs.map((r) => r.text).join("").replace(/\s/gu, "").length);
    expect(text(spent.rows)).toContain("重点目標");
  });

  it("is named in the document's warnings (LAYOUT_FALLBACK), and a page within it is not", async () => {
    const file = path.join(SAMPLES, "ueda-r2-html.pdf");
    const bytes = fs.readFileSync(file);
    const clean = await extractDocument(bytes, "ueda-r2-html.pdf");
    expect(clean.warnings).toEqual([]);
    // A budget every page of this rendering runs over except the near-empty last (the floor).
    LAYOUT_BUDGET.perItem = 0.1;
    LAYOUT_BUDGET.floor = 1000;
    const doc = await extractDocument(bytes, "ueda-r2-html.pdf");
    const fallback = doc.warnings.filter((w) => w.code === "LAYOUT_FALLBACK");
    expect(fallback).toHaveLength(1);
    expect(fallback[0]?.page).toBe(1);
    expect(fallback[0]?.message).toMatch(/^pages 1, 2, .* ran over the layout's work budget/);
  });
});
