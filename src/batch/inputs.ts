// Command-line inputs → the sorted list of files to extract, each with its output name.
// Inputs are files, folders (searched recursively for .pdf and .txt) or globs (*, **, ?, [..], {a,b}).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const INPUT_EXTENSIONS = [".pdf", ".txt"];

export interface InputFile {
  /**
   * Absolute path, as shown (errors.jsonl, stderr): a name whose bytes are not UTF-8 (a Shift_JIS
   * name from an old share) shows its other bytes as \xHH, and control characters (a newline in a
   * name) are escaped, so every path is one line and tells one file.
   */
  path: string;
  /** What fs is given when it is not `path`: the bytes the system gave (a name that is not UTF-8). */
  source?: string | Buffer | undefined;
  /** Output name without extension: the file name without its extension, safe and made unique in the batch. */
  name: string;
}

/** An argument or a file found under one that is not read, and why. */
export interface MissingInput {
  /** The argument as given, or the file found (shown escaped). */
  arg: string;
  /** READ_FAILED (no such file, a symbolic link that loops or is broken) or LINK_OUTSIDE_INPUT. */
  code: "READ_FAILED" | "LINK_OUTSIDE_INPUT";
  reason: string;
}

export interface ExpandedInputs {
  files: InputFile[];
  missing: MissingInput[];
}

function hasMagic(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

function isInputName(name: string): boolean {
  return INPUT_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** Control characters a path or a name must not print raw: C0, DEL, C1, U+2028/2029. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * A path's bytes as its characters, where they are UTF-8, and its other bytes (a Shift_JIS name from
 * an old share) as numbers.
 */
function utf8Pieces(bytes: Buffer): Array<string | number> {
  const out: Array<string | number> = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const piece = len > 0 && i + len <= bytes.length ? bytes.subarray(i, i + len) : undefined;
    const text = piece?.toString("utf8");
    // One character that encodes back to the same bytes (no overlong, surrogate or cut forms).
    if (piece && text !== undefined && [...text].length === 1 && Buffer.from(text, "utf8").equals(piece)) {
      out.push(text);
      i += len;
    } else {
      out.push(b);
      i += 1;
    }
  }
  return out;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, "0");

/**
 * A path as shown (errors.jsonl, stderr): its UTF-8 characters as they are, other bytes as \xHH,
 * control characters as \n, \t, \r or \xHH/\uHHHH, and a backslash doubled, so every path is one
 * line and no two paths show alike.
 */
export function showPath(p: string | Buffer): string {
  const pieces = typeof p === "string" ? [...p] : utf8Pieces(p);
  return pieces
    .map((piece) => {
      if (typeof piece === "number") return `\\x${hex2(piece)}`;
      if (piece === "\\") return "\\\\";
      if (!CONTROL.test(piece)) return piece;
      if (piece === "\n") return "\\n";
      if (piece === "\t") return "\\t";
      if (piece === "\r") return "\\r";
      const code = piece.charCodeAt(0);
      return code <= 0xff ? `\\x${hex2(code)}` : `\\u${code.toString(16).padStart(4, "0")}`;
    })
    .join("");
}

/**
 * An output name from a file name's stem: its UTF-8 characters kept, other bytes and control
 * characters (a newline, an escape sequence) as %HH of their bytes, so the name is one line of valid
 * text on every system, the same for the same bytes.
 */
export function safeStem(stem: string | Buffer): string {
  const pieces = typeof stem === "string" ? [...stem] : utf8Pieces(stem);
  const pct = (b: number): string => `%${hex2(b).toUpperCase()}`;
  return pieces
    .map((piece) => (typeof piece === "number" ? pct(piece) : CONTROL.test(piece) ? [...Buffer.from(piece, "utf8")].map(pct).join("") : piece))
    .join("");
}

/** Whether `p` is `root` or inside it (both real paths). */
function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

