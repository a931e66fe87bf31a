// Writes seeded mutants of the sample PDFs to a folder, for a batch run by hand or by an outside
// check: npx tsx scripts/mutate-pdfs.ts OUT_DIR [PER_SAMPLE=15]
import fs from "node:fs";
import path from "node:path";
import { mutants } from "../test/helpers/mutants.js";

const [outDir, perSample = "15"] = process.argv.slice(2);
if (!outDir) {
  process.stderr.write("usage: npx tsx scripts/mutate-pdfs.ts OUT_DIR [PER_SAMPLE]\n");
  process.exit(2);
}
const samples = path.join(import.meta.dirname, "..", "samples");
const sources = fs
  .readdirSync(samples)
  .filter((f) => f.endsWith(".pdf"))
  .sort()
  .map((f): [string, Uint8Array] => [f, fs.readFileSync(path.join(samples, f))]);
fs.mkdirSync(outDir, { recursive: true });
const all = mutants(sources, Number(perSample));
for (const [name, bytes] of all) fs.writeFileSync(path.join(outDir, name), bytes);
process.stdout.write(`${all.length} mutants written to ${outDir}\n`);
