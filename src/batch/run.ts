// The batch: inputs → per-document JSON as each finishes, then sheets.jsonl and the CSV tables in
// a fixed order, errors.jsonl and a summary. One bad file is one error record; the batch goes on.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PQueue from "p-queue";
import { UsageError, asSheetExtractError } from "../errors.js";
import { writeFileAtomic, createAtomicStream } from "../export/atomic.js";
import { CsvTablesWriter } from "../export/csv.js";
import { documentJson, sheetLines } from "../export/json.js";
import { SheetDocument, type ErrorRecord } from "../model/index.js";
import { comparePaths, expandInputs, inShard, type InputFile, type Shard } from "./inputs.js";

export const OUTPUT_FORMATS = ["json", "jsonl", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface BatchOptions {
  /** Output folder. Default "out". */
  outDir?: string;
  /** Outputs besides the per-input JSON documents, which are always written. Default ["json"]. */
  formats?: OutputFormat[];
  /** Files extracted at once. Default: the number of CPUs. */
  concurrency?: number;
  /** Fiscal year for documents that print none. Default: none. */
  fiscalYear?: number | undefined;
  /** Take only this share of the inputs. Default: all. */
  shard?: Shard | undefined;
  /** Called as files finish, for progress displays. */
  onProgress?: ((event: ProgressEvent) => void) | undefined;
  /** How a file is extracted (in-process or on a worker pool). Default: in-process. */
  executor?: Executor;
}

export type ResolvedBatchOptions = Required<Omit<BatchOptions, "fiscalYear" | "shard" | "onProgress" | "executor">> &
  Pick<BatchOptions, "fiscalYear" | "shard" | "onProgress" | "executor">;

export interface ProgressEvent {
  file: InputFile;
  done: number;
  total: number;
  failed: number;
  pages: number;
  error?: ErrorRecord;
}

/** Extracts one file to its JSON text (validated), or fails with a SheetExtractError. */
export interface Executor {
  extract(file: InputFile, options: { fiscalYear?: number | undefined }): Promise<ExtractResult>;
  close(): Promise<void>;
}

export type ExtractResult =
  | { ok: true; json: string; sheets: number; items: number; facts: number; pages: number }
  | { ok: false; error: ErrorRecord };

export interface BatchSummary {
  files: number;
  succeeded: number;
  failed: number;
  sheets: number;
  items: number;
  facts: number;
  pages: number;
  outDir: string;
  errors: ErrorRecord[];
  seconds: number;
}

export function checkBatchOptions(options: BatchOptions): ResolvedBatchOptions {
  const concurrency = options.concurrency ?? Math.max(1, os.availableParallelism());
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`concurrency must be a whole number ≥ 1, got ${String(options.concurrency)}`);
  }
  const formats = options.formats ?? ["json"];
  for (const f of formats) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown format "${f}": use ${OUTPUT_FORMATS.join(", ")}`);
    }
  }
  const fy = options.fiscalYear;
  if (fy !== undefined && (!Number.isInteger(fy) || fy < 1868 || fy > 2200)) {
    throw new UsageError(`fiscal year must be a western year such as 2020, got ${String(fy)}`);
  }
  return {
    outDir: options.outDir ?? "out",
    formats: [...new Set(formats)],
    concurrency,
    fiscalYear: fy,
    shard: options.shard,
    onProgress: options.onProgress,
    executor: options.executor,
  };
}

/** Relative to the working folder where that is shorter and inside it; absolute otherwise. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : p;
}

/** In-process extraction: the default for the library and for small batches. */
export function inProcessExecutor(): Executor {
  return {
    async extract(file, options) {
      const { extractDocument } = await import("../pipeline.js");
      try {
        const bytes = await fs.promises.readFile(file.path).catch((err: NodeJS.ErrnoException) => {
          throw Object.assign(new Error(`cannot read the file: ${err.code ?? err.message}`), { code: "READ" });
        });
        const doc = await extractDocument(bytes, file.path, options);
        return {
          ok: true,
          json: documentJson(doc),
          sheets: doc.sheets.length,
          items: doc.sheets.reduce((n, s) => n + s.items.length, 0),
          facts: doc.sheets.reduce((n, s) => n + s.facts.length, 0),
          pages: doc.source.pages ?? 0,
        };
      } catch (err) {
        const e = asSheetExtractError(err);
        const code = (err as { code?: string }).code === "READ" ? "READ_FAILED" : e.code;
        return { ok: false, error: errorRecord(file.path, code, e.message, e.page, e.line) };
      }
    },
    async close() {},
  };
}

export function errorRecord(file: string, code: string, message: string, page?: number, line?: number): ErrorRecord {
  return {
    file: displayPath(file),
    code,
    message,
    ...(page !== undefined ? { page } : {}),
    ...(line !== undefined ? { line } : {}),
  };
}

export async function runBatch(args: string[], options: BatchOptions = {}): Promise<BatchSummary> {
  const opts = checkBatchOptions(options);
  const started = performance.now();
  const expanded = expandInputs(args);
  if (expanded.files.length === 0 && expanded.missing.length === 0) throw new UsageError("no inputs given");
  const files = opts.shard ? expanded.files.filter((f) => inShard(f, opts.shard as Shard)) : expanded.files;
  const outDir = path.resolve(opts.outDir);
  await fs.promises.mkdir(outDir, { recursive: true });

  const errors: ErrorRecord[] = expanded.missing.map((m) => ({ file: m.arg, code: "READ_FAILED", message: m.reason }));
  const succeeded: InputFile[] = [];
  const summary: BatchSummary = {
    files: files.length + expanded.missing.length,
    succeeded: 0,
    failed: 0,
    sheets: 0,
    items: 0,
    facts: 0,
    pages: 0,
    outDir,
    errors,
    seconds: 0,
  };
  const executor = opts.executor ?? inProcessExecutor();
  const queue = new PQueue({ concurrency: opts.concurrency });
  let done = 0;
  try {
    for (const file of files) {
      void queue.add(async () => {
        let result = await executor.extract(file, { fiscalYear: opts.fiscalYear });
        if (result.ok) {
          try {
            await writeFileAtomic(path.join(outDir, `${file.name}.json`), result.json);
          } catch (err) {
            const e = err as NodeJS.ErrnoException;
            result = { ok: false, error: errorRecord(file.path, "WRITE_FAILED", `cannot write ${file.name}.json: ${e.code ?? e.message}`) };
          }
        }
        done += 1;
        if (result.ok) {
          succeeded.push(file);
          summary.sheets += result.sheets;
          summary.items += result.items;
          summary.facts += result.facts;
          summary.pages += result.pages;
        } else {
          errors.push(result.error);
        }
        opts.onProgress?.({
          file,
          done,
          total: files.length,
          failed: errors.length,
          pages: summary.pages,
          ...(result.ok ? {} : { error: result.error }),
        });
      });
    }
    await queue.onIdle();
  } finally {
    await executor.close();
  }

  // Aggregates in input path order (the order the names were given in), whatever finished first.
  succeeded.sort((a, b) => comparePaths(a.path, b.path));
  await writeAggregates(outDir, succeeded.map((f) => f.name), opts.formats);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  await writeFileAtomic(path.join(outDir, "errors.jsonl"), errors.map((e) => `${JSON.stringify(e)}\n`).join(""));
  summary.succeeded = succeeded.length;
  summary.failed = errors.length;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * sheets.jsonl and the CSV tables, from the documents just written, in input order: the same inputs
 * give the same bytes at any concurrency, and only one document is in memory at a time.
 */
async function writeAggregates(outDir: string, names: string[], formats: OutputFormat[]): Promise<void> {
  const jsonl = formats.includes("jsonl") ? createAtomicStream(path.join(outDir, "sheets.jsonl")) : undefined;
  const csv = formats.includes("csv") ? new CsvTablesWriter(outDir) : undefined;
  if (!jsonl && !csv) return;
  try {
    for (const name of names) {
      const doc = SheetDocument.parse(JSON.parse(await fs.promises.readFile(path.join(outDir, `${name}.json`), "utf8")));
      if (jsonl) {
        for (const line of sheetLines(doc)) {
          if (!jsonl.stream.write(line)) await new Promise<void>((resolve) => jsonl.stream.once("drain", resolve));
        }
      }
      if (csv) await csv.write(doc);
    }
    await jsonl?.commit();
    await csv?.close();
  } catch (err) {
    await jsonl?.abort();
    await csv?.abort();
    throw err;
  }
}

export function formatSummary(s: BatchSummary): string {
  const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
  return (
    `${plural(s.sheets, "sheet")}, ${plural(s.items, "item")}, ${plural(s.facts, "fact")} ` +
    `from ${plural(s.succeeded, "file")}, ${s.failed} failed ` +
    `(${s.seconds.toFixed(1)} s) → ${displayPath(s.outDir)}`
  );
}
