#!/usr/bin/env node
// Writes dist/pdfjs/pdf.worker.mjs and dist/pdfjs/pdf.mjs, pdf.js's two halves (pdfjs-dist's legacy
// build, the pinned version). The worker half with built-in CMaps kept for the life of the process instead of one document, every
// decoder's output claimed from the budget of the document being read before it is allocated, and
// the /ActualText of marked-content spans passed on with the operator list (pdf.js drops it there).
//
// Why the claims: pdf.js has no limit on what a stream decodes to, and its decoders' buffers are
// typed arrays, off the V8 heap that a worker's resourceLimits bound: a 1 MB file whose content
// stream inflates to 4 GB took a batch server past 10 GB. The calls go to a hook that
// src/extract/pdf/limits.ts installs; where it is not installed they do nothing.
//
// Two more calls are for damage pdf.js reads past without a word (src/extract/pdf/document.ts
// collects pdf.js's warnings as damage): a Flate stream zlib refuses as corrupt, which pdf.js then
// inflates with its own decoder that checks nothing; and a run of NUL bytes where pdf.js's lexer
// reads (a content stream, an object's dictionary), which it takes for white space: zeros written
// over the file, whose text or numbers are gone.
//
// Why the CMaps: pdf.js parses a built-in CMap (UniJIS-UCS2-H, 90ms-RKSJ-H, Adobe-Japan1-UCS2 …) again for
// every document that names one, and rebuilds from it the Unicode map of every non-embedded CID
// font: tens of thousands of entries, about 40 % of reading such a file. They depend only on the
// CMap's name (the files ship with the package), so one parse serves every document.
//
// It also hands marked content's /ActualText over with the operator list (pdf.js keeps only the tag
// and MCID): producers put the printed character there when the font's own map says something else
// (Chromium with Noto CJK maps ・ to U+2027 and writes /ActualText <30FB>).
//
// The main half (pdf.mjs) gets one change: @napi-rs/canvas is loaded when a canvas, DOMMatrix,
// Path2D or ImageData is first asked for, not when the module loads. pdf.js needs it only to draw
// (the review page, a scanned page taken for OCR); loading it cost every reading worker 0.14-0.28 s
// of CPU and 40 MB, for nothing. Drawing loads it as before, and pdf.js's own warnings stand.
//
// Each edit must match exactly once, or the build fails: a new pdfjs-dist is checked by hand, never
// patched blindly. Nothing else changes; tests read every sample through this worker and compare.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// Usage: node scripts/patch-pdfjs-worker.mjs [--without-actual-text] [SOURCE TARGET] (default: the installed
// worker and main half → dist/pdfjs/; with SOURCE, the one file, worker or main half by its name).
// --without-actual-text leaves /ActualText out: the tests read with that worker to prove the caches
// change nothing against pdf.js's own.
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const withoutActualText = args[0] === "--without-actual-text";
if (withoutActualText) args.shift();
const version = require("pdfjs-dist/package.json").version;

const MARK = "/* sheet-extract: built-in CMaps cached per process */";
const DECODED = "/* sheet-extract: decoded bytes claimed from the document's budget */";
/**
 * NUL bytes in a row, where pdf.js's lexer reads (a content stream outside its inline images, an
 * object's dictionary; never a stream's data), that mean zeros were written over the file. Text
 * in a two-byte encoding puts a zero before an ASCII character, and code 0 is no glyph a font
 * prints, so two or three can be a string's; four cannot.
 */
const NUL_RUN = 4;

