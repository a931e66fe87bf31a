// How many workers a batch reads with, when the user has not fixed it. A worker costs its start
// (pdf.js compiled and warmed again: about 1 s of CPU) and its memory (about 110 MB), so one more is
// started only when the files left would keep it busy long enough to pay for that. Short batches
// stay on one worker (with the main thread finishing documents, that keeps 1.25 cores busy); long
// ones grow to one worker per CPU. Pure: the batch measures, this decides.

/** A new worker must have at least this many seconds of reading ahead of it to be worth starting. */
export const WORKER_PAYS_OFF_SECONDS = 6;

/** Files read (after each worker's first, which includes its warm-up) before the rate is trusted. */
export const MIN_FILES_MEASURED = 2;

export interface ReadingProgress {
  /** Workers reading now. */
  workers: number;
  /** The most workers allowed (the number of CPUs). */
  maxWorkers: number;
  /** Bytes of the files not yet started. */
  bytesLeft: number;
  /** Bytes and worker-seconds of the files read so far, first file of each worker left out. */
  bytesMeasured: number;
  secondsMeasured: number;
  filesMeasured: number;
}

/** The number of workers to read the rest of the batch with: never fewer than now. */
export function workersWanted(p: ReadingProgress): number {
  if (p.workers >= p.maxWorkers || p.filesMeasured < MIN_FILES_MEASURED || p.bytesMeasured <= 0 || p.secondsMeasured <= 0) {
    return p.workers;
  }
  const secondsLeft = (p.bytesLeft * p.secondsMeasured) / p.bytesMeasured;
  let workers = p.workers;
  while (workers < p.maxWorkers && secondsLeft / (workers + 1) >= WORKER_PAYS_OFF_SECONDS) workers++;
  return workers;
}
