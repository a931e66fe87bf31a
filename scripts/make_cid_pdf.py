#!/usr/bin/env python3
"""Render a sheet document (truth-shaped JSON) as a PDF with a NON-EMBEDDED Japanese CID font and a
predefined CMap, the way older Japanese office software wrote PDFs. No dependencies: the PDF is
written by hand.

    python3 scripts/make_cid_pdf.py TRUTH.json OUT.pdf [--cmap 90ms-RKSJ-H|UniJIS-UCS2-H]
        [--font HeiseiMin-W3|HeiseiKakuGo-W5] [--paper A4L|A4P|A3L|A3P] [--size 7.5] [--repeat-header]
        [--vertical-labels]

Rows that do not fit on a page are split: the rest continues on the next page without its marker
(with the item header repeated first when --repeat-header is given). Every page has the title line
and a page number.
"""
import argparse
import json
import math
import zlib

PAPERS = {"A4L": (842, 595), "A4P": (595, 842), "A3L": (1191, 842), "A3P": (842, 1191)}

ITEM_COLS = [0.04, 0.25, 0.11, 0.18, 0.21, 0.21]
ITEM_HEADS = ["", "取組項目及び方法・手段（何をどのように）", "期間・期限（いつ・いつまでに）", "数値目標（どの水準まで）",
              "中間報告（目標に対する進捗状況・進捗度）", "期末報告（目標に対する達成状況・達成度）"]
P_LABEL = "○市民参加・協働の推進、市民満足度の向上を考慮した点"
O_LABEL = "○取組による効果・残された課題"
MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
HEADER_LABELS = ["重点目標", "部局名", "優先順位", "総合計画における位置付け", "まち・ひと・しごと創生総合戦略における位置付け",
                 "第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", "上田再構築プラン「7つの挑戦」における位置付け",
                 "現況・課題", "目的・効果", "特記事項"]


def char_width(ch):
    return 0.5 if ord(ch) < 0x80 or 0xFF61 <= ord(ch) <= 0xFF9F else 1.0


def wrap(text, width_em):
    """Greedy wrap by character widths; paragraphs (\\n) start new lines."""
    lines = []
    for para in text.split("\n"):
        line, w = "", 0.0
        for ch in para:
            cw = char_width(ch)
            if w + cw > width_em and line:
                lines.append(line)
                line, w = "", 0.0
                if ch == " ":
                    continue
            line += ch
            w += cw
        lines.append(line)
    return lines if text else [""]


