#!/usr/bin/env bash
# Renders the goal-table fixtures in test/fixtures/goal-table/ with scripts/render_goal_table.py
# (pinned axes, fixed seeds) and writes each one's truth as <name>.expected.json. A developer's tool:
# CI uses the committed files. Read every expected file against its PDF or dump before committing.
#
# Needs Debian's python3-docx, python3-openpyxl, chromium and LibreOffice (see make-fixtures.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
out=test/fixtures/goal-table
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

render() { # name seed [--truth FILE] [--pdf] --set …
  local name=$1 seed=$2
  shift 2
  $PY scripts/render_goal_table.py generate --seed "$seed" --out "$work" --name "$name" "$@" >/dev/null
  local made="$work/$name.pdf"
  [ -f "$made" ] || made="$work/$name.txt"
  cp "$made" "$out/"
  # The truth without the generator's bookkeeping: the expected fields and the warnings to give.
  $PY - "$work/$name.truth.json" "$out/$name.expected.json" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))
keep = {k: t[k] for k in ["fiscalYear", "sheets", "expectedWarnings"]}
keep["rendering"] = {k: v for k, v in t["axes"].items() if v != "-"}
json.dump(keep, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
open(sys.argv[2], "a").write("\n")
EOF
}

# The issue's document (a 平成25年度 真田地域自治センター 各課の課題・目標, scripts/fixtures/sanada-h25-kyogikai.truth.json)
# as a dump (the 資料 line, # and ## headings, ○ with a space, <p> fragments, ∼) and as Chromium
# prints it (A4 landscape: the 資料 line and the title above the tables, a heading above each,
# 順/位 on two lines, goal cells spanning their ①②③ rows), each with and without a 担当 column.
REAL=(--truth scripts/fixtures/sanada-h25-kyogikai.truth.json --set reports=none --set order=standard --set wording=standard
  --set goalCells=rowspan --set numbering=circled --set actionsInOneCell=no --set titleWording=kakuka --set docLine=above-title
  --set dateLine=none --set pageHead=none --set priorityForm=digit --set pageBreakInGoal=no --set _singleBare=yes
  --set _markerSpace=no --set "_docLineText=平成25年度 第1回地域協議会 資料" --set tables=per-section --set extraAt=end)
DUMP=(--set producer=dump --set heading=hash --set headerLines=one --set goalCircle=circle-space --set dumpCells=p)
HTML=(--pdf --set producer=chromium --set heading=line --set headerLines=wrapped --set _junI=yes --set goalCircle=circle
  --set "paper=A4 landscape" --set font=IPAexMincho --set size=10.5 --set valign=top --set tint=yes --set repeatHeader=yes
  --set rowBreak=avoid --set sectionsPerPage=several --set leadSpacing=normal --set docLineAlign=right)
render sanada-h25-kyogikai 25 "${REAL[@]}" "${DUMP[@]}" --set extraColumn=none
render sanada-h25-kyogikai-tanto 25 "${REAL[@]}" "${DUMP[@]}" --set extraColumn=tanto
render sanada-h25-kyogikai-html 25 "${REAL[@]}" "${HTML[@]}" --set extraColumn=none
render sanada-h25-kyogikai-tanto-html 25 "${REAL[@]}" "${HTML[@]}" --set extraColumn=tanto

# The same lines set tight (no space between them): the layout lays the heading, the title and the
# 資料 line side by side as one row.
render sanada-h25-kyogikai-tight-html 25 "${REAL[@]}" "${HTML[@]}" --set extraColumn=none --set leadSpacing=tight

# Every producer's merged goal cells, small documents of recombined texts:
SMALL=(--set volume=small --set numbering=circled --set goalCells=rowspan --set pageBreakInGoal=no --set tables=per-section --set actionsInOneCell=no)
# LibreOffice Writer, a .docx with vertically merged cells (python-docx), headings in 【】, a 備考 column.
render gt-writer-docx 101 "${SMALL[@]}" --pdf --set producer=writer-docx --set heading=bracket --set extraColumn=biko --set extraAt=after-action --set "paper=A4 portrait"
# LibreOffice Calc, an .xlsx with merged cells (openpyxl), the section in the table's first row, columns reordered.
render gt-calc-xlsx 102 "${SMALL[@]}" --pdf --set producer=calc-xlsx --set heading=in-table --set order=shuffled --set extraColumn=none --set valign=middle
# Writer reading HTML (rowspan), a header over several lines, a section named without an office word.
render gt-writer-html 103 "${SMALL[@]}" --pdf --set producer=writer-html --set heading=line --set headerLines=wrapped --set sectionNames=some-without --set extraColumn=none
# Chromium, goal cells centred and a page break inside a goal (Chromium prints the goal cell under the table).
render gt-chromium-middle-break 96 --pdf --set producer=chromium --set valign=middle --set pageBreakInGoal=yes --set goalCells=rowspan --set numbering=paren --set tables=per-section --set leadSpacing=normal
# Chromium, one table for every section, each named in a row across it, and the heading beside the 資料 line elsewhere.
render gt-chromium-one-table 104 "${SMALL[@]}" --pdf --set producer=chromium --set tables=one-table --set heading=mark --set extraColumn=none --set volume=medium
ls -la "$out"
