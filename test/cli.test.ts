// The command line as outside checks use it: files written, exit codes, errors, help.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SheetDocument } from "../src/model/index.js";
import { SAMPLES, readJsonl, runCli, tempDir } from "./helpers/cli.js";

describe("extract", () => {
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    out = tempDir();
    result = await runCli(["extract", path.join(SAMPLES, "ueda-r2.txt"), "--out", out, "--format", "json,jsonl,csv"]);
  });

  it("exits 0 and ends with a one-line summary", () => {
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toMatch(/^7 sheets, 25 items, \d+ facts from 1 file, 0 failed, 0 with warnings/);
  });

  it("writes the document, the JSONL, the three tables and an empty error log", () => {
    expect(fs.readdirSync(out).filter((f) => !f.startsWith(".")).sort()).toEqual(["errors.jsonl", "facts.csv", "items.csv", "sheets.csv", "sheets.jsonl", "ueda-r2.json", "warnings.csv"]);
    expect(fs.readFileSync(path.join(out, "errors.jsonl"), "utf8")).toBe("");
    const doc = SheetDocument.parse(JSON.parse(fs.readFileSync(path.join(out, "ueda-r2.json"), "utf8")));
    expect(doc.source).toMatchObject({ file: "ueda-r2.txt", format: "text" });
    expect(doc.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    const lines = readJsonl(path.join(out, "sheets.jsonl")) as Array<Record<string, unknown>>;
    expect(lines).toHaveLength(7);
    expect(lines.map((l) => l.id)).toEqual(doc.sheets.map((s) => s.id));
    expect(lines[0]).toMatchObject({ schemaVersion: 3, fiscalYear: 2020, source: { file: "ueda-r2.txt" } });
  });

  it("gives sheets ids that depend only on the input bytes", async () => {
    const again = tempDir();
    const copy = path.join(tempDir(), "renamed.txt");
    fs.copyFileSync(path.join(SAMPLES, "ueda-r2.txt"), copy);
    await runCli(["extract", copy, "--out", again, "--quiet"]);
    const a = JSON.parse(fs.readFileSync(path.join(out, "ueda-r2.json"), "utf8")) as { sheets: Array<{ id: string }> };
    const b = JSON.parse(fs.readFileSync(path.join(again, "renamed.json"), "utf8")) as { sheets: Array<{ id: string }> };
    expect(b.sheets.map((s) => s.id)).toEqual(a.sheets.map((s) => s.id));
    expect(new Set(a.sheets.map((s) => s.id)).size).toBe(7);
  });

  it("writes the same bytes on a second run", async () => {
    const again = tempDir();
    await runCli(["extract", path.join(SAMPLES, "ueda-r2.txt"), "--out", again, "--format", "json,jsonl,csv"]);
    for (const f of fs.readdirSync(out)) {
      expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
    }
  });
});

describe("warnings in a batch", () => {
  const FIXTURES = path.join(import.meta.dirname, "fixtures", "warnings");
  const inputs = [path.join(SAMPLES, "shogai-h30.txt"), path.join(FIXTURES, "extra-column-end.txt"), path.join(FIXTURES, "item-gap.txt")];

  it("counts documents with warnings, writes warnings.csv, and exits 1 on them only with --strict", async () => {
    const out = tempDir();
    const r = await runCli(["extract", ...inputs, "--out", out, "--format", "csv", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/from 3 files, 0 failed, 2 with warnings/);
    const csv = fs.readFileSync(path.join(out, "warnings.csv"), "utf8");
    expect(csv.startsWith("\ufeffsource_file,sheet_id,code,field,page,line,message\r\n")).toBe(true);
    const rows = csv.trimEnd().split("\r\n").slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^extra-column-end\.txt,[0-9a-f]{16}-1,UNASSIGNED_TEXT,,,12,text in no field: 「公民館係」$/);
    expect(rows[2]).toMatch(/^item-gap\.txt,[0-9a-f]{16}-1,ITEM_SEQUENCE,,,12,/);
    const strict = await runCli(["extract", ...inputs, "--out", tempDir(), "--strict", "--quiet"]);
    expect(strict.code).toBe(1);
    const clean = await runCli(["extract", inputs[0] as string, "--out", tempDir(), "--strict", "--quiet"]);
    expect(clean.code).toBe(0);
  });
});

