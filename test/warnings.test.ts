// Warnings: every deliberately broken fixture carries exactly the warnings of its golden table
// (test/cases/warnings.tsv), and every sample, read exactly, carries none.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractDocument, extractWithCoverage } from "../src/pipeline.js";
import { compareDocuments, type ExpectedDocument } from "../src/check/compare.js";
import { SAMPLES } from "./helpers/cli.js";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "warnings");

interface Case {
  fixture: string;
  code: string;
  field: string;
  line: string;
  quote: string;
  reason: string;
}

const cases: Case[] = fs
  .readFileSync(path.join(import.meta.dirname, "cases", "warnings.tsv"), "utf8")
  .trimEnd()
  .split("\n")
  .slice(1)
  .map((l) => {
    const [fixture = "", code = "", field = "", line = "", quote = "", reason = ""] = l.split("\t");
    return { fixture, code, field, line, quote, reason };
  });

const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".txt")).sort();

describe("warnings on broken fixtures", () => {
  it("has a golden row for every fixture and a reason for every row", () => {
    expect([...new Set(cases.map((c) => c.fixture))].sort()).toEqual(fixtures);
    for (const c of cases) expect(c.reason, c.fixture).not.toBe("");
  });

  it.each(fixtures)("%s", async (fixture) => {
    const doc = await extractDocument(fs.readFileSync(path.join(FIXTURES, fixture)), fixture);
    const want = cases.filter((c) => c.fixture === fixture);
    const got = doc.warnings.map((w) => ({ code: w.code, field: w.field ?? "", line: w.line === undefined ? "" : String(w.line) }));
    expect(got).toEqual(want.map((c) => ({ code: c.code, field: c.field, line: c.line })));
    doc.warnings.forEach((w, i) => expect(w.message).toContain(want[i]?.quote));
    for (const w of doc.warnings) if (w.sheetId) expect(doc.sheets.map((s) => s.id)).toContain(w.sheetId);
  });

  it("keeps the columns right when an unknown column stands between known ones", async () => {
    const doc = await extractDocument(fs.readFileSync(path.join(FIXTURES, "extra-column-middle.txt")), "x.txt");
    const clean = await extractDocument(fs.readFileSync(path.join(SAMPLES, "shogai-h30.txt")), "x.txt");
    expect(doc.sheets.map((s) => s.items)).toEqual(clean.sheets.map((s) => s.items));
  });

  it("counts unplaced text in the coverage", async () => {
    const broken = await extractWithCoverage(fs.readFileSync(path.join(FIXTURES, "extra-column-end.txt")), "x.txt");
    expect(broken.coverage.unplaced).toBe("公民館係施設係".length);
    expect(broken.coverage.ratio).toBeLessThan(1);
    const clean = await extractWithCoverage(fs.readFileSync(path.join(SAMPLES, "shogai-h30.txt")), "x.txt");
    expect(clean.coverage).toMatchObject({ unplaced: 0, ratio: 1 });
    expect(broken.coverage.placed).toBe(clean.coverage.placed);
  });
});

describe("no warnings on exact readings", () => {
  const samples = fs.readdirSync(SAMPLES).filter((f) => /\.(txt|pdf)$/.test(f));
  it.each(samples)("%s", async (input) => {
    const doc = await extractDocument(fs.readFileSync(path.join(SAMPLES, input)), input);
    expect(doc.warnings).toEqual([]);
  });
});

describe("documents that are not sheets", () => {
  const dir = path.join(import.meta.dirname, "fixtures", "not-sheets");
  // An evaluation form that shares the header labels, a budget table, a gazette notice quoting
  // 重点目標, and a page of labels with no values: each is refused, none becomes an empty sheet.
  it.each(fs.readdirSync(dir).sort())("%s is NOT_A_SHEET", async (name) => {
    await expect(extractDocument(fs.readFileSync(path.join(dir, name)), name)).rejects.toMatchObject({ code: "NOT_A_SHEET", file: name });
  });
});

