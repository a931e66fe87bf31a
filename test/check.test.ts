// check: the character diff, the report formats, and a golden Markdown report.
import fc from "fast-check";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffChars, fieldDiff, formatDiff } from "../src/check/diff.js";
import { SAMPLES, runCli, tempDir } from "./helpers/cli.js";

describe("character diff", () => {
  it.each([
    ["abc", "abc", "abc", "equal texts"],
    ["", "abc", "{+abc+}", "all added"],
    ["abc", "", "[-abc-]", "all removed"],
    ["12.8%減少", "12.3%減少", "12.[-8-]{+3+}%減少", "one character changed"],
    ["寄附件数：24,679件", "寄附件数：24679件", "寄附件数：24[-,-]679件", "a separator lost"],
    ["○住民自治組織の設立", "住民自治組織の設立", "[-○-]住民自治組織の設立", "a marker lost"],
  ])("%s → %s", (a, b, want) => {
    expect(formatDiff(diffChars(a, b))).toBe(want);
  });

  it("cuts long unchanged runs to their ends", () => {
    const a = `${"あ".repeat(50)}X${"い".repeat(50)}`;
    const b = `${"あ".repeat(50)}Y${"い".repeat(50)}`;
    expect(formatDiff(diffChars(a, b), 3)).toBe("…あああ[-X-]{+Y+}いいい…");
  });

  it("ignores white space, as check does", () => {
    expect(fieldDiff("年度末\nまで", "年度末 まで")).toBe("年度末まで");
  });

  it("is an edit script: it rebuilds both texts, with no more edits than the texts' lengths", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const segs = diffChars(a, b);
        const left = segs.filter((s) => s.op !== "+").map((s) => s.text).join("");
        const right = segs.filter((s) => s.op !== "-").map((s) => s.text).join("");
        const edits = segs.filter((s) => s.op !== "=").reduce((n, s) => n + [...s.text].length, 0);
        return left === a && right === b && edits <= [...a].length + [...b].length;
      }),
    );
  });
});

describe("report formats", () => {
  function scenario(): string {
    const dir = tempDir();
    fs.copyFileSync(path.join(SAMPLES, "shogai-h30.txt"), path.join(dir, "shogai-h30.txt"));
    const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, "shogai-h30.expected.json"), "utf8")) as {
      sheets: Array<{ title: string; situation: string; items: Array<{ target: string }> }>;
    };
    const [first, second] = expected.sheets;
    if (!first || !second?.items[0]) throw new Error("fixture changed");
    first.title = "別の目標";
    first.situation = first.situation.replace("12.3%", "12.8%");
    second.items[0].target = "修理事業費 1,300万円";
    fs.writeFileSync(path.join(dir, "shogai-h30.expected.json"), JSON.stringify(expected));
    // The same sheets with an extra 担当 column: every field agrees, and the report says what was left over.
    fs.copyFileSync(path.join(import.meta.dirname, "fixtures", "warnings", "extra-column-end.txt"), path.join(dir, "with-extra-column.txt"));
    fs.copyFileSync(path.join(SAMPLES, "shogai-h30.expected.json"), path.join(dir, "with-extra-column.expected.json"));
    return dir;
  }

  it("writes the golden Markdown report (test/golden/check-report.md)", async () => {
    const r = await runCli(["check", scenario(), "--format", "markdown"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(fs.readFileSync(path.join(import.meta.dirname, "golden", "check-report.md"), "utf8"));
  });

  it("writes JSON a CI job can read", async () => {
    const r = await runCli(["check", scenario(), "--format", "json"]);
    const report = JSON.parse(r.stdout) as {
      passed: boolean;
      matched: number;
      total: number;
      documents: Array<{ input: string; groups: Record<string, { matched: number; total: number }>; differences: Array<{ path: string; diff?: string }> }>;
    };
    expect(report.passed).toBe(false);
    expect(report.total - report.matched).toBe(3);
    expect(report.documents[0]?.groups.header).toEqual({ matched: 8, total: 10 });
    expect(report.documents[0]?.differences.map((d) => d.path)).toEqual([
      "sheets[priority=1].title",
      "sheets[priority=1].situation",
      "sheets[priority=2].items[no=1].target",
    ]);
    expect(report.documents[0]?.differences[1]?.diff).toContain("12.[-8-]{+3+}%");
    expect(report.documents[1]).toMatchObject({ input: "with-extra-column.txt", differences: [], warnings: [{ code: "UNASSIGNED_TEXT" }, { code: "UNASSIGNED_TEXT" }] });
    expect((report.documents[1] as unknown as { coverage: number }).coverage).toBeLessThan(1);
  });

  it("lists warnings and coverage per document in text", async () => {
    const r = await runCli(["check", scenario()]);
    expect(r.stdout).toMatch(/with-extra-column\.txt: \d+\/\d+ fields agree \(100\.0%\) — .*; coverage 98\.7%, 2 warnings\n  WARN UNASSIGNED_TEXT \(line 12\): text in no field: 「公民館係」\n/);
    expect(r.stdout).toMatch(/shogai-h30\.txt: .*; coverage 100\.0%, 0 warnings\n/);
  });

  it("orders a folder without expected files by doubt (triage)", async () => {
    const dir = tempDir();
    const warnings = path.join(import.meta.dirname, "fixtures", "warnings");
    fs.copyFileSync(path.join(SAMPLES, "shogai-h30.txt"), path.join(dir, "a-clean.txt"));
    fs.copyFileSync(path.join(warnings, "item-gap.txt"), path.join(dir, "b-one-warning.txt"));
    fs.copyFileSync(path.join(warnings, "missing-fields.txt"), path.join(dir, "c-three-warnings.txt"));
    fs.copyFileSync(path.join(warnings, "extra-column-end.txt"), path.join(dir, "d-unplaced.txt"));
    fs.writeFileSync(path.join(dir, "e-empty.txt"), "");
    const r = await runCli(["check", dir]);
    expect(r.code).toBe(0);
    const order = [...r.stdout.matchAll(/^\d+\. (\S+):/gm)].map((m) => m[1]);
    expect(order).toEqual(["e-empty.txt", "c-three-warnings.txt", "d-unplaced.txt", "b-one-warning.txt", "a-clean.txt"]);
    expect(r.stdout).toContain("4 of 5 documents failed or carry warnings.");
    const json = JSON.parse((await runCli(["check", dir, "--format", "json"])).stdout) as { documents: Array<{ input: string; coverage: number | null }> };
    expect(json.documents[0]).toMatchObject({ input: "e-empty.txt", coverage: null });
  });

  it("rejects an unknown format", async () => {
    const r = await runCli(["check", SAMPLES, "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--format takes text, markdown, json");
  });
});
