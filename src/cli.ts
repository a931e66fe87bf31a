#!/usr/bin/env node
// The command line: parse argv, call the library, print, set the exit code. Nothing else.
// Exit codes: 0 all inputs extracted (or check passed), 1 some failed, 2 bad usage.
import { parseArgs, type ParseArgsConfig } from "node:util";
import readline from "node:readline";
import { z } from "zod";
import { SheetExtractError, UsageError } from "./errors.js";
import { OUTPUT_FORMATS, formatSummary, runBatch, type OutputFormat } from "./batch/run.js";
import { parseShard } from "./batch/inputs.js";
import { ProgressDisplay } from "./batch/progress.js";
import { OCR_MODES, type OcrMode } from "./pipeline.js";
import { findCheckPairs, runCheck, runTriage } from "./check/run.js";
import { REPORT_FORMATS, formatCheckReport, formatTriageReport, type ReportFormat } from "./check/report.js";
import { SheetDocument } from "./model/index.js";
import { runReview } from "./review/run.js";
import { schemaSql } from "./warehouse/ddl.js";
import { loadOutputFolder } from "./warehouse/load.js";
import { extractFacts, needsTokenizer } from "./normalize/facts.js";
import { getTokenizer } from "./normalize/tokenizer.js";

const VERSION = "0.1.0";

const HELP: Record<string, string> = {
  main: `sheet-extract ${VERSION} — 重点目標管理シート (PDF or text dump) → validated JSON, JSONL and CSV

Usage:
  sheet-extract extract <input...> [--out DIR] [--format json,jsonl,csv] [--concurrency N|auto]
                        [--fiscal-year YYYY] [--strict] [--resume] [--shard K/N] [--timeout SECONDS]
                        [--max-memory MB] [--max-file-size MB] [--ocr off|auto|force] [--ocr-lang LANG]
                        [--db TARGET] [--lock-wait SECONDS] [--csv-raw] [--quiet]
  sheet-extract check <samples-dir> [--threshold 0.99] [--show N] [--format text|markdown|json]
  sheet-extract normalize [--fiscal-year YYYY] [<text>]
  sheet-extract review <input...> [--out DIR] [--fiscal-year YYYY] [--max-memory MB]
  sheet-extract load <out-dir> --db warehouse.duckdb|postgres://… [--lock-wait SECONDS]
  sheet-extract schema [--sql duckdb|postgres]
  sheet-extract --help | --version

Run 'sheet-extract <command> --help' for what each option does.
`,
  extract: `Usage: sheet-extract extract <input...> [options]

Extracts every input (files, folders searched recursively for .pdf and .txt, or globs) into
DIR/<name>.json, and with --format also DIR/sheets.jsonl and DIR/{sheets,items,facts,warnings}.csv.
Failed inputs go to DIR/errors.jsonl; the batch goes on. Exit 0 all extracted, 1 some failed, 2 bad usage.

Options:
  --out DIR            output folder (default: out)
  --format LIST        comma-separated: json, jsonl, csv (default: json; the per-input JSON is always written)
  --concurrency N      files extracted at once; "auto" (the default) starts with one worker and adds
                       workers, up to the number of CPUs, while the files left would keep them busy
  --fiscal-year YYYY   fiscal year for documents that print none (dates like 4月 need one)
  --shard K/N          take the K-th of N stable shares of the inputs (for splitting a batch over machines)
  --resume             skip inputs whose output exists from the same input bytes and tool version
  --timeout SECONDS    per-file time limit; a file over it is a TIMEOUT error (default: 300)
  --max-memory MB      memory per file: the worker's heap, and a quarter of it for what a PDF's
                       streams decode to and its pages; a file over it is TOO_LARGE (default: 1536)
  --max-file-size MB   larger files are TOO_LARGE without being read (default: 256)
  --ocr MODE           scanned PDFs through OCR (tesseract): auto (the default) reads pages without a
                       text layer, force also pages whose text layer is unreadable, off never; a
                       document read so has "ocr": true in its source and an OCR_TEXT warning per sheet
  --ocr-lang LANG      tesseract languages joined by + (default: jpn; jpn+jpn_vert for vertical labels)
  --db TARGET          also load every document into a warehouse: a DuckDB file (e.g. warehouse.duckdb)
                       or a postgres:// URL (see sheet-extract load)
  --lock-wait SECONDS  how long to wait for another load that holds the warehouse before DB_LOCKED
                       (default: 60)
  --strict             exit 1 when any document has warnings (doubts about its reading)
  --quiet              no progress display
  --csv-raw            write CSV cells as they are; by default a cell that starts with = + - @, a tab
                       or a carriage return gets a leading ' so that Excel does not run it as a formula
  -h, --help           this help

Every document lists its doubts in "warnings" (text placed in no field, a label inside a value, a
missing field, item numbers that skip, duplicate sheets, no fiscal year); the summary counts the
documents that have any, and --format csv writes them to DIR/warnings.csv.
`,
  load: `Usage: sheet-extract load <out-dir> --db TARGET

Loads the documents an extract run wrote (<out-dir>/<name>.json) into a warehouse: TARGET is a
DuckDB file (created if missing) or a postgres://user:password@host:port/database URL. Tables
sheets, items and facts (sheet-extract schema --sql duckdb|postgres prints them) are created on
first use. Loading is idempotent: a document loaded again replaces its rows, in one transaction.

One load writes to a database at a time: another waits for it up to --lock-wait seconds (DuckDB's
file lock; on PostgreSQL an advisory lock), then stops with DB_LOCKED, having loaded nothing.
A password in the URL is shown as *** in every message.

Options:
  --db TARGET          the warehouse (required)
  --lock-wait SECONDS  how long to wait for another load that holds the database (default: 60)
  -h, --help           this help
`,
  check: `Usage: sheet-extract check <samples-dir> [options]

Extracts every input in the folder that has a <name>.expected.json beside it and prints field-level
agreement, the differing fields, each document's coverage (the share of its sheets' characters that
went into fields) and its warnings. Exit 1 when agreement is below the folder's threshold
(<samples-dir>/check.json: {"threshold": 0.99}; default 1).

A folder with no expected files gets a triage report instead: every input extracted and listed by
doubt (failed, then most warnings, then least coverage), so a reviewer knows which to open first.

Options:
  --threshold T        agreement from 0 to 1 that must be reached (overrides check.json)
  --show N             differing fields to print per document (default: 20)
  --format F           text (default), markdown (for a pull request) or json (for a CI job)
  -h, --help           this help
`,
  normalize: `Usage: sheet-extract normalize [--fiscal-year YYYY] [<text>]

Prints the facts (dates, periods, fiscal years, quantities, money, percentages) found in <text> as a
JSON array. With no <text>, reads standard input and prints one JSON array per input line.

Options:
  --fiscal-year YYYY   fiscal year for dates printed without a year (4月 → that year, 1–3月 → the next)
  -h, --help           this help
`,
  review: `Usage: sheet-extract review <input...> [--out DIR] [--fiscal-year YYYY] [--max-memory MB]

Writes DIR/<name>.review.html for every input: a self-contained page (open it from disk) with the
PDF's pages and a box over every extracted field, or the dump's lines, beside the fields and their
facts. Click or hover a field to see its box, or a box to see its field. With <name>.expected.json
beside an input, fields that differ from it are marked red.

Options:
  --out DIR            output folder (default: review)
  --fiscal-year YYYY   fiscal year for documents that print none
  --max-memory MB      what one file may cost: a quarter of it bounds what its streams decode to and
                       the images drawn; a file over it is TOO_LARGE (default: 1536)
  -h, --help           this help
`,
  schema: `Usage: sheet-extract schema [--sql duckdb|postgres]

Prints the JSON Schema of one output document (<name>.json), or with --sql the warehouse tables'
DDL for DuckDB or PostgreSQL.

Options:
  --sql DIALECT        duckdb or postgres: print the SQL schema instead
  -h, --help           this help
`,
};

