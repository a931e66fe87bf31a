#!/usr/bin/env node
// The goal-table form over seeded renderings (scripts/render_goal_table.py generate): renders N seeds
// (cached by seed under bench/corpus/goal-table/), extracts them in one batch with the CLI, scores
// every rendering field by field against its truth (src/check/compare.ts) and prints, per axis, the
// even seeds (tuning) and the odd seeds (held out): renderings exact with no warning but the ones
// their truth expects (an extra column's text, UNASSIGNED_TEXT), below 95 % with no warning (silent),
// and refused.
//
//   npm run build && node bench/goal-table.mjs [--seeds 200] [--from 0] [--jobs 2] [--show 5] [--half tuning|held-out|both]
//
// --show N lists the first misses of N renderings of the tuning half that are not exact. Held-out
// renderings are only ever counted: tune on the even seeds.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "200" },
    from: { type: "string", default: "0" },
    jobs: { type: "string", default: "2" },
    show: { type: "string", default: "0" },
    half: { type: "string", default: "both" },
    cache: { type: "string", default: path.join(root, "bench", "corpus", "goal-table") },
    out: { type: "string", default: path.join(root, "bench", "out", "goal-table") },
    python: { type: "string", default: "/usr/bin/python3" },
  },
});
const first = Number(values.from);
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => first + i);
const cache = values.cache;
fs.mkdirSync(cache, { recursive: true });

const { compareDocuments, squash } = await import(pathToFileURL(path.join(root, "dist", "check", "compare.js")).href);

// 1. Render what the cache lacks, a few at a time (Chromium and LibreOffice are one process each).
const truthPath = (seed) => path.join(cache, `gt-${seed}.truth.json`);
const missing = seeds.filter((s) => !fs.existsSync(truthPath(s)));
if (missing.length > 0) process.stderr.write(`rendering ${missing.length} seed(s) into ${cache}\n`);
async function render(seed) {
  await new Promise((resolve) => {
    const child = spawn(values.python, [path.join(root, "scripts", "render_goal_table.py"), "generate", "--seed", String(seed), "--out", cache, "--pdf"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      if (code !== 0) process.stderr.write(`seed ${seed}: render failed (${code}) ${err.slice(-400)}\n`);
      resolve();
    });
  });
}
const queue = [...missing];
await Promise.all(
  Array.from({ length: Math.max(1, Number(values.jobs)) }, async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) await render(s);
  }),
);

// 2. Extract every rendering in one batch.
const truths = new Map();
for (const s of seeds) if (fs.existsSync(truthPath(s))) truths.set(s, JSON.parse(fs.readFileSync(truthPath(s), "utf8")));
fs.rmSync(values.out, { recursive: true, force: true });
const inputs = [...truths.values()].map((t) => path.join(cache, t.file));
const run = spawnSync(process.execPath, [path.join(root, "dist", "cli.js"), "extract", ...inputs, "--out", values.out, "--quiet"], {
  encoding: "utf8",
  maxBuffer: 64 << 20,
});
if (run.status === 2) {
  process.stderr.write(run.stderr);
  process.exit(2);
}
const errors = new Map();
const errorsFile = path.join(values.out, "errors.jsonl");
if (fs.existsSync(errorsFile)) {
  for (const line of fs.readFileSync(errorsFile, "utf8").split("\n").filter(Boolean)) {
    const e = JSON.parse(line);
    errors.set(e.file, e);
  }
}

// 3. Score.
/** The truth as an expected document for compareDocuments. */
function expectedOf(truth) {
  return {
    fiscalYear: truth.fiscalYear,
    sheets: truth.sheets.map((s) => ({ priority: s.priority, title: s.title, department: s.department, items: s.items })),
  };
}
/** Warnings the truth does not expect: anything but UNASSIGNED_TEXT quoting an extra column's text. */
function unexpectedWarnings(truth, warnings) {
  const extras = [...new Set(truth.expectedWarnings.map((w) => squash(w.quotes)))].sort((a, b) => b.length - a.length);
  const quoted = new Set();
  const unexpected = [];
  for (const w of warnings) {
    const m = /「(.*)」/u.exec(w.message);
    if (w.code === "UNASSIGNED_TEXT" && m) {
      let rest = squash(m[1]);
      for (const x of extras) if (rest.includes(x)) (quoted.add(x), (rest = rest.split(x).join("")));
      // An extra column of a goal whose actions share one cell is marked alike (①新規 ②継続).
      if (rest.replace(/[①-⑳]/gu, "") === "") continue;
    }
    unexpected.push(w);
  }
  const unquoted = extras.filter((x) => !quoted.has(x));
  return { unexpected, unquoted };
}

