// One pass over a page's operator list gives both what the layout needs: the glyphs, each placed by
// the text state as a renderer would place it (text matrix, Td/TJ moves, character and word
// spacing, horizontal scale, rise, the CTM), and the ruling lines. Reading the page once, not twice
// (getTextContent would parse the content stream again), halves pdf.js's share of the time; and
// every glyph keeps its own position, where getTextContent merges a line into one item and turns
// the gaps between cells into single spaces.
import type { TextRun } from "./document.js";
import { collectPath, pathBounds, type Fill, type Segment } from "./geometry.js";
import { IDENTITY, multiply, scaleThen, type Matrix } from "./matrix.js";

/** What the interpreter needs of a font pdf.js loaded. */
export interface FontInfo {
  vertical?: boolean;
  fontMatrix?: number[];
  isType3Font?: boolean;
  defaultVMetrics?: number[];
}

/** A glyph as pdf.js's evaluator hands it over in showText. */
interface PdfGlyph {
  unicode?: string;
  fontChar?: string;
  width?: number;
  isSpace?: boolean;
  vmetric?: number[];
}

interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

interface GraphicsState {
  ctm: Matrix;
  /** Bounds of the clipping path in page space (a superset of it when it is no rectangle). */
  clip: [number, number, number, number] | undefined;
  font: FontInfo | undefined;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
}

const FONT_IDENTITY = [0.001, 0, 0, 0.001, 0, 0];

/** A glyph's place and advance are numbers (a font with garbage metrics gives NaN). */
function placed(origin: Matrix, width: number): boolean {
  return Number.isFinite(width) && origin.every((v) => Number.isFinite(v));
}

/** A glyph squeezed to nothing along either axis (Tz 0, a singular matrix) prints nothing. */
function visible(origin: Matrix): boolean {
  return Math.hypot(origin[0], origin[1]) > 0 && Math.hypot(origin[2], origin[3]) > 0;
}

/**
 * Text outside the clipping path is not printed (a line a browser cut at the page's edge, text
 * overflowing an Excel cell): a glyph whose middle lies further than this outside it is left out.
 */
const CLIP_SLACK = 1;

export interface PageContent {
  runs: TextRun[];
  segments: Segment[];
  /** Filled rectangles that are not rules (shaded cells). */
  fills: Fill[];
  /** Images painted on the page (a scan is one), for the OCR reader. */
  images: PaintedImage[];
  /**
   * Operators left out because an argument that must be a number was none (a name or a string where
   * a number stands: bytes of the content stream damaged). pdf.js passes them on as parsed; a
   * position computed from one would be NaN.
   */
  malformed: number;
  /**
   * Glyphs drawn past their clipping path's end (below or right of it) or above its top, left out
   * of `runs`: text a cell cut off (Calc clips a cell's text that runs past its bottom, or above
   * the top of a cell set at its foot), or a browser's line cut at a page's edge. Glyphs left of a
   * clip are not kept. Whether a cut glyph is lost text is the reader's question (clippedOnPage:
   * a merged cell's lines printed on the page before are drawn again above this page's table).
   */
  cut: TextRun[];
}

/** An image painted on the page: the CTM maps its unit square onto the page (PDF space). */
export interface PaintedImage {
  /**
   * pdf.js's object id (an XObject image) or the decoded data itself (an inline image); none for a
   * stencil mask.
   */
  source: { objId: string } | { inline: unknown } | { mask: true };
  ctm: Matrix;
}

/** The arguments `from`…`from + count - 1` (or the array, or typed array, at `from`) as finite numbers, or undefined. */
function numbers(args: unknown[] | null, count: number, from = 0): number[] | undefined {
  if (!args) return undefined;
  const first = args[from];
  const list = count === 6 && (Array.isArray(first) || ArrayBuffer.isView(first)) ? Array.from(first as ArrayLike<unknown>) : args.slice(from, from + count);
  if (list.length < count) return undefined;
  const out: number[] = [];
  for (const v of list.slice(0, count)) {
    if (typeof v !== "number" || !Number.isFinite(v)) return undefined;
    out.push(v);
  }
  return out;
}

/**
 * Glyphs (one run each) and ruling lines of a page. `fontOf` looks up a font by the name setFont
 * gives (pdf.js's commonObjs).
 */
