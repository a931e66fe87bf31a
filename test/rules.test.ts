// Rules drawn as marks (rules.ts): dotted and dashed borders become the lines they draw.
import { describe, expect, it } from "vitest";
import type { Fill, Segment } from "../src/extract/pdf/geometry.js";
import { rebuildRules } from "../src/extract/pdf/rules.js";

/** Dots (filled squares) of `size` every `step` along a line from a to b, at `at`. */
function dots(dir: "h" | "v", at: number, a: number, b: number, size: number, step: number): Fill[] {
  const out: Fill[] = [];
  for (let p = a; p + size <= b + 1e-9; p += step) {
    out.push(dir === "h" ? { x0: p, x1: p + size, y0: at - size / 2, y1: at + size / 2 } : { x0: at - size / 2, x1: at + size / 2, y0: p, y1: p + size });
  }
  return out;
}
/** Dashes of `length` every `step`. */
function dashes(dir: "h" | "v", at: number, a: number, b: number, length: number, step: number): Segment[] {
  const out: Segment[] = [];
  for (let p = a; p + length <= b + 1e-9; p += step) {
    out.push(dir === "h" ? { dir, x0: p, x1: p + length, y0: at, y1: at } : { dir, x0: at, x1: at, y0: p, y1: p + length });
  }
  return out;
}
const round = (s: Segment): number[] => [s.x0, s.y0, s.x1, s.y1].map((v) => Math.round(v * 100) / 100);

describe("rules rebuilt from marks", () => {
  it("joins a dotted border (a square per dot, as Chromium draws it) into one rule each way, and keeps no dot as a shaded area", () => {
    const fills = [...dots("h", 100, 50, 200, 0.75, 1.5), ...dots("v", 50, 100, 160, 0.75, 1.5)];
    const shade: Fill = { x0: 60, y0: 110, x1: 120, y1: 130 };
    const { segments, fills: left } = rebuildRules([], [...fills, shade]);
    expect(left).toEqual([shade]);
    const h = segments.filter((s) => s.dir === "h");
    const v = segments.filter((s) => s.dir === "v");
    expect([h.length, v.length]).toEqual([1, 1]);
    // Corner to corner, within a dot.
    for (const [got, want] of [
      [round(h[0] as Segment), [50, 100, 200, 100]],
      [round(v[0] as Segment), [50, 100, 50, 160]],
    ] as const) got.forEach((g, i) => expect(Math.abs(g - (want[i] as number))).toBeLessThanOrEqual(1));
  });

  it("joins dashes (CSS: 2.25 pt dashes 1.5 pt apart; Word: 3 pt dashes 3 pt apart)", () => {
    for (const [length, step] of [
      [2.25, 3.75],
      [3, 6],
    ] as const) {
      const { segments } = rebuildRules(dashes("v", 80, 10, 70, length, step), []);
      expect(segments).toHaveLength(1);
      expect(segments[0]?.dir).toBe("v");
      expect(segments[0]?.y0).toBeCloseTo(10);
      expect(segments[0]?.y1).toBeGreaterThan(70 - step);
    }
  });

  it("reads a dot a hair wider than tall (a tiny horizontal rule) as a dot of a vertical line", () => {
    const marks: Segment[] = [];
    for (let y = 0; y < 30; y += 1.5) marks.push({ dir: "h", x0: 40, x1: 40.75, y0: y, y1: y });
    const { segments } = rebuildRules(marks, []);
    expect(segments.map((s) => s.dir)).toEqual(["v"]);
  });

  it("makes no rule down the page of dashes that stand in line across rows (the top and bottom borders of short rows)", () => {
    // Dashed top and bottom borders of three rows 5 pt tall, their 2.25 pt dashes at the same x.
    const borders = [100, 105, 110, 115].flatMap((y) => dashes("h", y, 0, 60, 2.25, 3.75));
    const { segments } = rebuildRules(borders, []);
    expect(segments.filter((s) => s.dir === "v")).toEqual([]);
    expect(segments.filter((s) => s.dir === "h")).toHaveLength(4);
  });

  it("leaves solid rules, lone short rules and marks on separate lines as they are", () => {
    const solid: Segment = { dir: "h", x0: 0, x1: 300, y0: 10, y1: 10 };
    const tick: Segment = { dir: "v", x0: 5, x1: 5, y0: 20, y1: 24 };
    // Two dashes alone, and dashes too far apart to be one line (a gap of six lengths).
    const pair = dashes("h", 50, 0, 6, 2, 4);
    const far = dashes("h", 90, 0, 100, 2, 14);
    const { segments } = rebuildRules([solid, tick, ...pair, ...far], []);
    expect(segments).toHaveLength(2 + pair.length + far.length);
    expect(segments).toContainEqual(solid);
    expect(segments).toContainEqual(tick);
  });
});
