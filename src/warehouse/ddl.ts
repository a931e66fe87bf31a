// SQL for the warehouse, generated from the zod model: column types from the row schemas
// (integers → INTEGER, other numbers → NUMERIC(38,6), strings marked DATE → DATE, other strings →
// TEXT), primary keys from the table definitions. One dialect-neutral subset runs on DuckDB and
// PostgreSQL alike.
import { z } from "zod";
import { SCHEMA_VERSION, WAREHOUSE_TABLES, type WarehouseTableName } from "../model/index.js";

export type Dialect = "duckdb" | "postgres";

export const META_TABLE = "sheet_extract_meta";

interface ZodLike {
  _zod: { def: { type: string; innerType?: ZodLike; format?: string; checks?: Array<{ _zod: { def: { format?: string } } }> } };
}

export interface Column {
  name: string;
  sqlType: string;
  nullable: boolean;
}

function sqlTypeOf(schema: ZodLike): { sqlType: string; nullable: boolean } {
  let s = schema;
  let nullable = false;
  while (s._zod.def.type === "nullable" || s._zod.def.type === "optional") {
    nullable = true;
    s = s._zod.def.innerType as ZodLike;
  }
  const meta = z.globalRegistry.get(s as never) as { sqlType?: string } | undefined;
  if (meta?.sqlType) return { sqlType: meta.sqlType, nullable };
  const def = s._zod.def;
  if (def.type === "boolean") return { sqlType: "BOOLEAN", nullable };
  if (def.type === "number") {
    const integer = def.format === "safeint" || (def.checks ?? []).some((c) => c._zod.def.format === "safeint");
    return { sqlType: integer ? "INTEGER" : "NUMERIC(38, 6)", nullable };
  }
  return { sqlType: "TEXT", nullable };
}

export function columnsOfTable(table: WarehouseTableName): Column[] {
  const shape = WAREHOUSE_TABLES[table].schema.shape as Record<string, ZodLike>;
  return Object.entries(shape).map(([name, schema]) => ({ name, ...sqlTypeOf(schema) }));
}

/** A quoted identifier ("end" is a keyword). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function createTableSql(table: WarehouseTableName): string {
  const cols = columnsOfTable(table).map((c) => `  ${ident(c.name)} ${c.sqlType}${c.nullable ? "" : " NOT NULL"}`);
  const key = WAREHOUSE_TABLES[table].key.map(ident).join(", ");
  return `CREATE TABLE IF NOT EXISTS ${ident(table)} (\n${cols.join(",\n")},\n  PRIMARY KEY (${key})\n);`;
}

/** The whole schema: the three tables and the meta table recording the schemaVersion. */
export function schemaSql(dialect: Dialect): string {
  const tables = (Object.keys(WAREHOUSE_TABLES) as WarehouseTableName[]).map(createTableSql);
  const meta = `CREATE TABLE IF NOT EXISTS ${ident(META_TABLE)} (\n  ${ident("key")} TEXT NOT NULL PRIMARY KEY,\n  ${ident("value")} TEXT NOT NULL\n);`;
  const header = `-- sheet-extract warehouse schema (schemaVersion ${SCHEMA_VERSION}) for ${dialect === "duckdb" ? "DuckDB" : "PostgreSQL"}`;
  const index = `CREATE INDEX IF NOT EXISTS ${ident("sheets_source_sha256")} ON ${ident("sheets")} (${ident("source_sha256")});`;
  return [header, ...tables, meta, index].join("\n\n") + "\n";
}
