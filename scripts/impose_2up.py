#!/usr/bin/env python3
"""Imposes a PDF's pages two to a sheet, side by side (a printer's "2 pages per sheet"): A4 portrait
pages onto A3 landscape. Needs Debian's python3-pypdf.

    python3 scripts/impose_2up.py IN.pdf OUT.pdf
"""
import sys
from pypdf import PdfReader, PdfWriter, Transformation, PageObject
src, out = sys.argv[1], sys.argv[2]
r = PdfReader(src); w = PdfWriter()
pages = r.pages
W = float(pages[0].mediabox.width); H = float(pages[0].mediabox.height)
for i in range(0, len(pages), 2):
    sheet = PageObject.create_blank_page(width=2*W, height=H)
    for k, p in enumerate(pages[i:i+2]):
        sheet.merge_transformed_page(p, Transformation().translate(k*W, 0))
    w.add_page(sheet)
w.write(out)
