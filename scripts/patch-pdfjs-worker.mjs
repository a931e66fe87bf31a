#!/usr/bin/env node
// Writes dist/pdfjs/pdf.worker.mjs: pdf.js's worker half (pdfjs-dist's legacy build, the pinned
// version) with built-in CMaps kept for the life of the process instead of one document, and the
// /ActualText of marked-content spans passed on with the operator list (pdf.js drops it there).
//
// Why: pdf.js parses a built-in CMap (UniJIS-UCS2-H, 90ms-RKSJ-H, Adobe-Japan1-UCS2 …) again for
// every document that names one, and rebuilds from it the Unicode map of every non-embedded CID
// font: tens of thousands of entries, about 40 % of reading such a file. They depend only on the
// CMap's name (the files ship with the package), so one parse serves every document.
//
// Each edit must match exactly once, or the build fails: a new pdfjs-dist is checked by hand, never
// patched blindly. Nothing else changes; tests read every sample through this worker and compare.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// Usage: node scripts/patch-pdfjs-worker.mjs [SOURCE TARGET] (default: the installed worker → dist/pdfjs/).
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const source = process.argv[2] ?? require.resolve("pdfjs-dist/legacy/build/pdf.worker.mjs");
const target = process.argv[3] ?? path.join(root, "dist", "pdfjs", "pdf.worker.mjs");
const version = require("pdfjs-dist/package.json").version;

const MARK = "/* sheet-extract: built-in CMaps cached per process */";

const edits = [
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
    what: "a marked-content span's /ActualText handed to the operator list",
    from: `            args = [args[0].name, args[1] instanceof Dict ? args[1].get("MCID") : null];`,
    to: `            /* sheet-extract: the ActualText of a span, for operators.ts (a glyph the font maps to ASCII) */
            args = [args[0].name, args[1] instanceof Dict ? args[1].get("MCID") : null, args[1] instanceof Dict && typeof args[1].get("ActualText") === "string" ? stringToPDFString(args[1].get("ActualText")) : null];`,
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
];

let text = fs.readFileSync(source, "utf8");
for (const edit of edits) {
  const at = text.indexOf(edit.from);
  if (at < 0 || text.indexOf(edit.from, at + 1) >= 0) {
    console.error(`patch-pdfjs-worker: pdfjs-dist ${version} does not have the code "${edit.what}" changes (exactly once) in ${source}`);
    process.exit(1);
  }
  text = text.slice(0, at) + edit.to + text.slice(at + edit.from.length);
}
// The source map describes the file as shipped, not this one.
text = text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, text);
