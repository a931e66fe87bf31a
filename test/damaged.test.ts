// Damaged PDFs as a fuzzer makes them (test/helpers/mutants.ts: seeded byte flips, truncations,
// broken xrefs, zeroed runs of every sample PDF, and damage aimed at a content stream, a font, the
// xref table, an object's number, an object deleted or doubled, a stream's length), run as one
// batch: bad bytes never reach INTERNAL, and a document that comes out different from its sample
// says so in its warnings. scripts/damaged-survey.ts runs a few hundred more, of other seeds.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SheetDocument } from "../src/model/index.js";
import { extractDocument } from "../src/pipeline.js";
import { AIMED_KINDS, firstDifference, mutantOrigin, mutants, mutate, readingOf, type MutationKind } from "./helpers/mutants.js";
import { SAMPLES, readJsonl, runCli, tempDir } from "./helpers/cli.js";

const PER_SAMPLE = 15;
const samples = fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".pdf")).sort();

/**
 * Mutants that once read differently with no warning, one of each kind that was found (by
 * scripts/damaged-survey.ts, seeds 1001–1036 and 2001–2036): zeros over an uncompressed content
 * stream (read as white space) and over a font's dictionary; a Flate stream flipped or zeroed, which
 * pdf.js's own inflater reads on without a word; an object's number changed, so the page's content
 * cannot be fetched and pdf.js hands back an empty page; and operators whose numbers were garbled
 * (NaN positions, which failed the output schema). [sample, kind, seed]
 */
const ONCE_SILENT: Array<[string, MutationKind, number]> = [
  ["toshi-r5-cid-rksj", "zero", 8],
  ["kosodate-r4-cid-ucs2", "content-zero", 1006],
  ["toshi-r5-cid-rksj", "content-zero", 1019],
  ["ueda-r2-html", "zero", 2030],
  ["toshi-r5-calc-a3p", "zero", 1017],
  ["ueda-r2-calc", "content-flip", 1031],
  ["ueda-r2-calc", "stream-flip", 1034],
  ["kosodate-r4-rotated", "objnum", 1010],
  ["ueda-r2-calc", "objnum", 1036],
  ["kosodate-r4-writer", "content-flip", 1005],
  ["ueda-r2-html", "content-zero", 3032],
];

describe("seeded mutants of the sample PDFs", () => {
  let out: string;
  let reference: string;
  let errors: Array<{ file: string; code: string; message: string }>;
  beforeAll(async () => {
    const dir = tempDir();
    const sources = samples.map((f): [string, Uint8Array] => [f, fs.readFileSync(path.join(SAMPLES, f))]);
    const all = mutants(sources, PER_SAMPLE);
    // Three aimed mutants of each sample, the kinds in turn across samples (each kind four times).
    sources.forEach((source, s) => {
      for (let j = 0; j < 3; j++) all.push(...mutants([source], 1, { kinds: [AIMED_KINDS[(s * 3 + j) % AIMED_KINDS.length] as MutationKind], seedBase: 100 + s * 3 + j }));
    });
    for (const [sample, kind, seed] of ONCE_SILENT) {
      all.push(...mutants([[`${sample}.pdf`, fs.readFileSync(path.join(SAMPLES, `${sample}.pdf`))]], 1, { kinds: [kind], seedBase: seed - 1 }));
    }
    for (const [name, bytes] of all) fs.writeFileSync(path.join(dir, name), bytes);
    out = tempDir();
    reference = tempDir();
    await runCli(["extract", ...samples.map((f) => path.join(SAMPLES, f)), "--out", reference, "--quiet"]);
    await runCli(["extract", dir, "--out", out, "--quiet", "--timeout", "60"]);
    errors = readJsonl(path.join(out, "errors.jsonl")) as typeof errors;
  }, 240_000);

  it("never ends in INTERNAL, and every failure has a code a user can act on", () => {
    expect(errors.filter((e) => e.code === "INTERNAL" || e.code === "INVALID_OUTPUT")).toEqual([]);
    for (const e of errors) expect(["PDF_CORRUPT", "NO_TEXT_LAYER", "NOT_A_SHEET", "PDF_ENCRYPTED", "UNREADABLE_TEXT"]).toContain(e.code);
  });

  it("warns on every document that comes out different from its sample", () => {
    const silent: string[] = [];
    let degraded = 0;
    for (const f of fs.readdirSync(out).filter((n) => n.endsWith(".json"))) {
      const doc = SheetDocument.parse(JSON.parse(fs.readFileSync(path.join(out, f), "utf8")));
      const [sample] = mutantOrigin(f) ?? [""];
      const want = JSON.parse(fs.readFileSync(path.join(reference, `${sample}.json`), "utf8")) as SheetDocument;
      const difference = firstDifference(readingOf(want), readingOf(doc));
      if (!difference) continue;
      degraded += 1;
      if (doc.warnings.length === 0) silent.push(`${f}: ${difference}`);
    }
    expect(degraded).toBeGreaterThan(40);
    expect(silent).toEqual([]);
  });

  it("warns on each mutant that once read differently with no warning, or refuses it", () => {
    const outcomes = ONCE_SILENT.map(([sample, kind, seed]) => {
      const name = `${sample}-${kind}-${seed}`;
      const error = errors.find((e) => path.basename(e.file) === `${name}.pdf`);
      if (error) return `${name}: ${error.code}`;
      const doc = SheetDocument.parse(JSON.parse(fs.readFileSync(path.join(out, `${name}.json`), "utf8")));
      return `${name}: ${doc.warnings.some((w) => w.code === "DAMAGED_PDF") ? "DAMAGED_PDF" : "no warning"}`;
    });
    expect(outcomes.filter((o) => o.endsWith("no warning"))).toEqual([]);
  });
});

describe("DAMAGED_PDF", () => {
  const calc = fs.readFileSync(path.join(SAMPLES, "ueda-r2-calc.pdf"));

  it("says the file was repaired when its xref was broken", async () => {
    const doc = await extractDocument(mutate(calc, "xref", 3 * 7919 + "ueda-r2-calc.pdf".length), "broken-xref.pdf");
    expect(doc.warnings.map((w) => w.code)).toContain("DAMAGED_PDF");
    expect(doc.warnings.find((w) => w.code === "DAMAGED_PDF")?.message).toMatch(/had to repair the file/);
  });

  it("names the pages whose content failed to decode", async () => {
    const html = fs.readFileSync(path.join(SAMPLES, "toshi-r5-html-a4p.pdf"));
    const doc = await extractDocument(mutate(html, "flip", 13 * 7919 + "toshi-r5-html-a4p.pdf".length), "flipped.pdf");
    const damaged = doc.warnings.find((w) => w.code === "DAMAGED_PDF");
    expect(damaged?.message).toMatch(/pages? [\d, ]+ failed to decode/);
    expect(damaged?.page).toBeGreaterThanOrEqual(1);
  });

  it("is PDF_CORRUPT when no page can be read", async () => {
    const truncated = calc.subarray(0, Math.floor(calc.length * 0.3));
    await expect(extractDocument(truncated, "cut.pdf")).rejects.toMatchObject({ code: "PDF_CORRUPT" });
  });
});
