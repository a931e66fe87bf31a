// A pool of worker threads for the extract stage, with a time limit and a heap limit per file: a
// file that runs over either is an error for that file, its worker is replaced, the batch goes on.
import { Worker } from "node:worker_threads";
import type { ReadResult } from "../pipeline.js";

export interface WorkerTask {
  id: number;
  path: string;
  maxBytes: number;
}

export type WorkerReply =
  | { id: number; ok: true; read: ReadResult }
  | { id: number; ok: false; error: { code: string; message: string; page?: number | undefined; line?: number | undefined } };

export interface PoolOptions {
  /** Threads. */
  size: number;
  /** Per-file time limit, milliseconds. */
  timeoutMs: number;
  /** Heap limit of each worker (old generation), MiB. */
  maxMemoryMb: number;
  /** Files larger than this are TOO_LARGE without being read, bytes. */
  maxBytes: number;
}

/** One file's reply, with what the batch's scaling measures. */
export interface PoolRun {
  reply: WorkerReply;
  /** The worker's first file: its time includes the worker's warm-up. */
  first: boolean;
  /** From posting the file to the reply, seconds. */
  seconds: number;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  /** Files this worker has been given. */
  runs: number;
  /** Resolves when the worker has loaded its modules (or failed to). */
  ready: Promise<void>;
}

/** How long a new worker may take to start before it is given up. */
const STARTUP_MS = 60_000;

export class WorkerPool {
  private readonly options: PoolOptions;
  private readonly slots: Slot[] = [];
  private readonly script = new URL("./worker.js", import.meta.url);
  private nextId = 1;
  private closed = false;

  /** The most workers alive at one time so far. */
  get peakWorkers(): number {
    return this.mostAlive;
  }

  private mostAlive = 0;

  constructor(options: PoolOptions) {
    this.options = options;
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb },
      stdout: false,
      stderr: false,
    });
    // A worker waiting for work must not keep the process alive after the batch.
    worker.unref();
    const ready = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STARTUP_MS);
      const done = (): void => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", done);
        worker.off("exit", done);
        resolve();
      };
      const onMessage = (m: { ready?: boolean }): void => {
        if (m.ready) done();
      };
      worker.on("message", onMessage);
      worker.once("error", done);
      worker.once("exit", done);
    });
    const slot = { worker, busy: false, runs: 0, ready };
    this.slots.push(slot);
    this.mostAlive = Math.max(this.mostAlive, this.slots.length);
    return slot;
  }

  private acquire(): Slot {
    const free = this.slots.find((s) => !s.busy);
    const slot = free ?? this.spawn();
    slot.busy = true;
    return slot;
  }

  /** Starts `count` workers (default: all of them) ahead of the first file. */
  async warm(count = this.options.size): Promise<void> {
    while (this.slots.length < Math.min(count, this.options.size)) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  /** Runs the extract stage of one file on a worker. Never rejects: failures are replies. */
  async run(path: string): Promise<PoolRun> {
    if (this.closed) throw new Error("the worker pool is closed");
    const id = this.nextId++;
    const slot = this.acquire();
    const { worker } = slot;
    const first = slot.runs++ === 0;
    await slot.ready;
    const started = performance.now();
    return new Promise<PoolRun>((resolve) => {
      let settled = false;
      const finish = (reply: WorkerReply, healthy: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        if (healthy) slot.busy = false;
        else this.retire(slot);
        resolve({ reply, first, seconds: (performance.now() - started) / 1000 });
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.id === id) finish(reply, true);
      };
      const onError = (err: Error & { code?: string }): void => {
        const tooLarge = err.code === "ERR_WORKER_OUT_OF_MEMORY";
        finish(
          {
            id,
            ok: false,
            error: tooLarge
              ? { code: "TOO_LARGE", message: `reading the file took more than the ${this.options.maxMemoryMb} MiB memory limit (--max-memory)` }
              : { code: "INTERNAL", message: `the worker failed: ${err.message}` },
          },
          false,
        );
      };
      const onExit = (code: number): void => {
        finish({ id, ok: false, error: { code: "INTERNAL", message: `the worker stopped (exit code ${code})` } }, false);
      };
      const timer = setTimeout(() => {
        finish(
          { id, ok: false, error: { code: "TIMEOUT", message: `reading the file took longer than ${this.options.timeoutMs / 1000} s (--timeout)` } },
          false,
        );
      }, this.options.timeoutMs);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ id, path, maxBytes: this.options.maxBytes } satisfies WorkerTask);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
