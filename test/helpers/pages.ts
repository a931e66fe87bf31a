// Synthetic PDF pages for the layout's growth test: what pdf.js hands the layout (one run per
// glyph, rules, shaded areas), built directly, in shapes that real documents take — a form of
// small ruled cells, the same without rules (text placed by position), vertical labels (Identity-V
// glyphs upright going down, and rotated runs as browsers draw vertical-rl), spread-out labels
// (均等割り付け), shaded label cells, running text, a sheet-like item table, and a broken text layer
// whose glyphs are piled at their lines' starts. Seeded.
import type { PdfPage, TextRun } from "../../src/extract/pdf/document.js";
import type { Fill, Segment } from "../../src/extract/pdf/geometry.js";

const KANJI = "事業目的対象者手段実施内容成果課題改善策市民地域利用効率化委託補助周知連携充実見直継続拡充縮小統合廃止維持向上推進確保のをにはがでとしたる";
const LABELS = ["目的", "効果", "課題", "現状", "備考", "年度", "課", "部", "順位", "実施内容", "期間", "目標値", "成果指標", "中間", "年間実績",
  "担当課", "所属", "事業内容", "目的・効果", "現況・課題", "時期", "方法", "手段", "取組内容", "期末", "総合計画における位置付け"];
const VERTICAL = ["事業の概要", "事業費の推移", "成果指標", "事業の評価", "今後の方向性"];

