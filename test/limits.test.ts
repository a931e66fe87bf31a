// What one PDF may cost (src/extract/pdf/limits.ts): the split of --max-memory, the budget that
// decoders claim from, and the limits the review page draws within.
import fs from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { withPdfPages } from "../src/extract/pdf/document.js";
import { SyncDecompressionStream, inflateDamage } from "../src/extract/pdf/inflate.js";
import { BudgetExceeded, DocumentBudget, LIMIT_RULES, fitScale, readLimits } from "../src/extract/pdf/limits.js";
import { renderPdfPages } from "../src/review/render.js";
import { hostilePdfs, jpegHeaderBomb, zlibZeros } from "./helpers/hostile.js";
import { SAMPLES } from "./helpers/cli.js";

const MiB = 2 ** 20;

describe("readLimits", () => {
  it("gives the worker's heap three quarters of --max-memory and a document's decoded data and pages the last", () => {
    expect(readLimits(256)).toEqual({ maxMemoryMb: 256, heapMb: 192, documentBytes: 64 * MiB, imagePixels: 16 * MiB });
    expect(readLimits().maxMemoryMb).toBe(1536);
    expect(readLimits(1536).documentBytes).toBe(384 * MiB);
  });

  it("refuses a limit that is no positive number", () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => readLimits(bad)).toThrow(RangeError);
  });
});

describe("fitScale", () => {
  it.each([
    // [width, height, wanted, max pixels, scale]
    [595, 842, 1.5, 2 ** 24, 1.5], // A4 at 1.5: 1.1 Mpx, as asked
    [14400, 14400, 1.5, 2 ** 24, 4096 / 14400], // 200 inches: 4096² px
    [0, 842, 1.5, 2 ** 24, 1.5], // no area: nothing to shrink
  ])("%d × %d pt at %d, at most %d px → %d", (w, h, wanted, max, scale) => {
    expect(fitScale(w, h, wanted, max)).toBeCloseTo(scale, 10);
    expect(w * h * fitScale(w, h, wanted, max) ** 2).toBeLessThanOrEqual(max * (1 + 1e-9));
  });
});

describe("DocumentBudget", () => {
  const limits = readLimits(4); // 1 MiB for the document
  const stream = (objId: string): object => ({ dict: { objId } });

  it("counts a stream's growing buffer once, at its largest, and names the stream that passes the allowance", () => {
    const budget = new DocumentBudget(limits);
    const a = stream("12R");
    budget.claimDecoded(a, 512 * 1024);
    budget.claimDecoded(a, 512 * 1024);
    budget.claimDecoded(a, 256 * 1024);
    expect(budget.bytes).toBe(512 * 1024);
    budget.page = 3;
    expect(() => budget.claimDecoded(stream("7R2"), 600 * 1024)).toThrow(BudgetExceeded);
    expect(budget.exceeded).toMatchObject({ kind: "decoded", what: "stream 7 2 R", page: 3 });
    expect(budget.error()).toMatchObject({ code: "TOO_LARGE", page: 3, message: expect.stringMatching(/^stream 7 2 R \(on page 3\) decodes to more than the 1 MiB/) });
  });

  it("fails every claim after the first that passed, so that pdf.js stops decoding at once", () => {
    const budget = new DocumentBudget(limits);
    expect(() => budget.claimDecoded(null, 2 * MiB)).toThrow(BudgetExceeded);
    expect(() => budget.claimDecoded(stream("1R"), 1)).toThrow(BudgetExceeded);
    expect(() => budget.claimPages(1)).toThrow(BudgetExceeded);
    expect(budget.exceeded?.what).toBe("an image decoder (JPEG or JBIG2)");
  });

  it("counts pages at what pdf.js keeps of each", () => {
    const budget = new DocumentBudget(limits);
    budget.claimPages(MiB / LIMIT_RULES.bytesPerPage);
    expect(() => budget.claimPages(1)).toThrow(BudgetExceeded);
    expect(budget.error()?.message).toMatch(/^the PDF has 1 pages/);
  });

  it("lets through images whose RGBA pixels fit, and no other", () => {
    const budget = new DocumentBudget(limits);
    budget.claimImage(stream("5R"), 512, 512);
    expect(budget.exceeded).toBeUndefined();
    expect(() => budget.claimImage(stream("5R"), 513, 512)).toThrow(BudgetExceeded);
    expect(budget.error()?.message).toMatch(/^image 5 0 R of 513×512 pixels \(while opening the file\)/);
  });

  it("ignores sizes read from broken headers that are no numbers (the allocation fails by itself)", () => {
    const budget = new DocumentBudget(limits);
    budget.claimDecoded(null, Number.NaN);
    budget.claimDecoded(null, -5);
    expect(budget.bytes).toBe(0);
  });
});

