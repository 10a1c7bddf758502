import { InputError } from '../errors/errors.js';
import { isCalendarDay } from '../plugin-api/index.js';
import type { DayRange } from '../plugin-api/index.js';

/** Days a first sync reads, today included. */
export const FIRST_SYNC_DAYS = 400;
/** Days before the last synced day that every later sync reads again (platforms restate late data). */
export const LATE_DATA_DAYS = 3;

const MS_PER_DAY = 86_400_000;

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/** The calendar day of `instant` in `timeZone`. */
export function dayInTimeZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

export interface SyncRangeInput {
  /** What the caller asked for, if anything. */
  readonly requested?: DayRange | null | undefined;
  readonly now: Date;
  readonly tenantTimezone: string;
  /** `to` of the installation's last successful run; absent on the first sync. */
  readonly lastSucceededTo?: string | undefined;
}

/**
 * The days a sync reads. Asked-for ranges are kept (validated); otherwise a first sync reads the
 * last 400 days up to today in the tenant's zone, and a later one starts 3 days before the last
 * successful run's end, so restated late data is overwritten.
 */
export function resolveSyncRange(input: SyncRangeInput): DayRange {
  const today = dayInTimeZone(input.now, input.tenantTimezone);
  if (input.requested) {
    const { from, to } = input.requested;
    if (!isCalendarDay(from) || !isCalendarDay(to) || from > to)
      throw new InputError('A sync range needs calendar days with from <= to', {
        code: 'SYNC_RANGE_INVALID',
        details: [{ path: 'range', message: `got ${from}..${to}` }],
      });
    return { from, to };
  }
  if (input.lastSucceededTo === undefined) return { from: addDays(today, -(FIRST_SYNC_DAYS - 1)), to: today };
  const from = addDays(input.lastSucceededTo, -LATE_DATA_DAYS);
  return { from: from > today ? today : from, to: today };
}
