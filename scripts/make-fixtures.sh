#!/usr/bin/env bash
# Renders the PDF fixtures under samples/ and test/fixtures/pdf/ from the truth documents in
# scripts/fixtures/. A developer's tool: CI uses the committed files and never runs this.
#
# Needs Debian's libreoffice-calc-nogui, libreoffice-writer-nogui, chromium, fonts-ipaexfont,
# fonts-ipaexfont-mincho, fonts-ipafont-mincho, python3-openpyxl, qpdf, poppler-utils and img2pdf:
#   apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui chromium fonts-ipaexfont \
#     fonts-ipaexfont-mincho fonts-ipafont-mincho python3-openpyxl qpdf poppler-utils img2pdf
#
# After it runs, regenerate the expected outputs (scripts/update-expected.sh) and read them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3 # Debian's, with python3-openpyxl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
samples=samples
errors=test/fixtures/pdf
mkdir -p "$errors"

chromium_pdf() { # html pdf
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --no-first-run --no-pdf-header-footer --user-data-dir="$work/chromium" --print-to-pdf="$2" "$1" >/dev/null 2>&1
}
office_pdf() { # file filter outdir
  soffice --headless -env:UserInstallation="file://$work/office" --convert-to "pdf:$2" --outdir "$3" "$1" >/dev/null 2>&1
}

# 都市建設部 令和5年度: Excel-style workbook printed by LibreOffice Calc, A3 portrait, IPAex Mincho.
$PY scripts/render_sheets.py xlsx scripts/fixtures/toshi-r5.truth.json "$work/toshi-r5-calc-a3p.xlsx" --paper A3 --orientation portrait --font IPAexMincho
office_pdf "$work/toshi-r5-calc-a3p.xlsx" calc_pdf_Export "$work"
cp "$work/toshi-r5-calc-a3p.pdf" "$samples/"

# The same as HTML printed by Chromium, A4 portrait, IPA Mincho at 12 pt: rows break across pages,
# the item header repeats on the next page.
$PY scripts/render_sheets.py html scripts/fixtures/toshi-r5.truth.json "$work/toshi-r5-html-a4p.html" --paper A4 --orientation portrait --font "IPAMincho" --size 12
chromium_pdf "$work/toshi-r5-html-a4p.html" "$samples/toshi-r5-html-a4p.pdf"

# The same written the old way: non-embedded HeiseiMin-W3 with the 90ms-RKSJ-H CMap (Shift_JIS
# codes), A4 portrait, rows split over pages with the item header repeated and a running footer
# between the parts.
python3 scripts/make_cid_pdf.py scripts/fixtures/toshi-r5.truth.json "$samples/toshi-r5-cid-rksj.pdf" --cmap 90ms-RKSJ-H --font HeiseiMin-W3 --paper A4P --size 12 --repeat-header --footer "上田市 都市建設部"

# こども未来部 令和４年度: a word processor's document (LibreOffice Writer, bordered tables), A4 portrait.
$PY scripts/render_sheets.py html scripts/fixtures/kosodate-r4.truth.json "$work/kosodate-r4-writer.html" --paper A4 --orientation portrait --font IPAexGothic --size 9 --borders
office_pdf "$work/kosodate-r4-writer.html" writer_pdf_Export "$work"
cp "$work/kosodate-r4-writer.pdf" "$samples/"

# The same with non-embedded HeiseiKakuGo-W5 and the UniJIS-UCS2-H CMap, A3 landscape.
python3 scripts/make_cid_pdf.py scripts/fixtures/kosodate-r4.truth.json "$samples/kosodate-r4-cid-ucs2.pdf" --cmap UniJIS-UCS2-H --font HeiseiKakuGo-W5 --paper A3L --size 9

# Labels and the title in fake bold: each drawn four times 0.25 pt apart, as printer drivers do.
python3 scripts/make_cid_pdf.py scripts/fixtures/kosodate-r4.truth.json "$samples/kosodate-r4-fakebold.pdf" --cmap UniJIS-UCS2-H --font HeiseiKakuGo-W5 --paper A4L --size 9 --fake-bold 4

# A landscape sheet drawn on portrait paper and shown upright by /Rotate 90.
python3 scripts/make_cid_pdf.py scripts/fixtures/kosodate-r4.truth.json "$samples/kosodate-r4-rotated.pdf" --cmap UniJIS-UCS2-H --font HeiseiKakuGo-W5 --paper A4L --size 8 --rotate

