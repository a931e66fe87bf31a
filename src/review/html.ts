// The review page: one self-contained HTML file per document. Left, the PDF pages (images) with a
// box over every extracted field, or the dump's lines; right, the fields and their facts. Clicking
// or hovering a field shows its box and the other way round; fields that differ from an expected
// document are marked in both places.
import type { Fact, FieldProvenance, PdfBox, Sheet, SheetDocument } from "../model/index.js";
import { textFields } from "../normalize/document.js";
import type { RenderedPage } from "./render.js";

export interface FieldDifference {
  want: unknown;
  got: unknown;
}

export interface ReviewInput {
  doc: SheetDocument;
  /** Rendered pages of a PDF. */
  pages?: RenderedPage[] | undefined;
  /** Lines of a text dump. */
  lines?: string[] | undefined;
  /** Differences from the expected document, by `${sheetIndex}:${fieldPath}`. */
  differences?: Map<string, FieldDifference> | undefined;
  /** Name of the expected file, when there is one. */
  expectedName?: string | undefined;
  /** Text inside sheets that went into no field, with where it stands (UNASSIGNED_TEXT). */
  unplaced?: Array<{ sheet: number; text: string; boxes: PdfBox[]; line?: number | undefined }> | undefined;
  /** Share of the sheets' characters that went into fields (0–1). */
  coverage?: number | undefined;
}

const ITEM_LABELS: Record<string, string> = {
  action: "取組項目及び方法・手段",
  period: "期間・期限",
  target: "数値目標",
  midtermReport: "中間報告",
  finalReport: "期末報告",
};
const LABELS: Record<string, string> = {
  title: "重点目標",
  department: "部局名",
  "alignment.comprehensivePlan": "総合計画における位置付け",
  "alignment.regionalStrategy": "まち・ひと・しごと創生総合戦略における位置付け",
  "alignment.reformProgram": "行財政改革大綱における位置付け",
  "alignment.rebuildPlan": "上田再構築プランにおける位置付け",
  situation: "現況・課題",
  purpose: "目的・効果",
  "remarks.participation": "特記事項：市民参加・協働の推進、市民満足度の向上を考慮した点",
  "remarks.outcomes": "特記事項：取組による効果・残された課題",
};
const MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

