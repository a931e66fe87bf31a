// Ruling lines in a scanned page: the skew the scanner left (from the long rules), and the rules
// themselves as long thin runs of ink, small gaps closed (noise, JPEG, a seal over a rule). Pure TS
// on the ink mask; all lengths are given in PDF points and turned into pixels by the page's scale.

/** An ink mask: 1 ink, 0 paper, row-major. */
export interface InkMask {
  width: number;
  height: number;
  ink: Uint8Array;
}

/** A rule found in the pixels: h rules have y0 === y1, v rules x0 === x1 (pixel centres). */
export interface PixelRule {
  dir: "h" | "v";
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Across the rule, pixels. */
  thickness: number;
}

/**
 * Lengths the rule finder works with, in PDF points, each with its reason. They are sizes of print,
 * not of the scan: the same sheet at 150 or 300 dpi gives the same rules.
 */
export const RULE_GEOMETRY = {
  /** A run of ink this long is no stroke of a character (a character is at most about 14 pt wide in these sheets, their titles included). */
  longRun: 30,
  /** A shorter run counts when both its ends meet rules across it: the rule between two cells of one row, a row as short as one line of 8 pt text. */
  shortRun: 6,
  /** Gaps of at most this much in a run are closed: a rule that noise, JPEG or a light print broke. */
  gap: 0.6,
  /** Rules broken further (a seal's ring over a rule) are joined when the gap is at most this and both pieces lie on one line (longRun between pieces at least that long). */
  bridge: 4,
  /** Rules are hairlines to 2 pt; thicker ink is a filled area or bold text, no rule. */
  maxThickness: 3,
  /** How far a rule's end may stop short of the rule it meets and still meet it. */
  meet: 2.5,
  /**
   * A short run's ends must come this close to the rules across it: a cell wall runs into them
   * (its ink joins theirs), while a bold glyph's stroke in a row as tall as one line of text stops
   * a point or two short of both (ueda-r2-html's first row: 標, 権, 推, 優, 位 each gave a wall
   * 2.3 pt short of the rules above and below, that cut its cells in two).
   */
  shortMeet: 1,
  /** A rule that runs on past the last rule across it by at most this much is cut back to it (text glued to it by the gaps closed). */
  overshoot: 10,
  /** A thinner rule this close beside a rule is its blurred edge. */
  halo: 1,
  /** Largest skew looked for, degrees: a sheet placed by hand on a flatbed is within it. */
  maxSkew: 2,
} as const;

/**
 * Dotted and dashed rules in the pixels: marks (dots, dashes) on one pixel line, each a run of ink
 * no longer than `maxMark`, standing at one pitch, joined into one run from the first mark to the
 * last (as src/extract/pdf/rules.ts joins a text PDF's vector dots). Their white is wider than the
 * gaps closed: Chromium's dots are 0.5 pt with 1 pt between, its dashes 2.3 pt with 1.5 pt
 * between, Writer's 8 pt with 2.4 pt between.
 */
export const RULE_MARKS_PX = {
  /** The longest mark that may be a dash, points (src/extract/pdf/rules.ts's maxMarkLength). */
  maxMark: 12,
  /** The white between two marks, at most this many of the longer mark's lengths (dots stand two dots apart). */
  gapInMarks: 3,
  /**
   * Marks in a chain: a printed rule's marks repeat one pitch and one length, which a line of text
   * does not (its strokes differ glyph by glyph); five in a row at one pitch is no accident of print.
   */
  minMarks: 5,
  /** How far a mark's length and its pitch may stray from the chain's first, pixels: the grid rounds each by one, blur and noise by another half. */
  slackPx: 1.5,
  /** …or this share of them, where that is more (long dashes at a pitch of 10 pt). */
  slack: 0.15,
} as const;

interface Run {
  /** Row (h) or column (v) of the run. */
  at: number;
  from: number;
  to: number;
}

