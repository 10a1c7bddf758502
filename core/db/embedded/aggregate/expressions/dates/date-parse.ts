/**
 * Date string parsing for $dateFromString and $convert to date. With a format, the MongoDB
 * specifiers (%Y %m %d %H %M %S %L %j %G %V %u %z %Z %b %B %%) are honoured. Without one, the
 * common shapes timelib accepts are recognised: ISO 8601 (`2017-02-08`, `2017-02-08T12:10:40.787`,
 * with `Z`/`±hh[:mm]`/`UTC`/`GMT` zones, `T` or space separator), `YYYY/MM/DD`, `MM/DD/YYYY` and
 * `Month D, YYYY` / `D Month YYYY`, each optionally followed by a time. Other free-form strings
 * timelib understands ("next monday") are rejected. Failures throw ConversionFailure (241).
 */
import { MongoServerError } from '../../../errors.js';
import { daysFromCivil, daysFromIsoWeekDate, daysInMonth, MS_PER_DAY } from './calendar.js';
import { localToUtc } from './time-zone.js';
import type { TimeZone } from './time-zone.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
  dayOfYear?: number;
  isoWeekYear?: number;
  isoWeek?: number;
  isoDayOfWeek?: number;
  /** Offset in ms when the string names its zone. */
  offset?: number;
  /** How the zone was given: 'offset' (±hh:mm) or an abbreviation such as 'Z'. */
  zoneText?: string;
}

function failure(message: string): never {
  throw new MongoServerError(241, message);
}

function parseError(text: string, position: number, message: string): never {
  return failure(`Error parsing date string '${text}'; ${position}: ${message} '${text[position] ?? ''}'`);
}

/** Reads a zone designator at the start of `rest`; returns [offset ms, kind, length] or undefined. */
function readZone(rest: string): [number, string, number] | undefined {
  const abbreviation = /^(Z|UTC|GMT)/i.exec(rest);
  if (abbreviation !== null) {
    const tail = readZone(rest.slice(abbreviation[0].length));
    if (tail !== undefined && abbreviation[0].toUpperCase() !== 'Z') return [tail[0], 'offset', abbreviation[0].length + tail[2]];
    return [0, abbreviation[0], abbreviation[0].length];
  }
  const offset = /^([+-])(\d\d):?(\d\d)?/.exec(rest);
  if (offset === null) return undefined;
  const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
  return [(offset[1] === '-' ? -minutes : minutes) * 60000, 'offset', offset[0].length];
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?/;

function readTime(text: string, start: number, fields: Fields): number {
  const match = TIME.exec(text.slice(start));
  if (match === null) return start;
  fields.hour = Number(match[1]);
  fields.minute = Number(match[2]);
  fields.second = Number(match[3] ?? 0);
  fields.millisecond = match[4] === undefined ? 0 : Math.floor(Number(`0.${match[4]}`) * 1000 + 1e-9);
  return start + match[0].length;
}

function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex((month) => month === lower || month.slice(0, 3) === lower);
  return index < 0 ? undefined : index + 1;
}

const DATE_SHAPES: readonly [RegExp, (match: RegExpExecArray) => Fields | undefined][] = [
  [/^(\d{4})-(\d{1,2})-(\d{1,2})/, (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) })],
  [/^(\d{4})\/(\d{1,2})\/(\d{1,2})/, (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) })],
  [/^(\d{1,2})\/(\d{1,2})\/(\d{4})/, (m) => ({ year: Number(m[3]), month: Number(m[1]), day: Number(m[2]) })],
  [/^([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})/, (m) => {
    const month = monthNumber(m[1] as string);
    return month === undefined ? undefined : { year: Number(m[3]), month, day: Number(m[2]) };
  }],
  [/^(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})/, (m) => {
    const month = monthNumber(m[2] as string);
    return month === undefined ? undefined : { year: Number(m[3]), month, day: Number(m[1]) };
  }],
];

function parseFreeForm(text: string): Fields {
  const trimmed = text.trim();
  let fields: Fields | undefined;
  let position = 0;
  for (const [pattern, build] of DATE_SHAPES) {
    const match = pattern.exec(trimmed);
    if (match === null) continue;
    fields = build(match);
    if (fields !== undefined) {
      position = match[0].length;
      break;
    }
  }
  if (fields === undefined) {
    if (TIME.test(trimmed)) failure(`an incomplete date/time string has been found, with elements missing: "${text}"`);
    return parseError(text, 0, 'The timezone could not be found in the database');
  }
  if (trimmed[position] === 'T' || trimmed[position] === ' ') {
    const after = readTime(trimmed, position + 1, fields);
    if (after !== position + 1) position = after;
  }
  position = readZoneInto(trimmed, position, fields);
  if (position < trimmed.length) parseError(text, position, 'Unexpected character');
  return fields;
}

function readZoneInto(text: string, start: number, fields: Fields): number {
  let position = start;
  while (text[position] === ' ') position++;
  const zone = readZone(text.slice(position));
  if (zone === undefined) return start;
  [fields.offset, fields.zoneText] = [zone[0], zone[1]];
  return position + zone[2];
}

/** Reads up to `width` digits (at least one) for a format specifier. */
function readNumber(text: string, position: number, width: number, what: string): [number, number] {
  const match = new RegExp(`^\\d{1,${width}}`).exec(text.slice(position));
  if (match === null) return parseError(text, position, `${what} could not be found`);
  return [Number(match[0]), position + match[0].length];
}

