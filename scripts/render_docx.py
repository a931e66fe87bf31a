#!/usr/bin/env python3
"""Lays a sheet truth out as a Word document (python-docx; Debian's python3-docx) for LibreOffice
Writer to print: one table per block, or with `single` one table per sheet; label cells tinted.

    python3 scripts/render_docx.py TRUTH.json OUT.docx outer|all|none [single]
    VERT=tbRl ...   label cells written top to bottom (Word's text direction)
    DIST=1 ...      label paragraphs distributed (均等割付)
"""
import json, sys
from docx import Document
from docx.shared import Pt, Mm
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
truth, out, borders = sys.argv[1], sys.argv[2], sys.argv[3]  # borders: outer|all|none
single = len(sys.argv) > 4 and sys.argv[4] == "single"
import os
VERT = os.environ.get("VERT", ""); DIST = os.environ.get("DIST", "")
doc = json.load(open(truth, encoding="utf-8"))
MARKERS = "①②③④⑤⑥⑦⑧⑨⑩"
HEADS = ["取組項目及び方法・手段（何をどのように）", "期間・期限（いつ・いつまでに）", "数値目標（どの水準まで）", "中間報告（目標に対する進捗状況・進捗度）", "期末報告（目標に対する達成状況・達成度）"]
LABELS = ["総合計画における位置付け", "まち・ひと・しごと創生総合戦略における位置付け", "第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", "上田再構築プラン「7つの挑戦」における位置付け"]
d = Document()
sec = d.sections[0]
sec.orientation = WD_ORIENT.LANDSCAPE; sec.page_width, sec.page_height = Mm(297), Mm(210)
for m in ("left_margin","right_margin","top_margin","bottom_margin"): setattr(sec, m, Mm(12))
st = d.styles["Normal"]; st.font.name = "IPAexGothic"; st.font.size = Pt(8)
st.element.rPr.rFonts.set(qn("w:eastAsia"), "IPAexGothic")
def shade(cell):
    tcPr = cell._tc.get_or_add_tcPr(); s = OxmlElement("w:shd"); s.set(qn("w:val"), "clear"); s.set(qn("w:fill"), "D9E2F3"); tcPr.append(s)
def tborders(table):
    tblPr = table._tbl.tblPr; b = OxmlElement("w:tblBorders")
    for side in ("top","left","bottom","right","insideH","insideV"):
        e = OxmlElement(f"w:{side}")
        on = borders == "all" or (borders == "outer" and side in ("top","left","bottom","right"))
        e.set(qn("w:val"), "single" if on else "nil"); e.set(qn("w:sz"), "4"); e.set(qn("w:color"), "000000"); b.append(e)
    tblPr.append(b)
def put(cell, text, label=False):
    cell.text = ""
    paras = (text or "").split("\n")
    cell.paragraphs[0].text = paras[0]
    for p in paras[1:]: cell.add_paragraph(p)
    if label: shade(cell)
    if label and VERT:
        tcPr = cell._tc.get_or_add_tcPr(); td = OxmlElement("w:textDirection"); td.set(qn("w:val"), VERT); tcPr.append(td)
    if label and DIST:
        for p in cell.paragraphs:
            pPr = p._p.get_or_add_pPr(); jc = OxmlElement("w:jc"); jc.set(qn("w:val"), "distribute"); pPr.append(jc)
for si, sheet in enumerate(doc["sheets"]):
    if si: d.add_page_break()
    d.add_paragraph(f"{doc['fiscalYearLabel']} 重点目標管理シート")
    a = sheet["alignment"]
    n = len(sheet["items"])
    t = d.add_table(rows=(7 + n) if single else 5, cols=6); tborders(t)
    T = t
    r = t.rows[0].cells
    put(r[0], "重点目標", True); put(r[1], sheet["title"]); put(r[2], "部局名", True); put(r[3], sheet["department"]); put(r[4], "優先順位", True); put(r[5], f"{sheet['priority']}位")
    r = t.rows[1].cells; put(r[0], LABELS[0], True); put(r[1], a["comprehensivePlan"]); put(r[2], LABELS[1], True); m = r[3].merge(r[5]); put(m, a["regionalStrategy"])
    r = t.rows[2].cells; put(r[0], LABELS[2], True); put(r[1], a["reformProgram"]); put(r[2], LABELS[3], True); m = r[3].merge(r[5]); put(m, a["rebuildPlan"])
    r = t.rows[3].cells; put(r[0], "現況・課題", True); m = r[1].merge(r[5]); put(m, sheet["situation"])
    r = t.rows[4].cells; put(r[0], "目的・効果", True); m = r[1].merge(r[5]); put(m, sheet["purpose"])
    if single: base = 5
    else:
        d.add_paragraph(""); t = d.add_table(rows=1 + len(sheet["items"]), cols=6); tborders(t); base = 0
    put(t.rows[base].cells[0], "", True)
    for k, h in enumerate(HEADS): put(t.rows[base].cells[k+1], h, True)
    for i, item in enumerate(sheet["items"]):
        c = t.rows[base+i+1].cells; put(c[0], MARKERS[item["no"]-1])
        for k, f in enumerate(["action","period","target","midtermReport","finalReport"]): put(c[k+1], item[f])
    if single:
        c = t.rows[base + n + 1].cells; c = [c[0], c[1].merge(c[3]), c[4].merge(c[5])]
    else:
        d.add_paragraph(""); t = d.add_table(rows=1, cols=3); tborders(t); c = t.rows[0].cells
    put(c[0], "特記事項", True)
    put(c[1], "○市民参加・協働の推進、市民満足度の向上を考慮した点\n" + sheet["remarks"]["participation"])
    put(c[2], "○取組による効果・残された課題\n" + sheet["remarks"]["outcomes"])
d.save(out)