describe("inputs", () => {
  it("takes folders recursively and globs", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "a", "b"), { recursive: true });
    fs.copyFileSync(path.join(SAMPLES, "ueda-r2.txt"), path.join(dir, "a", "b", "one.txt"));
    fs.copyFileSync(path.join(SAMPLES, "ueda-r2.txt"), path.join(dir, "a", "two.txt"));
    fs.writeFileSync(path.join(dir, "a", "notes.md"), "not an input");
    const out1 = tempDir();
    const r1 = await runCli(["extract", dir, "--out", out1, "--quiet"]);
    expect(r1.code).toBe(0);
    expect(fs.readdirSync(out1).filter((f) => !f.startsWith(".")).sort()).toEqual(["errors.jsonl", "one.json", "two.json"]);
    const out2 = tempDir();
    const r2 = await runCli(["extract", `${dir}/**/t*.txt`, "--out", out2, "--quiet"]);
    expect(r2.code).toBe(0);
    expect(fs.readdirSync(out2).filter((f) => !f.startsWith(".")).sort()).toEqual(["errors.jsonl", "two.json"]);
  });

  it("gives inputs with the same name distinct outputs", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "2020"));
    fs.mkdirSync(path.join(dir, "2021"));
    fs.copyFileSync(path.join(SAMPLES, "ueda-r2.txt"), path.join(dir, "2020", "sheet.txt"));
    fs.copyFileSync(path.join(SAMPLES, "shogai-h30.txt"), path.join(dir, "2021", "sheet.txt"));
    const out = tempDir();
    await runCli(["extract", dir, "--out", out, "--quiet"]);
    const first = JSON.parse(fs.readFileSync(path.join(out, "sheet.json"), "utf8")) as SheetDocument;
    const second = JSON.parse(fs.readFileSync(path.join(out, "sheet-2.json"), "utf8")) as SheetDocument;
    expect([first.fiscalYear, second.fiscalYear]).toEqual([2020, 2018]);
  });
});

describe("bad inputs", () => {
  it("records each failure with a code, writes the rest and exits 1", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "empty.txt"), "");
    fs.writeFileSync(path.join(dir, "binary.txt"), Buffer.from([0x00, 0x01, 0x02, 0xff]));
    fs.writeFileSync(path.join(dir, "memo.txt"), "会議のメモ\n重点目標ではない文書です。\n");
    fs.writeFileSync(path.join(dir, "latin1.txt"), Buffer.from([0x82, 0xff, 0xfe, 0x80, 0xa0, 0xff]));
    fs.copyFileSync(path.join(SAMPLES, "ueda-r2.txt"), path.join(dir, "good.txt"));
    const out = tempDir();
    const r = await runCli(["extract", dir, path.join(dir, "missing.txt"), "--out", out]);
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(out, "good.json"))).toBe(true);
    const errors = readJsonl(path.join(out, "errors.jsonl")) as Array<{ file: string; code: string; message: string }>;
    const byName = Object.fromEntries(errors.map((e) => [path.basename(e.file), e.code]));
    expect(byName).toEqual({
      "binary.txt": "UNSUPPORTED_FORMAT",
      "empty.txt": "EMPTY_FILE",
      "latin1.txt": "UNSUPPORTED_ENCODING",
      "memo.txt": "NOT_A_SHEET",
      "missing.txt": "READ_FAILED",
    });
    for (const e of errors) expect(e.message.length).toBeGreaterThan(5);
    expect(r.stderr).toContain("memo.txt");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack traces
    expect(r.stdout).toMatch(/from 1 file, 5 failed/);
  });
});

describe("usage", () => {
  it.each([
    [["extract"], /needs at least one input/],
    [["extract", "x.txt", "--bogus"], /unknown option '--bogus'/],
    [["extract", "x.txt", "--format", "xml"], /unknown format "xml"/],
    [["extract", "x.txt", "--concurrency", "0"], /--concurrency takes a whole number/],
    [["extract", "x.txt", "--fiscal-year", "R2"], /--fiscal-year takes a western year/],
    [["extract", "x.txt", "--shard", "3/2"], /--shard takes K\/N/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["check"], /check takes one folder/],
    [["schema", "extra"], /schema takes no arguments/],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each(["extract", "check", "normalize", "schema", "review", "load"])("%s --help prints its usage", async (command) => {
    const r = await runCli([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`sheet-extract ${command}`);
  });
});
