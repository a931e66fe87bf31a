// PDFs: fixtures of several producers and fonts against their hand-written truths, every error
// code, and provenance boxes on their pages.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareDocuments, type ExpectedDocument } from "../src/check/compare.js";
import { SheetExtractError } from "../src/errors.js";
import { extractDocument, type ExtractOptions } from "../src/pipeline.js";
import { closeCutTables, placeCharacters, type Glyph } from "../src/extract/pdf/layout.js";
import { dropOverprints } from "../src/extract/pdf/overprint.js";
import { foldRadicals } from "../src/extract/pdf/radicals.js";
import { decodesToJapanese } from "../src/extract/pdf/reader.js";
import { readOptions, withPdfDocument, withPdfPages, type PdfPage } from "../src/extract/pdf/document.js";
import { deliveredCopy } from "../src/extract/pdf/port.js";
import { ROOT, SAMPLES } from "./helpers/cli.js";

const FIXTURES = path.join(ROOT, "test", "fixtures", "pdf");
const TRUTHS = path.join(ROOT, "scripts", "fixtures");

function truthOf(pdf: string): ExpectedDocument {
  const base = /^(ueda-r2|toshi-r5|kosodate-r4|sanada-h25|maruko-h26)/.exec(pdf)?.[1];
  return JSON.parse(fs.readFileSync(path.join(TRUTHS, `${base}.truth.json`), "utf8")) as ExpectedDocument;
}

async function codeOf(bytes: Uint8Array, name: string, options: ExtractOptions = {}): Promise<string> {
  try {
    await extractDocument(bytes, name, options);
  } catch (err) {
    expect(err).toBeInstanceOf(SheetExtractError);
    expect((err as SheetExtractError).file).toBe(name);
    return (err as SheetExtractError).code;
  }
  return "OK";
}

const pdfs = fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".pdf"));

describe("PDF fixtures agree with their truths field by field", () => {
  it.each(pdfs)("%s", async (pdf) => {
    const doc = await extractDocument(fs.readFileSync(path.join(SAMPLES, pdf)), pdf);
    const misses = compareDocuments(truthOf(pdf), doc).filter((r) => !r.ok);
    expect(misses).toEqual([]);
  });
});

describe("typography and drawing the reader was not built on (issue #24), read exactly with no warning", () => {
  // Chromium renderings: borders dotted (a filled square per dot), a dotted grid inside a double
  // frame, dashed (a segment per dash); header labels letter-spaced and 均等割付; Noto Sans CJK,
  // whose font maps ・ and ～ to look-alikes and gives the printed ones in /ActualText; two sheets
  // side by side on A3 landscape; A4 portrait pages imposed two to an A3 sheet (pypdf). A
  // hand-written PDF whose header labels are set vertically in a UniJIS-UCS2-V font, stacked in
  // columns (make_cid_pdf.py --vertical-labels). Each read 24–90 % before, three with no warning.
  it.each([
    "kosodate-r4-dotted.pdf",
    "kosodate-r4-dotted-in-double.pdf",
    "kosodate-r4-dashed.pdf",
    "kosodate-r4-letterspaced.pdf",
    "kosodate-r4-noto.pdf",
    "kosodate-r4-two-up-a3l.pdf",
    "kosodate-r4-imposed-2up.pdf",
    "kosodate-r4-cid-vertical-labels.pdf",
  ])("%s", async (pdf) => {
    const doc = await extractDocument(fs.readFileSync(path.join(FIXTURES, pdf)), pdf);
    expect(compareDocuments(truthOf(pdf), doc).filter((r) => !r.ok)).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });
});

