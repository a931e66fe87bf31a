#!/usr/bin/env python3
"""Lay out a sheet document (truth-shaped JSON) as an Excel workbook or an HTML page, for LibreOffice
Calc / Writer or Chromium to print to PDF (see scripts/make-fixtures.sh).

    python3 scripts/render_sheets.py xlsx TRUTH.json OUT.xlsx [--paper A3|A4] [--orientation portrait|landscape] [--font NAME]
    python3 scripts/render_sheets.py html TRUTH.json OUT.html [--paper A3|A4] [--orientation portrait|landscape] [--font NAME]

xlsx needs Debian's python3-openpyxl. The layout follows the published sheets: header rows, the
numbered item table, 特記事項 with its two ○ labels.
"""
import argparse
import html
import json

MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ITEM_HEADS = ["取組項目及び方法・手段（何をどのように）", "期間・期限（いつ・いつまでに）", "数値目標（どの水準まで）",
              "中間報告（目標に対する進捗状況・進捗度）", "期末報告（目標に対する達成状況・達成度）"]
P_LABEL = "○市民参加・協働の推進、市民満足度の向上を考慮した点"
O_LABEL = "○取組による効果・残された課題"
LABELS = ["総合計画における位置付け", "まち・ひと・しごと創生総合戦略における位置付け",
          "第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", "上田再構築プラン「7つの挑戦」における位置付け"]


