// Writes the seeded corpus of hostile text and file-system inputs (#28) to a folder, for a batch run
// by hand or by an outside check, and lists what each input must end in:
//   npx tsx scripts/make-hostile-text-corpus.ts DIR [SEED=28]
//   sheet-extract extract DIR/in --out out --timeout 10 --max-memory 512
// DIR/in holds the good documents (also alone in DIR/good-only), the texts and the links and names;
// DIR/manifest.json the expected result of each.
import fs from "node:fs";
import path from "node:path";
import { makeHostileTextCorpus } from "../test/helpers/hostile-text.js";

const [dir, seed = "28"] = process.argv.slice(2);
if (!dir) {
  process.stderr.write("usage: npx tsx scripts/make-hostile-text-corpus.ts DIR [SEED]\n");
  process.exit(2);
}
if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
  process.stderr.write(`${dir} is not empty: give a new folder\n`);
  process.exit(2);
}
const corpus = makeHostileTextCorpus(dir, { seed: Number(seed) });
fs.writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(corpus.cases, null, 2)}\n`);
process.stdout.write(`${corpus.cases.length} hostile inputs and ${corpus.goodNames.length} good documents written to ${dir}/in\n`);