describe("PDF errors", () => {
  const sample = fs.readFileSync(path.join(SAMPLES, "kosodate-r4-cid-ucs2.pdf"));

  it.each([
    ["a PDF with a user password", "encrypted-user-password.pdf", "PDF_ENCRYPTED"],
    ["a PDF with text but no sheet", "not-a-sheet.pdf", "NOT_A_SHEET"],
    ["a sheet in an Identity-H font without a usable ToUnicode map", "identity-no-tounicode.pdf", "UNREADABLE_TEXT"],
  ])("%s is %s", async (_what, file, code) => {
    expect(await codeOf(fs.readFileSync(path.join(FIXTURES, file)), file)).toBe(code);
  });

  it("a scan without a text layer is NO_TEXT_LAYER with OCR off, and says so", async () => {
    await expect(extractDocument(fs.readFileSync(path.join(FIXTURES, "scanned.pdf")), "scanned.pdf", { ocr: "off" })).rejects.toMatchObject({
      code: "NO_TEXT_LAYER",
      page: 1,
      message: expect.stringContaining("OCR is off (--ocr off)"),
    });
  });

  it("a scan without a text layer is NO_TEXT_LAYER where no OCR engine is installed, and the message says how to install one", async () => {
    await expect(extractDocument(fs.readFileSync(path.join(FIXTURES, "scanned.pdf")), "scanned.pdf", { tesseract: "/nonexistent/tesseract" })).rejects.toMatchObject({
      code: "NO_TEXT_LAYER",
      message: expect.stringContaining("apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert"),
    });
  });

  it("names the pages whose text does not decode", async () => {
    await expect(extractDocument(fs.readFileSync(path.join(FIXTURES, "identity-no-tounicode.pdf")), "x.pdf")).rejects.toMatchObject({
      code: "UNREADABLE_TEXT",
      page: 1,
      message: expect.stringContaining("pages 1, 2"),
    });
  });

  it("tells Japanese text from codes read as other scripts", () => {
    const runs = (text: string): Array<{ text: string }> => [{ text }];
    expect(decodesToJapanese(runs("重点目標 地域内分権の確立に向けた地域主体の自治の推進 部局名 市民まちづくり推進部 ①②"))).toBe(true);
    expect(decodesToJapanese(runs("Café résumé 3.5% — “quoted” ✓ ※ ■ → ①〜⑩ ＡＢＣ"))).toBe(true);
    expect(decodesToJapanese(runs("૤ࢌଔੴદР׍ҹ૮ؙޡࠆҷӼӈЭРбРЭ׍ҹ૮ؙݐҲѦਖૣѮ"))).toBe(false);
    expect(decodesToJapanese(runs("\ue000\ue001\ue002".repeat(10)))).toBe(false);
    expect(decodesToJapanese(runs("ҷӼ"))).toBe(true); // too little text to tell
  });

  it("reads a PDF encrypted for permissions only (no user password, printing and copying forbidden)", async () => {
    const doc = await extractDocument(fs.readFileSync(path.join(FIXTURES, "encrypted-permissions-only.pdf")), "p.pdf");
    expect(compareDocuments(truthOf("kosodate-r4"), doc).filter((r) => !r.ok)).toEqual([]);
  });

  it.each([
    ["a truncated PDF", sample.subarray(0, 1200), "PDF_CORRUPT"],
    ["garbage named .pdf", new TextEncoder().encode("this is not a PDF at all"), "PDF_CORRUPT"],
    ["a PDF header and nothing else", new TextEncoder().encode("%PDF-1.7\n%%EOF\n"), "PDF_CORRUPT"],
    ["an empty .pdf", new Uint8Array(), "EMPTY_FILE"],
  ])("%s is %s", async (_what, bytes, code) => {
    expect(await codeOf(bytes, "broken.pdf")).toBe(code);
  });
});