describe("the synchronous DecompressionStream within a budget", () => {
  it("stops at what the document may still decode, where zlib would inflate a bomb whole", async () => {
    const budget = new DocumentBudget(readLimits(4));
    const bomb = zlibZeros(64 * MiB);
    const inflated = await budget.run(async () => {
      const { readable, writable } = new SyncDecompressionStream("deflate");
      const writer = writable.getWriter();
      void writer.write(bomb).then(() => writer.close());
      const chunks: Uint8Array[] = [];
      for await (const chunk of readable) chunks.push(chunk);
      return chunks;
    }).catch((err: unknown) => err);
    expect(inflated).toMatchObject({ code: "ERR_BUFFER_TOO_LARGE" });
  });
});

describe("inflateDamage", () => {
  const good = deflateSync(Buffer.from("BT (hello) Tj ET\n".repeat(500)));
  const flipped = Buffer.from(good);
  flipped[30] = (flipped[30] as number) ^ 0x55;
  it.each([
    ["zlib's data error (a flipped byte, a wrong Adler-32)", flipped, { code: "Z_DATA_ERROR", message: "incorrect data check" }, "zlib: incorrect data check"],
    ["a stream without its Adler-32, complete otherwise", good.subarray(0, good.length - 4), { code: "Z_BUF_ERROR" }, undefined],
    ["a stream cut inside its deflate data", good.subarray(0, good.length - 30), { code: "Z_BUF_ERROR" }, "zlib: its data ends before its last block"],
    ["the budget's own refusal", good, { code: "ERR_BUFFER_TOO_LARGE" }, undefined],
  ])("%s", (_why, bytes, error, want) => {
    expect(inflateDamage("deflate", bytes, error)).toBe(want);
  });
});

describe("reading within the limits", () => {
  it("reads a sample exactly at a low limit (its streams and pages fit)", async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(SAMPLES, "ueda-r2-calc.pdf")));
    const pages: number[] = [];
    const info = await withPdfPages(bytes, (p) => void pages.push(p.runs.length), { limits: readLimits(64) });
    expect(pages.length).toBe(10);
    expect(info.damage).toEqual({ repaired: [], pages: [] });
  });

  it("is TOO_LARGE for a flate bomb read in this thread (pdf.js's web DecompressionStream)", async () => {
    const bomb = hostilePdfs(3).find((p) => p.name === "flate-nested.pdf")!;
    await expect(withPdfPages(bomb.bytes, () => undefined, { limits: readLimits(128) })).rejects.toMatchObject({ code: "TOO_LARGE", page: 1 });
  }, 60_000);
});

describe("the review page's rendering within the limits", () => {
  const hostile = Object.fromEntries(hostilePdfs(4).map((p) => [p.name, p.bytes]));

  it("draws a page 200 inches square smaller, within the pixels a review page takes", async () => {
    const [page] = await renderPdfPages(hostile["page-14400.pdf"]!, { limits: readLimits(256) });
    expect(page!.width * page!.height).toBeLessThanOrEqual(LIMIT_RULES.reviewPagePixels);
    expect(page!.width).toBeGreaterThan(4000);
    // Boxes still land where they are on the page: its top-right corner is the image's.
    expect(page!.place([14000, 14000, 14400, 14400]).map((v) => Math.round(v))).toEqual([97, 0, 3, 3]);
  }, 60_000);

  it("stops the JPEG decoder at the allowance when its header says more than the image dictionary", async () => {
    await expect(renderPdfPages(jpegHeaderBomb(), { limits: readLimits(256) })).rejects.toMatchObject({
      code: "TOO_LARGE",
      page: 1,
      message: expect.stringMatching(/^an image decoder \(JPEG or JBIG2\) \(on page 1\) decodes to more than the 64 MiB/),
    });
  });

  it("refuses an image bomb with a named error, naming its page", async () => {
    await expect(renderPdfPages(hostile["image-32768.pdf"]!, { limits: readLimits(256) })).rejects.toMatchObject({
      code: "TOO_LARGE",
      page: 1,
      message: expect.stringMatching(/^image 5 0 R of 32768×32768 pixels \(on page 1\)/),
    });
  }, 60_000);
});
