#!/usr/bin/env python3
"""Seeded generator of sheet renderings: each seed draws every axis (producer, font, label
typesetting, rules, shading, padding, alignment, size, widths, paper, page layout, running heads)
independently, picks and reorders 2–4 sheets of a truth document, lays them out and prints them to
PDF with the producer drawn. It measures how the reader does on layouts it was not tuned on
(bench/sheets-generality.mjs); nothing here knows the reader.

    /usr/bin/python3 scripts/gen_sheets.py version
    /usr/bin/python3 scripts/gen_sheets.py plan SEED                 # axes and truth of one seed, as JSON
    /usr/bin/python3 scripts/gen_sheets.py make OUT SEED [SEED…]     # OUT/seed-NNNN.{pdf,truth.json,axes.json,render.json}
    /usr/bin/python3 scripts/gen_sheets.py make OUT 0-199 --keep-source   # and OUT/seed-NNNN.source.{html,xlsx,docx}
    /usr/bin/python3 scripts/gen_sheets.py make OUT 7 --set producer=calc,rules=dotted   # one value forced, to look at it

Needs Debian's python3-openpyxl and python3-docx (Calc and Word sources), chromium, LibreOffice
(Calc and Writer), poppler-utils (pdftotext, pdfinfo: every rendering's text is checked against
its truth, so a cell the producer clipped is the generator's fault, never scored against the
reader) and the fonts of FONTS. Seeds whose rendering fails the text check are written with
render.json's "textCheck" saying what is missing.

Each axis has its own random stream (seed and axis name), so adding a value to one axis does not
move the others. Where a producer cannot draw a value (Writer's HTML import has no distributed
alignment, no page furniture that survives a page break), SUPPORT narrows that axis for it and the
value is drawn from what it can draw: axes.json always says what was drawn, never what was asked.
Bump GEN_VERSION whenever a seed's rendering would change (the bench caches by seed and version).
"""
import concurrent.futures
import html as htmlmod
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

GEN_VERSION = 1
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRUTHS = os.path.join(ROOT, "scripts", "fixtures")

MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ITEM_HEADS = ["取組項目及び方法・手段（何をどのように）", "期間・期限（いつ・いつまでに）", "数値目標（どの水準まで）",
              "中間報告（目標に対する進捗状況・進捗度）", "期末報告（目標に対する達成状況・達成度）"]
ITEM_KEYS = ["action", "period", "target", "midtermReport", "finalReport"]
P_LABEL = "○市民参加・協働の推進、市民満足度の向上を考慮した点"
O_LABEL = "○取組による効果・残された課題"
ALIGN_LABELS = ["総合計画における位置付け", "まち・ひと・しごと創生総合戦略における位置付け",
                "第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", "上田再構築プラン「7つの挑戦」における位置付け"]
ALIGN_KEYS = ["comprehensivePlan", "regionalStrategy", "reformProgram", "rebuildPlan"]

# The sheet-form truths (maruko-h26 and sanada-h25 are the goal-table form: another layout).
SOURCES = ["ueda-r2", "kosodate-r4", "toshi-r5"]

# Font families as fontconfig names them (fonts-ipaexfont, fonts-ipafont, fonts-noto-cjk).
FONTS = ["IPAexGothic", "IPAexMincho", "IPAGothic", "IPAMincho", "Noto Sans CJK JP", "Noto Serif CJK JP"]

# The axes and their values. Every value is drawn with equal weight from the axis's own stream.
AXES = {
    "source": SOURCES,
    "producer": ["calc", "chromium", "writer-html", "writer-docx"],
    "font": FONTS,
    # plain; 均等割付 (distributed over the cell's width, every line); 部　局　名 (ideographic spaces
    # typed between the characters of the short labels); vertical (short labels set top to bottom
    # in narrow cells).
    "labels": ["plain", "distributed", "letter-spaced", "vertical"],
    # dotted-in-double: a dotted inner grid under a double outer frame.
    "rules": ["solid", "dotted", "dashed", "double", "hairline-grey", "outer", "rows", "none", "dotted-in-double"],
    "shading": ["none", "blue", "grey", "yellow"],
    "padding": ["tight", "normal", "wide"],
    "valign": ["top", "middle", "bottom"],
    # Text size in points; 3.6 is a sheet shrunk to fit its page.
    "size": ["3.6", "7", "8.5", "10", "12"],
    # Label columns narrower or wider than the template's (values take the rest).
    "widths": ["narrow-labels", "standard", "wide-labels"],
    "paper": ["A4 portrait", "A4 landscape", "A3 portrait", "A3 landscape"],
    # one sheet a page; sheets one after another (a sheet starts where the last ended); two sheets
    # side by side (on A3 landscape: the paper axis says so).
    "layout": ["page-per-sheet", "flow", "two-up"],
    # running head and page numbers
    "furniture": ["none", "head", "page-numbers", "both"],
}