interface Found {
  /** Path as fs is to be given it. */
  source: string | Buffer;
  /** Path as shown. */
  shown: string;
  /** The file name's bytes (for its output name). */
  stem: string | Buffer;
}

const SEP = Buffer.from(path.sep);
const join = (dir: Buffer, name: Buffer): Buffer => Buffer.concat([dir, SEP, name]);

/**
 * Every .pdf/.txt under `root`, skipping hidden folders and node_modules. Names are the bytes the
 * system gave (a name that is not UTF-8 is still found and read). A symbolic link is followed
 * only where it leads inside `root`: one that leads out of it is LINK_OUTSIDE_INPUT, one that loops
 * or leads nowhere READ_FAILED, each for its own path; a folder reached twice is read once.
 */
function walk(root: string, out: Found[], missing: MissingInput[]): void {
  // Real paths as latin1 strings: one character per byte, so names that are not UTF-8 compare exactly.
  const real = (p: Buffer): string => fs.realpathSync(p, { encoding: "buffer" }).toString("latin1");
  let realRoot: string;
  try {
    realRoot = real(Buffer.from(path.resolve(root)));
  } catch {
    return;
  }
  const seen = new Set<string>();
  const visit = (dir: Buffer, realDir: string): void => {
    if (seen.has(realDir)) return;
    seen.add(realDir);
    let entries: Array<fs.Dirent<Buffer>>;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true, encoding: "buffer" });
    } catch {
      return;
    }
    // In byte order, so the walk (and the names it gives) is the same on every machine.
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const e of entries) {
      const name = e.name;
      const hidden = name[0] === 0x2e; // "."
      const p = join(dir, name);
      const nameText = name.toString("latin1");
      if (e.isDirectory()) {
        if (!hidden && nameText !== "node_modules") {
          try {
            visit(p, real(p));
          } catch {
            // gone since it was listed
          }
        }
        continue;
      }
      if (hidden) continue;
      if (e.isFile()) {
        if (isInputName(nameText)) out.push(found(p, name));
        continue;
      }
      if (!e.isSymbolicLink()) continue;
      let target: string;
      let stat: fs.Stats;
      try {
        target = real(p);
        stat = fs.statSync(Buffer.from(target, "latin1"));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "";
        if (isInputName(nameText)) {
          missing.push({
            arg: showPath(p),
            code: "READ_FAILED",
            reason: code === "ELOOP" ? "a symbolic link that loops (ELOOP): not read" : `a symbolic link that leads nowhere (${code || "broken"}): not read`,
          });
        }
        continue;
      }
      if (!stat.isDirectory() && !isInputName(nameText)) continue;
      if (!isInside(target, realRoot)) {
        missing.push({
          arg: showPath(p),
          code: "LINK_OUTSIDE_INPUT",
          reason: `a symbolic link out of the folder given (to ${showPath(Buffer.from(target, "latin1"))}): not followed`,
        });
        continue;
      }
      if (stat.isDirectory()) {
        if (!hidden && nameText !== "node_modules") visit(p, target);
      } else if (stat.isFile()) out.push(found(p, name));
    }
  };
  visit(Buffer.from(path.resolve(root)), realRoot);
}

