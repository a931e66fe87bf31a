// Progress on a TTY: files and pages done, rate, ETA, failures so far, and the file that has been
// reading longest when one holds its worker for seconds — redrawn in place on stderr. Off when
// stderr is not a terminal (logs get only the summary) or with --quiet.
import type { ProgressEvent, ReadingFile } from "./run.js";

export interface ProgressOptions {
  enabled?: boolean;
  /** Minimum milliseconds between redraws. Default 100. */
  interval?: number;
}

/** A file reading this long (seconds) is named on the progress line: a sheet reads in well under one. */
export const NAME_AFTER_SECONDS = 2;

export class ProgressDisplay {
  private readonly out: NodeJS.WriteStream;
  private readonly enabled: boolean;
  private readonly interval: number;
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;
  private last: ProgressEvent | undefined;
  private longest: ReadingFile | undefined;

  constructor(out: NodeJS.WriteStream, options: ProgressOptions = {}) {
    this.out = out;
    this.enabled = (options.enabled ?? true) && Boolean(out.isTTY);
    this.interval = options.interval ?? 100;
  }

  update(e: ProgressEvent): void {
    if (!this.enabled) return;
    this.last = e;
    const now = performance.now();
    if (e.done < e.total && now - this.lastDraw < this.interval) return;
    this.draw(now);
  }

  /** The files being read now, the longest-running first (the batch calls this every second). */
  reading(files: readonly ReadingFile[]): void {
    if (!this.enabled) return;
    const longest = files[0];
    const named = longest && longest.seconds >= NAME_AFTER_SECONDS ? longest : undefined;
    if (!named && !this.longest) return;
    this.longest = named;
    this.draw(performance.now());
  }

  private draw(now: number): void {
    const e = this.last;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const done = e?.done ?? 0;
    const rate = seconds > 0 ? done / seconds : 0;
    let line = "";
    if (e) {
      const eta = rate > 0 ? (e.total - e.done) / rate : 0;
      line =
        `${e.done}/${e.total} files, ${e.pages} pages, ${rate.toFixed(1)} files/s` +
        `${e.done < e.total && rate > 0 ? `, ETA ${formatDuration(eta)}` : ""}${e.failed > 0 ? `, ${e.failed} failed` : ""}` +
        `${e.warned > 0 ? `, ${e.warned} with warnings` : ""}`;
    }
    if (this.longest && (!e || e.done < e.total)) {
      line += `${line === "" ? "" : " · "}reading ${this.longest.file} (${formatDuration(this.longest.seconds)})`;
    }
    const width = this.out.columns ?? 80;
    this.out.write(`\r${line.slice(0, width - 1).padEnd(Math.min(width - 1, 79))}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.enabled && this.drawn) this.out.write("\n");
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}