# What a producer cannot draw, and why: the axis is drawn from the values left.
SUPPORT = {
    # Writer's HTML import reads no text-align-last (so no 均等割付) and no writing-mode (vertical
    # labels are typed one character a line, as offices do in Writer); a header <div title=header>
    # does not survive a page break (the next page has none), so no furniture.
    "writer-html": {"labels": ["plain", "letter-spaced", "vertical"], "furniture": ["none"]},
    # Calc pads every cell by its own fixed margin; only the indent is the workbook's to set.
    "calc": {"padding": ["normal", "wide"]},
}

SHADES = {"none": None, "blue": "DDEBF7", "grey": "E7E6E6", "yellow": "FFF2CC"}
PAPER_MM = {"A4": (210, 297), "A3": (297, 420)}
HEADS = ["上田市", "{department}", "{fiscalYearLabel} 重点目標管理シート", "取扱注意"]
PAGE_NUMBERS = ["- {n} -", "{n} / {N}", "{n}", "P.{n}"]


def stream(seed, axis):
    """The random stream of one axis of one seed (str seeds hash the same on every run)."""
    return random.Random(f"sheetgen:{seed}:{axis}")


def draw(seed):
    axes = {}
    producer = stream(seed, "producer").choice(AXES["producer"])
    for axis, values in AXES.items():
        allowed = SUPPORT.get(producer, {}).get(axis, values)
        axes[axis] = producer if axis == "producer" else stream(seed, axis).choice(allowed)
    if axes["layout"] == "two-up":
        axes["paper"] = "A3 landscape"
    s = stream(seed, "furniture-text")
    axes["headText"] = s.choice(HEADS) if axes["furniture"] in ("head", "both") else None
    axes["pageNumbers"] = s.choice(PAGE_NUMBERS) if axes["furniture"] in ("page-numbers", "both") else None
    return axes


def pick_truth(seed, source):
    """2–4 sheets of the source document in a drawn order, renumbered 1, 2, … as printed."""
    doc = json.load(open(os.path.join(TRUTHS, f"{source}.truth.json"), encoding="utf-8"))
    s = stream(seed, "sheets")
    count = s.randint(2, min(4, len(doc["sheets"])))
    chosen = s.sample(doc["sheets"], count)
    sheets = []
    for i, sheet in enumerate(chosen):
        sheet = json.loads(json.dumps(sheet))
        sheet["priority"] = i + 1
        sheets.append(sheet)
    truth = {
        "fiscalYear": doc["fiscalYear"],
        "fiscalYearLabel": doc["fiscalYearLabel"],
        # A document's department is its first sheet's; a PDF prints no index, so the goal index
        # is the titles in order.
        "department": sheets[0]["department"],
        "goalIndex": [sh["title"] for sh in sheets],
        "sheets": sheets,
    }
    return truth, [doc["sheets"].index(c) + 1 for c in chosen]


def plan(seed, overrides=None):
    axes = draw(seed)
    for key, value in (overrides or {}).items():
        if key not in axes or (key in AXES and value not in AXES[key]):
            raise SystemExit(f"--set {key}={value}: no such axis value")
        axes[key] = value
    truth, picked = pick_truth(seed, axes["source"])
    axes = {"seed": seed, "generator": GEN_VERSION, **axes, "sheetsPicked": picked}
    if overrides:
        axes["overrides"] = sorted(overrides)  # not the seed's own draw: for looking at one value
    return axes, truth


# ---------------------------------------------------------------- the layout model, producer-free

class Cell:
    """One cell: its text, its kind (label, value, head, marker, remark) and its share of the row."""

    def __init__(self, text, kind, width, short=False):
        self.text, self.kind, self.width, self.short = text, kind, width, short


