// Assembled sheets → the contract document: ids, fiscal year, priority, facts and provenance.
// Text fields keep their printed characters; facts carry the normalized values.
import { createHash } from "node:crypto";
import { SheetExtractError } from "../errors.js";
import type { AssembledDocument, AssembledSheet, SourcedText } from "../extract/assemble.js";
import type { CellSource } from "../extract/grid.js";
import { PRIORITY_RANK } from "../extract/labels.js";
import {
  ALIGNMENT_FIELDS,
  ITEM_FIELDS,
  REMARK_FIELDS,
  SCHEMA_VERSION,
  type Fact,
  type FieldProvenance,
  type PdfBox,
  type Sheet,
  type SheetDocument,
  type Source,
} from "../model/index.js";
import { extractFacts } from "./facts.js";
import type { Tokenizer } from "./tokenizer.js";
import type { Deadline } from "../deadline.js";
import { parseFiscalYear } from "./fiscalYear.js";
import { parseJapaneseNumber } from "./kanjiNumber.js";

export interface NormalizeDocumentOptions {
  /** Fiscal year to use when the document prints none (CLI --fiscal-year). */
  fiscalYear?: number | undefined;
  /** Shared tokenizer for facts; without it, patterns alone decide. */
  tokenizer?: Tokenizer | undefined;
  /** Looked at before every field and inside long ones: past it, TIMEOUT. Default: none. */
  deadline?: Deadline | undefined;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function buildDocument(
  assembled: AssembledDocument,
  source: Source,
  options: NormalizeDocumentOptions = {},
): SheetDocument {
  const printedYear = assembled.fiscalYearLabel ? parseFiscalYear(assembled.fiscalYearLabel) : undefined;
  const fiscalYear = printedYear ?? options.fiscalYear ?? null;
  const sheets = assembled.sheets.map((s, i) => buildSheet(s, i, source, fiscalYear, options));
  const department =
    sheets.find((s) => s.department !== "")?.department ?? assembled.headingDepartment ?? "";
  const goalIndex = assembled.goalIndex.length > 0 ? assembled.goalIndex : sheets.map((s) => s.title).filter((t) => t !== "");
  return {
    schemaVersion: SCHEMA_VERSION,
    source,
    fiscalYear,
    fiscalYearLabel: assembled.fiscalYearLabel,
    department,
    goalIndex,
    sheets,
    warnings: [],
  };
}

function text(field: SourcedText | undefined): string {
  return field?.text ?? "";
}

/** 優先順位 as printed (1位, １位, 第2位, 三位) → 2; null when there is no number. */
export function parsePriority(printed: string): number | null {
  const m = PRIORITY_RANK.exec(printed);
  if (!m?.[1]) return null;
  const n = parseJapaneseNumber(m[1]);
  return n !== undefined && Number.isInteger(n) ? n : null;
}

/**
 * What the 優先順位 cell holds besides its rank (white space left out), "" when nothing. The
 * priority keeps only the number, so anything else there (a row the reader ran into it) would be
 * lost without a word.
 */
export function priorityLeftover(printed: string): string {
  const flat = printed.replace(/[\s\u3000]+/gu, "");
  const m = PRIORITY_RANK.exec(flat);
  return m ? flat.slice(0, m.index) + flat.slice(m.index + m[0].length) : "";
}

function buildSheet(
  s: AssembledSheet,
  index: number,
  source: Source,
  fiscalYear: number | null,
  options: NormalizeDocumentOptions,
): Sheet {
  const h = s.header;
  const fields = new Map<string, SourcedText>();
  const put = (path: string, f: SourcedText | undefined): string => {
    if (f && f.text !== "") fields.set(path, f);
    return text(f);
  };
  const sheet: Sheet = {
    id: `${source.sha256.slice(0, 16)}-${index + 1}`,
    priority: parsePriority(text(h.priority)),
    title: put("title", h.title),
    department: put("department", h.department),
    alignment: {
      comprehensivePlan: put("alignment.comprehensivePlan", h["alignment.comprehensivePlan"]),
      regionalStrategy: put("alignment.regionalStrategy", h["alignment.regionalStrategy"]),
      reformProgram: put("alignment.reformProgram", h["alignment.reformProgram"]),
      rebuildPlan: put("alignment.rebuildPlan", h["alignment.rebuildPlan"]),
    },
    situation: put("situation", h.situation),
    purpose: put("purpose", h.purpose),
    items: s.items.map((item, i) => ({
      no: item.no,
      action: put(`items[${i}].action`, item.fields.action),
      period: put(`items[${i}].period`, item.fields.period),
      target: put(`items[${i}].target`, item.fields.target),
      midtermReport: put(`items[${i}].midtermReport`, item.fields.midtermReport),
      finalReport: put(`items[${i}].finalReport`, item.fields.finalReport),
    })),
    remarks: {
      participation: put("remarks.participation", s.remarks.participation),
      outcomes: put("remarks.outcomes", s.remarks.outcomes),
    },
    facts: [],
    provenance: { pages: pagesOf(s.sources), fields: {} },
  };
  for (const [path, f] of fields) {
    const p = provenanceOf(f.sources);
    if (p) sheet.provenance.fields[path] = p;
  }
  sheet.facts = factsOf(sheet, index, fiscalYear, options);
  return sheet;
}

/** Text fields of a sheet with their paths, in a fixed order (facts follow it). */
export function textFields(sheet: Sheet): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ["title", sheet.title],
    ["department", sheet.department],
  ];
  for (const k of ALIGNMENT_FIELDS) out.push([`alignment.${k}`, sheet.alignment[k]]);
  out.push(["situation", sheet.situation], ["purpose", sheet.purpose]);
  sheet.items.forEach((item, i) => {
    for (const k of ITEM_FIELDS) out.push([`items[${i}].${k}`, item[k]]);
  });
  for (const k of REMARK_FIELDS) out.push([`remarks.${k}`, sheet.remarks[k]]);
  return out.filter(([, v]) => v !== "");
}

