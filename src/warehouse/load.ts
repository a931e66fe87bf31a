// Loading documents into the warehouse: one transaction per document, which first removes the rows
// of any earlier load of the same input bytes (its sheets by source_sha256, with their items and
// facts) and then inserts the document's. Loading the same output twice leaves the same rows; a
// failure leaves the database as it was before that document.
import fs from "node:fs";
import path from "node:path";
import { SheetExtractError, asSheetExtractError } from "../errors.js";
import { factRows, itemRows, sheetRows, warningRows } from "../export/rows.js";
import { SCHEMA_VERSION, SheetDocument, type WarehouseTableName } from "../model/index.js";
import { META_TABLE, columnsOfTable, createTableSql, ident, schemaSql } from "./ddl.js";
import { openWarehouse, redact, scrub, type OpenOptions, type WarehouseConnection } from "./connection.js";

export interface RowCounts {
  sheets: number;
  items: number;
  facts: number;
  warnings: number;
}

export interface LoadSummary {
  target: string;
  documents: number;
  rows: RowCounts;
  errors: Array<{ file: string; code: string; message: string }>;
}

/** Rows per statement: well under PostgreSQL's 65,535 parameters. */
const CHUNK = 200;

function datePrecision(date: string | null): "day" | "month" | "year" | null {
  if (date === null) return null;
  return date.length === 10 ? "day" : date.length === 7 ? "month" : "year";
}

/** The first day of a date as precise as printed (2020-09 → 2020-09-01, 2020 → 2020-01-01). */
function firstDay(date: string | null): string | null {
  if (date === null) return null;
  return date.length === 10 ? date : date.length === 7 ? `${date}-01` : `${date}-01-01`;
}

export function warehouseRows(doc: SheetDocument): Record<WarehouseTableName, Array<Record<string, unknown>>> {
  const ordinals = new Map<string, number>();
  const sheetsById = new Map(doc.sheets.map((s) => [s.id, s]));
  const itemNo = (sheetId: string, field: string): number | null => {
    const m = /^items\[(\d+)\]\./.exec(field);
    return m ? (sheetsById.get(sheetId)?.items[Number(m[1])]?.no ?? null) : null;
  };
  return {
    sheets: sheetRows(doc).map((r) => ({ ...r, source_sha256: doc.source.sha256 })),
    items: itemRows(doc),
    facts: factRows(doc).map(({ start, end, ...r }) => {
      const key = `${r.sheet_id}\u0000${r.field}`;
      const ordinal = (ordinals.get(key) ?? 0) + 1;
      ordinals.set(key, ordinal);
      return {
        ...r,
        date: firstDay(r.date),
        start_date: start,
        end_date: end,
        ordinal,
        date_precision: datePrecision(r.date),
        item_no: itemNo(r.sheet_id, r.field),
      };
    }),
    warnings: warningRows(doc).map((r, i) => ({ ...r, source_sha256: doc.source.sha256, ordinal: i + 1 })),
  };
}

export class WarehouseLoader {
  private constructor(
    private readonly db: WarehouseConnection,
    /** The target as given, for hiding its password in messages. */
    private readonly given: string,
  ) {}

  get target(): string {
    return this.db.target;
  }

  /** Connects and makes sure the schema is there and is this version's; never drops anything. */
  static async open(target: string, options: OpenOptions = {}): Promise<WarehouseLoader> {
    const db = await openWarehouse(target, options);
    try {
      await ensureSchema(db);
    } catch (err) {
      await db.close();
      if (err instanceof SheetExtractError) throw new SheetExtractError(err.code, scrub(err.message, target), {}, { cause: err });
      throw new SheetExtractError("DB_LOAD_FAILED", scrub(`preparing the tables failed: ${(err as Error).message}`, target), {}, { cause: err });
    }
    return new WarehouseLoader(db, target);
  }

