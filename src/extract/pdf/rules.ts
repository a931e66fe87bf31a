// Ruling lines drawn as something other than one line each, rebuilt before the layout sees them (as
// pdfplumber's and camelot's line finders join collinear edges): a dotted border is one tiny filled
// square per dot (Chromium), a dashed one a short segment per dash; each dash's ends would otherwise
// read as cut table edges (closeCutTables) and each dot as a shaded area whose edges end rows. Marks
// on one line, close enough in a row, become one rule from the first mark to the last. Runs in
// O(n log n) in the page's segments and fills (one sort, one pass per line).
import type { Fill, Segment } from "./geometry.js";

/** Why each constant has its value (display space, points). */
export const RULE_MARKS = {
  /**
   * The longest mark that may be a dash: dashes of CSS borders are 3× the border's width (2.25 pt at
   * 1 px, 4.5 pt at 2 px); Word's and Calc's long dashes and dash-dots reach 6–9 pt. Longer
   * segments are rules of their own and join a chain only as its neighbours.
   */
  maxMarkLength: 12,
  /**
   * How far apart two marks on one line may be, in the longer mark's lengths: dots stand one dot
   * apart, CSS dashes 0.7 of a dash, Word's dashes one dash, dash-dot-dot patterns two dots between
   * dashes. Three lengths bridge all of them, and no gap between two cells' text.
   */
  gapInMarks: 3,
  /** The least gap always bridged (marks of a fraction of a point at a join). */
  minGap: 1,
  /** Marks a chain needs to be a rule: two short strokes side by side are no evidence of a line. */
  minMarks: 3,
  /** How far off one line a mark may lie (half a hairline's rounding). */
  lineTolerance: 0.5,
  /** A filled square no wider than this is a dot (or a bullet), never a shaded area. */
  maxDot: 3,
  /**
   * A mark read as a rule no longer than this may be a dot of a line the other way: a dot a hair
   * wider than tall comes out as a tiny rule (Chromium's dots are 0.75 pt at 1 px, 1.5 at 2 px). A
   * dash is longer: dashes of a row's top and bottom borders stand in line down the page and would
   * make a rule of every dash.
   */
  maxDotRule: 1.6,
} as const;

/** A mark on one axis: where it lies across the line (at), and its extent along it. */
interface Mark {
  at: number;
  from: number;
  to: number;
  /** What drew it: a short segment or a dot's fill. */
  origin: Segment | Fill;
}

/** Collinear marks (dots, dashes) joined into rules; dots are no fills, joined or not. */
export function rebuildRules(segments: Segment[], fills: Fill[]): { segments: Segment[]; fills: Fill[] } {
  const { maxMarkLength, maxDot } = RULE_MARKS;
  const dots = fills.filter((f) => f.x1 - f.x0 <= maxDot && f.y1 - f.y0 <= maxDot);
  const lengthOf = (s: Segment): number => (s.dir === "h" ? s.x1 - s.x0 : s.y1 - s.y0);
  const hMarks: Mark[] = [];
  const vMarks: Mark[] = [];
  const kept: Segment[] = [];
  const short: Segment[] = [];
  for (const s of segments) {
    const length = lengthOf(s);
    if (length > maxMarkLength) {
      kept.push(s);
      continue;
    }
    short.push(s);
    if (s.dir === "h") hMarks.push({ at: s.y0, from: s.x0, to: s.x1, origin: s });
    else vMarks.push({ at: s.x0, from: s.y0, to: s.y1, origin: s });
    // A mark no longer than a dot may be a dot of a line the other way: a dot a hair wider than it
    // is tall is read as a tiny horizontal rule, however its neighbours stand.
    if (length <= RULE_MARKS.maxDotRule) {
      const mid = s.dir === "h" ? (s.x0 + s.x1) / 2 : (s.y0 + s.y1) / 2;
      if (s.dir === "h") vMarks.push({ at: mid, from: s.y0 - length / 2, to: s.y0 + length / 2, origin: s });
      else hMarks.push({ at: mid, from: s.x0 - length / 2, to: s.x0 + length / 2, origin: s });
    }
  }
  if (short.length + dots.length === 0) return { segments, fills };
  for (const d of dots) {
    hMarks.push({ at: (d.y0 + d.y1) / 2, from: d.x0, to: d.x1, origin: d });
    vMarks.push({ at: (d.x0 + d.x1) / 2, from: d.y0, to: d.y1, origin: d });
  }
  const joined = new Set<Segment | Fill>();
  const out = [...kept];
  for (const [dir, marks] of [
    ["h", hMarks],
    ["v", vMarks],
  ] as const) {
    for (const chain of chains(marks)) {
      if (chain.length < RULE_MARKS.minMarks) continue;
      for (const m of chain) joined.add(m.origin);
      let at = 0;
      let from = Infinity;
      let to = -Infinity;
      for (const m of chain) {
        at += m.at / chain.length;
        from = Math.min(from, m.from);
        to = Math.max(to, m.to);
      }
      out.push(dir === "h" ? { dir, x0: from, x1: to, y0: at, y1: at } : { dir, x0: at, x1: at, y0: from, y1: to });
    }
  }
  // Short segments in no line stay what they were (a tick, a short rule of its own).
  for (const s of short) if (!joined.has(s)) out.push(s);
  // A dot, joined or not, is no shaded area: its edges would end rows of text beside it.
  const dotSet = new Set<Fill>(dots);
  return { segments: out, fills: fills.filter((f) => !dotSet.has(f)) };
}

/** Marks grouped into runs on one line, each mark within the allowed gap of the one before. */
function chains(marks: Mark[]): Mark[][] {
  const { lineTolerance, gapInMarks, minGap } = RULE_MARKS;
  const sorted = [...marks].sort((a, b) => a.at - b.at || a.from - b.from);
  // Lines: marks whose `at` lies within the tolerance of the line's first mark.
  const lines: Mark[][] = [];
  for (const m of sorted) {
    const line = lines[lines.length - 1];
    if (line && m.at - (line[0] as Mark).at <= lineTolerance) line.push(m);
    else lines.push([m]);
  }
  const out: Mark[][] = [];
  for (const line of lines) {
    line.sort((a, b) => a.from - b.from);
    let chain: Mark[] = [];
    let reach = -Infinity;
    let lastLength = 0;
    for (const m of line) {
      const length = m.to - m.from;
      const gap = m.from - reach;
      if (chain.length > 0 && gap > Math.max(minGap, gapInMarks * Math.max(length, lastLength))) {
        out.push(chain);
        chain = [];
      }
      chain.push(m);
      reach = Math.max(reach, m.to);
      lastLength = length;
    }
    if (chain.length > 0) out.push(chain);
  }
  return out;
}