export function readOperators(list: OperatorList, ops: Record<string, number>, fontOf: (name: string) => FontInfo | undefined): PageContent {
  const runs: TextRun[] = [];
  const cut: TextRun[] = [];
  const segments: Segment[] = [];
  const fills: Fill[] = [];
  const images: PaintedImage[] = [];
  const stack: GraphicsState[] = [];
  let g: GraphicsState = { ctm: IDENTITY, clip: undefined, font: undefined, fontSize: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0 };
  // Text state: the text matrix and the position on the current line (in text space).
  let textMatrix: Matrix = IDENTITY;
  let lineX = 0;
  let lineY = 0;
  let x = 0;
  let y = 0;
  const painting = new Set(
    ["stroke", "closeStroke", "fill", "eoFill", "fillStroke", "eoFillStroke", "closeFillStroke", "closeEOFillStroke"].map((k) => ops[k]),
  );
  // The next path (pdf.js gives clip, then the path) becomes the clip.
  let pendingClip = false;
  // Open marked-content sequences: where each one's runs start, and its /ActualText if it has one.
  const marked: Array<{ start: number; actualText: string | null }> = [];
  // Whether the last glyph clipped lay past its clip's end (below it or right of it): text that ran
  // on past its cell, not text before the part of a cell a page shows.
  let pastClip = false;
  const clipped = (o: Matrix, width: number): boolean => {
    const c = g.clip;
    if (!c) return false;
    // The glyph's middle: half its advance along the baseline, a third of its size up.
    const along = Math.hypot(o[0], o[1]) || 1;
    const cx = o[4] + ((o[0] / along) * width) / 2 + o[2] * 0.35;
    const cy = o[5] + ((o[1] / along) * width) / 2 + o[3] * 0.35;
    // Past its end (below or right), or above its top: a cell set at its foot whose text runs
    // higher than the cell is cut there, on the page where its other lines are printed.
    pastClip = cx > c[2] + CLIP_SLACK || cy < c[1] - CLIP_SLACK || cy > c[3] + CLIP_SLACK;
    const outside = cx < c[0] - CLIP_SLACK || cx > c[2] + CLIP_SLACK || cy < c[1] - CLIP_SLACK || cy > c[3] + CLIP_SLACK;
    if (!outside) return false;
    // A clip narrower (or lower) than the glyph itself, across it: no glyph fits that cell, and the
    // part of each that it shows is printed (Word sets a label's characters in a cell narrower than
    // one of them: slices of 重 点 目 標 stand in it). Not text cut at a cell's end.
    const ux = ((o[0] / along) * width) || 0;
    const uy = ((o[1] / along) * width) || 0;
    const xs = [o[4], o[4] + ux, o[4] + o[2], o[4] + ux + o[2]];
    const ys = [o[5], o[5] + uy, o[5] + o[3], o[5] + uy + o[3]];
    const [bx0, bx1, by0, by1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const overlapX = Math.min(bx1, c[2]) - Math.max(bx0, c[0]);
    const overlapY = Math.min(by1, c[3]) - Math.max(by0, c[1]);
    const across = overlapX > 0 && overlapY > 0 && (c[2] - c[0] < bx1 - bx0 || c[3] - c[1] < by1 - by0);
    if (across) pastClip = false;
    return !across;
  };
  const strokes = new Set(["stroke", "closeStroke", "fillStroke", "eoFillStroke", "closeFillStroke", "closeEOFillStroke"].map((k) => ops[k]));
  let malformed = 0;
  /** An operator's numeric arguments, or undefined (and the operator counted as malformed). */
  const numeric = (args: unknown[] | null, count: number, from = 0): number[] | undefined => {
    const n = numbers(args, count, from);
    if (!n) malformed += 1;
    return n;
  };

  const moveText = (tx: number, ty: number): void => {
    lineX += tx;
    lineY += ty;
    x = lineX;
    y = lineY;
  };

  const showText = (glyphs: Array<PdfGlyph | number>): void => {
    const font = g.font;
    const size = g.fontSize;
    if (!font || size === 0) return;
    const direction = size < 0 ? -1 : 1;
    const fontSize = Math.abs(size);
    const fontMatrix = font.fontMatrix ?? FONT_IDENTITY;
    const hScale = g.hScale * direction;
    const vertical = Boolean(font.vertical);
    const spacingDir = vertical ? 1 : -1;
    const advanceScale = fontSize * (fontMatrix[0] ?? 0.001);
    const toUser = multiply(textMatrix, g.ctm);
    let advance = 0;
    for (const glyph of glyphs) {
      if (typeof glyph === "number") {
        advance += (spacingDir * glyph * fontSize) / 1000;
        continue;
      }
      const spacing = (glyph.isSpace ? g.wordSpacing : 0) + g.charSpacing;
      const text = glyph.unicode ?? glyph.fontChar ?? "";
      if (vertical) {
        const vmetric = glyph.vmetric ?? font.defaultVMetrics;
        const height = vmetric ? -(vmetric[0] ?? 0) : (glyph.width ?? 0);
        const step = height * advanceScale - spacing * direction;
        // A vertical glyph's origin is its top centre: it is drawn half its width to the left (the
        // position vector's vx, as pdf.js's canvas draws it), so its box starts there.
        const vx = -(glyph.vmetric ? (glyph.vmetric[1] ?? 0) : (glyph.width ?? 0) * 0.5) * advanceScale;
        if (text !== "") {
          const origin = scaleThen(fontSize, fontSize, x + vx, y + g.rise - advance - step, toUser);
          const w = Math.abs(step) * Math.hypot(toUser[2], toUser[3]);
          if (!placed(origin, w)) malformed += 1;
          else if (visible(origin) && !clipped(origin, 0)) runs.push({ text, transform: origin, width: w, vertical: true });
          else if (visible(origin) && pastClip) cut.push({ text, transform: origin, width: w, vertical: true });
        }
        advance += step;
      } else {
        const width = (glyph.width ?? 0) * advanceScale + spacing * direction;
        if (text !== "") {
          const origin = scaleThen(fontSize * hScale, fontSize, x + advance * hScale, y + g.rise, toUser);
          const w = Math.abs(width * hScale) * Math.hypot(toUser[0], toUser[1]);
          if (!placed(origin, w)) malformed += 1;
          else if (visible(origin) && !clipped(origin, w)) runs.push({ text, transform: origin, width: w, vertical: false });
          else if (visible(origin) && pastClip) cut.push({ text, transform: origin, width: w, vertical: false });
        }
        advance += width;
      }
    }
    if (vertical) y -= advance;
    else x += advance * hScale;
  };

  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] as unknown[] | null;
    switch (fn) {
      case ops.save:
        stack.push({ ...g });
        break;
      case ops.restore:
        g = stack.pop() ?? g;
        break;
      case ops.transform: {
        const m = numeric(args, 6);
        if (m) g.ctm = multiply(m as Matrix, g.ctm);
        break;
      }
      case ops.paintFormXObjectBegin: {
        stack.push({ ...g });
        const m = args?.[0] as ArrayLike<number> | null | undefined;
        if (m && m.length === 6) {
          const finite = numbers([m], 6);
          if (finite) g.ctm = multiply(finite as Matrix, g.ctm);
          else malformed += 1;
        }
        break;
      }
      case ops.paintFormXObjectEnd:
        g = stack.pop() ?? g;
        break;
      case ops.beginText:
        textMatrix = IDENTITY;
        lineX = lineY = x = y = 0;
        break;
      case ops.setFont: {
        const size = numeric(args, 1, 1);
        g.font = fontOf(String(args?.[0]));
        g.fontSize = size?.[0] ?? 0;
        break;
      }
      case ops.setTextMatrix: {
        const m = numeric(args, 6);
        if (!m) break;
        textMatrix = m as Matrix;
        lineX = lineY = x = y = 0;
        break;
      }
      case ops.moveText: {
        const t = numeric(args, 2);
        if (t) moveText(t[0]!, t[1]!);
        break;
      }
      case ops.setLeadingMoveText: {
        const t = numeric(args, 2);
        if (!t) break;
        g.leading = -t[1]!;
        moveText(t[0]!, t[1]!);
        break;
      }
      case ops.nextLine:
        moveText(0, -g.leading);
        break;
      case ops.setLeading:
        g.leading = numeric(args, 1)?.[0] ?? g.leading;
        break;
      case ops.setCharSpacing:
        g.charSpacing = numeric(args, 1)?.[0] ?? g.charSpacing;
        break;
      case ops.setWordSpacing:
        g.wordSpacing = numeric(args, 1)?.[0] ?? g.wordSpacing;
        break;
      case ops.setHScale: {
        const h = numeric(args, 1);
        if (h) g.hScale = h[0]! / 100;
        break;
      }
      case ops.setTextRise:
        g.rise = numeric(args, 1)?.[0] ?? g.rise;
        break;
      case ops.showText:
        showText((args?.[0] ?? []) as Array<PdfGlyph | number>);
        break;
      case ops.beginMarkedContent:
        marked.push({ start: runs.length, actualText: null });
        break;
      case ops.beginMarkedContentProps: {
        // The patched worker (scripts/patch-pdfjs-worker.mjs) adds /ActualText after the MCID.
        const actual = args?.[2];
        marked.push({ start: runs.length, actualText: typeof actual === "string" ? actual : null });
        break;
      }
      case ops.endMarkedContent: {
        const open = marked.pop();
        if (open?.actualText != null) applyActualText(runs, open.start, open.actualText);
        break;
      }
      case ops.clip:
      case ops.eoClip:
        pendingClip = true;
        break;
      case ops.constructPath: {
        const paint = args?.[0] as number;
        const data = (args?.[1] as Array<ArrayLike<number> | null> | undefined)?.[0];
        if (pendingClip) {
          pendingClip = false;
          if (data) g.clip = intersect(g.clip, pathBounds(data, g.ctm));
        }
        if (!painting.has(paint)) break;
        if (data && !Array.prototype.every.call(data, (v: unknown) => Number.isFinite(v))) {
          malformed += 1;
          break;
        }
        if (data) collectPath(data, g.ctm, strokes.has(paint), segments, fills);
        break;
      }
      case ops.paintImageXObject:
        if (typeof args?.[0] === "string") images.push({ source: { objId: args[0] }, ctm: g.ctm });
        break;
      case ops.paintInlineImageXObject:
        images.push({ source: { inline: args?.[0] }, ctm: g.ctm });
        break;
      case ops.paintImageMaskXObject:
      case ops.paintImageMaskXObjectGroup:
      case ops.paintImageXObjectRepeat:
      case ops.paintImageMaskXObjectRepeat:
      case ops.paintSolidColorImageMask:
        images.push({ source: { mask: true }, ctm: g.ctm });
        break;
      default:
        break;
    }
  }
  return { runs, segments, fills, images, malformed, cut };
}