function labelOf(sheet: Sheet, path: string): string {
  const item = /^items\[(\d+)\]\.(\w+)$/.exec(path);
  if (item) {
    const no = sheet.items[Number(item[1])]?.no ?? 0;
    return `${MARKERS[no - 1] ?? `(${no})`} ${ITEM_LABELS[item[2] ?? ""] ?? item[2]}`;
  }
  return LABELS[path] ?? path;
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const COMPARATOR_WORDS: Record<string, string> = { ">=": " 以上", "<=": " 以下", "<": " 未満", ">": " 超", "~": " 程度", "=": "" };
const cmp = (c: string): string => COMPARATOR_WORDS[c] ?? ` ${c}`;

function factText(f: Fact): string {
  switch (f.kind) {
    case "date":
      return `日付 ${f.date}`;
    case "period":
      return `期間 ${f.start}〜${f.end}`;
    case "fiscalYear":
      return `年度 ${f.value}`;
    case "money":
      return `金額 ${f.value.toLocaleString("en-US")}円${cmp(f.comparator)}`;
    case "percent":
      return `割合 ${f.value}%${cmp(f.comparator)}`;
    case "quantity":
      return `数量 ${f.value}${f.unit}${cmp(f.comparator)}`;
  }
}

function boxesOf(p: FieldProvenance | undefined): Array<{ page: number; bbox: [number, number, number, number] }> {
  if (!p) return [];
  if ("parts" in p) return p.parts;
  if ("page" in p) return [p];
  return [];
}

const STYLE = `
:root { --accent: #1a73e8; --miss: #d93025; --line: #dadce0; font-family: "IPAexGothic", "Noto Sans CJK JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: #202124; background: #f1f3f4; }
header { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 16px; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 16px; margin: 0; }
header .meta { font-size: 12px; color: #5f6368; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); height: calc(100vh - 42px); }
#source, #fields { overflow: auto; padding: 12px; }
.page { position: relative; margin: 0 auto 16px; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.3); max-width: 100%; }
.page img { display: block; width: 100%; height: auto; }
.page .label { position: absolute; top: 4px; right: 6px; font-size: 11px; color: #5f6368; background: rgba(255,255,255,.8); padding: 0 4px; }
.box { position: absolute; border: 1.5px solid rgba(26,115,232,.45); background: rgba(26,115,232,.04); cursor: pointer; }
.box.warn, .box.unplaced { border-color: rgba(227,116,0,.85); background: rgba(227,116,0,.08); }
.box.miss { border-color: rgba(217,48,37,.8); background: rgba(217,48,37,.07); }
.box.hover { background: rgba(26,115,232,.16); }
.box.active { border: 2.5px solid var(--accent); background: rgba(26,115,232,.22); z-index: 2; }
.box.miss.active { border-color: var(--miss); background: rgba(217,48,37,.2); }
ol.lines { background: #fff; margin: 0; padding: 8px 8px 8px 56px; font: 12px/1.6 ui-monospace, "IPAexGothic", monospace; white-space: pre-wrap; word-break: break-all; }
ol.lines li.used { background: rgba(26,115,232,.05); cursor: pointer; }
ol.lines li.hover { background: rgba(26,115,232,.16); }
ol.lines li.active { background: rgba(26,115,232,.28); }
.tab { color: #9aa0a6; }
h2 { font-size: 15px; margin: 16px 0 6px; }
h2 small { color: #5f6368; font-weight: normal; }
.field { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 4px; padding: 6px 8px; margin: 0 0 6px; cursor: pointer; }
.field.hover { border-left-color: rgba(26,115,232,.5); }
.field.active { border-left-color: var(--accent); box-shadow: 0 0 0 2px rgba(26,115,232,.35); }
.field.miss { border-left-color: var(--miss); }
.field.warn, .field.unplaced { border-left-color: #e37400; }
.warnings { background: #fef7e0; border: 1px solid #f9d27d; border-radius: 4px; padding: 6px 8px 6px 24px; margin: 0 0 8px; font-size: 12px; }
.warnings li { margin: 2px 0; }
.warnings code { font-size: 11px; color: #b06000; }
.field .name { font-size: 11px; color: #5f6368; display: flex; justify-content: space-between; gap: 8px; }
.field .text { font-size: 13px; white-space: pre-wrap; margin-top: 2px; max-height: 7.5em; overflow: auto; }
.field .want { font-size: 12px; color: var(--miss); white-space: pre-wrap; margin-top: 4px; }
.facts { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 4px; }
.fact { font-size: 11px; background: #e8f0fe; color: #174ea6; border-radius: 10px; padding: 0 6px; }
.nobox { font-size: 11px; color: #9aa0a6; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; height: auto; } #source, #fields { overflow: visible; } }
`;

const SCRIPT = `
(() => {
  const fields = [...document.querySelectorAll(".field")];
  const targets = (id) => [...document.querySelectorAll('.box[data-field="' + id + '"], #source li[data-fields~="' + id + '"]')];
  const fieldsOf = (el) => (el.dataset.fields || el.dataset.field || "").split(" ").filter(Boolean);
  const clear = (cls) => document.querySelectorAll("." + cls).forEach((e) => e.classList.remove(cls));
  function select(id, from) {
    clear("active");
    const field = document.getElementById("f-" + id);
    if (!field) return;
    field.classList.add("active");
    const boxes = targets(id);
    boxes.forEach((b) => b.classList.add("active"));
    if (from !== "field") field.scrollIntoView({ block: "nearest", behavior: "smooth" });
    if (from !== "box" && boxes[0]) boxes[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }
  function hover(ids, on) {
    for (const id of ids) {
      const field = document.getElementById("f-" + id);
      if (field) field.classList.toggle("hover", on);
      targets(id).forEach((b) => b.classList.toggle("hover", on));
    }
  }
  for (const f of fields) {
    const id = f.dataset.field;
    f.addEventListener("click", () => select(id, "field"));
    f.addEventListener("mouseenter", () => hover([id], true));
    f.addEventListener("mouseleave", () => hover([id], false));
  }
  for (const b of document.querySelectorAll(".box, #source li[data-fields]")) {
    b.addEventListener("click", (e) => { e.stopPropagation(); const ids = fieldsOf(b); if (ids.length) select(ids[0], "box"); });
    b.addEventListener("mouseenter", () => hover(fieldsOf(b), true));
    b.addEventListener("mouseleave", () => hover(fieldsOf(b), false));
  }
})();
`;

export function reviewHtml(input: ReviewInput): string {
  const { doc, pages, lines, differences } = input;
  const fieldHtml: string[] = [];
  const boxesByPage = new Map<number, string[]>();
  const fieldsByLine = new Map<number, string[]>();
  let misses = 0;
  const warnedFields = new Set(doc.warnings.filter((w) => w.sheetId && w.field).map((w) => `${w.sheetId}:${w.field}`));
  const placeBoxes = (boxes: Array<{ page: number; bbox: PdfBox["bbox"] }>, id: string, cls: string, title: string): void => {
    for (const b of boxes) {
      const page = pages?.[b.page - 1];
      if (!page) continue;
      const [l, t, w, h] = page.place(b.bbox);
      const list = boxesByPage.get(b.page) ?? [];
      list.push(
        `<div class="box${cls}" data-field="${id}" title="${esc(title)}" style="left:${l.toFixed(3)}%;top:${t.toFixed(3)}%;width:${w.toFixed(3)}%;height:${h.toFixed(3)}%"></div>`,
      );
      boxesByPage.set(b.page, list);
    }
  };
  if (doc.warnings.length > 0) {
    fieldHtml.push(
      `<h2>警告 <small>${doc.warnings.length} 件${input.coverage !== undefined ? ` · 文字の ${(input.coverage * 100).toFixed(1)}% を項目に配置` : ""}</small></h2>` +
        `<ul class="warnings">${doc.warnings
          .map((w) => {
            const where = [w.field, w.page !== undefined ? `p.${w.page}` : "", w.line !== undefined ? `${w.line} 行` : ""].filter(Boolean).join(" · ");
            return `<li><code>${esc(w.code)}</code> ${esc(w.message)}${where ? ` <small>(${esc(where)})</small>` : ""}</li>`;
          })
          .join("")}</ul>`,
    );
  }
  (input.unplaced ?? []).forEach((u, k) => {
    const id = `u-${k}`;
    placeBoxes(u.boxes, id, " unplaced", "どの項目にも入らなかった文字");
    if (u.line !== undefined) fieldsByLine.set(u.line, [...(fieldsByLine.get(u.line) ?? []), id]);
    const where = u.line !== undefined ? `${u.line} 行` : u.boxes.length > 0 ? `p.${[...new Set(u.boxes.map((b) => b.page))].join(",")}` : "";
    fieldHtml.push(
      `<div class="field unplaced" id="f-${id}" data-field="${id}">` +
        `<div class="name"><span>どの項目にも入らなかった文字 (シート ${u.sheet + 1})</span><span>UNASSIGNED_TEXT${where ? ` · ${where}` : ""}</span></div>` +
        `<div class="text">${esc(u.text)}</div></div>`,
    );
  });
  doc.sheets.forEach((sheet, s) => {
    fieldHtml.push(`<h2>${esc(sheet.title || "(無題)")} <small>優先順位 ${sheet.priority ?? "—"} · ${esc(sheet.department)}</small></h2>`);
    for (const [path, value] of textFields(sheet)) {
      const id = `${s}-${path.replace(/[^\w]+/g, "_")}`;
      const diff = differences?.get(`${s}:${path}`);
      if (diff) misses++;
      const warned = warnedFields.has(`${sheet.id}:${path}`);
      const cls = diff ? " miss" : warned ? " warn" : "";
      const provenance = sheet.provenance.fields[path];
      const boxes = boxesOf(provenance);
      placeBoxes(boxes, id, cls, labelOf(sheet, path));
      const line = provenance && "line" in provenance ? provenance.line : undefined;
      if (line !== undefined) fieldsByLine.set(line, [...(fieldsByLine.get(line) ?? []), id]);
      const facts = sheet.facts.filter((f) => f.field === path);
      const where = line !== undefined ? `${line} 行` : boxes.length > 0 ? `p.${[...new Set(boxes.map((b) => b.page))].join(",")}` : "";
      fieldHtml.push(
        `<div class="field${cls}" id="f-${id}" data-field="${id}">` +
          `<div class="name"><span>${esc(labelOf(sheet, path))}</span><span>${esc(path)}${where ? ` · ${where}` : ""}</span></div>` +
          `<div class="text">${esc(value)}</div>` +
          (diff ? `<div class="want">期待値: ${esc(typeof diff.want === "string" ? diff.want : JSON.stringify(diff.want ?? null))}</div>` : "") +
          (facts.length > 0 ? `<div class="facts">${facts.map((f) => `<span class="fact" title="${esc(f.text)}">${esc(factText(f))}</span>`).join("")}</div>` : "") +
          (boxes.length === 0 && line === undefined ? `<div class="nobox">位置情報なし</div>` : "") +
          `</div>`,
      );
    }
  });

  let source = "";
  if (pages) {
    source = pages
      .map(
        (p) =>
          `<div class="page" id="page-${p.number}" style="width:${p.width}px"><img src="${p.image}" alt="page ${p.number}" width="${p.width}" height="${p.height}">` +
          `<span class="label">${p.number} / ${pages.length}</span>${(boxesByPage.get(p.number) ?? []).join("")}</div>`,
      )
      .join("\n");
  } else if (lines) {
    source = `<ol class="lines">${lines
      .map((l, i) => {
        const ids = fieldsByLine.get(i + 1);
        const text = esc(l).replace(/\t/g, '<span class="tab">⇥</span>');
        return ids ? `<li class="used" data-fields="${ids.join(" ")}">${text || " "}</li>` : `<li>${text || " "}</li>`;
      })
      .join("")}</ol>`;
  }

  const meta = [
    `${doc.source.format === "pdf" ? `PDF ${doc.source.pages ?? "?"} ページ` : "テキスト"}`,
    doc.fiscalYearLabel ?? (doc.fiscalYear ? `${doc.fiscalYear}年度` : "年度不明"),
    doc.department,
    `${doc.sheets.length} シート`,
    doc.warnings.length > 0 ? `警告 ${doc.warnings.length} 件` : "警告なし",
    input.expectedName ? (misses > 0 ? `${input.expectedName} と ${misses} 項目が異なる` : `${input.expectedName} と一致`) : "",
  ].filter(Boolean);
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.source.file)} — sheet-extract review</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(doc.source.file)}</h1><span class="meta">${meta.map(esc).join(" · ")}</span></header>
<main>
<section id="source" aria-label="source">${source}</section>
<section id="fields" aria-label="fields">${fieldHtml.join("\n")}</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
