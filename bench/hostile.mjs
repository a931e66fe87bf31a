#!/usr/bin/env node
// Hostile PDFs one at a time (scripts/make-hostile-pdfs.ts: decompression and image bombs, 20,000
// pages, loops, nesting): each file's code, wall time and the process's peak RSS under a memory
// limit. A run past --kill-mb is stopped from outside and reported as killed (an old build meets
// the 4 GiB bombs so).
//
//   npm run build && node bench/hostile.mjs [--max-memory 256] [--timeout 60] [--kill-mb 4096] [--root DIR]
//
// --root runs another checkout's dist/cli.js on the same files (before/after a change).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    "max-memory": { type: "string", default: "256" },
    timeout: { type: "string", default: "60" },
    "kill-mb": { type: "string", default: "4096" },
    root: { type: "string", default: here },
  },
});
const killKib = Number(values["kill-mb"]) * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-hostile-"));
const made = spawnSync("npx", ["tsx", path.join(here, "scripts", "make-hostile-pdfs.ts"), dir], { cwd: here, encoding: "utf8" });
if (made.status !== 0) throw new Error(made.stderr);

/** Resident set of a process and its threads, KiB (Linux). */
function rssKib(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function runOne(file) {
  return new Promise((resolve) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-hostile-out-"));
    const args = ["--import", path.join(here, "test/helpers/peak-rss.mjs"), path.join(values.root, "dist", "cli.js"), "extract", file, "--out", out, "--quiet"];
    args.push("--max-memory", values["max-memory"], "--timeout", values.timeout);
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let seen = 0;
    let killed = false;
    child.stderr.on("data", (d) => (stderr += d));
    const watch = setInterval(() => {
      const kib = rssKib(child.pid);
      seen = Math.max(seen, kib);
      if (kib > killKib) {
        killed = true;
        child.kill("SIGKILL");
      }
    }, 100);
    child.on("close", () => {
      clearInterval(watch);
      const peak = Number(/peak-rss-kib (\d+)/.exec(stderr)?.[1] ?? seen);
      let code = killed ? `killed past ${values["kill-mb"]} MB` : "document";
      const errors = path.join(out, "errors.jsonl");
      if (!killed && fs.existsSync(errors) && fs.statSync(errors).size > 0) code = JSON.parse(fs.readFileSync(errors, "utf8").split("\n")[0]).code;
      fs.rmSync(out, { recursive: true, force: true });
      resolve({ code, seconds: (performance.now() - started) / 1000, peakMb: Math.max(peak, seen) / 1024 });
    });
  });
}

console.log(`hostile PDFs, --max-memory ${values["max-memory"]}, ${values.root === here ? "this build" : values.root}`);
console.log(`${"file".padEnd(22)} ${"bytes".padStart(9)}  ${"code".padEnd(24)} ${"wall".padStart(7)} ${"peak RSS".padStart(9)}`);
for (const name of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, name);
  const r = await runOne(file);
  console.log(`${name.padEnd(22)} ${String(fs.statSync(file).size).padStart(9)}  ${r.code.padEnd(24)} ${r.seconds.toFixed(1).padStart(6)}s ${r.peakMb.toFixed(0).padStart(6)} MB`);
}
fs.rmSync(dir, { recursive: true, force: true });