describe("PDF provenance", () => {
  it.each(pdfs)("%s: every text field has a box inside its page", async (pdf) => {
    const bytes = fs.readFileSync(path.join(SAMPLES, pdf));
    const doc = await extractDocument(bytes, pdf);
    // Each page's box in PDF space (unrotated, origin bottom-left), as pdf.js reports it.
    const views = await withPdfDocument(bytes, async (d) => {
      const out: number[][] = [];
      for (let n = 1; n <= d.numPages; n++) out.push((await d.getPage(n)).view);
      return out;
    });
    for (const sheet of doc.sheets) {
      expect(sheet.provenance.pages.length).toBeGreaterThan(0);
      const texts: Array<[string, string]> = [
        ["title", sheet.title],
        ["situation", sheet.situation],
        ...sheet.items.flatMap((item, i) => [[`items[${i}].action`, item.action] as [string, string], [`items[${i}].finalReport`, item.finalReport] as [string, string]]),
      ];
      for (const [field, text] of texts) {
        if (text === "") continue;
        const p = sheet.provenance.fields[field];
        expect(p, `${pdf} ${field}`).toBeDefined();
        const parts = p && "parts" in p ? p.parts : p && "page" in p ? [p] : [];
        expect(parts.length).toBeGreaterThan(0);
        for (const part of parts) {
          const [x0, y0, x1, y1] = part.bbox;
          const [px0, py0, px1, py1] = views[part.page - 1] ?? [0, 0, 0, 0];
          expect(sheet.provenance.pages).toContain(part.page);
          expect(part.page).toBeLessThanOrEqual(doc.source.pages ?? 0);
          expect(x0, `${pdf} ${field}`).toBeGreaterThanOrEqual((px0 ?? 0) - 0.5);
          expect(y0, `${pdf} ${field}`).toBeGreaterThanOrEqual((py0 ?? 0) - 0.5);
          expect(x1, `${pdf} ${field}`).toBeLessThanOrEqual((px1 ?? 0) + 0.5);
          expect(y1, `${pdf} ${field}`).toBeLessThanOrEqual((py1 ?? 0) + 0.5);
          expect(x1 - x0).toBeGreaterThan(1);
          expect(y1 - y0).toBeGreaterThan(1);
        }
      }
    }
  });

  it("gives a field broken over two pages one part per page", async () => {
    const doc = await extractDocument(fs.readFileSync(path.join(SAMPLES, "toshi-r5-cid-rksj.pdf")), "x.pdf");
    const p = doc.sheets[0]?.provenance.fields["items[1].action"];
    expect(p && "parts" in p ? p.parts.map((q) => q.page) : []).toEqual([1, 2]);
    // …and the text joins across the break like a wrapped line.
    expect(doc.sheets[0]?.items[1]?.action).toContain("誘導施設の整備に対する補助制度を周知します。");
  });

  it("puts the title's box over the title on an A4 landscape page", async () => {
    const doc = await extractDocument(fs.readFileSync(path.join(SAMPLES, "ueda-r2-calc.pdf")), "x.pdf");
    const p = doc.sheets[0]?.provenance.fields.title;
    expect(p && "page" in p ? p.page : 0).toBe(1);
    const [x0, y0, x1, y1] = p && "bbox" in p ? p.bbox : [0, 0, 0, 0];
    // The title cell sits in the top band of the 842 × 595 page, right of the 重点目標 label.
    expect(y0).toBeGreaterThan(480);
    expect(y1).toBeLessThan(530);
    expect(x0).toBeGreaterThan(80);
    expect(x1).toBeLessThan(460);
  });
});

describe("layout pieces", () => {
  it("closes a table a page break cut open", () => {
    const segs = closeCutTables([
      { dir: "h", x0: 10, x1: 110, y0: 10, y1: 10 },
      { dir: "v", x0: 10, x1: 10, y0: 10, y1: 90 },
      { dir: "v", x0: 60, x1: 60, y0: 10, y1: 90 },
      { dir: "v", x0: 110, x1: 110, y0: 10, y1: 90 },
    ]);
    expect(segs.filter((s) => s.dir === "h").map((s) => [s.y0, s.x0, s.x1])).toEqual([
      [10, 10, 110],
      [90, 10, 110],
    ]);
  });

  it("places merged characters by width, spaces taking the gaps", () => {
    // 4 full-width characters at 10 pt and one space in a run 60 wide: the space is 20 wide.
    expect(placeCharacters([..."部局 名称"], 60, 10)).toEqual([10, 10, 20, 10, 10]);
  });

  it("folds Kangxi and supplement radicals to the ideographs Japanese text uses", () => {
    expect(foldRadicals("重点⽬標・市⺠・⼾籍・⻑野")).toBe("重点目標・市民・戸籍・長野");
  });
});

describe("overprinted glyphs (fake bold)", () => {
  const glyph = (ch: string, x0: number, y = 100, size = 10): Glyph => ({ ch, x0, x1: x0 + size, y, size });
  const text = (gs: Glyph[]): string => gs.map((g) => g.ch).join("");

  it("keeps one of each character drawn four times a quarter point apart", () => {
    const bold = [0, 0.25, 0.5, 0.75].flatMap((dx) => ["部", "局", "名"].map((ch, i) => glyph(ch, 10 + i * 10 + dx)));
    expect(text(dropOverprints(bold))).toBe("部局名");
  });

  it("keeps copies offset on both axes out, and the first drawn of each", () => {
    const kept = dropOverprints([glyph("年", 50, 100), glyph("年", 50.3, 99.7), glyph("年", 50.6, 100.3)]);
    expect(kept).toEqual([glyph("年", 50, 100)]);
  });

  it("keeps real repeats: 々, ーー, 1,111, half-width digits side by side", () => {
    expect(text(dropOverprints([glyph("人", 0), glyph("々", 10), glyph("ー", 20), glyph("ー", 30)]))).toBe("人々ーー");
    const digits = ["1", ",", "1", "1", "1"].map((ch, i) => ({ ch, x0: i * 5, x1: i * 5 + 5, y: 100, size: 10 }));
    expect(text(dropOverprints(digits))).toBe("1,111");
  });

  it("keeps the same character in the next line and in another size", () => {
    expect(dropOverprints([glyph("目", 0, 100), glyph("目", 0, 88), glyph("目", 0, 100, 14)])).toHaveLength(3);
  });
});

