// The batch: inputs → per-document JSON as each finishes, then sheets.jsonl and the CSV tables in
// a fixed order, errors.jsonl and a summary. One bad file is one error record; the batch goes on.
// The extract stage runs on a pool of worker threads; normalization (with the one shared tokenizer),
// validation and writing run on the main thread.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PQueue from "p-queue";
import { SheetExtractError, UsageError, asSheetExtractError } from "../errors.js";
import { createAtomicStream, writeFileAtomic } from "../export/atomic.js";
import { prepareOutDir, removeIfEmpty, writeFailed } from "../export/outdir.js";
import { CsvTablesWriter } from "../export/csv.js";
import { documentJson, sheetLines } from "../export/json.js";
import { DEFAULT_MAX_MEMORY_MB } from "../extract/pdf/limits.js";
import { SheetDocument, type ErrorRecord } from "../model/index.js";
import { checkReadOptions, finishDocument, readDocument, type OcrMode, type ReadOptions, type ReadResult, type StageTimes } from "../pipeline.js";
import { toolVersion } from "../version.js";
import { comparePaths, documentNameOf, expandInputs, inShard, sourceOf, type InputFile, type Shard } from "./inputs.js";
import { FILES_PER_WORKER, STUCK_MS, WorkerPool } from "./pool.js";
import { workersWanted } from "./scaling.js";
import { BatchState } from "./state.js";
import { WarehouseLoader } from "../warehouse/load.js";

export const OUTPUT_FORMATS = ["json", "jsonl", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface BatchOptions {
  /** Output folder. Default "out". */
  outDir?: string;
  /** Outputs besides the per-input JSON documents, which are always written. Default ["json"]. */
  formats?: OutputFormat[];
  /**
   * Files extracted at once (worker threads). Default "auto": one worker, and another (up to the
   * number of CPUs) whenever the files left would keep it busy long enough to pay for its start
   * (see scaling.ts). A number fixes the count.
   */
  concurrency?: number | "auto";
  /** Fiscal year for documents that print none. Default: none. */
  fiscalYear?: number | undefined;
  /** Take only this share of the inputs. Default: all. */
  shard?: Shard | undefined;
  /** Skip inputs whose output exists from the same input bytes and tool version. Default false. */
  resume?: boolean;
  /** Per-file time limit for the extract stage, seconds. Default 300. */
  timeoutSeconds?: number;
  /**
   * Memory per file, MiB: the worker's heap, and what a PDF may decode and keep off it
   * (extract/pdf/limits.ts: a quarter). Default 1536.
   */
  maxMemoryMb?: number;
  /** Larger files are TOO_LARGE without being read, MiB. Default 256. */
  maxFileMb?: number;
  /** Run the extract stage on worker threads (needs the built dist/); else in this thread. Default true. */
  workers?: boolean;
  /** Also load every document into this warehouse (a DuckDB file or a postgres:// URL). Default: none. */
  db?: string | undefined;
  /** Seconds to wait for another load that holds the warehouse before DB_LOCKED. Default 60. */
  dbLockWaitSeconds?: number | undefined;
  /**
   * CSV cells exactly as extracted. Default false: a text cell that starts with = + - @, a tab or a
   * carriage return gets a leading ' so that Excel shows it rather than running it as a formula.
   */
  csvRaw?: boolean;
  /** OCR of scanned pages: off, auto (default: pages without a text layer) or force (also pages whose text layer is unreadable). */
  ocr?: OcrMode | undefined;
  /** Tesseract languages joined by + (default jpn). */
  ocrLang?: string | undefined;
  /** The tesseract binary (default tesseract, on PATH). */
  tesseract?: string | undefined;
  /** Called as files finish (and as pages are read), for progress displays. */
  onProgress?: ((event: ProgressEvent) => void) | undefined;
  /** Called every second while files are read on workers, with them, the longest-running first. */
  onReading?: ((files: ReadingFile[]) => void) | undefined;
}

/** A file a worker is reading, and for how long it has been. */
export interface ReadingFile {
  file: string;
  seconds: number;
}

export type ResolvedBatchOptions = Required<Omit<BatchOptions, "fiscalYear" | "shard" | "onProgress" | "onReading" | "db" | "concurrency" | "dbLockWaitSeconds" | "ocrLang" | "tesseract">> &
  Pick<BatchOptions, "fiscalYear" | "shard" | "onProgress" | "onReading" | "db" | "dbLockWaitSeconds" | "ocrLang" | "tesseract"> & {
    /** The most files extracted at once. */
    concurrency: number;
    /** Start with one worker and add workers as the batch warrants, up to `concurrency`. */
    growWorkers: boolean;
  };

export interface ProgressEvent {
  file: InputFile;
  done: number;
  total: number;
  failed: number;
  /** Documents so far that came out with warnings. */
  warned: number;
  /** Pages read so far (of files done and files being read). */
  pages: number;
  resumed: boolean;
  error?: ErrorRecord;
  /** A page of `file` was read; the file is not done yet. */
  page?: boolean;
}

export interface BatchSummary {
  files: number;
  succeeded: number;
  resumed: number;
  failed: number;
  /** Documents written with warnings (they are in the output, and in warnings.csv with --format csv). */
  warned: number;
  sheets: number;
  items: number;
  facts: number;
  pages: number;
  outDir: string;
  errors: ErrorRecord[];
  seconds: number;
  /** Worker threads the files were read on (the most at one time; 0 when read in this thread). */
  workers: number;
  /** Milliseconds per stage, summed over files (parse, layout and assemble run in parallel on workers). */
  times: StageTimes & { write: number; aggregate: number };
}

export function checkBatchOptions(options: BatchOptions): ResolvedBatchOptions {
  const growWorkers = (options.concurrency ?? "auto") === "auto";
  const concurrency = growWorkers ? Math.max(1, os.availableParallelism()) : options.concurrency;
  if (typeof concurrency !== "number" || !Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`concurrency must be a whole number ≥ 1 or "auto", got ${String(options.concurrency)}`);
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
  const positive = (name: string, v: number | undefined, fallback: number): number => {
    const value = v ?? fallback;
    if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) {
      throw new UsageError(`${name} must be a number above 0, got ${String(v)}`);
    }
    return value;
  };
  const read = { ocr: options.ocr, ocrLang: options.ocrLang, tesseract: options.tesseract };
  checkReadOptions(read);
  const lockWait = options.dbLockWaitSeconds;
  if (lockWait !== undefined && !(typeof lockWait === "number" && Number.isFinite(lockWait) && lockWait >= 0)) {
    throw new UsageError(`the lock wait must be a number of seconds ≥ 0, got ${String(lockWait)}`);
  }
  return {
    ocr: options.ocr ?? "auto",
    ocrLang: options.ocrLang,
    tesseract: options.tesseract,
    outDir: options.outDir ?? "out",
    formats: [...new Set(formats)],
    concurrency,
    growWorkers,
    fiscalYear: fy,
    shard: options.shard,
    resume: options.resume ?? false,
    timeoutSeconds: positive("timeout", options.timeoutSeconds, 300),
    maxMemoryMb: positive("max memory", options.maxMemoryMb, DEFAULT_MAX_MEMORY_MB),
    maxFileMb: positive("max file size", options.maxFileMb, 256),
    workers: options.workers ?? true,
    db: options.db,
    dbLockWaitSeconds: options.dbLockWaitSeconds,
    csvRaw: options.csvRaw ?? false,
    onProgress: options.onProgress,
    onReading: options.onReading,
  };
}

