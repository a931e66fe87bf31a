// Characters PDFs and old systems produce for ordinary kanji: CJK compatibility ideographs
// (U+F900–FAFF: 令 U+F9A8 for 令) and Kangxi radicals (U+2F00–2FDF: ⽉ for 月). They look the same
// and match nothing. Folded one for one (both sides are one UTF-16 unit), so an index into the
// result is an index into the input and facts keep the printed text.

/** Compatibility ideographs and Kangxi radicals to the unified ideographs they stand for. */
export function foldIdeographs(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    if ((code >= 0xf900 && code <= 0xfaff) || (code >= 0x2f00 && code <= 0x2fdf)) {
      const folded = ch.normalize("NFKC");
      out += folded.length === 1 ? folded : ch;
    } else out += ch;
  }
  return out;
}
