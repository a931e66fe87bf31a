// Field-by-field agreement of an extracted document with a hand-checked expected one. Texts are
// compared with white space removed (line wraps and paragraph breaks do not count) and the two
// Shift_JIS look-alikes folded (〜/～, −/－); every other character must match.
import { ALIGNMENT_FIELDS, ITEM_FIELDS, REMARK_FIELDS, type SheetDocument } from "../model/index.js";
import { diffChars } from "./diff.js";

export type FieldGroup = "document" | "header" | "alignment" | "items" | "remarks" | "facts";

export interface FieldResult {
  path: string;
  group: FieldGroup;
  want: unknown;
  got: unknown;
  ok: boolean;
}

/** The expected file: the contract's fields; ids, provenance and (optionally) facts left out. */
export interface ExpectedDocument {
  fiscalYear?: number | null;
  department?: string;
  goalIndex?: string[];
  sheets: ExpectedSheet[];
}

export interface ExpectedSheet {
  priority: number | null;
  title?: string;
  department?: string;
  alignment?: Partial<Record<(typeof ALIGNMENT_FIELDS)[number], string>>;
  situation?: string;
  purpose?: string;
  items?: Array<{ no: number } & Partial<Record<(typeof ITEM_FIELDS)[number], string>>>;
  remarks?: Partial<Record<(typeof REMARK_FIELDS)[number], string>>;
  facts?: Array<Record<string, unknown>>;
}

export function squash(v: unknown): string {
  if (v === undefined || v === null) return "\u0000missing";
  return String(v).replace(/\s+/gu, "").replace(/\u301c/gu, "\uff5e").replace(/\u2212/gu, "\uff0d");
}

/** A fact as one comparable string: its kind, field, text and values. */
function factKey(f: Record<string, unknown>): string {
  const keys = ["field", "kind", "text", "value", "unit", "comparator", "date", "start", "end"];
  return keys.map((k) => (f[k] === undefined ? "" : squash(f[k]))).join("|");
}

export function compareDocuments(expected: ExpectedDocument, got: SheetDocument): FieldResult[] {
  const results: FieldResult[] = [];
  const field = (path: string, group: FieldGroup, want: unknown, actual: unknown): void => {
    results.push({ path, group, want, got: actual, ok: squash(want) === squash(actual) });
  };
  if (expected.fiscalYear !== undefined) field("fiscalYear", "document", expected.fiscalYear, got.fiscalYear);
  if (expected.department !== undefined) field("department", "document", expected.department, got.department);
  if (expected.goalIndex !== undefined) {
    field("goalIndex", "document", expected.goalIndex.join("|"), got.goalIndex.join("|"));
  }
  const used = new Set<number>();
  // Priorities repeat across sections in the goal-table form: there a sheet is its department and priority.
  const repeated = new Set(expected.sheets.map((s) => s.priority).filter((p, i, all) => p !== null && all.indexOf(p) !== i));
  expected.sheets.forEach((es, si) => {
    // Sheets pair by department and priority, else by priority where printed, else by position.
    const free = (i: number): boolean => !used.has(i);
    let index = got.sheets.findIndex((s, i) => free(i) && es.priority !== null && s.priority === es.priority && es.department !== undefined && s.department === es.department);
    if (index < 0) index = got.sheets.findIndex((s, i) => free(i) && es.priority !== null && s.priority === es.priority);
    if (index < 0 && es.priority === null && free(si)) index = si < got.sheets.length ? si : -1;
    if (index >= 0) used.add(index);
    const gs = index >= 0 ? got.sheets[index] : undefined;
    const at =
      es.priority === null
        ? `sheets[${si}]`
        : repeated.has(es.priority) && es.department !== undefined
          ? `sheets[department=${es.department};priority=${es.priority}]`
          : `sheets[priority=${es.priority}]`;
    if (es.title !== undefined) field(`${at}.title`, "header", es.title, gs?.title);
    if (es.department !== undefined) field(`${at}.department`, "header", es.department, gs?.department);
    field(`${at}.priority`, "header", es.priority, gs?.priority);
    if (es.situation !== undefined) field(`${at}.situation`, "header", es.situation, gs?.situation);
    if (es.purpose !== undefined) field(`${at}.purpose`, "header", es.purpose, gs?.purpose);
    for (const k of ALIGNMENT_FIELDS) {
      const want = es.alignment?.[k];
      if (want !== undefined) field(`${at}.alignment.${k}`, "alignment", want, gs?.alignment[k]);
    }
    for (const k of REMARK_FIELDS) {
      const want = es.remarks?.[k];
      if (want !== undefined) field(`${at}.remarks.${k}`, "remarks", want, gs?.remarks[k]);
    }
    const gotItems = gs?.items ?? [];
    for (const ei of es.items ?? []) {
      const gi = gotItems.find((i) => i.no === ei.no);
      for (const k of ITEM_FIELDS) {
        if (ei[k] !== undefined) field(`${at}.items[no=${ei.no}].${k}`, "items", ei[k], gi?.[k]);
      }
    }
    for (const gi of gotItems) {
      if (es.items && !es.items.some((i) => i.no === gi.no)) {
        field(`${at}.items[no=${gi.no}] (extra)`, "items", undefined, "extra item");
      }
    }
    if (es.facts) {
      const gotFacts = new Map<string, number>();
      for (const f of gs?.facts ?? []) {
        const k = factKey(f as Record<string, unknown>);
        gotFacts.set(k, (gotFacts.get(k) ?? 0) + 1);
      }
      for (const ef of es.facts) {
        const k = factKey(ef);
        const n = gotFacts.get(k) ?? 0;
        if (n > 0) gotFacts.set(k, n - 1);
        results.push({
          path: `${at}.facts[${String(ef.field ?? "")}:${String(ef.text ?? "")}]`,
          group: "facts",
          want: ef,
          got: n > 0 ? ef : undefined,
          ok: n > 0,
        });
      }
    }
  });
  got.sheets.forEach((gs, i) => {
    if (!used.has(i)) {
      results.push({ path: `sheets[${gs.priority ?? i}] (extra)`, group: "header", want: undefined, got: "extra sheet", ok: false });
    }
  });
  return results;
}

/** Characters of an expected document's texts and how many a reading got wrong (white space removed). */
export interface CharacterAccuracy {
  /** Characters in the expected texts. */
  reference: number;
  /** Edits (a character missing, extra or wrong) that turn the expected texts into the ones read. */
  errors: number;
  /** 1 − errors / reference (0 at worst). */
  accuracy: number;
}

/**
 * Character accuracy of the text fields compared (header, alignment, items, remarks): per field the
 * edits of a character diff, a changed stretch counting its longer side (a wrong character is one
 * edit, not two). Extra sheets and items count no reference and no errors: they are fields, not
 * characters (compareDocuments reports them).
 */
export function characterAccuracy(results: FieldResult[]): CharacterAccuracy {
  let reference = 0;
  let errors = 0;
  for (const r of results) {
    if (r.group === "facts" || r.group === "document" || r.want === undefined || r.want === null) continue;
    const want = squash(r.want);
    const got = r.got === undefined || r.got === null ? "" : squash(r.got);
    reference += [...want].length;
    let removed = 0;
    let added = 0;
    for (const seg of [...diffChars(want, got), { op: "=" as const, text: "" }]) {
      if (seg.op === "-") removed += [...seg.text].length;
      else if (seg.op === "+") added += [...seg.text].length;
      else {
        errors += Math.max(removed, added);
        removed = added = 0;
      }
    }
  }
  return { reference, errors, accuracy: reference === 0 ? 1 : Math.max(0, 1 - errors / reference) };
}
