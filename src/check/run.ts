// `check <dir>`: extract every input that has a <name>.expected.json beside it and measure field
// agreement against it. The folder's threshold (check.json: {"threshold": 0.99}) decides pass/fail.
import fs from "node:fs";
import path from "node:path";
import { SheetExtractError, UsageError, asSheetExtractError } from "../errors.js";
import { INPUT_EXTENSIONS } from "../batch/inputs.js";
import { documentNameOf, expandInputs, sourceOf } from "../batch/inputs.js";
import type { Warning } from "../model/index.js";
import { extractWithCoverage } from "../pipeline.js";
import { compareDocuments, type ExpectedDocument, type FieldGroup, type FieldResult } from "./compare.js";

export interface CheckedDocument {
  input: string;
  expected: string;
  results: FieldResult[];
  matched: number;
  total: number;
  /** The document's warnings (none when extraction failed). */
  warnings: Warning[];
  /** Share of the sheets' characters that went into fields; undefined when extraction failed. */
  coverage: number | undefined;
  error?: { code: string; message: string };
}

export interface CheckReport {
  dir: string;
  threshold: number;
  documents: CheckedDocument[];
  matched: number;
  total: number;
  agreement: number;
  passed: boolean;
  groups: Record<FieldGroup, { matched: number; total: number }>;
}

export interface CheckOptions {
  /** Agreement (0–1) below which the check fails. Default: check.json's threshold, else 1. */
  threshold?: number | undefined;
}

function readThreshold(dir: string): number {
  const file = path.join(dir, "check.json");
  if (!fs.existsSync(file)) return 1;
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as { threshold?: unknown };
  const t = config.threshold;
  if (typeof t !== "number" || !(t >= 0 && t <= 1)) {
    throw new UsageError(`${file}: "threshold" must be a number from 0 to 1`);
  }
  return t;
}

/** Inputs with an expected file beside them, in path order. */
export function findCheckPairs(dir: string): Array<{ input: string; expected: string }> {
  const pairs: Array<{ input: string; expected: string }> = [];
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith(".")) visit(p);
      else if (INPUT_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) {
        const expected = path.join(d, `${path.basename(e.name, path.extname(e.name))}.expected.json`);
        if (fs.existsSync(expected)) pairs.push({ input: p, expected });
      }
    }
  };
  visit(dir);
  return pairs;
}

export async function runCheck(dir: string, options: CheckOptions = {}): Promise<CheckReport> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${dir}`);
  const threshold = options.threshold ?? readThreshold(dir);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`threshold must be from 0 to 1, got ${threshold}`);
  const pairs = findCheckPairs(dir);
  if (pairs.length === 0) throw new UsageError(`${dir} holds no input with a <name>.expected.json beside it`);
  const documents: CheckedDocument[] = [];
  for (const { input, expected } of pairs) {
    const want = JSON.parse(fs.readFileSync(expected, "utf8")) as ExpectedDocument;
    const total = countFields(want);
    try {
      const { document: got, coverage } = await extractWithCoverage(fs.readFileSync(input), input);
      const results = compareDocuments(want, got);
      documents.push({
        input,
        expected,
        results,
        matched: results.filter((r) => r.ok).length,
        total: results.length,
        warnings: got.warnings,
        coverage: coverage.ratio,
      });
    } catch (err) {
      const e = err instanceof SheetExtractError ? err : asSheetExtractError(err, input);
      documents.push({ input, expected, results: [], matched: 0, total, warnings: [], coverage: undefined, error: { code: e.code, message: e.message } });
    }
  }
  const groups = {} as CheckReport["groups"];
  for (const g of ["document", "header", "alignment", "items", "remarks", "facts"] as const) groups[g] = { matched: 0, total: 0 };
  for (const d of documents) {
    for (const r of d.results) {
      groups[r.group].total += 1;
      if (r.ok) groups[r.group].matched += 1;
    }
  }
  const matched = documents.reduce((n, d) => n + d.matched, 0);
  const total = documents.reduce((n, d) => n + d.total, 0);
  const agreement = total === 0 ? 0 : matched / total;
  return { dir, threshold, documents, matched, total, agreement, passed: agreement >= threshold, groups };
}

/** Fields an expected document names, for the denominator when extraction failed outright. */
function countFields(want: ExpectedDocument): number {
  const empty = { schemaVersion: 2, warnings: [], source: { file: "x", sha256: "0".repeat(64), format: "text" }, fiscalYear: null, fiscalYearLabel: null, department: "", goalIndex: [], sheets: [] } as const;
  return Math.max(1, compareDocuments(want, empty as never).length);
}

export interface TriagedDocument {
  input: string;
  warnings: Warning[];
  coverage: number | undefined;
  error?: { code: string; message: string };
}

export interface TriageReport {
  dir: string;
  /** Most doubtful first: failed, then most warnings, then least coverage. */
  documents: TriagedDocument[];
}

/**
 * `check` on a folder without expected files: every input extracted and ordered by doubt, so that a
 * reviewer knows which documents to open first.
 */
export async function runTriage(dir: string): Promise<TriageReport> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${dir}`);
  const documents: TriagedDocument[] = [];
  for (const file of expandInputs([dir]).files) {
    try {
      const { document, coverage } = await extractWithCoverage(fs.readFileSync(sourceOf(file)), documentNameOf(file));
      documents.push({ input: file.path, warnings: document.warnings, coverage: coverage.ratio });
    } catch (err) {
      const e = asSheetExtractError(err, file.path);
      documents.push({ input: file.path, warnings: [], coverage: undefined, error: { code: e.code, message: e.message } });
    }
  }
  if (documents.length === 0) throw new UsageError(`${dir} holds no .pdf or .txt input`);
  const doubt = (d: TriagedDocument): [number, number, number] => [d.error ? 0 : 1, -d.warnings.length, d.coverage ?? 0];
  documents.sort((a, b) => {
    const [x, y] = [doubt(a), doubt(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (a.input < b.input ? -1 : a.input > b.input ? 1 : 0);
  });
  return { dir, documents };
}