# Error cases.
src="$samples/kosodate-r4-cid-ucs2.pdf"
qpdf --encrypt secret owner 256 -- "$src" "$errors/encrypted-user-password.pdf"
qpdf --encrypt "" owner 256 --print=none --extract=n --modify=none -- "$src" "$errors/encrypted-permissions-only.pdf"
pdftoppm -r 100 -png -f 1 -l 1 "$src" "$work/scan"
img2pdf "$work/scan-1.png" -o "$errors/scanned.pdf"
printf '<!doctype html><meta charset="utf-8"><h1>議事録</h1><p>令和5年度 第1回 都市計画審議会の議事録です。重点目標の管理シートではありません。</p>' >"$work/minutes.html"
chromium_pdf "$work/minutes.html" "$errors/not-a-sheet.pdf"
# A sheet whose font is Identity-H with no usable ToUnicode map: pdf.js reads its codes as other scripts.
python3 scripts/make_cid_pdf.py scripts/fixtures/kosodate-r4.truth.json "$errors/identity-no-tounicode.pdf" --cmap Identity-H --font HeiseiKakuGo-W5 --paper A4L --size 9

# The goal-table form of earlier years, printed by Chromium (rowspan goal cells, 中間報告/期末報告 columns).
$PY scripts/render_goal_table.py scripts/fixtures/sanada-h25.truth.json "$work/sanada-h25.html" --reports
chromium_pdf "$work/sanada-h25.html" "$samples/sanada-h25-html.pdf"
$PY scripts/render_goal_table.py scripts/fixtures/sanada-h25.truth.json "$work/sanada-h25-r.html" --reports --heading-in-table --columns action,priority,goal,target,period
chromium_pdf "$work/sanada-h25-r.html" "$samples/sanada-h25-html-reordered.pdf"
$PY scripts/render_goal_table.py scripts/fixtures/maruko-h26.truth.json "$work/maruko-h26.html" --paper "A4 portrait"
chromium_pdf "$work/maruko-h26.html" "$samples/maruko-h26-html-a4p.pdf"

# Tables without column rules, for the unruled-layout work (test/warnings.test.ts: read well, or warned).
for t in ueda-r2 kosodate-r4; do
  $PY scripts/render_sheets.py html "scripts/fixtures/$t.truth.json" "$work/$t-none.html" --rules none
  chromium_pdf "$work/$t-none.html" "$errors/$t-borderless.pdf"
  $PY scripts/render_sheets.py html "scripts/fixtures/$t.truth.json" "$work/$t-outer.html" --rules outer
  chromium_pdf "$work/$t-outer.html" "$errors/$t-partial-borders.pdf"
