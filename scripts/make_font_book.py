#!/usr/bin/env python3
"""A budget book put together the way a city's is (InDesign, or chapters printed apart and joined):
hundreds of A3 pages of dense ruled tables (款・項・目, amounts, sources of funds, notes), each page
with fonts of its own: two or three subset TrueType fonts embedded per page (a new subset of one of
the six IPA faces each time), about a thousand in 408 pages. What issue #27 measured memory on:
pdf.js keeps every font it loads for the life of the document unless it is cleaned up. Not a sheet
(extract reads every page, then refuses it as NOT_A_SHEET). Seeded: the same arguments give the
same bytes.

    python3 scripts/make_font_book.py OUT.pdf [--pages 408] [--rows 40]
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from embedded_pdf import FACES, Doc  # noqa: E402
from make_dense_book import COLS, HEADS, KAN, KOU, NOTE, SETSU  # noqa: E402

W, H = 1191, 842
MARGIN = 30


def page_cells(rnd, rows):
    """The rows of one page: the head row, then `rows` rows of the book's columns."""
    out = [HEADS]
    for _ in range(rows):
        now, prev = rnd.randint(1000, 9_999_999), rnd.randint(1000, 9_999_999)
        diff = f"{abs(now - prev):,}" if now >= prev else f"△{prev - now:,}"
        out.append([KOU[rnd.randrange(len(KOU))], f"{rnd.randint(1, 30)} {NOTE[rnd.randrange(len(NOTE))][:4]}", f"{now:,}", f"{prev:,}",
                    diff, f"{rnd.randint(0, 99999):,}", f"{rnd.randint(0, 99999):,}", f"{rnd.randint(0, 9999):,}",
                    f"{rnd.randint(0, 99999):,}", f"{rnd.randint(0, 999999):,}", f"{rnd.randint(1, 27)} {SETSU[rnd.randrange(len(SETSU))]}",
                    f"{rnd.randint(100, 999999):,}", f"{NOTE[rnd.randrange(len(NOTE))]} {rnd.randint(1, 999):,}千円"])
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--pages", type=int, default=408)
    p.add_argument("--rows", type=int, default=40)
    args = p.parse_args()
    rnd = random.Random(999)
    faces = sorted(FACES)
    doc = Doc()
    width = W - 2 * MARGIN
    size = 7
    lh = (H - 2 * MARGIN - 30) / (args.rows + 1)
    for number in range(1, args.pages + 1):
        title = f"令和4年度 一般会計歳出予算事項別明細書 {KAN[(number - 1) * len(KAN) // args.pages]}  - {number} -"
        rows = page_cells(rnd, args.rows)
        # Fonts of this page alone: the title's, the text columns', and on every other page the
        # numbers' apart (a chapter set in another face).
        text_cols = {0, 1, 10, 12}
        roles = {"title": title, "text": "".join(r[k] for r in rows for k in text_cols),
                 "number": "".join(r[k] for r in rows for k in range(len(r)) if k not in text_cols)}
        if number % 2 == 1:
            roles["text"] += roles.pop("number")
        fonts = {role: doc.font(faces[(number * 3 + k) % len(faces)], chars) for k, (role, chars) in enumerate(roles.items())}
        order = list(fonts)
        font_of = lambda k: "text" if k in text_cols or "number" not in fonts else "number"  # noqa: E731
        ops = ["0.4 w"]
        f = fonts["title"]
        ops.append(f"BT /F{order.index('title')} 12 Tf 1 0 0 1 {MARGIN} {H - MARGIN - 12} Tm <{f.encode(title)}> Tj ET")
        y = H - MARGIN - 30
        for r in rows:
            x = MARGIN
            for k, (frac, text) in enumerate(zip(COLS, r)):
                w = frac * width
                ops.append(f"{x:.2f} {y - lh:.2f} {w:.2f} {lh:.2f} re S")
                role = font_of(k)
                f = fonts[role]
                ops.append(f"BT /F{order.index(role)} {size} Tf 1 0 0 1 {x + 2:.2f} {y - lh + 2.5:.2f} Tm <{f.encode(text)}> Tj ET")
                x += w
            y -= lh
        doc.page(W, H, "\n".join(ops), [fonts[r] for r in order])
    open(args.out, "wb").write(doc.pdf())


if __name__ == "__main__":
    main()