type Options = NonNullable<ParseArgsConfig["options"]>;

const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

function parse<const O extends Options>(command: string, args: string[], options: O) {
  const config = {
    args,
    options: { ...options, ...HELP_OPTION } as O & typeof HELP_OPTION,
    allowPositionals: true as const,
    strict: true as const,
  };
  try {
    return parseArgs(config);
  } catch (err) {
    // node says "Unknown option '--x'. To specify a positional argument …": one line is enough.
    const message = (err as Error).message.replace(/\. To specify a positional.*$/s, "");
    throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
  }
}

function parseFiscalYearOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--fiscal-year takes a western year such as 2020, got "${value}"`);
  return Number(value);
}

function parseFormats(value: string | undefined): OutputFormat[] | undefined {
  if (value === undefined) return undefined;
  const formats = value.split(",").map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown format "${f}" in --format: use ${OUTPUT_FORMATS.join(", ")}`);
    }
  }
  if (formats.length === 0) throw new UsageError("--format needs at least one of json, jsonl, csv");
  return formats as OutputFormat[];
}

function parsePositiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${name} takes a whole number ≥ 1, got "${value}"`);
  return Number(value);
}

function parsePositiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new UsageError(`${name} takes a number above 0, got "${value}"`);
  return n;
}

/** A number of seconds ≥ 0 (0: do not wait). */
function parseSeconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`${name} takes a number of seconds (0 or more), got "${value}"`);
  return Number(value);
}

async function extractCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse("extract", args, {
    out: { type: "string" },
    format: { type: "string" },
    concurrency: { type: "string" },
    "fiscal-year": { type: "string" },
    shard: { type: "string" },
    resume: { type: "boolean" },
    timeout: { type: "string" },
    "max-memory": { type: "string" },
    "max-file-size": { type: "string" },
    ocr: { type: "string" },
    "ocr-lang": { type: "string" },
    db: { type: "string" },
    "lock-wait": { type: "string" },
    quiet: { type: "boolean" },
    strict: { type: "boolean" },
    "csv-raw": { type: "boolean" },
  });
  if (values.help) return help("extract");
  if (positionals.length === 0) throw new UsageError(`extract needs at least one input`);
  let shard;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const ocr = values.ocr;
  if (ocr !== undefined && !(OCR_MODES as readonly string[]).includes(ocr)) throw new UsageError(`--ocr takes ${OCR_MODES.join(", ")}, got "${ocr}"`);
  const ocrLang = values["ocr-lang"];
  if (ocrLang !== undefined && !/^[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*$/u.test(ocrLang)) {
    throw new UsageError(`--ocr-lang takes tesseract language names joined by + (jpn, jpn+jpn_vert), got "${ocrLang}"`);
  }
  const progress = new ProgressDisplay(process.stderr, { enabled: !values.quiet });
  const summary = await runBatch(positionals, {
    outDir: values.out,
    formats: parseFormats(values.format),
    concurrency: values.concurrency === "auto" ? "auto" : parsePositiveInt("--concurrency", values.concurrency),
    fiscalYear: parseFiscalYearOption(values["fiscal-year"]),
    shard,
    resume: values.resume ?? false,
    timeoutSeconds: parsePositiveNumber("--timeout", values.timeout),
    maxMemoryMb: parsePositiveInt("--max-memory", values["max-memory"]),
    maxFileMb: parsePositiveNumber("--max-file-size", values["max-file-size"]),
    db: values.db,
    dbLockWaitSeconds: parseSeconds("--lock-wait", values["lock-wait"]),
    csvRaw: values["csv-raw"] ?? false,
    ocr: ocr as OcrMode | undefined,
    ocrLang,
    onProgress: (e) => progress.update(e),
    onReading: (files) => progress.reading(files),
  });
  progress.finish();
  for (const e of summary.errors) {
    process.stderr.write(`error: ${e.file}${e.page ? ` (page ${e.page})` : ""}: ${e.code}: ${e.message}\n`);
  }
  process.stdout.write(`${formatSummary(summary)}\n`);
  return summary.failed > 0 || (values.strict === true && summary.warned > 0) ? 1 : 0;
}

async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse("check", args, {
    threshold: { type: "string" },
    show: { type: "string" },
    format: { type: "string" },
  });
  if (values.help) return help("check");
  if (positionals.length !== 1) throw new UsageError(`check takes one folder`);
  let threshold: number | undefined;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold takes a number from 0 to 1, got "${values.threshold}"`);
  }
  const show = values.show === undefined ? 20 : Number(values.show);
  if (!Number.isInteger(show) || show < 0) throw new UsageError(`--show takes a whole number, got "${values.show}"`);
  const format = (values.format ?? "text") as ReportFormat;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format takes ${REPORT_FORMATS.join(", ")}, got "${values.format}"`);
  }
  const dir = positionals[0] as string;
  if (findCheckPairs(dir).length === 0) {
    // No expected files: a triage report, documents ordered by doubt.
    process.stdout.write(formatTriageReport(await runTriage(dir), { show, format }));
    return 0;
  }
  const report = await runCheck(dir, { threshold });
  process.stdout.write(formatCheckReport(report, { show, format }));
  return report.passed ? 0 : 1;
}

async function normalizeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse("normalize", args, { "fiscal-year": { type: "string" } });
  if (values.help) return help("normalize");
  const fiscalYear = parseFiscalYearOption(values["fiscal-year"]);
  // The tokenizer loads (once) only when a text has something only it can decide.
  const contextFor = async (text: string) => ({
    fiscalYear,
    tokenizer: needsTokenizer(text) ? await getTokenizer() : undefined,
  });
  // A text the normalizers refuse (TOO_LARGE: longer than any field) is an error on stderr and an
  // empty array in its place, so every later line keeps its place; the exit code is 1.
  let failed = false;
  const factsJson = async (text: string, where: string): Promise<string> => {
    try {
      return JSON.stringify(extractFacts(text, await contextFor(text)));
    } catch (err) {
      if (!(err instanceof SheetExtractError)) throw err;
      failed = true;
      process.stderr.write(`error: ${where}: ${err.code}: ${err.message}\n`);
      return "[]";
    }
  };
  if (positionals.length > 0) {
    process.stdout.write(`${await factsJson(positionals.join(" "), "the text")}\n`);
    return failed ? 1 : 0;
  }
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    const out = `${await factsJson(line, `line ${++n}`)}\n`;
    if (!process.stdout.write(out)) await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
  }
  return failed ? 1 : 0;
}

async function reviewCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse("review", args, { out: { type: "string" }, "fiscal-year": { type: "string" }, "max-memory": { type: "string" } });
  if (values.help) return help("review");
  if (positionals.length === 0) throw new UsageError(`review needs at least one input`);
  const summary = await runReview(positionals, {
    outDir: values.out,
    fiscalYear: parseFiscalYearOption(values["fiscal-year"]),
    maxMemoryMb: parsePositiveInt("--max-memory", values["max-memory"]),
  });
  for (const e of summary.errors) process.stderr.write(`error: ${e.file}${e.page ? ` (page ${e.page})` : ""}: ${e.code}: ${e.message}\n`);
  process.stdout.write(`${summary.written.length} review page${summary.written.length === 1 ? "" : "s"} written, ${summary.errors.length} failed\n`);
  for (const w of summary.written) process.stdout.write(`  ${w}\n`);
  return summary.errors.length > 0 ? 1 : 0;
}

async function loadCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse("load", args, { db: { type: "string" }, "lock-wait": { type: "string" } });
  if (values.help) return help("load");
  if (positionals.length !== 1) throw new UsageError(`load takes one output folder`);
  if (!values.db) throw new UsageError(`load needs --db (a DuckDB file or a postgres:// URL)`);
  const summary = await loadOutputFolder(positionals[0] as string, values.db, { lockWaitSeconds: parseSeconds("--lock-wait", values["lock-wait"]) });
  for (const e of summary.errors) process.stderr.write(`error: ${e.file}: ${e.code}: ${e.message}\n`);
  const r = summary.rows;
  process.stdout.write(
    `${summary.documents} document${summary.documents === 1 ? "" : "s"} loaded: ${r.sheets} sheets, ${r.items} items, ${r.facts} facts` +
      `${summary.errors.length > 0 ? `, ${summary.errors.length} failed` : ""} → ${summary.target}\n`,
  );
  return summary.errors.length > 0 ? 1 : 0;
}

