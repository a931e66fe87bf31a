// The output folder is checked before any input is read: created if missing and proved writable
// with a temporary file, so that a wrong --out fails at once with WRITE_FAILED and its path, not
// after an hour of extraction with an error from node's internals.
import fs from "node:fs";
import path from "node:path";
import { SheetExtractError } from "../errors.js";
import { tempPathFor } from "./atomic.js";

export interface PreparedOutDir {
  dir: string;
  /** Whether this call created it (so a run that stops before writing can take it away again). */
  created: boolean;
}

const reasons: Record<string, string> = {
  EEXIST: "a file of that name is in the way",
  ENOTDIR: "a part of the path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
};

/** A WRITE_FAILED error for `target`, with the reason in words. */
export function writeFailed(target: string, err: unknown): SheetExtractError {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  const reason = reasons[code] ?? (err as Error).message;
  return new SheetExtractError("WRITE_FAILED", `cannot write to ${target}: ${reason}${code ? ` (${code})` : ""}`, { file: target }, { cause: err });
}

export async function prepareOutDir(dir: string): Promise<PreparedOutDir> {
  const resolved = path.resolve(dir);
  const existed = fs.existsSync(resolved);
  if (existed && !fs.statSync(resolved).isDirectory()) throw writeFailed(resolved, Object.assign(new Error("not a folder"), { code: "EEXIST" }));
  try {
    await fs.promises.mkdir(resolved, { recursive: true });
    const probe = tempPathFor(path.join(resolved, "probe"));
    await fs.promises.writeFile(probe, "");
    await fs.promises.rm(probe, { force: true });
  } catch (err) {
    throw writeFailed(resolved, err);
  }
  return { dir: resolved, created: !existed };
}

/** Removes a folder this run created, if nothing was written into it. */
export async function removeIfEmpty(prepared: PreparedOutDir): Promise<void> {
  if (!prepared.created) return;
  try {
    if ((await fs.promises.readdir(prepared.dir)).length === 0) await fs.promises.rmdir(prepared.dir);
  } catch {
    // Left as it is: the run's own error is what the user needs to read.
  }
}
