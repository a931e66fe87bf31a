// A file's time limit as a point in time, for work that runs on the main thread (normalizing,
// validating): nothing can stop that work from outside, so it looks at the clock between steps
// and ends the file with TIMEOUT once the time is up. The batch goes on with the next file.
import { SheetExtractError } from "./errors.js";

export class Deadline {
  private constructor(
    private at: number,
    /** The limit, as the message names it ("its 10 s time limit (--timeout)"). */
    private readonly limit: string,
  ) {}

  /** A deadline `ms` from now; `limit` names it in the message. */
  static in(ms: number, limit: string): Deadline {
    return new Deadline(performance.now() + Math.max(0, ms), limit);
  }

  /** Moves the deadline `ms` later: time spent on what is not the file's (loading the shared tokenizer). */
  extend(ms: number): void {
    this.at += Math.max(0, ms);
  }

  get passed(): boolean {
    return performance.now() > this.at;
  }

  /** Throws TIMEOUT once the time is up; `doing` names what was under way. */
  check(doing: string): void {
    if (performance.now() > this.at) {
      throw new SheetExtractError("TIMEOUT", `the file ran past ${this.limit} while ${doing}`);
    }
  }
}
