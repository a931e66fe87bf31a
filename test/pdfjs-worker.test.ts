// pdf.js's worker half as the build patches it (scripts/patch-pdfjs-worker.mjs): built-in CMaps and
// the Unicode maps made from them are kept for the process. Reading must not change by a byte,
// whether a map is made for this document or was kept from another.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pdfjsWorkerKind, withPdfPages } from "../src/extract/pdf/document.js";
import { ROOT, SAMPLES, tempDir } from "./helpers/cli.js";

const PATCH = path.join(ROOT, "scripts", "patch-pdfjs-worker.mjs");

const pdfs = [
  ...fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".pdf")).map((f) => path.join(SAMPLES, f)),
  ...fs.readdirSync(path.join(ROOT, "test/fixtures/pdf")).filter((f) => f.endsWith(".pdf")).map((f) => path.join(ROOT, "test/fixtures/pdf", f)),
].sort();

/**
 * A fresh process reads every PDF twice (the second pass with every CMap kept from the first) and
 * prints a hash of each read's pages, or its error.
 */
function readTwice(env: NodeJS.ProcessEnv): { kind: string; passes: string[][] } {
  const script = `
    import fs from "node:fs";
    import { createHash } from "node:crypto";
    import * as d from ${JSON.stringify(path.join(ROOT, "dist/extract/pdf/document.js"))};
    const files = JSON.parse(process.argv[1]);
    const passes = [];
    for (let pass = 0; pass < 2; pass++) {
      const hashes = [];
      for (const file of files) {
        const pages = [];
        let text;
        try {
          await d.withPdfPages(new Uint8Array(fs.readFileSync(file)), (p) => void pages.push(p));
          text = JSON.stringify(pages);
        } catch (err) {
          text = "error " + (err.code ?? "") + " " + err.message;
        }
        hashes.push(createHash("sha256").update(text).digest("hex").slice(0, 16) + " " + pages.length);
      }
      passes.push(hashes);
    }
    console.log(JSON.stringify({ kind: d.pdfjsWorkerKind, passes }));
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(pdfs)], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { kind: string; passes: string[][] };
}

describe("pdf.js's worker with built-in CMaps kept per process", () => {
  it("is the one reading once the project is built", async () => {
    await withPdfPages(new Uint8Array(fs.readFileSync(path.join(SAMPLES, "toshi-r5-cid-rksj.pdf"))), () => undefined);
    expect(pdfjsWorkerKind).toBe("patched");
  });

  it("reads every sample and fixture PDF exactly as pdf.js's own worker does, with its maps made or kept", () => {
    expect(pdfs.length).toBeGreaterThan(20);
    expect(pdfs.filter((f) => /cid/.test(path.basename(f))).length).toBeGreaterThanOrEqual(2);
    // The caches alone (the build's worker also reads /ActualText, which pdf.js's own drops).
    const cachesOnly = path.join(tempDir(), "pdf.worker.mjs");
    const built = spawnSync(process.execPath, [PATCH, "--without-actual-text", path.join(ROOT, "node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs"), cachesOnly], { encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    const patched = readTwice({ SHEET_EXTRACT_STOCK_PDFJS: "", SHEET_EXTRACT_PDFJS_WORKER: cachesOnly });
    const stock = readTwice({ SHEET_EXTRACT_STOCK_PDFJS: "1", SHEET_EXTRACT_PDFJS_WORKER: "" });
    expect([patched.kind, stock.kind]).toEqual(["patched", "stock"]);
    const [first, second] = patched.passes;
    expect(first?.filter((h) => !h.endsWith(" 0")).length).toBeGreaterThan(20);
    expect(second).toEqual(first);
    expect(stock.passes[0]).toEqual(first);
    expect(stock.passes[1]).toEqual(first);
  }, 240_000);

  it("is not built from a pdf.js whose code has moved: the build stops and says which edit", () => {
    const dir = tempDir();
    const source = path.join(dir, "pdf.worker.mjs");
    const installed = fs.readFileSync(path.join(ROOT, "node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs"), "utf8");
    fs.writeFileSync(source, installed.replace("amend(map) {", "amend(entries) {"));
    const target = path.join(dir, "out.mjs");
    const r = spawnSync(process.execPath, [PATCH, source, target], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("an amended Unicode map no longer the cached one");
    expect(fs.existsSync(target)).toBe(false);

    const ok = spawnSync(process.execPath, [PATCH, path.join(ROOT, "node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs"), target], { encoding: "utf8" });
    expect(ok.status, ok.stderr).toBe(0);
    expect(fs.readFileSync(target, "utf8")).toBe(fs.readFileSync(path.join(ROOT, "dist/pdfjs/pdf.worker.mjs"), "utf8"));
  });
});

describe("pdf.js's main half as the build writes it", () => {
  it("reads a PDF without loading @napi-rs/canvas, which it loads when a drawing class is first asked for", () => {
    const script = `
      import fs from "node:fs";
      import { createRequire } from "node:module";
      import * as d from ${JSON.stringify(path.join(ROOT, "dist/extract/pdf/document.js"))};
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes("@napi-rs"));
      let pages = 0;
      await d.withPdfPages(new Uint8Array(fs.readFileSync(process.argv[1])), () => void pages++);
      const afterReading = loaded();
      const matrix = new DOMMatrix([2, 0, 0, 2, 5, 7]);
      console.log(JSON.stringify({ pages, afterReading, afterDrawing: loaded(), e: matrix.e, path: typeof Path2D, image: typeof ImageData }));
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, path.join(SAMPLES, "toshi-r5-cid-rksj.pdf")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ pages: 6, afterReading: false, afterDrawing: true, e: 5, path: "function", image: "function" });
  });
});
