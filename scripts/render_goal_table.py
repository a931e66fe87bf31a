#!/usr/bin/env python3
"""The goal-table form (各課の課題・目標 of earlier years) rendered as real archives print it.

Two uses:

    # One truth as HTML for Chromium (the samples, scripts/make-fixtures.sh):
    python3 scripts/render_goal_table.py TRUTH OUT.html [--reports] [--font IPAexMincho] [--paper 'A4 portrait']
                                         [--heading-in-table] [--columns action,priority,goal,target,period]

    # A seeded rendering: texts recombined and every axis drawn from the seed, written with its truth:
    python3 scripts/render_goal_table.py generate --seed N --out DIR [--pdf] [--set axis=value ...]
                                         [--truth scripts/fixtures/X.truth.json --name NAME]

`generate` writes DIR/gt-N.{txt|html|docx|xlsx} and DIR/gt-N.truth.json (the expected fields, the
axes drawn and the warnings the rendering must give: an extra column's text is UNASSIGNED_TEXT);
with --pdf it prints the source to DIR/gt-N.pdf (Chromium or LibreOffice) and leaves the PDF and the
truth. The axes are independent; `--set producer=chromium --set heading=bracket` pins some of them
(`--list-axes` prints them all with their values). The same seed gives the same files.

Needs Debian's python3 (python3-docx, python3-openpyxl), chromium and LibreOffice for --pdf.
"""
import argparse
import html
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import goal_table_texts as T  # noqa: E402

MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ZEN = str.maketrans("0123456789", "０１２３４５６７８９")
ITEM_KEYS = ["action", "period", "target", "midtermReport", "finalReport"]

# ---------------------------------------------------------------------------------------------
# Axes: name → values (drawn uniformly unless weighted by repetition). Each is independent.
AXES = {
    "producer": ["dump", "dump", "chromium", "chromium", "writer-html", "writer-docx", "calc-xlsx"],
    # How the dump writes cells: plain text, <p> paragraphs, <br> inside cells (dumps only).
    "dumpCells": ["plain", "p", "br"],
    # A section heading: a line of its own, a #/##/### line (dumps; a heading element in print),
    # 【…】, ■/□/◆ before it, （…）, numbered, in the table's first row, or on one line with the page header.
    "heading": ["line", "hash", "bracket", "mark", "paren", "numbered", "in-table", "beside"],
    "sectionNames": ["office-word", "office-word", "office-word", "some-without"],
    # Lines above the first table besides the title: the document line (資料), a date, a running head
    # and page numbers on every page.
    "docLine": ["none", "above-title", "below-title"],
    "dateLine": ["none", "none", "yes"],
    "pageHead": ["none", "yes"],
    "titleWording": ["kakuka", "kakuka", "juten", "bracket-office", "no-office"],
    "reports": ["none", "none", "midterm-final", "final-only"],
    "extraColumn": ["none", "none", "none", "tanto", "biko"],
    "extraAt": ["end", "after-action", "after-priority"],
    "order": ["standard", "standard", "standard", "shuffled"],
    "wording": ["standard", "varied", "varied"],
    # Headers printed on several lines (順/位, 目標設定/(年度当初)); in dumps perhaps over two rows.
    "headerLines": ["one", "wrapped", "wrapped", "two-rows"],
    "goalCells": ["rowspan", "rowspan", "rowspan", "repeated", "first-only"],
    "numbering": ["circled", "circled", "paren", "bullet", "none"],
    "actionsInOneCell": ["no", "no", "no", "no", "yes"],
    "goalCircle": ["circle", "circle-space", "none"],
    "priorityForm": ["digit", "digit", "zenkaku", "rank"],
    "pageBreakInGoal": ["no", "yes"],
    "sectionsPerPage": ["several", "several", "one"],
    "repeatHeader": ["yes", "no"],
    "rowBreak": ["avoid", "auto"],
    "font": ["IPAexMincho", "IPAexGothic", "IPAMincho", "IPAGothic", "Noto Sans CJK JP", "Noto Serif CJK JP"],
    "paper": ["A4 landscape", "A4 landscape", "A4 portrait", "A3 landscape", "A3 portrait"],
    "size": ["8", "9", "9.5", "10.5", "11"],
    "valign": ["top", "top", "middle"],
    "tint": ["yes", "no"],
    "volume": ["small", "medium", "medium", "large"],
}

# Axes added after the first corpus was cached: drawn from a second generator of the seed, so that
# every axis above (and the texts) still come out as they did for each seed.
AXES2 = {
    # Space between the lines above a table: a paragraph's, or none (the layout then lays the
    # heading, the title and the 資料 line side by side as one row).
    "leadSpacing": ["normal", "tight"],
    "docLineAlign": ["right", "right", "left"],
    # One table per section, or one table for all, each section named in a row across it.
    "tables": ["per-section", "per-section", "per-section", "one-table"],
}

HEADS = {
    "standard": {
        "priority": ["順位"], "goal": ["目標設定", "(年度当初)"], "action": ["取組項目及び方法・手段", "(何をどのように)"],
        "period": ["期間・期限"], "target": ["数値目標", "(どの水準まで)"], "midtermReport": ["中間報告"],
        "finalReport": ["期末報告"],
    },
    "varied": {
        "priority": [["順位"], ["優先順位"], ["優先度"], ["順", "位"]],
        "goal": [["目標設定", "(年度当初)"], ["目標設定", "（年度当初）"], ["重点目標"], ["目標"], ["課題・目標"], ["課の目標"]],
        "action": [["取組項目及び方法・手段", "(何をどのように)"], ["取組項目及び", "方法・手段"], ["取組内容"], ["具体的な取組"],
                   ["方法・手段", "（何をどのように）"]],
        "period": [["期間・期限"], ["期間・", "期限"], ["期間・期限", "(いつ・いつまでに)"], ["実施時期"], ["スケジュール"]],
        "target": [["数値目標", "(どの水準まで)"], ["数値目標"], ["目標値"], ["達成目標"], ["成果指標"]],
        "midtermReport": [["中間報告"], ["中間報告", "(9月末)"], ["上半期実績"], ["中間評価"]],
        "finalReport": [["期末報告"], ["実績"], ["達成状況"], ["年度末実績"], ["最終評価"]],
    },
}
EXTRA_HEADS = {"tanto": ("担当", ["担当"], ["担当係"]), "biko": ("備考", ["備考"])}
WIDTH = {"priority": 5, "goal": 19, "action": 31, "period": 10, "target": 14, "midtermReport": 11, "finalReport": 11, "extra": 8}


