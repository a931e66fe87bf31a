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

export class BatchState {
  private readonly file: string;
  private readonly entries = new Map<string, StateEntry>();

  constructor(outDir: string) {
    this.file = path.join(outDir, STATE_FILE);
  }

  /** Reads the record a previous run left; lines it cannot read are ignored (a torn last line). */
  load(): void {
    let text = "";
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch {
      return;
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const e = JSON.parse(line) as StateEntry;
        if (typeof e.name === "string" && typeof e.sha256 === "string") this.entries.set(e.name, e);
      } catch {
        // a line cut short by a crash
      }
    }
  }

  get(name: string): StateEntry | undefined {
    return this.entries.get(name);
  }

  async record(entry: StateEntry): Promise<void> {
    this.entries.set(entry.name, entry);
    await fs.promises.appendFile(this.file, `${JSON.stringify(entry)}\n`);
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
