/**
 * Named periods, resolved on the server with one convention that chat shares: pure functions of
 * (now, time zone), so the same words mean the same days everywhere.
 *
 * - `today`, `yesterday`;
 * - `last_N_days`: N complete days ending yesterday (today is never complete);
 * - `this_week` / `this_month` / `this_quarter` / `this_year`: from the period's first day to
 *   today inclusive; weeks run Monday–Sunday;
 * - `last_week` / `last_month` / `last_quarter` / `last_year`: the whole previous period.
 * Comparisons: the previous period is the same number of days just before; the previous year is
 * the same dates a year earlier (29 February → 28 February).
 */
import {
  addDays,
  addMonthsToMonthStart,
  addYears,
  dayInTimeZone,
  monthStartOf,
  spanLength,
  weekStartOf,
} from './calendar-days.js';
import type { DaySpan } from './calendar-days.js';

export const DATE_PRESETS = [
  'today',
  'yesterday',
  'last_7_days',
  'last_14_days',
  'last_30_days',
  'last_90_days',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export const COMPARE_MODES = ['none', 'previous_period', 'previous_year'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

export function isDatePreset(value: string): value is DatePreset {
  return (DATE_PRESETS as readonly string[]).includes(value);
}

function quarterStartOf(day: string): string {
  const month = Number(day.slice(5, 7));
  const firstMonth = month - ((month - 1) % 3);
  return `${day.slice(0, 4)}-${String(firstMonth).padStart(2, '0')}-01`;
}

function lastDays(today: string, count: number): DaySpan {
  return { from: addDays(today, -count), to: addDays(today, -1) };
}

/** The days of a preset for a given "today" (a calendar day in the tenant's zone). */
export function resolvePresetOn(preset: DatePreset, today: string): DaySpan {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'last_7_days':
      return lastDays(today, 7);
    case 'last_14_days':
      return lastDays(today, 14);
    case 'last_30_days':
      return lastDays(today, 30);
    case 'last_90_days':
      return lastDays(today, 90);
    case 'this_week':
      return { from: weekStartOf(today), to: today };
    case 'last_week': {
      const monday = addDays(weekStartOf(today), -7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'this_month':
      return { from: monthStartOf(today), to: today };
    case 'last_month': {
      const first = addMonthsToMonthStart(today, -1);
      return { from: first, to: addDays(monthStartOf(today), -1) };
    }
    case 'this_quarter':
      return { from: quarterStartOf(today), to: today };
    case 'last_quarter': {
      const start = quarterStartOf(today);
      return { from: addMonthsToMonthStart(start, -3), to: addDays(start, -1) };
    }
    case 'this_year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'last_year': {
      const year = String(Number(today.slice(0, 4)) - 1).padStart(4, '0');
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    }
  }
}

/** The days of a preset at instant `now` for a tenant in `timeZone` (IANA). */
export function resolvePreset(preset: DatePreset, now: Date, timeZone: string): DaySpan {
  return resolvePresetOn(preset, dayInTimeZone(now, timeZone));
}

/** The span a comparison reads, or `undefined` for `none`. */
export function comparisonSpan(span: DaySpan, mode: CompareMode): DaySpan | undefined {
  switch (mode) {
    case 'none':
      return undefined;
    case 'previous_period': {
      const length = spanLength(span);
      return { from: addDays(span.from, -length), to: addDays(span.from, -1) };
    }
    case 'previous_year':
      return { from: addYears(span.from, -1), to: addYears(span.to, -1) };
  }
}

/**
 * The day of the current span a comparison day lines up with: `length` days later for the
 * previous period, a year later for the previous year (clamped into the span, so a 29 February
 * of the previous year joins the 28th's row and no comparison day is lost).
 */
export function alignComparisonDay(day: string, span: DaySpan, mode: Exclude<CompareMode, 'none'>): string {
  const aligned = mode === 'previous_period' ? addDays(day, spanLength(span)) : addYears(day, 1);
  if (aligned < span.from) return span.from;
  return aligned > span.to ? span.to : aligned;
}
