/**
 * Time zones: UTC, fixed offsets ("+05:30", "-0800", "+03") and IANA names resolved through
 * Node's Intl. Offsets of IANA zones are cached per zone and UTC hour.
 *
 * Local times that do not exist (DST gap) or exist twice (DST overlap) are resolved like
 * JavaScript and Temporal's "compatible" mode: a skipped wall time moves forward by the gap
 * (02:30 on a spring-forward day in New York is 03:30 EDT), a repeated one takes the earlier
 * instant (the daylight-time reading).
 */
import { MongoServerError } from '../../../errors.js';
import { daysFromCivil, floorDiv, MS_PER_DAY, MS_PER_HOUR } from './calendar.js';

export interface TimeZone {
  readonly name: string;
  /** Constant offset in ms for UTC and "+hh:mm" zones; undefined for IANA zones. */
  readonly fixedOffset: number | undefined;
  /** Offset of local time from UTC in ms at the instant `utcMs`. */
  offsetAt(utcMs: number): number;
}

const UTC: TimeZone = { name: 'UTC', fixedOffset: 0, offsetAt: () => 0 };

export function utcZone(): TimeZone {
  return UTC;
}

/** Parses ±HH, ±HHMM and ±HH:MM into ms, as MongoDB accepts them. */
export function parseUtcOffset(text: string): number | undefined {
  const match = /^([+-])(\d\d)(?::?(\d\d))?$/.exec(text);
  if (match === null) return undefined;
  if (text.length === 5 && text[3] === ':') return undefined;
  const [, sign, hours, minutes = '0'] = match;
  const offset = (Number(hours) * 60 + Number(minutes)) * 60000;
  return sign === '-' ? -offset : offset;
}

function fixedZone(name: string, offset: number): TimeZone {
  return { name, fixedOffset: offset, offsetAt: () => offset };
}

const FIELDS: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  era: 'short',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

function ianaZone(name: string, format: Intl.DateTimeFormat): TimeZone {
  const byHour = new Map<number, number>();
  const exact = (utcMs: number): number => {
    const seconds = floorDiv(utcMs, 1000) * 1000;
    let year = 0;
    const values = [0, 0, 0, 0, 0];
    let bc = false;
    for (const part of format.formatToParts(seconds)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': values[0] = Number(part.value); break;
        case 'day': values[1] = Number(part.value); break;
        case 'hour': values[2] = Number(part.value); break;
        case 'minute': values[3] = Number(part.value); break;
        case 'second': values[4] = Number(part.value); break;
        case 'era': bc = part.value === 'BC' || part.value === 'B'; break;
        default: break;
      }
    }
    const [month = 1, day = 1, hour = 0, minute = 0, second = 0] = values;
    const local = daysFromCivil(bc ? 1 - year : year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
    return local - seconds;
  };
  const offsetAt = (utcMs: number): number => {
    const hour = floorDiv(utcMs, MS_PER_HOUR);
    const cached = byHour.get(hour);
    if (cached !== undefined) return Number.isNaN(cached) ? exact(utcMs) : cached;
    const start = exact(hour * MS_PER_HOUR);
    const end = exact(hour * MS_PER_HOUR + MS_PER_HOUR - 1000);
    if (byHour.size > 100000) byHour.clear();
    // An hour containing a transition is marked NaN and always computed exactly.
    byHour.set(hour, start === end ? start : Number.NaN);
    return start === end ? start : exact(utcMs);
  };
  return { name, fixedOffset: undefined, offsetAt };
}

const ZONES = new Map<string, TimeZone>();

function unrecognized(name: string): never {
  throw new MongoServerError(40485, `unrecognized time zone identifier: "${name}"`);
}

function createZone(name: string): TimeZone {
  if (name === 'UTC') return UTC;
  const offset = parseUtcOffset(name);
  if (offset !== undefined) return fixedZone(name, offset);
  if (name.length === 0 || /^[+-]/.test(name)) unrecognized(name);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { ...FIELDS, timeZone: name });
  } catch {
    return unrecognized(name);
  }
  const resolved = format.resolvedOptions().timeZone;
  // The server's zone table is case-sensitive, Intl is not.
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) unrecognized(name);
  return ianaZone(name, format);
}

/** The zone for a MongoDB timezone argument; unknown names throw 40485. */
export function resolveTimeZone(name: string): TimeZone {
  let zone = ZONES.get(name);
  if (zone === undefined) {
    zone = createZone(name);
    ZONES.set(name, zone);
  }
  return zone;
}

/** Wall-clock fields of an instant in a zone. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Day number (days since 1970-01-01) of the local date. */
  readonly days: number;
  /** Offset from UTC in ms. */
  readonly offset: number;
}

export function localTime(zone: TimeZone, utcMs: number): LocalTime {
  const offset = zone.offsetAt(utcMs);
  const local = utcMs + offset;
  const days = floorDiv(local, MS_PER_DAY);
  const time = local - days * MS_PER_DAY;
  // civilFromDays inlined: this runs once per document in date-heavy pipelines.
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1,
    hour: Math.floor(time / 3600000),
    minute: Math.floor(time / 60000) % 60,
    second: Math.floor(time / 1000) % 60,
    millisecond: time % 1000,
    days,
    offset,
  };
}

/** The instant at which the zone's clocks show `localMs` (wall time counted as if UTC). */
export function localToUtc(zone: TimeZone, localMs: number): number {
  if (zone.fixedOffset !== undefined) return localMs - zone.fixedOffset;
  const before = zone.offsetAt(localMs - MS_PER_DAY);
  const after = zone.offsetAt(localMs + MS_PER_DAY);
  const early = localMs - before;
  const late = localMs - after;
  const earlyValid = early + zone.offsetAt(early) === localMs;
  const lateValid = late + zone.offsetAt(late) === localMs;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  // In a gap: read the wall time with the offset in force before the transition.
  return early;
}
