#!/usr/bin/env node
// The scanned corpus: every sample PDF scanned by scripts/make_scans.py (seeded) in each variant,
// read by sheet-extract through OCR and scored against the sample's expected document: sheets
// found, character accuracy of the text fields (white space removed) and fields read exactly; then
// pages/s and peak RSS beside tesseract run over each whole page image (the same images, one
// process per CPU).
//
//   node bench/ocr.mjs [--seeds 101,102] [--variants clean-300,degraded-300,degraded-200] [--samples a,b] [--keep DIR]
//   node bench/ocr.mjs --generator 1,3,11 [--cache bench/.cache] [--seeds 101] [--variants clean-300,degraded-200]
//
// Seeds 1–3 are the ones the reader was tuned on; the default seeds are not. --generator scans the
// generality generator's renderings of those seeds (scripts/gen_sheets.py, cached by
// bench/sheets-generality.mjs; its even seeds are the tuning half, odd ones held out) in place of
// the samples, scored against their truths.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "101" },
    variants: { type: "string", default: "clean-300,degraded-300,degraded-200" },
    samples: { type: "string" },
    keep: { type: "string" },
    child: { type: "string", multiple: true },
    out: { type: "string" },
    "skip-peer": { type: "boolean", default: false },
    show: { type: "string", default: "0" },
    generator: { type: "string" },
    cache: { type: "string", default: path.join(root, "bench", ".cache") },
  },
});

