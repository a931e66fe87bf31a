// Ruling lines from painted paths: stroked lines and rectangles, and thin filled rectangles (Chromium
// and Word draw borders that way), in page space (operators.ts follows the CTM through save/restore,
// cm and form XObjects). Curves and anything not axis-aligned are left out: table rules are straight.
import { apply, type Matrix } from "./matrix.js";

export interface Segment {
  /** Orientation: h lines have y0 === y1, v lines x0 === x1; coordinates ordered (x0 ≤ x1, y0 ≤ y1). */
  dir: "h" | "v";
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A filled rectangle wider and taller than a rule (a shaded cell, a text background), in page space. */
export interface Fill {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Rectangles thinner than this (points) are lines. */
const THIN = 3;
/** Slope tolerance for axis-aligned lines (points of drift over the line). */
const AXIS_TOLERANCE = 0.5;

/** Appends the axis-aligned rules of one painted path (pdf.js path data, in user space) to `out`. */
export function collectPath(data: ArrayLike<number>, ctm: Matrix, stroked: boolean, out: Segment[], fills?: Fill[]): void {
  readPath(data, ctm, stroked, fills, (ax, ay, bx, by) => {
    if (Math.abs(ay - by) <= AXIS_TOLERANCE && Math.abs(ax - bx) > AXIS_TOLERANCE) {
      const y = (ay + by) / 2;
      out.push({ dir: "h", x0: Math.min(ax, bx), x1: Math.max(ax, bx), y0: y, y1: y });
    } else if (Math.abs(ax - bx) <= AXIS_TOLERANCE && Math.abs(ay - by) > AXIS_TOLERANCE) {
      const x = (ax + bx) / 2;
      out.push({ dir: "v", x0: x, x1: x, y0: Math.min(ay, by), y1: Math.max(ay, by) });
    }
  });
}

/** Points each op of pdf.js path data (DrawOPS) takes: 0 moveTo and 1 lineTo one, 2 curveTo three, 3 quadraticCurveTo two, 4 closePath none. */
const OP_POINTS: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 3, 3: 2, 4: 0 };

/** Calls `visit` with each op of pdf.js path data and its points in page space; stops at an unknown op. */
function walkPath(data: ArrayLike<number>, ctm: Matrix, visit: (op: number, points: Array<[number, number]>) => void): void {
  for (let i = 0; i < data.length; ) {
    const op = data[i] as number;
    const n = OP_POINTS[op];
    if (n === undefined) break;
    const points: Array<[number, number]> = [];
    for (let k = 0; k < n; k++) points.push(apply(ctm, data[i + 1 + 2 * k] ?? 0, data[i + 2 + 2 * k] ?? 0));
    visit(op, points);
    i += 1 + 2 * n;
  }
}

/** Reads the rules (and, given `fills`, the shaded areas) of one painted path. */
function readPath(
  data: ArrayLike<number>,
  ctm: Matrix,
  stroked: boolean,
  fills: Fill[] | undefined,
  addLine: (ax: number, ay: number, bx: number, by: number) => void,
): void {
  // Collect subpaths as point lists; rectangles (4 corners, axis-aligned) are recognized whole.
  const subpaths: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  let curved = false;
  walkPath(data, ctm, (op, points) => {
    const end = points[points.length - 1];
    if (op === 0) {
      if (current.length > 0) subpaths.push(current);
      current = end ? [end] : [];
    } else if (op === 4) {
      if (current.length > 0 && current[0]) current.push(current[0]);
    } else if (end) {
      // A curve keeps only its end point: a curved path is no rule, it is only noted.
      if (op !== 1) curved = true;
      current.push(end);
    }
  });
  if (current.length > 0) subpaths.push(current);
  if (curved) return;

  for (const points of subpaths) {
    const rect = asRectangle(points);
    if (rect) {
      const [x0, y0, x1, y1] = rect;
      const w = x1 - x0;
      const h = y1 - y0;
      if (!stroked && h <= THIN && w > h) addLine(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
      else if (!stroked && w <= THIN && h > w) addLine((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
      else if (!stroked) {
        // A filled area (a cell or text background) is no rule: its edges would box in highlighted
        // words. Borders drawn next to it are rules of their own. It is kept apart: a shaded label
        // cell in a table without rules still tells where its row begins and ends.
        fills?.push({ x0, y0, x1, y1 });
      } else {
        addLine(x0, y0, x1, y0);
        addLine(x0, y1, x1, y1);
        addLine(x0, y0, x0, y1);
        addLine(x1, y0, x1, y1);
      }
      continue;
    }
    if (!stroked) continue;
    for (let k = 1; k < points.length; k++) {
      const a = points[k - 1] as [number, number];
      const b = points[k] as [number, number];
      addLine(a[0], a[1], b[0], b[1]);
    }
  }
}

/** The bounds of a closed axis-aligned 4-corner path, else undefined. */
function asRectangle(points: Array<[number, number]>): [number, number, number, number] | undefined {
  const pts = points.length === 5 && near(points[0], points[4]) ? points.slice(0, 4) : points;
  if (pts.length !== 4) return undefined;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const onEdge = pts.every(
    (p) => (Math.abs(p[0] - x0) < AXIS_TOLERANCE || Math.abs(p[0] - x1) < AXIS_TOLERANCE) && (Math.abs(p[1] - y0) < AXIS_TOLERANCE || Math.abs(p[1] - y1) < AXIS_TOLERANCE),
  );
  return onEdge ? [x0, y0, x1, y1] : undefined;
}

function near(a: [number, number] | undefined, b: [number, number] | undefined): boolean {
  return !!a && !!b && Math.abs(a[0] - b[0]) < 1e-3 && Math.abs(a[1] - b[1]) < 1e-3;
}

/** Bounds in page space of every point of a path (a curve's control points bound it), or undefined for an empty one. */
export function pathBounds(data: ArrayLike<number>, ctm: Matrix): [number, number, number, number] | undefined {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  walkPath(data, ctm, (_, points) => {
    for (const [x, y] of points) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  });
  return x0 <= x1 && y0 <= y1 ? [x0, y0, x1, y1] : undefined;
}
