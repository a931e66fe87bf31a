// Progress on a TTY: files and pages done, rate, ETA, failures so far — redrawn in place on stderr.
// Off when stderr is not a terminal (logs get only the summary) or with --quiet.
import type { ProgressEvent } from "./run.js";

export interface ProgressOptions {
  enabled?: boolean;
  /** Minimum milliseconds between redraws. Default 100. */
  interval?: number;
}

export class ProgressDisplay {
  private readonly out: NodeJS.WriteStream;
  private readonly enabled: boolean;
  private readonly interval: number;
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(out: NodeJS.WriteStream, options: ProgressOptions = {}) {
    this.out = out;
    this.enabled = (options.enabled ?? true) && Boolean(out.isTTY);
    this.interval = options.interval ?? 100;
  }

  update(e: ProgressEvent): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (e.done < e.total && now - this.lastDraw < this.interval) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? e.done / seconds : 0;
    const eta = rate > 0 ? (e.total - e.done) / rate : 0;
    const line =
      `${e.done}/${e.total} files, ${e.pages} pages, ${rate.toFixed(1)} files/s` +
      `${e.done < e.total ? `, ETA ${formatDuration(eta)}` : ""}${e.failed > 0 ? `, ${e.failed} failed` : ""}` +
      `${e.warned > 0 ? `, ${e.warned} with warnings` : ""}`;
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
