// Japanese system fonts for drawing PDF pages with @napi-rs/canvas (the review page, and the OCR
// reader where it renders a page): pdf.js falls back to the canvas's sans-serif and serif for fonts
// a PDF does not embed.
import fs from "node:fs";
import { createRequire } from "node:module";

/** Japanese fonts on common systems, Gothic first, then Mincho. */
const GOTHIC = [
  "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
  "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
  "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
  "C:\\Windows\\Fonts\\meiryo.ttc",
  "C:\\Windows\\Fonts\\msgothic.ttc",
];
const MINCHO = [
  "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
  "/usr/share/fonts/truetype/fonts-japanese-mincho.ttf",
  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
  "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
  "/System/Library/Fonts/ヒラギノ明朝 ProN.ttc",
  "C:\\Windows\\Fonts\\msmincho.ttc",
];

let fontsRegistered = false;

/** Makes the canvas's sans-serif and serif Japanese (pdf.js falls back to them for fonts not embedded). */
export function registerJapaneseFonts(): void {
  if (fontsRegistered) return;
  fontsRegistered = true;
  try {
    const require = createRequire(import.meta.url);
    const { GlobalFonts } = require("@napi-rs/canvas") as { GlobalFonts: { registerFromPath(path: string, alias?: string): unknown } };
    const gothic = GOTHIC.find((p) => fs.existsSync(p));
    const mincho = MINCHO.find((p) => fs.existsSync(p)) ?? gothic;
    if (gothic) GlobalFonts.registerFromPath(gothic, "sans-serif");
    if (mincho) GlobalFonts.registerFromPath(mincho, "serif");
  } catch {
    // No canvas package: rendering fails below with a clear message.
  }
}
