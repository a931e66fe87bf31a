// Where a wrapped line starts a new paragraph whatever the line above: one rule for lines inside a
// PDF cell (pdf/layout.ts) and for a cell continued on the next page (assemble.ts).

const SENTENCE_END = /[。．.！!？?」』）)]$/u;
/** A colon ends a label, not a paragraph (寄附金額：142,706円 wraps after it), but a list may follow it. */
const LIST_INTRO = /[：:]$/u;
/** Bullets and numbered parts: ○, ・, ※, ①, (1), 1. */
const PARAGRAPH_START = /^(?:[○◯〇●◎■□◆◇・※→]|[①-⑳㉑-㉟㊱-㊿]|[(（][0-9０-９]{1,2}[)）]|[0-9０-９]{1,2}[.．)）]\s)/u;

/**
 * Whether `next` can only go on the phrase `before` left open: a line ending in an opening bracket
 * (Calc breaks lines anywhere: 15人以上(|2)アンケート) or a numbered part's marker, or a line starting with を or closing
 * punctuation (「活動推進交付金」|を交付し). No paragraph ends or starts so.
 */
export function continuesPhrase(before: string, next: string): boolean {
  return /[「『（(【〔［｛〈《]$/u.test(before) || PART_MARKER_END.test(before) || /^[をゝゞ、。，．）)」』】〕］｝〉》”’〟]/u.test(next);
}

/** A numbered part's marker at a line's end: its text follows on the next line (…しました。(2)|原爆死没者の慰霊). */
const PART_MARKER_END = /(?:^|[^0-9０-９A-Za-z])(?:[(（][0-9０-９]{1,2}[)）]|[①-⑳㉑-㉟㊱-㊿])$/u;

/** Whether text ends a sentence. */
export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

/**
 * A polite predicate (です・ます), the end of a sentence whose 。 was left off (…中止としました). Not
 * ますます (more and more), and not after an honorific auxiliary, whose polite form does go on to a
 * noun in formal notices (ご参加いただきました方, お越しくださいました皆様).
 */
const POLITE_END = /(?<!ます|いただき|頂き|くださ|下さ|賜り)(?:ます|ました|ません|ませんでした|です|でした|でしょう|ましょう)$/u;
/**
 * What a polite predicate cannot run into: a kanji, katakana, Latin or digit word. Brackets, hiragana
 * and the nouns formal prose puts after a polite form (検討しました結果, 申し上げました通り, 行いますため)
 * go on the sentence.
 */
const AFTER_POLITE = /^[\p{sc=Han}\p{sc=Katakana}A-Za-z0-9Ａ-Ｚａ-ｚ０-９]/u;
const FORMAL_NOUN = /^(?:結果|際|上|折|節|通り|旨|件|次第|為|様|由|程|故|方|皆|各位|後|限り|場合)/u;

/** Whether a line starts with a bullet or a numbered part (○, ・, ①, (1), 1.): the first line of a cell often does. */
export function startsPart(line: string): boolean {
  return PARAGRAPH_START.test(line);
}

/**
 * Whether `next`, wrapped after `before`, opens a paragraph of its own: a bullet or a numbered part,
 * or a new sentence after one that ended in a polite predicate without its 。 (中止としました|県と連携して:
 * at the end of a full line a wrap and a break look alike, but ました cannot go on into 県).
 * A ・ after text that stops mid-phrase joins words (文化\n・芸術の再興, 毎週月\n・水・金曜日): it is a
 * bullet only after a sentence's end, a colon or a closing bracket.
 */
export function opensParagraph(before: string, next: string): boolean {
  if (POLITE_END.test(before) && AFTER_POLITE.test(next) && !FORMAL_NOUN.test(next)) return true;
  if (!PARAGRAPH_START.test(next)) return false;
  const midPhraseDot = /^[・･]/u.test(next) && !SENTENCE_END.test(before) && !LIST_INTRO.test(before) && !/[）)」』】]$/u.test(before);
  return !midPhraseDot;
}
