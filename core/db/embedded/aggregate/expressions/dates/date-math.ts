/**
 * Calendar arithmetic as MongoDB defines it for $dateAdd, $dateDiff and $dateTrunc. Units of a
 * day or longer work on wall-clock time in the zone (so adding a day across a DST change keeps the
 * local time); hours and shorter are exact durations. Month arithmetic clamps to the month's last
 * day (Jan 31 + 1 month = Feb 28/29). $dateDiff counts unit boundaries crossed, not elapsed
 * whole units.
 */
import { fail } from '../args.js';
import {
  daysFromCivil,
  daysInMonth,
  floorDiv,
  floorMod,
  isoDayOfWeek,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
} from './calendar.js';
import { localTime, localToUtc } from './time-zone.js';
import type { LocalTime, TimeZone } from './time-zone.js';

export type TimeUnit = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond';

export const TIME_UNITS: ReadonlySet<string> = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond']);

/** ISO numbering: Monday 1 … Sunday 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const WEEKDAYS: Readonly<Record<string, Weekday>> = {
  monday: 1, mon: 1, tuesday: 2, tue: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4,
  friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
};

export const DEFAULT_START_OF_WEEK: Weekday = 7;

/** Parses a day name case-insensitively ("monday", "Mon"); undefined when unknown. */
export function parseWeekday(name: string): Weekday | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(WEEKDAYS, key) ? WEEKDAYS[key] : undefined;
}

const FIXED_UNIT_MS: Readonly<Record<string, number>> = {
  hour: MS_PER_HOUR,
  minute: MS_PER_MINUTE,
  second: MS_PER_SECOND,
  millisecond: 1,
};

const MAX_DAYS = 213503982336;
const MAX_AMOUNT: Readonly<Record<string, number>> = {
  year: Math.floor(MAX_DAYS / 365) + 1,
  quarter: (Math.floor(MAX_DAYS / 365) + 1) * 4,
  month: (Math.floor(MAX_DAYS / 365) + 1) * 12,
  week: Math.floor(MAX_DAYS / 7),
  day: MAX_DAYS,
  hour: MAX_DAYS * 24,
  minute: MAX_DAYS * 1440,
  second: MAX_DAYS * 86400,
};

function addMonthsToDate(local: LocalTime, months: number): number {
  const monthIndex = local.year * 12 + (local.month - 1) + months;
  const year = floorDiv(monthIndex, 12);
  const month = floorMod(monthIndex, 12) + 1;
  const day = Math.min(local.day, daysInMonth(year, month));
  return daysFromCivil(year, month, day) - local.days;
}

/** Adds `amount` units to the instant `ms`, reading calendar units in `zone`. */
export function dateAdd(ms: number, unit: TimeUnit, amount: number, zone: TimeZone): number {
  if (unit === 'millisecond') return ms + amount;
  const limit = MAX_AMOUNT[unit] as number;
  if (!(amount > -limit && amount < limit)) fail(5976500, `invalid dateAdd 'amount' parameter value: ${amount} ${unit}`);
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) return checkRange(ms + amount * fixed);
  const local = localTime(zone, ms);
  let days: number;
  if (unit === 'day' || unit === 'week') days = unit === 'week' ? amount * 7 : amount;
  else days = addMonthsToDate(local, unit === 'year' ? amount * 12 : unit === 'quarter' ? amount * 3 : amount);
  const wallClock = ms + local.offset - local.days * MS_PER_DAY;
  return checkRange(localToUtc(zone, (local.days + days) * MS_PER_DAY + wallClock));
}

function checkRange(ms: number): number {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) fail(5166406, 'dateAdd overflowed');
  return ms;
}

function weekdayIndex(days: number, startOfWeek: Weekday): number {
  return (isoDayOfWeek(days) - startOfWeek + 7) % 7;
}

function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3);
}

/** Number of `unit` boundaries crossed from `start` to `end` (negative when end is earlier). */
export function dateDiff(start: number, end: number, unit: TimeUnit, zone: TimeZone, startOfWeek: Weekday): number {
  if (unit === 'millisecond') return end - start;
  const a = localTime(zone, start);
  const b = localTime(zone, end);
  const years = b.year - a.year;
  const days = b.days - a.days;
  switch (unit) {
    case 'year':
      return years;
    case 'quarter':
      return quarterOf(b.month) - quarterOf(a.month) + years * 4;
    case 'month':
      return b.month - a.month + years * 12;
    case 'week':
      return Math.trunc((days + weekdayIndex(a.days, startOfWeek) - weekdayIndex(b.days, startOfWeek)) / 7);
    case 'day':
      return days;
    default:
      break;
  }
  // Sub-day units count wall-clock boundaries, corrected by the change of UTC offset.
  const offsetSeconds = (a.offset - b.offset) / 1000;
  const hours = b.hour - a.hour + days * 24;
  if (unit === 'hour') return hours + Math.trunc(offsetSeconds / 3600);
  const minutes = b.minute - a.minute + hours * 60;
  if (unit === 'minute') return minutes + Math.trunc(offsetSeconds / 60);
  return b.second - a.second + minutes * 60 + offsetSeconds;
}

const REFERENCE_MS = 946684800000;
/** 2000-01-01 was a Saturday. */
const REFERENCE_WEEKDAY = 6;

/** Lower bound of the `binSize`-unit bin containing `ms`, bins aligned on 2000-01-01 local. */
export function truncateDate(ms: number, unit: TimeUnit, binSize: number, zone: TimeZone, startOfWeek: Weekday): number {
  let reference = REFERENCE_MS - zone.offsetAt(REFERENCE_MS);
  let referenceDays = daysFromCivil(2000, 1, 1);
  if (unit === 'week') {
    const shift = (7 - ((REFERENCE_WEEKDAY - startOfWeek + 7) % 7)) % 7;
    reference += shift * MS_PER_DAY;
    referenceDays += shift;
  }
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) {
    const binMs = binSize * fixed;
    return ms - floorMod(ms - reference, binMs);
  }
  if (binSize > 100000000000) fail(5439006, 'dateTrunc unsupported binSize value');
  const local = localTime(zone, ms);
  // Bins start at local midnight, so the bound is a local date read back through the zone.
  let startDays: number;
  if (unit === 'day' || unit === 'week') {
    const distance =
      unit === 'day'
        ? local.days - referenceDays
        : Math.trunc((local.days - referenceDays - weekdayIndex(local.days, startOfWeek)) / 7);
    const lower = distance - floorMod(distance, binSize);
    startDays = referenceDays + lower * (unit === 'week' ? 7 : 1);
  } else {
    const monthsPerUnit = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
    const distance = Math.floor(((local.year - 2000) * 12 + local.month - 1) / monthsPerUnit);
    const lower = distance - floorMod(distance, binSize);
    startDays = daysFromCivil(2000, 1 + lower * monthsPerUnit, 1);
  }
  return localToUtc(zone, startDays * MS_PER_DAY);
}
