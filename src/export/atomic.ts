// Outputs are written to a temporary name beside their target and renamed into place, so a reader
// (or a crash) never sees half a file, and a failed write leaves the previous version intact.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(target);
  try {
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, target);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

/** A write stream to a temporary file that becomes `target` on commit() and vanishes on abort(). */
export interface AtomicStream {
  stream: fs.WriteStream;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export function createAtomicStream(target: string): AtomicStream {
  const tmp = tempPathFor(target);
  const stream = fs.createWriteStream(tmp);
  const finished = new Promise<void>((resolve, reject) => {
    stream.once("finish", resolve);
    stream.once("error", reject);
  });
  return {
    stream,
    async commit() {
      if (!stream.writableEnded) stream.end();
      await finished;
      await fs.promises.rename(tmp, target);
    },
    async abort() {
      stream.destroy();
      await fs.promises.rm(tmp, { force: true });
    },
  };
}