type Reader = (text: string, position: number, fields: Fields) => number;

function numberReader(width: number, what: string, assign: (fields: Fields, value: number) => void): Reader {
  return (text, position, fields) => {
    const [value, next] = readNumber(text, position, width, what);
    assign(fields, value);
    return next;
  };
}

function monthNameReader(full: boolean): Reader {
  return (text, position, fields) => {
    const match = /^[A-Za-z]+/.exec(text.slice(position));
    const name = match?.[0] ?? '';
    const month = monthNumber(name);
    if (month === undefined || (full ? name.length <= 3 && name.toLowerCase() !== 'may' : name.length !== 3)) {
      return parseError(text, position, 'A textual month could not be found');
    }
    fields.month = month;
    return position + name.length;
  };
}

const READERS: Readonly<Record<string, Reader>> = {
  Y: numberReader(4, 'A four digit year', (f, v) => (f.year = v)),
  m: numberReader(2, 'A two digit month', (f, v) => (f.month = v)),
  d: numberReader(2, 'A two digit day', (f, v) => (f.day = v)),
  H: numberReader(2, 'A two digit hour', (f, v) => (f.hour = v)),
  M: numberReader(2, 'A two digit minute', (f, v) => (f.minute = v)),
  S: numberReader(2, 'A two digit second', (f, v) => (f.second = v)),
  L: numberReader(3, 'A three digit millisecond', (f, v) => (f.millisecond = v)),
  j: numberReader(3, 'A three digit day-of-year', (f, v) => (f.dayOfYear = v)),
  G: numberReader(4, 'A four digit ISO year', (f, v) => (f.isoWeekYear = v)),
  V: numberReader(2, 'A two digit ISO week', (f, v) => (f.isoWeek = v)),
  u: numberReader(1, 'A single digit day of week', (f, v) => (f.isoDayOfWeek = v)),
  b: monthNameReader(false),
  B: monthNameReader(true),
  z: (text, position, fields) => {
    const zone = readZone(text.slice(position));
    if (zone === undefined) return parseError(text, position, 'The timezone could not be found in the database');
    [fields.offset, fields.zoneText] = [zone[0], zone[1]];
    return position + zone[2];
  },
  Z: (text, position, fields) => {
    const match = /^[+-]?\d+/.exec(text.slice(position));
    if (match === null) return parseError(text, position, 'A timezone offset in minutes could not be found');
    [fields.offset, fields.zoneText] = [Number(match[0]) * 60000, 'offset'];
    return position + match[0].length;
  },
};

function parseWithFormat(text: string, format: string): Fields {
  const fields: Fields = {};
  let position = 0;
  for (let i = 0; i < format.length; i++) {
    const char = format[i] as string;
    if (char === '%' && format[i + 1] !== '%') {
      const reader = READERS[format[i + 1] as string] as Reader;
      position = reader(text, position, fields);
      i++;
      continue;
    }
    if (char === '%') i++;
    if (text[position] !== char) parseError(text, position, 'The separation symbol could not be found');
    position++;
  }
  if (position < text.length) parseError(text, position, 'Trailing data');
  return fields;
}

function completeDate(text: string, fields: Fields): number {
  if (fields.isoWeekYear !== undefined && fields.year === undefined) {
    const days = daysFromIsoWeekDate(fields.isoWeekYear, fields.isoWeek ?? 1, fields.isoDayOfWeek ?? 1);
    return days;
  }
  if (fields.year !== undefined && fields.dayOfYear !== undefined && fields.month === undefined) {
    return daysFromCivil(fields.year, 1, 1) + fields.dayOfYear - 1;
  }
  if (fields.year === undefined || fields.month === undefined || fields.day === undefined) {
    failure(`an incomplete date/time string has been found, with elements missing: "${text}"`);
  }
  if (fields.month < 1 || fields.month > 12 || fields.day < 1 || fields.day > daysInMonth(fields.year, fields.month)) {
    failure(`Error parsing date string '${text}'; ${text.length}: The parsed date was invalid ''`);
  }
  return daysFromCivil(fields.year, fields.month, fields.day);
}

function timeOfDay(text: string, fields: Fields): number {
  const hour = fields.hour ?? 0;
  const minute = fields.minute ?? 0;
  const second = fields.second ?? 0;
  if (hour > 23 || minute > 59 || second > 59) {
    failure(`Error parsing date string '${text}'; ${text.length}: The parsed time was invalid ''`);
  }
  return ((hour * 60 + minute) * 60 + second) * 1000 + (fields.millisecond ?? 0);
}

/**
 * Parses `text` to epoch milliseconds, reading wall times in `zone` unless the string carries its
 * own offset (which conflicts with an explicit non-UTC zone, as in MongoDB).
 */
export function parseDateString(text: string, zone: TimeZone, format: string | undefined): number {
  const fields = format === undefined ? parseFreeForm(text) : parseWithFormat(text, format);
  const days = completeDate(text, fields);
  const local = days * MS_PER_DAY + timeOfDay(text, fields);
  if (fields.offset === undefined) return localToUtc(zone, local);
  if (zone.fixedOffset !== 0) {
    if (fields.zoneText === 'offset') {
      failure('you cannot pass in a date/time string with GMT offset together with a timezone argument');
    }
    failure(`you cannot pass in a date/time string with time zone information ('${fields.zoneText ?? ''}') together with a timezone argument`);
  }
  return local - fields.offset;
}
