// Hostile PDFs, small on disk, each of one kind an attacker or an unlucky producer makes: streams
// that inflate to gigabytes (Flate, nested Flate, LZW, Brotli; a content stream, a font, an object
// stream), image XObjects of a gigapixel, 20,000 pages, a page the size of a wall, page trees and
// forms that loop, nesting 10,000 deep. The same seed gives the same bytes
// (scripts/make-hostile-pdfs.ts writes them to a folder; test/hostile.test.ts runs them as a batch).
import { brotliCompressSync, constants, deflateRawSync, deflateSync } from "node:zlib";
import { PdfWriter } from "./pdf-writer.js";
import { prng } from "./mutants.js";

export interface HostilePdf {
  name: string;
  bytes: Uint8Array;
  /** What reading it must end in: an error code, or "document"/"NOT_A_SHEET"-like codes where it is read. */
  expect: string;
  /** What it is, for messages. */
  what: string;
}

const GiB = 2 ** 30;

/**
 * A zlib stream of `head` and then `total` zero bytes, without ever holding the zeros: 1 MiB of
 * zeros deflated once with a full flush (byte-aligned, referring to nothing before it) is repeated,
 * then a final empty block and the Adler-32, where each zero adds nothing to its sum a and a to b.
 */
export function zlibZeros(total: number, head: Uint8Array = new Uint8Array(0)): Uint8Array {
  const chunk = 2 ** 20;
  const full = { finishFlush: constants.Z_FULL_FLUSH };
  const block = deflateRawSync(Buffer.alloc(chunk), full);
  const whole = Math.floor(total / chunk);
  const rest = total - whole * chunk;
  const parts: Buffer[] = [Buffer.from([0x78, 0x9c])];
  if (head.length > 0) parts.push(deflateRawSync(head, full));
  for (let i = 0; i < whole; i++) parts.push(block);
  if (rest > 0) parts.push(deflateRawSync(Buffer.alloc(rest), full));
  parts.push(deflateRawSync(Buffer.alloc(0)));
  let a = 1;
  let b = 0;
  for (const byte of head) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  b = (b + ((total % 65521) * a) % 65521) % 65521;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  parts.push(adler);
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * LZW codes (PDF's LZWDecode, early change 1) that decode to at least `total` zeros: after each
 * clear, a zero and then always the code being defined, so each code is one zero longer than the
 * last (7 MB per table of 4,096 codes, in 5 KB).
 */
export function lzwZeros(total: number): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const emit = (code: number, width: number): void => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  };
  let decoded = 0;
  let width = 9;
  emit(256, width);
  while (decoded < total) {
    emit(0, width);
    decoded += 1;
    let next = 258;
    for (let code = 258; code < 4094 && decoded < total; code++) {
      emit(code, width);
      decoded += code - 256;
      next += 1;
      // The decoder's rule (pdf.js LZWStream): a wider code once next + 1 is a power of two.
      if (((next + 1) & next) === 0) width = Math.min(Math.floor(Math.log2(next + 1)) + 1, 12);
    }
    emit(256, width);
    width = 9;
  }
  emit(257, width);
  if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Uint8Array.from(out);
}

/** Brotli of `total` zeros, compressed a quarter GiB at a time (brotli streams cannot be joined, so one call). */
export function brotliZeros(total: number): Uint8Array {
  return new Uint8Array(brotliCompressSync(Buffer.alloc(total), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }));
}

