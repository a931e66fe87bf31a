// Where a wrapped line opens a paragraph (src/extract/paragraphs.ts), case by case.
import { describe, expect, it } from "vitest";
import { continuesPhrase, endsSentence, opensParagraph } from "../src/extract/paragraphs.js";
import { cellText, type Line } from "../src/extract/pdf/layout.js";

describe("opensParagraph", () => {
  it.each([
    ["実施しました。", "(2) 講座を開きました。", true, "a numbered part after a sentence"],
    ["育成の充実", "(1) 大人向けの教室", true, "a numbered part after a heading that ends without a full stop"],
    ["次の場を設けます：", "・総会（年1回）", true, "a list after a colon"],
    ["文化", "・芸術の再興", false, "a ・ inside a phrase (文化・芸術)"],
    ["毎週月", "・水・金曜日", false, "a ・ inside a phrase (月・水・金)"],
    ["（年2回程度）", "・専門部会", true, "a ・ after a closing bracket"],
    ["居住誘", "導区域内の人口密度", false, "a word the page broke"],
    ["寄附金額：", "142,706,826円", false, "a number after a colon: a wrap, not a list"],
    ["コロナ禍のため中止としました", "県と連携して10月～", true, "a polite predicate whose 。 was left off cannot run into a noun"],
    ["今年度は実施しませんでした", "8言語による特別給付金", true, "…ませんでした before a number"],
    ["相談窓口を設置します", "ワンストップセンター", true, "…ます before katakana"],
    ["説明会を2回開催しました", "（参加事業者延べ21社）", false, "a bracket after a polite predicate goes on the sentence"],
    ["中止としました", "が、代替として", false, "が goes on the sentence"],
    ["慎重に検討しました", "結果、今年度は", false, "formal prose: 検討しました結果"],
    ["ご参加いただきました", "方には記念品を", false, "an honorific's polite form goes on to a noun"],
    ["お越しくださいました", "皆様に感謝", false, "an honorific's polite form goes on to a noun"],
    ["利用者は今後ます", "ます増加する見込み", false, "ますます is an adverb, not a predicate"],
    ["今後ますます", "増加が見込まれます", false, "ますます is an adverb, not a predicate"],
    ["相談窓口の継続", "多言語で対応可能な", false, "a noun ending proves nothing: a wrap and a break look alike"],
  ])("%s | %s → %s (%s)", (before, next, expected) => {
    expect(opensParagraph(before, next)).toBe(expected);
  });
});

describe("endsSentence", () => {
  it.each([
    ["図りました。", true],
    ["（8月6日実施）", true],
    ["寄附金額：", false],
    ["市民", false],
  ])("%s → %s", (text, expected) => {
    expect(endsSentence(text)).toBe(expected);
  });
});

describe("continuesPhrase", () => {
  it.each([
    ["1日平均15人以上(", "2)アンケート回収率50％", true, "an opening bracket ends no paragraph (Calc breaks lines anywhere)"],
    ["「活動推進交付金」", "を交付し、本格的な活動", true, "を starts no paragraph"],
    ["実施しました", "。また、説明会を", true, "closing punctuation starts no line of its own"],
    ["支援を行いました。(2)", "原爆死没者の慰霊・平和祈念", true, "a numbered part's marker ends no line: its text follows"],
    ["啓発をしました。(2)", "(3)市民フェスティバル", true, "an empty part's marker goes on to the next part"],
    ["協議会①", "地域の活動", true, "a circled marker at a line's end"],
    ["令和2年(2020)", "実施", false, "a bracketed year is no marker"],
    ["実施しました。", "(2) 講座を開きました。", false, "a numbered part after a sentence"],
    ["「平和大行進」", "（8月6日実施）", false, "a bracket after a bracket: either may be"],
    ["実施しました。", "にぎわいの創出", false, "に starts words (にぎわい)"],
  ])("%s | %s → %s (%s)", (before, next, expected) => {
    expect(continuesPhrase(before, next)).toBe(expected);
  });

  it("joins a short line that ends in ( to the line below in a cell, though what starts it would have fitted", () => {
    // A ruled cell 100 pt wide: the first line stops at 85 with an opening bracket (Calc).
    const line = (s: string, y: number): Line => {
      const glyphs = [...s].map((ch, i) => ({ ch, x0: 10 + i * 5, x1: 15 + i * 5, y, size: 10 }));
      return { glyphs, y, size: 10, x0: 10, x1: 10 + s.length * 5 };
    };
    expect(cellText([line("15ninijou(", 100), line("2)enquete", 112)], { x0: 8, x1: 110 })).toBe("15ninijou(2)enquete");
    expect(cellText([line("15ninijou.", 100), line("2)enquete", 112)], { x0: 8, x1: 110 })).toBe("15ninijou.\n2)enquete");
  });
});