const workerEdits = [
  {
    what: "built-in CMaps parsed once per process",
    from: "async function createBuiltInCMap(name, fetchBuiltInCMap) {",
    to: `${MARK}
const sheetExtractCMaps = new Map();
function createBuiltInCMap(name, fetchBuiltInCMap) {
  if (name === "Identity-H" || name === "Identity-V" || !fetchBuiltInCMap || !BUILT_IN_CMAPS.includes(name)) {
    return createBuiltInCMapOnce(name, fetchBuiltInCMap);
  }
  let parsed = sheetExtractCMaps.get(name);
  if (!parsed) {
    parsed = createBuiltInCMapOnce(name, fetchBuiltInCMap);
    sheetExtractCMaps.set(name, parsed);
    parsed.catch(() => sheetExtractCMaps.delete(name));
  }
  // Fetched through the first document that asked: if that failed (the document was closed
  // meanwhile), this one fetches its own.
  return parsed.catch(() => createBuiltInCMapOnce(name, fetchBuiltInCMap));
}
async function createBuiltInCMapOnce(name, fetchBuiltInCMap) {`,
  },
  {
    what: "a built-in CMap's Unicode map built once per process",
    from: `      const toUnicode = [],
        buf = [];
      properties.cMap.forEach(function (charcode, cid) {`,
    to: `      const sharedCMap = properties.cMap.builtInCMap && !(properties.cMap instanceof IdentityCMap);
      const cachedByUcs2 = sharedCMap ? (sheetExtractToUnicode.get(properties.cMap) ?? new Map()) : undefined;
      const cached = cachedByUcs2?.get(ucs2CMap);
      if (cached) {
        return sheetExtractShared(new ToUnicodeMap(cached.slice()), cached);
      }
      const toUnicode = [],
        buf = [];
      properties.cMap.forEach(function (charcode, cid) {`,
  },
  {
    what: "the Unicode map kept, and handed out as a copy (fonts amend theirs)",
    from: `          toUnicode[charcode] = String.fromCharCode(...buf);
        }
      });
      return new ToUnicodeMap(toUnicode);`,
    to: `          toUnicode[charcode] = String.fromCharCode(...buf);
        }
      });
      if (cachedByUcs2) {
        cachedByUcs2.set(ucs2CMap, toUnicode);
        sheetExtractToUnicode.set(properties.cMap, cachedByUcs2);
        return sheetExtractShared(new ToUnicodeMap(toUnicode.slice()), toUnicode);
      }
      return new ToUnicodeMap(toUnicode);`,
  },
  {
    what: "the caches of Unicode maps",
    from: "class CMapFactory {",
    to: `// A built-in CMap → (its UCS2 CMap → the Unicode map the two give a CID font).
const sheetExtractToUnicode = new WeakMap();
// A font's Unicode map, while unamended → the cached map it copies; that map → the font-char map a
// font without an embedded file builds from it (fallbackToSystemFont).
const sheetExtractToUnicodeSource = new WeakMap();
const sheetExtractFontChars = new WeakMap();
function sheetExtractShared(toUnicodeMap, source) {
  sheetExtractToUnicodeSource.set(toUnicodeMap, source);
  return toUnicodeMap;
}
class CMapFactory {`,
  },
  {
    what: "an amended Unicode map no longer the cached one",
    from: `  amend(map) {
    for (const charCode in map) {
      this._map[charCode] = map[charCode];`,
    to: `  amend(map) {
    sheetExtractToUnicodeSource.delete(this);
    for (const charCode in map) {
      this._map[charCode] = map[charCode];`,
  },
  {
    what: "a CID font without its file: the font-char map built once per Unicode map",
    from: `      const map = [];
      this.toUnicode.forEach((charCode, unicodeCharCode) => {
        if (!this.composite) {`,
    to: `      const source = this.composite ? sheetExtractToUnicodeSource.get(this.toUnicode) : undefined;
      const built = source && sheetExtractFontChars.get(source);
      const map = built ? built.slice() : [];
      if (!built) this.toUnicode.forEach((charCode, unicodeCharCode) => {
        if (!this.composite) {`,
  },
  {
    what: "… and kept",
    from: `        map[+charCode] = unicodeCharCode;
      });
      if (this.composite && this.toUnicode instanceof IdentityToUnicodeMap) {`,
    to: `        map[+charCode] = unicodeCharCode;
      });
      if (source && !built) sheetExtractFontChars.set(source, map.slice());
      if (this.composite && this.toUnicode instanceof IdentityToUnicodeMap) {`,
  },
  {
    actualText: true,
    what: "marked content's /ActualText kept in the operator list (after the MCID)",
    from: `            args = [args[0].name, args[1] instanceof Dict ? args[1].get("MCID") : null];`,
    to: `            args = [args[0].name, args[1] instanceof Dict ? args[1].get("MCID") : null,
              args[1] instanceof Dict && typeof args[1].get("ActualText") === "string" ? stringToPDFString(args[1].get("ActualText")) : null];`,
  },
  {
    what: "the hook the decoders call",
    from: `const emptyBuffer = new Uint8Array(0);
class DecodeStream extends BaseStream {`,
    to: `${DECODED}
function sheetExtractDecoded(stream, size) {
  globalThis[Symbol.for("sheet-extract.pdfjs")]?.decoded(stream, size);
}
const emptyBuffer = new Uint8Array(0);
class DecodeStream extends BaseStream {`,
  },
  {
    what: "a decoder's output buffer (Flate, LZW, RunLength, ASCII85/Hex, CCITT, predictors, joined content streams) growing",
    from: `      size *= 2;
    }
    const buffer2 = new Uint8Array(size);`,
    to: `      size *= 2;
    }
    sheetExtractDecoded(this, size);
    const buffer2 = new Uint8Array(size);`,
  },
  {
    what: "Flate and Brotli through DecompressionStream, chunk by chunk",
    from: `        chunks.push(chunk);
        totalLength += chunk.byteLength;`,
    to: `        chunks.push(chunk);
        totalLength += chunk.byteLength;
        sheetExtractDecoded(this, totalLength);`,
  },
  {
    what: "a stream zlib refused, judged damaged or not (pdf.js then inflates it without checks)",
    from: `    } catch {
      return {
        decompressed: null,`,
    to: `    } catch (reason) {
      const damage = globalThis[Symbol.for("sheet-extract.pdfjs")]?.inflateFailed(this, name, bytes, reason);
      if (damage) {
        warn(damage);
      }
      return {
        decompressed: null,`,
  },
  {
    what: "a run of NUL bytes in a content stream or an object, which the lexer would take for white space",
    from: `    this._hexStringNumWarn = 0;
    this.beginInlineImagePos = -1;
  }
  nextChar() {
    return this.currentChar = this.stream.getByte();
  }`,
    to: `    this._hexStringNumWarn = 0;
    this.beginInlineImagePos = -1;
    this.sheetExtractZeros = 0;
  }
  nextChar() {
    const ch = this.currentChar = this.stream.getByte();
    if (ch === 0) {
      if (++this.sheetExtractZeros === ${NUL_RUN}) {
        warn(\`a run of NUL bytes in \${this.knownCommands ? "a content stream" : "an object"}: zeros written over it (damaged)\`);
      }
    } else if (this.sheetExtractZeros !== 0) {
      this.sheetExtractZeros = 0;
    }
    return ch;
  }`,
  },
  {
    what: "Brotli's own decoder, told its stream",
    from: "const decodedData = BrotliDecode(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));",
    to: "const decodedData = BrotliDecode(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), { sheetExtractStream: this });",
  },
  {
    what: "… and its output, chunk by chunk",
    from: `      let chunk = new Int8Array(16384);
      chunks.push(chunk);`,
    to: `      if (options?.sheetExtractStream) sheetExtractDecoded(options.sheetExtractStream, totalOutput + 16384);
      let chunk = new Int8Array(16384);
      chunks.push(chunk);`,
  },
  {
    what: "the JPEG decoder's coefficient planes (sized by the JPEG's own header, not the image dictionary)",
    from: "    component.blockData = new Int16Array(blocksBufferSize);",
    to: `    sheetExtractDecoded(null, blocksBufferSize * 2);
    component.blockData = new Int16Array(blocksBufferSize);`,
  },
  {
    what: "… and its pixels",
    from: `    const dataLength = width * height * numComponents;
    const data = new Uint8ClampedArray(dataLength);`,
    to: `    const dataLength = width * height * numComponents;
    sheetExtractDecoded(null, dataLength);
    const data = new Uint8ClampedArray(dataLength);`,
  },
  {
    what: "a JBIG2 region (generic, text, halftone, refinement: decoded a byte per pixel)",
    from: `function readRegionSegmentInformation(data, start) {
  return {`,
    to: `function readRegionSegmentInformation(data, start) {
  sheetExtractDecoded(null, readUint32(data, start) * readUint32(data, start + 4));
  return {`,
  },
  {
    what: "an image over maxImageSize, told with its size before it is left out",
    from: `    if (maxImageSize !== -1 && w * h > maxImageSize) {
      const msg = "Image exceeded maximum allowed size and was removed.";`,
    to: `    if (maxImageSize !== -1 && w * h > maxImageSize) {
      globalThis[Symbol.for("sheet-extract.pdfjs")]?.image(image, w, h);
      const msg = "Image exceeded maximum allowed size and was removed.";`,
  },
  {
    what: "a JBIG2 page",
    from: `    const rowSize = info.width + 7 >> 3;
    const buffer = new Uint8ClampedArray(rowSize * info.height);`,
    to: `    const rowSize = info.width + 7 >> 3;
    sheetExtractDecoded(null, rowSize * info.height);
    const buffer = new Uint8ClampedArray(rowSize * info.height);`,
  },
];

