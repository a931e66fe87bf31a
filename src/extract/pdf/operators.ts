// One pass over a page's operator list gives both what the layout needs: the glyphs, each placed by
// the text state as a renderer would place it (text matrix, Td/TJ moves, character and word
// spacing, horizontal scale, rise, the CTM), and the ruling lines. Reading the page once, not twice
// (getTextContent would parse the content stream again), halves pdf.js's share of the time; and
// every glyph keeps its own position, where getTextContent merges a line into one item and turns
// the gaps between cells into single spaces.
import type { TextRun } from "./document.js";
import { collectPath, pathBounds, type Fill, type Segment } from "./geometry.js";
import { IDENTITY, multiply, scaleThen, type Matrix } from "./matrix.js";
import { foldRadicals } from "./radicals.js";

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
}

/**
 * Glyphs (one run each) and ruling lines of a page. `fontOf` looks up a font by the name setFont
 * gives (pdf.js's commonObjs).
 */
export function readOperators(list: OperatorList, ops: Record<string, number>, fontOf: (name: string) => FontInfo | undefined): PageContent {
  const runs: TextRun[] = [];
  const segments: Segment[] = [];
  const fills: Fill[] = [];
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
  const clipped = (o: Matrix, width: number): boolean => {
    const c = g.clip;
    if (!c) return false;
    // The glyph's middle: half its advance along the baseline, a third of its size up.
    const along = Math.hypot(o[0], o[1]) || 1;
    const cx = o[4] + ((o[0] / along) * width) / 2 + o[2] * 0.35;
    const cy = o[5] + ((o[1] / along) * width) / 2 + o[3] * 0.35;
    return cx < c[0] - CLIP_SLACK || cx > c[2] + CLIP_SLACK || cy < c[1] - CLIP_SLACK || cy > c[3] + CLIP_SLACK;
  };
  // Marked-content spans open, each with its /ActualText (the patched worker passes it) and the
  // first run drawn inside it.
  const marked: Array<{ actual: string | undefined; start: number }> = [];
  const strokes = new Set(["stroke", "closeStroke", "fillStroke", "eoFillStroke", "closeFillStroke", "closeEOFillStroke"].map((k) => ops[k]));

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
        if (text !== "") {
          const origin = scaleThen(fontSize, fontSize, x, y + g.rise - advance - step, toUser);
          const w = Math.abs(step) * Math.hypot(toUser[2], toUser[3]);
          if (!clipped(origin, 0)) runs.push({ text, transform: origin, width: w, vertical: true });
        }
        advance += step;
      } else {
        const width = (glyph.width ?? 0) * advanceScale + spacing * direction;
        if (text !== "") {
          const origin = scaleThen(fontSize * hScale, fontSize, x + advance * hScale, y + g.rise, toUser);
          const w = Math.abs(width * hScale) * Math.hypot(toUser[0], toUser[1]);
          if (!clipped(origin, w)) runs.push({ text, transform: origin, width: w, vertical: false });
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
      case ops.transform:
        if (args) g.ctm = multiply(args as Matrix, g.ctm);
        break;
      case ops.paintFormXObjectBegin: {
        stack.push({ ...g });
        const m = args?.[0] as ArrayLike<number> | null | undefined;
        if (m && m.length === 6) g.ctm = multiply(Array.from(m) as Matrix, g.ctm);
        break;
      }
      case ops.paintFormXObjectEnd:
        g = stack.pop() ?? g;
        break;
      case ops.beginText:
        textMatrix = IDENTITY;
        lineX = lineY = x = y = 0;
        break;
      case ops.setFont:
        g.font = fontOf(String(args?.[0]));
        g.fontSize = Number(args?.[1] ?? 0);
        break;
      case ops.setTextMatrix: {
        const m = (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0]) ? Array.from(args?.[0] as ArrayLike<number>) : args) as Matrix;
        textMatrix = [m[0], m[1], m[2], m[3], m[4], m[5]];
        lineX = lineY = x = y = 0;
        break;
      }
      case ops.moveText:
        moveText(Number(args?.[0] ?? 0), Number(args?.[1] ?? 0));
        break;
      case ops.setLeadingMoveText:
        g.leading = -Number(args?.[1] ?? 0);
        moveText(Number(args?.[0] ?? 0), Number(args?.[1] ?? 0));
        break;
      case ops.nextLine:
        moveText(0, -g.leading);
        break;
      case ops.setLeading:
        g.leading = Number(args?.[0] ?? 0);
        break;
      case ops.setCharSpacing:
        g.charSpacing = Number(args?.[0] ?? 0);
        break;
      case ops.setWordSpacing:
        g.wordSpacing = Number(args?.[0] ?? 0);
        break;
      case ops.setHScale:
        g.hScale = Number(args?.[0] ?? 100) / 100;
        break;
      case ops.setTextRise:
        g.rise = Number(args?.[0] ?? 0);
        break;
      case ops.showText:
        showText((args?.[0] ?? []) as Array<PdfGlyph | number>);
        break;
      case ops.beginMarkedContentProps:
        marked.push({ actual: typeof args?.[2] === "string" ? args[2] : undefined, start: runs.length });
        break;
      case ops.beginMarkedContent:
        marked.push({ actual: undefined, start: runs.length });
        break;
      case ops.endMarkedContent: {
        const span = marked.pop();
        if (span?.actual !== undefined) actualText(runs, span.start, span.actual);
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
        if (data) collectPath(data, g.ctm, strokes.has(paint), segments, fills);
        break;
      }
      default:
        break;
    }
  }
  return { runs, segments, fills };
}

/** Marks the project counts as one (check/compare.ts): the Shift_JIS look-alikes 〜/～ and −/－. */
const LOOKALIKES = new Set(["\u301c\uff5e", "\uff5e\u301c", "\u2212\uff0d", "\uff0d\u2212"]);

/**
 * A glyph drawn inside a span whose /ActualText is one other character: the author's character is
 * taken where the font's map reads another mark. Chromium draws ∼ with IPAex's glyph for ~ and ・
 * with Noto's glyph for ‧, maps the glyph to the shared character and writes the author's in
 * ActualText. Where the two are one character as the reader folds them (a radical for 民 or 人,
 * folded by radicals.ts; the ideographic space, by NFKC) or look-alikes (〜 for ～), the map's
 * reading stays: the text is then what pdf.js's own worker reads.
 */
function actualText(runs: TextRun[], start: number, actual: string): void {
  const run = runs[start];
  if (runs.length !== start + 1 || !run || [...actual].length !== 1 || [...run.text].length !== 1) return;
  const same = (a: string, b: string): boolean => foldRadicals(a).normalize("NFKC") === foldRadicals(b).normalize("NFKC");
  if (same(run.text, actual) || LOOKALIKES.has(run.text + actual)) return;
  run.text = actual;
}

type Bounds = [number, number, number, number];

function intersect(a: Bounds | undefined, b: Bounds | undefined): Bounds | undefined {
  if (!a) return b;
  if (!b) return a;
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}
