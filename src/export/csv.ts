// The three CSV tables: UTF-8 with BOM (Excel opens it as UTF-8), RFC 4180 quoting with CRLF row
// ends, line breaks kept inside quoted cells, one header row even when a table has no rows.
import { format, type CsvFormatterStream } from "fast-csv";
import { once } from "node:events";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { columnsOf, type TableName } from "../model/index.js";
import { createAtomicStream, type AtomicStream } from "./atomic.js";
import { factRows, itemRows, sheetRows, warningRows } from "./rows.js";
import type { SheetDocument } from "../model/index.js";

type Row = Record<string, string | number | boolean | null>;

export const CSV_FILES: Record<TableName, string> = {
  sheets: "sheets.csv",
  items: "items.csv",
  facts: "facts.csv",
  warnings: "warnings.csv",
};

export function csvFormatOptions(table: TableName) {
  return {
    headers: columnsOf(table),
    alwaysWriteHeaders: true,
    // The BOM is written by the table writer: fast-csv leaves it out of a table without rows.
    writeBOM: false,
    rowDelimiter: "\r\n",
    includeEndRowDelimiter: true,
  };
}

/**
 * What makes Excel (and LibreOffice) read a cell as a formula (OWASP: CSV injection): = + - @ or a
 * tab or carriage return first, the full-width ＝ ＋ － ＠ too (Excel reads them as their ASCII forms),
 * and any of them after leading white space (spaces, tabs, U+3000), which both trim.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\u3000]*[=+\-@＝＋－＠])/u;

/**
 * A text cell as Excel should show it: one that starts like a formula gets a leading ' (OWASP's
 * advice), which Excel hides and which stops =HYPERLINK(…) from a field running. Numbers are left
 * alone: a negative amount is a number, not text.
 */
export function neutralizeFormula(value: string | number | boolean | null): string | number | boolean | null {
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

export interface CsvOptions {
  /** Write text cells exactly as extracted (for loaders), not neutralized for Excel. Default false. */
  raw?: boolean;
}

/**
 * Streams the tables into `dir`, each to a temporary file renamed on close. Each formatter is
 * joined to its file by a pipeline, so a failed file (a full disk) fails the formatter, the write
 * waiting on it and close(): it was a stream error nobody listened to (the run died on it).
 */
export class CsvTablesWriter {
  private readonly tables: Array<{ table: TableName; csv: CsvFormatterStream<Row, Row>; out: AtomicStream; done: Promise<void> }>;
  private readonly raw: boolean;
  private failure: unknown;

  constructor(dir: string, options: CsvOptions = {}) {
    this.raw = options.raw ?? false;
    this.tables = (Object.keys(CSV_FILES) as TableName[]).map((table) => {
      const out = createAtomicStream(path.join(dir, CSV_FILES[table]));
      const csv = format<Row, Row>(csvFormatOptions(table));
      out.stream.write("\ufeff");
      const done = pipeline(csv, out.stream).catch((err: unknown) => {
        this.failure ??= err;
        throw err;
      });
      done.catch(() => undefined);
      return { table, csv, out, done };
    });
  }

  /** Writes a document's rows; resolves when the streams can take more (back-pressure). */
  async write(doc: SheetDocument): Promise<void> {
    const rows: Record<TableName, Row[]> = {
      sheets: sheetRows(doc),
      items: itemRows(doc),
      facts: factRows(doc),
      warnings: warningRows(doc),
    };
    for (const { table, csv, done } of this.tables) {
      for (const row of rows[table]) {
        if (this.failure !== undefined) throw this.failure;
        const cells = this.raw ? row : Object.fromEntries(Object.entries(row).map(([k, v]) => [k, neutralizeFormula(v)]));
        if (!csv.write(cells)) await Promise.race([once(csv, "drain"), done]);
      }
    }
  }

  async close(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    for (const { csv } of this.tables) csv.end();
    // Each pipeline ends once its file has flushed; all settle before the first failure is thrown.
    const settled = await Promise.allSettled(this.tables.map(({ done }) => done));
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    await Promise.all(this.tables.map(({ out }) => out.commit()));
  }

  async abort(): Promise<void> {
    for (const { csv } of this.tables) csv.destroy();
    await Promise.all(this.tables.map(({ out }) => out.abort()));
  }
}
