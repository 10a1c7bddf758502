/**
 * Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), free of Date
 * allocations: civil dates, ISO-8601 week dates and weekday numbering.
 */

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60000;
export const MS_PER_HOUR = 3600000;
export const MS_PER_DAY = 86400000;

/** Integer division rounding toward negative infinity. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** `a mod b` with the sign of b. */
export function floorMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Day number of a civil date; months outside 1–12 and days past month end carry over. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y0 = year + floorDiv(month - 1, 12);
  const m0 = floorMod(month - 1, 12) + 1;
  const y = m0 <= 2 ? y0 - 1 : y0;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const monthIndex = m0 > 2 ? m0 - 3 : m0 + 9;
  const dayOfYear = Math.floor((153 * monthIndex + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] as number);
}

/** 1-based day of the year. */
export function dayOfYear(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day) - daysFromCivil(year, 1, 1) + 1;
}

/** ISO weekday of a day number: Monday 1 … Sunday 7 (1970-01-01 was a Thursday). */
export function isoDayOfWeek(days: number): number {
  return floorMod(days + 3, 7) + 1;
}

/** Weekday as `$dayOfWeek` numbers it: Sunday 1 … Saturday 7. */
export function dayOfWeek(days: number): number {
  return floorMod(days + 4, 7) + 1;
}

export interface IsoWeekDate {
  readonly isoWeekYear: number;
  readonly isoWeek: number;
  readonly isoDayOfWeek: number;
}

export function isoWeekDate(days: number): IsoWeekDate {
  const weekday = isoDayOfWeek(days);
  const thursday = days - weekday + 4;
  const isoWeekYear = civilFromDays(thursday).year;
  const isoWeek = Math.floor((thursday - daysFromCivil(isoWeekYear, 1, 1)) / 7) + 1;
  return { isoWeekYear, isoWeek, isoDayOfWeek: weekday };
}

/** Day number of an ISO week date; weeks and weekdays out of range carry over. */
export function daysFromIsoWeekDate(isoWeekYear: number, isoWeek: number, weekday: number): number {
  const january4 = daysFromCivil(isoWeekYear, 1, 4);
  const firstMonday = january4 - (isoDayOfWeek(january4) - 1);
  return firstMonday + (isoWeek - 1) * 7 + (weekday - 1);
}

/** `%U`/`$week`: weeks start on Sunday; days before the year's first Sunday are week 0. */
export function sundayWeek(yearDay: number, weekday: number): number {
  return Math.floor((yearDay - weekday + 7) / 7);
}