def list_axes():
    for k, v in {**AXES, **AXES2}.items():
        print(f"{k}: {', '.join(dict.fromkeys(v))}")


# ---------------------------------------------------------------------------------------------
# The document: texts recombined by seed.

def make_document(rng, axes):
    year = rng.choice(T.YEARS)
    label = f"平成{year}年度"
    office = "" if axes["titleWording"] == "no-office" else rng.choice(T.OFFICES)
    n_sections = {"small": [1, 2], "medium": [2, 3], "large": [3, 4]}[axes["volume"]]
    n_sections = rng.choice(n_sections)
    names = rng.sample(T.SECTIONS, n_sections)
    if axes["sectionNames"] == "some-without":
        names[rng.randrange(n_sections)] = rng.choice(T.SECTIONS_WITHOUT_OFFICE_WORD)
    goals_pool = rng.sample(T.GOALS, len(T.GOALS))
    max_goals = {"small": 2, "medium": 3, "large": 4}[axes["volume"]]
    max_actions = {"small": 3, "medium": 4, "large": 6}[axes["volume"]]
    sections = []
    for name in names:
        goals = []
        for p in range(1, rng.randint(1, max_goals) + 1):
            n_actions = rng.choice([1, 1, 2, 2, 3, max_actions] if max_actions > 3 else [1, 2, 2, 3])
            if axes["pageBreakInGoal"] == "yes" and p == 1 and not goals and not sections:
                n_actions = max(n_actions, 3)
            if axes["numbering"] == "none":
                # Unnumbered actions are one per goal: several rows without markers would be one action wrapped.
                n_actions = 1
            items = []
            for no, action in enumerate(rng.sample(T.ACTIONS, n_actions), start=1):
                if rng.random() < 0.2:
                    action = action + "。" + rng.choice(T.ACTION_TAILS)
                item = {
                    "no": no,
                    "action": action,
                    "period": "" if rng.random() < 0.1 else rng.choice(T.PERIODS).replace("{y}", str(year)),
                    "target": "" if rng.random() < 0.12 else rng.choice(T.TARGETS),
                    "midtermReport": "",
                    "finalReport": "",
                }
                if axes["reports"] == "midterm-final":
                    item["midtermReport"] = "" if rng.random() < 0.2 else rng.choice(T.MIDTERM)
                if axes["reports"] in ("midterm-final", "final-only"):
                    item["finalReport"] = "" if rng.random() < 0.2 else rng.choice(T.FINAL)
                extra_kind = axes["extraColumn"]
                if extra_kind != "none":
                    values = T.EXTRA_VALUES[EXTRA_HEADS[extra_kind][0]]
                    item["extra"] = "" if rng.random() < 0.3 else rng.choice(values)
                items.append(item)
            goals.append({"priority": p, "title": goals_pool.pop(), "items": items})
        sections.append({"name": name, "goals": goals})
    return {"fiscalYearLabel": label, "fiscalYear": 1988 + year, "year": year, "office": office, "sections": sections}


def document_from_truth(path, rng, axes):
    """A truth file's texts (scripts/fixtures/*.truth.json) as the document to print, in place of a seed's."""
    t = json.load(open(path, encoding="utf-8"))
    office = t.get("office", "")
    year = int("".join(ch for ch in t["fiscalYearLabel"] if ch.isdigit()))
    sections = []
    for sheet in t["sheets"]:
        name = sheet["department"][len(office):].strip() if office and sheet["department"].startswith(office) else sheet["department"]
        if not sections or sections[-1]["name"] != name:
            sections.append({"name": name, "goals": []})
        items = []
        for it in sheet["items"]:
            item = {k: it.get(k, "") for k in ["no"] + ITEM_KEYS}
            if axes["extraColumn"] != "none":
                values = T.EXTRA_VALUES[EXTRA_HEADS[axes["extraColumn"]][0]]
                item["extra"] = "" if rng.random() < 0.3 else rng.choice(values)
            items.append(item)
        sections[-1]["goals"].append({"priority": sheet["priority"], "title": sheet["title"], "items": items})
    return {"fiscalYearLabel": t["fiscalYearLabel"], "fiscalYear": 1988 + year, "year": year, "office": office, "sections": sections}


def truth_of(doc, axes, seed):
    sheets = []
    expected = []
    for s in doc["sections"]:
        dept = f"{doc['office']} {s['name']}" if doc["office"] else s["name"]
        for g in s["goals"]:
            sheets.append({
                "department": dept, "priority": g["priority"], "title": g["title"],
                "items": [{k: it[k] for k in ["no"] + ITEM_KEYS} for it in g["items"]],
            })
            for it in g["items"]:
                if it.get("extra"):
                    expected.append({"code": "UNASSIGNED_TEXT", "quotes": it["extra"]})
    return {
        "seed": seed, "axes": axes, "fiscalYearLabel": doc["fiscalYearLabel"], "fiscalYear": doc["fiscalYear"],
        "office": doc["office"], "sheets": sheets, "expectedWarnings": expected,
    }


# ---------------------------------------------------------------------------------------------
# What every producer prints: the leading lines, headings, header labels and cell texts.

