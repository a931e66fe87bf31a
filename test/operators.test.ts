// Operator-list reading: what a clipping path hides is not text of the page.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { multiply, scaleThen, type Matrix } from "../src/extract/pdf/matrix.js";
import { OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readOperators } from "../src/extract/pdf/operators.js";
import { pathBounds } from "../src/extract/pdf/geometry.js";

const font = { fontMatrix: [0.001, 0, 0, 0.001, 0, 0], vertical: false };
const glyph = (ch: string) => ({ unicode: ch, fontChar: ch, width: 1000, isSpace: false });
/** A rectangle as pdf.js path data: moveTo, three lineTo, closePath. */
const rect = (x0: number, y0: number, x1: number, y1: number): number[] => [0, x0, y0, 1, x1, y0, 1, x1, y1, 1, x0, y1, 4];

function page(clip: number[] | undefined, what: "runs" | "cut" = "runs"): string {
  const fnArray: number[] = [];
  const argsArray: unknown[] = [];
  const op = (fn: number, args: unknown = null): void => {
    fnArray.push(fn);
    argsArray.push(args);
  };
  op(OPS.save);
  if (clip) {
    op(OPS.clip);
    op(OPS.constructPath, [OPS.endPath, [rect(clip[0] ?? 0, clip[1] ?? 0, clip[2] ?? 0, clip[3] ?? 0)], null]);
  }
  op(OPS.beginText);
  op(OPS.setFont, ["F1", 10]);
  op(OPS.setTextMatrix, [[1, 0, 0, 1, 100, 700]]);
  op(OPS.showText, [[glyph("見"), glyph("え")]]);
  op(OPS.setTextMatrix, [[1, 0, 0, 1, 100, 820]]);
  op(OPS.showText, [[glyph("隠")]]);
  op(OPS.endText);
  op(OPS.restore);
  op(OPS.beginText);
  op(OPS.setFont, ["F1", 10]);
  op(OPS.setTextMatrix, [[1, 0, 0, 1, 100, 820]]);
  op(OPS.showText, [[glyph("外")]]);
  op(OPS.endText);
  const content = readOperators({ fnArray, argsArray }, OPS as unknown as Record<string, number>, () => font);
  return content[what].map((r) => r.text).join("");
}

describe("clipping", () => {
  it("keeps every glyph when nothing is clipped", () => {
    expect(page(undefined)).toBe("見え隠外");
  });
  it("leaves out glyphs outside the clipping rectangle, and clips no more after restore", () => {
    // The page's content box ends at y = 800: a line a browser cut at the page's edge lies above it.
    expect(page([50, 50, 550, 800])).toBe("見え外");
    // …and keeps apart those past the clip's end (text run on below its cell) or above its top (a
    // cell set at its foot whose text runs higher), for CLIPPED_TEXT: whether that is lost text is
    // the reader's question (where the page's table or text stands; a merged cell's lines the page
    // before printed are drawn above this page's table, a browser's cut line above its content).
    expect(page([50, 50, 550, 800], "cut")).toBe("隠");
    expect(page([50, 750, 550, 900], "cut")).toBe("見え");
    expect(page([50, 750, 550, 900])).toBe("隠外");
    expect(page(undefined, "cut")).toBe("");
  });
  it("keeps a glyph that only grazes the clip's edge", () => {
    expect(page([50, 50, 550, 824.5])).toBe("見え隠外");
  });
  it("keeps a glyph a clip narrower than itself shows a slice of (a cell too narrow for one character), not the one beside it", () => {
    // 見 spans x 100–110, え 110–120: a clip 3 pt wide over 見's right edge shows a slice of 見 only.
    expect(page([107, 650, 110, 760])).toBe("見外");
    expect(page([107, 650, 110, 760], "cut")).toBe("え隠");
  });
  it("bounds a path by all its points, curves by their control points", () => {
    expect(pathBounds([0, 1, 2, 1, 5, 2, 2, 6, 0, 7, 9, 3, -1, 4], [1, 0, 0, 1, 0, 0])).toEqual([1, -1, 7, 9]);
    expect(pathBounds([], [1, 0, 0, 1, 0, 0])).toBeUndefined();
  });
});

describe("scaleThen", () => {
  it("is multiply([sx, 0, 0, sy, tx, ty], n) to the last bit", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 10, maxLength: 10 }), (v) => {
        const [sx, sy, tx, ty, ...rest] = v as [number, number, number, number, ...number[]];
        const n = rest as Matrix;
        expect(scaleThen(sx, sy, tx, ty, n).map((x) => x + 0)).toEqual(multiply([sx, 0, 0, sy, tx, ty], n).map((x) => x + 0));
      }),
    );
  });
});

describe("marked content's /ActualText", () => {
  /** Runs of a line whose glyphs are shown one by one, some inside spans with an ActualText. */
  function line(parts: Array<[string, string | null]>): string[] {
    const fnArray: number[] = [];
    const argsArray: unknown[] = [];
    const op = (fn: number, args: unknown = null): void => {
      fnArray.push(fn);
      argsArray.push(args);
    };
    op(OPS.beginText);
    op(OPS.setFont, ["F1", 10]);
    op(OPS.setTextMatrix, [[1, 0, 0, 1, 100, 700]]);
    for (const [shown, actual] of parts) {
      if (actual !== null) op(OPS.beginMarkedContentProps, ["Span", null, actual]);
      else op(OPS.beginMarkedContentProps, ["Span", 3, null]);
      op(OPS.showText, [[...shown].map(glyph)]);
      op(OPS.endMarkedContent);
    }
    op(OPS.endText);
    return readOperators({ fnArray, argsArray }, OPS as unknown as Record<string, number>, () => font).runs.map((r) => r.text);
  }

  it("replaces what the font's map says with the printed character", () => {
    // Chromium with Noto CJK: the font maps ・ to U+2027, the span says U+30FB.
    expect(line([["現況", null], ["\u2027", "・"], ["課題", null]])).toEqual(["現", "況", "・", "課", "題"]);
    // Chromium with IPAex draws ∼ with the glyph for ~ and maps it to '~'.
    expect(line([["4月", null], ["~", "∼"], ["3月", null]])).toEqual(["4", "月", "∼", "3", "月"]);
  });
  it("maps glyph for character where the counts agree, and gives a shorter text to the first glyph", () => {
    expect(line([["ab", "xy"]])).toEqual(["x", "y"]);
    expect(line([["fi", "ﬁ"]])).toEqual(["ﬁ"]);
  });
  it("ignores an empty ActualText and sequences without one", () => {
    expect(line([["見", ""], ["え", null]])).toEqual(["見", "え"]);
  });
});
