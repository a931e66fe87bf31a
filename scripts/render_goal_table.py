#!/usr/bin/env python3
"""Renders a goal-table truth (scripts/fixtures/sanada-h25.truth.json) as the earlier years printed
it: the title, then per section (課) its name above a ruled table 順位 | 目標設定(年度当初) |
取組項目及び方法・手段(何をどのように) | 期間・期限 | 数値目標(どの水準まで) [| 中間報告 | 期末報告], the
priority and goal cells spanning the rows of their actions. HTML for Chromium to print.

    python3 scripts/render_goal_table.py TRUTH OUT.html [--reports] [--font IPAexMincho]
"""
import argparse
import html
import json

MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("truth")
    p.add_argument("out")
    p.add_argument("--reports", action="store_true", help="add 中間報告 and 期末報告 columns")
    p.add_argument("--font", default="IPAexMincho")
    p.add_argument("--paper", default="A4 landscape", help="CSS page size, e.g. 'A4 portrait'")
    p.add_argument("--heading-in-table", action="store_true", help="print each section's name in its table's first row")
    p.add_argument("--columns", default="priority,goal,action,period,target",
                   help="column order, e.g. action,priority,goal,target,period (reports follow with --reports)")
    args = p.parse_args()
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


if __name__ == "__main__":
    main()
