// The doubts about one reading (CONTRACT.md "Warnings"): a table of rules, one per code, each a pure
// function of the built document and what the assembler could not place. A document read exactly
// gets none, so every rule here must stay quiet on a clean reading: a false alarm is a bug.
import type { AssembledDocument, SourcedText } from "../extract/assemble.js";
import type { CellSource, OcrReading } from "../extract/grid.js";
import { LABEL_PIECE_CHARS, LONG_PRINTED_LABELS, VALUE_LEAK_LABELS } from "../extract/labels.js";
import type { Bbox, Sheet, SheetDocument, Warning, WarningCode } from "../model/index.js";
import { priorityLeftover, textFields } from "../normalize/document.js";

/** What a rule reads: the document (without warnings) and the assembler's leftovers. */
export interface WarningInput {
  document: Omit<SheetDocument, "warnings">;
  assembled: Pick<AssembledDocument, "sheets"> & Partial<Pick<AssembledDocument, "form">>;
  /** Reader-level doubts (a PDF pdf.js had to repair), passed through as they are. */
  readerWarnings?: Warning[] | undefined;
  /** What OCR read, for a scan: its pages and words with the engine's confidence. */
  ocr?: OcrReading | undefined;
  /** Pages the PDF reader laid out by position alone, their layout over its budget. */
  layoutFallbackPages?: readonly number[] | undefined;
  /** Text the PDF's pages draw and clip away, by page. */
  clippedText?: ReadonlyArray<{ page: number; text: string }> | undefined;
}

type Rule = (input: WarningInput) => Warning[];

/** Longest quote of unplaced text in a message; the rest is counted, not printed. */
const QUOTE_CHARS = 400;

function quote(text: string): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  return flat.length <= QUOTE_CHARS ? `「${flat}」` : `「${flat.slice(0, QUOTE_CHARS)}…」 (${flat.length} characters)`;
}

/** The first place a text came from: a page or a dump line. */
function locate(sources: readonly CellSource[]): { page?: number; line?: number } {
  const s = sources[0];
  if (!s) return {};
  if (s.kind === "line") return { line: s.line };
  const page = s.boxes[0]?.page;
  return page === undefined ? {} : { page };
}

/** A location from the sheet's provenance for a field path. */
function fieldLocation(sheet: Sheet, field: string): { page?: number; line?: number } {
  const p = sheet.provenance.fields[field];
  if (!p) return sheet.provenance.pages[0] === undefined ? {} : { page: sheet.provenance.pages[0] };
  if ("line" in p) return { line: p.line };
  if ("parts" in p) return p.parts[0] ? { page: p.parts[0].page } : {};
  return { page: p.page };
}

const unassignedText: Rule = ({ document, assembled }) =>
  assembled.sheets.flatMap((s, i) => {
    const sheetId = document.sheets[i]?.id;
    const placedNowhere = s.unassigned.map((u: SourcedText) => ({
      code: "UNASSIGNED_TEXT" as const,
      message: `text in no field: ${quote(u.text)}`,
      ...(sheetId ? { sheetId } : {}),
      ...locate(u.sources),
    }));
    const priority = s.header.priority;
    const rest = priority ? priorityLeftover(priority.text) : "";
    if (rest === "" || !priority) return placedNowhere;
    return [
      ...placedNowhere,
      { code: "UNASSIGNED_TEXT" as const, message: `text in no field, in the 優先順位 cell after its rank: ${quote(rest)}`, ...(sheetId ? { sheetId } : {}), ...locate(priority.sources) },
    ];
  });

