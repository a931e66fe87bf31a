// Where a wrapped line starts a new paragraph whatever the line above: one rule for lines inside a
// PDF cell (pdf/layout.ts) and for a cell continued on the next page (assemble.ts).

const SENTENCE_END = /[。．.！!？?」』）)]$/u;
/** A colon ends a label, not a paragraph (寄附金額：142,706円 wraps after it), but a list may follow it. */
const LIST_INTRO = /[：:]$/u;
/** Bullets and numbered parts: ○, ・, ※, ①, (1), 1. */
const PARAGRAPH_START = /^(?:[○◯〇●◎■□◆◇・※→]|[①-⑳㉑-㉟㊱-㊿]|[(（][0-9０-９]{1,2}[)）]|[0-9０-９]{1,2}[.．)）]\s)/u;

/**
 * Whether `next` can only go on the phrase `before` left open: a line ending in an opening bracket
 * (Calc breaks lines anywhere: 15人以上(|2)アンケート), or a line starting with を or closing
 * punctuation (「活動推進交付金」|を交付し). No paragraph ends or starts so.
 */
export function continuesPhrase(before: string, next: string): boolean {
  return /[「『（(【〔［｛〈《]$/u.test(before) || /^[をゝゞ、。，．）)」』】〕］｝〉》]/u.test(next);
}

/** Whether text ends a sentence. */
export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

/**
 * Whether `next`, wrapped after `before`, opens a paragraph of its own: a bullet or a numbered part.
 * A ・ after text that stops mid-phrase joins words (文化\n・芸術の再興, 毎週月\n・水・金曜日): it is a
 * bullet only after a sentence's end, a colon or a closing bracket.
 */
export function opensParagraph(before: string, next: string): boolean {
  if (!PARAGRAPH_START.test(next)) return false;
  const midPhraseDot = /^[・･]/u.test(next) && !SENTENCE_END.test(before) && !LIST_INTRO.test(before) && !/[）)」』】]$/u.test(before);
  return !midPhraseDot;
}
