// Every sample against its hand-read expected output (samples/<name>.expected.json), and the
// `check` command over the samples folder.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractDocument } from "../src/pipeline.js";
import { SAMPLES, runCli, tempDir } from "./helpers/cli.js";

const inputs = fs
  .readdirSync(SAMPLES)
  .filter((f) => /\.(txt|pdf)$/.test(f))
  .filter((f) => fs.existsSync(path.join(SAMPLES, `${path.basename(f, path.extname(f))}.expected.json`)));

describe("golden outputs", () => {
  it("has a golden file for every sample input", () => {
    const all = fs.readdirSync(SAMPLES).filter((f) => /\.(txt|pdf)$/.test(f));
    expect(inputs).toEqual(all);
  });

  it.each(inputs)("%s", async (input) => {
    const doc = await extractDocument(fs.readFileSync(path.join(SAMPLES, input)), input);
    const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, `${path.basename(input, path.extname(input))}.expected.json`), "utf8")) as unknown;
    expect(JSON.parse(JSON.stringify(doc))).toEqual(expected);
  });
});

describe("check", () => {
  it("passes on the samples", async () => {
    const r = await runCli(["check", SAMPLES]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fields: (\d+)\/\1 agree \(100\.0%\); threshold 100\.0% — PASS/);
  });

  it("names differing fields and fails under the threshold", async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(SAMPLES, "shogai-h30.txt"), path.join(dir, "s.txt"));
    const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, "shogai-h30.expected.json"), "utf8")) as {
      sheets: Array<{ title: string; items: Array<{ target: string }> }>;
    };
    (expected.sheets[0] as { title: string }).title = "別の目標";
    fs.writeFileSync(path.join(dir, "s.expected.json"), JSON.stringify(expected));
    fs.writeFileSync(path.join(dir, "check.json"), JSON.stringify({ threshold: 0.999 }));
    const r = await runCli(["check", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("DIFF sheets[priority=1].title");
    expect(r.stdout).toContain('want "別の目標"');
    expect(r.stdout).toMatch(/FAIL\n$/);
    const lenient = await runCli(["check", dir, "--threshold", "0.9"]);
    expect(lenient.code).toBe(0);
  });

  it("counts an input that fails to extract as all its fields missed", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "broken.txt"), "");
    fs.copyFileSync(path.join(SAMPLES, "shogai-h30.expected.json"), path.join(dir, "broken.expected.json"));
    const r = await runCli(["check", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\.txt: FAILED EMPTY_FILE/);
  });
});
