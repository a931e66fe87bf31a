// `review <input...> --out DIR`: one self-contained HTML page per document, with an
// <name>.expected.json beside an input marking the fields that differ from it.
import fs from "node:fs";
import path from "node:path";
import { UsageError, asSheetExtractError } from "../errors.js";
import { documentNameOf, expandInputs, sourceOf } from "../batch/inputs.js";
import { displayPath, errorRecord } from "../batch/run.js";
import { compareDocuments, type ExpectedDocument } from "../check/compare.js";
import { writeFileAtomic } from "../export/atomic.js";
import { prepareOutDir, writeFailed } from "../export/outdir.js";
import { DEFAULT_MAX_MEMORY_MB, readLimits } from "../extract/pdf/limits.js";
import { decodeText } from "../extract/text/decode.js";
import type { ErrorRecord, SheetDocument } from "../model/index.js";
import { finishDocument, readDocument } from "../pipeline.js";
import { coverageOf } from "../validate/warnings.js";
import { reviewHtml, type FieldDifference } from "./html.js";
import { renderPdfPages } from "./render.js";

export interface ReviewOptions {
  /** Output folder. Default "review". */
  outDir?: string;
  /** Fiscal year for documents that print none. */
  fiscalYear?: number | undefined;
  /** Memory one file may cost, MiB (bounds what a PDF decodes and the images drawn; extract/pdf/limits.ts). Default 1536. */
  maxMemoryMb?: number | undefined;
}

export interface ReviewSummary {
  written: string[];
  errors: ErrorRecord[];
}

/** Differences from the expected document, keyed `${sheetIndex}:${fieldPath}` as the page needs. */
export function differencesOf(expected: ExpectedDocument, doc: SheetDocument): Map<string, FieldDifference> {
  const out = new Map<string, FieldDifference>();
  for (const r of compareDocuments(expected, doc)) {
    if (r.ok || r.group === "facts" || r.group === "document") continue;
    const m = /^sheets\[(?:department=([^;\]]*);)?(?:priority=(-?\d+)|(\d+))\]\.(.+)$/.exec(r.path);
    if (!m) continue;
    const s =
      m[2] !== undefined
        ? doc.sheets.findIndex((sh) => sh.priority === Number(m[2]) && (m[1] === undefined || sh.department === m[1]))
        : Number(m[3]);
    const sheet = doc.sheets[s];
    if (!sheet) continue;
    let field = m[4] ?? "";
    const item = /^items\[no=(\d+)\]\.(\w+)$/.exec(field);
    if (item) {
      const i = sheet.items.findIndex((it) => it.no === Number(item[1]));
      if (i < 0) continue;
      field = `items[${i}].${item[2]}`;
    }
    out.set(`${s}:${field}`, { want: r.want, got: r.got });
  }
  return out;
}

export async function runReview(args: string[], options: ReviewOptions = {}): Promise<ReviewSummary> {
  const { files, missing } = expandInputs(args);
  if (files.length === 0 && missing.length === 0) throw new UsageError("review needs at least one input");
  const maxMemoryMb = options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  if (!(Number.isFinite(maxMemoryMb) && maxMemoryMb > 0)) throw new UsageError(`maxMemoryMb must be a number above 0, got ${String(maxMemoryMb)}`);
  const outDir = (await prepareOutDir(options.outDir ?? "review")).dir;
  const summary: ReviewSummary = { written: [], errors: missing.map((m) => ({ file: m.arg, code: m.code, message: m.reason })) };
  for (const file of files) {
    try {
      const bytes = await fs.promises.readFile(sourceOf(file));
      const read = await readDocument(bytes, documentNameOf(file), { maxMemoryMb });
      const doc = await finishDocument(read, { fiscalYear: options.fiscalYear });
      const unplaced = read.assembled.sheets.flatMap((sheet, s) =>
        sheet.unassigned.map((u) => ({
          sheet: s,
          text: u.text,
          boxes: u.sources.flatMap((src) => (src.kind === "pdf" ? src.boxes : [])),
          line: u.sources.find((src) => src.kind === "line")?.line,
        })),
      );
      const expectedPath = path.join(path.dirname(documentNameOf(file)), `${path.basename(documentNameOf(file), path.extname(documentNameOf(file)))}.expected.json`);
      const expected = fs.existsSync(expectedPath) ? (JSON.parse(fs.readFileSync(expectedPath, "utf8")) as ExpectedDocument) : undefined;
      const html = reviewHtml({
        doc,
        pages: doc.source.format === "pdf" ? await renderPdfPages(bytes, { limits: readLimits(maxMemoryMb) }) : undefined,
        lines: doc.source.format === "text" ? decodeText(bytes).text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/) : undefined,
        differences: expected ? differencesOf(expected, doc) : undefined,
        expectedName: expected ? path.basename(expectedPath) : undefined,
        unplaced,
        coverage: coverageOf({ document: doc, assembled: read.assembled }).ratio,
      });
      const target = path.join(outDir, `${file.name}.review.html`);
      await writeFileAtomic(target, html).catch((err: unknown) => {
        throw writeFailed(target, err);
      });
      summary.written.push(displayPath(target));
    } catch (err) {
      const e = asSheetExtractError(err);
      summary.errors.push(errorRecord(file.path, e.code, e.message, e.page, e.line));
    }
  }
  return summary;
}