def sheet_blocks(doc, sheet, axes):
    """A sheet as blocks (tables), each a list of rows of cells whose widths sum to 100."""
    f = {"narrow-labels": 0.6, "standard": 1.0, "wide-labels": 1.5}[axes["widths"]]
    vertical = axes["labels"] == "vertical"

    def row(*cells):
        # Label columns scaled by the widths axis, short vertical labels narrow; values share the rest.
        fixed = []
        for c in cells:
            if c.kind == "label":
                c.width = 4.0 if (vertical and c.short) else c.width * f
                fixed.append(c.width)
        free = [c for c in cells if c.kind != "label"]
        rest = 100.0 - sum(fixed)
        total = sum(c.width for c in free)
        for c in free:
            c.width = c.width * rest / total
        return cells

    L = lambda text, w, short=False: Cell(text, "label", w, short)
    V = lambda text, w: Cell(text, "value", w)
    a = sheet["alignment"]
    rem = sheet["remarks"]
    blocks = [
        [row(L("重点目標", 10, True), V(sheet["title"], 38), L("部局名", 10, True), V(sheet["department"], 26),
             L("優先順位", 8, True), V(f"{sheet['priority']}位", 8))],
        [row(L(ALIGN_LABELS[0], 10), V(a["comprehensivePlan"], 38), L(ALIGN_LABELS[1], 10), V(a["regionalStrategy"], 42)),
         row(L(ALIGN_LABELS[2], 10), V(a["reformProgram"], 38), L(ALIGN_LABELS[3], 10), V(a["rebuildPlan"], 42))],
        [row(L("現況・課題", 10, True), V(sheet["situation"], 90)),
         row(L("目的・効果", 10, True), V(sheet["purpose"], 90))],
        [[Cell("", "label", 4)] + [Cell(h, "head", w) for h, w in zip(ITEM_HEADS, [24, 11, 19, 21, 21])]]
        + [[Cell(MARKERS[it["no"] - 1], "marker", 4)] + [V(it[k], w) for k, w in zip(ITEM_KEYS, [24, 11, 19, 21, 21])]
           for it in sheet["items"]],
        [row(L("特記事項", 10, True), Cell(f"{P_LABEL}\n{rem['participation']}".strip(), "remark", 45),
             Cell(f"{O_LABEL}\n{rem['outcomes']}".strip(), "remark", 45))],
    ]
    return blocks


def label_text(cell, axes):
    """A label as typeset: ideographic spaces between a short label's characters when letter-spaced."""
    if axes["labels"] == "letter-spaced" and cell.short:
        return "\u3000".join(cell.text)
    return cell.text


def is_label(cell):
    return cell.kind in ("label", "head")


# Rule styles: (style, width pt, colour) per edge; None where no rule is drawn.
def edges(rules, top, bottom, left, right):
    """The rules round one cell, given which edges of its sheet it lies on (True: on the sheet's frame)."""
    solid = ("solid", 0.75, "000000")
    if rules in ("solid", "dotted", "dashed"):
        e = (rules, 0.75, "000000")
        return {k: e for k in ("top", "bottom", "left", "right")}
    if rules == "double":
        e = ("double", 2.25, "000000")
        return {k: e for k in ("top", "bottom", "left", "right")}
    if rules == "hairline-grey":
        e = ("solid", 0.25, "999999")
        return {k: e for k in ("top", "bottom", "left", "right")}
    if rules == "outer":
        return {"top": solid if top else None, "bottom": solid if bottom else None,
                "left": solid if left else None, "right": solid if right else None}
    if rules == "rows":
        return {"top": solid, "bottom": solid, "left": None, "right": None}
    if rules == "none":
        return {"top": None, "bottom": None, "left": None, "right": None}
    if rules == "dotted-in-double":
        frame, inner = ("double", 2.25, "000000"), ("dotted", 0.75, "000000")
        return {"top": frame if top else inner, "bottom": frame if bottom else inner,
                "left": frame if left else inner, "right": frame if right else inner}
    raise ValueError(rules)


def title_line(doc):
    return f"{doc['fiscalYearLabel']} 重点目標管理シート"


def furniture_texts(doc, axes):
    head = axes["headText"].format(department=doc["department"], fiscalYearLabel=doc["fiscalYearLabel"]) if axes["headText"] else None
    return head, axes["pageNumbers"]


def groups_of(doc, axes):
    """Sheets as printed together: pairs side by side, or one each."""
    sheets = doc["sheets"]
    if axes["layout"] == "two-up":
        return [sheets[i:i + 2] for i in range(0, len(sheets), 2)]
    return [[s] for s in sheets]


def paper_of(axes):
    name, orientation = axes["paper"].split()
    w, h = PAPER_MM[name]
    return (name, orientation, (h, w) if orientation == "landscape" else (w, h))


# ---------------------------------------------------------------- HTML (Chromium, Writer)

PADDING_MM = {"tight": 0.3, "normal": 1.2, "wide": 2.5}
PADDING_PX = {"tight": 1, "normal": 4, "wide": 8}  # Writer reads cellpadding, not CSS padding


