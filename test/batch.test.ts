// The batch at scale: the same bytes at any concurrency and input order, per-file time and memory
// limits, resume, shards, progress.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inShard, type InputFile } from "../src/batch/inputs.js";
import { ProgressDisplay, formatDuration } from "../src/batch/progress.js";
import { ROOT, SAMPLES, readJsonl, runCli, tempDir } from "./helpers/cli.js";

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f)).toString("base64")]),
  );
}

const inputs = fs
  .readdirSync(SAMPLES)
  .filter((f) => /\.(txt|pdf)$/.test(f))
  .map((f) => path.join(SAMPLES, f));

describe("determinism", () => {
  it("writes byte-identical outputs at any concurrency and in any input order", async () => {
    const a = tempDir();
    const b = tempDir();
    const ra = await runCli(["extract", ...inputs, "--out", a, "--format", "json,jsonl,csv", "--concurrency", "1", "--quiet"]);
    const rb = await runCli(["extract", ...[...inputs].reverse(), "--out", b, "--format", "json,jsonl,csv", "--concurrency", "2", "--quiet"]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const sa = snapshot(a);
    expect(Object.keys(sa).length).toBe(inputs.length + 7); // + sheets.jsonl, 4 CSV tables, errors.jsonl, the state file
    expect(snapshot(b)).toEqual(sa);
    expect(ra.stdout).toMatch(/ on 1 worker\)/);
    expect(rb.stdout).toMatch(/ on 2 workers\)/);
  });

  it("reads a short batch on one worker by default (another would not pay for its start), with the same bytes", async () => {
    const a = tempDir();
    const b = tempDir();
    const ra = await runCli(["extract", ...inputs, "--out", a, "--format", "json,jsonl,csv", "--concurrency", "3", "--quiet"]);
    const rb = await runCli(["extract", ...inputs, "--out", b, "--format", "json,jsonl,csv", "--quiet"]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    expect(ra.stdout).toMatch(/ on 3 workers\)/);
    expect(rb.stdout).toMatch(/ on 1 worker\)/);
    expect(snapshot(b)).toEqual(snapshot(a));
  });
});

describe("limits", () => {
  it("stops a file that runs over the time limit and goes on with the rest", async () => {
    // A dump of 300 copies takes some ten seconds to read; the small one a fraction of the limit,
    // even in the fresh worker that replaces the stopped one on a loaded machine. The small one was
    // posted to the same worker behind the big one (pool.ts: FILES_PER_WORKER); it is read by the
    // replacement, not failed with it.
    const dir = tempDir();
    const slow = path.join(dir, "slow.txt");
    fs.writeFileSync(slow, fs.readFileSync(path.join(SAMPLES, "ueda-r2.txt"), "utf8").repeat(300));
    const out = tempDir();
    const r = await runCli(["extract", slow, path.join(SAMPLES, "shogai-h30.txt"), "--out", out, "--timeout", "2", "--concurrency", "1"]);
    expect(r.code).toBe(1);
    expect(readJsonl(path.join(out, "errors.jsonl"))).toEqual([
      { file: expect.stringContaining("slow.txt"), code: "TIMEOUT", message: expect.stringContaining("2 s") },
    ]);
    expect(fs.existsSync(path.join(out, "shogai-h30.json"))).toBe(true);
  });

  it("stops a file that needs more memory than allowed, replaces its worker and goes on", async () => {
    const dir = tempDir();
    const big = path.join(dir, "big.txt");
    fs.writeFileSync(big, fs.readFileSync(path.join(SAMPLES, "ueda-r2.txt"), "utf8").repeat(300));
    const out = tempDir();
    const r = await runCli(["extract", big, path.join(SAMPLES, "shogai-h30.txt"), "--out", out, "--max-memory", "32", "--concurrency", "1"]);
    expect(r.code).toBe(1);
    expect(readJsonl(path.join(out, "errors.jsonl"))).toEqual([
      { file: expect.stringContaining("big.txt"), code: "TOO_LARGE", message: expect.stringContaining("32 MiB") },
    ]);
    expect(fs.existsSync(path.join(out, "shogai-h30.json"))).toBe(true);
  });

  it("does not wait for a worker that dies while it starts: its file fails, and warming up returns", async () => {
    // The built pool (its worker script is dist/batch/worker.js). 2 MiB of heap cannot even load pdf.js.
    const { WorkerPool } = (await import(path.join(ROOT, "dist/batch/pool.js"))) as typeof import("../src/batch/pool.js");
    const pool = new WorkerPool({ size: 1, timeoutMs: 30_000, maxMemoryMb: 2, maxBytes: 2 ** 30 });
    try {
      const started = performance.now();
      await pool.warm();
      expect(performance.now() - started).toBeLessThan(20_000);
      const run = await pool.run(path.join(SAMPLES, "shogai-h30.txt"));
      expect(run.reply).toMatchObject({ ok: false, error: { code: "TOO_LARGE" } });
    } finally {
      await pool.close();
    }
  });

  it("refuses files over the size limit without reading them", async () => {
    const out = tempDir();
    const r = await runCli(["extract", path.join(SAMPLES, "ueda-r2.txt"), "--out", out, "--max-file-size", "0.01"]);
    expect(r.code).toBe(1);
    expect(readJsonl(path.join(out, "errors.jsonl"))).toMatchObject([{ code: "TOO_LARGE" }]);
  });
});