def xlsx(doc, out, paper, orientation, font_name, rules="all", valign="top", shading=False):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    # "all": every cell ruled; "outer": only each row's top rule and the sheet's sides (a workbook
    # with partial borders); "none": gridlines only, which Calc and Excel do not print.
    border = {"all": Border(left=thin, right=thin, top=thin, bottom=thin), "outer": Border(top=thin), "none": Border()}[rules]
    font = Font(name=font_name, size=9)
    wrap = Alignment(wrap_text=True, vertical="center" if valign == "middle" else valign)
    tint = PatternFill("solid", fgColor="DDEBF7")
    for sheet in doc["sheets"]:
        ws = wb.create_sheet(f"{sheet['priority']}")
        widths = [9, 34, 13, 24, 28, 20, 10]
        for col, width in zip("ABCDEFG", widths):
            ws.column_dimensions[col].width = width
        rows = []
        lines_needed = {}

        def estimate_lines(value, width_units):
            # Column width is in half-width characters; a Japanese character takes two.
            total = 0
            for para in str(value or "").split("\n"):
                units = sum(1 if ord(ch) < 0x80 else 2 for ch in para)
                total += max(1, -(-units // max(1, int(width_units * 0.95))))
            return total

        def put(row, col, value, span=1, label=False):
            lines_needed[row] = max(lines_needed.get(row, 1), estimate_lines(value, sum(widths[col - 1:col - 1 + span])))
            cell = ws.cell(row=row, column=col, value=value)
            if span > 1:
                ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
            for c in range(col, col + span):
                ws.cell(row=row, column=c).border = border
                ws.cell(row=row, column=c).font = font
                ws.cell(row=row, column=c).alignment = wrap
                if label and shading:
                    ws.cell(row=row, column=c).fill = tint
            rows.append(row)

        title = ws.cell(row=1, column=1, value=f"{doc['fiscalYearLabel']} 重点目標管理シート")
        title.font = Font(name=font_name, size=12)
        a = sheet["alignment"]
        r = 2
        put(r, 1, "重点目標", label=True); put(r, 2, sheet["title"], 2); put(r, 4, "部局名", label=True); put(r, 5, sheet["department"]); put(r, 6, "優先順位", label=True); put(r, 7, f"{sheet['priority']}位")
        r += 1
        put(r, 1, LABELS[0], label=True); put(r, 2, a["comprehensivePlan"], 2); put(r, 4, LABELS[1], label=True); put(r, 5, a["regionalStrategy"], 3)
        r += 1
        put(r, 1, LABELS[2], label=True); put(r, 2, a["reformProgram"], 2); put(r, 4, LABELS[3], label=True); put(r, 5, a["rebuildPlan"], 3)
        r += 1
        put(r, 1, "現況・課題", label=True); put(r, 2, sheet["situation"], 6)
        r += 1
        put(r, 1, "目的・効果", label=True); put(r, 2, sheet["purpose"], 6)
        r += 1
        put(r, 1, None, label=True)
        for i, head in enumerate(ITEM_HEADS):
            put(r, 2 + i, head, 2 if i == 4 else 1, label=True)
        for item in sheet["items"]:
            r += 1
            put(r, 1, MARKERS[item["no"] - 1])
            for i, key in enumerate(["action", "period", "target", "midtermReport", "finalReport"]):
                put(r, 2 + i, item[key] or None, 2 if i == 4 else 1)
        r += 1
        rem = sheet["remarks"]
        put(r, 1, "特記事項", label=True); put(r, 2, f"{P_LABEL}\n{rem['participation']}".strip(), 3); put(r, 5, f"{O_LABEL}\n{rem['outcomes']}".strip(), 3)
        for row, lines in lines_needed.items():
            ws.row_dimensions[row].height = lines * 13 + 4
        ws.page_setup.paperSize = ws.PAPERSIZE_A3 if paper == "A3" else ws.PAPERSIZE_A4
        ws.page_setup.orientation = orientation
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    wb.save(out)


def html_page(doc, out, paper, orientation, font_name, size=8.5, borders=False, rules="all", padding=1.2, valign="top", shading=True):
    def t(s):
        return "<br>".join(html.escape(p) for p in (s or "").split("\n"))

    parts = [f"""<!doctype html><html lang="ja"><meta charset="utf-8"><title>{html.escape(doc['fiscalYearLabel'])}</title>
<style>
@page {{ size: {paper} {orientation}; margin: 12mm; }}
body {{ font-family: "{font_name}"; font-size: {size}pt; margin: 0; }}
h1 {{ font-size: 12pt; margin: 0 0 3mm; font-weight: normal; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2mm; }}
td, th {{ border: 0.6pt solid #000; padding: {padding}mm; vertical-align: {valign}; font-weight: normal; text-align: left; }}
th {{ background: #e8eef7; }}
.sheet {{ break-before: page; }}
.sheet:first-child {{ break-before: auto; }}
tr {{ break-inside: auto; }}
</style><body>"""]
    for sheet in doc["sheets"]:
        a = sheet["alignment"]
        rem = sheet["remarks"]
        parts.append(f"""<section class="sheet"><h1>{html.escape(doc['fiscalYearLabel'])} 重点目標管理シート</h1>
<table><colgroup><col style="width:10%"><col style="width:38%"><col style="width:10%"><col style="width:26%"><col style="width:8%"><col style="width:8%"></colgroup>
<tr><th>重点目標</th><td>{t(sheet['title'])}</td><th>部局名</th><td>{t(sheet['department'])}</td><th>優先順位</th><td>{sheet['priority']}位</td></tr></table>
<table><colgroup><col style="width:10%"><col style="width:38%"><col style="width:10%"><col style="width:42%"></colgroup>
<tr><th>{LABELS[0]}</th><td>{t(a['comprehensivePlan'])}</td><th>{LABELS[1]}</th><td>{t(a['regionalStrategy'])}</td></tr>
<tr><th>{LABELS[2]}</th><td>{t(a['reformProgram'])}</td><th>{LABELS[3]}</th><td>{t(a['rebuildPlan'])}</td></tr>
<tr><th>現況・課題</th><td colspan="3">{t(sheet['situation'])}</td></tr>
<tr><th>目的・効果</th><td colspan="3">{t(sheet['purpose'])}</td></tr></table>
<table><colgroup><col style="width:4%"><col style="width:24%"><col style="width:11%"><col style="width:19%"><col style="width:21%"><col style="width:21%"></colgroup>
<thead><tr><th></th>{''.join(f'<th>{h}</th>' for h in ITEM_HEADS)}</tr></thead><tbody>""")
        for item in sheet["items"]:
            cells = "".join(f"<td>{t(item[k])}</td>" for k in ["action", "period", "target", "midtermReport", "finalReport"])
            parts.append(f"<tr><td>{MARKERS[item['no'] - 1]}</td>{cells}</tr>")
        parts.append(f"""</tbody></table>
<table><colgroup><col style="width:10%"><col style="width:45%"><col style="width:45%"></colgroup>
<tr><th>特記事項</th><td>{P_LABEL}<br>{t(rem['participation'])}</td><td>{O_LABEL}<br>{t(rem['outcomes'])}</td></tr></table></section>""")
    parts.append("</body></html>")
    page = "\n".join(parts)
    if rules == "none":
        # No ruling lines at all: label cells shaded, as browser and word-processor templates print.
        page = page.replace("td, th {{ border: 0.6pt solid #000;".replace("{{", "{"), "td, th { border: none;")
        page = page.replace("th { background: #e8eef7; }", "th { background: #d9e2f0; }")
    if not shading:
        # Label cells without a tint either: the page holds nothing but text.
        page = page.replace("th { background: #e8eef7; }", "").replace("th { background: #d9e2f0; }", "")
    elif rules == "outer":
        # Only the tables' outer frames and the rows' top rules drawn (an Excel sheet with partial borders).
        page = page.replace("td, th {{ border: 0.6pt solid #000;".replace("{{", "{"), "table { border: 0.8pt solid #000; } td, th { border: none; border-top: 0.4pt solid #000;")
    if borders:
        # HTML attributes as word processors read them (LibreOffice Writer ignores most CSS).
        page = page.replace("<table>", '<table border="1" cellpadding="4" cellspacing="0" width="100%">')
    open(out, "w", encoding="utf-8").write(page)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["xlsx", "html"])
    p.add_argument("truth")
    p.add_argument("out")
    p.add_argument("--paper", default="A4", choices=["A3", "A4"])
    p.add_argument("--orientation", default="landscape", choices=["portrait", "landscape"])
    p.add_argument("--font", default="IPAexGothic")
    p.add_argument("--size", type=float, default=8.5, help="font size in points (html)")
    p.add_argument("--borders", action="store_true", help="table border attributes (for LibreOffice Writer)")
    p.add_argument("--rules", default="all", choices=["all", "none", "outer"], help="which ruling lines to draw")
    p.add_argument("--padding", type=float, default=1.2, help="cell padding in mm (html)")
    p.add_argument("--valign", default="top", choices=["top", "middle", "bottom"], help="vertical alignment in cells")
    p.add_argument("--no-shading", dest="shading", action="store_false", help="no tint on label cells (html)")
    p.add_argument("--shading", dest="xlsx_shading", action="store_true", help="tint label cells (xlsx; html tints by default)")
    args = p.parse_args()
    doc = json.load(open(args.truth, encoding="utf-8"))
    if args.kind == "xlsx":
        xlsx(doc, args.out, args.paper, args.orientation, args.font, args.rules, args.valign, args.xlsx_shading)
    else:
        html_page(doc, args.out, args.paper, args.orientation, args.font, args.size, args.borders, args.rules, args.padding, args.valign, args.shading)


if __name__ == "__main__":
    main()