def html_page(doc, axes, writer):
    e = htmlmod.escape
    size = float(axes["size"])
    name, orientation, _ = paper_of(axes)
    shade = SHADES[axes["shading"]]
    head, numbers = furniture_texts(doc, axes)
    margin_boxes = ""
    if head:
        margin_boxes += f'@top-right {{ content: "{e(head)}"; font-family: "{axes["font"]}"; font-size: 8pt; }} '
    if numbers:
        content = " ".join(f'"{part}"' if part not in ("{n}", "{N}") else ("counter(page)" if part == "{n}" else "counter(pages)")
                           for part in re.split(r"(\{n\}|\{N\})", numbers) if part)
        margin_boxes += f'@bottom-center {{ content: {content}; font-family: "{axes["font"]}"; font-size: 8pt; }} '

    def text(s):
        return "<br>".join(e(p) for p in (s or "").split("\n"))

    def cell_html(cell, top, bottom, left, right, width):
        ed = edges(axes["rules"], top, bottom, left, right)
        style = []
        for side, rule in ed.items():
            if rule is None:
                style.append(f"border-{side}: none")
            else:
                st, w, col = rule
                style.append(f"border-{side}: {w}pt {st} #{col}")
        style.append(f"vertical-align: {axes['valign']}")
        if not writer:
            style.append(f"padding: {PADDING_MM[axes['padding']]}mm")
        if is_label(cell) and shade:
            style.append(f"background: #{shade}")
        body = text(label_text(cell, axes)) if is_label(cell) else text(cell.text)
        if is_label(cell) and cell.text:
            if axes["labels"] == "distributed":
                body = f'<div style="text-align: justify; text-align-last: justify; text-justify: inter-character">{body}</div>'
            elif axes["labels"] == "vertical" and cell.short:
                body = ("<br>".join(e(ch) for ch in cell.text) if writer
                        else f'<div style="writing-mode: vertical-rl; margin: 0 auto">{body}</div>')
        valign = {"top": "top", "middle": "middle", "bottom": "bottom"}[axes["valign"]]
        return f'<td width="{width:.1f}%" valign="{valign}" style="{"; ".join(style)}">{body}</td>'

    def block_html(block, repeat_head, first, last):
        n = len(block)
        rows = []
        for r, cells in enumerate(block):
            tds = "".join(cell_html(c, first and r == 0, last and r == n - 1, i == 0, i == len(cells) - 1, c.width)
                          for i, c in enumerate(cells))
            rows.append(f"<tr>{tds}</tr>")
        attrs = f'width="100%" cellspacing="0" cellpadding="{PADDING_PX[axes["padding"]]}"'
        if repeat_head:
            return f'<table {attrs}><thead>{rows[0]}</thead><tbody>{"".join(rows[1:])}</tbody></table>'
        return f'<table {attrs}>{"".join(rows)}</table>'

    def sheet_html(sheet):
        blocks = sheet_blocks(doc, sheet, axes)
        parts = [f'<p class="title" style="font-size: {size + 2:.1f}pt">{e(title_line(doc))}</p>']
        for i, block in enumerate(blocks):
            parts.append(block_html(block, repeat_head=(i == 3), first=i == 0, last=i == len(blocks) - 1))
        return "\n".join(parts)

    css = f"""@page {{ size: {name} {orientation}; margin: 14mm 12mm; {margin_boxes}}}
body {{ font-family: "{axes['font']}"; font-size: {size}pt; margin: 0; }}
table {{ border-collapse: collapse; width: 100%; margin: 0; }}
p {{ margin: 0; }}
p.title {{ margin: 0 0 2mm; }}
td {{ font-size: {size}pt; text-align: left; }}"""
    out = [f'<!doctype html><html lang="ja"><meta charset="utf-8"><title>{e(title_line(doc))}</title><style>{css}</style><body>']
    groups = groups_of(doc, axes)
    for gi, group in enumerate(groups):
        brk = gi > 0 and axes["layout"] in ("page-per-sheet", "two-up")
        # Writer's HTML import reads a page break from a paragraph's inline style only.
        if brk:
            out.append('<p style="page-break-before: always; margin: 0"></p>' if writer else '<div style="break-before: page"></div>')
        elif gi > 0:
            out.append('<p style="margin: 0">&nbsp;</p>')
        if len(group) == 2 or axes["layout"] == "two-up":
            cells = "".join(f'<td width="50%" valign="top" style="vertical-align: top; padding: 0 2mm; border: none">{sheet_html(s)}</td>' for s in group)
            if len(group) == 1:
                cells += '<td width="50%" style="border: none"></td>'
            out.append(f'<table width="100%" cellspacing="0" cellpadding="0" style="border: none"><tr>{cells}</tr></table>')
        else:
            out.append(sheet_html(group[0]))
    out.append("</body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------- xlsx (Calc)

def union_grid(blocks):
    """Column boundaries of all blocks' rows (percent, rounded to 0.1) and each cell's span."""
    bounds = {0.0, 100.0}
    for block in blocks:
        for cells in block:
            x = 0.0
            for c in cells:
                x += c.width
                bounds.add(round(x, 1))
    cols = sorted(bounds)
    return cols


def spans(cells, cols):
    out = []
    x = 0.0
    for c in cells:
        start = cols.index(round(x, 1))
        x += c.width
        end = cols.index(round(x, 1))
        out.append((start, end - start))
    return out


def text_lines(text, width_pt, size):
    """How many lines a text takes in a cell this wide (a CJK character is one em, ASCII half)."""
    per_line = max(1.0, width_pt / size)
    total = 0
    for para in (text or "").split("\n"):
        units = sum(0.5 if ord(ch) < 0x80 else 1.0 for ch in para)
        total += max(1, int(-(-units // (per_line * 0.92))))
    return total


def xlsx_book(doc, axes, out):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.properties import PageSetupProperties
    import datetime

    size = float(axes["size"])
    name, orientation, (pw, ph) = paper_of(axes)
    margin_in = 0.5
    printable_pt = (pw / 25.4 - 2 * margin_in) * 72 * 0.97
    shade = SHADES[axes["shading"]]
    head, numbers = furniture_texts(doc, axes)
    side_style = {"solid": "thin", "dotted": "dotted", "dashed": "dashed", "double": "double"}
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = datetime.datetime(2020, 4, 1)
    font = Font(name=axes["font"], size=size)
    fill = PatternFill("solid", fgColor=shade) if shade else None
    horizontal = "distributed" if axes["labels"] == "distributed" else "left"
    indent = 1 if axes["padding"] == "wide" else 0

    def side(rule):
        if rule is None:
            return Side(style=None)
        st, w, col = rule
        if w < 0.5:
            return Side(style="hair", color=col)
        return Side(style=side_style[st], color=col)

    groups = groups_of(doc, axes)
    # One worksheet a page when sheets take a page each (Calc starts each worksheet on a new page);
    # one worksheet for all when they flow on.
    pages = groups if axes["layout"] in ("page-per-sheet", "two-up") else [sum(groups, [])]
    for pi, page in enumerate(pages):
        ws = wb.create_sheet(f"{pi + 1}")
        across = 2 if axes["layout"] == "two-up" else 1
        gap_pt = 12
        sheet_pt = (printable_pt - gap_pt * (across - 1)) / across
        # 1 width unit prints as about 7 pt in Calc (measured); the widths are those of the printed page, so fit-to-width does not shrink the text.
        unit_pt = 7.0
        row_needed = {}
        col_letters = {}
        from openpyxl.utils import get_column_letter

        def place(sheet, top_row, first_col):
            blocks = sheet_blocks(doc, sheet, axes)
            cols = union_grid(blocks)
            widths = [cols[i + 1] - cols[i] for i in range(len(cols) - 1)]
            for i, w in enumerate(widths):
                col_letters[first_col + i] = w * sheet_pt / 100 / unit_pt
            r = top_row
            t = ws.cell(row=r, column=first_col, value=title_line(doc))
            t.font = Font(name=axes["font"], size=size + 2)
            row_needed[r] = max(row_needed.get(r, 0), (size + 2) * 1.4 + 4)
            r += 2
            for bk, block in enumerate(blocks):
                n = len(block)
                for bi, cells in enumerate(block):
                    sp = spans(cells, cols)
                    need = 0.0
                    for ci, (c, (start, span)) in enumerate(zip(cells, sp)):
                        col = first_col + start
                        width_pt = sum(widths[start:start + span]) * sheet_pt / 100 - 4 - indent * 2 * size
                        is_lab = is_label(c)
                        value = label_text(c, axes) if is_lab else c.text
                        vertical = is_lab and axes["labels"] == "vertical" and c.short
                        if vertical:
                            need = max(need, len(c.text) * size * 1.25 + 6)
                        else:
                            need = max(need, text_lines(value, width_pt, size) * size * 1.32 + 5)
                        cell = ws.cell(row=r, column=col, value=value if value else None)
                        if span > 1:
                            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + span - 1)
                        ed = edges(axes["rules"], bk == 0 and bi == 0, bk == len(blocks) - 1 and bi == n - 1, ci == 0, ci == len(cells) - 1)
                        for k in range(span):
                            x = ws.cell(row=r, column=col + k)
                            x.border = Border(top=side(ed["top"]), bottom=side(ed["bottom"]),
                                              left=side(ed["left"]) if k == 0 else Side(style=None),
                                              right=side(ed["right"]) if k == span - 1 else Side(style=None))
                            x.font = font
                            if is_lab and fill:
                                x.fill = fill
                            x.alignment = Alignment(
                                wrap_text=True, vertical="center" if axes["valign"] == "middle" else axes["valign"],
                                horizontal=(horizontal if is_lab else "left") if not vertical else "center",
                                text_rotation=255 if vertical else 0, indent=indent if not vertical else 0)
                    row_needed[r] = max(row_needed.get(r, 0), need)
                    r += 1
            return r, len(widths)

        if across == 2:
            # Side by side: both sheets from the first row, a narrow empty column between them.
            first = 1
            for sheet in page:
                _, ncols = place(sheet, 1, first)
                col_letters[first + ncols] = gap_pt / unit_pt
                first += ncols + 1
        else:
            r = 1
            for sheet in page:
                r, _ = place(sheet, r, 1)
                r += 1
        for col, w in col_letters.items():
            ws.column_dimensions[get_column_letter(col)].width = w
        for row, h in row_needed.items():
            ws.row_dimensions[row].height = min(409, h)
        ws.page_setup.paperSize = ws.PAPERSIZE_A3 if name == "A3" else ws.PAPERSIZE_A4
        ws.page_setup.orientation = orientation
        ws.page_margins.left = ws.page_margins.right = margin_in
        ws.page_margins.top = ws.page_margins.bottom = 0.7
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        if head:
            ws.oddHeader.right.text = head
            ws.oddHeader.right.size = 8
        if numbers:
            ws.oddFooter.center.text = numbers.replace("{n}", "&P").replace("{N}", "&N")
            ws.oddFooter.center.size = 8
    wb.save(out)


# ---------------------------------------------------------------- docx (Writer reading a Word file)

def docx_file(doc, axes, out):
    import datetime
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    size = float(axes["size"])
    name, orientation, (pw, ph) = paper_of(axes)
    shade = SHADES[axes["shading"]]
    head, numbers = furniture_texts(doc, axes)
    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = datetime.datetime(2020, 4, 1)
    d.core_properties.author = ""
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(pw), Mm(ph)
    sec.left_margin = sec.right_margin = Mm(12)
    sec.top_margin = sec.bottom_margin = Mm(15)
    style = d.styles["Normal"]
    style.font.name = axes["font"]
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(k), axes["font"])
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    printable_mm = pw - 24
    val = {"solid": "single", "dotted": "dotted", "dashed": "dashed", "double": "double"}
    margin_tw = {"tight": (20, 30), "normal": (0, 108), "wide": (60, 170)}[axes["padding"]]  # (top/bottom, left/right) twips
    valign = {"top": WD_CELL_VERTICAL_ALIGNMENT.TOP, "middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
              "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}[axes["valign"]]

    # Word reads a property element only in its schema's place (ECMA-376 CT_TcPr, CT_TblPr); LibreOffice
    # forgives some orders, Word does not.
    TC_ORDER = ["tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
                "tcFitText", "vAlign", "hideMark"]
    TBL_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
                 "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]

    def put(parent, child, order):
        name = child.tag.split("}")[1]
        for old in parent.findall(qn(f"w:{name}")):
            parent.remove(old)
        later = order[order.index(name) + 1:]
        for i, sibling in enumerate(parent):
            if sibling.tag.split("}")[1] in later:
                parent.insert(i, child)
                return
        parent.append(child)

    def rule_element(side, rule):
        x = OxmlElement(f"w:{side}")
        if rule is None:
            x.set(qn("w:val"), "nil")
        else:
            st, w, col = rule
            x.set(qn("w:val"), val[st])
            # A double rule's sz is one of its lines; 2.25 pt overall is three 0.75 pt parts.
            x.set(qn("w:sz"), str(max(2, int(round((w / 3 if st == "double" else w) * 8)))))
            x.set(qn("w:space"), "0")
            x.set(qn("w:color"), col)
        return x

    def format_table(table, rules):
        """Rules as Word sets them, on the table: its frame and its inside lines (insideH, insideV)."""
        tblPr = table._tbl.tblPr
        none = {k: None for k in ("top", "bottom", "left", "right")}
        frame = edges(rules, True, True, True, True) if rules else none
        inner = edges(rules, False, False, False, False) if rules else none
        b = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right"):
            b.append(rule_element(side, frame[side]))
        b.append(rule_element("insideH", inner["top"]))
        b.append(rule_element("insideV", inner["left"]))
        put(tblPr, b, TBL_ORDER)
        mar = OxmlElement("w:tblCellMar")
        for side, v in (("top", margin_tw[0]), ("bottom", margin_tw[0]), ("left", margin_tw[1]), ("right", margin_tw[1])):
            x = OxmlElement(f"w:{side}")
            x.set(qn("w:w"), str(v if rules else 0))
            x.set(qn("w:type"), "dxa")
            mar.append(x)
        put(tblPr, mar, TBL_ORDER)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        put(tblPr, layout, TBL_ORDER)

    def write_text(cell, text, label, vertical=False, distributed=False):
        paras = (text or "").split("\n")
        cell.paragraphs[0].text = paras[0]
        for p in paras[1:]:
            cell.add_paragraph(p)
        for p in cell.paragraphs:
            if distributed:
                p.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
        if vertical:
            tcPr = cell._tc.get_or_add_tcPr()
            td = OxmlElement("w:textDirection")
            td.set(qn("w:val"), "tbRl")
            put(tcPr, td, TC_ORDER)
        if label and shade:
            tcPr = cell._tc.get_or_add_tcPr()
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:color"), "auto")
            shd.set(qn("w:fill"), shade)
            put(tcPr, shd, TC_ORDER)

    def sheet_table(container, sheet, width_mm):
        blocks = sheet_blocks(doc, sheet, axes)
        cols = union_grid(blocks)
        widths = [cols[i + 1] - cols[i] for i in range(len(cols) - 1)]
        container.add_paragraph(title_line(doc)).runs[0].font.size = Pt(size + 2)
        rows = [cells for block in blocks for cells in block]
        table = container.add_table(rows=len(rows), cols=len(widths))
        format_table(table, axes["rules"])
        for i, w in enumerate(widths):
            table.columns[i].width = Mm(width_mm * w / 100)
        for r, cells in enumerate(rows):
            row = table.rows[r]
            for k, w in enumerate(widths):
                row.cells[k].width = Mm(width_mm * w / 100)
            vertical_row = False
            for ci, (c, (start, span)) in enumerate(zip(cells, spans(cells, cols))):
                cell = row.cells[start]
                if span > 1:
                    cell = cell.merge(row.cells[start + span - 1])
                lab = is_label(c)
                vertical = lab and axes["labels"] == "vertical" and c.short
                vertical_row = vertical_row or vertical
                write_text(cell, label_text(c, axes) if lab else c.text, lab, vertical,
                           distributed=lab and axes["labels"] == "distributed")
                cell.vertical_alignment = valign
            if vertical_row:
                longest = max(len(c.text) for c in cells if is_label(c) and c.short)
                row.height = Pt(longest * size * 1.2 + 8)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        return table

    groups = groups_of(doc, axes)
    for gi, group in enumerate(groups):
        if gi > 0:
            p = d.add_paragraph()
            if axes["layout"] in ("page-per-sheet", "two-up"):
                p.add_run().add_break(WD_BREAK.PAGE)
        if axes["layout"] == "two-up":
            outer = d.add_table(rows=1, cols=2)
            format_table(outer, None)  # a frame without rules or margins holding the two sheets
            half = (printable_mm - 6) / 2
            for k in range(2):
                outer.rows[0].cells[k].width = Mm(half + 3)
            for k, sheet in enumerate(group):
                cell = outer.rows[0].cells[k]
                sheet_table(cell, sheet, half)
                cell.add_paragraph()  # a cell ends in a paragraph
                first = cell.paragraphs[0]
                if first.text == "":
                    first._p.getparent().remove(first._p)
        else:
            sheet_table(d, group[0], printable_mm)
    if head:
        p = sec.header.paragraphs[0]
        p.text = head
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.runs[0].font.size = Pt(8)
    if numbers:
        p = sec.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for part in re.split(r"(\{n\}|\{N\})", numbers):
            if not part:
                continue
            if part in ("{n}", "{N}"):
                fld = OxmlElement("w:fldSimple")
                fld.set(qn("w:instr"), "PAGE" if part == "{n}" else "NUMPAGES")
                run = OxmlElement("w:r")
                t = OxmlElement("w:t")
                t.text = "1"
                run.append(t)
                fld.append(run)
                p._p.append(fld)
            else:
                p.add_run(part).font.size = Pt(8)
    d.save(out)


# ---------------------------------------------------------------- producers and checks

SOURCE_EXT = {"calc": "xlsx", "chromium": "html", "writer-html": "html", "writer-docx": "docx"}


def write_source(seed, axes, truth, path):
    if axes["producer"] == "calc":
        xlsx_book(truth, axes, path)
    elif axes["producer"] == "writer-docx":
        docx_file(truth, axes, path)
    else:
        open(path, "w", encoding="utf-8").write(html_page(truth, axes, writer=axes["producer"] == "writer-html"))


def chromium_pdf(src, pdf, profile):
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--no-pdf-header-footer",
                    f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", src],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)


def office_pdfs(sources, filt, outdir, profile, infilter=None):
    """One LibreOffice run for many files (its start-up is most of a small file's time)."""
    if not sources:
        return
    # HTML is read as a Writer document ("HTML (StarWriter)"), not a Writer/Web one: LibreOffice 7.4's
    # Writer/Web prints a document without a page break from page 2 on and loses its first paragraph
    # (samples/kosodate-r4-writer.pdf, made that way, shows both).
    filters = [f"--infilter={infilter}"] if infilter else []
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", *filters, "--convert-to", f"pdf:{filt}",
                    "--outdir", outdir, *sources], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=60 + 30 * len(sources), check=False)


LOOKALIKES = str.maketrans({"‧": "・", "･": "・", "·": "・", "〜": "～", "∼": "～", "−": "－"})


def fold(s):
    return unicodedata.normalize("NFKC", s.translate(LOOKALIKES)).translate(LOOKALIKES)


def truth_text(truth):
    parts = []
    for s in truth["sheets"]:
        # Each sheet's title line too: it prints the fiscal year.
        parts += [title_line(truth), s["title"], s["department"], f"{s['priority']}位", s["situation"], s["purpose"]]
        parts += [s["alignment"][k] for k in ALIGN_KEYS]
        parts += [s["remarks"]["participation"], s["remarks"]["outcomes"]]
        for it in s["items"]:
            parts += [it[k] for k in ITEM_KEYS]
    return "".join(parts)


def text_check(pdf, truth):
    """Every character of the truth must be on the pages: counts the ones pdftotext cannot find."""
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, timeout=60)
    have = {}
    for ch in re.sub(r"\s", "", fold(r.stdout.decode("utf-8", "replace"))):
        have[ch] = have.get(ch, 0) + 1
    missing = {}
    for ch in re.sub(r"\s", "", fold(truth_text(truth))):
        if have.get(ch, 0) > 0:
            have[ch] -= 1
        else:
            missing[ch] = missing.get(ch, 0) + 1
    return {"missing": sum(missing.values()), "chars": "".join(sorted(missing))[:40]}