/** A one-page document: Helvetica text, the content given, optional extra objects made by `more`. */
function onePage(options: {
  content?: { dict: string; data: Uint8Array } | string;
  resources?: (w: PdfWriter) => string;
  mediaBox?: string;
  more?: (w: PdfWriter, page: number) => void;
}): Uint8Array {
  const w = new PdfWriter();
  const catalog = w.reserve();
  const pages = w.reserve();
  const page = w.reserve();
  const font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const resources = options.resources?.(w) ?? "";
  const content = options.content ?? "BT /F1 12 Tf 72 720 Td (hostile) Tj ET";
  const contents = w.add(typeof content === "string" ? { dict: "", data: Buffer.from(content, "latin1") } : content);
  w.add(`<< /Type /Catalog /Pages ${pages} 0 R >>`, catalog);
  w.add(`<< /Type /Pages /Kids [${page} 0 R] /Count 1 >>`, pages);
  w.add(
    `<< /Type /Page /Parent ${pages} 0 R /MediaBox ${options.mediaBox ?? "[0 0 595 842]"} /Resources << /Font << /F1 ${font} 0 R >> ${resources} >> /Contents ${contents} 0 R >>`,
    page,
  );
  options.more?.(w, page);
  return w.toBytes(catalog);
}

/** An image XObject of `side`² grey pixels whose data is a Flate stream of zeros (nested `layers` deep). */
function imageBomb(side: number, layers: 1 | 2): Uint8Array {
  let data = zlibZeros(side * side);
  if (layers === 2) data = new Uint8Array(deflateSync(data, { level: 9 }));
  const filter = layers === 2 ? "[/FlateDecode /FlateDecode]" : "/FlateDecode";
  return onePage({
    resources: (w) => {
      const image = w.add({ dict: `/Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter ${filter}`, data });
      return `/XObject << /Im0 ${image} 0 R >>`;
    },
    content: "q 500 0 0 500 50 200 cm /Im0 Do Q BT /F1 12 Tf 72 720 Td (hostile) Tj ET",
  });
}

/**
 * An image whose dictionary says 10×10 and whose JPEG data says 65000×65000 (a start-of-frame and
 * nothing else): the JPEG decoder sizes its planes by the JPEG's own header, 8 GB of them.
 */
export function jpegHeaderBomb(): Uint8Array {
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0xfd, 0xe8, 0xfd, 0xe8, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9]);
  return onePage({
    resources: (w) => {
      const image = w.add({ dict: "/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", data: jpeg });
      return `/XObject << /Im0 ${image} 0 R >>`;
    },
    content: "q 100 0 0 100 50 600 cm /Im0 Do Q BT /F1 12 Tf 72 720 Td (hostile) Tj ET",
  });
}

/** `count` pages under a two-level page tree, every page showing the one shared content stream. */
function manyPages(count: number, perKid: number): Uint8Array {
  const w = new PdfWriter();
  const catalog = w.reserve();
  const root = w.reserve();
  const font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const content = w.add({ dict: "", data: Buffer.from("BT /F1 12 Tf 72 720 Td (page) Tj ET", "latin1") });
  const kids: number[] = [];
  for (let start = 0; start < count; start += perKid) {
    const kid = w.reserve();
    kids.push(kid);
    const leaves: number[] = [];
    for (let i = start; i < Math.min(count, start + perKid); i++) {
      leaves.push(w.add(`<< /Type /Page /Parent ${kid} 0 R /Contents ${content} 0 R >>`));
    }
    w.add(`<< /Type /Pages /Parent ${root} 0 R /Kids [${leaves.map((n) => `${n} 0 R`).join(" ")}] /Count ${leaves.length} >>`, kid);
  }
  w.add(`<< /Type /Catalog /Pages ${root} 0 R >>`, catalog);
  w.add(
    `<< /Type /Pages /Kids [${kids.map((n) => `${n} 0 R`).join(" ")}] /Count ${count} /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> >>`,
    root,
  );
  return w.toCompactBytes(catalog);
}

