// Check reports for people (text).
import path from "node:path";
import type { CheckReport } from "./run.js";

const pct = (m: number, t: number): string => `${t === 0 ? "0.0" : ((100 * m) / t).toFixed(1)}%`;

function cut(v: unknown, n = 120): string {
  if (v === undefined) return "(missing)";
  const s = JSON.stringify(v);
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export function formatCheckReport(report: CheckReport, options: { show?: number } = {}): string {
  const show = options.show ?? 20;
  const lines: string[] = [];
  for (const d of report.documents) {
    const name = path.relative(report.dir, d.input) || d.input;
    if (d.error) {
      lines.push(`${name}: FAILED ${d.error.code}: ${d.error.message} — 0/${d.total} fields`);
      continue;
    }
    lines.push(`${name}: ${d.matched}/${d.total} fields agree (${pct(d.matched, d.total)})`);
    const misses = d.results.filter((r) => !r.ok);
    for (const m of misses.slice(0, show)) lines.push(`  DIFF ${m.path}\n    want ${cut(m.want)}\n    got  ${cut(m.got)}`);
    if (misses.length > show) lines.push(`  … ${misses.length - show} more differing fields`);
  }
  const groups = Object.entries(report.groups)
    .filter(([, g]) => g.total > 0)
    .map(([name, g]) => `${name} ${g.matched}/${g.total}`)
    .join(", ");
  if (groups) lines.push(`by group: ${groups}`);
  lines.push(
    `fields: ${report.matched}/${report.total} agree (${pct(report.matched, report.total)}); ` +
      `threshold ${(report.threshold * 100).toFixed(1)}% — ${report.passed ? "PASS" : "FAIL"}`,
  );
  return `${lines.join("\n")}\n`;
}
