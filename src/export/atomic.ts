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

/**
 * A write stream to a temporary file that becomes `target` on commit() and vanishes on abort(). A
 * failure of the stream (a full disk) rejects the write waiting on it, or commit(): it is never an
 * error without a handler (which ended a run with an unhandled rejection, not WRITE_FAILED).
 */
export interface AtomicStream {
  stream: fs.WriteStream;
  /** Writes a chunk, waiting while the stream is full; rejects once the stream has failed. */
  write(chunk: string): Promise<void>;
  /** Rejects with the stream's error once it fails (handled: await it, or race it with a wait). */
  failed: Promise<never>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export function createAtomicStream(target: string): AtomicStream {
  const tmp = tempPathFor(target);
  const stream = fs.createWriteStream(tmp);
  let failure: unknown;
  const failed = new Promise<never>((_resolve, reject) => {
    stream.once("error", (err) => {
      failure = err;
      reject(err);
    });
  });
  failed.catch(() => undefined);
  const finished = Promise.race([
    new Promise<void>((resolve) => stream.once("finish", resolve)),
    failed,
  ]);
  finished.catch(() => undefined);
  return {
    stream,
    failed,
    async write(chunk) {
      if (failure !== undefined) throw failure;
      if (!stream.write(chunk)) await Promise.race([new Promise<void>((resolve) => stream.once("drain", resolve)), failed]);
    },
    async commit() {
      if (failure !== undefined) throw failure;
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