  async loadDocument(doc: SheetDocument): Promise<RowCounts> {
    const rows = warehouseRows(doc);
    const ids = doc.sheets.map((s) => s.id);
    const idList = ids.map((_, i) => `$${i + 2}`).join(", ") || "NULL";
    const bySource = `${ident("sheet_id")} IN (SELECT ${ident("sheet_id")} FROM ${ident("sheets")} WHERE ${ident("source_sha256")} = $1) OR ${ident("sheet_id")} IN (${idList})`;
    try {
      await this.db.transaction(async () => {
        for (const table of ["facts", "items", "sheets"] as const) {
          await this.db.query(`DELETE FROM ${ident(table)} WHERE ${bySource}`, [doc.source.sha256, ...ids]);
        }
        await this.db.query(`DELETE FROM ${ident("warnings")} WHERE ${ident("source_sha256")} = $1`, [doc.source.sha256]);
        for (const table of ["sheets", "items", "facts", "warnings"] as const) await this.insert(table, rows[table]);
      });
    } catch (err) {
      if (err instanceof SheetExtractError) throw err;
      const said = scrub((err as Error).message.split("\n")[0] ?? "", this.given);
      throw new SheetExtractError("DB_LOAD_FAILED", `loading ${doc.source.file} failed and was rolled back: ${said}`, { file: doc.source.file }, { cause: err });
    }
    return { sheets: rows.sheets.length, items: rows.items.length, facts: rows.facts.length, warnings: rows.warnings.length };
  }

