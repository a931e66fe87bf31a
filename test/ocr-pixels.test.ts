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
