// Normalization is linear in its input: every pattern and search over a field, fed runs of 10⁴ and
// 8·10⁴ characters of each class the patterns use (and, by fast-check, of random mixes of them), costs at most about 8 times more at 8 times the
// size (a quadratic search costs 64 times, an exponential one never ends). Measured in CPU time of
// this process, 1× against 8× in one run (never against a wall-clock bound), and the tokenizer's
// work counted exactly.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { extractFacts } from "../src/normalize/facts.js";
import { getTokenizer, type Tokenizer } from "../src/normalize/tokenizer.js";

/** Each character class the patterns read: digits, numerals, units, white space, punctuation, era letters, and mixes. */
const CLASSES: Array<[string, string]> = [
  ["ASCII digits", "1"],
  ["全角 digits", "１"],
  ["kanji numerals", "一"],
  ["kanji units", "十"],
  ["large units", "万"],
  ["大字", "壱"],
  ["spaces", " "],
  ["tabs", "\t"],
  ["ideographic spaces", "\u3000"],
  ["commas", ","],
  ["全角 full stops", "．"],
  ["読点", "、"],
  ["era letters", "R"],
  ["era names", "令和"],
  ["range marks", "～"],
  ["spaced digits", "1 "],
  ["digits and commas", "1,"],
  ["digits and 万", "1万"],
  ["months", "4月"],
  ["約 and a digit", "約1"],
  ["counts", "1回"],
  ["era years", "令和2年"],
  ["abbreviated dates", "H31.4.1 "],
];

/** What stands around a run: nothing it can end in (the worst case for a search), a prefix and a counter, an era and 年度. */
const CONTEXTS: Array<[string, string]> = [
  ["", "x"],
  ["万 ", "回"],
  ["令和", "年度"],
];

const SMALL = 10_000;
const RATIO = 8;
/** Linear is 8; quadratic 64. Above 24 is no noise of a shared machine. */
const MOST = 24;
/** CPU milliseconds below which a 1× run is taken as this much (timer grain, JIT). */
const FLOOR_MS = 2;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The tokenizer, counting the characters it is given. */
function counting(inner: Tokenizer): Tokenizer & { chars: number } {
  const t = {
    chars: 0,
    tokenize(text: string) {
      t.chars += text.length;
      return inner.tokenize(text);
    },
  };
  return t;
}

let tokenizer: Tokenizer;
beforeAll(async () => {
  tokenizer = await getTokenizer();
});

function cost(text: string, reps: number): { ms: number; tokenized: number } {
  let ms = Infinity;
  let tokenized = 0;
  for (let k = 0; k < reps; k++) {
    const counted = counting(tokenizer);
    const t0 = cpuMs();
    extractFacts(text, { fiscalYear: 2020, tokenizer: counted });
    ms = Math.min(ms, cpuMs() - t0);
    tokenized = counted.chars;
  }
  return { ms, tokenized };
}

describe.each(CLASSES)("a run of %s", (_name, unit) => {
  it.each(CONTEXTS)("between %j and %j grows linearly", (pre, post) => {
    const run = (n: number): string => pre + unit.repeat(Math.ceil(n / unit.length)) + post;
    const small = cost(run(SMALL), 3);
    let large = cost(run(SMALL * RATIO), 1);
    // A second look before calling it super-linear: a collection or another process may have landed on the first.
    if (large.ms / Math.max(small.ms, FLOOR_MS) > MOST) large = cost(run(SMALL * RATIO), 2);
    expect(large.ms / Math.max(small.ms, FLOOR_MS), `${small.ms.toFixed(1)} ms → ${large.ms.toFixed(1)} ms`).toBeLessThan(MOST);
    // The tokenizer's work, counted: at most proportional to the text.
    expect(large.tokenized).toBeLessThanOrEqual(RATIO * small.tokenized + 64);
  });
});

describe("runs of the classes mixed", () => {
  it("grow linearly whatever the mix (fast-check: a random pattern of class units, repeated to 1× and 8×)", () => {
    const units = CLASSES.map(([, unit]) => unit);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { minLength: 1, maxLength: 24 }), fc.constantFrom(...CONTEXTS), (pattern, [pre, post]) => {
        const unit = pattern.join("");
        const run = (n: number): string => pre + unit.repeat(Math.ceil(n / unit.length)) + post;
        const small = cost(run(SMALL), 3);
        let large = cost(run(SMALL * RATIO), 1);
        if (large.ms / Math.max(small.ms, FLOOR_MS) > MOST) large = cost(run(SMALL * RATIO), 2);
        return large.ms / Math.max(small.ms, FLOOR_MS) < MOST && large.tokenized <= RATIO * small.tokenized + 64;
      }),
      { numRuns: 12, seed: 28 },
    );
  });
});
