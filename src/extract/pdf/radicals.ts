// Some PDF producers (Chromium/Skia among them) map CJK glyphs to Kangxi radicals or CJK radical
// supplement code points in their ToUnicode tables: 目 comes out as ⽬ (U+2F6C), 民 as ⺠ (U+2EA0).
// They look the same on the page; the text layer is wrong. Fold them back to the ideographs.

/** CJK Radicals Supplement characters with the ideograph they stand for (those NFKC leaves alone). */
const SUPPLEMENT: Record<string, string> = {
  "⺀": "冫", "⺁": "厂", "⺂": "乛", "⺃": "乚", "⺄": "乙", "⺅": "亻", "⺆": "冂", "⺇": "几", "⺈": "刀",
  "⺉": "刂", "⺊": "卜", "⺋": "㔾", "⺌": "小", "⺍": "⺍", "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺑": "𡯂",
  "⺒": "巳", "⺓": "幺", "⺔": "彑", "⺕": "彐", "⺖": "忄", "⺗": "心", "⺘": "扌", "⺙": "攵", "⺛": "旡",
  "⺜": "日", "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫",
  "⺥": "爫", "⺦": "丬", "⺧": "牛", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "目", "⺬": "示", "⺭": "礻",
  "⺮": "竹", "⺯": "糸", "⺰": "纟", "⺱": "罓", "⺲": "罒", "⺳": "网", "⺴": "罓", "⺵": "罓", "⺶": "羊",
  "⺷": "羊", "⺸": "羊", "⺹": "耂", "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹",
  "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠",
  "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長",
  "⻒": "镸", "⻓": "长", "⻔": "门", "⻕": "阝", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页",
  "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "食", "⻟": "食", "⻠": "饣", "⻡": "首", "⻢": "马", "⻣": "骨",
  "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐",
  "⻭": "歯", "⻮": "齿", "⻯": "竜", "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
};

/**
 * Kangxi radicals whose NFKC form is the traditional ideograph while Japanese fonts draw (and share
 * the glyph with) the Japanese form: ⼾ is 戸 on a Japanese page, not 戶.
 */
const KANGXI_JAPANESE: Record<string, string> = { "⼾": "戸", "⾭": "青", "⿈": "黄" };

export function foldRadicals(text: string): string {
  if (!/[\u2e80-\u2eff\u2f00-\u2fdf]/u.test(text)) return text;
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x2f00 && cp <= 0x2fdf) out += KANGXI_JAPANESE[ch] ?? ch.normalize("NFKC");
    else if (cp >= 0x2e80 && cp <= 0x2eff) out += SUPPLEMENT[ch] ?? ch.normalize("NFKC");
    else out += ch;
  }
  return out;
}