/** Runs of ink along rows (h) or columns (v), gaps of at most `gap` pixels closed, at least `min` long. */
function runsOf(mask: InkMask, dir: "h" | "v", gap: number, min: number): Run[] {
  // Columns are read as the rows of the transposed mask: walking a column of a large image touches
  // a cache line per pixel.
  const { width, height, ink } = dir === "h" ? mask : transposed(mask);
  const lines = height;
  const length = width;
  const step = 1;
  const runs: Run[] = [];
  for (let at = 0; at < lines; at++) {
    const base = at * width;
    let start = -1;
    let lastInk = -1;
    for (let i = 0; i <= length; i++) {
      const on = i < length && ink[base + i * step] === 1;
      if (on) {
        if (start < 0) start = i;
        else if (i - lastInk - 1 > gap) {
          if (lastInk - start + 1 >= min) runs.push({ at, from: start, to: lastInk });
          start = i;
        }
        lastInk = i;
      }
    }
    if (start >= 0 && lastInk - start + 1 >= min) runs.push({ at, from: start, to: lastInk });
  }
  return runs;
}

/**
 * Runs rebuilt from dotted and dashed lines (RULE_MARKS_PX), on every row (h) or column (v): marks
 * are runs of ink with no white pixel in them closed but one, chained while each stands at the
 * chain's pitch with the chain's length.
 */
function markedRuns(mask: InkMask, dir: "h" | "v", pxPerPt: number): Run[] {
  const { width, height, ink } = dir === "h" ? mask : transposed(mask);
  const maxMark = RULE_MARKS_PX.maxMark * pxPerPt;
  const slack = (v: number): number => Math.max(RULE_MARKS_PX.slackPx, RULE_MARKS_PX.slack * v);
  const out: Run[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let at = 0; at < height; at++) {
    const base = at * width;
    from.length = 0;
    to.length = 0;
    let start = -1;
    let lastInk = -2;
    for (let i = 0; i <= width; i++) {
      const on = i < width && ink[base + i] === 1;
      if (!on) continue;
      if (start >= 0 && i - lastInk - 1 > 1) {
        from.push(start);
        to.push(lastInk);
        start = -1;
      }
      if (start < 0) start = i;
      lastInk = i;
    }
    if (start >= 0) {
      from.push(start);
      to.push(lastInk);
    }
    // Chains: k0 the first mark, its length and the pitch to the second the chain's own.
    let k0 = 0;
    const flush = (end: number): void => {
      if (end - k0 + 1 >= RULE_MARKS_PX.minMarks) out.push({ at, from: from[k0] as number, to: to[end] as number });
    };
    for (let k = 1; k <= from.length; k++) {
      const len0 = (to[k0] as number) - (from[k0] as number) + 1;
      let fits = k < from.length;
      if (fits) {
        const len = (to[k] as number) - (from[k] as number) + 1;
        const prevLen = (to[k - 1] as number) - (from[k - 1] as number) + 1;
        const gap = (from[k] as number) - (to[k - 1] as number) - 1;
        const pitch = (from[k] as number) - (from[k - 1] as number);
        const pitch0 = k - k0 >= 2 ? (from[k0 + 1] as number) - (from[k0] as number) : pitch;
        fits = len0 <= maxMark && len <= maxMark && Math.abs(len - len0) <= slack(len0) && gap <= RULE_MARKS_PX.gapInMarks * Math.max(len, prevLen) && Math.abs(pitch - pitch0) <= slack(pitch0);
      }
      if (!fits) {
        flush(k - 1);
        // The mark that broke the chain may open the next one.
        k0 = k;
      }
    }
  }
  return out;
}

