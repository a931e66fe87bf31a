// Loaded with `node --import` into a CLI run by a test: at exit, the process's peak resident set
// (process.resourceUsage().maxRSS, KiB, worker threads included) is written to $SHEET_EXTRACT_RSS_FILE.
import fs from "node:fs";

process.on("exit", () => {
  const file = process.env.SHEET_EXTRACT_RSS_FILE;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
});