export type Shape = "ruled-form" | "free-form" | "vertical-identity" | "vertical-rotated" | "spread-labels" | "shaded-labels" | "running-text" | "item-table" | "piled";
export const SHAPES: Shape[] = ["ruled-form", "free-form", "vertical-identity", "vertical-rotated", "spread-labels", "shaded-labels", "running-text", "item-table", "piled"];

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** One page of `scale` times a base block's rows (the page grows taller, as a long form's would). */
export function syntheticPage(shape: Shape, scale: number, seed = 1): PdfPage {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const words = (n: number): string => Array.from({ length: n }, () => pick([...KANJI])).join("");
  const runs: TextRun[] = [];
  const segments: Segment[] = [];
  const fills: Fill[] = [];
  const size = 8;
  const h = (x: number, y: number, text: string, sz = size, step = sz): void => {
    [...text].forEach((ch, i) => runs.push({ text: ch, transform: [sz, 0, 0, sz, x + i * step, y], width: sz }));
  };
  const rect = (x: number, y: number, w: number, hh: number): void => {
    segments.push({ dir: "h", x0: x, x1: x + w, y0: y, y1: y }, { dir: "h", x0: x, x1: x + w, y0: y + hh, y1: y + hh });
    segments.push({ dir: "v", x0: x, x1: x, y0: y, y1: y + hh }, { dir: "v", x0: x + w, x1: x + w, y0: y, y1: y + hh });
  };
  const rows = 24 * scale;
  const rowH = 14;
  const height = 80 + rows * rowH;
  const width = 595;
  let y = height - 40;
  if (shape === "piled") {
    // A broken text layer: every glyph of a line drawn at the line's start (no advances), each
    // line's characters all different, as an OCR layer without positions comes out.
    for (let r = 0; r < rows; r++) {
      const text = words(40);
      [...text].forEach((ch) => runs.push({ text: ch, transform: [size, 0, 0, size, 40, y - size], width: 0.01 }));
      y -= size * 1.6;
    }
    return { number: 1, view: [0, 0, width, height], toDisplay: [1, 0, 0, -1, 0, height], width, height, runs, segments, fills };
  }
  if (shape === "running-text") {
    for (let r = 0; r < rows * 2; r++) {
      const indent = r % 7 === 0 ? size * 2 : 0;
      h(40 + indent, y - size, r % 9 === 0 ? `${pick(LABELS)}` : words(Math.floor((500 - indent) / size) - Math.floor(rnd() * 3)));
      y -= size * 1.6;
    }
    return { number: 1, view: [0, 0, width, height], toDisplay: [1, 0, 0, -1, 0, height], width, height, runs, segments, fills };
  }
  if (shape === "item-table") {
    const cols = [40, 170, 70, 100, 100, 100];
    const heads = ["", "取組項目及び方法・手段", "期間・期限", "数値目標", "中間報告", "期末報告"];
    let x = 20;
    heads.forEach((t, k) => {
      h(x + 2, y - size, t);
      x += cols[k] as number;
    });
    y -= rowH * 1.6;
    for (let r = 0; r < rows; r++) {
      x = 20;
      cols.forEach((w, k) => {
        const lines = k === 0 ? 1 : 2;
        for (let l = 0; l < lines; l++) h(x + 2, y - size - l * size * 1.3, k === 0 ? (l === 0 ? "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[r % 20] as string : "") : words(Math.floor((w - 6) / size) - 1));
        x += w;
      });
      y -= rowH * 2.4;
    }
    return { number: 1, view: [0, 0, width, height * 2], toDisplay: [1, 0, 0, -1, 0, height], width, height, runs, segments, fills };
  }
  const cols = 8;
  const cw = 64;
  for (let r = 0; r < rows; r++) {
    const top = y;
    const bottom = y - rowH;
    if (r % 6 === 0 && shape.startsWith("vertical")) {
      const label = pick(VERTICAL);
      [...label].forEach((ch, i) => {
        runs.push(
          shape === "vertical-identity"
            ? { text: ch, transform: [size, 0, 0, size, 26, top - (i + 1) * size * 1.2], width: size, vertical: true }
            : { text: ch, transform: [0, -size, size, 0, 26, top - i * size * 1.2], width: size },
        );
      });
    }
    let x = 40;
    for (let c = 0; c < cols; c++) {
      const label = c % 2 === 0;
      const text = label ? pick(LABELS) : rnd() < 0.5 ? `${Math.floor(rnd() * 99999)}` : words(2 + Math.floor(rnd() * 4));
      if (shape === "spread-labels" && label && text.length > 1) h(x + 2, bottom + 3, text, size, (cw - 4 - size) / (text.length - 1));
      else h(x + 2, bottom + 3, text);
      if (shape === "ruled-form") rect(x, bottom, cw, rowH);
      if (shape === "shaded-labels" && label) fills.push({ x0: x, y0: bottom, x1: x + cw, y1: top });
      x += cw;
    }
    y = bottom;
  }
  return { number: 1, view: [0, 0, width, height], toDisplay: [1, 0, 0, -1, 0, height], width, height, runs, segments, fills };
}

/**
 * A page's content repeated `times` over, each copy below the last (one tall page): the same
 * tables, labels and rows, so the layout's work must grow by the same factor. For upright pages
 * (display y = height − PDF y).
 */
export function tiledPage(page: PdfPage, times: number): PdfPage {
  const [a, b, c, d] = page.toDisplay;
  if (!(a === 1 && b === 0 && c === 0 && d === -1)) throw new Error("tiledPage takes upright pages");
  const step = page.height;
  const runs: TextRun[] = [];
  const segments: Segment[] = [];
  const fills: Fill[] = [];
  for (let k = 0; k < times; k++) {
    const dy = -k * step;
    for (const r of page.runs) runs.push({ ...r, transform: [r.transform[0], r.transform[1], r.transform[2], r.transform[3], r.transform[4], r.transform[5] + dy] });
    for (const s of page.segments) segments.push({ ...s, y0: s.y0 + dy, y1: s.y1 + dy });
    for (const f of page.fills) fills.push({ ...f, y0: f.y0 + dy, y1: f.y1 + dy });
  }
  return { ...page, view: [page.view[0], page.view[1] - (times - 1) * step, page.view[2], page.view[3]], height: step * times, runs, segments, fills };
}