def pages_of(pdf):
    r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, timeout=60)
    m = re.search(r"Pages:\s+(\d+)", r.stdout)
    return int(m.group(1)) if m else 0


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def make(out, seeds, keep_source=False, overrides=None):
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="sheetgen-")
    try:
        jobs = {p: [] for p in AXES["producer"]}
        planned = {}
        for seed in seeds:
            axes, truth = plan(seed, overrides)
            planned[seed] = (axes, truth)
            ext = SOURCE_EXT[axes["producer"]]
            src = os.path.join(work, f"seed-{seed:04d}.{ext}")
            write_source(seed, axes, truth, src)
            jobs[axes["producer"]].append((seed, src))
        pdfdir = os.path.join(work, "pdf")
        os.makedirs(pdfdir)

        def run_chromium():
            for seed, src in jobs["chromium"]:
                chromium_pdf(src, os.path.join(pdfdir, f"seed-{seed:04d}.pdf"), os.path.join(work, "chromium"))

        def run_office():
            for kind, filt, infilter in (("calc", "calc_pdf_Export", None), ("writer-html", "writer_pdf_Export", "HTML (StarWriter)"),
                                         ("writer-docx", "writer_pdf_Export", None)):
                batch = [src for _, src in jobs[kind]]
                for i in range(0, len(batch), 40):
                    office_pdfs(batch[i:i + 40], filt, pdfdir, os.path.join(work, "office"), infilter)

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for f in [pool.submit(run_chromium), pool.submit(run_office)]:
                f.result()
        for seed in seeds:
            axes, truth = planned[seed]
            pdf = os.path.join(pdfdir, f"seed-{seed:04d}.pdf")
            base = os.path.join(out, f"seed-{seed:04d}")
            if not os.path.exists(pdf) or os.path.getsize(pdf) == 0:
                render = {"ok": False, "error": "the producer wrote no PDF"}
            else:
                shutil.copyfile(pdf, base + ".pdf")
                check = text_check(pdf, truth)
                render = {"ok": check["missing"] == 0, "pages": pages_of(pdf), "textCheck": check}
            if keep_source:
                ext = SOURCE_EXT[axes["producer"]]
                shutil.copyfile(os.path.join(work, f"seed-{seed:04d}.{ext}"), f"{base}.source.{ext}")
            open(base + ".truth.json", "w", encoding="utf-8").write(dump(truth))
            open(base + ".axes.json", "w", encoding="utf-8").write(dump(axes))
            # render.json last: its presence says the seed is complete.
            open(base + ".render.json", "w", encoding="utf-8").write(dump(render))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def parse_seeds(args):
    seeds = []
    for a in args:
        m = re.fullmatch(r"(\d+)-(\d+)", a)
        seeds += list(range(int(m.group(1)), int(m.group(2)) + 1)) if m else [int(a)]
    return seeds


def main(argv):
    if len(argv) >= 1 and argv[0] == "version":
        print(GEN_VERSION)
    elif len(argv) == 2 and argv[0] == "plan":
        axes, truth = plan(int(argv[1]))
        sys.stdout.write(dump({"axes": axes, "truth": truth}))
    elif len(argv) >= 3 and argv[0] == "make":
        keep = "--keep-source" in argv
        overrides = dict(a.split("=", 1) for a in argv[argv.index("--set") + 1].split(",")) if "--set" in argv else None
        rest = [a for i, a in enumerate(argv[2:], 2) if not a.startswith("--") and argv[i - 1] != "--set"]
        make(argv[1], parse_seeds(rest), keep_source=keep, overrides=overrides)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
