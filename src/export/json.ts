// One document per input as JSON, and one sheet per line as JSON Lines.
import type { SheetDocument } from "../model/index.js";

/** The bytes of `<name>.json`: two-space indent, keys in schema order, a final newline. */
export function documentJson(doc: SheetDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The lines of sheets.jsonl for one document: each sheet with the document context it needs on its
 * own (schemaVersion, source, fiscalYear, fiscalYearLabel).
 */
export function sheetLines(doc: SheetDocument): string[] {
  return doc.sheets.map(
    (sheet) =>
      `${JSON.stringify({
        schemaVersion: doc.schemaVersion,
        source: doc.source,
        fiscalYear: doc.fiscalYear,
        fiscalYearLabel: doc.fiscalYearLabel,
        ...sheet,
      })}\n`,
  );
}