  private async insert(table: WarehouseTableName, rows: Array<Record<string, unknown>>): Promise<void> {
    const columns = columnsOfTable(table);
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const params: unknown[] = [];
      const values = chunk.map((row) => {
        const placeholders = columns.map((c) => {
          params.push(row[c.name] ?? null);
          return c.sqlType === "DATE" ? `CAST($${params.length} AS DATE)` : `$${params.length}`;
        });
        return `(${placeholders.join(", ")})`;
      });
      await this.db.query(`INSERT INTO ${ident(table)} (${columns.map((c) => ident(c.name)).join(", ")}) VALUES ${values.join(", ")}`, params);
    }
  }

  /** Rows per table now in the database. */
  async counts(): Promise<RowCounts> {
    const out = { sheets: 0, items: 0, facts: 0, warnings: 0 };
    for (const table of ["sheets", "items", "facts", "warnings"] as const) {
      const [row] = await this.db.query(`SELECT COUNT(*) AS n FROM ${ident(table)}`);
      out[table] = Number(row?.n ?? 0);
    }
    return out;
  }

  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>> {
    return this.db.query(sql, params);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

async function tableExists(db: WarehouseConnection, table: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = $1 AND table_schema = ${db.dialect === "postgres" ? "current_schema()" : "'main'"}`,
    [table],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

async function ensureSchema(db: WarehouseConnection): Promise<void> {
  if (await tableExists(db, META_TABLE)) {
    const rows = await db.query(`SELECT ${ident("value")} AS v FROM ${ident(META_TABLE)} WHERE ${ident("key")} = $1`, ["schemaVersion"]);
    const found = rows[0]?.v === undefined ? undefined : String(rows[0].v);
    if (found === "1" || found === "2") {
      await upgrade(db, Number(found));
      return;
    }
    if (found !== String(SCHEMA_VERSION)) {
      throw new SheetExtractError(
        "DB_SCHEMA_MISMATCH",
        `${db.target} was created by sheet-extract schemaVersion ${found ?? "?"}, and this version writes ${SCHEMA_VERSION}. ` +
          "Nothing was changed: load into a new database, or migrate the old tables yourself (see the README's changelog).",
      );
    }
    return;
  }
  for (const table of ["sheets", "items", "facts", "warnings"]) {
    if (await tableExists(db, table)) {
      throw new SheetExtractError(
        "DB_SCHEMA_MISMATCH",
        `${db.target} already has a table "${table}" that sheet-extract did not create; nothing was changed: load into another database (or schema)`,
      );
    }
  }
  await db.transaction(async () => {
    for (const statement of schemaSql(db.dialect).split(/;\s*\n/).map((s) => s.replace(/^--.*$/gm, "").trim()).filter(Boolean)) {
      await db.exec(statement);
    }
    await db.query(`INSERT INTO ${ident(META_TABLE)} (${ident("key")}, ${ident("value")}) VALUES ($1, $2)`, ["schemaVersion", String(SCHEMA_VERSION)]);
  });
}

/** The steps from each older schemaVersion to the next, applied in order by upgrade(). */
const UPGRADES: Record<number, (db: WarehouseConnection) => Promise<void>> = {
  // 1 → 2: the warnings table is added and facts.start/end become start_date/end_date (reserved
  // words needed quoting). Documents loaded before have no warnings rows until loaded again.
  1: async (db) => {
    await db.exec(`ALTER TABLE ${ident("facts")} RENAME COLUMN ${ident("start")} TO ${ident("start_date")}`);
    await db.exec(`ALTER TABLE ${ident("facts")} RENAME COLUMN ${ident("end")} TO ${ident("end_date")}`);
    await db.exec(createTableSql("warnings"));
  },
  // 2 → 3: sheets.ocr (read through OCR); every sheet loaded before was read from a text layer.
  // DuckDB cannot add a column with a NOT NULL constraint, so there it allows NULL and has none.
  2: async (db) => {
    await db.exec(`ALTER TABLE ${ident("sheets")} ADD COLUMN ${ident("ocr")} BOOLEAN${db.dialect === "postgres" ? " NOT NULL" : ""} DEFAULT false`);
  },
};

/** An older warehouse brought to this schemaVersion in place, in one transaction; rows already loaded are kept. */
async function upgrade(db: WarehouseConnection, from: number): Promise<void> {
  await db.transaction(async () => {
    for (let v = from; v < SCHEMA_VERSION; v++) await UPGRADES[v]?.(db);
    await db.query(`UPDATE ${ident(META_TABLE)} SET ${ident("value")} = $1 WHERE ${ident("key")} = $2`, [String(SCHEMA_VERSION), "schemaVersion"]);
  });
}

/** Loads every document of an extract output folder (DIR/<name>.json), in name order. */
export async function loadOutputFolder(dir: string, target: string, options: OpenOptions = {}): Promise<LoadSummary> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new SheetExtractError("READ_FAILED", `not a folder: ${dir} (give the --out folder of an extract run)`);
  }
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.startsWith("."))
    .sort();
  // The database is opened at the first document: a folder with none creates no empty warehouse.
  let loader: WarehouseLoader | undefined;
  const summary: LoadSummary = { target: redact(target), documents: 0, rows: { sheets: 0, items: 0, facts: 0, warnings: 0 }, errors: [] };
  try {
    for (const name of names) {
      const file = path.join(dir, name);
      let doc: SheetDocument;
      try {
        const parsed = SheetDocument.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
        if (!parsed.success) continue; // not a sheet-extract document (another JSON file in the folder)
        doc = parsed.data;
      } catch {
        continue;
      }
      loader ??= await WarehouseLoader.open(target, options);
      summary.target = loader.target;
      try {
        const counts = await loader.loadDocument(doc);
        summary.documents += 1;
        summary.rows.sheets += counts.sheets;
        summary.rows.items += counts.items;
        summary.rows.facts += counts.facts;
        summary.rows.warnings += counts.warnings;
      } catch (err) {
        const e = asSheetExtractError(err, name);
        summary.errors.push({ file: name, code: e.code, message: e.message });
      }
    }
  } finally {
    await loader?.close();
  }
  if (!loader) {
    throw new SheetExtractError(
      "NO_DOCUMENTS",
      `${dir} holds no sheet-extract output documents (<name>.json of schemaVersion ${SCHEMA_VERSION}): give the --out folder of an extract run`,
    );
  }
  return summary;
}
