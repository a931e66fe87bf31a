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

const TAG = /<\s*(\/?)\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(\/?)\s*>|<!--[\s\S]*?-->/g;

/** True when the text holds something that looks like an HTML tag or entity. */
export function looksLikeHtml(text: string): boolean {
  return /<\s*\/?\s*[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/.test(text);
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
  let last = 0;
  for (const m of cell.matchAll(TAG)) {
    current += cell.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[2]?.toLowerCase();
    if (name && BLOCK_TAGS.has(name)) breakParagraph();
  }
  current += cell.slice(last);
  breakParagraph();
  return paragraphs
    .map((p) => decodeEntities(p).replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .filter((p) => p !== "")
    .join("\n");
}
