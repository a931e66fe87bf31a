// Edges a batch meets in the field: output folders that cannot be written, files that are not
// PDFs under a .pdf name, cells Excel would run as formulas, warehouse targets that are wrong, and
// the command line's usage errors.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SheetDocument } from "../src/model/index.js";
import { neutralizeFormula } from "../src/export/csv.js";
import { CLI, ROOT, SAMPLES, runCli, tempDir } from "./helpers/cli.js";
import { spawnSync } from "node:child_process";
import { parse } from "fast-csv";

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const SAMPLE = path.join(SAMPLES, "shogai-h30.txt");
const asRoot = process.getuid?.() === 0;

/** Runs the CLI as the unprivileged user nobody (root ignores file permissions). */
function runAsNobody(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, uid: 65534, gid: 65534, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr };
}

/** A folder nobody can read and search (temp folders are made private). */
function openDir(): string {
  const dir = tempDir();
  fs.chmodSync(dir, 0o755);
  return dir;
}

describe("the output folder", () => {
  it("fails at once with WRITE_FAILED and exit 2 when --out names a file, reading nothing", async () => {
    const file = path.join(tempDir(), "out.txt");
    fs.writeFileSync(file, "not a folder");
    const started = performance.now();
    const r = await runCli(["extract", SAMPLE, path.join(SAMPLES, "ueda-r2-html.pdf"), "--out", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sheet-extract: WRITE_FAILED: cannot write to ${file}: a file of that name is in the way (EEXIST)\n`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(fs.readFileSync(file, "utf8")).toBe("not a folder");
  });

  it.skipIf(!asRoot)("fails with WRITE_FAILED for a read-only folder, as a normal user", () => {
    const dir = openDir();
    const out = path.join(dir, "readonly");
    fs.mkdirSync(out, { mode: 0o555 });
    fs.chmodSync(out, 0o555);
    const r = runAsNobody(["extract", SAMPLE, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`WRITE_FAILED: cannot write to ${out}: permission denied (EACCES)`);
    expect(fs.readdirSync(out)).toEqual([]);
    const review = runAsNobody(["review", SAMPLE, "--out", out]);
    expect(review.code).toBe(2);
    expect(review.stderr).toContain("WRITE_FAILED");
  });

  it("fails one document with WRITE_FAILED when its output cannot be written, and goes on", async () => {
    const out = tempDir();
    // A folder where shogai-h30.json should go: the rename onto it fails, as a file removed or a
    // full disk would make it fail, after the input was read.
    fs.mkdirSync(path.join(out, "shogai-h30.json"));
    fs.writeFileSync(path.join(out, "shogai-h30.json", "keep"), "");
    const r = await runCli(["extract", SAMPLE, path.join(SAMPLES, "kosodate-r4.txt"), "--out", out, "--quiet"]);
    expect(r.code).toBe(1);
    const errors = fs.readFileSync(path.join(out, "errors.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { file: string; code: string; message: string });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "WRITE_FAILED" });
    expect(errors[0]?.message).toContain("shogai-h30.json");
    expect(fs.existsSync(path.join(out, "kosodate-r4.json"))).toBe(true);
    expect(r.stdout).toMatch(/from 1 file, 1 failed/);
  });

  it("leaves no output folder behind when the warehouse cannot be opened", async () => {
    const dir = tempDir();
    const notDb = path.join(dir, "not.duckdb");
    fs.writeFileSync(notDb, "this is not a database");
    const out = path.join(dir, "out");
    const r = await runCli(["extract", SAMPLE, "--out", out, "--db", notDb]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DB_NOT_A_DATABASE");
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("files that are not PDFs under a .pdf name", () => {
  it.each([
    ["scan-renamed.pdf", "a PNG image"],
    ["workbook-renamed.pdf", "an Excel workbook (.xlsx)"],
    ["document-renamed.pdf", "a Word document (.docx)"],
    ["archive.pdf", "a ZIP archive"],
  ])("%s is UNSUPPORTED_FORMAT naming %s", async (name, what) => {
    const out = tempDir();
    const r = await runCli(["extract", path.join(FIXTURES, "foreign", name), SAMPLE, "--out", out, "--quiet"]);
    expect(r.code).toBe(1);
    const [error] = fs.readFileSync(path.join(out, "errors.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { code: string; message: string });
    expect(error).toMatchObject({ code: "UNSUPPORTED_FORMAT" });
    expect(error?.message).toContain(`this is ${what}`);
    if (name.startsWith("workbook")) expect(error?.message).toContain("print it to PDF");
    expect(fs.existsSync(path.join(out, "shogai-h30.json"))).toBe(true);
  });
});

describe("CSV cells Excel would run", () => {
  it("neutralizes = + - @ tab and CR at a text cell's start, and leaves numbers alone", () => {
    expect(["=1+1", "+81", "-5件", "@SUM(A1)", "\tx", "\rx", "通年", "", "a=b"].map(neutralizeFormula)).toEqual([
      "'=1+1", "'+81", "'-5件", "'@SUM(A1)", "'\tx", "'\rx", "通年", "", "a=b",
    ]);
    expect([neutralizeFormula(-5), neutralizeFormula(null)]).toEqual([-5, null]);
  });

  it("neutralizes the full-width ＝ ＋ － ＠ and = + - @ after spaces, tabs or U+3000, which Excel and LibreOffice also run", () => {
    expect(["＝1+1", "＋81", "－5件", "＠SUM(A1)", " =1+1", "  +81", "\t-5", "\u3000@SUM(A1)", " ＝A1", "a ＝ b", "－", "通年 =1"].map(neutralizeFormula)).toEqual([
      "'＝1+1", "'＋81", "'－5件", "'＠SUM(A1)", "' =1+1", "'  +81", "'\t-5", "'\u3000@SUM(A1)", "' ＝A1", "a ＝ b", "'－", "通年 =1",
    ]);
  });

  it("writes no text cell that starts like a formula, read back through a CSV parser (fields and a file name)", async () => {
    const dir = tempDir();
    const shogai = fs.readFileSync(path.join(SAMPLES, "shogai-h30.txt"), "utf8");
    const cells = shogai
      .replace("生涯学習の推進と公民館活動の活性化\t", "＝HYPERLINK(\"http://example.invalid/\")\t")
      .replace("誰もが学び続けられる環境をつくり、地域の担い手を育てます。", "＠SUM(1+1) 誰もが")
      .replace("H30.4月～H31.3月", "＋3館")
      .replace("若者向け講座 年10講座以上", "－5件");
    // A file name that starts with a space and =: it is the source_file of every row.
    const input = path.join(dir, " =cmd|' -C calc'!A0.txt");
    fs.writeFileSync(input, cells);
    const out = tempDir();
    expect((await runCli(["extract", input, "--out", out, "--format", "csv", "--quiet"])).code).toBe(0);
    const formula = /^(?:[\t\r]|[\s\u3000]*[=+\-@＝＋－＠])/u;
    const numeric = new Set(["fiscal_year", "priority", "no", "value", "page", "line"]);
    let seen = 0;
    for (const table of ["sheets", "items", "facts", "warnings"]) {
      const rows = await new Promise<Array<Record<string, string>>>((resolve, reject) => {
        const got: Array<Record<string, string>> = [];
        fs.createReadStream(path.join(out, `${table}.csv`))
          .pipe(parse({ headers: (h) => h.map((x) => x?.replace(/^\ufeff/u, "")) }))
          .on("data", (row: Record<string, string>) => got.push(row))
          .on("error", reject)
          .on("end", () => resolve(got));
      });
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (numeric.has(column) || value === "") continue;
          expect(formula.test(value), `${table}.${column}: ${value}`).toBe(false);
          if (value.startsWith("'") && formula.test(value.slice(1))) seen++;
        }
      }
    }
    // The title, the purpose, the period, the target and the file name (on every sheet row) were neutralized.
    expect(seen).toBeGreaterThanOrEqual(6);
  });

  it("writes a leading ' by default, raw values with --csv-raw, and JSON as printed", async () => {
    const input = path.join(FIXTURES, "edges", "formula-cells.txt");
    const safe = tempDir();
    const raw = tempDir();
    expect((await runCli(["extract", input, "--out", safe, "--format", "csv", "--quiet"])).code).toBe(0);
    expect((await runCli(["extract", input, "--out", raw, "--format", "csv", "--quiet", "--csv-raw"])).code).toBe(0);
    const items = fs.readFileSync(path.join(safe, "items.csv"), "utf8");
    expect(items).toContain(`,2,"'=HYPERLINK(""http://example.invalid/"",""詳細はこちら"")",`);
    expect(items).toContain(",'+3館に設置完了,");
    expect(fs.readFileSync(path.join(safe, "sheets.csv"), "utf8")).toContain(",'@SUM(1+1) 誰もが");
    expect(fs.readFileSync(path.join(raw, "items.csv"), "utf8")).toContain(`,2,"=HYPERLINK(""http://example.invalid/""`);
    const doc = SheetDocument.parse(JSON.parse(fs.readFileSync(path.join(safe, "formula-cells.json"), "utf8")));
    expect(doc.sheets[0]?.items[1]?.action).toBe('=HYPERLINK("http://example.invalid/","詳細はこちら")');
  });
});

describe("load targets", () => {
  it("exits 1 on a folder with no documents, creating no database", async () => {
    const dir = tempDir();
    const db = path.join(dir, "w.duckdb");
    const empty = path.join(dir, "empty");
    fs.mkdirSync(empty);
    const r = await runCli(["load", empty, "--db", db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("NO_DOCUMENTS");
    expect(fs.existsSync(db)).toBe(false);
  });

  it("names a file that is not a DuckDB database", async () => {
    const out = tempDir();
    await runCli(["extract", SAMPLE, "--out", out, "--quiet"]);
    const notDb = path.join(tempDir(), "notes.duckdb");
    fs.writeFileSync(notDb, "meeting notes");
    const r = await runCli(["load", out, "--db", notDb]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DB_NOT_A_DATABASE");
    expect(fs.readFileSync(notDb, "utf8")).toBe("meeting notes");
  });

  it.skipIf(!asRoot)("names a database in a folder this user cannot write", async () => {
    const dir = openDir();
    const out = path.join(dir, "out");
    await runCli(["extract", SAMPLE, "--out", out, "--quiet"]);
    fs.chmodSync(out, 0o755);
    for (const f of fs.readdirSync(out)) fs.chmodSync(path.join(out, f), 0o644);
    const locked = path.join(dir, "locked");
    fs.mkdirSync(locked, { mode: 0o555 });
    fs.chmodSync(locked, 0o555);
    const r = runAsNobody(["load", out, "--db", path.join(locked, "w.duckdb")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DB_PERMISSION");
  });
});

describe("usage errors", () => {
  it("says 'unknown option' in one line and points to --help", async () => {
    const top = await runCli(["--bogus"]);
    expect([top.code, top.stderr]).toEqual([2, "sheet-extract: unknown option '--bogus'\nRun 'sheet-extract --help' for usage.\n"]);
    const sub = await runCli(["extract", "--bogus", SAMPLE]);
    expect([sub.code, sub.stderr]).toEqual([2, "sheet-extract: unknown option '--bogus'\nRun 'sheet-extract extract --help' for usage.\n"]);
    const missing = await runCli(["extract"]);
    expect(missing.stderr.trim().split("\n")).toHaveLength(2);
  });

  it("prints the help to stderr and exits 2 with no arguments", async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage:");
  });

  it("lists every option of every command in the top-level help", async () => {
    const main = (await runCli(["--help"])).stdout;
    for (const command of ["extract", "check", "normalize", "review", "load", "schema"]) {
      const help = (await runCli([command, "--help"])).stdout;
      const options = [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1] as string);
      expect(options.length, command).toBeGreaterThan(0);
      for (const option of options) expect(main, `${command} ${option}`).toContain(option);
    }
  });
});
