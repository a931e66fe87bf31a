// Character-level differences between two texts (Myers' O(ND) algorithm), for showing where a long
// field went wrong. Texts are compared as check compares them: white space removed, so a line
// wrap is no difference.

export type DiffOp = "=" | "-" | "+";

export interface DiffSegment {
  op: DiffOp;
  text: string;
}

import { LIMITS } from "../limits.js";

/**
 * The edit script turning `a` into `b`: "-" is in a only, "+" in b only. The trace keeps a row per
 * edit, so edits are bounded by LIMITS.diffCells: texts further apart than that are told as their
 * common ends and the rest removed and added.
 */
export function diffChars(a: string, b: string): DiffSegment[] {
  const x = [...a];
  const y = [...b];
  const n = x.length;
  const m = y.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  const maxEdits = Math.min(max, Math.floor(LIMITS.diffCells.value / v.length));
  let found = false;
  for (let d = 0; d <= maxEdits && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let i: number;
      if (k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))) i = v[offset + k + 1] as number;
      else i = (v[offset + k - 1] as number) + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i++;
        j++;
      }
      v[offset + k] = i;
      if (i >= n && j >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return coarseDiff(x, y);
  // Walk the trace back into operations.
  const ops: Array<{ op: DiffOp; ch: string }> = [];
  let i = n;
  let j = m;
  for (let d = trace.length - 1; d >= 0 && (i > 0 || j > 0); d--) {
    const vd = trace[d] as Int32Array;
    const k = i - j;
    let prevK: number;
    if (k === -d || (k !== d && (vd[offset + k - 1] as number) < (vd[offset + k + 1] as number))) prevK = k + 1;
    else prevK = k - 1;
    const prevI = vd[offset + prevK] as number;
    const prevJ = prevI - prevK;
    while (i > prevI && j > prevJ) {
      ops.push({ op: "=", ch: x[i - 1] as string });
      i--;
      j--;
    }
    if (d > 0) {
      if (i === prevI) ops.push({ op: "+", ch: y[j - 1] as string });
      else ops.push({ op: "-", ch: x[i - 1] as string });
    }
    i = prevI;
    j = prevJ;
  }
  ops.reverse();
  const segments: DiffSegment[] = [];
  for (const { op, ch } of ops) {
    const last = segments[segments.length - 1];
    if (last && last.op === op) last.text += ch;
    else segments.push({ op, text: ch });
  }
  return segments;
}

/** Common ends kept, the middles removed and added: the diff of texts too far apart to trace. */
function coarseDiff(x: string[], y: string[]): DiffSegment[] {
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
  const segments: DiffSegment[] = [];
  const push = (op: DiffOp, chars: string[]): void => {
    if (chars.length > 0) segments.push({ op, text: chars.join("") });
  };
  push("=", x.slice(0, start));
  push("-", x.slice(start, x.length - end));
  push("+", y.slice(start, y.length - end));
  push("=", x.slice(x.length - end));
  return segments;
}

/**
 * A short rendering of the differences: unchanged runs longer than 2 × `context` characters are
 * cut to their ends; removed text in [-…], added text in {+…}.
 */
export function formatDiff(segments: DiffSegment[], context = 12): string {
  return segments
    .map((s, index) => {
      if (s.op === "-") return `[-${s.text}-]`;
      if (s.op === "+") return `{+${s.text}+}`;
      const chars = [...s.text];
      const first = index === 0;
      const last = index === segments.length - 1;
      if (first && chars.length > context) return `…${chars.slice(-context).join("")}`;
      if (last && chars.length > context) return `${chars.slice(0, context).join("")}…`;
      if (chars.length > 2 * context) return `${chars.slice(0, context).join("")}…${chars.slice(-context).join("")}`;
      return s.text;
    })
    .join("");
}

/** The diff of two field values as check sees them (white space removed). */
export function fieldDiff(want: unknown, got: unknown, context = 12): string {
  const squash = (v: unknown): string => (v === undefined || v === null ? "" : String(v).replace(/\s+/gu, ""));
  return formatDiff(diffChars(squash(want), squash(got)), context);
}