function schemaCommand(args: string[]): number {
  const { values, positionals } = parse("schema", args, { sql: { type: "string" } });
  if (values.help) return help("schema");
  if (positionals.length > 0) throw new UsageError(`schema takes no arguments`);
  if (values.sql !== undefined) {
    if (values.sql !== "duckdb" && values.sql !== "postgres") throw new UsageError(`--sql takes duckdb or postgres, got "${values.sql}"`);
    process.stdout.write(schemaSql(values.sql));
    return 0;
  }
  const schema = z.toJSONSchema(SheetDocument, { target: "draft-2020-12" });
  process.stdout.write(`${JSON.stringify({ title: "sheet-extract document", ...schema }, null, 2)}\n`);
  return 0;
}

function help(command: string): number {
  process.stdout.write(HELP[command] ?? HELP.main ?? "");
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "extract":
        return await extractCommand(rest);
      case "check":
        return await checkCommand(rest);
      case "normalize":
        return await normalizeCommand(rest);
      case "review":
        return await reviewCommand(rest);
      case "load":
        return await loadCommand(rest);
      case "schema":
        return schemaCommand(rest);
      case undefined:
        // No command: the help, on stderr (stdout may be a pipe expecting output), and a usage exit.
        process.stderr.write(HELP.main ?? "");
        return 2;
      case "help":
      case "-h":
      case "--help":
        return help(rest[0] ?? "main");
      case "--version":
      case "-v":
        process.stdout.write(`${VERSION}\n`);
        return 0;
      default:
        throw new UsageError(command.startsWith("-") ? `unknown option '${command}'` : `unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      const known = command !== undefined && command in HELP && command !== "main";
      process.stderr.write(`sheet-extract: ${err.message.trimEnd()}\nRun 'sheet-extract ${known ? `${command} ` : ""}--help' for usage.\n`);
      return 2;
    }
    if (err instanceof SheetExtractError) {
      process.stderr.write(`sheet-extract: ${err.code}: ${err.message}\n`);
      // An output folder that cannot be written is a usage problem: nothing was read.
      return err.code === "WRITE_FAILED" ? 2 : 1;
    }
    process.stderr.write(`sheet-extract: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

// A reader that stops early (sheet-extract normalize < texts | head) is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`sheet-extract: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
