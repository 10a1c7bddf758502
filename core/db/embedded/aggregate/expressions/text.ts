/**
 * String helpers: MongoDB's value-to-string coercion, C-style `%g` formatting of doubles (what
 * the server's string builder prints), UTF-8 byte and code point utilities.
 */
import { fail, typeName } from './args.js';

/** Formats like printf's `%g` with 6 significant digits ("0.333333", "1e+06", "inf"). */
export function formatDoubleG(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential(5);
  const exponent = Number.parseInt(exponential.slice(exponential.indexOf('e') + 1), 10);
  if (exponent >= -4 && exponent < 6) return stripZeros(value.toFixed(5 - exponent));
  const [mantissa = '', power = ''] = exponential.split('e');
  const sign = power.startsWith('-') ? '-' : '+';
  const digits = power.replace(/^[+-]/, '').padStart(2, '0');
  return `${stripZeros(mantissa)}e${sign}${digits}`;
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * Formats a JS number the way the server streams it: int32-range integers in full, everything
 * else as a double (`%g`), matching how the bson serializer types JS numbers.
 */
export function formatNumber(value: number): string {
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 && !Object.is(value, -0)
    ? String(value)
    : formatDoubleG(value);
}

function bsonTag(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { _bsontype?: unknown })._bsontype : undefined;
}

/** ISO-8601 UTC rendering used when a date is coerced to a string. */
export function isoDateString(date: Date): string {
  const time = date.getTime();
  const year = date.getUTCFullYear();
  if (Number.isNaN(time) || year < 0 || year > 9999) {
    fail(18537, `Could not convert date to string: date component was outside the supported range of 0-9999: ${year}`);
  }
  return date.toISOString();
}

/** MongoDB's `coerceToString`: null/missing become "", documents and arrays are errors. */
export function coerceToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof Date) return isoDateString(value);
  switch (bsonTag(value)) {
    case 'Long':
    case 'Decimal128':
      return String(value);
    case 'Int32':
    case 'Double':
      return formatNumber((value as { value: number }).value);
    case 'Timestamp': {
      const timestamp = value as { t: number; i: number };
      return `Timestamp(${timestamp.t}, ${timestamp.i})`;
    }
    case 'BSONSymbol':
      return String((value as { value: unknown }).value);
    case 'Code':
      return String((value as { code: unknown }).code);
    default:
      return fail(16007, `can't convert from BSON type ${typeName(value)} to String`);
  }
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Code points of a string (each a string of one or two UTF-16 units). */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function codePointLength(text: string): number {
  if (isAscii(text)) return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) i++;
    count++;
  }
  return count;
}

export function byteLength(text: string): number {
  return isAscii(text) ? text.length : Buffer.byteLength(text, 'utf8');
}

/** Whether a byte of UTF-8 is a continuation byte (10xxxxxx). */
export function isContinuationByte(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** ASCII-only case mapping, as the server's `$toLower`/`$toUpper` do. */
export function asciiCase(text: string, upper: boolean): string {
  if (isAscii(text)) return upper ? text.toUpperCase() : text.toLowerCase();
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (upper && code >= 97 && code <= 122) out += String.fromCharCode(code - 32);
    else if (!upper && code >= 65 && code <= 90) out += String.fromCharCode(code + 32);
    else out += char;
  }
  return out;
}
