#!/usr/bin/env node
// Benchmark: the repository's PDF fixtures repeated into a corpus of 200+ pages, extracted by
// sheet-extract and, in the same run and with the same number of processes, by poppler's pdftotext
// and pdfminer's pdf2txt. Prints pages/s, per-stage time, peak RSS, the ratios, memory at 1× and 4×
// the corpus, and the time to normalize all text of the seed dump once the tokenizer is loaded.
//
//   npm run bench                       (needs the Debian packages of bench/setup.sh for the peers)
//   node bench/run.mjs --copies 6 --concurrency 2
//
// Each measured run is a child process of its own, so peak RSS is that run's alone.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    copies: { type: "string", default: "6" },
    concurrency: { type: "string", default: String(os.availableParallelism()) },
    child: { type: "string" },
    out: { type: "string" },
    "skip-peers": { type: "boolean", default: false },
  },
});
const concurrency = Number(values.concurrency);

if (values.child) {
  // Child: one batch, then its summary and the process's peak RSS on stdout.
  const { runBatch } = await import(pathToFileURL(path.join(root, "dist", "index.js")).href);
  const summary = await runBatch([values.child], { outDir: values.out, formats: ["json", "jsonl", "csv"], concurrency });
  process.stdout.write(JSON.stringify({ summary, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

function corpus(copies) {
  const dir = path.join(root, "bench", "corpus", `x${copies}`);
  const pdfs = fs.readdirSync(path.join(root, "samples")).filter((f) => f.endsWith(".pdf")).sort();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (let c = 1; c <= copies; c++) {
    for (const f of pdfs) fs.copyFileSync(path.join(root, "samples", f), path.join(dir, `${path.basename(f, ".pdf")}-${c}.pdf`));
  }
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).sort();
  let pages = 0;
  for (const f of files) {
    const info = spawnSync("pdfinfo", [f], { encoding: "utf8" });
    const m = /Pages:\s+(\d+)/.exec(info.stdout ?? "");
    pages += m ? Number(m[1]) : 0;
  }
  return { dir, files, pages };
}

function runChild(dir) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-bench-"));
  const started = performance.now();
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", dir, "--out", out, "--concurrency", String(concurrency)], {
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`benchmark child failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout), wall: seconds };
}

/** Runs a command on every file with `concurrency` processes at a time; wall seconds. */
async function runPeer(command, argsFor, files) {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++];
      await new Promise((resolve) => {
        const child = spawn(command, argsFor(file), { stdio: "ignore" });
        child.on("error", () => {
          failed++;
          resolve();
        });
        child.on("close", (code) => {
          if (code !== 0) failed++;
          resolve();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { seconds: (performance.now() - started) / 1000, failed };
}

function have(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

const fmt = (n, d = 1) => n.toFixed(d);

if (!fs.existsSync(path.join(root, "dist", "index.js"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
const copies = Number(values.copies);
console.log(`sheet-extract benchmark — ${os.cpus()[0]?.model ?? "cpu"} × ${os.availableParallelism()}, Node ${process.version}, concurrency ${concurrency}`);

const base = corpus(copies);
console.log(`corpus: ${base.files.length} PDFs, ${base.pages} pages (samples/*.pdf × ${copies})`);
const ours = runChild(base.dir);
const s = ours.summary;
const t = s.times;
console.log(`\nsheet-extract: ${fmt(ours.wall, 2)} s wall, ${fmt(base.pages / ours.wall)} pages/s, peak RSS ${fmt(ours.maxRssMb, 0)} MB`);
console.log(`  ${s.sheets} sheets, ${s.items} items, ${s.facts} facts, ${s.failed} failed`);
console.log(
  `  stage time, summed over files (ms): pdf parse ${fmt(t.parse, 0)} · layout ${fmt(t.layout, 0)} · assemble ${fmt(t.assemble, 0)}` +
    ` (on ${concurrency} worker threads) · normalize ${fmt(t.normalize, 0)} · validate ${fmt(t.validate, 0)} · write ${fmt(t.write, 0)} · aggregates ${fmt(t.aggregate, 0)}`,
);

if (!values["skip-peers"]) {
  for (const [name, command, argsFor] of [
    ["pdftotext (poppler)", "pdftotext", (f) => ["-layout", f, "/dev/null"]],
    ["pdf2txt (pdfminer)", "pdf2txt", (f) => ["-o", "/dev/null", f]],
  ]) {
    if (!have(command)) {
      console.log(`${name}: not installed (bench/setup.sh installs it)`);
      continue;
    }
    const peer = await runPeer(command, argsFor, base.files);
    const ratio = peer.seconds / ours.wall;
    console.log(
      `${name}: ${fmt(peer.seconds, 2)} s wall, ${fmt(base.pages / peer.seconds)} pages/s` +
        `${peer.failed ? `, ${peer.failed} failed` : ""} — sheet-extract is ${ratio >= 1 ? `${fmt(ratio, 2)}× faster` : `${fmt(1 / ratio, 2)}× slower`}`,
    );
  }
}

const big = corpus(copies * 4);
const ours4 = runChild(big.dir);
console.log(
  `\nmemory: ${base.pages} pages → peak RSS ${fmt(ours.maxRssMb, 0)} MB; ${big.pages} pages (4×) → ${fmt(ours4.maxRssMb, 0)} MB` +
    ` (${fmt(big.pages / ours4.wall)} pages/s)`,
);

// Normalization of all text of the seed dump, after the tokenizer is loaded.
const lib = await import(pathToFileURL(path.join(root, "dist", "index.js")).href);
const { getTokenizer } = await import(pathToFileURL(path.join(root, "dist", "normalize", "tokenizer.js")).href);
const tLoad = performance.now();
const tokenizer = await getTokenizer();
const loaded = performance.now();
const doc = await lib.extractDocument(fs.readFileSync(path.join(root, "samples", "ueda-r2.txt")), "ueda-r2.txt");
const texts = doc.sheets.flatMap((sh) => [sh.title, sh.situation, sh.purpose, ...Object.values(sh.alignment), ...sh.items.flatMap((i) => [i.action, i.period, i.target, i.midtermReport, i.finalReport]), sh.remarks.participation, sh.remarks.outcomes]);
const normalizing = performance.now();
let facts = 0;
const runs = 5;
for (let r = 0; r < runs; r++) for (const text of texts) facts += lib.extractFacts(text, { fiscalYear: 2020, tokenizer }).length;
const perRun = (performance.now() - normalizing) / runs;
console.log(
  `normalize: all ${texts.length} texts of the seed (${texts.join("").length} characters, ${facts / runs} facts) in ${fmt(perRun, 0)} ms` +
    ` after the tokenizer loaded (loading took ${fmt(loaded - tLoad, 0)} ms)`,
);
fs.rmSync(path.join(root, "bench", "corpus"), { recursive: true, force: true });
