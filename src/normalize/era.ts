// Japanese eras (元号) ↔ western years. Dates are exact at the boundaries (昭和64年1月7日 is the last
// day of 昭和, 平成元年1月8日 the first of 平成); a year past an era's end, as printed in documents
// written before it ended (平成32年度), still converts by arithmetic.

export interface Era {
  name: string;
  /** One-letter abbreviation (R2.9月末, H31.4.1). */
  abbr: string;
  /** First day, ISO. */
  start: string;
}

export const ERAS: readonly Era[] = [
  { name: "明治", abbr: "M", start: "1868-01-25" },
  { name: "大正", abbr: "T", start: "1912-07-30" },
  { name: "昭和", abbr: "S", start: "1926-12-25" },
  { name: "平成", abbr: "H", start: "1989-01-08" },
  { name: "令和", abbr: "R", start: "2019-05-01" },
];

export function findEra(nameOrAbbr: string): Era | undefined {
  const key = nameOrAbbr.normalize("NFKC").toUpperCase();
  return ERAS.find((e) => e.name === nameOrAbbr || e.abbr === key);
}

/** The western year of year `n` (1 = 元年) of an era. */
export function eraYearToWestern(era: Era, n: number): number {
  return Number(era.start.slice(0, 4)) + n - 1;
}

/** The era and era year a western date falls in (the era in force on that day). */
export function westernToEra(isoDay: string): { era: Era; year: number } | undefined {
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const era = ERAS[i] as Era;
    if (isoDay >= era.start) return { era, year: Number(isoDay.slice(0, 4)) - Number(era.start.slice(0, 4)) + 1 };
  }
  return undefined;
}
