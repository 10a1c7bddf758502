/**
 * $dateToString and $dateFromString. Constant formats are validated and tokenised once.
 *
 * The default format is `%Y-%m-%dT%H:%M:%S.%LZ` regardless of the zone (MongoDB 7 behaviour; 8.0
 * drops the trailing Z for non-UTC zones).
 */
import { MongoServerError } from '../../../errors.js';
import { fail, isDocument, isNullish, literalValue, namedArgs, renderValue, typeName } from '../args.js';
import type { Evaluator, OperatorCompiler, OperatorTable } from '../context.js';
import { dayOfWeek, dayOfYear, isoWeekDate, sundayWeek } from './calendar.js';
import { coerceToDateMs, compileZone } from './date-args.js';
import { parseDateString } from './date-parse.js';
import { localTime } from './time-zone.js';
import type { LocalTime, TimeZone } from './time-zone.js';

const DEFAULT_FORMAT = '%Y-%m-%dT%H:%M:%S.%LZ';
const TO_STRING_SPECIFIERS = new Set('bBdGHjLmMSwuUVYzZ%');
const FROM_STRING_SPECIFIERS = new Set('bBdGHjLmMSuVYzZ%');
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Checks that every `%` is followed by an allowed specifier (18535 / 18536). */
export function validateFormat(format: string, allowed: ReadonlySet<string>): void {
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    i++;
    if (i >= format.length) fail(18535, "Unmatched '%' at end of format string");
    if (!allowed.has(format[i] as string)) fail(18536, `Invalid format character '%${format[i] as string}' in format string`);
  }
}

function padded(value: number, width: number): string {
  if (width === 2 && value >= 0 && value < 100) return value < 10 ? `0${value}` : `${value}`;
  if (value < 0 || value > 9999) {
    fail(18537, `Could not convert date to string: date component was outside the supported range of 0-9999: ${value}`);
  }
  return String(value).padStart(width, '0');
}