/** Runs on each line joined where they overlap or touch (a dashed rule's chain over the dashes already long enough to be runs). */
function unionRuns(runs: Run[]): Run[] {
  const sorted = [...runs].sort((a, b) => a.at - b.at || a.from - b.from);
  const out: Run[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.at === r.at && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

let lastTransposed: { of: InkMask; mask: InkMask } | undefined;

/** The mask with rows and columns swapped (kept for the last mask asked: both passes of findRules use it). */
function transposed(mask: InkMask): InkMask {
  if (lastTransposed?.of === mask) return lastTransposed.mask;
  const { width, height, ink } = mask;
  const out = new Uint8Array(width * height);
  const BLOCK = 64;
  for (let y0 = 0; y0 < height; y0 += BLOCK) {
    for (let x0 = 0; x0 < width; x0 += BLOCK) {
      for (let y = y0; y < Math.min(height, y0 + BLOCK); y++) {
        for (let x = x0; x < Math.min(width, x0 + BLOCK); x++) out[x * height + y] = ink[y * width + x] as number;
      }
    }
  }
  const t = { width: height, height: width, ink: out };
  lastTransposed = { of: mask, mask: t };
  return t;
}

/**
 * Runs on neighbouring rows (or columns) that overlap, grouped into rules; groups thicker than
 * `maxThickness` are filled areas and left out.
 */
function groupRuns(runs: Run[], dir: "h" | "v", maxThickness: number): PixelRule[] {
  interface Open {
    first: number;
    last: number;
    from: number;
    to: number;
    lastFrom: number;
    lastTo: number;
    weight: number;
    sumAt: number;
  }
  const byLine = new Map<number, Run[]>();
  for (const r of runs) (byLine.get(r.at) ?? byLine.set(r.at, []).get(r.at))?.push(r);
  const lines = [...byLine.keys()].sort((a, b) => a - b);
  let open: Open[] = [];
  const done: Open[] = [];
  for (const at of lines) {
    const next: Open[] = [];
    const taken = new Set<Open>();
    for (const r of byLine.get(at) ?? []) {
      // A run goes on a rule only when it spans most of it: a character's stroke that touches a rule
      // (Calc sets text against the cell's rule) is no part of it, and would make it too thick to be one.
      const o = open.find((c) => !taken.has(c) && c.last === at - 1 && Math.min(c.lastTo, r.to) - Math.max(c.lastFrom, r.from) > 0.5 * Math.max(c.lastTo - c.lastFrom, r.to - r.from));
      const len = r.to - r.from + 1;
      if (o) {
        taken.add(o);
        o.last = at;
        o.from = Math.min(o.from, r.from);
        o.to = Math.max(o.to, r.to);
        o.lastFrom = r.from;
        o.lastTo = r.to;
        o.weight += len;
        o.sumAt += at * len;
        next.push(o);
      } else next.push({ first: at, last: at, from: r.from, to: r.to, lastFrom: r.from, lastTo: r.to, weight: len, sumAt: at * len });
    }
    for (const o of open) if (!taken.has(o)) done.push(o);
    open = next;
  }
  done.push(...open);
  return done
    .filter((o) => o.last - o.first + 1 <= maxThickness)
    .map((o) => {
      const mid = o.sumAt / o.weight;
      const thickness = o.last - o.first + 1;
      return dir === "h"
        ? { dir, x0: o.from, x1: o.to, y0: mid, y1: mid, thickness }
        : { dir, x0: mid, x1: mid, y0: o.from, y1: o.to, thickness };
    });
}

/** Share of a faint rule's gap that still shows ink on the line, for its pieces to be joined across it. */
const FAINT_COVERAGE = 0.3;

/** Share of the positions from `a` to `b` along a line (row or column `at`) with ink within a pixel of it. */
function lineCoverage(mask: InkMask, dir: "h" | "v", at: number, a: number, b: number): number {
  const c = Math.round(at);
  let hit = 0;
  let total = 0;
  for (let p = Math.ceil(a); p <= Math.floor(b); p++) {
    total++;
    for (let d = -1; d <= 1; d++) {
      const [x, y] = dir === "h" ? [p, c + d] : [c + d, p];
      if (x >= 0 && y >= 0 && x < mask.width && y < mask.height && mask.ink[y * mask.width + x] === 1) {
        hit++;
        break;
      }
    }
  }
  return total === 0 ? 1 : hit / total;
}

/**
 * Collinear rules whose ends are at most `bridge` apart, joined (a rule a seal or a fold broke), or
 * at most `long` apart where both are at least that long and the line goes on faintly between them
 * (a faint rule noise broke over and over).
 */
function bridgeRules(rules: PixelRule[], bridge: number, tolerance: number, long: number, mask: InkMask): PixelRule[] {
  const along = (r: PixelRule): [number, number] => (r.dir === "h" ? [r.x0, r.x1] : [r.y0, r.y1]);
  const across = (r: PixelRule): number => (r.dir === "h" ? r.y0 : r.x0);
  const sorted = [...rules].sort((a, b) => across(a) - across(b) || along(a)[0] - along(b)[0]);
  const out: PixelRule[] = [];
  for (const r of sorted) {
    const [from, to] = along(r);
    // Two long pieces may be further apart where the line goes on through the gap, only fainter: a
    // faint rule that noise broke every few points (not the white between two tables).
    const joins = (o: PixelRule): boolean => {
      if (Math.abs(across(o) - across(r)) > tolerance) return false;
      const gap = Math.max(from - along(o)[1], along(o)[0] - to);
      if (gap <= bridge) return true;
      if (gap > long || to - from < long || along(o)[1] - along(o)[0] < long) return false;
      const [a, b] = from > along(o)[1] ? [along(o)[1], from] : [to, along(o)[0]];
      return lineCoverage(mask, r.dir, (across(o) + across(r)) / 2, a, b) >= FAINT_COVERAGE;
    };
    const mate = out.find(joins);
    if (!mate) {
      out.push({ ...r });
      continue;
    }
    const [mf, mt] = along(mate);
    const lo = Math.min(mf, from);
    const hi = Math.max(mt, to);
    const weightMate = mt - mf;
    const weight = to - from;
    const mid = (across(mate) * weightMate + across(r) * weight) / Math.max(1, weightMate + weight);
    mate.thickness = Math.max(mate.thickness, r.thickness);
    if (r.dir === "h") Object.assign(mate, { x0: lo, x1: hi, y0: mid, y1: mid });
    else Object.assign(mate, { y0: lo, y1: hi, x0: mid, x1: mid });
  }
  return out;
}

/** Positions along `r` where rules of the other direction cross or meet it, within `meet` pixels. */
function crossings(r: PixelRule, others: PixelRule[], meet: number): number[] {
  const out: number[] = [];
  for (const o of others) {
    if (r.dir === "v") {
      if (o.x0 - meet <= r.x0 && r.x0 <= o.x1 + meet && o.y0 >= r.y0 - meet - o.thickness && o.y0 <= r.y1 + meet + o.thickness) out.push(o.y0);
    } else if (o.y0 - meet <= r.y0 && r.y0 <= o.y1 + meet && o.x0 >= r.x0 - meet - o.thickness && o.x0 <= r.x1 + meet + o.thickness) out.push(o.x0);
  }
  return out.sort((a, b) => a - b);
}

/**
 * A rule cut back to the first and last rules across it, where it runs past them by no more than
 * `overshoot` pixels: closing small gaps glues the text beyond a table's edge to its rules, and the
 * loose end would pass for a table a page break cut.
 */
function clipToCrossings(r: PixelRule, at: number[], overshoot: number): PixelRule {
  const first = at[0];
  const last = at[at.length - 1];
  if (first === undefined || last === undefined) return r;
  const [from, to] = r.dir === "h" ? [r.x0, r.x1] : [r.y0, r.y1];
  const start = first - from > 0 && first - from <= overshoot ? first : from;
  const end = to - last > 0 && to - last <= overshoot ? last : to;
  return r.dir === "h" ? { ...r, x0: start, x1: end } : { ...r, y0: start, y1: end };
}

/** Whether a short rule meets rules across it near both its ends (within a quarter of its length, or `meet` beyond). */
function meetsAtBothEnds(r: PixelRule, at: number[], meet: number): boolean {
  const [from, to] = r.dir === "h" ? [r.x0, r.x1] : [r.y0, r.y1];
  const quarter = (to - from) / 4;
  return at.some((p) => p >= from - meet && p <= from + quarter) && at.some((p) => p >= to - quarter && p <= to + meet);
}

/**
 * The page's ruling lines from its ink masks for each direction (ruleMask; level: deskewed first), and the blurred edges found
 * beside them (to erase with them). `pxPerPt` turns the lengths of RULE_GEOMETRY into pixels. Long
 * runs are rules outright; short ones only where both their ends meet rules across them, which no
 * stroke of a character does.
 */
export function findRules(masks: { h: InkMask; v: InkMask }, pxPerPt: number): { rules: PixelRule[]; halos: PixelRule[] } {
  const px = (pt: number): number => Math.max(1, Math.round(pt * pxPerPt));
  const gap = Math.max(2, px(RULE_GEOMETRY.gap));
  const maxThickness = px(RULE_GEOMETRY.maxThickness);
  const meet = px(RULE_GEOMETRY.meet);
  const shortMeet = px(RULE_GEOMETRY.shortMeet);
  const lengthOf = (r: PixelRule): number => (r.dir === "h" ? r.x1 - r.x0 : r.y1 - r.y0) + 1;
  const find = (dir: "h" | "v"): { long: PixelRule[]; short: PixelRule[] } => {
    const runs = runsOf(masks[dir], dir, gap, px(RULE_GEOMETRY.shortRun));
    const marked = markedRuns(masks[dir], dir, pxPerPt).filter((r) => r.to - r.from + 1 >= px(RULE_GEOMETRY.shortRun));
    const groups = groupRuns(marked.length > 0 ? unionRuns([...runs, ...marked]) : runs, dir, maxThickness);
    // Only pieces of rules are bridged: strokes of characters side by side on a line would join too.
    const pieces = groups.filter((r) => lengthOf(r) >= px(RULE_GEOMETRY.longRun) / 2);
    const long = bridgeRules(pieces, px(RULE_GEOMETRY.bridge), Math.max(2, maxThickness / 2), px(RULE_GEOMETRY.longRun), masks[dir]).filter((r) => lengthOf(r) >= px(RULE_GEOMETRY.longRun));
    return { long, short: groups.filter((r) => lengthOf(r) < px(RULE_GEOMETRY.longRun)) };
  };
  const h = find("h");
  const v = find("v");
  const overshoot = px(RULE_GEOMETRY.overshoot);
  // Vertical rules: long ones, and short ones between two horizontal rules (a one-line row's cell wall).
  const vs = [...v.long, ...v.short.filter((r) => meetsAtBothEnds(r, crossings(r, h.long, meet), shortMeet))].map((r) =>
    clipToCrossings(r, crossings(r, h.long, meet), overshoot),
  );
  // Horizontal rules under a single narrow cell: both ends on vertical rules.
  const hs = [...h.long, ...h.short.filter((r) => meetsAtBothEnds(r, crossings(r, vs, meet), shortMeet))].map((r) => clipToCrossings(r, crossings(r, vs, meet), overshoot));
  const hKept = absorbHalos(hs, px(RULE_GEOMETRY.halo));
  const vKept = absorbHalos(vs, px(RULE_GEOMETRY.halo));
  return { rules: [...hKept.kept, ...vKept.kept], halos: [...hKept.halos, ...vKept.halos] };
}

/**
 * Rules that run beside a longer one, closer than `distance` pixels, dropped: the grey edge a blur
 * or JPEG leaves along a rule comes out as a thin rule of its own that stops where the edge
 * fades, and its loose ends would pass for a table a page break cut (closeCutTables).
 */
function absorbHalos(rules: PixelRule[], distance: number): { kept: PixelRule[]; halos: PixelRule[] } {
  const across = (r: PixelRule): number => (r.dir === "h" ? r.y0 : r.x0);
  const span = (r: PixelRule): [number, number] => (r.dir === "h" ? [r.x0, r.x1] : [r.y0, r.y1]);
  const sorted = [...rules].sort((a, b) => span(b)[1] - span(b)[0] - (span(a)[1] - span(a)[0]));
  const kept: PixelRule[] = [];
  const halos: PixelRule[] = [];
  for (const r of sorted) {
    const [from, to] = span(r);
    const host = kept.find((k) => {
      const [kf, kt] = span(k);
      return Math.abs(across(k) - across(r)) <= distance + (k.thickness + r.thickness) / 2 && Math.min(kt, to) - Math.max(kf, from) >= 0.8 * (to - from);
    });
    (host ? halos : kept).push(r);
  }
  return { kept, halos };
}

/**
 * The skew of the page's rules, radians (positive: they fall to the right, y down), by the
 * projection of ink in long horizontal runs: at the right angle the rules' ink piles into the
 * fewest rows. 0 when the page has no such runs.
 */
export function estimateSkew(mask: InkMask, pxPerPt: number): number {
  const minRun = Math.max(8, Math.round(4 * pxPerPt));
  // Sample points: every third pixel of runs too long to be a character's stroke piece at any skew looked for.
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of runsOf(mask, "h", 1, minRun)) {
    for (let x = r.from; x <= r.to; x += 3) {
      xs.push(x);
      ys.push(r.at);
    }
  }
  if (xs.length < 200) return 0;
  // Bins for every row a point can project to at the largest skew looked for.
  const reach = Math.ceil(mask.width * Math.tan((RULE_GEOMETRY.maxSkew + 0.2) * (Math.PI / 180))) + 1;
  const bins = new Float64Array(mask.height + 2 * reach);
  const score = (angle: number): number => {
    const t = Math.tan(angle);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round((ys[i] as number) - (xs[i] as number) * t) + reach;
      bins[b] = (bins[b] as number) + 1;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += (bins[i] as number) * (bins[i] as number);
    return s;
  };
  const search = (from: number, to: number, step: number): number => {
    let best = 0;
    let bestScore = -1;
    for (let a = from; a <= to + 1e-12; a += step) {
      const s = score(a);
      // Ties go to the smaller turn (a level page stays untouched).
      if (s > bestScore || (s === bestScore && Math.abs(a) < Math.abs(best))) {
        bestScore = s;
        best = a;
      }
    }
    return best;
  };
  const deg = Math.PI / 180;
  const coarse = search(-RULE_GEOMETRY.maxSkew * deg, RULE_GEOMETRY.maxSkew * deg, 0.1 * deg);
  return search(coarse - 0.1 * deg, coarse + 0.1 * deg, 0.01 * deg);
}

/**
 * The ink a rule in direction `dir` may be made of: text-dark pixels, and pixels darker by `delta`
 * than the paper and than the pixels `offset` away on both sides across the direction (a hairline
 * the scan blurred to light grey: at 200 dpi a 0.5 pt rule is 190 on paper of 240, where text's
 * threshold is 158). A lighter threshold alone would join the tops of a line's characters into a
 * rule; across a character's stroke there is more of it, so a ridge there is no ridge.
 */
export function ruleMask(grey: { width: number; height: number; data: Uint8Array }, threshold: number, paper: number, delta: number, offset: number, dir: "h" | "v"): InkMask {
  const { width, height, data } = grey;
  const ink = new Uint8Array(width * height);
  const step = dir === "h" ? width * offset : offset;
  const limit = paper - delta;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const p = data[i] as number;
      if (p <= threshold) ink[i] = 1;
      else if (p <= limit) {
        const inside = dir === "h" ? y >= offset && y < height - offset : x >= offset && x < width - offset;
        if (inside && p + delta <= (data[i - step] as number) && p + delta <= (data[i + step] as number)) ink[i] = 1;
      }
    }
  }
  return { width, height, ink };
}