/** Relative to the working folder where that is inside it; absolute otherwise. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : p;
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

/** A file read, with the seconds reading took (finishing gets what --timeout leaves). */
type StageResult = { ok: true; read: ReadResult; seconds: number } | { ok: false; error: ErrorRecord };

/** The extract stage of one file, in this thread (no time limit; of memory, only what a PDF decodes). */
async function readInProcess(file: InputFile, maxBytes: number, read: ReadOptions): Promise<StageResult> {
  try {
    const stat = await fs.promises.stat(sourceOf(file)).catch((err: NodeJS.ErrnoException) => {
      throw new SheetExtractError("READ_FAILED", `cannot read the file: ${err.code ?? err.message}`);
    });
    if (stat.size > maxBytes) {
      throw new SheetExtractError("TOO_LARGE", `the file is over the ${(maxBytes / 2 ** 20).toFixed(0)} MiB limit (--max-file-size)`);
    }
    const bytes = await fs.promises.readFile(sourceOf(file)).catch((err: NodeJS.ErrnoException) => {
      throw new SheetExtractError("READ_FAILED", `cannot read the file: ${err.code ?? err.message}`);
    });
    const t0 = performance.now();
    const result = await readDocument(bytes, documentNameOf(file), read);
    return { ok: true, read: result, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    const e = asSheetExtractError(err);
    return { ok: false, error: errorRecord(file.path, e.code, e.message, e.page, e.line) };
  }
}

/** A file's size for scheduling, 0 when it cannot be had (the read then says why: ELOOP, EACCES, gone). */
function sizeOf(file: string | Buffer): number {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}

async function sha256OfFile(file: string | Buffer): Promise<string | undefined> {
  try {
    const hash = createHash("sha256");
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest("hex");
  } catch {
    return undefined;
  }
}

export async function runBatch(args: string[], options: BatchOptions = {}): Promise<BatchSummary> {
  const opts = checkBatchOptions(options);
  const started = performance.now();
  const expanded = expandInputs(args);
  if (expanded.files.length === 0 && expanded.missing.length === 0) throw new UsageError("no inputs given");
  const files = opts.shard ? expanded.files.filter((f) => inShard(f, opts.shard as Shard)) : expanded.files;
  // The output folder and the warehouse are checked first: a wrong --out or an unreachable
  // database stops the batch before any work, and leaves no empty folder behind.
  const prepared = await prepareOutDir(opts.outDir);
  const outDir = prepared.dir;
  let loader: WarehouseLoader | undefined;
  try {
    loader = opts.db ? await WarehouseLoader.open(opts.db, { lockWaitSeconds: opts.dbLockWaitSeconds }) : undefined;
  } catch (err) {
    await removeIfEmpty(prepared);
    throw err;
  }
  const version = toolVersion();
  const state = new BatchState(outDir);
  state.load();

  const errors: ErrorRecord[] = expanded.missing.map((m) => ({ file: displayPath(m.arg), code: m.code, message: m.reason }));
  const succeeded: InputFile[] = [];
  const summary: BatchSummary = {
    files: files.length + expanded.missing.length,
    succeeded: 0,
    resumed: 0,
    failed: 0,
    warned: 0,
    sheets: 0,
    items: 0,
    facts: 0,
    pages: 0,
    outDir,
    errors,
    seconds: 0,
    workers: 0,
    times: { parse: 0, layout: 0, assemble: 0, normalize: 0, validate: 0, write: 0, aggregate: 0 },
  };
  const maxBytes = opts.maxFileMb * 2 ** 20;
  const readOptions = { ocr: opts.ocr, ocrLang: opts.ocrLang, tesseract: opts.tesseract };
  // Pages read so far, for the progress display: a scan takes seconds a page.
  let pagesSeen = 0;
  const pageRead = (file: InputFile): void => {
    pagesSeen += 1;
    opts.onProgress?.({ file, done, total: files.length, failed: errors.length, warned: summary.warned, pages: pagesSeen, resumed: false, page: true });
  };
  const byName = new Map<string, InputFile>();
  // Failures are appended to errors.jsonl as they happen (a batch that refuses every input shows
  // it while it runs), and the file is rewritten sorted at the end.
  const errorsFile = path.join(outDir, "errors.jsonl");
  let errorsWritten: Promise<void> = writeFileAtomic(errorsFile, errors.map((e) => `${JSON.stringify(e)}\n`).join("")).catch(() => undefined);
  const appendError = (e: ErrorRecord): void => {
    errorsWritten = errorsWritten.then(() => fs.promises.appendFile(errorsFile, `${JSON.stringify(e)}\n`)).catch(() => undefined);
  };
  let reading: PQueue | undefined;
  const pool = opts.workers
    ? new WorkerPool({
        // With "auto", a file stuck on its worker may have one more started beside it even on one CPU: the batch moves.
        size: opts.growWorkers ? Math.max(2, opts.concurrency) : opts.concurrency,
        timeoutMs: opts.timeoutSeconds * 1000,
        maxMemoryMb: opts.maxMemoryMb,
        maxBytes,
        rescueAfterMs: STUCK_MS,
        read: readOptions,
        onPage: (name) => {
          const file = byName.get(name);
          if (file) pageRead(file);
        },
        // Each worker started (as the batch grows, or beside a stuck one) holds FILES_PER_WORKER files.
        onSpawn: (alive) => {
          if (reading) reading.concurrency = Math.max(reading.concurrency, alive * FILES_PER_WORKER);
        },
      })
    : undefined;
  // Two stages: reading on the worker pool (each worker holds FILES_PER_WORKER files: the one it
  // reads and the next), finishing (normalize, validate, write) on this thread one at a time. A
  // worker does not wait for its file to be finished before it takes the next; finished-but-unwritten
  // documents are capped, so memory stays flat.
  reading = new PQueue({ concurrency: (opts.growWorkers && pool ? 1 : opts.concurrency) * (pool ? FILES_PER_WORKER : 1) });
  const queue = reading;
  if (pool) pool.workers = opts.growWorkers ? 1 : opts.concurrency;
  const finishing = new PQueue({ concurrency: 1 });
  // What the pool has read so far, for growing it (scaling.ts): sizes of the files not yet started,
  // and bytes and seconds of files read by a warmed-up worker.
  const sizes = new Map<string, number>();
  let bytesLeft = 0;
  const measured = { bytes: 0, seconds: 0, files: 0 };
  const grow = (): void => {
    if (!opts.growWorkers || !pool) return;
    pool.workers = workersWanted({
      workers: pool.workers,
      maxWorkers: opts.concurrency,
      bytesLeft,
      bytesMeasured: measured.bytes,
      secondsMeasured: measured.seconds,
      filesMeasured: measured.files,
    });
    queue.concurrency = Math.max(queue.concurrency, pool.workers * FILES_PER_WORKER);
  };
  let done = 0;

  const report = (file: InputFile, resumed: boolean, error?: ErrorRecord): void => {
    done += 1;
    opts.onProgress?.({
      file,
      done,
      total: files.length,
      failed: errors.length,
      warned: summary.warned,
      pages: pagesSeen,
      resumed,
      ...(error ? { error } : {}),
    });
  };

  const fail = (file: InputFile, error: ErrorRecord): void => {
    errors.push(error);
    appendError(error);
    state.forget(file.name);
    report(file, false, error);
  };

  const finish = async (file: InputFile, read: ReadResult, readSeconds: number): Promise<void> => {
    summary.times.parse += read.times.parse;
    summary.times.layout += read.times.layout;
    summary.times.assemble += read.times.assemble;
    const target = path.join(outDir, `${file.name}.json`);
    try {
      // Finishing runs on this thread, where no timer can stop it: it looks at the file's deadline
      // (what --timeout left after reading) before every field and ends the file as TIMEOUT past it.
      const fileLimit = {
        ms: (opts.timeoutSeconds - readSeconds) * 1000,
        limit: `its ${opts.timeoutSeconds} s time limit (--timeout; reading it took ${readSeconds.toFixed(1)} s)`,
      };
      const doc = await finishDocument(read, { fiscalYear: opts.fiscalYear }, summary.times, fileLimit);
      const t0 = performance.now();
      await writeFileAtomic(target, documentJson(doc)).catch((err: unknown) => {
        throw writeFailed(target, err);
      });
      summary.times.write += performance.now() - t0;
      const counts = {
        sheets: doc.sheets.length,
        items: doc.sheets.reduce((n, s) => n + s.items.length, 0),
        facts: doc.sheets.reduce((n, s) => n + s.facts.length, 0),
        pages: doc.source.pages ?? 0,
        warnings: doc.warnings.length,
      };
      await state.record({ name: file.name, sha256: doc.source.sha256, version, ...counts }).catch((err: unknown) => {
        throw writeFailed(state.path, err);
      });
      if (loader) await loader.loadDocument(doc);
      succeeded.push(file);
      summary.sheets += counts.sheets;
      summary.items += counts.items;
      summary.facts += counts.facts;
      summary.pages += counts.pages;
      if (counts.warnings > 0) summary.warned += 1;
      report(file, false);
    } catch (err) {
      const e = asSheetExtractError(err);
      fail(file, errorRecord(file.path, e.code, e.message, e.page, e.line));
    }
  };

  const processFile = async (file: InputFile): Promise<void> => {
    bytesLeft -= sizes.get(file.path) ?? 0;
    if (opts.resume) {
      const previous = state.get(file.name);
      const target = path.join(outDir, `${file.name}.json`);
      if (previous && previous.version === version && fs.existsSync(target) && previous.sha256 === (await sha256OfFile(sourceOf(file)))) {
        if (loader) {
          // The database may be new since that run: load the document written then (idempotent).
          try {
            await loader.loadDocument(SheetDocument.parse(JSON.parse(await fs.promises.readFile(target, "utf8"))));
          } catch (err) {
            const e = asSheetExtractError(err);
            fail(file, errorRecord(file.path, e.code, e.message));
            return;
          }
        }
        succeeded.push(file);
        summary.resumed += 1;
        summary.sheets += previous.sheets;
        summary.items += previous.items;
        summary.facts += previous.facts;
        summary.pages += previous.pages;
        pagesSeen += previous.pages;
        if ((previous.warnings ?? 0) > 0) summary.warned += 1;
        report(file, true);
        return;
      }
    }
    // Documents read and not yet finished are capped, so memory stays flat; the cap leaves the
    // workers a second's reading while finishing waits for the tokenizer to load.
    await finishing.onSizeLessThan(Math.max(8, queue.concurrency * 2));
    const size = sizes.get(file.path) ?? 0;
    const stage: StageResult = pool
      ? await pool.run(sourceOf(file), documentNameOf(file)).then(({ reply, first, seconds }): StageResult => {
          summary.workers = Math.max(summary.workers, pool.peakWorkers);
          if (!first && reply.ok) {
            measured.bytes += size;
            measured.seconds += seconds;
            measured.files += 1;
            grow();
          }
          return reply.ok
            ? { ok: true, read: reply.read, seconds }
            : { ok: false, error: errorRecord(file.path, reply.error.code, reply.error.message, reply.error.page, reply.error.line) };
        })
      : await readInProcess(file, maxBytes, { ...readOptions, maxMemoryMb: opts.maxMemoryMb, onPage: () => pageRead(file) });
    if (stage.ok) void finishing.add(() => finish(file, stage.read, stage.seconds));
    else fail(file, stage.error);
  };

  // The files being read, for a progress display (a file reading for minutes is named).
  const ticker =
    pool && opts.onReading
      ? setInterval(() => opts.onReading?.(pool.reading().map((r) => ({ file: displayPath(r.path), seconds: r.seconds }))), 1000)
      : undefined;
  ticker?.unref();
  try {
    // The tokenizer is not loaded here: finishing loads it at the first text that needs it (most
    // sheets have none), while the workers go on reading.
    if (files.length > 0) await pool?.warm();
    // Largest files first, so that no big file is left running alone at the end (outputs do not
    // depend on the order: aggregates are sorted).
    const bySize = files
      .map((file) => ({ file, size: sizeOf(sourceOf(file)) }))
      .sort((a, b) => b.size - a.size || comparePaths(a.file.path, b.file.path));
    for (const { file, size } of bySize) {
      sizes.set(file.path, size);
      byName.set(documentNameOf(file), file);
      bytesLeft += size;
    }
    await queue.addAll(bySize.map(({ file }) => () => processFile(file)));
    await finishing.onIdle();
  } finally {
    clearInterval(ticker);
    await pool?.close();
    await loader?.close();
  }

  // Aggregates in input path order (the order the names were given in), whatever finished first.
  const t0 = performance.now();
  succeeded.sort((a, b) => comparePaths(a.path, b.path));
  // A failed write of an aggregate (disk full, folder removed) is one more error; what was written stays.
  await writeAggregates(outDir, succeeded.map((f) => f.name), opts.formats, opts.csvRaw).catch((err: unknown) => {
    const e = err instanceof SheetExtractError ? err : writeFailed(outDir, err);
    errors.push(errorRecord(outDir, e.code, e.message));
  });
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  await errorsWritten;
  await writeFileAtomic(errorsFile, errors.map((e) => `${JSON.stringify(e)}\n`).join("")).catch((err: unknown) => {
    const e = writeFailed(errorsFile, err);
    errors.push(errorRecord(errorsFile, e.code, e.message));
  });
  await state.save().catch(() => undefined); // only --resume's bookkeeping: a later run re-extracts
  summary.times.aggregate = performance.now() - t0;
  summary.succeeded = succeeded.length;
  summary.failed = errors.length;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * sheets.jsonl and the CSV tables, from the documents just written, in input order: the same inputs
 * give the same bytes at any concurrency, and only one document is in memory at a time.
 */
async function writeAggregates(outDir: string, names: string[], formats: OutputFormat[], csvRaw: boolean): Promise<void> {
  const jsonl = formats.includes("jsonl") ? createAtomicStream(path.join(outDir, "sheets.jsonl")) : undefined;
  const csv = formats.includes("csv") ? new CsvTablesWriter(outDir, { raw: csvRaw }) : undefined;
  if (!jsonl && !csv) return;
  try {
    for (const name of names) {
      const doc = SheetDocument.parse(JSON.parse(await fs.promises.readFile(path.join(outDir, `${name}.json`), "utf8")));
      if (jsonl) {
        for (const line of sheetLines(doc)) await jsonl.write(line);
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
    `from ${plural(s.succeeded, "file")}${s.resumed > 0 ? ` (${s.resumed} resumed)` : ""}, ${s.failed} failed, ${s.warned} with warnings ` +
    `(${s.seconds.toFixed(1)} s${s.workers > 0 ? ` on ${plural(s.workers, "worker")}` : ""}) → ${displayPath(s.outDir)}`
  );
}