def title_of(doc, axes):
    label, office = doc["fiscalYearLabel"], doc["office"]
    w = axes["titleWording"]
    if w == "kakuka":
        return f"{label}　{office}の各課の課題・目標"
    if w == "juten":
        return f"{label} {office} 各課の重点目標"
    if w == "bracket-office":
        return f"{label} 各課等の課題・目標（{office}）"
    return f"{label} 各課の課題・目標"


def doc_line_of(doc, rng, axes=None):
    pinned = (axes or {}).get("_docLineText")
    drawn = rng.choice([f"{doc['fiscalYearLabel']} 第1回地域協議会 資料", "資料２", f"第2回地域協議会 資料1",
                       f"{doc['fiscalYearLabel']}第1回 地域協議会資料"])
    return pinned or drawn


def date_line_of(doc, rng):
    return rng.choice([f"平成{doc['year']}年5月21日", f"平成{doc['year']}年4月1日現在", f"平成{doc['year']}年6月"])


def heading_text(name, axes, k, rng_mark):
    h = axes["heading"]
    if h == "bracket":
        return f"【{name}】"
    if h == "mark":
        return f"{rng_mark}{name}"
    if h == "paren":
        return f"（{name}）"
    if h == "numbered":
        return f"{k + 1}　{name}"
    return name


def columns_of(axes, rng):
    cols = ["priority", "goal", "action", "period", "target"]
    if axes["order"] == "shuffled":
        rng.shuffle(cols)
    if axes["reports"] == "midterm-final":
        cols += ["midtermReport", "finalReport"]
    elif axes["reports"] == "final-only":
        cols += ["finalReport"]
    if axes["extraColumn"] != "none":
        at = {"end": len(cols), "after-action": cols.index("action") + 1, "after-priority": cols.index("priority") + 1}[axes["extraAt"]]
        cols.insert(at, "extra")
    return cols


def heads_of(cols, axes, rng):
    out = {}
    for c in cols:
        if c == "extra":
            lines = rng.choice(EXTRA_HEADS[axes["extraColumn"]][1:])
        elif axes["wording"] == "standard":
            lines = HEADS["standard"][c]
        else:
            lines = rng.choice(HEADS["varied"][c])
        if axes["headerLines"] == "one":
            lines = ["".join(lines)]
        elif c == "priority" and lines == ["順位"] and (rng.random() < 0.6 or axes.get("_junI") == "yes"):
            lines = ["順", "位"]
        out[c] = lines
    return out


def marker(no, axes, single):
    n = axes["numbering"]
    if single and n in ("circled", "paren") and axes.get("_singleBare") == "yes":
        return ""
    if n == "circled":
        return MARKERS[no - 1]
    if n == "paren":
        return f"({no})" if axes.get("_parenWidth") == "half" else f"（{str(no).translate(ZEN)}）"
    if n == "bullet":
        return "・"
    return ""


def goal_text(title, axes):
    return {"circle": f"○{title}", "circle-space": f"○ {title}", "none": title}[axes["goalCircle"]]


def priority_text(p, axes):
    return {"digit": str(p), "zenkaku": str(p).translate(ZEN), "rank": f"{p}位"}[axes["priorityForm"]]


def layout_rows(doc, axes, rng):
    """The table's rows per section as cells by column (text, rowspan); the producers print them."""
    out = []
    for s in doc["sections"]:
        rows = []
        for g in s["goals"]:
            items = g["items"]
            single = len(items) == 1
            if axes["actionsInOneCell"] == "yes" and not single and axes["numbering"] == "circled":
                # Every action of the goal in one cell; the other columns marked alike, one line each.
                row = {"priority": (priority_text(g["priority"], axes), 1), "goal": (goal_text(g["title"], axes), 1)}
                for k in ITEM_KEYS + ["extra"]:
                    lines = [f"{MARKERS[it['no'] - 1]}{it[k]}" for it in items if it.get(k)]
                    row[k] = ("\n".join(lines), 1)
                row["_goal"] = g
                rows.append(row)
                continue
            for i, it in enumerate(items):
                row = {}
                m = marker(it["no"], axes, single)
                sep = " " if m and axes.get("_markerSpace") == "yes" else ""
                row["action"] = (f"{m}{sep}{it['action']}" if m else it["action"], 1)
                for k in ITEM_KEYS[1:] + ["extra"]:
                    row[k] = (it.get(k, ""), 1)
                if axes["goalCells"] == "rowspan":
                    if i == 0:
                        row["priority"] = (priority_text(g["priority"], axes), len(items))
                        row["goal"] = (goal_text(g["title"], axes), len(items))
                elif axes["goalCells"] == "repeated" or i == 0:
                    row["priority"] = (priority_text(g["priority"], axes), 1)
                    row["goal"] = (goal_text(g["title"], axes), 1)
                else:
                    row["priority"] = ("", 1)
                    row["goal"] = ("", 1)
                row["_goal"] = g
                row["_index"] = i
                rows.append(row)
        out.append(rows)
    return out


