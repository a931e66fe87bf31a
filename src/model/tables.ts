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
  /** YYYY, YYYY-MM or YYYY-MM-DD as precise as printed. */
  date: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
});

export type SheetRow = z.infer<typeof SheetRow>;
export type ItemRow = z.infer<typeof ItemRow>;
export type FactRow = z.infer<typeof FactRow>;

export const TABLES = {
  sheets: SheetRow,
  items: ItemRow,
  facts: FactRow,
} as const;
export type TableName = keyof typeof TABLES;

/** Column names of a table, in contract order. */
export function columnsOf(table: TableName): string[] {
  return Object.keys(TABLES[table].shape);
}