describe("tables drawn without rules, or with a frame and row rules only: read as the ruled ones", () => {
  // Chromium renderings of the seeds with shaded label cells: no rules at all, or a frame and row
  // rules without column rules (Excel with only some borders drawn). The item header's labels fix
  // the columns; shading ends rows; text clipped at a page's edge is not read. The A3 portrait one
  // prints 取組項目… and 期間・期限… closer than a column gutter; the A4 portrait one runs its
  // 特記事項 row over a page break without repeating the label cell. The A3 landscape and A4 portrait
  // borderless ones leave no gap between item rows wider than a line's (the markers part them), and
  // the A3 one runs item ④ over a page break. The tight ones pad cells by 0.4 mm: labels, values and
  // columns stand 2 pt apart, parted by the label cells' tint and the strip no row crosses. The middle
  // ones centre cells vertically: lines of neighbouring cells interleave. The plain ones have no tint
  // either: rows are parted by the cells' padding alone. The writer ones are LibreOffice Writer's
  // tables without borders: tinted label paragraphs, an empty tinted cell drawn as a thin bar. The
  // calc ones are a workbook without borders or tints printed by Calc: a long wrapped label that
  // fills its cell stands 1–4 pt from its value (a value once vanished into the label's text). The
  // ueda one runs item tables over pages, one of them from a header alone at a page's foot. The
  // writer partial-borders one wraps the first remark's ○ label in its narrow cell (…考|慮した点).
  // The plain-tight one parts rows by 0.5 mm of padding alone (two header rows in one band); the
  // writer bottom one breaks a header row and the remarks over a page (a label cut in two); the
  // writer plain one sets 特記事項 5 pt from the first remark and a white strip after a narrow 7.
  // The p3 ones pad cells by 0.3 mm: rows 1.7 pt apart, 優先順位1位 in one run, two item columns
  // 1.9 pt apart, and (bottom-aligned) the item header repeated overleaf right above its row. The
  // p25 and p2 ones pad by 0.25 and 0.2 mm: a hint's ） hangs over the next label, columns stand
  // 1.1 pt apart, labels 1.1 pt from their values (the first read 76 % with no warning before).
  // The p15 one leaves 0.75 pt above a bottom-aligned row; the writer a3p one sets 優先順|位 and
  // 特記事|項 3 pt from the text beside them and breaks header values over pages. The p1 one pads
  // by 0.1 mm: no white under the item header, two of its labels 0.6 pt apart.
  const dir = path.join(import.meta.dirname, "fixtures", "pdf");
  const truths = path.join(import.meta.dirname, "..", "scripts", "fixtures");
  it.each([
    "ueda-r2-borderless.pdf",
    "ueda-r2-partial-borders.pdf",
    "ueda-r2-partial-borders-a3p.pdf",
    "kosodate-r4-borderless.pdf",
    "kosodate-r4-partial-borders.pdf",
    "toshi-r5-partial-borders-a4p.pdf",
    "ueda-r2-borderless-a3l.pdf",
    "toshi-r5-borderless-a4p.pdf",
    "kosodate-r4-borderless-tight.pdf",
    "ueda-r2-borderless-tight-a3p.pdf",
    "kosodate-r4-partial-borders-middle.pdf",
    "ueda-r2-borderless-middle.pdf",
    "toshi-r5-borderless-plain.pdf",
    "ueda-r2-borderless-plain-a3l.pdf",
    "kosodate-r4-writer-borderless.pdf",
    "toshi-r5-writer-borderless.pdf",
    "kosodate-r4-calc-borderless-middle.pdf",
    "toshi-r5-calc-borderless-bottom.pdf",
    "ueda-r2-calc-partial-borders-bottom.pdf",
    "toshi-r5-writer-partial-borders-a4p.pdf",
    "kosodate-r4-borderless-plain-tight-a4p.pdf",
    "ueda-r2-writer-partial-borders-bottom-a3p.pdf",
    "kosodate-r4-writer-borderless-plain-a4p.pdf",
    "kosodate-r4-borderless-plain-p3-a4p.pdf",
    "ueda-r2-borderless-plain-p3-bottom-a4p.pdf",
    "ueda-r2-borderless-plain-p25-a3p.pdf",
    "toshi-r5-borderless-plain-p2-a4p.pdf",
    "ueda-r2-borderless-plain-p15-bottom-a4p.pdf",
    "ueda-r2-writer-partial-borders-a3p.pdf",
    "kosodate-r4-borderless-plain-p1-a4l.pdf",
  ])("%s is read exactly, with no warning", async (pdf) => {
    const truth = JSON.parse(fs.readFileSync(path.join(truths, `${pdf.replace(/-(?:writer-|calc-)?(?:borderless|partial-borders).*\.pdf$/, "")}.truth.json`), "utf8")) as ExpectedDocument;
    const doc = await extractDocument(fs.readFileSync(path.join(dir, pdf)), pdf);
    const results = compareDocuments(truth, doc).filter((r) => r.group !== "facts");
    expect(results.filter((r) => !r.ok).map((r) => r.path)).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });
});
