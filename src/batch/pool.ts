// A pool of worker threads for the extract stage, with a time limit and a heap limit per file: a
// file that runs over either is an error for that file, its worker is replaced, the batch goes on.
import { Worker } from "node:worker_threads";
import { readLimits } from "../extract/pdf/limits.js";
import type { ReadOptions, ReadResult } from "../pipeline.js";

export interface WorkerTask {
  id: number;
  /** What fs is given (bytes where the name is not UTF-8: a Buffer arrives as a Uint8Array). */
  path: string | Uint8Array;
  /** The name the document records and the format is judged by. */
  name: string;
  maxBytes: number;
  /** --max-memory, MiB: the reader's limits for what a PDF decodes (extract/pdf/limits.ts), page images and the OCR engine. */
  maxMemoryMb: number;
  /** How to read it (OCR), without the deadline, which the worker sets from `timeoutMs` when it begins the file. */
  read: Pick<ReadOptions, "ocr" | "ocrLang" | "tesseract">;
  timeoutMs: number;
}

/** A page read, posted by the worker as it goes (progress per page: OCR takes seconds a page). */
export interface WorkerPageNote {
  id: number;
  page: number;
}

/** A file posted to a worker and then given to another: the first skips it when it gets to it. */
export interface WorkerCancel {
  cancel: number;
}

export type WorkerReply =
  | { id: number; ok: true; read: ReadResult }
  | { id: number; ok: false; error: { code: string; message: string; page?: number | undefined; line?: number | undefined } };

export interface PoolOptions {
  /** Threads. */
  size: number;
  /** Per-file time limit, milliseconds. */
  timeoutMs: number;
  /**
   * Memory per file, MiB: the worker's heap (old generation) gets what the reader does not keep for
   * decoded streams and pages (extract/pdf/limits.ts).
   */
  maxMemoryMb: number;
  /** Files larger than this are TOO_LARGE without being read, bytes. */
  maxBytes: number;
  /** How files are read (OCR mode and language); the memory budget is maxMemoryMb. */
  read?: Pick<ReadOptions, "ocr" | "ocrLang" | "tesseract">;
  /** Called as a worker finishes each page of a file, with the file's name (as run() was given it). */
  onPage?: ((name: string, page: number) => void) | undefined;
  /**
   * After this many milliseconds on one file, a worker's waiting files go to an idle worker, or to
   * a new one while fewer than `size` are alive (STUCK_MS). Undefined: they wait.
   */
  rescueAfterMs?: number | undefined;
  /** Called when a worker starts, with the number alive. */
  onSpawn?: ((alive: number) => void) | undefined;
}

/** One file's reply, with what the batch's scaling measures. */
export interface PoolRun {
  reply: WorkerReply;
  /** The worker's first file: its time includes the worker's warm-up. */
  first: boolean;
  /** From the worker starting the file to its reply, seconds. */
  seconds: number;
}

/**
 * Files a worker holds at once: the one it reads and the next. The next is posted before the
 * reply comes, so the worker never waits for this thread, which may be busy finishing another
 * document (normalizing it is synchronous) when the reply arrives: that wait was 7 % of a batch.
 */
export const FILES_PER_WORKER = 2;

/**
 * How long a file may hold its worker before the files posted behind it move to another: the
 * batch always moves (one stuck file held a batch of 42 for its whole time limit). A sheet reads in
 * well under a second, and in a few on a machine loaded six times over; a file read this long is a
 * book or a pathological one. Starting a worker costs about a second of CPU and 110 MB.
 */
export const STUCK_MS = 10_000;

interface Job {
  id: number;
  path: string | Uint8Array;
  name: string;
  resolve: (run: PoolRun) => void;
  first: boolean;
  /** When the worker began it (when it reached the head of its worker's queue). */
  started: number;
}

