// Check reports: text for a terminal, Markdown for a pull request, JSON for a CI job.
import path from "node:path";
import type { FieldGroup, FieldResult } from "./compare.js";
import { fieldDiff } from "./diff.js";
import type { CheckReport, CheckedDocument, TriageReport } from "./run.js";
import type { Warning } from "../model/index.js";

export const REPORT_FORMATS = ["text", "markdown", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** Differing fields shown per document. Default 20. */
  show?: number;
  format?: ReportFormat;
}

const GROUPS: FieldGroup[] = ["document", "header", "alignment", "items", "remarks", "facts"];
/** Texts longer than this get a character-level diff beside want/got. */
const LONG = 40;

const pct = (m: number, t: number): string => `${t === 0 ? "0.0" : ((100 * m) / t).toFixed(1)}%`;

function cut(v: unknown, n = 120): string {
  if (v === undefined) return "(missing)";
  const s = JSON.stringify(v);
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function groupsOf(results: FieldResult[]): Record<FieldGroup, { matched: number; total: number }> {
  const out = Object.fromEntries(GROUPS.map((g) => [g, { matched: 0, total: 0 }])) as Record<FieldGroup, { matched: number; total: number }>;
  for (const r of results) {
    out[r.group].total += 1;
    if (r.ok) out[r.group].matched += 1;
  }
  return out;
}

function isLong(r: FieldResult): boolean {
  return typeof r.want === "string" && typeof r.got === "string" && Math.max(r.want.length, r.got.length) > LONG;
}

const coverageText = (c: number | undefined): string => (c === undefined ? "—" : `${(c * 100).toFixed(1)}%`);

function warningLine(w: Warning): string {
  const where = [w.field, w.page !== undefined ? `page ${w.page}` : "", w.line !== undefined ? `line ${w.line}` : ""].filter(Boolean).join(", ");
  return `${w.code}${where ? ` (${where})` : ""}: ${w.message}`;
}

function nameOf(report: { dir: string }, d: { input: string }): string {
  return (path.relative(report.dir, d.input) || d.input).split(path.sep).join("/");
}

function text(report: CheckReport, show: number): string {
  const lines: string[] = [];
  for (const d of report.documents) {
    const name = nameOf(report, d);
    if (d.error) {
      lines.push(`${name}: FAILED ${d.error.code}: ${d.error.message} — 0/${d.total} fields`);
      continue;
    }
    const groups = groupsOf(d.results);
    const byGroup = GROUPS.filter((g) => groups[g].total > 0).map((g) => `${g} ${groups[g].matched}/${groups[g].total}`);
    lines.push(
      `${name}: ${d.matched}/${d.total} fields agree (${pct(d.matched, d.total)}) — ${byGroup.join(", ")}; ` +
        `coverage ${coverageText(d.coverage)}, ${d.warnings.length} warning${d.warnings.length === 1 ? "" : "s"}`,
    );
    for (const w of d.warnings.slice(0, show)) lines.push(`  WARN ${warningLine(w)}`);
    if (d.warnings.length > show) lines.push(`  … ${d.warnings.length - show} more warnings`);
    const misses = d.results.filter((r) => !r.ok);
    for (const m of misses.slice(0, show)) {
      lines.push(`  DIFF ${m.path}\n    want ${cut(m.want)}\n    got  ${cut(m.got)}`);
      if (isLong(m)) lines.push(`    diff ${fieldDiff(m.want, m.got)}`);
    }
    if (misses.length > show) lines.push(`  … ${misses.length - show} more differing fields`);
  }
  const groups = GROUPS.filter((g) => report.groups[g].total > 0)
    .map((g) => `${g} ${report.groups[g].matched}/${report.groups[g].total}`)
    .join(", ");
  if (groups) lines.push(`by group: ${groups}`);
  lines.push(
    `fields: ${report.matched}/${report.total} agree (${pct(report.matched, report.total)}); ` +
      `threshold ${(report.threshold * 100).toFixed(1)}% — ${report.passed ? "PASS" : "FAIL"}`,
  );
  return `${lines.join("\n")}\n`;
}

/** A Markdown table cell: pipes escaped, line breaks as <br>, cut to `n` characters. */
function cell(v: unknown, n = 80): string {
  const s = v === undefined ? "*(missing)*" : typeof v === "string" ? v : JSON.stringify(v);
  const short = [...s].length > n ? `${[...s].slice(0, n).join("")}…` : s;
  return short.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

function markdown(report: CheckReport, show: number): string {
  const out: string[] = [];
  out.push(`# sheet-extract check: ${report.passed ? "PASS" : "FAIL"}`, "");
  out.push(
    `Agreement **${pct(report.matched, report.total)}** (${report.matched}/${report.total} fields), threshold ${(report.threshold * 100).toFixed(1)}%.`,
    "",
  );
  const used = GROUPS.filter((g) => report.groups[g].total > 0);
  out.push(`| input | fields | agreement | ${used.join(" | ")} | coverage | warnings |`);
  out.push(`|---|---:|---:|${used.map(() => "---:").join("|")}|---:|---:|`);
  for (const d of report.documents) {
    const groups = groupsOf(d.results);
    const cols = used.map((g) => (groups[g].total > 0 ? `${groups[g].matched}/${groups[g].total}` : "—"));
    const agreement = d.error ? `failed: ${d.error.code}` : pct(d.matched, d.total);
    out.push(`| ${cell(nameOf(report, d))} | ${d.matched}/${d.total} | ${agreement} | ${cols.join(" | ")} | ${coverageText(d.coverage)} | ${d.warnings.length} |`);
  }
  const warned = report.documents.reduce((n, d) => n + d.warnings.length, 0);
  out.push(`| **all** | ${report.matched}/${report.total} | ${pct(report.matched, report.total)} | ${used.map((g) => `${report.groups[g].matched}/${report.groups[g].total}`).join(" | ")} | | ${warned} |`);
  for (const d of report.documents) {
    const misses = d.results.filter((r) => !r.ok);
    if (!d.error && misses.length === 0 && d.warnings.length === 0) continue;
    out.push("", `## ${nameOf(report, d)}`, "");
    if (d.error) {
      out.push(`Extraction failed: \`${d.error.code}\` — ${cell(d.error.message, 200)}`);
      continue;
    }
    if (d.warnings.length > 0) {
      for (const w of d.warnings.slice(0, show)) out.push(`- ⚠ ${cell(warningLine(w), 200)}`);
      out.push("");
    }
    if (misses.length === 0) continue;
    out.push("| field | want | got | difference |", "|---|---|---|---|");
    for (const m of misses.slice(0, show)) {
      out.push(`| \`${m.path}\` | ${cell(m.want)} | ${cell(m.got)} | ${isLong(m) ? `\`${cell(fieldDiff(m.want, m.got), 120).replace(/`/g, "'")}\`` : ""} |`);
    }
    if (misses.length > show) out.push("", `… ${misses.length - show} more differing fields.`);
  }
  return `${out.join("\n")}\n`;
}

function json(report: CheckReport): string {
  const documents = report.documents.map((d) => ({
    input: nameOf(report, d),
    matched: d.matched,
    total: d.total,
    agreement: d.total === 0 ? 0 : d.matched / d.total,
    groups: groupsOf(d.results),
    coverage: d.coverage ?? null,
    warnings: d.warnings,
    ...(d.error ? { error: d.error } : {}),
    differences: d.results
      .filter((r) => !r.ok)
      .map((r) => ({ path: r.path, group: r.group, want: r.want ?? null, got: r.got ?? null, ...(isLong(r) ? { diff: fieldDiff(r.want, r.got) } : {}) })),
  }));
  return `${JSON.stringify(
    {
      passed: report.passed,
      threshold: report.threshold,
      matched: report.matched,
      total: report.total,
      agreement: report.agreement,
      groups: report.groups,
      documents,
    },
    null,
    2,
  )}\n`;
}

export function formatCheckReport(report: CheckReport, options: ReportOptions = {}): string {
  const show = options.show ?? 20;
  switch (options.format ?? "text") {
    case "markdown":
      return markdown(report, show);
    case "json":
      return json(report);
    default:
      return text(report, show);
  }
}

/** The triage report: documents by doubt, their coverage and warnings. */
export function formatTriageReport(report: TriageReport, options: ReportOptions = {}): string {
  const show = options.show ?? 20;
  const docs = report.documents;
  if (options.format === "json") {
    return `${JSON.stringify({ triage: true, documents: docs.map((d) => ({ input: nameOf(report, d), coverage: d.coverage ?? null, warnings: d.warnings, ...(d.error ? { error: d.error } : {}) })) }, null, 2)}\n`;
  }
  const doubtful = docs.filter((d) => d.error || d.warnings.length > 0).length;
  const lines: string[] = [];
  if (options.format === "markdown") {
    lines.push(`# sheet-extract triage: ${doubtful} of ${docs.length} documents to look at`, "", "| # | input | coverage | warnings | codes |", "|---:|---|---:|---:|---|");
    docs.forEach((d, i) => {
      const codes = d.error ? `failed: ${d.error.code}` : [...new Set(d.warnings.map((w) => w.code))].join(", ");
      lines.push(`| ${i + 1} | ${cell(nameOf(report, d))} | ${coverageText(d.coverage)} | ${d.warnings.length} | ${codes} |`);
    });
    return `${lines.join("\n")}\n`;
  }
  lines.push(`No expected files in ${report.dir}: ${docs.length} documents ordered by doubt (look at the first ones first).`);
  docs.forEach((d, i) => {
    const name = nameOf(report, d);
    if (d.error) {
      lines.push(`${i + 1}. ${name}: FAILED ${d.error.code}: ${d.error.message}`);
      return;
    }
    lines.push(`${i + 1}. ${name}: coverage ${coverageText(d.coverage)}, ${d.warnings.length} warning${d.warnings.length === 1 ? "" : "s"}`);
    for (const w of d.warnings.slice(0, show)) lines.push(`  WARN ${warningLine(w)}`);
    if (d.warnings.length > show) lines.push(`  … ${d.warnings.length - show} more warnings`);
  });
  lines.push(`${doubtful} of ${docs.length} documents failed or carry warnings.`);
  return `${lines.join("\n")}\n`;
}
