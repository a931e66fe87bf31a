// The batch's record of what it wrote, for --resume: one entry per output document with the input's
// sha256 and the tool version that wrote it. Appended as documents are written (a stopped batch keeps
// what it did), rewritten in name order at the end (the same inputs give the same file).
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../export/atomic.js";

export const STATE_FILE = ".sheet-extract-state.jsonl";

export interface StateEntry {
  name: string;
  sha256: string;
  version: string;
  sheets: number;
  items: number;
  facts: number;
  pages: number;
  /** Warnings the document carries (absent in records of older runs). */
  warnings?: number;
}

/** A whole entry: a line that parses but lacks a field (or holds a cut sha256) is none, so it skips nothing. */
function isEntry(e: unknown): e is StateEntry {
  if (typeof e !== "object" || e === null) return false;
  const r = e as Record<string, unknown>;
  const count = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0;
  return (
    typeof r.name === "string" &&
    typeof r.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(r.sha256) &&
    typeof r.version === "string" &&
    count(r.sheets) &&
    count(r.items) &&
    count(r.facts) &&
    count(r.pages) &&
    (r.warnings === undefined || count(r.warnings))
  );
}

export class BatchState {
  private readonly file: string;
  private readonly entries = new Map<string, StateEntry>();
  /** The file as read ends inside a line (a run stopped mid-write): the next record starts a new line. */
  private torn = false;

  constructor(outDir: string) {
    this.file = path.join(outDir, STATE_FILE);
  }

  get path(): string {
    return this.file;
  }

  /** Reads the record a previous run left; lines it cannot read are ignored (a torn last line). */
  load(): void {
    let text = "";
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch {
      return;
    }
    this.torn = text !== "" && !text.endsWith("\n");
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const e = JSON.parse(line) as unknown;
        if (isEntry(e)) this.entries.set(e.name, e);
      } catch {
        // a line cut short by a crash: its input is extracted again
      }
    }
  }

  get(name: string): StateEntry | undefined {
    return this.entries.get(name);
  }

  async record(entry: StateEntry): Promise<void> {
    this.entries.set(entry.name, entry);
    // After a torn last line, a line break first: glued onto it, this entry would be lost too.
    await fs.promises.appendFile(this.file, `${this.torn ? "\n" : ""}${JSON.stringify(entry)}\n`);
    this.torn = false;
  }

  forget(name: string): void {
    this.entries.delete(name);
  }

  /** Rewrites the record sorted by name. */
  async save(): Promise<void> {
    const lines = [...this.entries.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((e) => `${JSON.stringify(e)}\n`);
    await writeFileAtomic(this.file, lines.join(""));
  }
}
