// Writes the hostile PDFs of test/helpers/hostile.ts (decompression and image bombs, 20,000 pages,
// cycles, nesting 10,000 deep) to a folder, for a batch run by hand or by an outside check:
//   npx tsx scripts/make-hostile-pdfs.ts OUT_DIR [SEED=1]
import fs from "node:fs";
import path from "node:path";
import { hostilePdfs } from "../test/helpers/hostile.js";

const [outDir, seed = "1"] = process.argv.slice(2);
if (!outDir) {
  process.stderr.write("usage: npx tsx scripts/make-hostile-pdfs.ts OUT_DIR [SEED]\n");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
const all = hostilePdfs(Number(seed));
for (const pdf of all) fs.writeFileSync(path.join(outDir, pdf.name), pdf.bytes);
process.stdout.write(`${all.length} hostile PDFs written to ${outDir}:\n${all.map((p) => `  ${p.name.padEnd(22)} ${String(p.bytes.length).padStart(9)} bytes  ${p.what}`).join("\n")}\n`);