def choose_axes(seed, overrides):
    rng = random.Random(seed)
    axes = {k: rng.choice(v) for k, v in AXES.items()}
    # Details that ride on an axis: a bare single action, (1) or （１）, a space after the marker.
    axes["_singleBare"] = rng.choice(["yes", "no"])
    axes["_parenWidth"] = rng.choice(["half", "full"])
    axes["_markerSpace"] = rng.choice(["no", "no", "yes"])
    rng2 = random.Random(seed * 1000003 + 17)
    for k, v in AXES2.items():
        axes[k] = rng2.choice(v)
    axes.update(overrides)
    # Axes that do not apply to a producer are pinned, so the tables count only what was printed.
    p = axes["producer"]
    if p != "dump":
        axes["dumpCells"] = "-"
        if axes["headerLines"] == "two-rows":
            axes["headerLines"] = "wrapped"
    else:
        for k in ["font", "paper", "size", "valign", "tint", "rowBreak", "repeatHeader", "sectionsPerPage"]:
            axes[k] = "-"
        if axes["actionsInOneCell"] == "yes" and axes["dumpCells"] == "plain":
            axes["dumpCells"] = "br"
    if p in ("writer-html",):
        # Writer lays an HTML page on its default paper and ignores page rules: no running head.
        axes["paper"] = "-"
        axes["pageHead"] = "none"
        axes["rowBreak"] = "-"
        axes["repeatHeader"] = "-"
    if p in ("writer-docx", "calc-xlsx"):
        axes["rowBreak"] = "-"
    if p not in ("chromium", "writer-html"):
        # A word processor's and a workbook's lines stand one under another with no gap anyway.
        axes["leadSpacing"] = "-"
    if axes["tables"] == "one-table" and axes["heading"] in ("beside", "hash", "in-table"):
        # Every heading is a row of the one table.
        axes["heading"] = "in-table"
    if p == "calc-xlsx":
        axes["repeatHeader"] = "-"
    if axes["numbering"] != "circled":
        axes["actionsInOneCell"] = "-"
    if axes["numbering"] == "none":
        # One action per goal (see make_document): no goal to break inside.
        axes["pageBreakInGoal"] = "-"
    if axes["extraColumn"] == "none":
        axes["extraAt"] = "-"
    if p == "writer-html" or p == "writer-docx":
        # No page break can be forced inside a Writer table row group; long goals break where they fall.
        axes["pageBreakInGoal"] = "-"
    return axes, rng


# ---------------------------------------------------------------------------------------------
# HTML: Chromium (CSS, page margin boxes) and LibreOffice Writer (attributes, which it reads).

def render_html(doc, axes, rng, writer):
    e = lambda s: html.escape(s).replace("\n", "<br>")  # noqa: E731
    font, size = axes["font"], float(axes["size"])
    cols = columns_of(axes, rng)
    heads = heads_of(cols, axes, rng)
    sections = layout_rows(doc, axes, rng)
    doc_line = doc_line_of(doc, rng, axes) if (axes["docLine"] != "none" or axes["pageHead"] == "yes" or axes["heading"] == "beside") else ""
    page_css = ""
    if not writer:
        boxes = ""
        if axes["pageHead"] == "yes":
            boxes = (f'@top-right {{ content: "{doc_line}"; font-family: "{font}"; font-size: {size}pt; }}'
                     f'@bottom-center {{ content: "- " counter(page) " -"; font-family: "{font}"; font-size: {size}pt; }}')
        page_css = f"@page {{ size: {axes['paper']}; margin: 14mm 12mm; {boxes} }}"
    valign = axes["valign"] if axes["valign"] != "-" else "top"
    out = ['<!doctype html><html lang="ja"><meta charset="utf-8"><style>', page_css,
           f'body {{ font-family: "{font}"; font-size: {size}pt; }}',
           f'h1 {{ font-size: {size + 3}pt; text-align: center; font-weight: normal; margin: 2mm 0; }}',
           f'.sec {{ font-size: {size + 1}pt; margin: 4mm 0 1.5mm; }} .right {{ text-align: right; margin: 0; }}',
           f'.doc {{ text-align: {axes["docLineAlign"]}; margin: 0; }}',
           'h1, .sec, .right, .doc, .beside { margin: 0 !important; line-height: 1.15; }' if axes["leadSpacing"] == "tight" else "",
           '.beside { display: flex; justify-content: space-between; margin: 4mm 0 1.5mm; }',
           'table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }',
           f'th, td {{ border: 0.75pt solid #000; padding: 1.2mm 1.4mm; vertical-align: {valign}; font-weight: normal; }}',
           'th { background: #e6e6e6; }' if axes["tint"] == "yes" else "",
           f'tr {{ break-inside: {axes["rowBreak"] if axes["rowBreak"] != "-" else "auto"}; }} .brk {{ break-before: page; }}',
           '.newpage { break-before: page; }',
           '</style><body>']
    title = title_of(doc, axes)
    # Writer reads attributes, not classes, and breaks the page before every <h1>–<h6> it imports.
    right = (lambda t: f'<p align="right">{e(t)}</p>') if writer else (lambda t: f'<p class="right">{e(t)}</p>')  # noqa: E731
    docp = (lambda t: f'<p align="{axes["docLineAlign"]}">{e(t)}</p>') if writer else (lambda t: f'<p class="doc">{e(t)}</p>')  # noqa: E731
    lead = []
    if axes["docLine"] == "above-title":
        lead.append(docp(doc_line))
    if axes["dateLine"] == "yes":
        lead.append(right(date_line_of(doc, rng)))
    lead.append(f'<p align="center"><font size="4">{e(title)}</font></p>' if writer else f"<h1>{e(title)}</h1>")
    if axes["docLine"] == "below-title":
        lead.append(docp(doc_line))
    out += lead
    table_attrs = ' border="1" cellpadding="4" cellspacing="0" width="100%"' if writer else ""
    widths = [WIDTH[c] for c in cols]
    colgroup = "<colgroup>" + "".join(f'<col width="{round(100 * w / sum(widths))}%">' for w in widths) + "</colgroup>"
    mark = rng.choice("■□◆")
    broke = False
    one_table = axes["tables"] == "one-table"
    for k, (s, rows) in enumerate(zip(doc["sections"], sections)):
        name = heading_text(s["name"], axes, k, mark)
        newpage = axes["sectionsPerPage"] == "one" and k > 0
        np = " newpage" if newpage else ""
        h = axes["heading"]
        if one_table:
            if k == 0:
                head_cells = "".join(f"<th>{'<br>'.join(html.escape(x) for x in heads[c])}</th>" for c in cols)
                out.append(f"<table{table_attrs}>{colgroup}<thead><tr>{head_cells}</tr></thead><tbody>" if axes["repeatHeader"] == "yes"
                           else f"<table{table_attrs}>{colgroup}<tbody><tr>{head_cells}</tr>")
            brk = (' style="page-break-before: always"' if writer else ' class="brk"') if newpage else ""
            out.append(f'<tr{brk}><td colspan="{len(cols)}">{e(name)}</td></tr>')
        elif writer:
            brk = ' style="page-break-before: always"' if newpage else ""
            if h == "beside":
                # Writer has no flex box: the heading and the page header in a borderless two-cell table.
                out.append(f'<table width="100%" border="0" cellpadding="0" cellspacing="0"{brk}><tr><td>{e(name)}</td><td align="right">{e(doc_line)}</td></tr></table>')
            elif h == "hash":
                out.append(f'<p{brk}><font size="3"><b>{e(name)}</b></font></p>')
            elif h != "in-table":
                out.append(f"<p{brk}>{e(name)}</p>")
            elif newpage:
                out.append(f"<p{brk}></p>")
        elif h == "hash":
            out.append(f'<h2 class="sec{np}">{e(name)}</h2>')
        elif h == "beside":
            out.append(f'<div class="beside{np}"><span>{e(name)}</span><span>{e(doc_line)}</span></div>')
        elif h != "in-table":
            out.append(f'<p class="sec{np}">{e(name)}</p>')
        head_cells = "".join(f"<th>{'<br>'.join(html.escape(x) for x in heads[c])}</th>" for c in cols)
        tag = "thead" if axes["repeatHeader"] == "yes" else "tbody"
        first = ""
        if h == "in-table" and not one_table:
            first = f'<tr><td colspan="{len(cols)}">{e(name)}</td></tr>'
            if newpage and not writer:
                out.append('<div class="newpage"></div>')
        if not one_table:
            out.append(f"<table{table_attrs}>{colgroup}<{tag}>{first}<tr>{head_cells}</tr></{tag}><tbody>" if tag == "thead"
                       else f"<table{table_attrs}>{colgroup}<tbody>{first}<tr>{head_cells}</tr>")
        for row in rows:
            g = row["_goal"]
            brk = ""
            if axes["pageBreakInGoal"] == "yes" and not broke and row.get("_index", 0) == len(g["items"]) // 2 and len(g["items"]) > 1:
                brk, broke = ' class="brk"', True
            cells = []
            for c in cols:
                if c not in row:
                    continue
                text, span = row[c]
                attrs = f' rowspan="{span}"' if span > 1 else ""
                if writer and valign != "top":
                    attrs += f' valign="{valign}"'
                if c == "priority":
                    attrs += ' align="center"' if writer else ' style="text-align:center"'
                cells.append(f"<td{attrs}>{e(text)}</td>")
            out.append(f"<tr{brk}>{''.join(cells)}</tr>")
        if not one_table or k == len(sections) - 1:
            out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Writer .docx (python-docx): vertically merged goal cells, a page header, Word's own paragraphs.

