#!/usr/bin/python3
"""Scanned copies of text PDFs, for the OCR reader's tests and benchmark: each page rendered grey
(poppler's pdftoppm), then, for a degraded scan, rotated by up to 1°, blurred, given noise, a red
印 stamp or a handwritten-looking stroke over part of the page and JPEG-compressed; wrapped as an
image-only PDF (img2pdf, no timestamps) of the source's page size. Seeded: the same arguments give
the same bytes.

  /usr/bin/python3 scripts/make_scans.py OUT_DIR SOURCE.pdf... [--dpi 300] [--variant clean|degraded]
      [--seed 1] [--pages 1-2] [--suffix NAME] [--jpeg QUALITY] [--mark stamp|scribble]

Needs Debian's python3-pil, python3-numpy, poppler-utils, img2pdf and fonts-ipaexfont (for the stamp).
"""
import argparse
import io
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

STAMP_FONTS = [
    "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
]


def render(pdf, dpi, first, last, work):
    """Grey PNGs of pages first..last of pdf at dpi, as PIL images."""
    prefix = os.path.join(work, "page")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(first), "-l", str(last), pdf, prefix],
        check=True,
    )
    names = sorted(n for n in os.listdir(work) if n.startswith("page") and n.endswith(".png"))
    pages = [Image.open(os.path.join(work, n)).convert("L") for n in names]
    for n in names:
        os.remove(os.path.join(work, n))
    return pages


def page_count(pdf):
    out = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise SystemExit(f"{pdf}: no page count")


def stamp(img, rng, dpi):
    """A red seal (a circle around 印) somewhere over the page's right half, as a seal on a sheet."""
    w, h = img.size
    d = int(dpi * rng.uniform(0.45, 0.6))  # about 12–15 mm across
    x = int(rng.uniform(0.5, 0.85) * w)
    y = int(rng.uniform(0.1, 0.8) * h)
    layer = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    red = (205, 40, 45, int(rng.uniform(150, 200)))
    width = max(2, d // 18)
    draw.ellipse([width, width, d - width, d - width], outline=red, width=width)
    font_path = next((f for f in STAMP_FONTS if os.path.exists(f)), None)
    if font_path:
        font = ImageFont.truetype(font_path, int(d * 0.55))
        draw.text((d / 2, d / 2), "印", font=font, fill=red, anchor="mm")
    layer = layer.rotate(rng.uniform(-20, 20), resample=Image.BICUBIC)
    base = img.convert("RGBA")
    base.alpha_composite(layer, (max(0, min(w - d, x)), max(0, min(h - d, y))))
    return base.convert("RGB")


def scribble(img, rng, dpi):
    """A handwritten-looking check mark and loop in dark blue ink over part of the page."""
    w, h = img.size
    base = img.convert("RGB")
    draw = ImageDraw.Draw(base)
    x0 = rng.uniform(0.15, 0.75) * w
    y0 = rng.uniform(0.15, 0.8) * h
    size = dpi * rng.uniform(0.3, 0.5)
    ink = (30, 40, 110)
    width = max(2, int(dpi / 100))
    # A check mark: down-right, then a longer stroke up-right, with a little wobble.
    points = []
    for t in np.linspace(0, 1, 12):
        points.append((x0 + t * size * 0.35, y0 + t * size * 0.4 + rng.uniform(-1, 1)))
    for t in np.linspace(0, 1, 20):
        points.append((x0 + size * 0.35 + t * size * 0.75, y0 + size * 0.4 - t * size * 0.9 + rng.uniform(-1, 1)))
    draw.line(points, fill=ink, width=width, joint="curve")
    # A loose loop beside it, as a circled word.
    cx = x0 + size * 1.6
    cy = y0 + size * 0.1
    loop = [
        (cx + size * 0.8 * math.cos(a) * (1 + 0.05 * math.sin(3 * a)), cy + size * 0.3 * math.sin(a))
        for a in np.linspace(0.3, 2 * math.pi + 0.6, 60)
    ]
    draw.line(loop, fill=ink, width=width, joint="curve")
    return base


def degrade(img, rng, nprng, dpi, mark=None):
    img = img.rotate(rng.uniform(-1.0, 1.0), resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9) * dpi / 300))
    a = np.asarray(img, dtype=np.float32)
    a = a + nprng.normal(0, rng.uniform(6, 14), a.shape)
    # Paper is never quite white, nor toner quite black.
    a = a * rng.uniform(0.85, 0.95) + rng.uniform(8, 20)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    stamped = rng.random() < 0.5
    if mark is not None:
        stamped = mark == "stamp"
    img = stamp(img, rng, dpi) if stamped else scribble(img, rng, dpi)
    return img


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("sources", nargs="+")
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--variant", choices=["clean", "degraded"], default="degraded")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pages", help="first-last (1-based), default all")
    p.add_argument("--suffix", help="appended to each output name (default: the variant, dpi and seed)")
    p.add_argument("--jpeg", type=int, help="JPEG quality of every page (default: PNG for clean pages, 45–75 by the seed for degraded ones), to keep committed fixtures small")
    p.add_argument("--mark", choices=["stamp", "scribble"], help="the mark over a degraded page (default: either, by the seed)")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for source in args.sources:
        name = os.path.splitext(os.path.basename(source))[0]
        # Each source gets its own stream of random numbers: adding a source moves no other's scan.
        seed = args.seed * 1_000_003 + sum(ord(c) * 31 ** i for i, c in enumerate(name)) % 1_000_003
        rng = random.Random(seed)
        nprng = np.random.RandomState(seed % 2**32)
        first, last = 1, page_count(source)
        if args.pages:
            a, _, b = args.pages.partition("-")
            first, last = int(a), int(b or a)
        with tempfile.TemporaryDirectory() as work:
            pages = render(source, args.dpi, first, last, work)
            files = []
            for i, page in enumerate(pages):
                path = os.path.join(work, f"scan-{i:03d}")
                if args.variant == "clean" and args.jpeg:
                    path += ".jpg"
                    page.save(path, "JPEG", quality=args.jpeg, dpi=(args.dpi, args.dpi))
                elif args.variant == "clean":
                    path += ".png"
                    page.save(path, dpi=(args.dpi, args.dpi), optimize=True)
                else:
                    page = degrade(page, rng, nprng, args.dpi, args.mark)
                    path += ".jpg"
                    quality = int(rng.uniform(45, 75))
                    page.save(path, "JPEG", quality=args.jpeg or quality, dpi=(args.dpi, args.dpi))
                files.append(path)
            suffix = args.suffix if args.suffix is not None else f"-scan-{args.variant}-{args.dpi}-s{args.seed}"
            target = os.path.join(args.out, f"{name}{suffix}.pdf")
            subprocess.run(["img2pdf", "--nodate", "-o", target, *files], check=True)
            print(target, file=sys.stderr)


if __name__ == "__main__":
    main()