function factsOf(sheet: Sheet, index: number, fiscalYear: number | null, options: NormalizeDocumentOptions): Fact[] {
  const facts: Fact[] = [];
  const { tokenizer, deadline } = options;
  for (const [field, value] of textFields(sheet)) {
    const where = `sheet ${index + 1}, ${field}`;
    deadline?.check(`reading the facts of ${where}`);
    let found;
    try {
      found = extractFacts(value, { fiscalYear: fiscalYear ?? undefined, tokenizer, deadline });
    } catch (err) {
      // Where in the document: the field (a TOO_LARGE or TIMEOUT names it).
      if (err instanceof SheetExtractError) throw new SheetExtractError(err.code, `${where}: ${err.message}`, { field });
      throw err;
    }
    for (const fact of found) facts.push({ field, ...fact });
  }
  return facts;
}

function pagesOf(sources: CellSource[]): number[] {
  const pages = new Set<number>();
  for (const s of sources) if (s.kind === "pdf") for (const b of s.boxes) pages.add(b.page);
  return [...pages].sort((a, b) => a - b);
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Where a field came from: its first dump line, or the union of its boxes per page. */
export function provenanceOf(sources: CellSource[]): FieldProvenance | undefined {
  const first = sources[0];
  if (!first) return undefined;
  if (first.kind === "line") return { line: first.line };
  const byPage = new Map<number, PdfBox["bbox"]>();
  for (const s of sources) {
    if (s.kind !== "pdf") continue;
    for (const b of s.boxes) {
      const u = byPage.get(b.page);
      byPage.set(
        b.page,
        u
          ? [Math.min(u[0], b.bbox[0]), Math.min(u[1], b.bbox[1]), Math.max(u[2], b.bbox[2]), Math.max(u[3], b.bbox[3])]
          : [...b.bbox],
      );
    }
  }
  const parts = [...byPage.entries()]
    .sort(([a], [b]) => a - b)
    .map(([page, bbox]) => ({ page, bbox: bbox.map(round2) as PdfBox["bbox"] }));
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return { parts };
}