describe("the batch always moves", () => {
  it("writes the files queued behind a slow one while it reads, names it, and records failures as they happen", async () => {
    // The built batch (its workers run dist/batch/worker.js, which read this process's environment).
    // slow.txt takes 14 s longer to read (the worker's test hook); the file posted behind it on its
    // worker moves to another after STUCK_MS, and the rest follow there: every other file is done
    // before the slow one is.
    const { runBatch } = (await import(path.join(ROOT, "dist/batch/run.js"))) as typeof import("../src/batch/run.js");
    const { STUCK_MS } = (await import(path.join(ROOT, "dist/batch/pool.js"))) as typeof import("../src/batch/pool.js");
    const dir = tempDir();
    const slow = path.join(dir, "slow.txt");
    // The largest input, so that it is read first.
    fs.writeFileSync(slow, fs.readFileSync(path.join(SAMPLES, "ueda-r2.txt"), "utf8").repeat(3));
    const small = ["shogai-h30.txt", "kosodate-r4.txt", "sanada-h25.txt"].map((f) => path.join(SAMPLES, f));
    const refused = path.join(dir, "memo.txt");
    fs.writeFileSync(refused, "会議録\n出席者 5名\n");
    const out = tempDir();
    const order: string[] = [];
    let errorsWhenSlowDone: unknown[] = [];
    let named = 0;
    process.env.SHEET_EXTRACT_TEST_SLOW = `slow.txt=${STUCK_MS + 4000}`;
    try {
      const summary = await runBatch([slow, refused, ...small], {
        outDir: out,
        onProgress: (e) => {
          order.push(e.file.name);
          if (e.file.name === "slow") errorsWhenSlowDone = readJsonl(path.join(out, "errors.jsonl"));
        },
        onReading: (files) => {
          if (files[0]?.file.endsWith("slow.txt") && files[0].seconds >= 2) named++;
        },
      });
      expect(summary.failed).toBe(1);
      expect(summary.workers).toBe(2);
    } finally {
      delete process.env.SHEET_EXTRACT_TEST_SLOW;
    }
    expect(order).toHaveLength(5);
    expect(order[order.length - 1]).toBe("slow");
    for (const f of ["slow", ...small.map((f) => path.basename(f, ".txt"))]) expect(fs.existsSync(path.join(out, `${f}.json`)), f).toBe(true);
    // The refusal was on disk before the batch ended.
    expect(errorsWhenSlowDone).toEqual([expect.objectContaining({ file: expect.stringContaining("memo.txt"), code: "NOT_A_SHEET" })]);
    expect(named).toBeGreaterThan(0);
  }, 120_000);
});

describe("resume", () => {
  it("skips inputs already written from the same bytes and redoes the ones that changed", async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(SAMPLES, "shogai-h30.txt"), path.join(dir, "a.txt"));
    fs.copyFileSync(path.join(SAMPLES, "kosodate-r4.txt"), path.join(dir, "b.txt"));
    const out = tempDir();
    const first = await runCli(["extract", dir, "--out", out, "--format", "jsonl", "--quiet"]);
    expect(first.stdout).toMatch(/from 2 files, 0 failed/);

    const again = await runCli(["extract", dir, "--out", out, "--format", "jsonl", "--resume", "--quiet"]);
    expect(again.stdout).toMatch(/4 sheets, 8 items, \d+ facts from 2 files \(2 resumed\), 0 failed/);
    expect(readJsonl(path.join(out, "sheets.jsonl"))).toHaveLength(4);

    // b.txt changes: only it is extracted again.
    const changed = fs.readFileSync(path.join(dir, "b.txt"), "latin1").replace("\r\n", "\r\n\r\n");
    fs.writeFileSync(path.join(dir, "b.txt"), changed, "latin1");
    const bBefore = fs.readFileSync(path.join(out, "b.json"), "utf8");
    const third = await runCli(["extract", dir, "--out", out, "--format", "jsonl", "--resume", "--quiet"]);
    expect(third.stdout).toMatch(/from 2 files \(1 resumed\), 0 failed/);
    expect(fs.readFileSync(path.join(out, "b.json"), "utf8")).not.toBe(bBefore);
  });

  it("does not skip without --resume", async () => {
    const out = tempDir();
    const file = path.join(SAMPLES, "shogai-h30.txt");
    await runCli(["extract", file, "--out", out, "--quiet"]);
    const r = await runCli(["extract", file, "--out", out, "--quiet"]);
    expect(r.stdout).not.toContain("resumed");
  });
});