/**
 * The text a marked-content sequence stands for (/ActualText) replaces what its glyphs' font maps
 * say: glyph for character where the counts agree, else the first glyph carries it all (placed over
 * the glyphs it replaces, which are dropped). An empty ActualText leaves the glyphs as they are: it
 * is no evidence of what they print.
 */
export function applyActualText(runs: TextRun[], start: number, actualText: string): void {
  const chars = [...actualText.replace(/[\u0000-\u001f]/gu, "")];
  const count = runs.length - start;
  if (count <= 0 || chars.length === 0) return;
  if (chars.length === count) {
    for (let i = 0; i < count; i++) {
      const run = runs[start + i] as TextRun;
      runs[start + i] = { ...run, text: chars[i] as string };
    }
    return;
  }
  const first = runs[start] as TextRun;
  const last = runs[runs.length - 1] as TextRun;
  // Along the first glyph's baseline, from its origin to the far end of the last glyph.
  const [a, b] = first.transform;
  const along = Math.hypot(a, b) || 1;
  const reach = ((last.transform[4] - first.transform[4]) * a + (last.transform[5] - first.transform[5]) * b) / along + last.width;
  const width = first.vertical ? first.width * count : Math.max(first.width, reach);
  runs.splice(start, count, { ...first, text: chars.join(""), width });
}

type Bounds = [number, number, number, number];

function intersect(a: Bounds | undefined, b: Bounds | undefined): Bounds | undefined {
  if (!a) return b;
  if (!b) return a;
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}