if (values.child) {
  const { runBatch } = await import(pathToFileURL(path.join(root, "dist", "index.js")).href);
  // Accuracy is what is measured here (time is reported beside it): a shared machine under load
  // must not turn a slow read into a failed one, as the default 300 s --timeout did for ueda-r2.
  const summary = await runBatch(values.child, { outDir: values.out, formats: ["json"], timeoutSeconds: 3600 });
  process.stdout.write(JSON.stringify({ summary, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const { compareDocuments, characterAccuracy } = await import(pathToFileURL(path.join(root, "dist", "check", "compare.js")).href);
const PY = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const fmt = (n, d = 1) => n.toFixed(d);
const seeds = values.seeds.split(",").map(Number);
// Sources: the sample PDFs (or the generator's renderings), each with the document it should read as.
const generatorDir = () => {
  const dirs = fs.existsSync(values.cache) ? fs.readdirSync(values.cache).filter((d) => d.startsWith("sheetgen-v")).sort() : [];
  if (dirs.length === 0) throw new Error(`--generator: no renderings in ${values.cache} (run bench/sheets-generality.mjs first)`);
  return path.join(values.cache, dirs[dirs.length - 1]);
};
const sources = values.generator
  ? values.generator.split(",").map((s) => {
      const base = path.join(generatorDir(), `seed-${s.trim().padStart(4, "0")}`);
      return { name: path.basename(base), pdf: `${base}.pdf`, expected: `${base}.truth.json` };
    })
  : (values.samples ? values.samples.split(",").map((s) => `${s}.pdf`) : fs.readdirSync(path.join(root, "samples")).filter((f) => f.endsWith(".pdf")))
      .sort()
      .map((f) => ({ name: path.basename(f, ".pdf"), pdf: path.join(root, "samples", f), expected: path.join(root, "samples", `${path.basename(f, ".pdf")}.expected.json`) }));
const samples = sources.map((s) => `${s.name}.pdf`);
const expectedOf = new Map(sources.map((s) => [s.name, s.expected]));
const pdfOf = new Map(sources.map((s) => [`${s.name}.pdf`, s.pdf]));
const work = values.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "sheet-ocr-bench-"));

function pagesOf(file) {
  const m = /Pages:\s+(\d+)/.exec(spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout ?? "");
  return m ? Number(m[1]) : 0;
}

function scans(variant) {
  const [kind, dpi] = variant.split("-");
  const dir = path.join(work, values.generator ? `generator-${variant}` : variant);
  fs.mkdirSync(dir, { recursive: true });
  for (const seed of seeds) {
    const missing = samples.filter((s) => !fs.existsSync(path.join(dir, `${path.basename(s, ".pdf")}-s${seed}.pdf`)));
    if (missing.length === 0) continue;
    const r = spawnSync(PY, [path.join(root, "scripts", "make_scans.py"), dir, ...missing.map((s) => pdfOf.get(s)), "--dpi", dpi, "--variant", kind, "--seed", String(seed), `--suffix=-s${seed}`], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`make_scans.py failed: ${r.stderr}`);
  }
  return dir;
}

/** tesseract over every page image of the scans, one process per CPU at a time: seconds and the largest peak RSS. */
async function wholePage(dir) {
  const images = path.join(work, `${path.basename(dir)}-images`);
  fs.mkdirSync(images, { recursive: true });
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".pdf"))) {
    spawnSync("pdfimages", ["-all", path.join(dir, f), path.join(images, path.basename(f, ".pdf"))]);
  }
  const files = fs.readdirSync(images).map((f) => path.join(images, f)).sort();
  const started = performance.now();
  let next = 0;
  let maxRssMb = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++];
      await new Promise((resolve) => {
        const child = spawn("/usr/bin/time", ["-f", "%M", "tesseract", file, "stdout", "-l", "jpn", "--psm", "3"], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
        let err = "";
        child.stderr.on("data", (d) => (err += d));
        child.on("close", () => {
          maxRssMb = Math.max(maxRssMb, Number(/(\d+)\s*$/.exec(err)?.[1] ?? 0) / 1024);
          resolve();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: os.availableParallelism() }, lane));
  return { seconds: (performance.now() - started) / 1000, pages: files.length, maxRssMb };
}

console.log(`OCR benchmark — ${os.cpus()[0]?.model ?? "cpu"} × ${os.availableParallelism()}, Node ${process.version}, seeds ${seeds.join(", ")}, ${samples.length} ${values.generator ? "generator renderings" : "sample PDFs"}`);
const rows = [];
for (const variant of values.variants.split(",")) {
  const dir = scans(variant);
  // The scans of these sources and seeds only (a --keep folder may hold others).
  const wanted = new Set(samples.flatMap((s) => seeds.map((seed) => `${path.basename(s, ".pdf")}-s${seed}.pdf`)));
  const pdfs = fs.readdirSync(dir).filter((f) => wanted.has(f)).sort();
  const pages = pdfs.reduce((n, f) => n + pagesOf(path.join(dir, f)), 0);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-ocr-out-"));
  const started = performance.now();
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...pdfs.flatMap((f) => ["--child", path.join(dir, f)]), "--out", out], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`OCR benchmark child failed: ${r.stderr}`);
  const { summary, maxRssMb } = JSON.parse(r.stdout);
  let reference = 0;
  let errors = 0;
  let fields = 0;
  let exact = 0;
  let sheetsWanted = 0;
  let sheetsFound = 0;
  let warned = 0;
  const perDoc = [];
  for (const f of pdfs) {
    const sample = f.replace(/-s\d+\.pdf$/, "");
    const expected = JSON.parse(fs.readFileSync(expectedOf.get(sample), "utf8"));
    sheetsWanted += expected.sheets.length;
    const file = path.join(out, f.replace(/\.pdf$/, ".json"));
    // A file that failed reads as no sheet at all: its characters count as lost.
    const failed = !fs.existsSync(file);
    const doc = failed ? { sheets: [], goalIndex: [], warnings: [] } : JSON.parse(fs.readFileSync(file, "utf8"));
    const results = compareDocuments(expected, doc).filter((x) => x.group !== "facts");
    // A sheet is found when an expected sheet was paired with one read (its title field has something).
    sheetsFound += expected.sheets.filter((es, i) => {
      const title = results.filter((x) => x.path.endsWith(".title") && x.want === es.title);
      return title.some((x) => x.got !== undefined);
    }).length;
    const acc = characterAccuracy(results);
    reference += acc.reference;
    errors += acc.errors;
    fields += results.length;
    exact += results.filter((x) => x.ok).length;
    if (doc.warnings.length > 0) warned += 1;
    perDoc.push(`${f}: ${failed ? "failed, " : ""}${fmt(100 * acc.accuracy, 2)} %, ${results.filter((x) => x.ok).length}/${results.length} fields, ${doc.sheets.length}/${expected.sheets.length} sheets`);
    const show = Number(values.show);
    if (show > 0) {
      for (const x of results.filter((y) => !y.ok).slice(0, show)) console.log(`    ${f} ${x.path}\n      want ${JSON.stringify(x.want)?.slice(0, 100)}\n      got  ${JSON.stringify(x.got)?.slice(0, 100)}`);
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
  const accuracy = reference === 0 ? 1 : 1 - errors / reference;
  console.log(`\n${variant}: ${pdfs.length} scans, ${pages} pages`);
  for (const line of perDoc) console.log(`  ${line}`);
  console.log(
    `  sheet-extract: ${fmt(wall, 1)} s, ${fmt(pages / wall, 2)} pages/s, peak RSS ${fmt(maxRssMb, 0)} MB; sheets ${sheetsFound}/${sheetsWanted},` +
      ` characters ${fmt(100 * accuracy, 2)} %, fields exact ${exact}/${fields}, ${summary.failed} failed, ${warned} with warnings`,
  );
  const row = { variant, pages, wall, maxRssMb, sheetsFound, sheetsWanted, accuracy, exact, fields };
  if (!values["skip-peer"]) {
    const peer = await wholePage(dir);
    row.peer = peer;
    console.log(`  tesseract whole page (psm 3): ${fmt(peer.seconds, 1)} s, ${fmt(peer.pages / peer.seconds, 2)} pages/s, peak RSS ${fmt(peer.maxRssMb, 0)} MB per process`);
  }
  rows.push(row);
}
console.log("\n| scans | pages | sheets found | characters | fields exact | pages/s | peak RSS | tesseract whole page: pages/s, RSS |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.variant} | ${r.pages} | ${r.sheetsFound}/${r.sheetsWanted} | ${fmt(100 * r.accuracy, 2)} % | ${r.exact}/${r.fields} | ${fmt(r.pages / r.wall, 2)} | ${fmt(r.maxRssMb, 0)} MB |` +
      ` ${r.peer ? `${fmt(r.peer.pages / r.peer.seconds, 2)}, ${fmt(r.peer.maxRssMb, 0)} MB` : "—"} |`,
  );
}
if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