done
# 取組項目… and 期間・期限… printed closer than a column gutter (A3 portrait, 9 pt).
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-outer-a3p.html" --paper A3 --orientation portrait --font IPAexGothic --size 9 --rules outer
chromium_pdf "$work/ueda-r2-outer-a3p.html" "$errors/ueda-r2-partial-borders-a3p.pdf"
# The 特記事項 row runs over a page break and its next page does not repeat the label cell (A4 portrait, 12 pt).
$PY scripts/render_sheets.py html scripts/fixtures/toshi-r5.truth.json "$work/toshi-r5-outer-a4p.html" --paper A4 --orientation portrait --font IPAexGothic --size 12 --rules outer
chromium_pdf "$work/toshi-r5-outer-a4p.html" "$errors/toshi-r5-partial-borders-a4p.pdf"
# No rules and no gap between item rows wider than a line's: the rows fall into one band until the
# markers part them. A3 landscape 10 pt runs a row over a page break; A4 portrait 12 pt.
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-none-a3l.html" --paper A3 --orientation landscape --font IPAexGothic --size 10 --rules none
chromium_pdf "$work/ueda-r2-none-a3l.html" "$errors/ueda-r2-borderless-a3l.pdf"
$PY scripts/render_sheets.py html scripts/fixtures/toshi-r5.truth.json "$work/toshi-r5-none-a4p.html" --paper A4 --orientation portrait --font IPAexGothic --size 12 --rules none
chromium_pdf "$work/toshi-r5-none-a4p.html" "$errors/toshi-r5-borderless-a4p.pdf"
# Padding of 0.4 mm: a label and its value, and two columns, 2 pt apart, narrower than any gutter;
# the label cells' tint, and the strip no row crosses, part them.
$PY scripts/render_sheets.py html scripts/fixtures/kosodate-r4.truth.json "$work/kosodate-r4-none-tight.html" --paper A4 --orientation landscape --font IPAexMincho --size 10.5 --rules none --padding 0.4
chromium_pdf "$work/kosodate-r4-none-tight.html" "$errors/kosodate-r4-borderless-tight.pdf"
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-none-tight.html" --paper A3 --orientation portrait --font IPAexGothic --size 10 --rules none --padding 0.4
chromium_pdf "$work/ueda-r2-none-tight.html" "$errors/ueda-r2-borderless-tight-a3p.pdf"
# Cells centred vertically: lines of neighbouring cells interleave, a marker stands beside the
# middle of its row.
$PY scripts/render_sheets.py html scripts/fixtures/kosodate-r4.truth.json "$work/kosodate-r4-outer-middle.html" --paper A4 --orientation portrait --font IPAexGothic --size 11 --rules outer --valign middle
chromium_pdf "$work/kosodate-r4-outer-middle.html" "$errors/kosodate-r4-partial-borders-middle.pdf"
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-none-middle.html" --paper A4 --orientation landscape --font IPAexGothic --size 9 --rules none --valign middle
chromium_pdf "$work/ueda-r2-none-middle.html" "$errors/ueda-r2-borderless-middle.pdf"
# Nothing but text: no rule, no tint; rows parted by the cells' padding alone (A3 landscape 11 pt: a
# row broken over a page keeps no top padding under the repeated header).
$PY scripts/render_sheets.py html scripts/fixtures/toshi-r5.truth.json "$work/toshi-r5-none-plain.html" --paper A4 --orientation portrait --font IPAexMincho --size 10 --rules none --no-shading
chromium_pdf "$work/toshi-r5-none-plain.html" "$errors/toshi-r5-borderless-plain.pdf"
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-none-plain.html" --paper A3 --orientation landscape --font IPAexMincho --size 11 --rules none --no-shading
chromium_pdf "$work/ueda-r2-none-plain.html" "$errors/ueda-r2-borderless-plain-a3l.pdf"
# A word processor's tables without borders (LibreOffice Writer): label paragraphs tinted, not their
# cells; an empty tinted cell drawn as a thin bar; 特記事項 centred a line below the ○ labels.
for spec in "kosodate-r4 A4 portrait 9" "toshi-r5 A3 portrait 10"; do
  set -- $spec
  $PY scripts/render_sheets.py html "scripts/fixtures/$1.truth.json" "$work/$1-writer-borderless.html" --paper $2 --orientation $3 --font IPAexMincho --size $4 --rules none
  office_pdf "$work/$1-writer-borderless.html" writer_pdf_Export "$work"
  cp "$work/$1-writer-borderless.pdf" "$errors/"
done
# A workbook without borders or tints printed by Calc: cells padded by a point or two, so a long label
# that fills its cell stands 1–4 pt from its value; wrapped labels beside one-line values, centred or
# at the bottom of their rows.
for spec in "kosodate-r4 A4 landscape middle" "toshi-r5 A4 portrait bottom"; do
  set -- $spec
  $PY scripts/render_sheets.py xlsx "scripts/fixtures/$1.truth.json" "$work/$1-calc-borderless-$4.xlsx" --paper $2 --orientation $3 --font IPAexMincho --rules none --valign $4
  office_pdf "$work/$1-calc-borderless-$4.xlsx" calc_pdf_Export "$work"
  cp "$work/$1-calc-borderless-$4.pdf" "$errors/"
