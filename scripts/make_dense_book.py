#!/usr/bin/env python3
"""A budget book as city halls print them: hundreds of A3 pages of dense ruled tables (款・項・目,
amounts, sources of funds, notes), about 4,000 glyphs a page, written with make_cid_pdf's writer
(a non-embedded Japanese CID font, Flate-compressed content). The benchmark's large dense document:
not a sheet (extract reads every page, then refuses it as NOT_A_SHEET), which is what a batch over
a city's archive meets. Seeded: the same arguments give the same bytes.

    python3 scripts/make_dense_book.py OUT.pdf --pages 400
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_cid_pdf import Writer  # noqa: E402

KAN = ["議会費", "総務費", "民生費", "衛生費", "労働費", "農林水産業費", "商工費", "土木費", "消防費", "教育費", "災害復旧費", "公債費"]
KOU = ["総務管理費", "徴税費", "戸籍住民基本台帳費", "選挙費", "統計調査費", "監査委員費", "社会福祉費", "児童福祉費", "生活保護費",
       "保健衛生費", "清掃費", "道路橋りょう費", "都市計画費", "住宅費", "小学校費", "中学校費", "社会教育費", "保健体育費"]
SETSU = ["報酬", "給料", "職員手当等", "共済費", "報償費", "旅費", "需用費", "役務費", "委託料", "使用料及び賃借料", "工事請負費",
         "備品購入費", "負担金補助及び交付金", "扶助費", "積立金", "繰出金"]
NOTE = ["会計年度任用職員報酬", "消耗品費", "印刷製本費", "光熱水費", "修繕料", "通信運搬費", "手数料", "保険料", "システム保守委託",
        "施設管理委託", "機器借上料", "道路改良工事", "庁用器具費", "各種団体負担金", "地域づくり補助金"]
HEADS = ["項", "目", "本年度予算額", "前年度予算額", "比較", "国庫支出金", "県支出金", "地方債", "その他", "一般財源", "節", "金額", "説明"]
COLS = [0.09, 0.08, 0.07, 0.07, 0.07, 0.06, 0.06, 0.06, 0.06, 0.07, 0.09, 0.06, 0.16]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--pages", type=int, default=400)
    p.add_argument("--rows", type=int, default=48)
    args = p.parse_args()
    rnd = random.Random(408)
    w = Writer("UniJIS-UCS2-H", "HeiseiMin-W3", "A3L", 7, False)
    w.compress = True
    for page in range(1, args.pages + 1):
        w.title = f"令和4年度 一般会計歳出予算事項別明細書 {KAN[(page - 1) * len(KAN) // args.pages]}"
        w.new_page()
        w.draw_row(COLS, HEADS, split=False)
        for _ in range(args.rows):
            now, prev = rnd.randint(1000, 9_999_999), rnd.randint(1000, 9_999_999)
            diff = f"{abs(now - prev):,}" if now >= prev else f"△{prev - now:,}"
            w.draw_row(COLS, [KOU[rnd.randrange(len(KOU))], f"{rnd.randint(1, 30)} {NOTE[rnd.randrange(len(NOTE))][:4]}",
                              f"{now:,}", f"{prev:,}", diff, f"{rnd.randint(0, 99999):,}", f"{rnd.randint(0, 99999):,}",
                              f"{rnd.randint(0, 9999):,}", f"{rnd.randint(0, 99999):,}", f"{rnd.randint(0, 999999):,}",
                              f"{rnd.randint(1, 27)} {SETSU[rnd.randrange(len(SETSU))]}", f"{rnd.randint(100, 999999):,}",
                              f"{NOTE[rnd.randrange(len(NOTE))]} {rnd.randint(1, 999):,}千円"], split=False)
    open(args.out, "wb").write(w.pdf())


if __name__ == "__main__":
    main()
