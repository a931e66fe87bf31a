// Text dump → Grid: one row per line, cells split at tabs, HTML fragments cleaned. Missing or doubled
// tabs are left as they are: the assembler reads rows by their labels and markers, not by counts.
import { SheetExtractError } from "../../errors.js";
import { LIMITS } from "../../limits.js";
import type { Grid, Row } from "../grid.js";
import { htmlToText } from "./html.js";

export function readTextGrid(text: string): Grid {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const limit = LIMITS.textChars.value;
  const rows: Row[] = lines.map((line, index) => {
    // A line (a row, its cells and their HTML) longer than any row is printed with: refused before
    // it is cleaned or split, so that no stage meets a text of megabytes or a row of a million cells.
    if (line.length > limit) {
      throw new SheetExtractError(
        "TOO_LARGE",
        `line ${index + 1} is ${line.length} characters long, over the ${limit} a row may hold: no printed row is that long (lines ran together, or this is no dump)`,
        { line: index + 1 },
      );
    }
    return { cells: line.split("\t").map((raw) => ({ text: htmlToText(raw), source: { kind: "line", line: index + 1 } })) };
  });
  return { rows };
}
