// 年度 labels → the fiscal year's first calendar year: 令和2年度 → 2020, 平成32年度 → 2020,
// R2年度 → 2020, 2021年度 → 2021, 令和元年度 → 2019.
import { eraYearToWestern, findEra } from "./era.js";
import { parseJapaneseNumber } from "./kanjiNumber.js";
import { zen2han } from "./zenkaku.js";

const ERA_YEAR = /(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|[0-9]{1,2}|[〇一二三四五六七八九十]{1,3})\s*年度/u;
const WESTERN_YEAR = /((?:18|19|20|21)[0-9]{2}|[〇一二三四五六七八九]{4})\s*年度/u;

export function parseFiscalYear(label: string): number | undefined {
  const s = zen2han(label);
  const era = ERA_YEAR.exec(s);
  if (era?.[1] && era[2]) {
    const e = findEra(era[1]);
    const n = era[2] === "元" ? 1 : parseJapaneseNumber(era[2]);
    if (e && n !== undefined && n >= 1) return eraYearToWestern(e, n);
  }
  const western = WESTERN_YEAR.exec(s);
  if (western?.[1]) return parseJapaneseNumber(western[1]);
  // A bare year in a 年度 cell (年度 | 2020).
  const bare = /^\s*((?:19|20)[0-9]{2})\s*$/.exec(s);
  return bare?.[1] ? Number(bare[1]) : undefined;
}
