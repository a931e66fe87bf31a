// Item markers (①, ❶, ⑴, a bare 1 in its own cell): what starts a row of the item table. Both the
// assembler and the unruled-table layout (a row boundary where the marker column holds one) read them.

const CIRCLED: Array<[number, number, number]> = [
  // [first code point, last code point, number of the first]
  [0x2460, 0x2473, 1], // ①–⑳
  [0x3251, 0x325f, 21], // ㉑–㉟
  [0x32b1, 0x32bf, 36], // ㊱–㊿
  [0x2776, 0x277f, 1], // ❶–❿
  [0x24eb, 0x24f4, 11], // ⓫–⓴
  [0x2780, 0x2789, 1], // ➀–➉
  [0x278a, 0x2793, 1], // ➊–➓
  [0x2474, 0x2487, 1], // ⑴–⒇
  [0x2488, 0x249b, 1], // ⒈–⒛
];

export function circledNumber(ch: string): number | undefined {
  const cp = ch.codePointAt(0);
  if (cp === undefined) return undefined;
  for (const [first, last, base] of CIRCLED) if (cp >= first && cp <= last) return base + cp - first;
  return undefined;
}

export interface ItemMarker {
  no: number;
  /** Text after the marker in the same cell ("" when the marker has its own cell). */
  rest: string;
}

/** An item marker at the start of a cell: ① (own cell or before text); a bare 1 / (1) / １ only as a whole cell. */
export function matchItemMarker(raw: string): ItemMarker | undefined {
  const text = raw.trim();
  const first = String.fromCodePoint(text.codePointAt(0) ?? 0);
  const circled = circledNumber(first);
  if (circled !== undefined) {
    // "①" alone, "① ○…", "①○…"; but not "①と②の…" inside prose (markers are followed by space, ○, or end).
    const rest = text.slice(first.length);
    if (rest === "" || /^[\s\u3000]/u.test(rest) || /^[○◯〇●◎・「【(（]/u.test(rest)) {
      return { no: circled, rest: rest.trim() };
    }
    return undefined;
  }
  const bare = /^[(（]?\s*([0-9０-９]{1,2})\s*[)）.．]?$/u.exec(text.normalize("NFKC"));
  if (bare?.[1]) return { no: Number(bare[1]), rest: "" };
  return undefined;
}
