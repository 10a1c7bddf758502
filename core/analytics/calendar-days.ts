/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. Days are counted as dates, never as 24-hour
 * spans, so a range over a daylight-saving change still has one entry per calendar day.
 */

const MS_PER_DAY = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An inclusive span of calendar days. */
export interface DaySpan {
  readonly from: string;
  readonly to: string;
}

/** Days since 1970-01-01 of a calendar day. */
export function epochDayOf(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`Expected a calendar day YYYY-MM-DD, got "${day}"`);
  return Math.round(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY);
}

export function dayOfEpoch(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOfEpoch(epochDayOf(day) + days);
}

/** Days in the inclusive span (1 for a single day). */
export function spanLength(span: DaySpan): number {
  return epochDayOf(span.to) - epochDayOf(span.from) + 1;
}

/** Every day of the inclusive span, in order. */
export function daysOf(span: DaySpan): string[] {
  const first = epochDayOf(span.from);
  const last = epochDayOf(span.to);
  const days: string[] = [];
  for (let day = first; day <= last; day += 1) days.push(dayOfEpoch(day));
  return days;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(day: string): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDayOf(day) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday that starts the week of `day` (weeks run Monday–Sunday). */
export function weekStartOf(day: string): string {
  return addDays(day, 1 - isoWeekdayOf(day));
}

export function monthStartOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The last day of the month of `day`. */
export function monthEndOf(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 7)}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/** The same date `years` years away; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const year = Number(day.slice(0, 4)) + years;
  const month = Number(day.slice(5, 7));
  const date = Math.min(Number(day.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${day.slice(5, 7)}-${String(date).padStart(2, '0')}`;
}

/** The first day of the month `months` months from the month of `day`. */
export function addMonthsToMonthStart(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `instant` in the IANA `timeZone`. */
export function dayInTimeZone(instant: Date, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}
