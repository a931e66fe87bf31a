// A batch worker thread: reads files and runs the extract stage (pdf.js, layout, assembly), the
// CPU-heavy part. Normalization stays on the main thread, where one tokenizer serves all files.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { parentPort } from "node:worker_threads";
import { SheetExtractError, asSheetExtractError } from "../errors.js";
import { installSyncDecompression } from "../extract/pdf/inflate.js";
import { readDocument } from "../pipeline.js";
import type { WorkerCancel, WorkerPageNote, WorkerReply, WorkerTask } from "./pool.js";

/**
 * V8's optimizing compiler inlines callees into a hot function up to 920 bytes of their bytecode
 * (its default, --max-inlined-bytecode-size-cumulative). Reading pays for that on the compiler's
 * background threads: on the CID sheet corpus they took about 3 s of CPU beside the worker's 2.1 s
 * (per-thread CPU from /proc), most of it TurboFan compiling the same large functions again after
 * each deoptimization (the layout's layoutBlock 6 times, ~90 ms each; pdf.js's operator-list loop 9
 * times). A quarter of that budget makes each compilation smaller and the code as fast: −8 to −15 %
 * CPU for the corpus, the same output. The flag is process-wide (V8 has no per-thread flags); it
 * changes what the compiler inlines, nothing a program can observe but time.
 */
const COMPILE_FLAGS = "--max-inlined-bytecode-size-cumulative=230";

const port = parentPort;
if (!port) throw new Error("batch/worker.js runs as a worker thread");

// The pool posts a file ahead (pool.ts, FILES_PER_WORKER): files are read one after another, in
// the order posted, never interleaved (a file's time limit and memory are its own).
let reading: Promise<void> = Promise.resolve();
// Files posted here and then given to another worker while this one read a slow file (pool.ts, STUCK_MS).
const cancelled = new Set<number>();
port.on("message", (message: WorkerTask | WorkerCancel) => {
  if ("cancel" in message) {
    cancelled.add(message.cancel);
    return;
  }
  const task = message;
  reading = reading.then(async () => {
    if (cancelled.delete(task.id)) return;
    port.postMessage(await handle(task));
  });
});

// This thread is ours: pdf.js may inflate synchronously here (see inflate.ts).
installSyncDecompression();

// Before the first file: how much TurboFan inlines into one optimized function (see COMPILE_FLAGS).
v8.setFlagsFromString(COMPILE_FLAGS);

// Load pdf.js before saying ready: a file's time limit then measures reading it, not start-up.
await import("../extract/pdf/reader.js");
port.postMessage({ ready: true });

/**
 * A test hook: SHEET_EXTRACT_TEST_SLOW="name.txt=15000" makes reading that file (by base name) take
 * that many milliseconds longer, for the batch's tests of a file that holds its worker.
 */
const SLOW = /^(.+)=(\d+)$/.exec(process.env.SHEET_EXTRACT_TEST_SLOW ?? "");

async function handle(task: WorkerTask): Promise<WorkerReply> {
  const started = performance.now();
  // A path of bytes (a name that is not UTF-8) arrives as a Uint8Array: fs takes it as a Buffer.
  const file = typeof task.path === "string" ? task.path : Buffer.from(task.path.buffer, task.path.byteOffset, task.path.byteLength);
  if (SLOW && path.basename(String(file)) === SLOW[1]) await new Promise((resolve) => setTimeout(resolve, Number(SLOW[2])));
  try {
    let size: number;
    try {
      size = (await fs.promises.stat(file)).size;
    } catch (err) {
      throw new SheetExtractError("READ_FAILED", `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    if (size > task.maxBytes) {
      throw new SheetExtractError(
        "TOO_LARGE",
        `the file is ${(size / 2 ** 20).toFixed(1)} MiB, over the ${(task.maxBytes / 2 ** 20).toFixed(0)} MiB limit (--max-file-size)`,
      );
    }
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
    } catch (err) {
      throw new SheetExtractError("READ_FAILED", `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    // The engine of a scan is a child process, which the pool cannot stop with this thread: it is
    // given the file's deadline and killed there itself.
    const read = await readDocument(bytes, task.name, {
      ...task.read,
      maxMemoryMb: task.maxMemoryMb,
      deadline: started + task.timeoutMs,
      onPage: (page) => port?.postMessage({ id: task.id, page } satisfies WorkerPageNote),
    });
    return { id: task.id, ok: true, read };
  } catch (err) {
    const e = asSheetExtractError(err);
    return { id: task.id, ok: false, error: { code: e.code, message: e.message, page: e.page, line: e.line } };
  }
}
