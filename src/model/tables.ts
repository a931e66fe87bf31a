// Flat tables of the contract (sheets.csv, items.csv, facts.csv) as zod row schemas. CSV headers
// and SQL column types are derived from these; the column order is the contract's.
import { z } from "zod";

export const SheetRow = z.strictObject({
  sheet_id: z.string(),
  source_file: z.string(),
  fiscal_year: z.number().int().nullable(),
  department: z.string(),
  priority: z.number().int().nullable(),
  title: z.string(),
  comprehensive_plan: z.string(),
  regional_strategy: z.string(),
  reform_program: z.string(),
  rebuild_plan: z.string(),
  situation: z.string(),
  purpose: z.string(),
  participation: z.string(),
  outcomes: z.string(),
  /** Read through OCR (a scan): its text may hold misread characters (schemaVersion 3). */
  ocr: z.boolean(),
});

export const ItemRow = z.strictObject({
  sheet_id: z.string(),
  no: z.number().int(),
  action: z.string(),
  period: z.string(),
  target: z.string(),
  midterm_report: z.string(),
  final_report: z.string(),
});

export const FactRow = z.strictObject({
  sheet_id: z.string(),
  field: z.string(),
  kind: z.string(),
  text: z.string(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
  comparator: z.string().nullable(),
  /** YYYY, YYYY-MM or YYYY-MM-DD as precise as printed (a warehouse stores its first day and the precision). */
  date: z.string().meta({ sqlType: "DATE" }).nullable(),
  start: z.string().meta({ sqlType: "DATE" }).nullable(),
  end: z.string().meta({ sqlType: "DATE" }).nullable(),
});

/** warnings.csv and the warehouse's warnings table: one row per warning. */
export const WarningRow = z.strictObject({
  source_file: z.string(),
  sheet_id: z.string().nullable(),
  code: z.string(),
  field: z.string().nullable(),
  page: z.number().int().nullable(),
  line: z.number().int().nullable(),
  message: z.string(),
});

export type SheetRow = z.infer<typeof SheetRow>;
export type WarningRow = z.infer<typeof WarningRow>;
export type ItemRow = z.infer<typeof ItemRow>;
export type FactRow = z.infer<typeof FactRow>;

export const TABLES = {
  sheets: SheetRow,
  items: ItemRow,
  facts: FactRow,
  warnings: WarningRow,
} as const;
export type TableName = keyof typeof TABLES;

/** Column names of a table, in contract order. */
export function columnsOf(table: TableName): string[] {
  return Object.keys(TABLES[table].shape);
}

/**
 * The warehouse tables: the CSV tables plus what a database needs to key and replace rows —
 * sheets.source_sha256 (a re-extracted document replaces its rows), facts.ordinal (the fact's place
 * among its field's facts), facts.date_precision (facts.date holds the first day of a date printed
 * as a month or a year) and facts.item_no (to join a fact to its item). facts.start/end are
 * start_date/end_date there, so that no query has to quote a reserved word; warnings are keyed by
 * their document's bytes and their place in its list.
 */
export const WAREHOUSE_TABLES = {
  sheets: { schema: SheetRow.extend({ source_sha256: z.string() }), key: ["sheet_id"] },
  items: { schema: ItemRow, key: ["sheet_id", "no"] },
  facts: {
    schema: FactRow.omit({ start: true, end: true }).extend({
      start_date: FactRow.shape.start,
      end_date: FactRow.shape.end,
      ordinal: z.number().int(),
      date_precision: z.enum(["day", "month", "year"]).nullable(),
      /** The `no` of the item a fact's field belongs to (items[i].… → items[i].no), for joins; else null. */
      item_no: z.number().int().nullable(),
    }),
    key: ["sheet_id", "field", "ordinal"],
  },
  warnings: { schema: WarningRow.extend({ source_sha256: z.string(), ordinal: z.number().int() }), key: ["source_sha256", "ordinal"] },
} as const;

export type WarehouseTableName = keyof typeof WAREHOUSE_TABLES;
export type WarehouseSheetRow = z.infer<(typeof WAREHOUSE_TABLES)["sheets"]["schema"]>;
export type WarehouseItemRow = z.infer<(typeof WAREHOUSE_TABLES)["items"]["schema"]>;
export type WarehouseFactRow = z.infer<(typeof WAREHOUSE_TABLES)["facts"]["schema"]>;
export type WarehouseWarningRow = z.infer<(typeof WAREHOUSE_TABLES)["warnings"]["schema"]>;