/** Form XObjects, each drawing the next, `depth` deep; the last shows text. */
function nestedForms(depth: number): Uint8Array {
  return onePage({
    resources: (w) => {
      const first = w.reserve();
      let n = first;
      for (let i = 0; i < depth; i++) {
        const next = i + 1 < depth ? w.reserve() : 0;
        const body = next ? "/X Do" : "BT /F1 12 Tf 72 700 Td (deep) Tj ET";
        const res = next ? `/Resources << /XObject << /X ${next} 0 R >> >>` : "";
        w.add({ dict: `/Type /XObject /Subtype /Form /BBox [0 0 595 842] ${res}`, data: Buffer.from(body, "latin1") }, n);
        n = next;
      }
      return `/XObject << /X ${first} 0 R >>`;
    },
    content: "/X Do BT /F1 12 Tf 72 720 Td (hostile) Tj ET",
  });
}

export function hostilePdfs(seed = 1): HostilePdf[] {
  const random = prng(seed);
  // Where the seed shows: the sizes of the bombs past their round figure and the nesting's shape.
  const jitter = (n: number): number => n + Math.floor(random() * 4096);
  const out: HostilePdf[] = [];
  const add = (name: string, expect: string, what: string, bytes: Uint8Array): void => void out.push({ name: `${name}.pdf`, bytes, expect, what });

  add("flate-1g", "TOO_LARGE", "a content stream that inflates to 1 GiB of zeros", onePage({ content: { dict: "/Filter /FlateDecode", data: zlibZeros(jitter(GiB)) } }));
  add("flate-4g", "TOO_LARGE", "a content stream that inflates to 4 GiB of zeros", onePage({ content: { dict: "/Filter /FlateDecode", data: zlibZeros(jitter(4 * GiB)) } }));
  add(
    "flate-nested",
    "TOO_LARGE",
    "a content stream deflated twice ([/FlateDecode /FlateDecode]), 4 GiB inside",
    onePage({ content: { dict: "/Filter [/FlateDecode /FlateDecode]", data: new Uint8Array(deflateSync(zlibZeros(jitter(4 * GiB)), { level: 9 })) } }),
  );
  add("lzw-1g", "TOO_LARGE", "a content stream whose LZW codes decode to 1 GiB", onePage({ content: { dict: "/Filter /LZWDecode", data: lzwZeros(jitter(GiB)) } }));
  add("brotli-1g", "TOO_LARGE", "a content stream whose Brotli data decodes to 1 GiB", onePage({ content: { dict: "/Filter /BrotliDecode", data: brotliZeros(GiB) } }));
  add(
    "font-1g",
    "TOO_LARGE",
    "an embedded TrueType font program that inflates to 1 GiB",
    onePage({
      resources: (w) => {
        const file = w.add({ dict: "/Filter /FlateDecode", data: zlibZeros(jitter(GiB)) });
        const descriptor = w.add(`<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 ${file} 0 R >>`);
        const font = w.add(`<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 /FontDescriptor ${descriptor} 0 R >>`);
        return `/Font << /F2 ${font} 0 R >>`;
      },
      content: "BT /F2 12 Tf 72 720 Td (hostile) Tj ET",
    }),
  );
  out.push({ name: "objstm-1g.pdf", bytes: objStmBomb(jitter(GiB)), expect: "TOO_LARGE", what: "an object stream (holding the catalog) that inflates to 1 GiB" });
  add("image-32768", "TOO_LARGE", "a 32768² grey image XObject (1 GiB decoded)", imageBomb(32768, 1));
  add("image-60000", "TOO_LARGE", "a 60000² grey image XObject (3.4 GiB decoded), deflated twice", imageBomb(60000, 2));
  add("jpeg-header", "NOT_A_SHEET", "a 10×10 image whose JPEG header says 65000×65000 (reading decodes no image)", jpegHeaderBomb());
  add("pages-20000", "TOO_LARGE", "20,000 pages", manyPages(20_000, 200));
  add("page-14400", "NOT_A_SHEET", "a page 14400 pt square (200 inches, the largest PDF allows)", onePage({ mediaBox: "[0 0 14400 14400]" }));
  add("page-absurd", "NOT_A_SHEET", "a MediaBox of 10^30 points", onePage({ mediaBox: "[0 0 1e30 1e30]" }));
  {
    // The page tree's kid is the tree itself.
    const w = new PdfWriter();
    w.add("<< /Type /Catalog /Pages 2 0 R >>", 1);
    w.add("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", 2);
    w.add("<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>", 3);
    add("pages-cycle", "PDF_CORRUPT", "a page tree whose kids lead back to itself", w.toBytes(1));
  }
  add(
    "form-self",
    "NOT_A_SHEET",
    "a form XObject that draws itself",
    onePage({
      resources: (w) => {
        const form = w.reserve();
        w.add({ dict: `/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X ${form} 0 R >> >>`, data: Buffer.from("/X Do", "latin1") }, form);
        return `/XObject << /X ${form} 0 R >>`;
      },
      content: "/X Do BT /F1 12 Tf 72 720 Td (hostile) Tj ET",
    }),
  );
  add(
    "resources-cycle",
    "NOT_A_SHEET",
    "resources that contain themselves",
    onePage({
      resources: (w) => {
        const res = w.reserve();
        const font = w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        w.add(`<< /Font << /F1 ${font} 0 R >> /XObject << /X ${res} 0 R >> /Self ${res} 0 R >>`, res);
        const form = w.add({ dict: `/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources ${res} 0 R`, data: Buffer.from("/X Do BT /F1 9 Tf 72 600 Td (loop) Tj ET", "latin1") });
        return `/XObject << /Y ${form} 0 R >>`;
      },
      content: "/Y Do BT /F1 12 Tf 72 720 Td (hostile) Tj ET",
    }),
  );
  add("forms-10000", "NOT_A_SHEET", "form XObjects 10,000 deep", nestedForms(10_000));
  const depth = 10_000 + Math.floor(random() * 16);
  add("arrays-10000", "NOT_A_SHEET", "an array nested 10,000 deep", onePage({ resources: () => `/Deep ${"[".repeat(depth)}0${"]".repeat(depth)}` }));
  add("dicts-10000", "NOT_A_SHEET", "a dictionary nested 10,000 deep", onePage({ resources: () => `/Deep ${"<< /A ".repeat(depth)}0${" >>".repeat(depth)}` }));
  add("q-10000", "NOT_A_SHEET", "q/Q (graphics state saves) nested 10,000 deep", onePage({ content: `${"q ".repeat(depth)}BT /F1 12 Tf 72 720 Td (hostile) Tj ET ${"Q ".repeat(depth)}` }));
  return out;
}