describe("paragraph breaks in PDF cells", () => {
  const read = async (pdf: string): Promise<string[]> => {
    const doc = await extractDocument(fs.readFileSync(path.join(SAMPLES, pdf)), pdf);
    return doc.sheets.flatMap((s) => [s.situation, s.alignment.rebuildPlan, ...s.items.flatMap((i) => [i.action, i.target, i.midtermReport, i.finalReport])]);
  };

  it("ends a paragraph where a line stops with room for what follows (Calc, Chromium, Writer, CID)", async () => {
    const calc = await read("ueda-r2-calc.pdf");
    expect(calc).toContainEqual(expect.stringContaining("相談窓口の継続\n多言語で対応可能な職員"));
    expect(calc).toContainEqual(expect.stringContaining("要望の実施\n外国人集住都市会議"));
    expect(await read("ueda-r2-html.pdf")).toContainEqual(expect.stringContaining("参加しました\n来年度以降"));
    for (const pdf of ["kosodate-r4-writer.pdf", "kosodate-r4-cid-ucs2.pdf"]) {
      expect(await read(pdf)).toContainEqual(expect.stringContaining("減少しました。\n相談件数"));
    }
  });

  it("joins a wrap before ・ inside a phrase, and a wrap before a word that did not fit", async () => {
    const calc = (await read("ueda-r2-calc.pdf")).join("\n\n");
    expect(calc).toContain("文化・芸術の再興");
    expect(calc).toContain("毎週月・水・金曜日");
    expect(calc).toContain("するとともに、AMU");
    // The CID writer wraps at spaces: the next word did not fit, so the line is no paragraph's end.
    const cid = (await read("toshi-r5-cid-rksj.pdf")).join("\n\n");
    expect(cid).not.toMatch(/全戸配布 \(2\)\n/);
  });
});

describe("the in-thread port (operator lists handed over, not deep-copied)", () => {
  it("reads every sample and fixture PDF exactly as pdf.js's own deep-copying port does", async () => {
    const pdfs = [
      ...fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".pdf")).map((f) => path.join(SAMPLES, f)),
      ...fs.readdirSync(path.join(ROOT, "test/fixtures/pdf")).filter((f) => f.endsWith(".pdf")).map((f) => path.join(ROOT, "test/fixtures/pdf", f)),
    ];
    expect(pdfs.length).toBeGreaterThan(20);
    // Pages, or the error (damaged and encrypted fixtures must fail the same way on both ports).
    const pagesOf = async (file: string): Promise<PdfPage[] | string> => {
      const pages: PdfPage[] = [];
      try {
        await withPdfPages(new Uint8Array(fs.readFileSync(file)), (page) => void pages.push(page));
      } catch (err) {
        return err instanceof SheetExtractError ? `${err.code}: ${err.message}` : String(err);
      }
      return pages;
    };
    let read = 0;
    try {
      for (const file of pdfs) {
        readOptions.sharedOperators = true;
        const shared = await pagesOf(file);
        readOptions.sharedOperators = false;
        const copied = await pagesOf(file);
        expect(shared, file).toEqual(copied);
        if (typeof shared !== "string" && shared.some((p) => p.runs.length > 0)) read++;
      }
      expect(read).toBeGreaterThan(20);
    } finally {
      readOptions.sharedOperators = true;
    }
  }, 120_000);

  it("copies an operator list chunk's arrays but not its operations; clones any other message", () => {
    const args = [[{ unicode: "あ", width: 1000 }]];
    const chunk = { fnArray: [44], argsArray: args, lastChunk: false, separateAnnots: null, length: 1 };
    const message = { sourceName: "worker", targetName: "main", stream: 4, streamId: 1, chunk };
    const copy = deliveredCopy(message, [new ArrayBuffer(8)]) as typeof message;
    expect(copy).toEqual(message);
    expect(copy.chunk.fnArray).not.toBe(chunk.fnArray);
    expect(copy.chunk.argsArray).not.toBe(chunk.argsArray);
    expect(copy.chunk.argsArray[0]).toBe(args[0]);
    chunk.fnArray.length = 0; // as OperatorList.flush does after posting
    expect(copy.chunk.fnArray).toEqual([44]);
    const other = { action: "commonobj", data: ["f1", "Font", { name: "MS-Mincho", widths: [1, 2] }] };
    const cloned = deliveredCopy(other) as typeof other;
    expect(cloned).toEqual(other);
    expect(cloned.data[2]).not.toBe(other.data[2]);
    expect(deliveredCopy({ stream: 4, chunk: { fnArray: "x" } })).not.toBe(undefined);
  });
});