/** Where a printed label stands in a value: at a line's start or after a space, ending at a boundary. */
function labelsIn(value: string): string[] {
  const text = value.normalize("NFKC");
  const found: string[] = [];
  for (const label of VALUE_LEAK_LABELS) {
    let at = text.indexOf(label);
    while (at >= 0) {
      const before = at === 0 ? "" : (text[at - 1] ?? "");
      const after = text[at + label.length] ?? "";
      if ((before === "" || /\s/u.test(before)) && (after === "" || /[\s(:]/u.test(after))) {
        found.push(label);
        break;
      }
      at = text.indexOf(label, at + 1);
    }
  }
  // A long label with its hint is never a value's words, wherever it stands in one (an item
  // header's line run into the row under it: ・いつまでに）数値目標（どの水準まで）), unless said above.
  const compactText = text.replace(/\s+/gu, "");
  for (const label of LONG_PRINTED_LABELS) {
    if (label.includes("(") && compactText.includes(label) && !found.some((f) => label.includes(f))) found.push(label);
  }
  return found;
}

/** The starts and ends of the long labels, each with its label. */
const LABEL_PIECES: ReadonlyArray<{ piece: string; label: string }> = LONG_PRINTED_LABELS.flatMap((label) => {
  const chars = [...label];
  return [chars.slice(0, LABEL_PIECE_CHARS).join(""), chars.slice(-LABEL_PIECE_CHARS).join("")].map((piece) => ({ piece, label }));
});

/** Pieces of long labels a value holds where the value has no whole label (labelsIn). */
function labelPiecesIn(value: string): Array<{ piece: string; label: string }> {
  const text = value.normalize("NFKC").replace(/\s+/gu, "");
  const found = new Map<string, { piece: string; label: string }>();
  for (const p of LABEL_PIECES) if (!found.has(p.label) && text.includes(p.piece) && !text.includes(p.label)) found.set(p.label, p);
  return [...found.values()];
}

const labelInValue: Rule = ({ document }) =>
  document.sheets.flatMap((sheet) =>
    textFields(sheet).flatMap(([field, value]) => [
      ...labelsIn(value).map((label) => ({
        code: "LABEL_IN_VALUE" as const,
        message: `${field} holds the printed label 「${label}」: columns or rows may be mixed up`,
        sheetId: sheet.id,
        field,
        ...fieldLocation(sheet, field),
      })),
      ...labelPiecesIn(value).map(({ piece, label }) => ({
        code: "LABEL_IN_VALUE" as const,
        message: `${field} holds 「${piece}」 of the printed label 「${label}」: a label cut apart may have run into it`,
        sheetId: sheet.id,
        field,
        ...fieldLocation(sheet, field),
      })),
    ]),
  );

/**
 * Header labels every sheet of the sheet form prints: a sheet read without them stopped early (its
 * rows lost, or taken into the field before them).
 */
const SHEET_FORM_LABELS = [
  ["situation", "現況・課題"],
  ["purpose", "目的・効果"],
] as const;

const missingField: Rule = ({ document, assembled }) =>
  document.sheets.flatMap((sheet, i) => {
    const missing = [
      ...(sheet.title === "" ? ["title"] : []),
      ...(sheet.department === "" ? ["department"] : []),
      ...(sheet.priority === null ? ["priority"] : []),
    ];
    const out: Warning[] = missing.map((field) => ({
      code: "MISSING_FIELD",
      message: `sheet ${i + 1} has no ${field}`,
      sheetId: sheet.id,
      field,
      ...fieldLocation(sheet, "title"),
    }));
    if (sheet.items.length === 0) {
      out.push({ code: "MISSING_FIELD", message: `sheet ${i + 1} has no items (no numbered 取組項目 row was read)`, sheetId: sheet.id, field: "items", ...fieldLocation(sheet, "title") });
    }
    const header = assembled.sheets[i]?.header;
    if (assembled.form !== "goalTable" && header) {
      for (const [field, label] of SHEET_FORM_LABELS) {
        if (header[field] === undefined) {
          out.push({ code: "MISSING_FIELD", message: `sheet ${i + 1} has no ${label} label: the rows after it may be lost or in another field`, sheetId: sheet.id, field, ...fieldLocation(sheet, "title") });
        } else if (sheet[field].trim() === "") {
          // Every sheet states its situation and purpose: a label read with no text beside it was
          // read apart from its value (a label stacked over rows, its value gone into the field above).
          out.push({ code: "MISSING_FIELD", message: `sheet ${i + 1} has no ${label} text: its label was read, and no value beside it`, sheetId: sheet.id, field, ...fieldLocation(sheet, "title") });
        }
      }
    }
    sheet.items.forEach((item, k) => {
      if (item.action !== "") return;
      const field = `items[${k}].action`;
      out.push({
        code: "MISSING_FIELD",
        message: `sheet ${i + 1}, item ${item.no} has no action (取組項目)`,
        sheetId: sheet.id,
        field,
        ...fieldLocation(sheet, `items[${k}].period`),
      });
    });
    return out;
  });

const itemSequence: Rule = ({ document }) =>
  document.sheets.flatMap((sheet, i) => {
    const numbers = sheet.items.map((item) => item.no);
    const problems: string[] = [];
    let expected = 1;
    for (const no of numbers) {
      if (no < expected) problems.push(`${no} repeats`);
      else if (no > expected) problems.push(no === expected + 1 ? `${expected} is missing` : `${expected}–${no - 1} are missing`);
      expected = Math.max(expected, no + 1);
    }
    if (problems.length === 0) return [];
    return [
      {
        code: "ITEM_SEQUENCE" as const,
        message: `sheet ${i + 1}: item numbers ${numbers.join(", ")} (${problems.join("; ")})`,
        sheetId: sheet.id,
        ...fieldLocation(sheet, "items[0].action"),
      },
    ];
  });

const duplicateSheet: Rule = ({ document }) => {
  const seen = new Map<string, number>();
  const out: Warning[] = [];
  document.sheets.forEach((sheet, i) => {
    if (sheet.priority === null || sheet.department === "") return;
    const key = `${sheet.department}\u0000${sheet.priority}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    out.push({
      code: "DUPLICATE_SHEET",
      message: `sheets ${first + 1} and ${i + 1} both are ${sheet.department}, priority ${sheet.priority}`,
      sheetId: sheet.id,
      ...fieldLocation(sheet, "title"),
    });
  });
  return out;
};

const noFiscalYear: Rule = ({ document }) =>
  document.fiscalYear === null
    ? [{ code: "NO_FISCAL_YEAR", message: "no fiscal year is printed and none was given with --fiscal-year: dates without a year have no facts" }]
    : [];

const mixedColumns: Rule = ({ document, assembled }) =>
  assembled.sheets.flatMap((s, i) => {
    const sheetId = document.sheets[i]?.id;
    return (s.mixed ?? []).map((m) => ({
      code: "MIXED_COLUMNS" as const,
      message: `an item cell over two columns of the item table, read as one field: ${quote(m.text)}`,
      ...(sheetId ? { sheetId } : {}),
      ...locate(m.sources),
    }));
  });

const readerWarnings: Rule = ({ readerWarnings }) => readerWarnings ?? [];

/**
 * Words the engine was less sure of than this (its confidence, 0–100) are named by field: on the
 * scans of the samples, words read wrong had 45 on average and words read right 91; under 60 holds
 * most wrong ones and few right ones.
 */
export const LOW_CONFIDENCE = 60;

/** Longest list of fields in an OCR_TEXT message; the rest are counted. */
const FIELDS_NAMED = 12;

/** The field boxes of a sheet, page by page (a field over a page break has a box on each). */
function fieldBoxes(sheet: Sheet): Array<{ field: string; page: number; bbox: Bbox }> {
  return Object.entries(sheet.provenance.fields).flatMap(([field, p]) =>
    "parts" in p ? p.parts.map((part) => ({ field, ...part })) : "bbox" in p ? [{ field, page: p.page, bbox: p.bbox }] : [],
  );
}

/**
 * OCR_TEXT, once per sheet read through OCR: a fact from OCR text is no less a fact, but the analyst
 * must know it came so, how sure the engine was over the sheet's fields (the mean of its words'
 * confidences, by characters) and which fields hold the words it doubted.
 */
const ocrText: Rule = ({ document, ocr }) => {
  if (!ocr || ocr.pages.length === 0) return [];
  const scanned = new Set(ocr.pages);
  return document.sheets.flatMap((sheet) => {
    const pages = sheet.provenance.pages.filter((p) => scanned.has(p));
    if (pages.length === 0) return [];
    const boxes = fieldBoxes(sheet).filter((b) => scanned.has(b.page));
    let weight = 0;
    let sum = 0;
    const doubted = new Set<string>();
    for (const w of ocr.words) {
      const cx = (w.bbox[0] + w.bbox[2]) / 2;
      const cy = (w.bbox[1] + w.bbox[3]) / 2;
      const inside = boxes.find((b) => b.page === w.page && cx >= b.bbox[0] && cx <= b.bbox[2] && cy >= b.bbox[1] && cy <= b.bbox[3]);
      if (!inside) continue;
      const chars = [...w.text].length;
      weight += chars;
      sum += chars * w.conf;
      if (w.conf < LOW_CONFIDENCE) doubted.add(inside.field);
    }
    const fields = Object.keys(sheet.provenance.fields).filter((f) => doubted.has(f));
    const named = fields.slice(0, FIELDS_NAMED).join(", ") + (fields.length > FIELDS_NAMED ? ` and ${fields.length - FIELDS_NAMED} more` : "");
    const mean = weight > 0 ? `mean confidence ${(sum / weight).toFixed(1)} %` : "no words read in its fields";
    return [
      {
        code: "OCR_TEXT" as const,
        message:
          `read through OCR (page${pages.length === 1 ? "" : "s"} ${pages.join(", ")}): ${mean}; ` +
          (fields.length > 0 ? `words under ${LOW_CONFIDENCE} % confidence in ${named}` : `no word under ${LOW_CONFIDENCE} % confidence`) +
          ": check the text against the scan",
        sheetId: sheet.id,
        page: pages[0] as number,
      },
    ];
  });
};

const layoutFallback: Rule = ({ layoutFallbackPages }) => {
  const pages = layoutFallbackPages ?? [];
  if (pages.length === 0) return [];
  return [
    {
      code: "LAYOUT_FALLBACK",
      message:
        `page${pages.length === 1 ? "" : "s"} ${pages.join(", ")} ran over the layout's work budget and ${pages.length === 1 ? "was" : "were"} laid out ` +
        "line by line by position alone: cells of several lines, merged cells and close columns may be split or mixed there; check against the PDF",
      page: pages[0] as number,
    },
  ];
};

const clippedText: Rule = ({ clippedText }) =>
  (clippedText ?? []).map(({ page, text }) => ({
    code: "CLIPPED_TEXT" as const,
    message: `page ${page} draws ${[...text].length} characters that its clipping cuts away (${quote(text)}): a cell's text ran past its edge, is not printed, and is in no field; check the source document`,
    page,
  }));

/** The rules, in the order their warnings are listed. */
export const WARNING_RULES: ReadonlyArray<{ code: WarningCode; rule: Rule }> = [
  { code: "DAMAGED_PDF", rule: readerWarnings },
  { code: "LAYOUT_FALLBACK", rule: layoutFallback },
  { code: "CLIPPED_TEXT", rule: clippedText },
  { code: "NO_FISCAL_YEAR", rule: noFiscalYear },
  { code: "MISSING_FIELD", rule: missingField },
  { code: "DUPLICATE_SHEET", rule: duplicateSheet },
  { code: "ITEM_SEQUENCE", rule: itemSequence },
  { code: "LABEL_IN_VALUE", rule: labelInValue },
  { code: "MIXED_COLUMNS", rule: mixedColumns },
  { code: "UNASSIGNED_TEXT", rule: unassignedText },
  { code: "OCR_TEXT", rule: ocrText },
];

export function documentWarnings(input: WarningInput): Warning[] {
  return WARNING_RULES.flatMap(({ rule }) => rule(input));
}

export interface Coverage {
  /** Characters (white space not counted) in the document's text fields. */
  placed: number;
  /** Characters inside sheets that went into no field. */
  unplaced: number;
  /** placed / (placed + unplaced); 1 for a document with no text at all. */
  ratio: number;
}

const visible = (t: string): number => t.replace(/\s+/gu, "").length;

/** How much of the sheets' text went into fields. */
export function coverageOf(input: Omit<WarningInput, "readerWarnings" | "layoutFallbackPages" | "clippedText">): Coverage {
  const placed = input.document.sheets.reduce((n, s) => n + textFields(s).reduce((m, [, v]) => m + visible(v), 0), 0);
  const unplaced = input.assembled.sheets.reduce((n, s) => n + s.unassigned.reduce((m, u) => m + visible(u.text), 0), 0);
  return { placed, unplaced, ratio: placed + unplaced === 0 ? 1 : placed / (placed + unplaced) };
}
