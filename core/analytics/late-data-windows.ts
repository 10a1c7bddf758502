/**
 * How long each platform keeps restating a day's numbers (late conversions, invalid-click
 * refunds). A day is "settled" once it is older than its platform's window counted from today in
 * the account's own time zone; until then the numbers may still move.
 *
 * Values: 3 days for every platform we ingest today. ads-demo restates the last three days
 * (days aged 0, 1 and 2 are 72 %, 86 % and 95 % complete), and ingest re-reads the same three
 * days on every sync (core/ingest LATE_DATA_DAYS). Platforms whose restatements run longer get
 * their own entry here when a connector shows it.
 */
import { addDays, dayInTimeZone } from './calendar-days.js';

export const LATE_DATA_WINDOW_DAYS: Readonly<Record<string, number>> = {
  meta: 3,
  google: 3,
  tiktok: 3,
  snapchat: 3,
  linkedin: 3,
};

/** Any platform not listed above. */
export const DEFAULT_LATE_DATA_WINDOW_DAYS = 3;

export function lateDataWindowOf(platform: string): number {
  return LATE_DATA_WINDOW_DAYS[platform] ?? DEFAULT_LATE_DATA_WINDOW_DAYS;
}

/**
 * The last settled day of a platform: its window before the latest "today" among its accounts'
 * zones (the account furthest ahead decides, so no day is called settled too early); the
 * tenant's zone when the platform has no account.
 */
export function lastSettledDay(
  platform: string,
  now: Date,
  accountTimeZones: readonly string[],
  fallbackTimeZone: string,
): string {
  const zones = accountTimeZones.length > 0 ? accountTimeZones : [fallbackTimeZone];
  const today = zones
    .map((zone) => dayInTimeZone(now, zone))
    .reduce((latest, day) => (day > latest ? day : latest));
  return addDays(today, -lateDataWindowOf(platform));
}
