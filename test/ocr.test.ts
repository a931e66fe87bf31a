// Scans read through OCR (tesseract): the committed scans of samples (test/fixtures/scans) find
// every sheet, say they were read so, and read their characters within a floor of what was measured
// against the sample's own text; without an engine or with --ocr off a scan is NO_TEXT_LAYER saying
// why; text-layer PDFs read byte-identically whatever the OCR mode. Skipped where tesseract with
// jpn is not installed, unless REQUIRE_OCR=1 (as .ci/run sets it) makes that a failure.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractDocument } from "../src/pipeline.js";
import { characterAccuracy, compareDocuments, type ExpectedDocument } from "../src/check/compare.js";
import { probeEngine } from "../src/extract/ocr/tesseract.js";
import { nearestLabel } from "../src/extract/labels.js";
import { runCli, tempDir } from "./helpers/cli.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const SCANS = path.join(ROOT, "test", "fixtures", "scans");
const engine = probeEngine("tesseract");
const available = engine !== undefined && engine.languages.includes("jpn");
if (!available && process.env.REQUIRE_OCR === "1") throw new Error("REQUIRE_OCR=1 but tesseract with jpn is not installed (apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert)");
if (!available) console.warn("test/ocr.test.ts: tesseract with jpn is not installed; the OCR tests are skipped");

/**
 * Each scan, the sample it was made from and the pages it holds, and the floor of its character
 * accuracy: just under what was measured here (clean 98.9 %, stamped 97.5 %, degraded 200 dpi
 * 97.7 %). The clean scan read 84.6 % before the form chose between two readings of its lone 順位
 * glyph "3" (read "8", a sheet of priority 8 paired with none): a floor of 0.98 fails on that.
 */
const CASES = [
  { file: "sanada-h25-html-scan-clean-300.pdf", sample: "sanada-h25-html", pages: undefined, floor: 0.98 },
  { file: "sanada-h25-html-scan-stamp-300.pdf", sample: "sanada-h25-html", pages: undefined, floor: 0.97 },
  { file: "kosodate-r4-cid-ucs2-p1-scan-degraded-200.pdf", sample: "kosodate-r4-cid-ucs2", pages: [1], floor: 0.97 },
];

function truthOf(sample: string, pages: number[] | undefined): ExpectedDocument {
  const truth = JSON.parse(fs.readFileSync(path.join(ROOT, "samples", `${sample}.expected.json`), "utf8")) as {
    sheets: Array<{ title: string; provenance: { pages: number[] } }>;
    goalIndex?: string[];
  };
  if (pages) {
    truth.sheets = truth.sheets.filter((s) => s.provenance.pages.every((p) => pages.includes(p)));
    truth.goalIndex = truth.sheets.map((s) => s.title);
  }
  return truth as unknown as ExpectedDocument;
}

describe.runIf(available)("scans read through OCR", () => {
  for (const c of CASES) {
    it(`${c.file}: every sheet, source.ocr, OCR_TEXT per sheet, ≥ ${c.floor * 100} % of characters`, async () => {
      const truth = truthOf(c.sample, c.pages) as unknown as { sheets: unknown[] };
      const doc = await extractDocument(fs.readFileSync(path.join(SCANS, c.file)), c.file);
      expect(doc.source.ocr).toBe(true);
      expect(doc.schemaVersion).toBe(3);
      expect(doc.sheets.length).toBe(truth.sheets.length);
      const ocrText = doc.warnings.filter((w) => w.code === "OCR_TEXT");
      expect(ocrText.map((w) => w.sheetId).sort()).toEqual(doc.sheets.map((s) => s.id).sort());
      for (const w of ocrText) expect(w.message).toMatch(/read through OCR \(page.*mean confidence \d+\.\d %/u);
      // Provenance boxes in PDF points, inside the page.
      for (const s of doc.sheets) {
        for (const p of Object.values(s.provenance.fields)) {
          if ("bbox" in p) for (const v of p.bbox) expect(v).toBeGreaterThanOrEqual(-1);
        }
      }
      const accuracy = characterAccuracy(compareDocuments(truth as unknown as ExpectedDocument, doc));
      expect(accuracy.reference).toBeGreaterThan(300);
      expect(accuracy.accuracy).toBeGreaterThanOrEqual(c.floor);
    }, 60_000);
  }

  it("sheets.csv says ocr true for a scan's sheets and false for a text PDF's", async () => {
    const out = tempDir("sheet-ocr-csv-");
    try {
      const scan = path.join(SCANS, CASES[2]!.file);
      const text = path.join(ROOT, "samples", "kosodate-r4-cid-ucs2.pdf");
      const run = await runCli(["extract", scan, text, "--out", out, "--format", "csv", "--concurrency", "1", "--quiet"]);
      expect(run.code, run.stderr).toBe(0);
      const lines = fs.readFileSync(path.join(out, "sheets.csv"), "utf8").replace(/^\uFEFF/u, "").split("\r\n");
      const header = (lines[0] ?? "").split(",");
      const ocr = header.indexOf("ocr");
      expect(ocr).toBe(header.length - 1);
      // One sheet from the scan's page, two from the text PDF; the last column, unquoted.
      const flags = lines.slice(1).filter((l) => l !== "").map((l) => /,(true|false)$/u.exec(l)?.[1]);
      expect(flags.sort()).toEqual(["false", "false", "true"]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it("--ocr off leaves a scan NO_TEXT_LAYER, saying OCR is off", async () => {
    const file = CASES[2]!.file;
    await expect(extractDocument(fs.readFileSync(path.join(SCANS, file)), file, { ocr: "off" })).rejects.toMatchObject({
      code: "NO_TEXT_LAYER",
      message: expect.stringContaining("OCR is off (--ocr off)"),
    });
  });
});

describe("scans without an engine", () => {
  it("are NO_TEXT_LAYER with how to install one", async () => {
    const file = CASES[2]!.file;
    await expect(extractDocument(fs.readFileSync(path.join(SCANS, file)), file, { tesseract: "/nonexistent/bin/tesseract" })).rejects.toMatchObject({
      code: "NO_TEXT_LAYER",
      message: expect.stringContaining("apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert"),
    });
  });
});

describe("text-layer PDFs", () => {
  for (const sample of ["sanada-h25-html.pdf", "kosodate-r4-cid-ucs2.pdf", "ueda-r2-calc.pdf"]) {
    it(`${sample} reads byte-identically with OCR off, auto and without an engine`, async () => {
      const bytes = fs.readFileSync(path.join(ROOT, "samples", sample));
      const auto = JSON.stringify(await extractDocument(bytes, sample));
      expect(JSON.stringify(await extractDocument(bytes, sample, { ocr: "off" }))).toBe(auto);
      expect(JSON.stringify(await extractDocument(bytes, sample, { tesseract: "/nonexistent/bin/tesseract" }))).toBe(auto);
      expect(JSON.parse(auto).source.ocr).toBeUndefined();
    }, 60_000);
  }
});

describe("nearestLabel (OCR rows only)", () => {
  it.each([
    ["重点目", "重点目標"],
    ["数値目穗", "数値目標"],
    ["数値目穗（どの水準まで）", "数値目標（どの水準まで）"],
  ])("%s → %s", (read, label) => {
    expect(nearestLabel(read)).toBe(label);
  });
  it.each([
    ["重点目標"], // a label already
    ["子育て支援の充実"], // a value
    ["目標"], // too short to fuzz
    ["令和4年度"], // a value near no label
    ["数値"], // two characters
  ])("leaves %s", (read) => {
    expect(nearestLabel(read)).toBeUndefined();
  });
});
