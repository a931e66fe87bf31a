#!/usr/bin/env node
// A developer's look at what the PDF reader hands the assemblers: each page's rows, one line per
// row, cells separated by │ (furniture rows marked ▫). Needs a build (npm run build).
//   node scripts/dump-rows.mjs FILE.pdf [FIRST_PAGE [LAST_PAGE]]
import fs from "node:fs";
import { readPdfGrid } from "../dist/extract/pdf/reader.js";

const [file, first = "1", last = first === "1" && process.argv.length < 4 ? "9999" : first] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/dump-rows.mjs FILE.pdf [FIRST_PAGE [LAST_PAGE]]");
  process.exit(2);
}
const pageOf = (row) => row.cells.find((c) => c.source.kind === "pdf")?.source.boxes[0]?.page;
const grid = await readPdfGrid(new Uint8Array(fs.readFileSync(file)));
for (const row of grid.rows) {
  const page = pageOf(row) ?? 0;
  if (page < Number(first) || page > Number(last)) continue;
  const cells = row.cells.map((c) => {
    const box = c.source.kind === "pdf" ? c.source.boxes[0]?.bbox.map((v) => Math.round(v)).join(",") : "";
    return `${c.text.replace(/\n/g, "⏎")} [${box}]`;
  });
  console.log(`p${page}${row.furniture ? " ▫" : ""} ${cells.join(" │ ")}`);
}
