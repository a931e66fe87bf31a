// When a batch adds a worker (src/batch/scaling.ts): a table of measured states and the decision.
import { describe, expect, it } from "vitest";
import { WORKER_PAYS_OFF_SECONDS, workersWanted, type ReadingProgress } from "../src/batch/scaling.js";

const MB = 2 ** 20;
/** 1 MB a second on one worker, measured on 4 files. */
const measured = { bytesMeasured: 4 * MB, secondsMeasured: 4, filesMeasured: 4 };

const cases: Array<[Partial<ReadingProgress>, number, string]> = [
  [{ bytesLeft: 3 * MB }, 1, "3 s of work left: a second worker would not pay for its start"],
  [{ bytesLeft: 11 * MB }, 1, "5.5 s each for two: still under the pay-off"],
  [{ bytesLeft: 12 * MB }, 2, "6 s each for two: a second worker pays"],
  [{ bytesLeft: 100 * MB }, 4, "100 s of work: as many as there are CPUs"],
  [{ bytesLeft: 20 * MB, workers: 2 }, 3, "6.7 s each for three, 5 s each for four"],
  [{ bytesLeft: 1 * MB, workers: 3 }, 3, "never fewer workers than now"],
  [{ bytesLeft: 100 * MB, workers: 4 }, 4, "already at the most"],
  [{ bytesLeft: 100 * MB, filesMeasured: 1 }, 1, "one file is no rate yet (each worker's first is warm-up)"],
  [{ bytesLeft: 100 * MB, bytesMeasured: 0 }, 1, "empty files measured: no rate"],
  [{ bytesLeft: 100 * MB, secondsMeasured: 0 }, 1, "no time measured: no rate"],
  [{ bytesLeft: 100 * MB, maxWorkers: 1 }, 1, "one CPU"],
];

describe("workersWanted", () => {
  it.each(cases)("%j → %i (%s)", (state, expected) => {
    expect(workersWanted({ workers: 1, maxWorkers: 4, bytesLeft: 0, ...measured, ...state })).toBe(expected);
  });

  it("pays off at the documented number of seconds a worker", () => {
    const at = (seconds: number): number => workersWanted({ workers: 1, maxWorkers: 2, bytesLeft: seconds * 2 * MB, ...measured });
    expect(at(WORKER_PAYS_OFF_SECONDS)).toBe(2);
    expect(at(WORKER_PAYS_OFF_SECONDS - 0.1)).toBe(1);
  });
});
