// Calendar values as precise as the text (year, month, day), their first and last days, and the
// fiscal-year rule for dates printed without a year (April–December → that year, January–March →
// the next).

export interface CalendarDate {
  year: number;
  month?: number | undefined;
  day?: number | undefined;
  /** 月末: the month's last day. */
  endOfMonth?: boolean | undefined;
  /** 上旬/中旬/下旬: a third of the month (precision stays the month). */
  third?: 1 | 2 | 3 | undefined;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDate(d: CalendarDate): boolean {
  if (!Number.isInteger(d.year) || d.year < 1 || d.year > 9999) return false;
  if (d.month === undefined) return d.day === undefined;
  if (!Number.isInteger(d.month) || d.month < 1 || d.month > 12) return false;
  if (d.day === undefined) return true;
  return Number.isInteger(d.day) && d.day >= 1 && d.day <= daysInMonth(d.year, d.month);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

export function isoDay(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** As precise as printed: YYYY-MM-DD, YYYY-MM or YYYY; 月末 gives the last day. */
export function isoOf(d: CalendarDate): string {
  if (d.month === undefined) return pad(d.year, 4);
  if (d.day !== undefined) return isoDay(d.year, d.month, d.day);
  if (d.endOfMonth) return isoDay(d.year, d.month, daysInMonth(d.year, d.month));
  return `${pad(d.year, 4)}-${pad(d.month)}`;
}

/** The first day a value can mean. */
export function firstDay(d: CalendarDate): string {
  if (d.month === undefined) return isoDay(d.year, 1, 1);
  if (d.day !== undefined) return isoDay(d.year, d.month, d.day);
  if (d.endOfMonth) return isoDay(d.year, d.month, daysInMonth(d.year, d.month));
  const start = d.third === 2 ? 11 : d.third === 3 ? 21 : 1;
  return isoDay(d.year, d.month, start);
}

/** The last day a value can mean. */
export function lastDay(d: CalendarDate): string {
  if (d.month === undefined) return isoDay(d.year, 12, 31);
  if (d.day !== undefined) return isoDay(d.year, d.month, d.day);
  const end = d.third === 1 ? 10 : d.third === 2 ? 20 : daysInMonth(d.year, d.month);
  return isoDay(d.year, d.month, end);
}

/** The calendar year of a month printed without a year, in fiscal year `fy`. */
export function yearInFiscalYear(month: number, fy: number): number {
  return month >= 4 ? fy : fy + 1;
}

export function fiscalYearStart(fy: number): string {
  return isoDay(fy, 4, 1);
}

export function fiscalYearEnd(fy: number): string {
  return isoDay(fy + 1, 3, 31);
}
