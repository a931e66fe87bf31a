// What reading a PDF costs besides its text (document.ts): fonts released while a long PDF is read
// (RELEASE_EVERY; pdf.js keeps every font it loaded for the document's life unless told to drop
// them, and a book with fonts of its own on every page grew with them), and images never decoded.
// Neither may change a reading.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SheetExtractError } from "../src/errors.js";
import { RELEASE_EVERY, readOptions, withPdfPages, type PdfPage } from "../src/extract/pdf/document.js";
import { ROOT, SAMPLES } from "./helpers/cli.js";

const pdfs = [
  ...fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".pdf")).map((f) => path.join(SAMPLES, f)),
  ...fs.readdirSync(path.join(ROOT, "test/fixtures/pdf")).filter((f) => f.endsWith(".pdf")).map((f) => path.join(ROOT, "test/fixtures/pdf", f)),
];

/** Pages and releases, or the error (damaged and encrypted fixtures must fail alike either way). */
async function read(file: string): Promise<{ pages: PdfPage[]; releases: number } | string> {
  const pages: PdfPage[] = [];
  try {
    const info = await withPdfPages(new Uint8Array(fs.readFileSync(file)), (page) => void pages.push(page));
    return { pages, releases: info.releases };
  } catch (err) {
    return err instanceof SheetExtractError ? `${err.code}: ${err.message}` : String(err);
  }
}

afterEach(() => {
  readOptions.releaseEvery = RELEASE_EVERY;
});

describe("fonts released between pages", () => {
  it("reads every sample and fixture PDF released after every page exactly as never released", async () => {
    expect(pdfs.length).toBeGreaterThan(20);
    let multiPage = 0;
    for (const file of pdfs) {
      readOptions.releaseEvery = { pages: Infinity, fonts: Infinity };
      const kept = await read(file);
      readOptions.releaseEvery = { pages: 1, fonts: Infinity };
      const released = await read(file);
      if (typeof kept === "string" || typeof released === "string") {
        expect(released, file).toEqual(kept);
        continue;
      }
      expect(released.pages, file).toEqual(kept.pages);
      expect(kept.releases).toBe(0);
      // After every page but the last.
      expect(released.releases, file).toBe(kept.pages.length - 1);
      if (kept.pages.length > 1) multiPage++;
    }
    expect(multiPage).toBeGreaterThan(10);
  }, 180_000);

  it("releases by the fonts the pages set as well as by pages read", async () => {
    const file = path.join(SAMPLES, "ueda-r2-html.pdf");
    readOptions.releaseEvery = { pages: Infinity, fonts: Infinity };
    const kept = await read(file);
    // Every page of this rendering sets two fonts or more.
    readOptions.releaseEvery = { pages: Infinity, fonts: 2 };
    const released = await read(file);
    if (typeof kept === "string" || typeof released === "string") throw new Error(String(kept));
    expect(kept.pages.length).toBeGreaterThan(4);
    expect(released.pages).toEqual(kept.pages);
    expect(released.releases).toBe(kept.pages.length - 1);
  });

  it("by default, only a long document or one with many fonts is released", async () => {
    // The samples have at most 16 pages and a few fonts each: never released, never parsed twice.
    for (const file of pdfs.filter((f) => f.startsWith(SAMPLES))) {
      const r = await read(file);
      if (typeof r === "string") throw new Error(r);
      expect(r.releases, file).toBe(r.pages.length > RELEASE_EVERY.pages ? Math.floor((r.pages.length - 1) / RELEASE_EVERY.pages) : 0);
    }
  });
});

/** A one-page PDF with a line of text and a large image whose stream does not inflate. */
function pdfWithBrokenImage(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 5 0 R >> >> /Contents 6 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  // A zlib header, then bytes that do not inflate: the stream opens, and fails only when decoded.
  const garbage = `\x78\x9c${"\xff".repeat(4000)}`;
  const image = `<< /Type /XObject /Subtype /Image /Width 3000 /Height 3000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${garbage.length} >>\nstream\n${garbage}\nendstream`;
  const content = "BT /F1 12 Tf 72 760 Td (Budget 2023) Tj ET q 400 0 0 400 72 200 cm /Im1 Do Q";
  const all = [...objects, image, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  all.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${all.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${all.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

describe("images", () => {
  it("are not decoded for reading (a scanned page's JPEG took 0.6 s): the text around them reads, a broken one is no damage", async () => {
    const pages: PdfPage[] = [];
    const info = await withPdfPages(pdfWithBrokenImage(), (page) => void pages.push(page));
    expect(pages.map((p) => p.runs.map((r) => r.text).join(""))).toEqual(["Budget 2023"]);
    expect(info.imagesSkipped).toBe(1);
    expect(info.damage).toEqual({ repaired: [], pages: [] });
  });
});
