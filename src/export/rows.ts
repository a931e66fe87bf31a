// A document as rows of the three flat tables (sheets, items, facts), in document order.
import type { FactRow, ItemRow, SheetDocument, SheetRow, WarningRow } from "../model/index.js";

export function sheetRows(doc: SheetDocument): SheetRow[] {
  return doc.sheets.map((s) => ({
    sheet_id: s.id,
    source_file: doc.source.file,
    fiscal_year: doc.fiscalYear,
    department: s.department,
    priority: s.priority,
    title: s.title,
    comprehensive_plan: s.alignment.comprehensivePlan,
    regional_strategy: s.alignment.regionalStrategy,
    reform_program: s.alignment.reformProgram,
    rebuild_plan: s.alignment.rebuildPlan,
    situation: s.situation,
    purpose: s.purpose,
    participation: s.remarks.participation,
    outcomes: s.remarks.outcomes,
    ocr: doc.source.ocr === true,
  }));
}

export function itemRows(doc: SheetDocument): ItemRow[] {
  return doc.sheets.flatMap((s) =>
    s.items.map((i) => ({
      sheet_id: s.id,
      no: i.no,
      action: i.action,
      period: i.period,
      target: i.target,
      midterm_report: i.midtermReport,
      final_report: i.finalReport,
    })),
  );
}

export function factRows(doc: SheetDocument): FactRow[] {
  return doc.sheets.flatMap((s) =>
    s.facts.map((f) => ({
      sheet_id: s.id,
      field: f.field ?? "",
      kind: f.kind,
      text: f.text,
      value: "value" in f ? f.value : null,
      unit: f.kind === "quantity" || f.kind === "money" ? f.unit : f.kind === "percent" ? "%" : null,
      comparator: "comparator" in f ? f.comparator : null,
      date: f.kind === "date" ? f.date : null,
      start: f.kind === "period" ? f.start : null,
      end: f.kind === "period" ? f.end : null,
    })),
  );
}

export function warningRows(doc: SheetDocument): WarningRow[] {
  return doc.warnings.map((w) => ({
    source_file: doc.source.file,
    sheet_id: w.sheetId ?? null,
    code: w.code,
    field: w.field ?? null,
    page: w.page ?? null,
    line: w.line ?? null,
    message: w.message,
  }));
}