/** A found file: its path as a string where its bytes are UTF-8 (as before), else the bytes. */
function found(p: Buffer, name: Buffer): Found {
  const text = p.toString("utf8");
  const utf8 = Buffer.from(text, "utf8").equals(p);
  const stem = name.subarray(0, name.length - path.extname(name.toString("latin1")).length);
  return { source: utf8 ? text : p, shown: showPath(utf8 ? text : p), stem: utf8 ? stem.toString("utf8") : stem };
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

function expandGlob(arg: string, missing: MissingInput[]): Found[] {
  const normalized = arg.split(path.sep).join("/");
  const parts = normalized.split("/");
  const firstMagic = parts.findIndex(hasMagic);
  const base = parts.slice(0, firstMagic).join("/") || (normalized.startsWith("/") ? "/" : ".");
  const absBase = path.resolve(base);
  const matcher = globToRegExp(path.resolve(absBase, parts.slice(firstMagic).join("/")).split(path.sep).join("/"));
  const candidates: Found[] = [];
  const skipped: MissingInput[] = [];
  walk(absBase, candidates, skipped);
  // A glob naming files of other kinds (*.PDF, foo.*) is taken as the user wrote it; a link it
  // would have matched but may not follow is said.
  const matches = (shown: string): boolean => matcher.test(shown.split(path.sep).join("/"));
  for (const m of skipped) if (matches(m.arg)) missing.push(m);
  return candidates.filter((c) => matches(c.shown));
}

export function expandInputs(args: string[]): ExpandedInputs {
  const found = new Map<string, Found>();
  const missing: MissingInput[] = [];
  const add = (f: Found): void => {
    if (!found.has(f.shown)) found.set(f.shown, f);
  };
  for (const arg of args) {
    let stat: fs.Stats | undefined;
    let statError = "";
    try {
      stat = fs.statSync(arg);
    } catch (err) {
      statError = (err as NodeJS.ErrnoException).code ?? "";
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const files: Found[] = [];
      const skipped: MissingInput[] = [];
      walk(path.resolve(arg), files, skipped);
      if (files.length === 0 && skipped.length === 0) missing.push({ arg: showPath(arg), code: "READ_FAILED", reason: "the folder holds no .pdf or .txt file" });
      for (const m of skipped) missing.push(m);
      for (const f of files) add(f);
    } else if (stat) {
      // A file named on the command line is read, through a link if it is one: the user gave it.
      const resolved = path.resolve(arg);
      add({ source: resolved, shown: showPath(resolved), stem: path.basename(resolved, path.extname(resolved)) });
    } else if (statError === "ELOOP") {
      missing.push({ arg: showPath(arg), code: "READ_FAILED", reason: "a symbolic link that loops (ELOOP)" });
    } else if (hasMagic(arg)) {
      const before = missing.length;
      const files = expandGlob(arg, missing);
      if (files.length === 0 && missing.length === before) {
        missing.push({ arg: showPath(arg), code: "READ_FAILED", reason: "the pattern matches no .pdf or .txt file" });
      }
      for (const f of files) add(f);
    } else {
      missing.push({ arg: showPath(arg), code: "READ_FAILED", reason: "no such file or folder" });
    }
  }
  const sorted = [...found.values()].sort((a, b) => comparePaths(a.shown, b.shown));
  missing.sort((a, b) => comparePaths(a.arg, b.arg));
  return { files: nameOutputs(sorted), missing };
}

/** Code-point order, so the order (and the names it gives) does not depend on the locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Output names: the file name without extension (safeStem: one line of valid text); where two
 * inputs share one, the later (in path order) get "-2", "-3" …, so names are stable for the same
 * set of inputs.
 */
function nameOutputs(sorted: Found[]): InputFile[] {
  const used = new Map<string, number>();
  return sorted.map((f) => {
    const stem = safeStem(f.stem);
    const key = stem.toLowerCase();
    const n = (used.get(key) ?? 0) + 1;
    used.set(key, n);
    let name = n === 1 ? stem : `${stem}-${n}`;
    while (n > 1 && used.has(name.toLowerCase())) name = `${name}-${n}`;
    if (n > 1) used.set(name.toLowerCase(), 1);
    return f.source === f.shown ? { path: f.shown, name } : { path: f.shown, source: f.source, name };
  });
}

/** What fs is given for an input. */
export function sourceOf(file: InputFile): string | Buffer {
  return file.source ?? file.path;
}

/**
 * The name a document records (source.file) and readers judge the format by: the path itself
 * where it is text (a newline in it is escaped by JSON and quoted by CSV), the shown form where
 * its bytes are not UTF-8.
 */
export function documentNameOf(file: InputFile): string {
  return typeof file.source === "string" ? file.source : file.path;
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
