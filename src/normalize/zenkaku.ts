// 全角 ASCII → 半角, one character for one, so that an index into the result is an index into the
// input: facts keep the printed text by slicing the original at the same positions.

/**
 * Full-width ASCII (！–～) and the ideographic space to their half-width forms, − ‐ ‑ to "-", ∼ ∾ 〰
 * (range marks from PDFs and old systems) to "~"; other characters unchanged.
 */
export function zen2han(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += " ";
    else if (code === 0x2212 || code === 0x2010 || code === 0x2011) out += "-"; // − ‐ ‑ as minus/hyphen
    else if (code === 0xffe5) out += "¥";
    else if (code === 0x223c || code === 0x223e || code === 0x3030) out += "~"; // ∼ ∾ 〰 as range marks
    else out += text[i];
  }
  return out;
}
