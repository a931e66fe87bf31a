// The bounds the tool keeps on what one input may cost, each with its reason (a constant that
// stays lives here). Every pattern and search over a text runs in time linear in it
// (test/linear.test.ts); these bound what a text, and one match in it, may cost on top.

export interface Limit {
  value: number;
  reason: string;
}

export const LIMITS = {
  textChars: {
    value: 100_000,
    reason:
      "the longest text a line of a dump, a cell or a field may hold (the samples' longest field is 640 characters, a page of A4 holds about " +
      "2,000): a longer one is no printed field but cells or lines run together, and is refused as TOO_LARGE with its line or " +
      "page, so no stage meets a text of megabytes (V8's regular expressions run out of backtracking stack on ~8 million characters)",
  },
  numeralChars: {
    value: 64,
    reason:
      "the longest numeral an amount is printed with: 2^53 (the largest integer a fact's value holds exactly) has 16 digits, " +
      "under 40 characters spaced out by a PDF with 兆/億/万 and separators; a longer run of digits is no amount (a table whose " +
      "columns lost their gaps), and the tokenizer, asked about the word around a numeral, is quadratic in a run's length",
  },
  rememberedWindows: {
    value: 1024,
    reason:
      "windows of a text the tokenizer was asked about, kept for that text: a text that repeats itself (約1約1…) asks about few " +
      "distinct ones, and 1,024 short token lists stay under a megabyte",
  },
  diffCells: {
    value: 16_000_000,
    reason:
      "cells of check's character diff trace (64 MB of Int32): a row of twice the texts' length per edit, so two 2,000-character " +
      "fields may differ wholly; texts further apart are shown as their common ends and the rest removed and added",
  },
  deadlineEvery: {
    value: 256,
    reason: "matches between two looks at the clock inside one text: a look costs about 50 ns, 256 matches about 100 µs",
  },
} as const satisfies Record<string, Limit>;
