#!/usr/bin/env python3
"""An evaluation form as cities publish them (事務事業評価シート): A4 pages of hundreds of small ruled
cells (every cell its own rectangle), ten embedded subset TrueType fonts (CID, Identity-H), and row
headers written vertically in an Identity-V font (縦書き: 事業の概要, 事業費の推移, 成果指標 …), about
800 characters a page. Not a sheet: extract reads every page and refuses it (NOT_A_SHEET), as a batch
over a city's archive meets it. The costly case of issue #27: a page whose glyphs are mostly short
runs in small cells, and whose vertical labels are one glyph per line. Seeded: the same arguments
give the same bytes.

    python3 scripts/make_eval_form.py OUT.pdf [--pages 3] [--seed 1] [--scale 1]

--scale multiplies the cells of every page (rows of the tables), for the layout's growth test.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from embedded_pdf import Doc  # noqa: E402

W, H = 595, 842
MARGIN = 28

PROJECTS = ["地域公共交通確保維持事業", "子育て支援センター運営事業", "市民活動支援補助金", "道路維持補修事業", "図書館管理運営事業",
            "高齢者見守りネットワーク事業", "移住定住促進事業", "観光振興推進事業", "防災備蓄品整備事業", "学校給食センター運営事業"]
DEPTS = ["総務部", "市民生活部", "健康福祉部", "こども未来部", "産業振興部", "建設部", "教育委員会事務局"]
SECTIONS = ["企画政策課", "地域振興課", "福祉課", "子育て支援課", "商工観光課", "土木課", "生涯学習課"]
WORDS = ["事業の目的", "対象者", "手段", "実施内容", "成果", "課題", "改善策", "市民", "地域", "利用者", "効率化", "委託",
         "補助", "周知", "連携", "充実", "見直し", "継続", "拡充", "縮小", "統合", "廃止", "維持", "向上", "推進", "確保"]
SENTENCE = ["利用者の利便性向上を図るため、", "関係団体と連携し", "事業の効果を検証した。", "前年度に比べ", "増加した。", "減少した。",
            "引き続き実施する。", "対象者への周知を強化する。", "委託内容を見直し、", "経費の削減に努めた。", "地域の実情に応じて"]
VERTICAL = ["事業の概要", "事業費の推移", "成果指標", "活動指標", "事業の評価", "今後の方向性", "改革改善案", "担当課の意見"]
YEARS = ["令和元年度", "令和2年度", "令和3年度", "令和4年度", "令和5年度"]
COSTS = ["事業費", "国庫支出金", "県支出金", "地方債", "その他", "一般財源", "人件費", "正職員", "会計年度任用職員", "合計"]
MARKS = ["□妥当", "■概ね妥当", "□見直し", "□拡充", "■継続", "□縮小", "□廃止", "■改善"]

# Ten fonts: six faces, four of them twice (a bold weight stands in for a second subset of one face),
# and the vertical labels' own.
ROLES = [("title", "IPAexGothic"), ("label", "IPAGothic"), ("value", "IPAexMincho"), ("number", "IPAPGothic"),
         ("note", "IPAMincho"), ("mark", "IPAPMincho"), ("head", "IPAexGothic"), ("small", "IPAexMincho"),
         ("unit", "IPAGothic"), ("vertical", "IPAexGothic")]


class Form:
    def __init__(self, rnd, scale):
        self.rnd, self.scale = rnd, scale
        self.ops = []  # (kind, args): ("rect", x, y, w, h) | ("text", role, x, y, size, s)
        self.y = H - MARGIN

    def rect(self, x, y, w, h):
        self.ops.append(("rect", x, y, w, h))

    def text(self, role, x, y, size, s):
        self.ops.append(("text", role, x, y, size, s))

    def cell(self, x, top, w, h, role, s, size=8):
        self.rect(x, top - h, w, h)
        if s:
            # One line, clipped to the cell's width by characters (a form's cells are short).
            fit = max(1, int((w - 3) / (size * 0.95)))
            self.text(role, x + 1.5, top - h / 2 - size * 0.35, size, s[:fit])

    def row(self, x, widths, texts, roles, h=13, size=8):
        for w, s, role in zip(widths, texts, roles):
            self.cell(x, self.y, w, h, role, s, size)
            x += w
        self.y -= h

    def section(self, label, rows):
        """A block of rows with its vertical label in a tall cell on the left."""
        top = self.y
        x0 = MARGIN + 16
        for widths, texts, roles in rows:
            self.row(x0, widths, texts, roles)
        height = top - self.y
        self.rect(MARGIN, self.y, 16, height)
        # Vertical label: glyphs go down from the top, centred in the cell.
        size = min(9, (height - 4) / max(1, len(label)))
        self.text("vertical", MARGIN + 8, top - 2, size, label)

    def sentence(self, n):
        return "".join(self.rnd.choice(SENTENCE) for _ in range(n))


def page(form, number, pages, project):
    rnd = form.rnd
    form.y = H - MARGIN
    form.text("title", MARGIN, form.y - 14, 14, f"令和5年度 事務事業評価シート（令和4年度実施分） {number}/{pages}")
    form.y -= 24
    width = W - 2 * MARGIN - 16
    form.row(MARGIN, [60, 200, 50, 90, 50, W - 2 * MARGIN - 450],
             ["事業名", project, "事業番号", f"{rnd.randint(1000, 9999)}-{rnd.randint(10, 99)}", "担当", rnd.choice(SECTIONS)],
             ["head", "value", "head", "number", "head", "value"], h=16, size=9)
    form.row(MARGIN, [60, 120, 50, 120, 50, W - 2 * MARGIN - 400],
             ["部局名", rnd.choice(DEPTS), "課長名", "山田 太郎", "電話", f"0{rnd.randint(100, 999)}-{rnd.randint(10, 99)}-{rnd.randint(1000, 9999)}"],
             ["head", "value", "head", "value", "head", "number"], h=16, size=9)
    form.y -= 4
    # 事業の概要: label | wide value, a few lines of text split into one-line cells.
    rows = []
    for k in range(4 * form.scale):
        rows.append(([70, width - 70], [rnd.choice(WORDS), form.sentence(2)], ["label", "note"]))
    form.section(VERTICAL[(number - 1) % 2 * 4], rows)
    form.y -= 4
    # 事業費の推移: 区分 | five years | 増減, numbers in small cells.
    col = (width - 90) / 6
    rows = [([90] + [col] * 6, ["区分"] + YEARS + ["増減"], ["label"] + ["head"] * 6)]
    for k in range(len(COSTS) * form.scale):
        values = [f"{rnd.randint(0, 99999):,}" for _ in YEARS]
        rows.append(([90] + [col] * 6, [COSTS[k % len(COSTS)]] + values + [f"△{rnd.randint(0, 999):,}"], ["unit"] + ["number"] * 6))
    form.section(VERTICAL[1 + (number - 1) % 2 * 4], rows)
    form.y -= 4
    # 成果指標 / 活動指標: 指標名 | 単位 | 目標値 | three years | 達成率.
    col = (width - 150) / 5
    rows = [([110, 40] + [col] * 5, ["指標名", "単位", "目標値", "令和2年度", "令和3年度", "令和4年度", "達成率"], ["head"] * 7)]
    for k in range(5 * form.scale):
        rows.append(([110, 40] + [col] * 5, [f"{rnd.choice(WORDS)}の{rnd.choice(WORDS)}", rnd.choice(["件", "人", "回", "％", "箇所"]),
                     f"{rnd.randint(10, 9999):,}", f"{rnd.randint(10, 9999):,}", f"{rnd.randint(10, 9999):,}", f"{rnd.randint(10, 9999):,}",
                     f"{rnd.randint(50, 120)}.{rnd.randint(0, 9)}%"], ["small", "unit"] + ["number"] * 5))
    form.section(VERTICAL[2 + (number - 1) % 2 * 4], rows)
    form.y -= 4
    # 事業の評価: 観点 | marks in a row of small cells | 理由.
    col = (width - 80 - 150) / 4
    rows = []
    for k in range(6 * form.scale):
        marks = rnd.sample(MARKS, 4)
        rows.append(([80] + [col] * 4 + [150], [rnd.choice(["必要性", "有効性", "効率性", "公平性", "妥当性", "緊急性"])] + marks + [form.sentence(1)],
                     ["label"] + ["mark"] * 4 + ["note"]))
    form.section(VERTICAL[3 + (number - 1) % 2 * 4], rows)


FAMILIES = {"title": "IPAexGothic", "label": "IPAGothic", "value": "IPAexMincho", "number": "IPAPGothic", "note": "IPAMincho",
            "mark": "IPAPMincho", "head": "Noto Sans CJK JP", "small": "Noto Serif CJK JP", "unit": "IPAGothic", "vertical": "IPAexGothic"}


def html(forms, rules):
    """The same pages as HTML tables for Chromium to print: the vertical labels in writing-mode:
    vertical-rl (Chromium draws them as rotated runs), each role in its own font family."""
    import html as h
    border = {"cells": "0.5pt solid #000", "rows": "none", "none": "none"}[rules]
    out = ["<!doctype html><meta charset=utf-8><style>@page{size:A4;margin:10mm}body{margin:0}",
           f"table{{border-collapse:collapse;width:100%;margin-bottom:4pt}}td{{border:{border};padding:0.5pt 1.5pt;font-size:8pt;"
           "white-space:nowrap;overflow:hidden}",
           "tr{border-bottom:0.5pt solid #000}" if rules == "rows" else "",
           "td.v{writing-mode:vertical-rl;width:12pt;font-size:8pt}.page{page-break-after:always}"]
    out += [f".{role}{{font-family:'{fam}'}}" for role, fam in FAMILIES.items()]
    out.append("</style>")
    for form in forms:
        out.append("<div class=page>")
        rows = {}
        for op in form.ops:
            if op[0] == "text":
                rows.setdefault(round(op[3]), []).append(op)
        for y in sorted(rows, reverse=True):
            cells = sorted(rows[y], key=lambda o: o[2])
            if len(cells) == 1 and cells[0][1] == "title":
                out.append(f"<h1 class=title style='font-size:14pt;margin:0 0 4pt'>{h.escape(cells[0][5])}</h1>")
                continue
            out.append("<table><tr>" + "".join(
                f"<td class='{o[1]}{' v' if o[1] == 'vertical' else ''}'>{h.escape(o[5])}</td>" for o in cells) + "</tr></table>")
        out.append("</div>")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--pages", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--rules", default="cells", choices=["cells", "rows", "none"],
                   help="every cell a rectangle (Excel, Word), a rule under each row and the frame (partial borders), or none")
    p.add_argument("--html", help="also write the pages as HTML tables, for chromium --headless --print-to-pdf (vertical-rl labels)")
    args = p.parse_args()
    rnd = random.Random(args.seed)
    project = rnd.choice(PROJECTS)
    forms = []
    for n in range(1, args.pages + 1):
        form = Form(rnd, args.scale)
        page(form, n, args.pages, project)
        forms.append(form)
    if args.html:
        open(args.html, "w", encoding="utf-8").write(html(forms, args.rules))
    doc = Doc()
    chars = {role: set() for role, _ in ROLES}
    for form in forms:
        for op in form.ops:
            if op[0] == "text":
                chars[op[1]].update(op[5])
    fonts = {role: doc.font(name, chars[role], vertical=(role == "vertical")) for role, name in ROLES}
    order = [role for role, _ in ROLES]
    for form in forms:
        # A page as tall as its content (--scale makes the tables longer than A4).
        height = max(H, H - form.y + MARGIN)
        shift = height - H
        out = ["0.4 w"]
        for op in form.ops:
            if op[0] == "rect":
                _, x, y, w, h = op
                if args.rules == "cells":
                    out.append(f"{x:.2f} {y + shift:.2f} {w:.2f} {h:.2f} re S")
                elif args.rules == "rows":
                    out.append(f"{x:.2f} {y + shift:.2f} m {x + w:.2f} {y + shift:.2f} l S")
            else:
                _, role, x, y, size, s = op
                f = fonts[role]
                out.append(f"BT /F{order.index(role)} {size:.2f} Tf 1 0 0 1 {x:.2f} {y + shift:.2f} Tm <{f.encode(s)}> Tj ET")
        doc.page(W, height, "\n".join(out), [fonts[r] for r in order])
    open(args.out, "wb").write(doc.pdf())


if __name__ == "__main__":
    main()
