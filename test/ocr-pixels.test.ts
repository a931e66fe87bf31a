// The OCR reader's pixel work, on synthetic images (no engine needed): the ink threshold of a page
// with little ink on noisy paper, and which short runs are cell walls.
import { describe, expect, it } from "vitest";
import { otsuThreshold, type GreyImage } from "../src/extract/ocr/raster.js";
import { findRules, ruleMask } from "../src/extract/ocr/rules.js";
import { prng as random } from "./helpers/mutants.js";

/** Paper of grey `paper` with Gaussian noise of `sigma`, clipped to 0–255. */
function noisyPaper(width: number, height: number, paper: number, sigma: number, seed: number): GreyImage {
  const next = random(seed);
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    data[i] = Math.max(0, Math.min(255, Math.round(paper + sigma * g)));
  }
  return { width, height, data };
}

function fill(image: GreyImage, x0: number, y0: number, x1: number, y1: number, grey: number): void {
  for (let y = y0; y < y1; y++) image.data.fill(grey, y * image.width + x0, y * image.width + x1);
}

describe("otsuThreshold", () => {
  it("parts ink from paper on a page with little ink on noisy paper, not the paper's noise from itself", () => {
    const page = noisyPaper(600, 800, 243, 8, 1);
    // A few words' worth of ink: 0.05 % of the page.
    fill(page, 100, 100, 140, 106, 40);
    fill(page, 200, 300, 220, 306, 40);
    const t = otsuThreshold(page);
    expect(t).toBeLessThan(243 - 3 * 8);
    // What it calls ink is the ink (360 pixels), give or take a few noisy ones.
    const ink = page.data.filter((g) => g <= t).length;
    expect(ink).toBeGreaterThanOrEqual(360);
    expect(ink).toBeLessThan(400);
  });

  it("is Otsu's own where ink and paper are both there in plenty", () => {
    const page = noisyPaper(200, 200, 240, 6, 2);
    fill(page, 0, 0, 200, 60, 30);
    const t = otsuThreshold(page);
    expect(t).toBeGreaterThanOrEqual(30);
    expect(t).toBeLessThan(240 - 3 * 6);
    expect(page.data.filter((g) => g <= t).length).toBe(200 * 60);
  });
});

describe("findRules", () => {
  // 300 dpi: a row 12 pt tall (50 px) between two rules, a wall at x = 400 from rule to rule, and a
  // bold glyph's vertical stroke at x = 200 that stops 1.9 pt (8 px) short of both rules.
  const pxPerPt = 300 / 72;
  const page: GreyImage = { width: 800, height: 200, data: new Uint8Array(800 * 200).fill(255) };
  fill(page, 50, 49, 750, 52, 0);
  fill(page, 50, 99, 750, 102, 0);
  fill(page, 50, 49, 53, 102, 0);
  fill(page, 747, 49, 750, 102, 0);
  fill(page, 399, 49, 402, 102, 0);
  fill(page, 199, 60, 202, 92, 0);
  const masks = { h: ruleMask(page, 128, 255, 40, 3, "h"), v: ruleMask(page, 128, 255, 40, 3, "v") };
  const { rules } = findRules(masks, pxPerPt);
  const walls = rules.filter((r) => r.dir === "v").map((r) => Math.round(r.x0));

  it("takes a short run from rule to rule as a cell wall", () => {
    expect(walls).toContain(400);
  });

  it("takes no glyph stroke that stops short of the rules above and below for a wall", () => {
    expect(walls).not.toContain(200);
    expect(walls.sort((a, b) => a - b)).toEqual([51, 400, 748]);
  });
});

describe("findRules on dotted and dashed rules", () => {
  // 300 dpi: a box 600 × 200 px (144 × 48 pt) drawn in 2 px dots with 4 px of white between (Chromium's dotted
  // border), and one drawn in 10 px dashes with 6 px between; neither is a run the gaps closed join.
  const pxPerPt = 300 / 72;
  const dotted = (image: GreyImage, x0: number, y0: number, x1: number, y1: number, mark: number, white: number): void => {
    for (let x = x0; x + mark <= x1; x += mark + white) {
      fill(image, x, y0, x + mark, y0 + 2, 0);
      fill(image, x, y1 - 2, x + mark, y1, 0);
    }
    for (let y = y0; y + mark <= y1; y += mark + white) {
      fill(image, x0, y, x0 + 2, y + mark, 0);
      fill(image, x1 - 2, y, x1, y + mark, 0);
    }
  };
  const rulesOf = (image: GreyImage) => findRules({ h: ruleMask(image, 128, 255, 40, 3, "h"), v: ruleMask(image, 128, 255, 40, 3, "v") }, pxPerPt).rules;

  it.each([
    ["dots", 2, 4],
    ["dashes", 10, 6],
  ])("rebuilds a box of %s as its four rules", (_, mark, white) => {
    const page: GreyImage = { width: 800, height: 320, data: new Uint8Array(800 * 320).fill(255) };
    dotted(page, 100, 60, 700, 260, mark, white);
    const rules = rulesOf(page);
    const h = rules.filter((r) => r.dir === "h").sort((a, b) => a.y0 - b.y0);
    const v = rules.filter((r) => r.dir === "v").sort((a, b) => a.x0 - b.x0);
    expect(h.map((r) => Math.round(r.y0))).toEqual([61, 259]);
    expect(v.map((r) => Math.round(r.x0))).toEqual([101, 699]);
    for (const r of h) expect(r.x1 - r.x0).toBeGreaterThan(560);
  });

  it("takes no line of text strokes at irregular pitch for a rule", () => {
    const page: GreyImage = { width: 800, height: 120, data: new Uint8Array(800 * 120).fill(255) };
    // Glyph-like strokes on one line: lengths and white that differ stroke by stroke.
    const next = random(5);
    for (let x = 50; x < 750; ) {
      const len = 2 + Math.floor(next() * 14);
      fill(page, x, 58, x + len, 61, 0);
      x += len + 3 + Math.floor(next() * 12);
    }
    expect(rulesOf(page)).toEqual([]);
  });
});
