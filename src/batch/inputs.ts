// Command-line inputs → the sorted list of files to extract, each with its output name.
// Inputs are files, folders (searched recursively for .pdf and .txt) or globs (*, **, ?, [..], {a,b}).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const INPUT_EXTENSIONS = [".pdf", ".txt"];

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Output name without extension: the file name without its extension, made unique in the batch. */
  name: string;
}

export interface MissingInput {
  /** The argument as given. */
  arg: string;
  reason: string;
}

export interface ExpandedInputs {
  files: InputFile[];
  missing: MissingInput[];
}

function hasMagic(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

function isInputFile(p: string): boolean {
  return INPUT_EXTENSIONS.includes(path.extname(p).toLowerCase());
}

/** Every .pdf/.txt under `dir`, skipping hidden folders and node_modules. */
function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith(".") && e.name !== "node_modules") walk(p, out);
    } else if ((e.isFile() || e.isSymbolicLink()) && isInputFile(p) && !e.name.startsWith(".")) {
      out.push(p);
    }
  }
}

/** A glob pattern as a RegExp over '/'-separated paths. */
export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "*") {
      if (pattern[i + 1] === "*") {
        const slash = pattern[i + 2] === "/";
        re += slash ? "(?:[^/]*/)*" : ".*";
        i += slash ? 2 : 1;
      } else re += "[^/]*";
    } else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = end;
      }
    } else if (ch === "{") {
      const end = pattern.indexOf("}", i + 1);
      if (end < 0) re += "\\{";
      else {
        const alternatives = pattern.slice(i + 1, end).split(",").map((a) => a.replace(/[.+^$()|\\]/g, "\\$&"));
        re += `(?:${alternatives.join("|")})`;
        i = end;
      }
    } else re += ch.replace(/[.+^$()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function expandGlob(arg: string): string[] {
  const normalized = arg.split(path.sep).join("/");
  const parts = normalized.split("/");
  const firstMagic = parts.findIndex(hasMagic);
  const base = parts.slice(0, firstMagic).join("/") || (normalized.startsWith("/") ? "/" : ".");
  const absBase = path.resolve(base);
  const matcher = globToRegExp(path.resolve(absBase, parts.slice(firstMagic).join("/")).split(path.sep).join("/"));
  const candidates: string[] = [];
  walk(absBase, candidates);
  // A glob naming files of other kinds (*.PDF, foo.*) is taken as the user wrote it.
  return candidates.filter((p) => matcher.test(p.split(path.sep).join("/")));
}

export function expandInputs(args: string[]): ExpandedInputs {
  const found = new Set<string>();
  const missing: MissingInput[] = [];
  for (const arg of args) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(arg);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const files: string[] = [];
      walk(path.resolve(arg), files);
      if (files.length === 0) missing.push({ arg, reason: "the folder holds no .pdf or .txt file" });
      for (const f of files) found.add(f);
    } else if (stat) {
      found.add(path.resolve(arg));
    } else if (hasMagic(arg)) {
      const files = expandGlob(arg);
      if (files.length === 0) missing.push({ arg, reason: "the pattern matches no .pdf or .txt file" });
      for (const f of files) found.add(f);
    } else {
      missing.push({ arg, reason: "no such file or folder" });
    }
  }
  const sorted = [...found].sort(comparePaths);
  return { files: nameOutputs(sorted), missing };
}

/** Code-point order, so the order (and the names it gives) does not depend on the locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Output names: the file name without extension; where two inputs share one, the later (in path
 * order) get "-2", "-3" …, so names are stable for the same set of inputs.
 */
function nameOutputs(sorted: string[]): InputFile[] {
  const used = new Map<string, number>();
  return sorted.map((p) => {
    const stem = path.basename(p, path.extname(p));
    const key = stem.toLowerCase();
    const n = (used.get(key) ?? 0) + 1;
    used.set(key, n);
    let name = n === 1 ? stem : `${stem}-${n}`;
    while (n > 1 && used.has(name.toLowerCase())) name = `${name}-${n}`;
    if (n > 1) used.set(name.toLowerCase(), 1);
    return { path: p, name };
  });
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new RangeError(`--shard takes K/N with 1 ≤ K ≤ N (e.g. 2/8), got "${text}"`);
  }
  return { index, count };
}

/**
 * Whether a file belongs to a shard: by a hash of its path relative to the working folder, so the
 * split is the same on every machine that sees the same tree and does not move when files are added.
 */
export function inShard(file: InputFile, shard: Shard, cwd = process.cwd()): boolean {
  const rel = path.relative(cwd, file.path).split(path.sep).join("/");
  const h = createHash("sha256").update(rel).digest();
  return (h.readUInt32BE(0) % shard.count) + 1 === shard.index;
}
