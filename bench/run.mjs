#!/usr/bin/env node
// Benchmark: the sample PDFs repeated into a corpus of 200+ pages, the same ×4, and a 400-page dense
// budget book (scripts/make_dense_book.py), each extracted by sheet-extract and, in the same run and
// with one process per CPU, by poppler's pdftotext and pdfminer's pdf2txt. Prints wall time,
// pages/s, peak RSS, stage times and the ratios, then the time to normalize all text of the seed
// dump once the tokenizer is loaded.
//
//   npm run bench                       (needs the Debian packages of bench/setup.sh for the peers)
//   node bench/run.mjs --copies 6 --concurrency 2   (sheet-extract on 2 workers, the peers 2 processes)
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
    // sheet-extract's workers: "auto" (its default) or a number; the peers run one process per CPU,
    // or this number of processes when it is one.
    concurrency: { type: "string", default: "auto" },
    child: { type: "string" },
    out: { type: "string" },
    "skip-peers": { type: "boolean", default: false },
  },
});
const concurrency = values.concurrency === "auto" ? "auto" : Number(values.concurrency);
const peerProcesses = concurrency === "auto" ? os.availableParallelism() : concurrency;

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

/**
 * Runs a command on every file with `peerProcesses` processes at a time; wall seconds and the largest
 * peak RSS of one process (through GNU time, where it is installed).
 */
async function runPeer(command, argsFor, files) {
  const started = performance.now();
  const timed = have("/usr/bin/time");
  let next = 0;
  let failed = 0;
  let maxRssMb = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++];
      await new Promise((resolve) => {
        const [cmd, args] = timed ? ["/usr/bin/time", ["-f", "%M", command, ...argsFor(file)]] : [command, argsFor(file)];
        const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
        let err = "";
        child.stderr.on("data", (d) => (err += d));
        child.on("error", () => {
          failed++;
          resolve();
        });
        child.on("close", (code) => {
          if (code !== 0) failed++;
          const kb = Number(/(\d+)\s*$/.exec(err)?.[1] ?? 0);
          maxRssMb = Math.max(maxRssMb, kb / 1024);
          resolve();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: peerProcesses }, lane));
  return { seconds: (performance.now() - started) / 1000, failed, maxRssMb: timed ? maxRssMb : undefined };
}

function have(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

const fmt = (n, d = 1) => n.toFixed(d);

if (!fs.existsSync(path.join(root, "dist", "index.js"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
const copies = Number(values.copies);
console.log(`sheet-extract benchmark — ${os.cpus()[0]?.model ?? "cpu"} × ${os.availableParallelism()}, Node ${process.version}, sheet-extract concurrency ${concurrency}, peers ${peerProcesses} processes`);

/** The large dense document: a 400-page budget book (scripts/make_dense_book.py), not a sheet. */
function denseBook(pages) {
  const dir = path.join(root, "bench", "corpus", "book");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `budget-book-${pages}p.pdf`);
  const r = spawnSync("python3", [path.join(root, "scripts", "make_dense_book.py"), file, "--pages", String(pages)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`make_dense_book.py failed: ${r.stderr}`);
  return { dir, files: [file], pages };
}

const PEERS = [
  ["pdftotext", "pdftotext", (f) => ["-layout", f, "/dev/null"]],
  ["pdf2txt", "pdf2txt", (f) => ["-o", "/dev/null", f]],
];

const rows = [];
for (const [label, set] of [
  [`sheets ×${copies}`, corpus(copies)],
  [`sheets ×${copies * 4}`, corpus(copies * 4)],
  ["budget book", denseBook(400)],
]) {
  const ours = runChild(set.dir);
  const s = ours.summary;
  const t = s.times;
  rows.push({ label, tool: "sheet-extract", pages: set.pages, seconds: ours.wall, rss: ours.maxRssMb });
  console.log(`\n${label}: ${set.files.length} PDF${set.files.length === 1 ? "" : "s"}, ${set.pages} pages`);
  console.log(`  sheet-extract: ${fmt(ours.wall, 2)} s, ${fmt(set.pages / ours.wall)} pages/s, peak RSS ${fmt(ours.maxRssMb, 0)} MB` +
    ` (${s.sheets} sheets, ${s.facts} facts, ${s.failed} failed, ${s.workers} worker${s.workers === 1 ? "" : "s"})`);
  console.log(
    `  stage ms, summed over files: parse ${fmt(t.parse, 0)} · layout ${fmt(t.layout, 0)} · assemble ${fmt(t.assemble, 0)}` +
      ` (workers) · normalize ${fmt(t.normalize, 0)} · validate ${fmt(t.validate, 0)} · write ${fmt(t.write, 0)} · aggregates ${fmt(t.aggregate, 0)}`,
  );
  if (values["skip-peers"]) continue;
  for (const [name, command, argsFor] of PEERS) {
    if (!have(command)) {
      console.log(`  ${name}: not installed (bench/setup.sh installs it)`);
      continue;
    }
    const peer = await runPeer(command, argsFor, set.files);
    rows.push({ label, tool: name, pages: set.pages, seconds: peer.seconds, rss: peer.maxRssMb });
    const ratio = ours.wall / peer.seconds;
    console.log(
      `  ${name}: ${fmt(peer.seconds, 2)} s, ${fmt(set.pages / peer.seconds)} pages/s${peer.maxRssMb !== undefined ? `, peak RSS ${fmt(peer.maxRssMb, 0)} MB` : ""}` +
        `${peer.failed ? `, ${peer.failed} failed` : ""} — sheet-extract takes ${fmt(ratio, 2)}× its time`,
    );
  }
}

console.log("\n| corpus | tool | wall | pages/s | peak RSS | × pdf2txt's time |");
console.log("|---|---|---:|---:|---:|---:|");
for (const r of rows) {
  const base = rows.find((x) => x.label === r.label && x.tool === "pdf2txt");
  console.log(
    `| ${r.label} (${r.pages} p.) | ${r.tool} | ${fmt(r.seconds, 2)} s | ${fmt(r.pages / r.seconds)} | ${r.rss !== undefined ? `${fmt(r.rss, 0)} MB` : "—"} | ${base ? fmt(r.seconds / base.seconds, 2) : "—"} |`,
  );
}


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