interface Slot {
  worker: Worker;
  /** Files posted and not answered, in the order the worker reads them: the first is being read. */
  jobs: Job[];
  /** Files this worker has been given. */
  runs: number;
  /** Resolves when the worker has loaded its modules (or failed to). */
  ready: Promise<void>;
  timer?: ReturnType<typeof setTimeout> | undefined;
  /** Fires when the head file has held the worker for rescueAfterMs. */
  patience?: ReturnType<typeof setTimeout> | undefined;
}

function settle(job: Job, reply: WorkerReply): void {
  job.resolve({ reply, first: job.first, seconds: job.started > 0 ? (performance.now() - job.started) / 1000 : 0 });
}

/** How long a new worker may take to start before it is given up. */
const STARTUP_MS = 60_000;

export class WorkerPool {
  private readonly options: PoolOptions;
  private readonly slots: Slot[] = [];
  private readonly script = new URL("./worker.js", import.meta.url);
  private nextId = 1;
  private closed = false;
  private mostAlive = 0;
  private wanted = 1;

  constructor(options: PoolOptions) {
    this.options = options;
  }

  /** The most workers alive at one time so far. */
  get peakWorkers(): number {
    return this.mostAlive;
  }

  /** Workers the pool reads with (at most `size`); a new one starts when the others are busy. */
  get workers(): number {
    return this.wanted;
  }

  set workers(n: number) {
    this.wanted = Math.max(1, Math.min(this.options.size, Math.floor(n)));
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, {
      resourceLimits: { maxOldGenerationSizeMb: readLimits(this.options.maxMemoryMb).heapMb },
      stdout: false,
      stderr: false,
    });
    // A worker waiting for work must not keep the process alive after the batch.
    worker.unref();
    const slot: Slot = { worker, jobs: [], runs: 0, ready: Promise.resolve() };
    // Ready when it says so, or when it fails or stops first (its files then fail or move on).
    slot.ready = new Promise<void>((resolve) => {
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
    worker.on("message", (reply: WorkerReply | WorkerPageNote | { ready: true }) => {
      if (!("id" in reply)) return;
      if ("page" in reply) {
        const job = slot.jobs.find((j) => j.id === reply.id);
        if (job) this.options.onPage?.(job.name, reply.page);
        return;
      }
      this.answer(slot, reply);
    });
    worker.on("error", (err: Error & { code?: string }) => {
      const tooLarge = err.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.fail(
        slot,
        tooLarge
          ? { code: "TOO_LARGE", message: `reading the file took more than the ${this.options.maxMemoryMb} MiB memory limit (--max-memory)` }
          : { code: "INTERNAL", message: `the worker failed: ${err.message}` },
      );
    });
    worker.on("exit", (code: number) => {
      this.fail(slot, { code: "INTERNAL", message: `the worker stopped (exit code ${code})` });
    });
    this.slots.push(slot);
    this.mostAlive = Math.max(this.mostAlive, this.slots.length);
    this.options.onSpawn?.(this.slots.length);
    return slot;
  }

  /** Starts `count` workers (default: as many as `workers`) ahead of the first file. */
  async warm(count = this.wanted): Promise<void> {
    this.workers = Math.max(this.wanted, count);
    while (this.slots.length < this.wanted) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Runs the extract stage of one file on a worker. Never rejects: failures are replies. */
  run(path: string | Uint8Array, name: string = typeof path === "string" ? path : ""): Promise<PoolRun> {
    if (this.closed) throw new Error("the worker pool is closed");
    return new Promise<PoolRun>((resolve) => this.dispatch({ id: this.nextId++, path, name, resolve, first: false, started: 0 }));
  }

  /** The least busy worker takes the job; a new one starts while there are fewer than wanted and all are busy. */
  private dispatch(job: Job): void {
    // A worker stuck on a slow file counts as full: a file queued behind it would wait for it.
    const load = (s: Slot): number => s.jobs.length + (this.stuck(s) ? FILES_PER_WORKER : 0);
    let slot = this.slots.reduce<Slot | undefined>((best, s) => (!best || load(s) < load(best) ? s : best), undefined);
    if (!slot || (load(slot) > 0 && this.slots.length < this.wanted) || (this.stuck(slot) && this.slots.length < this.options.size)) {
      slot = this.spawn();
    }
    job.first = slot.runs++ === 0;
    this.post(slot, job);
  }

  /** Whether a worker's current file has held it longer than rescueAfterMs. */
  private stuck(slot: Slot): boolean {
    const head = slot.jobs[0];
    const after = this.options.rescueAfterMs;
    return after !== undefined && head !== undefined && head.started > 0 && performance.now() - head.started >= after;
  }

  /** Queues a job on a worker, posted once the worker has loaded its modules (its start is not timed), in the order given. */
  private post(target: Slot, job: Job): void {
    target.jobs.push(job);
    void target.ready.then(() => {
      if (!this.slots.includes(target) || !target.jobs.includes(job)) return;
      target.worker.postMessage({
        id: job.id,
        path: job.path,
        name: job.name,
        maxBytes: this.options.maxBytes,
        maxMemoryMb: this.options.maxMemoryMb,
        read: { ...this.options.read },
        timeoutMs: this.options.timeoutMs,
      } satisfies WorkerTask);
      if (target.jobs[0] === job) this.begin(target, job);
    });
  }

  /** The job at the head of a worker's queue starts: its time limit runs from now. */
  private begin(slot: Slot, job: Job): void {
    if (slot.jobs[0] !== job) return;
    job.started = performance.now();
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      this.fail(slot, { code: "TIMEOUT", message: `reading the file took longer than ${this.options.timeoutMs / 1000} s (--timeout)` });
    }, this.options.timeoutMs);
    clearTimeout(slot.patience);
    const after = this.options.rescueAfterMs;
    slot.patience = after === undefined ? undefined : setTimeout(() => this.rescue(slot), after);
    slot.patience?.unref();
  }