done
# The same with each row's top rule only, over four pages: item tables continued on the next page
# (one page ends with the item header alone), periods that end a line in （.
$PY scripts/render_sheets.py xlsx scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-calc-partial-borders-bottom.xlsx" --paper A4 --orientation landscape --font IPAexMincho --rules outer --valign bottom
office_pdf "$work/ueda-r2-calc-partial-borders-bottom.xlsx" calc_pdf_Export "$work"
cp "$work/ueda-r2-calc-partial-borders-bottom.pdf" "$errors/"
# Writer, A4 portrait at 9 pt, row rules only: the first remark's ○ label wraps in its narrow cell.
$PY scripts/render_sheets.py html scripts/fixtures/toshi-r5.truth.json "$work/toshi-r5-writer-partial-borders-a4p.html" --paper A4 --orientation portrait --font IPAexGothic --size 9 --rules outer --valign top
office_pdf "$work/toshi-r5-writer-partial-borders-a4p.html" writer_pdf_Export "$work"
cp "$work/toshi-r5-writer-partial-borders-a4p.pdf" "$errors/"
# Rows parted by 0.5 mm of padding alone (no rules, no tint): two header rows fall into one band and
# are parted where the first column goes from one label to the next.
$PY scripts/render_sheets.py html scripts/fixtures/kosodate-r4.truth.json "$work/kosodate-r4-plain-tight-a4p.html" --paper A4 --orientation portrait --font IPAexMincho --size 10 --rules none --valign top --padding 0.5 --no-shading
chromium_pdf "$work/kosodate-r4-plain-tight-a4p.html" "$errors/kosodate-r4-borderless-plain-tight-a4p.pdf"
# Writer lets rows break over pages: a header row with a label cut in two, and the two remarks,
# run overleaf (bottom-aligned, frame and row rules only).
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-writer-partial-borders-bottom-a3p.html" --paper A3 --orientation portrait --font IPAexGothic --size 10 --rules outer --valign bottom
office_pdf "$work/ueda-r2-writer-partial-borders-bottom-a3p.html" writer_pdf_Export "$work"
cp "$work/ueda-r2-writer-partial-borders-bottom-a3p.pdf" "$errors/"
# Writer without borders or tints: 特記事項 5 pt from the first remark, a label cut at a narrow digit.
$PY scripts/render_sheets.py html scripts/fixtures/kosodate-r4.truth.json "$work/kosodate-r4-writer-borderless-plain-a4p.html" --paper A4 --orientation portrait --font IPAexGothic --size 9 --rules none --valign top --no-shading
office_pdf "$work/kosodate-r4-writer-borderless-plain-a4p.html" writer_pdf_Export "$work"
cp "$work/kosodate-r4-writer-borderless-plain-a4p.pdf" "$errors/"
# Rows parted by 0.3 mm of padding alone: 1.7 pt of white more than between two lines of a cell;
# 優先順位 and its rank 1.7 pt apart (優先順位1位); two item columns 1.9 pt apart; at the bottom, the
# item header repeated overleaf 0.75 pt above the row it goes on with.
$PY scripts/render_sheets.py html scripts/fixtures/kosodate-r4.truth.json "$work/kosodate-r4-plain-p3-a4p.html" --paper A4 --orientation portrait --font IPAexMincho --size 10 --rules none --valign top --padding 0.3 --no-shading
chromium_pdf "$work/kosodate-r4-plain-p3-a4p.html" "$errors/kosodate-r4-borderless-plain-p3-a4p.pdf"
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-plain-p3-bottom-a4p.html" --paper A4 --orientation portrait --font IPAexMincho --size 10 --rules none --valign bottom --padding 0.3 --no-shading
chromium_pdf "$work/ueda-r2-plain-p3-bottom-a4p.html" "$errors/ueda-r2-borderless-plain-p3-bottom-a4p.pdf"
# 0.25 and 0.2 mm: a hint's closing bracket hangs over the next label (期間・期限（い|つ・いつまでに）
# 数値目標); item columns 1.1 pt apart; header rows of other shapes in one band, each label 1.1 pt
# from its value; rows 1.25 pt apart.
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-plain-p25-a3p.html" --paper A3 --orientation portrait --font IPAexGothic --size 11 --rules none --valign top --padding 0.25 --no-shading
chromium_pdf "$work/ueda-r2-plain-p25-a3p.html" "$errors/ueda-r2-borderless-plain-p25-a3p.pdf"
$PY scripts/render_sheets.py html scripts/fixtures/toshi-r5.truth.json "$work/toshi-r5-plain-p2-a4p.html" --paper A4 --orientation portrait --font IPAexMincho --size 10 --rules none --valign top --padding 0.2 --no-shading
chromium_pdf "$work/toshi-r5-plain-p2-a4p.html" "$errors/toshi-r5-borderless-plain-p2-a4p.pdf"
# 0.15 mm, bottom-aligned: a row continued overleaf 0.75 pt above the next item's first line.
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-plain-p15-bottom-a4p.html" --paper A4 --orientation portrait --font IPAexGothic --size 9 --rules none --valign bottom --padding 0.15 --no-shading
chromium_pdf "$work/ueda-r2-plain-p15-bottom-a4p.html" "$errors/ueda-r2-borderless-plain-p15-bottom-a4p.pdf"
# Writer, frame and row rules only, A3 portrait at 10 pt: 優先順|位 3 pt after the department's
# wrapped value, 特記事 3 pt before a remark's wrapped label, header values and item rows overleaf.
$PY scripts/render_sheets.py html scripts/fixtures/ueda-r2.truth.json "$work/ueda-r2-writer-partial-borders-a3p.html" --paper A3 --orientation portrait --font IPAexGothic --size 10 --rules outer --valign top --no-shading
office_pdf "$work/ueda-r2-writer-partial-borders-a3p.html" writer_pdf_Export "$work"
cp "$work/ueda-r2-writer-partial-borders-a3p.pdf" "$errors/"
# 0.1 mm, A4 landscape at 9 pt: no white at all under the item header, two labels 0.6 pt apart.
$PY scripts/render_sheets.py html scripts/fixtures/kosodate-r4.truth.json "$work/kosodate-r4-plain-p1-a4l.html" --paper A4 --orientation landscape --font IPAexGothic --size 9 --rules none --valign top --padding 0.1 --no-shading
chromium_pdf "$work/kosodate-r4-plain-p1-a4l.html" "$errors/kosodate-r4-borderless-plain-p1-a4l.pdf"
# Typography and drawing (issue #24): the same HTML with one CSS rule added each.
with_css() { # html css: appends a rule to the page's style sheet
  /usr/bin/python3 -c 'import sys; p, css = sys.argv[1:]; s = open(p).read(); open(p, "w").write(s.replace("</style>", css + "\n</style>", 1))' "$1" "$2"
}
k=scripts/fixtures/kosodate-r4.truth.json
for variant in "dotted|td, th { border: 1px dotted #000 !important; }" \
  "dotted-in-double|table { border: 3px double #000 !important; } td, th { border: 1px dotted #000 !important; }" \
  "dashed|td, th { border: 1px dashed #000 !important; }" \
  "letterspaced|th { letter-spacing: 0.5em; } th:first-child { text-align: justify; text-align-last: justify; }"; do
  name=${variant%%|*}
  $PY scripts/render_sheets.py html $k "$work/$name.html" --paper A4 --orientation landscape --font IPAexGothic
  with_css "$work/$name.html" "${variant#*|}"
  chromium_pdf "$work/$name.html" "$errors/kosodate-r4-$name.pdf"