function offsetHhmm(offsetMs: number): string {
  const minutes = Math.trunc(offsetMs / 60000);
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${padded(Math.floor(absolute / 60), 2)}${padded(absolute % 60, 2)}`;
}

function specifier(char: string, local: LocalTime): string {
  switch (char) {
    case 'Y': return padded(local.year, 4);
    case 'm': return padded(local.month, 2);
    case 'd': return padded(local.day, 2);
    case 'H': return padded(local.hour, 2);
    case 'M': return padded(local.minute, 2);
    case 'S': return padded(local.second, 2);
    case 'L': return padded(local.millisecond, 3);
    case 'j': return padded(dayOfYear(local.year, local.month, local.day), 3);
    case 'w': return padded(dayOfWeek(local.days), 1);
    case 'U': return padded(sundayWeek(dayOfYear(local.year, local.month, local.day), dayOfWeek(local.days)), 2);
    case 'G': return padded(isoWeekDate(local.days).isoWeekYear, 4);
    case 'V': return padded(isoWeekDate(local.days).isoWeek, 2);
    case 'u': return padded(isoWeekDate(local.days).isoDayOfWeek, 1);
    case 'z': return offsetHhmm(local.offset);
    case 'Z': return String(Math.trunc(local.offset / 60000));
    case 'b': return (MONTH_NAMES[local.month - 1] as string).slice(0, 3);
    case 'B': return MONTH_NAMES[local.month - 1] as string;
    default: return '%';
  }
}

/** A validated format as literal text and specifier characters (marked by a leading '%'). */
function tokenize(format: string): string[] {
  const tokens: string[] = [];
  let literal = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '%') {
      if (literal.length > 0) tokens.push(literal);
      literal = '';
      tokens.push(`%${format[i + 1] as string}`);
      i++;
    } else {
      literal += format[i] as string;
    }
  }
  if (literal.length > 0) tokens.push(literal);
  return tokens;
}

/** Formats an instant with a tokenised format in a zone. */
export function formatDate(tokens: readonly string[], ms: number, zone: TimeZone): string {
  const local = localTime(zone, ms);
  let out = '';
  for (const token of tokens) out += token.length === 2 && token[0] === '%' ? specifier(token[1] as string, local) : token;
  return out;
}

const DEFAULT_TOKENS = tokenize(DEFAULT_FORMAT);

/** A format argument: constant formats are tokenised at compile time. */
function compileFormat(raw: unknown, present: boolean, context: Parameters<OperatorCompiler>[1], check: (value: unknown) => void, allowed: ReadonlySet<string>): (root: Parameters<Evaluator>[0], variables: Parameters<Evaluator>[1]) => string[] | null | undefined {
  if (!present) return () => undefined;
  const constant = literalValue(raw);
  if (constant !== undefined && typeof constant.value === 'string') {
    validateFormat(constant.value, allowed);
    const tokens = tokenize(constant.value);
    return () => tokens;
  }
  const evaluate = context.compile(raw);
  return (root, variables) => {
    const value = evaluate(root, variables);
    if (isNullish(value)) return null;
    check(value);
    validateFormat(value as string, allowed);
    return tokenize(value as string);
  };
}

const compileDateToString: OperatorCompiler = (argument, context) => {
  if (!isDocument(argument)) fail(18629, '$dateToString only supports an object as its argument');
  const args = namedArgs(argument, ['format', 'date', 'timezone', 'onNull'], {
    notObject: [18629, ''],
    unknown: (field) => [18534, `Unrecognized argument to $dateToString: ${field}`],
  });
  if (!Object.hasOwn(args, 'date')) fail(18628, "Missing 'date' parameter to $dateToString");
  const date = context.compile(args.date);
  const format = compileFormat(args.format, Object.hasOwn(args, 'format'), context, (value) => {
    if (typeof value !== 'string') {
      fail(18533, `$dateToString requires that 'format' be a string, found: ${typeName(value)} with value ${renderValue(value)}`);
    }
  }, TO_STRING_SPECIFIERS);
  const zone = compileZone(args.timezone, Object.hasOwn(args, 'timezone'), context);
  const onNull = Object.hasOwn(args, 'onNull') ? context.compile(args.onNull) : undefined;
  return (root, variables) => {
    const value = date(root, variables);
    const tokens = format(root, variables);
    const timeZone = zone(root, variables);
    if (isNullish(value)) return onNull === undefined ? null : onNull(root, variables);
    if (timeZone === null || tokens === null) return null;
    return formatDate(tokens ?? DEFAULT_TOKENS, coerceToDateMs(value), timeZone);
  };
};

function isConversionFailure(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 241;
}

const compileDateFromString: OperatorCompiler = (argument, context) => {
  const args = namedArgs(argument, ['dateString', 'format', 'timezone', 'onNull', 'onError'], {
    notObject: [40540, `$dateFromString only supports an object as an argument, found: ${typeName(argument)}`],
    unknown: (field) => [40541, `Unrecognized argument to $dateFromString: ${field}`],
  });
  if (!Object.hasOwn(args, 'dateString')) fail(40542, "Missing 'dateString' parameter to $dateFromString");
  const input = context.compile(args.dateString);
  const hasFormat = Object.hasOwn(args, 'format');
  const constantFormat = hasFormat ? literalValue(args.format) : undefined;
  const format: Evaluator = hasFormat ? context.compile(args.format) : () => undefined;
  if (constantFormat !== undefined && typeof constantFormat.value === 'string') validateFormat(constantFormat.value, FROM_STRING_SPECIFIERS);
  const zone = compileZone(args.timezone, Object.hasOwn(args, 'timezone'), context);
  const onNull = Object.hasOwn(args, 'onNull') ? context.compile(args.onNull) : undefined;
  const onError = Object.hasOwn(args, 'onError') ? context.compile(args.onError) : undefined;
  return (root, variables) => {
    const text = input(root, variables);
    const formatValue = format(root, variables);
    if (!isNullish(formatValue)) {
      if (typeof formatValue !== 'string') {
        fail(40684, `$dateFromString requires that 'format' be a string, found: ${typeName(formatValue)} with value ${renderValue(formatValue)}`);
      }
      validateFormat(formatValue, FROM_STRING_SPECIFIERS);
    }
    const timeZone = zone(root, variables);
    if (isNullish(text)) return onNull === undefined ? null : onNull(root, variables);
    try {
      if (typeof text !== 'string') {
        throw new MongoServerError(241, `$dateFromString requires that 'dateString' be a string, found: ${typeName(text)} with value ${renderValue(text)}`);
      }
      if (timeZone === null || (hasFormat && isNullish(formatValue))) return null;
      return new Date(parseDateString(text, timeZone, formatValue as string | undefined));
    } catch (error) {
      if (onError === undefined || !isConversionFailure(error)) throw error;
      return onError(root, variables);
    }
  };
};

export const dateStringOperators: OperatorTable = {
  $dateToString: compileDateToString,
  $dateFromString: compileDateFromString,
};
