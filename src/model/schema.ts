// The output contract (../shared/CONTRACT.md) as zod schemas. This module is the leaf of the
// project: every stage imports it, it imports nothing of theirs. Types come from z.infer.
import { z } from "zod";

export const SCHEMA_VERSION = 3 as const;

/**
 * Warning codes (CONTRACT.md "Warnings") and when each is given. A document read exactly carries
 * none; a new kind of doubt is one more row here and one rule in src/validate/warnings.ts.
 */
export const WARNING_CODES = {
  UNASSIGNED_TEXT: "text inside a sheet's area went into no field and is no label, heading or running head/footer",
  LABEL_IN_VALUE: "a field's text contains a printed label of another field (columns or rows mixed up)",
  MISSING_FIELD: "a sheet without a title, department or priority, or an item without an action",
  ITEM_SEQUENCE: "item numbers skip or repeat",
  DUPLICATE_SHEET: "two sheets with the same department and priority",
  NO_FISCAL_YEAR: "no year printed and none given with --fiscal-year",
  DAMAGED_PDF: "pdf.js had to repair the file, or some pages or streams failed to decode",
  MIXED_COLUMNS: "an item cell stands over two or more of the item table's columns (the reader could not part them): its text runs two fields together",
  LAYOUT_FALLBACK: "a page's layout ran over its work budget and the page was laid out line by line by position alone",
  CLIPPED_TEXT: "a page draws text on the page that its clipping path cuts away (a cell's text past its edge): not printed, and not read",
  OCR_TEXT: "the sheet was read through OCR: the mean confidence and the fields holding low-confidence words",
} as const;
export const WarningCode = z.enum(Object.keys(WARNING_CODES) as [keyof typeof WARNING_CODES, ...Array<keyof typeof WARNING_CODES>]);

/** x0, y0, x1, y1 in PDF points, origin bottom-left (as pdf.js reports). */
export const Bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const PdfBox = z.strictObject({
  page: z.number().int().positive(),
  bbox: Bbox,
});

/** Where a field's text came from: a box on a page, boxes on several pages, or a line of a dump. */
export const FieldProvenance = z.union([
  PdfBox,
  z.strictObject({ parts: z.array(PdfBox).min(2) }),
  z.strictObject({ line: z.number().int().positive() }),
]);

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export const Comparator = z.enum([">=", "<=", "<", ">", "~", "="]);

const factBase = {
  /** The text field the fact was found in (same path syntax as provenance.fields); omitted by `normalize`. */
  field: z.string().min(1).optional(),
  /** The span of text the fact was read from, as printed. */
  text: z.string().min(1),
};

export const DateFact = z.strictObject({
  ...factBase,
  kind: z.literal("date"),
  /** As precise as the text: YYYY-MM-DD, YYYY-MM or YYYY. */
  date: z.string().regex(isoDate),
});

export const PeriodFact = z.strictObject({
  ...factBase,
  kind: z.literal("period"),
  start: z.string().regex(isoDay),
  end: z.string().regex(isoDay),
});

export const FiscalYearFact = z.strictObject({
  ...factBase,
  kind: z.literal("fiscalYear"),
  value: z.number().int(),
});

export const QuantityFact = z.strictObject({
  ...factBase,
  kind: z.literal("quantity"),
  value: z.number(),
  /** The counter as printed (回, 件, 人, か所 …). */
  unit: z.string().min(1),
  comparator: Comparator,
});

export const MoneyFact = z.strictObject({
  ...factBase,
  kind: z.literal("money"),
  /** In yen, scales (千円, 万円, 億円) applied. */
  value: z.number(),
  unit: z.literal("円"),
  comparator: Comparator,
});

export const PercentFact = z.strictObject({
  ...factBase,
  kind: z.literal("percent"),
  value: z.number(),
  comparator: Comparator,
});

export const Fact = z.discriminatedUnion("kind", [
  DateFact,
  PeriodFact,
  FiscalYearFact,
  QuantityFact,
  MoneyFact,
  PercentFact,
]);

export const Item = z.strictObject({
  /** From the row's marker: ① → 1. */
  no: z.number().int().positive(),
  action: z.string(),
  period: z.string(),
  target: z.string(),
  midtermReport: z.string(),
  finalReport: z.string(),
});