done
# Noto Sans CJK: the font's map gives U+2027 for ・ and 〜 for ～, /ActualText the printed ones.
$PY scripts/render_sheets.py html $k "$work/noto.html" --paper A4 --orientation landscape --font "Noto Sans CJK JP"
chromium_pdf "$work/noto.html" "$errors/kosodate-r4-noto.pdf"
# Two sheets side by side on A3 landscape (each in a flex column), and A4 portrait pages imposed
# two to an A3 sheet (needs python3-pypdf).
$PY scripts/render_sheets.py html $k "$work/two-up.html" --paper A3 --orientation landscape --font IPAexGothic --size 7
/usr/bin/python3 - "$work/two-up.html" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
sheets = re.findall(r'<section class="sheet">.*?</section>', s, re.S)
pairs = ['<div class="pair">' + "".join(x.replace('class="sheet"', 'class="half"') for x in sheets[i:i + 2]) + "</div>" for i in range(0, len(sheets), 2)]
css = ".pair{display:flex;gap:8mm;break-after:page;} .half{flex:1 1 0;min-width:0;}"
open(p, "w").write(s[: s.index("<section")].replace("</style>", css + "</style>") + "\n".join(pairs) + "</body></html>")
PY
chromium_pdf "$work/two-up.html" "$errors/kosodate-r4-two-up-a3l.pdf"
$PY scripts/render_sheets.py html $k "$work/a4p.html" --paper A4 --orientation portrait --font IPAexMincho
chromium_pdf "$work/a4p.html" "$work/a4p.pdf"
/usr/bin/python3 scripts/impose_2up.py "$work/a4p.pdf" "$errors/kosodate-r4-imposed-2up.pdf"
# Header labels set vertically in a UniJIS-UCS2-V font, stacked in columns.
python3 scripts/make_cid_pdf.py $k "$errors/kosodate-r4-cid-vertical-labels.pdf" --cmap UniJIS-UCS2-H --font HeiseiKakuGo-W5 --paper A4L --size 9 --vertical-labels
echo "fixtures written; now run scripts/update-expected.sh and read the diffs"
