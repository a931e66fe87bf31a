#!/usr/bin/env node
// Benchmark: the sample PDFs repeated into a corpus of 200+ pages, the same ×4, a 400-page dense
// budget book (scripts/make_dense_book.py), and what a city's archive holds besides (issue #27):
// evaluation forms of hundreds of small cells with vertical labels (make_eval_form.py), a 408-page
// book with fonts of its own on every page (make_font_book.py), a sheet corpus with non-embedded
// CID fonts, and a mixed batch of 40 (forms, books, scans, broken text layers, CID sheets). Each is
// extracted by sheet-extract and, in the same run and with one process per CPU, by poppler's
// pdftotext and pdfminer's pdf2txt. Prints wall time, pages/s, peak RSS, stage times and the
// ratios, then the time to normalize all text of the seed dump once the tokenizer is loaded.
//
//   npm run bench                       (needs the Debian packages of bench/setup.sh)
//   node bench/run.mjs --copies 6 --concurrency 2   (sheet-extract on 2 workers, the peers 2 processes)
//   node bench/run.mjs --only forms,mixed --skip-peers
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
    // Corpora to run, by name (sheets, sheets4, book, forms, font-book, cid-sheets, mixed); default all.
    only: { type: "string" },
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

/** Runs one of the scripts/ generators (Debian's python3: the fonts and img2pdf of bench/setup.sh). */
function generate(script, args) {
  const r = spawnSync("/usr/bin/python3", [path.join(root, "scripts", script), ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
}

function pagesOf(files) {
  let pages = 0;
  for (const f of files) {
    const m = /Pages:\s+(\d+)/.exec(spawnSync("pdfinfo", [f], { encoding: "utf8" }).stdout ?? "");
    pages += m ? Number(m[1]) : 0;
  }
  return pages;
}

/** A corpus folder made by `make(dir)`, which returns the files it wrote. */
function generated(name, make) {
  const dir = path.join(root, "bench", "corpus", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = make(dir);
  return { dir, files, pages: pagesOf(files) };
}

const RULES = ["cells", "rows", "none"];
/** Evaluation forms (scripts/make_eval_form.py): 3–5 A4 pages of small ruled cells, ten fonts, vertical labels. */
const form = (dir, seed) => {
  const file = path.join(dir, `form-${seed}.pdf`);
  generate("make_eval_form.py", [file, "--seed", String(seed), "--pages", String(3 + (seed % 3)), "--rules", RULES[seed % 3]]);
  return file;
};
/** A sheet written with a non-embedded CID font and a predefined CMap (scripts/make_cid_pdf.py). */
const CID_TRUTHS = ["ueda-r2", "toshi-r5", "kosodate-r4"];
const CID_CMAPS = ["90ms-RKSJ-H", "UniJIS-UCS2-H"];
const CID_PAPERS = ["A4L", "A3P"];
const cidSheet = (dir, k) => {
  const truth = CID_TRUTHS[k % 3];
  const cmap = CID_CMAPS[Math.floor(k / 3) % 2];
  const paper = CID_PAPERS[Math.floor(k / 6) % 2];
  const file = path.join(dir, `${truth}-cid-${cmap}-${paper}.pdf`);
  generate("make_cid_pdf.py", [path.join(root, "scripts", "fixtures", `${truth}.truth.json`), file, "--cmap", cmap, "--paper", paper, "--repeat-header"]);
  return file;
};

/** 20 evaluation forms (76 pages): hundreds of small ruled cells (or rows only, or none), ten embedded fonts, Identity-V labels. */
const forms = () => generated("forms", (dir) => Array.from({ length: 20 }, (_, i) => form(dir, i + 1)));

/** A 408-page A3 budget book with fonts of its own on every page (scripts/make_font_book.py: about 1,000 subsets). */
const fontBook = () =>
  generated("font-book", (dir) => {
    const file = path.join(dir, "font-book-408p.pdf");
    generate("make_font_book.py", [file, "--pages", "408"]);
    return [file];
  });

/**
 * 40 sheet PDFs, 12 of them with non-embedded CID fonts (90ms-RKSJ-H, UniJIS-UCS2-H; the three
 * truths of the sheet form on A4 landscape and A3 portrait), the rest the samples' other renderings
 * repeated (Calc, Writer, Chromium with embedded fonts).
 */
const cidSheets = () =>
  generated("cid-sheets", (dir) => {
    const files = Array.from({ length: 12 }, (_, k) => cidSheet(dir, k));
    const others = fs.readdirSync(path.join(root, "samples")).filter((f) => f.endsWith(".pdf") && !f.includes("-cid-")).sort();
    for (let k = 0; files.length < 40; k++) {
      const f = others[k % others.length];
      const file = path.join(dir, `${path.basename(f, ".pdf")}-${Math.floor(k / others.length) + 1}.pdf`);
      fs.copyFileSync(path.join(root, "samples", f), file);
      files.push(file);
    }
    return files;
  });

/**
 * 40 documents of a city's archive, none a clean sheet of the kind the README's samples are: 16
 * evaluation forms, 8 books with fonts of their own on every page (24–80 pages), 2 dense budget
 * books of 60 pages (one non-embedded font), 4 scans (scripts/make_scan_pdf.py), 2 text layers
 * without a usable ToUnicode map, and 8 sheets with non-embedded CID fonts.
 */
const mixed = () =>
  generated("mixed", (dir) => {
    const files = Array.from({ length: 16 }, (_, i) => form(dir, 101 + i));
    for (let i = 0; i < 8; i++) {
      const file = path.join(dir, `font-book-${i + 1}.pdf`);
      generate("make_font_book.py", [file, "--pages", String(24 + 8 * i)]);
      files.push(file);
    }
    for (let i = 0; i < 2; i++) {
      const file = path.join(dir, `dense-book-${i + 1}.pdf`);
      generate("make_dense_book.py", [file, "--pages", "60"]);
      files.push(file);
    }
    for (let i = 0; i < 4; i++) {
      const file = path.join(dir, `scan-${i + 1}.pdf`);
      generate("make_scan_pdf.py", [file, "--pages", String(2 + i), "--seed", String(i + 1)]);
      files.push(file);
    }
    for (let i = 0; i < 2; i++) {
      const file = path.join(dir, `no-tounicode-${i + 1}.pdf`);
      generate("make_cid_pdf.py", [path.join(root, "scripts", "fixtures", `${CID_TRUTHS[i]}.truth.json`), file, "--cmap", "Identity-H"]);
      files.push(file);
    }
    for (let k = 0; k < 8; k++) files.push(cidSheet(dir, k + 2));
    return files;
  });

const PEERS = [
  ["pdftotext", "pdftotext", (f) => ["-layout", f, "/dev/null"]],
  ["pdf2txt", "pdf2txt", (f) => ["-o", "/dev/null", f]],
];

const CORPORA = [
  ["sheets", `sheets ×${copies}`, () => corpus(copies)],
  ["sheets4", `sheets ×${copies * 4}`, () => corpus(copies * 4)],
  ["book", "budget book", () => denseBook(400)],
  ["forms", "evaluation forms", forms],
  ["font-book", "font-per-page book", fontBook],
  ["cid-sheets", "sheets, 12 of 40 CID", cidSheets],
  ["mixed", "mixed archive of 40", mixed],
];
const only = values.only?.split(",");
const rows = [];
for (const [name, label, make] of CORPORA) {
  if (only && !only.includes(name)) continue;
  const set = make();
  const ours = runChild(set.dir);
  const s = ours.summary;
  const t = s.times;
  rows.push({ label, tool: "sheet-extract", pages: set.pages, seconds: ours.wall, rss: ours.maxRssMb });
  console.log(`\n${label}: ${set.files.length} PDF${set.files.length === 1 ? "" : "s"}, ${set.pages} pages`);
  const codes = {};
  for (const e of s.errors) codes[e.code] = (codes[e.code] ?? 0) + 1;
  const refused = Object.entries(codes).map(([c, n]) => `${n} ${c}`).join(", ");
  console.log(`  sheet-extract: ${fmt(ours.wall, 2)} s, ${fmt(set.pages / ours.wall)} pages/s, peak RSS ${fmt(ours.maxRssMb, 0)} MB` +
    ` (${s.sheets} sheets, ${s.facts} facts, ${s.succeeded} written, ${s.warned} with warnings, ${s.failed} refused${refused ? `: ${refused}` : ""}; ${s.workers} worker${s.workers === 1 ? "" : "s"})`);
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
