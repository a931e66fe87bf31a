#!/usr/bin/env node
// How the reader does on renderings it was not tuned on. Renders seeds with the seeded generator
// (scripts/gen_sheets.py: every axis drawn independently from the seed), cached by seed and
// generator version in bench/.cache/, extracts them with the built CLI as one batch, scores every
// output field by field against its truth (src/check's rules: white space ignored, 〜/～ and −/－
// folded, every other character exact) and prints, for the even seeds (tuning) and the odd seeds
// (held out) separately, one table per axis: renderings, exact with no warning, ≥ 95 % of fields,
// under 95 % with no warning (silent), refused (an error code), and the mean field score (a refused
// rendering scores 0). Then the worst held-out renderings with their axes and the fields that differ.
//
//   npm run bench:generality                      (seeds 0–299; the first run renders them, minutes)
//   node bench/sheets-generality.mjs --seeds 0-99 --worst 20 --json bench/out/generality.json
//   node bench/sheets-generality.mjs --seeds 7,19,40-45 --show 40
//   node bench/sheets-generality.mjs --from /tmp/look --seeds 7   (renderings made with gen_sheets.py make /tmp/look 7 --set …)
//
// Needs what scripts/gen_sheets.py needs to render (chromium, LibreOffice, python3-openpyxl,
// python3-docx, poppler-utils, the IPA and Noto CJK fonts); cached renderings need only Node.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "0-299" },
    worst: { type: "string", default: "15" },
    // "held-out" (the odd seeds) or "all": which renderings the list of the worst is drawn from.
    "worst-of": { type: "string", default: "held-out" },
    show: { type: "string", default: "6" },
    json: { type: "string" },
    // Print the per-axis figures as Markdown tables (one a half, an axis a block of rows) instead.
    markdown: { type: "boolean", default: false },
    python: { type: "string", default: "/usr/bin/python3" },
    cache: { type: "string", default: path.join(root, "bench", ".cache") },
    chunk: { type: "string", default: "40" },
    // Score renderings already made in this folder (gen_sheets.py make DIR …, e.g. with --set) instead of the cache.
    from: { type: "string" },
  },
});

function parseSeeds(spec) {
  const seeds = new Set();
  for (const part of spec.split(",").filter(Boolean)) {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (m) for (let s = Number(m[1]); s <= Number(m[2]); s++) seeds.add(s);
    else if (/^\d+$/.test(part.trim())) seeds.add(Number(part.trim()));
    else throw new Error(`--seeds: not a seed or a range: ${part}`);
  }
  return [...seeds].sort((a, b) => a - b);
}