describe("shards", () => {
  it("puts every input in exactly one shard", () => {
    const files: InputFile[] = Array.from({ length: 500 }, (_, i) => ({ path: `/data/${2010 + (i % 10)}/sheet-${i}.pdf`, name: `sheet-${i}` }));
    for (const count of [1, 2, 3, 7]) {
      const counts = new Array<number>(count).fill(0);
      for (const f of files) {
        const owners = Array.from({ length: count }, (_, k) => k + 1).filter((index) => inShard(f, { index, count }, "/data"));
        expect(owners).toHaveLength(1);
        counts[(owners[0] as number) - 1] = (counts[(owners[0] as number) - 1] ?? 0) + 1;
      }
      // and shares them out evenly enough that a scheduler can split work with it
      for (const c of counts) expect(c).toBeGreaterThan((500 / count) * 0.6);
    }
  });

  it("splits a CLI batch into disjoint shares that cover it", async () => {
    const one = tempDir();
    const two = tempDir();
    await runCli(["extract", SAMPLES, "--out", one, "--shard", "1/2", "--quiet"]);
    await runCli(["extract", SAMPLES, "--out", two, "--shard", "2/2", "--quiet"]);
    const docs = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    const a = docs(one);
    const b = docs(two);
    expect(a.filter((f) => b.includes(f))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(inputs.map((f) => `${path.basename(f, path.extname(f))}.json`).sort());
  });
});

describe("progress", () => {
  it("draws files, pages, rate, ETA and failures on a terminal", () => {
    let written = "";
    const tty = { isTTY: true, columns: 120, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const p = new ProgressDisplay(tty, { interval: 0 });
    const file = { path: "/x/a.pdf", name: "a" };
    p.update({ file, done: 1, total: 4, failed: 1, warned: 2, pages: 10, resumed: false });
    p.finish();
    expect(written).toMatch(/^\r1\/4 files, 10 pages, [\d.]+ files\/s, ETA \d+:\d\d, 1 failed, 2 with warnings/);
    expect(written.endsWith("\n")).toBe(true);
  });

  it("names the file that has been reading longest once it has held its worker for seconds", () => {
    let written = "";
    const tty = { isTTY: true, columns: 120, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const p = new ProgressDisplay(tty, { interval: 0 });
    p.update({ file: { path: "/x/a.pdf", name: "a" }, done: 1, total: 3, failed: 0, warned: 0, pages: 2, resumed: false });
    // Under NAME_AFTER_SECONDS nothing is named (a sheet reads in well under a second).
    p.reading([{ file: "archive/book.pdf", seconds: 0.5 }]);
    expect(written).not.toContain("reading");
    p.reading([{ file: "archive/book.pdf", seconds: 75 }, { file: "archive/b.pdf", seconds: 3 }]);
    expect(written.split("\r").pop()).toMatch(/^1\/3 files, 2 pages, .* · reading archive\/book\.pdf \(1:15\)/);
    // The slow file done: its name goes.
    p.reading([]);
    expect(written.split("\r").pop()).not.toContain("reading");
  });

  it("stays silent when not on a terminal", () => {
    let written = "";
    const pipe = { isTTY: false, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const p = new ProgressDisplay(pipe);
    p.update({ file: { path: "/x/a.pdf", name: "a" }, done: 1, total: 1, failed: 0, warned: 0, pages: 1, resumed: false });
    p.finish();
    expect(written).toBe("");
  });

  it("formats durations", () => {
    expect([formatDuration(5), formatDuration(75), formatDuration(3725)]).toEqual(["0:05", "1:15", "1:02:05"]);
  });
});
