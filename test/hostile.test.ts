// Hostile PDFs (test/helpers/hostile.ts: streams that inflate to gigabytes, gigapixel images,
// 20,000 pages, loops, nesting 10,000 deep) run as one batch through the CLI with a low memory
// limit, beside real sample PDFs: each ends in its code, the process stays within the limit for
// each file read at once plus a fixed overhead, and the samples come out byte-identical to a batch
// without the bombs.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, ROOT, SAMPLES, readJsonl, tempDir } from "./helpers/cli.js";
import { hostilePdfs, type HostilePdf } from "./helpers/hostile.js";

const MAX_MEMORY_MB = 256;
/** What Node, pdf.js's code, the tokenizer and the main thread's work take besides one file's allowance. */
const OVERHEAD_MB = 300;
const SAMPLE_PDFS = ["kosodate-r4-writer.pdf", "toshi-r5-calc-a3p.pdf", "ueda-r2-calc.pdf"];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The process's peak resident set (all threads), MiB. */
  peakMb: number;
}

/** The built CLI with test/helpers/peak-rss.mjs preloaded, which prints the peak RSS as it exits. */
function runMeasured(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", path.join(ROOT, "test/helpers/peak-rss.mjs"), CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const kib = /peak-rss-kib (\d+)\s*$/.exec(stderr);
      resolve({ code, stdout, stderr, peakMb: kib ? Number(kib[1]) / 1024 : Number.NaN });
    });
  });
}

function snapshot(dir: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, fs.readFileSync(path.join(dir, n)).toString("base64")]));
}

describe("hostile PDFs in one batch, --max-memory 256", () => {
  const hostile = hostilePdfs(1);
  let errors: Array<{ file: string; code: string; message: string; page?: number }>;
  let batch: Run;
  let out: string;
  let alone: string;

  beforeAll(async () => {
    const dir = tempDir();
    for (const pdf of hostile) fs.writeFileSync(path.join(dir, pdf.name), pdf.bytes);
    for (const name of SAMPLE_PDFS) fs.copyFileSync(path.join(SAMPLES, name), path.join(dir, name));
    out = tempDir();
    alone = tempDir();
    const limits = ["--max-memory", String(MAX_MEMORY_MB), "--timeout", "30", "--format", "json,jsonl,csv", "--quiet"];
    batch = await runMeasured(["extract", dir, "--out", out, ...limits]);
    await runMeasured(["extract", ...SAMPLE_PDFS.map((n) => path.join(SAMPLES, n)), "--out", alone, ...limits]);
    errors = readJsonl(path.join(out, "errors.jsonl")) as typeof errors;
  }, 180_000);

  it("are small on disk", () => {
    for (const pdf of hostile) expect(pdf.bytes.length, pdf.name).toBeLessThan(5 * 2 ** 20);
  });

  it("each end in their code: the bombs TOO_LARGE, the loops and nesting in what the rest of the file is", () => {
    const codes = Object.fromEntries(errors.map((e) => [path.basename(e.file), e.code]));
    const want = Object.fromEntries(hostile.map((p: HostilePdf) => [p.name, p.expect]));
    expect(codes).toEqual(want);
    expect(hostile.filter((p) => p.expect === "TOO_LARGE").length).toBeGreaterThanOrEqual(10);
    expect(batch.code).toBe(1);
  });

  it("name the stream's object and its page, or the image, or the page count", () => {
    const message = (name: string): { message: string; page?: number } => errors.find((e) => path.basename(e.file) === name) ?? { message: "" };
    // onePage's objects: 1 catalog, 2 pages, 3 the page, 4 its font, then what the bomb adds.
    expect(message("flate-4g.pdf")).toMatchObject({ page: 1, message: expect.stringMatching(/^stream 5 0 R \(on page 1\) decodes to more than the 64 MiB/) });
    expect(message("font-1g.pdf").message).toMatch(/^stream 5 0 R \(on page 1\)/);
    expect(message("objstm-1g.pdf").message).toMatch(/^stream 3 0 R \(while opening the file\)/);
    expect(message("image-60000.pdf")).toMatchObject({ page: 1, message: expect.stringMatching(/^image 5 0 R of 60000×60000 pixels/) });
    expect(message("pages-20000.pdf").message).toMatch(/^the PDF has 20000 pages/);
  });

  // --max-memory is what one file may cost: a batch whose workers read several at once may hold
  // that much for each (auto concurrency grows to the CPUs, and starts one beside a stuck file).
  // On 2 CPUs and 2 workers it peaked at 490-570 MB, on 4 workers at 915 MB: 165 MB a worker more.
  it(`stays within --max-memory for each worker reading + ${OVERHEAD_MB} MB`, () => {
    const workers = Number(/ on (\d+) workers?\)/.exec(batch.stdout)?.[1]);
    expect(workers).toBeGreaterThanOrEqual(1);
    expect(batch.peakMb).toBeGreaterThan(50);
    expect(batch.peakMb).toBeLessThanOrEqual(workers * MAX_MEMORY_MB + OVERHEAD_MB);
  });

  it("writes the sample documents byte for byte as a batch without the bombs does", () => {
    const names = [...SAMPLE_PDFS.map((n) => n.replace(/\.pdf$/, ".json")), "sheets.jsonl", "sheets.csv", "items.csv", "facts.csv", "warnings.csv"];
    expect(snapshot(out, names)).toEqual(snapshot(alone, names));
    expect(fs.readdirSync(out).filter((n) => n.endsWith(".json")).sort()).toEqual(SAMPLE_PDFS.map((n) => n.replace(/\.pdf$/, ".json")).sort());
  });
});

describe("hostile PDFs read on the main thread (review), --max-memory 256", () => {
  it("end TOO_LARGE there too, within the same bound", async () => {
    const bombs = hostilePdfs(2).filter((p) => ["flate-4g.pdf", "flate-nested.pdf", "brotli-1g.pdf", "image-60000.pdf"].includes(p.name));
    const dir = tempDir();
    for (const pdf of bombs) fs.writeFileSync(path.join(dir, pdf.name), pdf.bytes);
    const out = tempDir();
    // review reads and renders in its own thread, where pdf.js inflates with the web DecompressionStream.
    const run = await runMeasured(["review", dir, "--out", out, "--max-memory", String(MAX_MEMORY_MB)]);
    expect(run.code).toBe(1);
    const codes = [...run.stderr.matchAll(/^error: .*?([a-z0-9-]+\.pdf) \(page 1\): (\w+):/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(codes).toEqual(bombs.map((p) => `${p.name} TOO_LARGE`).sort());
    expect(run.peakMb).toBeLessThanOrEqual(MAX_MEMORY_MB + OVERHEAD_MB);
  }, 120_000);
});
