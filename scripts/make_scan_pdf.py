#!/usr/bin/env python3
"""A scanned document: A4 pages at 200 dpi, each a grey JPEG of text-like strokes and ruled boxes
with no text layer, wrapped by img2pdf as scanners write them. extract refuses it (NO_TEXT_LAYER);
what it costs is decoding images nobody reads. Seeded: the same arguments give the same bytes.
Needs Debian's python3-pil and img2pdf.

    python3 scripts/make_scan_pdf.py OUT.pdf [--pages 4] [--seed 1]
"""
import argparse
import io
import random

import img2pdf
from PIL import Image, ImageDraw


def page(rnd):
    w, h = 1654, 2339
    im = Image.new("L", (w, h), 250)
    d = ImageDraw.Draw(im)
    y = 150
    while y < h - 150:
        # A ruled row of cells, then lines of "characters" (small dark blocks) inside it.
        rows = rnd.randint(1, 4)
        d.rectangle([120, y, w - 120, y + rows * 42 + 16], outline=40, width=2)
        for r in range(rows):
            x = 140
            while x < w - 180:
                d.rectangle([x, y + 12 + r * 42, x + rnd.randint(18, 30), y + 40 + r * 42], fill=rnd.randint(20, 90))
                x += rnd.randint(30, 36) + (rnd.random() < 0.1) * 40
        y += rows * 42 + 40
    out = io.BytesIO()
    im.save(out, "JPEG", quality=80)
    return out.getvalue()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--pages", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rnd = random.Random(args.seed)
    images = [page(rnd) for _ in range(args.pages)]
    layout = img2pdf.get_layout_fun((img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297)))
    # img2pdf stamps no date unless asked: the bytes depend on the images alone.
    open(args.out, "wb").write(img2pdf.convert(images, layout_fun=layout))


if __name__ == "__main__":
    main()