const results = [];
for (const [seed, truth] of truths) {
  const name = path.basename(truth.file, path.extname(truth.file));
  const error = errors.get(truth.file);
  const outFile = path.join(values.out, `${name}.json`);
  if (error || !fs.existsSync(outFile)) {
    results.push({ seed, truth, refused: true, code: error?.code ?? "NO_OUTPUT", score: 0, exact: false, silent: false, misses: [] });
    continue;
  }
  const doc = JSON.parse(fs.readFileSync(outFile, "utf8"));
  const fields = compareDocuments(expectedOf(truth), doc);
  const ok = fields.filter((f) => f.ok).length;
  const score = fields.length === 0 ? 0 : ok / fields.length;
  const { unexpected, unquoted } = unexpectedWarnings(truth, doc.warnings);
  const exact = ok === fields.length && unexpected.length === 0 && unquoted.length === 0;
  results.push({
    seed,
    truth,
    refused: false,
    score,
    exact,
    warned: unexpected.length > 0,
    silent: score < 0.95 && unexpected.length === 0,
    // Not exact and nothing says so: a reading that looks clean and is not.
    quietMiss: !exact && unexpected.length === 0 && unquoted.length === 0,
    misses: fields.filter((f) => !f.ok),
    unexpected,
    unquoted,
  });
}

// 4. Report.
const pct = (n, d) => (d === 0 ? "    -" : `${((100 * n) / d).toFixed(1).padStart(5)}`);
function table(rows, title) {
  const n = rows.length;
  const exact = rows.filter((r) => r.exact).length;
  const silent = rows.filter((r) => r.silent).length;
  const refused = rows.filter((r) => r.refused).length;
  const quiet = rows.filter((r) => r.quietMiss).length;
  const fieldScore = rows.reduce((s, r) => s + r.score, 0);
  console.log(`\n## ${title}: ${n} renderings, ${exact} exact with no warning (${pct(exact, n).trim()} %), ${silent} below 95 % silent, ${quiet} not exact with no warning at all, ${refused} refused; mean field score ${pct(fieldScore, n).trim()} %`);
  const axes = Object.keys(rows[0]?.truth.axes ?? {});
  console.log(`\n| axis | value | n | exact % | <95 % silent | refused | mean field % |\n|---|---|---:|---:|---:|---:|---:|`);
  for (const axis of axes) {
    const byValue = new Map();
    for (const r of rows) {
      const v = String(r.truth.axes[axis]);
      if (!byValue.has(v)) byValue.set(v, []);
      byValue.get(v).push(r);
    }
    for (const [v, rs] of [...byValue].sort((a, b) => a[0].localeCompare(b[0]))) {
      const e = rs.filter((r) => r.exact).length;
      console.log(`| ${axis} | ${v} | ${rs.length} | ${pct(e, rs.length)} | ${rs.filter((r) => r.silent).length} | ${rs.filter((r) => r.refused).length} | ${pct(rs.reduce((s, r) => s + r.score, 0), rs.length)} |`);
    }
  }
}
const tuning = results.filter((r) => r.seed % 2 === 0);
const heldOut = results.filter((r) => r.seed % 2 === 1);
if (values.half !== "held-out") table(tuning, "Tuning half (even seeds)");
if (values.half !== "tuning") table(heldOut, "Held-out half (odd seeds)");

const show = Number(values.show);
if (show > 0) {
  console.log("\n## Tuning renderings that are not exact");
  for (const r of tuning.filter((x) => !x.exact).slice(0, show)) {
    console.log(`\nseed ${r.seed} (${r.truth.file}, ${r.truth.axes.producer}): ${r.refused ? `refused ${r.code}` : `${(100 * r.score).toFixed(1)} %`}`);
    for (const m of r.misses.slice(0, 6)) console.log(`  MISS ${m.path}\n    want ${JSON.stringify(m.want)?.slice(0, 110)}\n    got  ${JSON.stringify(m.got)?.slice(0, 110)}`);
    if (r.misses.length > 6) console.log(`  … ${r.misses.length - 6} more`);
    for (const w of (r.unexpected ?? []).slice(0, 4)) console.log(`  WARN ${w.code}: ${w.message.slice(0, 140)}`);
    for (const x of r.unquoted ?? []) console.log(`  NOT REPORTED ${x}`);
  }
}
