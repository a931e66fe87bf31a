// Preloaded into a CLI run (node --import): prints the process's peak resident set size (all its
// threads: the main one and every worker) as the last line of stderr when it exits.
import fs from "node:fs";

process.on("exit", () => {
  fs.writeSync(2, `\npeak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