def render_docx(doc, axes, rng, path):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt

    font, size = axes["font"], float(axes["size"])
    d = Document()
    normal = d.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    pf = normal.paragraph_format
    pf.space_after = Pt(0)
    sec = d.sections[0]
    paper, orient = axes["paper"].split()
    w, h = {"A4": (210, 297), "A3": (297, 420)}[paper]
    if orient == "landscape":
        w, h = h, w
        sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(w), Mm(h)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(14))
    cols = columns_of(axes, rng)
    heads = heads_of(cols, axes, rng)
    sections = layout_rows(doc, axes, rng)
    doc_line = doc_line_of(doc, rng, axes) if (axes["docLine"] != "none" or axes["pageHead"] == "yes" or axes["heading"] == "beside") else ""

    def para(text, align=None, bigger=0, before=0):
        p = d.add_paragraph()
        run = p.add_run(text)
        run.font.size = Pt(size + bigger)
        if align:
            p.alignment = align
        if before:
            p.paragraph_format.space_before = Pt(before)
        return p

    if axes["pageHead"] == "yes":
        hp = sec.header.paragraphs[0]
        hp.text = doc_line
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fp.add_run("- ")
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        fp._p.append(fld)
        fp.add_run(" -")
    if axes["docLine"] == "above-title":
        para(doc_line, WD_ALIGN_PARAGRAPH.RIGHT)
    if axes["dateLine"] == "yes":
        para(date_line_of(doc, rng), WD_ALIGN_PARAGRAPH.RIGHT)
    para(title_of(doc, axes), WD_ALIGN_PARAGRAPH.CENTER, bigger=3)
    if axes["docLine"] == "below-title":
        para(doc_line, WD_ALIGN_PARAGRAPH.RIGHT)
    total = sum(WIDTH[c] for c in cols)
    usable = w - 28
    mark = rng.choice("■□◆")
    valign = {"top": WD_CELL_VERTICAL_ALIGNMENT.TOP, "middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER}[axes["valign"]]
    def add_table(entries):
        """One table of entries: ("heading", name), ("header",) or ("row", row)."""
        table = d.add_table(rows=len(entries), cols=len(cols))
        table.style = "Table Grid"
        table.autofit = False
        for j, c in enumerate(cols):
            # LibreOffice reads the table grid's widths, Word the cells'.
            table.columns[j].width = Mm(usable * WIDTH[c] / total)
            for cell in table.columns[j].cells:
                cell.width = Mm(usable * WIDTH[c] / total)
        for r, entry in enumerate(entries):
            if entry[0] == "heading":
                merged = table.cell(r, 0).merge(table.cell(r, len(cols) - 1))
                merged.text = entry[1]
            elif entry[0] == "header":
                for j, c in enumerate(cols):
                    cell = table.cell(r, j)
                    cell.text = ""
                    p0 = cell.paragraphs[0]
                    for n, line in enumerate(heads[c]):
                        if n:
                            p0.add_run().add_break()
                        p0.add_run(line)
                    if axes["tint"] == "yes":
                        shd = OxmlElement("w:shd")
                        shd.set(qn("w:val"), "clear")
                        shd.set(qn("w:fill"), "E6E6E6")
                        cell._tc.get_or_add_tcPr().append(shd)
                if axes["repeatHeader"] == "yes" and r <= 1:
                    table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            else:
                row = entry[1]
                for j, c in enumerate(cols):
                    if c not in row:
                        continue
                    text, span = row[c]
                    cell = table.cell(r, j)
                    if span > 1:
                        cell = cell.merge(table.cell(r + span - 1, j))
                    lines = text.split("\n")
                    cell.paragraphs[0].text = lines[0]
                    for line in lines[1:]:
                        cell.add_paragraph(line)
                    cell.vertical_alignment = valign
                    if c == "priority":
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    if axes["tables"] == "one-table":
        entries = [("header",)]
        for k, (s, rows) in enumerate(zip(doc["sections"], sections)):
            entries.append(("heading", heading_text(s["name"], axes, k, mark)))
            entries += [("row", row) for row in rows]
        para("", before=4)
        add_table(entries)
    for k, (s, rows) in enumerate(zip(doc["sections"], sections)):
        if axes["tables"] == "one-table":
            break
        name = heading_text(s["name"], axes, k, mark)
        h = axes["heading"]
        newpage = axes["sectionsPerPage"] == "one" and k > 0
        if h == "beside":
            p = para(name, before=6)
            p.add_run("\t" + doc_line)
            p.paragraph_format.tab_stops.add_tab_stop(Mm(usable), alignment=2)  # right tab
        elif h != "in-table":
            p = para(name, bigger=1 if h == "hash" else 0, before=6)
        else:
            p = para("", before=4)
        p.paragraph_format.page_break_before = newpage
        add_table(([("heading", name)] if h == "in-table" else []) + [("header",)] + [("row", row) for row in rows])
    d.save(path)


# ---------------------------------------------------------------------------------------------
# Calc .xlsx (openpyxl): one worksheet, merged goal cells, a print header, manual row breaks.

def render_xlsx(doc, axes, rng, path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.pagebreak import Break

    font_name, size = axes["font"], float(axes["size"])
    wb = Workbook()
    ws = wb.active
    ws.title = doc["fiscalYearLabel"]
    cols = columns_of(axes, rng)
    heads = heads_of(cols, axes, rng)
    sections = layout_rows(doc, axes, rng)
    doc_line = doc_line_of(doc, rng, axes) if (axes["docLine"] != "none" or axes["pageHead"] == "yes" or axes["heading"] == "beside") else ""
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=font_name, size=size)
    valign = {"top": "top", "middle": "center"}[axes["valign"]]
    wrap = Alignment(wrap_text=True, vertical=valign)
    tint = PatternFill("solid", fgColor="E6E6E6")
    units = {"priority": 6, "goal": 26, "action": 44, "period": 14, "target": 18, "midtermReport": 16, "finalReport": 16, "extra": 11}
    for j, c in enumerate(cols):
        ws.column_dimensions[chr(65 + j)].width = units[c]
    last_col = len(cols)
    heights = {}

    def lines_in(text, width_units):
        n = 0
        for para in str(text or "").split("\n"):
            w = sum(1 if ord(ch) < 0x80 else 2 for ch in para)
            n += max(1, -(-w // max(1, int(width_units * 0.9))))
        return n

    def put(r, c, text, span_rows=1, bordered=True, label=False, align=None):
        cell = ws.cell(row=r, column=c, value=text if text != "" else None)
        cell.font = font
        cell.alignment = align or wrap
        if bordered:
            for rr in range(r, r + span_rows):
                ws.cell(row=rr, column=c).border = border
        if label and axes["tint"] == "yes":
            cell.fill = tint
        if span_rows > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + span_rows - 1, end_column=c)
        need = lines_in(text, units[cols[c - 1]]) if c <= len(cols) else 1
        if span_rows == 1:
            heights[r] = max(heights.get(r, 1), need)

    def line(r, text, align="left"):
        cell = ws.cell(row=r, column=1 if align != "right" else last_col, value=text)
        cell.font = font
        if align == "center":
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
            cell.alignment = Alignment(horizontal="center")
        elif align == "right":
            cell.alignment = Alignment(horizontal="right")

    r = 1
    if axes["docLine"] == "above-title":
        line(r, doc_line, axes["docLineAlign"]); r += 1
    if axes["dateLine"] == "yes":
        line(r, date_line_of(doc, rng), "right"); r += 1
    line(r, title_of(doc, axes), "center")
    ws.cell(row=r, column=1).font = Font(name=font_name, size=size + 3)
    r += 1
    if axes["docLine"] == "below-title":
        line(r, doc_line, axes["docLineAlign"]); r += 1
    mark = rng.choice("■□◆")
    broke = False
    for k, (s, rows) in enumerate(zip(doc["sections"], sections)):
        name = heading_text(s["name"], axes, k, mark)
        h = axes["heading"]
        one_table = axes["tables"] == "one-table"
        if not one_table or k == 0:
            r += 1
        if axes["sectionsPerPage"] == "one" and k > 0:
            ws.row_breaks.append(Break(id=r - 1))
        if one_table:
            # The header once, then each section's name in a row across the one table.
            if k == 0:
                for j, c in enumerate(cols):
                    put(r, j + 1, "\n".join(heads[c]), label=True)
                r += 1
            put(r, 1, name, bordered=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
            for c in range(1, last_col + 1):
                ws.cell(row=r, column=c).border = border
        elif h == "in-table":
            put(r, 1, name, bordered=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
            for c in range(1, last_col + 1):
                ws.cell(row=r, column=c).border = border
        else:
            line(r, name)
            if h == "beside":
                line(r, doc_line, "right")
        r += 1
        if not one_table:
            for j, c in enumerate(cols):
                put(r, j + 1, "\n".join(heads[c]), label=True)
            r += 1
        for row in rows:
            g = row["_goal"]
            if axes["pageBreakInGoal"] == "yes" and not broke and row.get("_index", 0) == len(g["items"]) // 2 and len(g["items"]) > 1:
                ws.row_breaks.append(Break(id=r - 1))
                broke = True
            for j, c in enumerate(cols):
                if c not in row:
                    ws.cell(row=r, column=j + 1).border = border
                    continue
                text, span = row[c]
                align = Alignment(wrap_text=True, vertical=valign, horizontal="center") if c == "priority" else None
                put(r, j + 1, text, span_rows=span, align=align)
            r += 1
    for row, n in heights.items():
        ws.row_dimensions[row].height = n * size * 1.45 + 4
    paper, orient = axes["paper"].split()
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if paper == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.orientation = orient
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if axes["pageHead"] == "yes":
        ws.oddHeader.right.text = doc_line
        ws.oddFooter.center.text = "- &P -"
    wb.save(path)


# ---------------------------------------------------------------------------------------------
# Text dumps as real ones look: tabs between cells, <p>/<br> in cells, # headings.

def render_dump(doc, axes, rng):
    cols = columns_of(axes, rng)
    heads = heads_of(cols, axes, rng)
    sections = layout_rows(doc, axes, rng)
    style = axes["dumpCells"]

    def cell(text):
        parts = text.split("\n") if text else []
        if style == "p" and parts:
            return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in parts)
        if style == "br":
            return "<br>".join(html.escape(p, quote=False) for p in parts)
        return " ".join(parts)

    def blank():
        if rng.random() < 0.6:
            lines.append("")

    lines = []
    doc_line = doc_line_of(doc, rng, axes) if (axes["docLine"] != "none" or axes["pageHead"] == "yes" or axes["heading"] == "beside") else ""
    hashes = rng.choice(["#", "##"])
    if axes["docLine"] == "above-title" or (axes["pageHead"] == "yes" and axes["docLine"] == "none"):
        lines.append(doc_line); blank()
    if axes["dateLine"] == "yes":
        lines.append(date_line_of(doc, rng)); blank()
    title = title_of(doc, axes)
    lines.append(f"{hashes} {title}" if axes["heading"] == "hash" else title)
    blank()
    if axes["docLine"] == "below-title":
        lines.append(doc_line); blank()
    mark = rng.choice("■□◆")
    page = 1
    broke = False
    header_cells = []
    if axes["headerLines"] == "two-rows":
        header_rows = [[heads[c][0] for c in cols], [heads[c][1] if len(heads[c]) > 1 else "" for c in cols]]
    else:
        joiner = {"plain": "", "p": "", "br": "<br>"}[style]
        header_rows = [[joiner.join(heads[c]) if style != "p" or len(heads[c]) == 1 else "".join(f"<p>{x}</p>" for x in heads[c]) for c in cols]]
    pad = "\t" * (len(cols) - 1) if rng.random() < 0.4 else ""
    for k, (s, rows) in enumerate(zip(doc["sections"], sections)):
        name = heading_text(s["name"], axes, k, mark)
        h = axes["heading"]
        one_table = axes["tables"] == "one-table"
        if one_table and k == 0:
            # One table: its header once, each section's name in a line of its own inside it.
            for hr in header_rows:
                lines.append("\t".join(hr))
        if h == "hash":
            lines.append(f"{hashes}# {name}")
        elif h == "beside":
            lines.append(name + "\t" * (len(cols) - 1) + doc_line)
        elif h == "in-table":
            lines.append(name + pad)
        else:
            lines.append(name)
        if not one_table:
            for hr in header_rows:
                lines.append("\t".join(hr))
        for row in rows:
            g = row["_goal"]
            if axes["pageBreakInGoal"] == "yes" and not broke and row.get("_index", 0) == len(g["items"]) // 2 and len(g["items"]) > 1:
                # The page's number, and the header the next page repeats, inside the goal.
                lines.append(f"- {page} -")
                page += 1
                for hr in header_rows:
                    lines.append("\t".join(hr))
                broke = True
            lines.append("\t".join(cell(row[c][0]) if c in row else "" for c in cols).rstrip("\t") if rng.random() < 0.3
                         else "\t".join(cell(row[c][0]) if c in row else "" for c in cols))
        blank()
    if axes["pageHead"] == "yes":
        lines.append(f"- {page} -")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------

def print_pdf(src, out_pdf, producer):
    work = tempfile.mkdtemp(prefix="gt-render-")
    try:
        if producer == "chromium":
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--no-first-run", "--no-pdf-header-footer",
                            f"--user-data-dir={work}/chromium", f"--print-to-pdf={out_pdf}", src],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        else:
            filt = "calc_pdf_Export" if src.endswith(".xlsx") else "writer_pdf_Export"
            # An .html file opens in Writer/Web by default, whose import drops the first paragraph
            # and prints a blank first page (LibreOffice 7.4): open it in Writer proper.
            infilter = ["--infilter=HTML (StarWriter)"] if src.endswith(".html") else []
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/office", *infilter, "--convert-to",
                            f"pdf:{filt}", "--outdir", work, src],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
            made = os.path.join(work, os.path.splitext(os.path.basename(src))[0] + ".pdf")
            shutil.move(made, out_pdf)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def generate(seed, out_dir, to_pdf, overrides, truth_file=None, name=None):
    axes, rng = choose_axes(seed, overrides)
    doc = make_document(rng, axes)
    if truth_file:
        doc = document_from_truth(truth_file, rng, axes)
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, name or f"gt-{seed}")
    producer = axes["producer"]
    if producer == "dump":
        open(base + ".txt", "w", encoding="utf-8").write(render_dump(doc, axes, rng))
        made = base + ".txt"
    elif producer in ("chromium", "writer-html"):
        made = base + ".html"
        open(made, "w", encoding="utf-8").write(render_html(doc, axes, rng, writer=producer == "writer-html"))
    elif producer == "writer-docx":
        made = base + ".docx"
        render_docx(doc, axes, rng, made)
    else:
        made = base + ".xlsx"
        render_xlsx(doc, axes, rng, made)
    truth = truth_of(doc, {k: v for k, v in axes.items() if not k.startswith("_")}, seed)
    if to_pdf and producer != "dump":
        print_pdf(made, base + ".pdf", producer)
        os.remove(made)
        made = base + ".pdf"
    truth["file"] = os.path.basename(made)
    with open(base + ".truth.json", "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(made)


# ---------------------------------------------------------------------------------------------
# The samples' renderer (one truth file as Chromium HTML), kept as it was for make-fixtures.sh.

def legacy(argv):
    p = argparse.ArgumentParser()
    p.add_argument("truth")
    p.add_argument("out")
    p.add_argument("--reports", action="store_true", help="add 中間報告 and 期末報告 columns")
    p.add_argument("--font", default="IPAexMincho")
    p.add_argument("--paper", default="A4 landscape", help="CSS page size, e.g. 'A4 portrait'")
    p.add_argument("--heading-in-table", action="store_true", help="print each section's name in its table's first row")
    p.add_argument("--columns", default="priority,goal,action,period,target",
                   help="column order, e.g. action,priority,goal,target,period (reports follow with --reports)")
    args = p.parse_args(argv)
    doc = json.load(open(args.truth, encoding="utf-8"))
    office = doc["office"]
    e = html.escape
    out = ['<!doctype html><html lang="ja"><meta charset="utf-8"><style>',
           f'@page {{ size: {args.paper}; margin: 14mm; }}',
           f'body {{ font-family: "{args.font}", serif; font-size: 9.5pt; }}',
           'h1 { font-size: 13pt; text-align: center; } h2 { font-size: 11pt; margin: 5mm 0 1.5mm; }',
           'table { border-collapse: collapse; width: 100%; } th, td { border: 0.75pt solid #000; padding: 1.2mm 1.6mm; vertical-align: top; }',
           'th { background: #eee; font-weight: normal; } tr { page-break-inside: avoid; }',
           '</style><body>',
           f'<h1>{e(doc["fiscalYearLabel"])}　{e(office)}の各課の課題・目標</h1>']
    sections = []
    for s in doc["sheets"]:
        name = s["department"].replace(office, "").strip()
        if not sections or sections[-1][0] != name:
            sections.append((name, []))
        sections[-1][1].append(s)
    head_of = {"priority": "順位", "goal": "目標設定<br>(年度当初)", "action": "取組項目及び方法・手段<br>(何をどのように)",
               "period": "期間・期限", "target": "数値目標<br>(どの水準まで)", "midtermReport": "中間報告", "finalReport": "期末報告"}
    order = args.columns.split(",") + (["midtermReport", "finalReport"] if args.reports else [])
    heads = [head_of[k] for k in order]
    for name, goals in sections:
        if args.heading_in_table:
            out.append(f'<table><tr><td colspan="{len(heads)}">{e(name)}</td></tr><tr>{"".join(f"<th>{h}</th>" for h in heads)}</tr>')
        else:
            out.append(f'<h2>{e(name)}</h2><table><tr>{"".join(f"<th>{h}</th>" for h in heads)}</tr>')
        for g in goals:
            items = g["items"]
            for k, item in enumerate(items):
                action = item["action"] if len(items) == 1 else f'{MARKERS[item["no"] - 1]}{item["action"]}'
                span = f' rowspan="{len(items)}"' if len(items) > 1 else ""
                cell = {
                    "priority": f'<td{span} style="text-align:center">{g["priority"]}</td>' if k == 0 else "",
                    "goal": f'<td{span}>○{e(g["title"])}</td>' if k == 0 else "",
                    "action": f'<td>{e(action).replace(chr(10), "<br>")}</td>',
                }
                for f in ["period", "target", "midtermReport", "finalReport"]:
                    cell[f] = f'<td>{e(item[f])}</td>'
                out.append(f'<tr>{"".join(cell[c] for c in order)}</tr>')
        out.append("</table>")
    out.append("</body></html>")
    open(args.out, "w", encoding="utf-8").write("\n".join(out))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "generate":
        p = argparse.ArgumentParser(prog="render_goal_table.py generate")
        p.add_argument("--seed", type=int, required=True)
        p.add_argument("--out", required=True)
        p.add_argument("--pdf", action="store_true", help="print to PDF (Chromium or LibreOffice) and keep the PDF")
        p.add_argument("--set", action="append", default=[], metavar="AXIS=VALUE", help="pin an axis")
        p.add_argument("--list-axes", action="store_true")
        p.add_argument("--truth", help="print this truth file's texts instead of the seed's (the axes still come from the seed)")
        p.add_argument("--name", help="the files' name (default gt-SEED)")
        args = p.parse_args(sys.argv[2:])
        if args.list_axes:
            list_axes()
            return
        overrides = {}
        for s in args.set:
            k, _, v = s.partition("=")
            if k not in AXES and k not in AXES2 and not k.startswith("_"):
                p.error(f"no axis {k!r} (--list-axes)")
            overrides[k] = v
        generate(args.seed, args.out, args.pdf, overrides, args.truth, args.name)
    else:
        legacy(sys.argv[1:])


if __name__ == "__main__":
    main()
