// Text dump → Grid: one row per line, cells split at tabs, HTML fragments cleaned. Missing or doubled
// tabs are left as they are: the assembler reads rows by their labels and markers, not by counts.
import type { Grid, Row } from "../grid.js";
import { htmlToText } from "./html.js";

export function readTextGrid(text: string): Grid {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const rows: Row[] = lines.map((line, index) => ({
    cells: line.split("\t").map((raw) => ({ text: htmlToText(raw), source: { kind: "line", line: index + 1 } })),
  }));
  return { rows };
}
