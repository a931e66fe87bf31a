// Golden case tables: CSV-like TSV files under test/cases/ with a header row, one case per line,
// and a `reason` column that says why the case is there.
import fs from "node:fs";
import path from "node:path";

export type CaseRow = Record<string, string>;

export function readCases(name: string): CaseRow[] {
  const file = path.join(import.meta.dirname, "..", "cases", name);
  const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const header = (lines.shift() ?? "").split("\t");
  return lines.map((line, i) => {
    const cells = line.split("\t");
    if (cells.length !== header.length) {
      throw new Error(`${name}:${i + 2}: ${cells.length} cells, header has ${header.length}`);
    }
    return Object.fromEntries(header.map((h, j) => [h, unescape(cells[j] ?? "")]));
  });
}

/** \t and \n in case files stand for a tab and a line break. */
function unescape(cell: string): string {
  return cell.replace(/\\t/g, "\t").replace(/\\n/g, "\n");
}
