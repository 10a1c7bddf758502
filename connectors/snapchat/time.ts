/**
 * Local midnights of an ad account's time zone as ISO-8601 with offset: Snap's DAY stats windows
 * must start and end on them (reference §4.2), and a DST day is 23 or 25 hours long (§4.6).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMinutesAt(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((asUtc - instant) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** `2025-03-04T00:00:00-08:00`: the start of `day` in `timeZone`. */
export function localMidnight(day: string, timeZone: string): string {
  const guess = Date.parse(`${day}T00:00:00Z`);
  let offset = offsetMinutesAt(guess, timeZone);
  const corrected = offsetMinutesAt(guess - offset * 60_000, timeZone);
  if (corrected !== offset) offset = corrected;
  return `${day}T00:00:00${formatOffset(offset)}`;
}

/** The day after `day`. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