export const Alignment = z.strictObject({
  comprehensivePlan: z.string(),
  regionalStrategy: z.string(),
  reformProgram: z.string(),
  rebuildPlan: z.string(),
});

export const Remarks = z.strictObject({
  participation: z.string(),
  outcomes: z.string(),
});

export const Provenance = z.strictObject({
  /** PDF pages the sheet was printed on (1-based); [] for text dumps. */
  pages: z.array(z.number().int().positive()),
  fields: z.record(z.string(), FieldProvenance),
});

export const Sheet = z.strictObject({
  /** Stable: the same input bytes give the same id. */
  id: z.string().min(1),
  /** 優先順位 (1位 → 1); null when the sheet does not print one. */
  priority: z.number().int().nullable(),
  title: z.string(),
  department: z.string(),
  alignment: Alignment,
  situation: z.string(),
  purpose: z.string(),
  items: z.array(Item),
  remarks: Remarks,
  facts: z.array(Fact),
  provenance: Provenance,
});

/** One doubt about a document, located as precisely as the reader knows. */
export const Warning = z.strictObject({
  code: WarningCode,
  message: z.string().min(1),
  sheetId: z.string().min(1).optional(),
  /** A text field, with the same path syntax as provenance.fields. */
  field: z.string().min(1).optional(),
  page: z.number().int().positive().optional(),
  /** 1-based line of a text dump. */
  line: z.number().int().positive().optional(),
});

export const SourceFormat = z.enum(["pdf", "text"]);

export const Source = z.strictObject({
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: SourceFormat,
  /** Pages of a PDF; omitted for text dumps. */
  pages: z.number().int().nonnegative().optional(),
  /** true when pages were read through OCR (a scan); absent otherwise. */
  ocr: z.boolean().optional(),
});

export const SheetDocument = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  source: Source,
  /** 令和2年度 → 2020 (April 2020 – March 2021); null when the document prints no year. */
  fiscalYear: z.number().int().nullable(),
  /** The year as printed, e.g. 令和2年度. */
  fiscalYearLabel: z.string().nullable(),
  department: z.string(),
  /** The document's list of 重点目標: its printed index, else its sheets' titles in order. */
  goalIndex: z.array(z.string()),
  sheets: z.array(Sheet).min(1),
  /** What the tool doubts about this reading; [] when it was read exactly. */
  warnings: z.array(Warning),
});

export type Bbox = z.infer<typeof Bbox>;
export type PdfBox = z.infer<typeof PdfBox>;
export type FieldProvenance = z.infer<typeof FieldProvenance>;
export type Comparator = z.infer<typeof Comparator>;
export type Fact = z.infer<typeof Fact>;
export type Item = z.infer<typeof Item>;
export type Alignment = z.infer<typeof Alignment>;
export type Remarks = z.infer<typeof Remarks>;
export type Provenance = z.infer<typeof Provenance>;
export type Sheet = z.infer<typeof Sheet>;
export type Source = z.infer<typeof Source>;
export type SourceFormat = z.infer<typeof SourceFormat>;
export type WarningCode = z.infer<typeof WarningCode>;
export type Warning = z.infer<typeof Warning>;
export type SheetDocument = z.infer<typeof SheetDocument>;

/** Field keys of an item, in the printed column order. */
export const ITEM_FIELDS = ["action", "period", "target", "midtermReport", "finalReport"] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

export const ALIGNMENT_FIELDS = ["comprehensivePlan", "regionalStrategy", "reformProgram", "rebuildPlan"] as const;
export type AlignmentField = (typeof ALIGNMENT_FIELDS)[number];

export const REMARK_FIELDS = ["participation", "outcomes"] as const;
export type RemarkField = (typeof REMARK_FIELDS)[number];

/** One failed input, as written to errors.jsonl. */
export const ErrorRecord = z.strictObject({
  file: z.string(),
  code: z.string().regex(/^[A-Z][A-Z_]*$/),
  message: z.string(),
  page: z.number().int().positive().optional(),
  line: z.number().int().positive().optional(),
});
export type ErrorRecord = z.infer<typeof ErrorRecord>;
