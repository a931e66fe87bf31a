// Damaged PDFs, never silent: writes seeded mutants of the sample PDFs of every kind
// (test/helpers/mutants.ts), extracts them as one batch with the built CLI, and reports per kind
// how many failed (by code), read exactly, read differently with a warning, and read differently
// with none: the silent ones, each with the first field that differs. Exit 1 when any is silent.
//   npm run build && npx tsx scripts/damaged-survey.ts OUT_DIR [PER_SAMPLE=36] [SEED_BASE=1000]
// A different SEED_BASE gives mutants unseen by test/damaged.test.ts (which runs base 0 and a
// fixed list of aimed ones).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ALL_KINDS, firstDifference, mutantOrigin, mutants, readingOf, type MutationKind } from "../test/helpers/mutants.js";

const [outDir, perSample = "36", seedBase = "1000"] = process.argv.slice(2);
if (!outDir) {
  process.stderr.write("usage: npx tsx scripts/damaged-survey.ts OUT_DIR [PER_SAMPLE] [SEED_BASE]\n");
  process.exit(2);
}
const root = path.join(import.meta.dirname, "..");
const samples = path.join(root, "samples");
const cli = path.join(root, "dist", "cli.js");
const names = fs.readdirSync(samples).filter((f) => f.endsWith(".pdf")).sort();
const inputs = path.join(outDir, "in");
const out = path.join(outDir, "out");
const reference = path.join(outDir, "reference");
for (const d of [inputs, out, reference]) {
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(d, { recursive: true });
}
const all = mutants(names.map((f): [string, Uint8Array] => [f, fs.readFileSync(path.join(samples, f))]), Number(perSample), {
  kinds: ALL_KINDS,
  seedBase: Number(seedBase),
});
for (const [name, bytes] of all) fs.writeFileSync(path.join(inputs, name), bytes);

const extract = (dir: string, to: string): void => {
  const r = spawnSync(process.execPath, [cli, "extract", dir, "--out", to, "--quiet", "--timeout", "60"], { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`extract ${dir} exited ${r.status}: ${r.stderr}`);
};
extract(samples, reference);
extract(inputs, out);

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
const errors = new Map<string, string>();
for (const line of fs.readFileSync(path.join(out, "errors.jsonl"), "utf8").split("\n").filter(Boolean)) {
  const e = JSON.parse(line) as { file: string; code: string };
  errors.set(path.basename(e.file), e.code);
}
type Tally = { total: number; failed: Record<string, number>; exact: number; warned: number; silent: string[] };
const tally = new Map<MutationKind, Tally>();
for (const [name] of all) {
  const [sample, kind] = mutantOrigin(name)!;
  const t = tally.get(kind) ?? { total: 0, failed: {}, exact: 0, warned: 0, silent: [] };
  tally.set(kind, t);
  t.total += 1;
  const code = errors.get(name);
  if (code) {
    t.failed[code] = (t.failed[code] ?? 0) + 1;
    continue;
  }
  const doc = readJson(path.join(out, name.replace(/\.pdf$/, ".json"))) as Parameters<typeof readingOf>[0] & { warnings: unknown[] };
  const want = readJson(path.join(reference, `${sample}.json`)) as Parameters<typeof readingOf>[0];
  const diff = firstDifference(readingOf(want), readingOf(doc));
  if (!diff) t.exact += 1;
  else if (doc.warnings.length > 0) t.warned += 1;
  else t.silent.push(`${name}: ${diff}`);
}
let silent = 0;
process.stdout.write(`${all.length} mutants of ${names.length} sample PDFs, seeds from ${Number(seedBase) + 1}\n`);
process.stdout.write(`${"kind".padEnd(14)} ${"total".padStart(5)} ${"exact".padStart(5)} ${"warned".padStart(6)} ${"silent".padStart(6)}  failed\n`);
for (const kind of ALL_KINDS) {
  const t = tally.get(kind);
  if (!t) continue;
  silent += t.silent.length;
  const failed = Object.entries(t.failed).map(([c, n]) => `${c} ${n}`).join(", ");
  process.stdout.write(`${kind.padEnd(14)} ${String(t.total).padStart(5)} ${String(t.exact).padStart(5)} ${String(t.warned).padStart(6)} ${String(t.silent.length).padStart(6)}  ${failed}\n`);
}
for (const t of tally.values()) for (const s of t.silent) process.stdout.write(`silent: ${s}\n`);
process.stdout.write(`${silent} read differently with no warning\n`);
process.exit(silent > 0 ? 1 : 0);