class Writer:
    def __init__(self, cmap, font, paper, size, repeat_header, rotate=False, footer="", fake_bold=1, vertical_labels=False):
        self.cmap, self.font, self.size, self.repeat_header = cmap, font, size, repeat_header
        self.vertical_labels = vertical_labels
        self.fake_bold = fake_bold
        self.compress = False
        self.rotate = rotate
        self.footer = footer
        self.pw, self.ph = PAPERS[paper]
        self.margin = 36
        self.width = self.pw - 2 * self.margin
        self.lh = size * 1.4
        self.pages = []
        self.ops = None
        self.y = 0
        self.title = ""

    def encode(self, text):
        if self.cmap == "90ms-RKSJ-H":
            return text.encode("cp932").hex().upper()
        if self.cmap == "Identity-H":
            # Glyph ids of a subset font, as producers write them, with no ToUnicode to read them back.
            return "".join(f"{0x0400 + (ord(ch) % 0x0800):04X}" for ch in text)
        return text.encode("utf-16-be").hex().upper()

    def is_bold(self, s):
        return s == self.title or any(s in label for label in BOLD_LABELS)

    def text(self, x, y, s, size=None):
        if not s:
            return
        # Bold the way printer drivers without a bold face do it: the same text drawn again a
        # quarter point to the right, `fake_bold` times in all.
        copies = self.fake_bold if self.fake_bold > 1 and self.is_bold(s) else 1
        for k in range(copies):
            self.ops.append(f"BT /F1 {size or self.size} Tf 1 0 0 1 {x + 0.25 * k:.2f} {y:.2f} Tm <{self.encode(s)}> Tj ET")

    def vertical_text(self, x_right, y_top, s, per_column):
        """Stacked top to bottom in columns from the right, in the font's vertical CMap (F2): each
        glyph's origin is its top centre, as vertical writing places it."""
        for k in range(0, len(s), per_column):
            column = s[k:k + per_column]
            x = x_right - (k // per_column + 0.5) * self.size
            self.ops.append(f"BT /F2 {self.size} Tf 1 0 0 1 {x:.2f} {y_top:.2f} Tm <{column.encode('utf-16-be').hex().upper()}> Tj ET")

    def new_page(self):
        self.ops = []
        self.pages.append(self.ops)
        self.text(self.margin, self.ph - self.margin + 4, self.title, self.size * 1.4)
        self.text(self.pw / 2 - 10, self.margin / 2, f"- {len(self.pages)} -")
        if self.footer:
            # A running footer (the department's name on every page), as office templates print.
            self.text(self.margin, self.margin / 2, self.footer)
        self.y = self.ph - self.margin - 10

    def draw_row(self, fractions, texts, *, split=True, continuation_head=False):
        """Draws one table row of cells (fractions of the table width), splitting it over pages."""
        widths = [f * self.width for f in fractions]
        pad = 2.5
        wrapped = [wrap(t, (w - 2 * pad) / self.size) for t, w in zip(texts, widths)]
        vertical = [self.vertical_labels and t in HEADER_LABELS for t in texts]
        per_column = 8
        for i, v in enumerate(vertical):
            if v:
                # As many lines as the stacked label is tall: its cell's other lines stay empty.
                tall = min(len(texts[i]), per_column) * self.size
                wrapped[i] = [""] * max(1, math.ceil(tall / self.lh))
        start = [0] * len(texts)
        first_part = True
        while True:
            remaining = max(len(l) - s for l, s in zip(wrapped, start))
            room = int((self.y - self.margin - 2 * pad) // self.lh)
            if room < 1 or (not split and remaining > room) or (split and room < min(2, remaining)):
                self.new_page()
                if not first_part and continuation_head and self.repeat_header:
                    self.draw_row(ITEM_COLS, ITEM_HEADS, split=False)
                continue
            n = min(remaining, room)
            height = n * self.lh + 2 * pad
            x = self.margin
            top = self.y
            for i, w in enumerate(widths):
                self.ops.append(f"{x:.2f} {top - height:.2f} {w:.2f} {height:.2f} re S")
                lines = wrapped[i][start[i]:start[i] + n] if (first_part or i > 0) else []
                if vertical[i] and first_part:
                    self.vertical_text(x + w - pad - (w - 2 * pad - math.ceil(len(texts[i]) / per_column) * self.size) / 2, top - pad, texts[i], per_column)
                    lines = []
                for k, line in enumerate(lines):
                    self.text(x + pad, top - pad - (k + 1) * self.lh + self.lh * 0.25, line)
                x += w
            self.y -= height
            start = [s + n for s in start]
            first_part = False
            if all(s >= len(l) for l, s in zip(wrapped, start)):
                return
            # The rest of the row goes on the next page, without its marker.
            wrapped[0] = wrapped[0][:start[0]]
            self.new_page()
            if continuation_head and self.repeat_header:
                self.draw_row(ITEM_COLS, ITEM_HEADS, split=False)

    def sheet(self, doc, sheet):
        self.title = f"{doc['fiscalYearLabel']} 重点目標管理シート"
        self.new_page()
        a = sheet["alignment"]
        self.draw_row([0.09, 0.41, 0.08, 0.26, 0.08, 0.08],
                      ["重点目標", sheet["title"], "部局名", sheet["department"], "優先順位", f"{sheet['priority']}位"], split=False)
        self.draw_row([0.09, 0.41, 0.09, 0.41], ["総合計画における位置付け", a["comprehensivePlan"],
                                                  "まち・ひと・しごと創生総合戦略における位置付け", a["regionalStrategy"]], split=False)
        self.draw_row([0.09, 0.41, 0.09, 0.41], ["第三次上田市行財政改革大綱・アクションプログラムにおける位置付け", a["reformProgram"],
                                                  "上田再構築プラン「7つの挑戦」における位置付け", a["rebuildPlan"]], split=False)
        self.draw_row([0.09, 0.91], ["現況・課題", sheet["situation"]])
        self.draw_row([0.09, 0.91], ["目的・効果", sheet["purpose"]])
        self.draw_row(ITEM_COLS, ITEM_HEADS, split=False)
        for item in sheet["items"]:
            self.draw_row(ITEM_COLS, [MARKERS[item["no"] - 1], item["action"], item["period"], item["target"],
                                      item["midtermReport"], item["finalReport"]], continuation_head=True)
        r = sheet["remarks"]
        self.draw_row([0.09, 0.455, 0.455], ["特記事項", f"{P_LABEL}\n{r['participation']}", f"{O_LABEL}\n{r['outcomes']}"], split=False)

    def pdf(self):
        objects = []

        def add(body):
            objects.append(body)
            return len(objects)

        if self.cmap == "90ms-RKSJ-H":
            widths = "[231 389 500]"
        else:
            widths = "[1 95 500 231 389 500]"
        descriptor = add(f"<< /Type /FontDescriptor /FontName /{self.font} /Flags 6 /FontBBox [-92 -250 1010 922] "
                         f"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 737 /StemV 69 >>")
        ordering = "Identity" if self.cmap == "Identity-H" else "Japan1"
        cid = add(f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{self.font} "
                  f"/CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement {0 if ordering == 'Identity' else 2} >> "
                  f"/FontDescriptor {descriptor} 0 R /DW 1000 /W {widths} >>")
        font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /{self.font}-{self.cmap} /Encoding /{self.cmap} "
                   f"/DescendantFonts [{cid} 0 R] >>")
        fonts = f"/F1 {font} 0 R"
        if self.vertical_labels:
            vfont = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /{self.font}-UniJIS-UCS2-V /Encoding /UniJIS-UCS2-V "
                        f"/DescendantFonts [{cid} 0 R] >>")
            fonts += f" /F2 {vfont} 0 R"
        pages_id = len(objects) + 1 + 2 * len(self.pages) + 1
        kids = []
        for ops in self.pages:
            body = "0.5 w\n" + "\n".join(ops)
            box, rotate = f"0 0 {self.pw} {self.ph}", ""
            if self.rotate:
                # Drawn turned a quarter on a page of the other orientation, shown upright by /Rotate 90
                # (a landscape sheet on portrait paper, as scanners and some printers store it).
                body = f"q 0 1 -1 0 {self.ph} 0 cm\n{body}\nQ"
                box, rotate = f"0 0 {self.ph} {self.pw}", " /Rotate 90"
            stream = body.encode("latin-1")
            if self.compress:
                stream = zlib.compress(stream, 9)
                content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
            else:
                content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
            kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [{box}]{rotate} "
                            f"/Resources << /Font << {fonts} >> >> /Contents {content} 0 R >>"))
        catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
        pages = add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>")
        assert pages == pages_id
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + (body if isinstance(body, bytes) else body.encode("latin-1")) + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
        out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        return bytes(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("truth")
    p.add_argument("out")
    p.add_argument("--cmap", default="90ms-RKSJ-H", choices=["90ms-RKSJ-H", "UniJIS-UCS2-H", "Identity-H"])
    p.add_argument("--font", default="HeiseiMin-W3")
    p.add_argument("--paper", default="A4L", choices=sorted(PAPERS))
    p.add_argument("--size", type=float, default=7.5)
    p.add_argument("--repeat-header", action="store_true")
    p.add_argument("--rotate", action="store_true", help="draw turned on the other orientation, /Rotate 90")
    p.add_argument("--footer", default="", help="a running footer printed on every page")
    p.add_argument("--fake-bold", type=int, default=1, help="draw labels and the title this many times, 0.25 pt apart")
    p.add_argument("--vertical-labels", action="store_true", help="header labels written vertically (UniJIS-UCS2-V), stacked in their cells")
    args = p.parse_args()
    doc = json.load(open(args.truth, encoding="utf-8"))
    w = Writer(args.cmap, args.font, args.paper, args.size, args.repeat_header, args.rotate, args.footer, args.fake_bold, args.vertical_labels)
    for sheet in doc["sheets"]:
        w.sheet(doc, sheet)
    open(args.out, "wb").write(w.pdf())


BOLD_LABELS = HEADER_LABELS + ITEM_HEADS[1:] + [P_LABEL, O_LABEL]


if __name__ == "__main__":
    main()
