// The goal-table form as producers print it: a fixed few of scripts/render_goal_table.py's
// renderings (scripts/make-goal-table-fixtures.sh) and the document as a dump and as
// Chromium prints it, with and without a 担当 column, each against its hand-read expected file.
// Every field must agree, and the only warnings are the extra column's text, each quoted.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareDocuments, squash, type ExpectedSheet } from "../src/check/compare.js";
import { extractDocument } from "../src/pipeline.js";
import { ROOT } from "./helpers/cli.js";

const DIR = path.join(ROOT, "test", "fixtures", "goal-table");

interface Expected {
  fiscalYear: number;
  sheets: ExpectedSheet[];
  /** Text an extra column (担当, 備考) prints: each an UNASSIGNED_TEXT warning that quotes it. */
  expectedWarnings: Array<{ code: string; quotes: string }>;
}

const cases = fs
  .readdirSync(DIR)
  .filter((f) => /\.(pdf|txt)$/.test(f))
  .sort();

describe("goal-table fixtures", () => {
  it("has an expected file for every rendering, and renderings of every producer", () => {
    for (const f of cases) expect(fs.existsSync(path.join(DIR, `${path.basename(f, path.extname(f))}.expected.json`)), f).toBe(true);
    const producers = new Set(cases.map((f) => (JSON.parse(fs.readFileSync(path.join(DIR, `${path.basename(f, path.extname(f))}.expected.json`), "utf8")) as { rendering: { producer: string } }).rendering.producer));
    expect([...producers].sort()).toEqual(["calc-xlsx", "chromium", "dump", "writer-docx", "writer-html"]);
  });

  it.each(cases)("%s reads exactly, warning only of an extra column's text", async (file) => {
    const expected = JSON.parse(fs.readFileSync(path.join(DIR, `${path.basename(file, path.extname(file))}.expected.json`), "utf8")) as Expected;
    const doc = await extractDocument(fs.readFileSync(path.join(DIR, file)), file);
    const misses = compareDocuments({ fiscalYear: expected.fiscalYear, sheets: expected.sheets }, doc).filter((r) => !r.ok);
    expect(misses).toEqual([]);
    const quotes = expected.expectedWarnings.map((w) => squash(w.quotes)).sort();
    const warned = doc.warnings.map((w) => (w.code === "UNASSIGNED_TEXT" ? squash(/「(.*)」/u.exec(w.message)?.[1] ?? "") : `${w.code}: ${w.message}`)).sort();
    expect(warned).toEqual(quotes);
  });
});