describe("cellText: a line that ends where the next line's start would have fitted ends its paragraph", () => {
  // Lines of 10 pt glyphs from x = 0: Japanese full width, the rest half (a browser's or an office
  // suite's drawing of a cell's text), no ruled cell around them.
  const line = (s: string, y: number): Line => {
    let x = 0;
    const glyphs = [...s].map((ch) => {
      const w = (ch.codePointAt(0) ?? 0) < 0x2e80 ? 5 : 10;
      const g = { ch, x0: x, x1: x + w, y, size: 10 };
      x += w;
      return g;
    });
    return { glyphs, y, size: 10, x0: 0, x1: x };
  };
  const cell = (...texts: string[]): Line[] => texts.map((t, i) => line(t, 100 + i * 12));

  it.each([
    [["し、女性労働者の教養及び能力の", "向上と福祉の増進を図ります。", "女性相談員による相談"], "し、女性労働者の教養及び能力の向上と福祉の増進を図ります。\n女性相談員による相談", "level with a full line and a sentence's end (Chromium, ueda-r2-html)"],
    [["一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三", "四五"], "一二三四五六七八九十一二三四五一二三四五六七八九十一二三\n四五", "a character short of a full line"],
    [["一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三四", "五六"], "一二三四五六七八九十一二三四五一二三四五六七八九十一二三四五六", "level with a full line, no sentence's end: a wrap"],
    [["一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三", "月～3月"], "一二三四五六七八九十一二三四五一二三四五六七八九十一二三月～3月", "～ keeps to the character before it: 月～ did not fit"],
    [["一二三四五六七八九十一二三", "一二三四五六七八九十一二三", "別!」のポスター"], "一二三四五六七八九十一二三一二三四五六七八九十一二三別!」のポスター", "! and 」 keep to 別"],
    [["一二三四五六七八九十一二三四」", "一二三四五六七八九十一二三", "四五"], "一二三四五六七八九十一二三四」一二三四五六七八九十一二三四五", "a closing bracket set past the measure proves nothing"],
    [["一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三", "30件利用者"], "一二三四五六七八九十一二三四五一二三四五六七八九十一二三\n30件利用者", "30 would have fitted: producers part a number from its counter (8|言語)"],
    [["(2)女性相談員によ", "る、なんでも相", "談”開催"], "(2)女性相談員による、なんでも相談”開催", "” keeps to 談: 談” did not fit (Writer)"],
    [["(2)女性相談員によ", "る、なんでも相", "談を開催"], "(2)女性相談員による、なんでも相\n談を開催", "(談 alone would have fitted)"],
    [["月(6)3", "10", "月、3)", "月"], "月(6)310月、3)月", "a narrow column: 月、 did not fit beside 10, though 10 leaves most of the line empty (Writer)"],
    [["月まで", "10", "月、3月です。"], "月まで\n10\n月、3月です。", "月、 would have fitted: 10 ends its paragraph"],
    [["一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三", "2,400件"], "一二三四五六七八九十一二三四五一二三四五六七八九十一二三2,400件", "a number is one unit: 2,400 did not fit"],
    [["一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三", "6.0%、増"], "一二三四五六七八九十一二三四五一二三四五六七八九十一二三6.0%、増", "% and 、 ride with the number: 6.0%、 did not fit"],
  ])("%j → %j (%s)", (texts, expected) => {
    expect(cellText(cell(...texts))).toBe(expected);
  });

  it("measures a cell without rules by its column's other rows (two one-line paragraphs, the first the longer)", () => {
    const lines = cell("出生数は令和３年に１，０２１人となり、減少しました。", "相談件数は年間２，４００件を超えています。");
    expect(cellText(lines)).toBe("出生数は令和３年に１，０２１人となり、減少しました。相談件数は年間２，４００件を超えています。");
    // 目的・効果's value in the row below reaches 40 characters.
    expect(cellText(lines, undefined, 400)).toBe("出生数は令和３年に１，０２１人となり、減少しました。\n相談件数は年間２，４００件を超えています。");
  });

  describe("centred text (Excel's 中央揃え, a browser's text-align: center)", () => {
    // Each line centred on x = 100: a short line leaves half its room on either side.
    const centred = (...texts: string[]): Line[] =>
      cell(...texts).map((l) => {
        const d = 100 - (l.x0 + l.x1) / 2;
        return { ...l, x0: l.x0 + d, x1: l.x1 + d, glyphs: l.glyphs.map((g) => ({ ...g, x0: g.x0 + d, x1: g.x1 + d })) };
      });

    it.each([
      [["施しました。必要に応じて他部署と連携", "し通訳同行による支援を行いました。", "また、8言語による特別給付金申請チラ", "シを作成しました。"], "施しました。必要に応じて他部署と連携し通訳同行による支援を行いました。\nまた、8言語による特別給付金申請チラシを作成しました。", "a character short of the widest line and a sentence's end (Chromium, ueda-r2 outer-center)"],
      [["一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三四五", "一二三四五六七八九十一二", "三四五六七"], "一二三四五六七八九十一二三四五一二三四五六七八九十一二三四五一二三四五六七八九十一二\n三四五六七", "three characters short: a break, though its right end is only a character and a half left of the others"],
      [["一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三四五", "六七"], "一二三四五六七八九十一二三四五一二三四五六七八九十一二三四五一二三四五六七八九十一二三四五六七", "full lines: wraps"],
    ])("%j → %j (%s)", (texts, expected) => {
      expect(cellText(centred(...texts))).toBe(expected);
    });

    it("measures a centred cell without rules by its column's other rows", () => {
      // Lines centred on 100, 110 and 100 pt wide: the second could not have taken one more
      // character by the cell's own lines. The column's widest line in another row ends at 158:
      // 116 pt wide, so it could have (a right end of 158 is 6 pt wider each side, not 3).
      const lines = centred("一二三四五六七八九十一", "一二三四五六七八九十", "一二");
      expect(cellText(lines)).toBe("一二三四五六七八九十一一二三四五六七八九十一二");
      expect(cellText(lines, undefined, 158)).toBe("一二三四五六七八九十一一二三四五六七八九十\n一二");
    });

    it("reads an indented left-aligned cell as left-aligned (its lines' centres differ)", () => {
      const lines = cell("○見出しの行です", "一二三四五六七八九十一二", "一二三");
      const indented = { ...lines[1]!, x0: 20, x1: 140, glyphs: lines[1]!.glyphs.map((g) => ({ ...g, x0: g.x0 + 20, x1: g.x1 + 20 })) };
      expect(cellText([lines[0]!, indented, lines[2]!])).toBe("○見出しの行です\n一二三四五六七八九十一二一二三");
    });
  });
});