/**
 * A file whose catalog and page tree live in an object stream that inflates to `zeros` more bytes
 * after them, indexed by a cross-reference stream.
 */
function objStmBomb(zeros: number): Uint8Array {
  const index = "1 0 2 40 ";
  const objects = "<< /Type /Catalog /Pages 2 0 R >>".padEnd(40, " ") + "<< /Type /Pages /Kids [] /Count 0 >> ";
  const data = zlibZeros(zeros, Buffer.from(index + objects, "latin1"));
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const stmAt = parts[0]!.length;
  parts.push(
    Buffer.from(`3 0 obj\n<< /Type /ObjStm /N 2 /First ${index.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, "latin1"),
    Buffer.from(data),
    Buffer.from("\nendstream\nendobj\n", "latin1"),
  );
  const xrefAt = parts.reduce((n, b) => n + b.length, 0);
  const table = Buffer.alloc(5 * 7);
  const row = (n: number, type: number, a: number, b: number): void => {
    table.writeUInt8(type, n * 7);
    table.writeUInt32BE(a, n * 7 + 1);
    table.writeUInt16BE(b, n * 7 + 5);
  };
  row(0, 0, 0, 65535);
  row(1, 2, 3, 0);
  row(2, 2, 3, 1);
  row(3, 1, stmAt, 0);
  row(4, 1, xrefAt, 0);
  parts.push(Buffer.from(`4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Length ${table.length} >>\nstream\n`, "latin1"), table);
  parts.push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, "latin1"));
  return new Uint8Array(Buffer.concat(parts));
}