const generator = path.join(root, "scripts", "gen_sheets.py");
function python(args, inherit = false) {
  const r = spawnSync(values.python, [generator, ...args], { encoding: "utf8", stdio: inherit ? ["ignore", "inherit", "inherit"] : "pipe", maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`gen_sheets.py ${args[0]} failed (${r.status}): ${r.stderr ?? ""}`);
  return r.stdout;
}

const seeds = parseSeeds(values.seeds);
const version = python(["version"]).trim();
const cache = values.from ? path.resolve(values.from) : path.join(values.cache, `sheetgen-v${version}`);
fs.mkdirSync(cache, { recursive: true });
const base = (seed) => path.join(cache, `seed-${String(seed).padStart(4, "0")}`);

// 1. Render what the cache lacks (render.json is written last: a seed without it is redone).
const missing = seeds.filter((s) => !fs.existsSync(`${base(s)}.render.json`));
if (missing.length > 0 && values.from) throw new Error(`--from ${values.from}: no rendering of seeds ${missing.join(", ")}`);
if (missing.length > 0) {
  const chunk = Number(values.chunk);
  const started = performance.now();
  for (let i = 0; i < missing.length; i += chunk) {
    const part = missing.slice(i, i + chunk);
    process.stderr.write(`rendering seeds ${part[0]}…${part.at(-1)} (${i + part.length}/${missing.length})\n`);
    python(["make", cache, ...part.map(String)], true);
  }
  process.stderr.write(`rendered ${missing.length} seeds in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const renderings = seeds.map((seed) => ({
  seed,
  pdf: `${base(seed)}.pdf`,
  axes: readJson(`${base(seed)}.axes.json`),
  truth: readJson(`${base(seed)}.truth.json`),
  render: readJson(`${base(seed)}.render.json`),
}));
// A rendering whose text the producer did not print whole (clipped, hidden) is the generator's
// fault: it is listed, never scored against the reader.
const defective = renderings.filter((r) => !r.render.ok);
const scored = renderings.filter((r) => r.render.ok);

// 2. One batch through the built CLI, as a user would run it.
const { compareDocuments } = await import(pathToFileURL(path.join(root, "dist", "check", "compare.js")).href);
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-generality-"));
let extractSeconds = 0;
try {
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, "dist", "cli.js"), "extract", ...scored.map((x) => x.pdf), "--out", outDir, "--format", "json", "--quiet"], {
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  extractSeconds = (performance.now() - started) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`extract exited ${r.status}: ${r.stderr}`);
  const errors = new Map();
  const errorsFile = path.join(outDir, "errors.jsonl");
  if (fs.existsSync(errorsFile)) {
    for (const line of fs.readFileSync(errorsFile, "utf8").split("\n").filter(Boolean)) {
      const e = JSON.parse(line);
      errors.set(path.basename(e.file, ".pdf"), e);
    }
  }
  // 3. Score field by field (facts are not in the truths).
  for (const x of scored) {
    const name = path.basename(x.pdf, ".pdf");
    const error = errors.get(name);
    const outFile = path.join(outDir, `${name}.json`);
    if (error || !fs.existsSync(outFile)) {
      x.refused = error?.code ?? "NO_OUTPUT";
      x.score = 0;
      x.warnings = [];
      x.misses = [];
      continue;
    }
    const doc = readJson(outFile);
    const results = compareDocuments(x.truth, doc).filter((f) => f.group !== "facts");
    x.fields = results.length;
    x.score = results.filter((f) => f.ok).length / results.length;
    x.misses = results.filter((f) => !f.ok).map(({ path: p, want, got }) => ({ path: p, want, got }));
    x.warnings = doc.warnings.map((w) => w.code);
  }
} finally {
  fs.rmSync(outDir, { recursive: true, force: true });
}

// 4. Tables.
const exact = (x) => !x.refused && x.score === 1 && x.warnings.length === 0;
const silent = (x) => !x.refused && x.score < 0.95 && x.warnings.length === 0;
function tally(xs) {
  const n = xs.length;
  return {
    n,
    exact: xs.filter(exact).length,
    atLeast95: xs.filter((x) => !x.refused && x.score >= 0.95).length,
    silent: xs.filter(silent).length,
    refused: xs.filter((x) => x.refused).length,
    // The strict bar: any reading that is not exact yet carries no warning.
    wrongClean: xs.filter((x) => !x.refused && x.score < 1 && x.warnings.length === 0).length,
    mean: n === 0 ? 0 : xs.reduce((s, x) => s + x.score, 0) / n,
  };
}
const AXES = ["source", "producer", "font", "labels", "rules", "shading", "padding", "valign", "size", "widths", "paper", "layout", "furniture"];
const pct = (a, n) => (n === 0 ? "–" : `${((100 * a) / n).toFixed(0)}%`);
function table(title, xs) {
  const lines = [];
  const head = ["value", "renderings", "exact, no warning", "≥ 95 %", "< 95 %, silent", "refused", "mean field score"];
  const rows = [];
  const values = [...new Set(xs.map((x) => String(x.axes[title])))].sort();
  for (const v of values) {
    const t = tally(xs.filter((x) => String(x.axes[title]) === v));
    rows.push([v, String(t.n), `${t.exact} (${pct(t.exact, t.n)})`, `${t.atLeast95} (${pct(t.atLeast95, t.n)})`, String(t.silent), String(t.refused), `${(100 * t.mean).toFixed(1)}%`]);
  }
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join("  ");
  lines.push(`${title}`, `  ${fmt(head)}`, ...rows.map((r) => `  ${fmt(r)}`));
  return lines.join("\n");
}
function section(name, xs) {
  const t = tally(xs);
  const out = [
    `== ${name}: ${t.n} renderings — exact with no warning ${t.exact} (${pct(t.exact, t.n)}), ≥ 95 % ${t.atLeast95}, silent under 95 % ${t.silent} (wrong with no warning at any score ${t.wrongClean}), refused ${t.refused}, mean field score ${(100 * t.mean).toFixed(1)}%`,
  ];
  for (const axis of AXES) out.push("", table(axis, xs));
  return out.join("\n");
}
const cut = (v) => (v === undefined || v === null ? "(missing)" : JSON.stringify(v).slice(0, 70));
const axesLine = (a) => AXES.map((k) => `${k}=${a[k]}`).join(" ");
const even = scored.filter((x) => x.seed % 2 === 0);
const odd = scored.filter((x) => x.seed % 2 === 1);

const report = [];
const tool = (cmd, args) => (spawnSync(cmd, args, { encoding: "utf8" }).stdout ?? "").trim().split("\n")[0] ?? "";
report.push(
  `sheets generality: generator v${version}, seeds ${values.seeds} (${renderings.length}), reader ${tool("git", ["-C", root, "rev-parse", "--short", "HEAD"])}; ${tool("chromium", ["--version"])}; ${tool("soffice", ["--version"])}`,
  `extracted ${scored.length} renderings in ${extractSeconds.toFixed(1)} s` + (defective.length ? `; ${defective.length} left out (the producer did not print their text whole): ${defective.map((x) => `${x.seed} (${x.render.error ?? `${x.render.textCheck.missing} chars missing: ${x.render.textCheck.chars}`})`).join(", ")}` : ""),
  "",
  section("tuning (even seeds)", even),
  "",
  section("held out (odd seeds)", odd),
);

// The fields that differ most often among the held-out renderings, by field (sheet and item left out).
const fieldMisses = new Map();
for (const x of odd) {
  const keys = new Set(x.misses.map((m) => m.path.replace(/sheets\[[^\]]*\]/, "sheets[]").replace(/items\[no=\d+\]/, "items[]")));
  for (const k of keys) fieldMisses.set(k, (fieldMisses.get(k) ?? 0) + 1);
}
report.push("", "== held out: renderings with each field wrong (refused ones not counted)");
for (const [k, n] of [...fieldMisses].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) report.push(`  ${String(n).padStart(4)}  ${k}`);

const worst = [...(values["worst-of"] === "all" ? scored : odd)].sort((a, b) => a.score - b.score || Number(b.warnings.length === 0) - Number(a.warnings.length === 0) || a.seed - b.seed).slice(0, Number(values.worst));
report.push("", `== worst ${values["worst-of"] === "all" ? "" : "held-out "}renderings`);
for (const x of worst) {
  const state = x.refused ? `refused ${x.refused}` : `${(100 * x.score).toFixed(1)}% of ${x.fields} fields, ${x.warnings.length ? `warnings ${[...new Set(x.warnings)].join(",")}` : "NO WARNING"}`;
  report.push(`seed ${x.seed}: ${state}, ${x.render.pages} pages`, `  ${axesLine(x.axes)}`);
  for (const m of x.misses.slice(0, Number(values.show))) report.push(`  ${m.path}\n    want ${cut(m.want)}\n    got  ${cut(m.got)}`);
  if (x.misses.length > Number(values.show)) report.push(`  … ${x.misses.length - Number(values.show)} more fields differ`);
}
function markdown(name, xs) {
  const t = tally(xs);
  const out = [
    `**${name}**: ${t.n} renderings, ${t.exact} (${pct(t.exact, t.n)}) exact with no warning, ${t.atLeast95} at 95 % or more, ${t.silent} silent under 95 % (${t.wrongClean} wrong with no warning at any score), ${t.refused} refused, mean field score ${(100 * t.mean).toFixed(1)} %.`,
    "",
    "| axis | value | renderings | exact, no warning | ≥ 95 % | < 95 %, silent | refused | mean |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const axis of AXES) {
    const values = [...new Set(xs.map((x) => String(x.axes[axis])))].sort();
    values.forEach((v, i) => {
      const u = tally(xs.filter((x) => String(x.axes[axis]) === v));
      out.push(`| ${i === 0 ? axis : ""} | ${v} | ${u.n} | ${u.exact} | ${u.atLeast95} | ${u.silent} | ${u.refused} | ${(100 * u.mean).toFixed(0)} % |`);
    });
  }
  return out.join("\n");
}
process.stdout.write(
  values.markdown ? [markdown("Held out (odd seeds)", odd), "", markdown("Tuning (even seeds)", even)].join("\n") + "\n" : report.join("\n") + "\n",
);

if (values.json) {
  fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
  const rows = renderings.map((x) => ({
    seed: x.seed,
    half: x.seed % 2 === 0 ? "tuning" : "held-out",
    axes: x.axes,
    render: x.render,
    ...(x.render.ok ? { refused: x.refused ?? null, score: x.score, exact: exact(x), silent: silent(x), warnings: x.warnings, misses: x.misses } : {}),
  }));
  fs.writeFileSync(values.json, JSON.stringify({ generator: Number(version), seeds: values.seeds, renderings: rows }, null, 1) + "\n");
}
