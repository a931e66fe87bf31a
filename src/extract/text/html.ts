// HTML fragments inside a dump's cells → plain text. Block elements (<p>, <li>, <br>, <div> …)
// become paragraph breaks ("\n"); other tags are dropped; entities are decoded. Text outside tags
// is kept as printed, stray spaces included: only each paragraph's ends are trimmed.

const BLOCK_TAGS = new Set([
  "p", "li", "ul", "ol", "br", "div", "tr", "td", "th", "table", "tbody", "thead",
  "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "hr", "section", "article", "blockquote",
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ensp: "\u2002", emsp: "\u2003",
  thinsp: "\u2009", ndash: "–", mdash: "—", hellip: "…", middot: "·", times: "×", divide: "÷",
  yen: "¥", copy: "©", reg: "®", laquo: "«", raquo: "»", lsquo: "‘", rsquo: "’", ldquo: "“",
  rdquo: "”", bull: "•", deg: "°", plusmn: "±", sect: "§", para: "¶", minus: "−", rarr: "→",
  larr: "←", uarr: "↑", darr: "↓", le: "≤", ge: "≥", ne: "≠", sup2: "²", sup3: "³", frac12: "½",
};

/**
 * A tag at a "<" (sticky): its name in group 1. White space is optional once after "<" and once
 * after "/", never twice side by side (two optional runs split a run of spaces every way there is),
 * and the attributes run to the first ">" (no optional part after them to backtrack into).
 */
const TAG_AT = /<\s*(?:\/\s*)?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>/y;

/** True when the text holds something that looks like an HTML tag or entity. */
export function looksLikeHtml(text: string): boolean {
  return /<\s*(?:\/\s*)?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/.test(text);
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/g, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** A cell's HTML (or plain text) as paragraphs joined by "\n". */
export function htmlToText(cell: string): string {
  if (!looksLikeHtml(cell)) return cell.trim();
  const paragraphs: string[] = [];
  let current = "";
  const breakParagraph = (): void => {
    paragraphs.push(current);
    current = "";
  };
  // One pass over the "<"s: a comment runs to the first "-->" after it (none: no comment starts
  // later either, so the search is made once), a tag to its ">".
  let last = 0;
  let commentsEnd = true;
  for (let at = cell.indexOf("<"); at >= 0; at = cell.indexOf("<", at + 1)) {
    let end = -1;
    let name: string | undefined;
    if (cell.startsWith("<!--", at)) {
      const close = commentsEnd ? cell.indexOf("-->", at + 4) : -1;
      if (close < 0) commentsEnd = false;
      else end = close + 3;
    }
    if (end < 0) {
      TAG_AT.lastIndex = at;
      const m = TAG_AT.exec(cell);
      if (m) {
        end = at + m[0].length;
        name = m[1]?.toLowerCase();
      }
    }
    if (end < 0) continue;
    current += cell.slice(last, at);
    last = end;
    at = end - 1;
    if (name && BLOCK_TAGS.has(name)) breakParagraph();
  }
  current += cell.slice(last);
  breakParagraph();
  // trim() removes what \s matches (U+3000 among it), without a pattern anchored at the end.
  return paragraphs
    .map((p) => decodeEntities(p).trim())
    .filter((p) => p !== "")
    .join("\n");
}