const CANVAS = "/* sheet-extract: @napi-rs/canvas loaded when first needed */";
const mainEdits = [
  {
    what: "@napi-rs/canvas loaded when DOMMatrix, ImageData or Path2D is first asked for, not at module load",
    from: `if (isNodeJS) {
  let canvas;
  try {
    const require = process.getBuiltinModule("module").createRequire(import.meta.url);
    try {
      canvas = require("@napi-rs/canvas");
    } catch (ex) {
      warn(\`Cannot load "@napi-rs/canvas" package: "\${ex}".\`);
    }
  } catch (ex) {
    warn(\`Cannot access the \\\`require\\\` function: "\${ex}".\`);
  }
  if (!globalThis.DOMMatrix) {
    if (canvas?.DOMMatrix) {
      globalThis.DOMMatrix = canvas.DOMMatrix;
    } else {
      warn("Cannot polyfill \`DOMMatrix\`, rendering may be broken.");
    }
  }
  if (!globalThis.ImageData) {
    if (canvas?.ImageData) {
      globalThis.ImageData = canvas.ImageData;
    } else {
      warn("Cannot polyfill \`ImageData\`, rendering may be broken.");
    }
  }
  if (!globalThis.Path2D) {
    if (canvas?.Path2D) {
      globalThis.Path2D = canvas.Path2D;
    } else {
      warn("Cannot polyfill \`Path2D\`, rendering may be broken.");
    }
  }
`,
    to: `${CANVAS}
// require() as from pdfjs-dist's own folder (where its optional @napi-rs/canvas is found, hoisted
// or not), not from this copy's.
function sheetExtractRequire() {
  const { createRequire } = process.getBuiltinModule("module");
  return createRequire(createRequire(import.meta.url).resolve("pdfjs-dist/legacy/build/pdf.mjs"));
}
if (isNodeJS) {
  let canvas;
  const sheetExtractCanvas = () => {
    if (canvas === undefined) {
      canvas = null;
      try {
        const require = process.getBuiltinModule("module").createRequire(import.meta.url);
        try {
          canvas = require("@napi-rs/canvas");
        } catch (ex) {
          warn(\`Cannot load "@napi-rs/canvas" package: "\${ex}".\`);
        }
      } catch (ex) {
        warn(\`Cannot access the \\\`require\\\` function: "\${ex}".\`);
      }
    }
    return canvas;
  };
  // Each polyfill is a getter until first read (or set), then the canvas's class, as before.
  for (const name of ["DOMMatrix", "ImageData", "Path2D"]) {
    if (globalThis[name]) {
      continue;
    }
    const settle = value => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
    Object.defineProperty(globalThis, name, {
      configurable: true,
      enumerable: true,
      get() {
        const value = sheetExtractCanvas()?.[name];
        if (!value) {
          warn(\`Cannot polyfill \\\`\${name}\\\`, rendering may be broken.\`);
        }
        settle(value);
        return value;
      },
      set: settle
    });
  }
`,
  },
  {
    what: "the one DOMMatrix made at module load, made when first used",
    from: "const SCALE_MATRIX = new DOMMatrix();",
    to: "let SCALE_MATRIX = null;",
  },
  {
    what: "… where it is used",
    from: `    SCALE_MATRIX.a = 1 / scaleX;`,
    to: `    SCALE_MATRIX ??= new DOMMatrix();
    SCALE_MATRIX.a = 1 / scaleX;`,
  },
  {
    what: "require() as from pdfjs-dist's folder",
    count: 3,
    from: `process.getBuiltinModule("module").createRequire(import.meta.url)`,
    to: "sheetExtractRequire()",
  },
];

/** Patches `source` into `target` with `edits`; exits with the edit that does not match. */
function patch(source, target, edits) {
  let text = fs.readFileSync(source, "utf8");
  for (const edit of edits) {
    if (withoutActualText && edit.actualText) continue;
    const count = edit.count ?? 1;
    const found = text.split(edit.from).length - 1;
    if (found !== count) {
      console.error(`patch-pdfjs-worker: pdfjs-dist ${version} does not have the code "${edit.what}" changes (exactly ${count === 1 ? "once" : `${count} times`}) in ${source}`);
      process.exit(1);
    }
    text = text.split(edit.from).join(edit.to);
  }
  // The source map describes the file as shipped, not this one.
  text = text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
}

if (args[0] !== undefined) {
  patch(args[0], args[1], path.basename(args[0]) === "pdf.mjs" ? mainEdits : workerEdits);
} else {
  patch(require.resolve("pdfjs-dist/legacy/build/pdf.worker.mjs"), path.join(root, "dist", "pdfjs", "pdf.worker.mjs"), workerEdits);
  patch(require.resolve("pdfjs-dist/legacy/build/pdf.mjs"), path.join(root, "dist", "pdfjs", "pdf.mjs"), mainEdits);
}