  /**
   * The files waiting behind a slow one go to a worker with nothing to read, or to a new one while
   * fewer than `size` are alive; the slow one keeps its worker (and its own time limit).
   */
  private rescue(slot: Slot): void {
    if (this.closed || !this.slots.includes(slot) || slot.jobs.length < 2) return;
    let target = this.slots.find((s) => s !== slot && s.jobs.length === 0);
    if (!target && this.slots.length < this.options.size) target = this.spawn();
    if (!target) return;
    const moved = slot.jobs.splice(1);
    for (const job of moved) {
      slot.worker.postMessage({ cancel: job.id } satisfies WorkerCancel);
      job.first = target.runs++ === 0;
      this.post(target, job);
    }
  }

  /** The files being read now, the longest-running first: what a progress display names. */
  reading(): Array<{ path: string; seconds: number }> {
    const now = performance.now();
    return this.slots
      .map((s) => s.jobs[0])
      .filter((j): j is Job => j !== undefined && j.started > 0)
      .map((j) => ({ path: typeof j.path === "string" ? j.path : j.name, seconds: (now - j.started) / 1000 }))
      .sort((a, b) => b.seconds - a.seconds);
  }

  private answer(slot: Slot, reply: WorkerReply): void {
    const i = slot.jobs.findIndex((j) => j.id === reply.id);
    if (i < 0) return;
    const [job] = slot.jobs.splice(i, 1) as [Job];
    clearTimeout(slot.timer);
    clearTimeout(slot.patience);
    slot.timer = undefined;
    settle(job, reply);
    const next = slot.jobs[0];
    if (next) this.begin(slot, next);
  }

  /**
   * The worker's current file failed and took the worker with it: that file gets the error, the
   * worker is replaced, and the files it held but had not begun go to other workers.
   */
  private fail(slot: Slot, error: { code: string; message: string }): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    clearTimeout(slot.timer);
    clearTimeout(slot.patience);
    void slot.worker.terminate();
    const [current, ...waiting] = slot.jobs.splice(0);
    if (current) settle(current, { id: current.id, ok: false, error });
    if (this.closed) return;
    for (const job of waiting) this.dispatch(job);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
