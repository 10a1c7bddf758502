/**
 * $type, $isNumber, $convert and its shortcuts ($toString, $toInt…), following MongoDB 7's
 * conversion table. Integral JS numbers within int32 count as int, other JS numbers as double
 * (how the bson serializer stores them); results that are ints or longs come back as JS numbers.
 */
import { ObjectId } from 'bson';
import type { Decimal128 } from 'bson';
import { MongoServerError } from '../../errors.js';
import { isNumeric, toDouble } from '../../bson-values.js';
import { fail, isNullish, namedArgs, operands, typeName } from './args.js';
import type { Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import { fromDecimal128, parseDecimal, toDecimal128, truncateDecimal } from '../../decimal-arithmetic.js';
import type { ExactDecimal } from '../../decimal-arithmetic.js';
import { parseDateString } from './dates/date-parse.js';
import { utcZone } from './dates/time-zone.js';
import { bigToValue, exactInteger, toDecimal } from './numeric.js';
import { formatDoubleG, isoDateString } from './text.js';
import { isTruthy } from './truthy.js';

const TYPE_CODES: Readonly<Record<number, string>> = {
  1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 6: 'undefined', 7: 'objectId', 8: 'bool',
  9: 'date', 10: 'null', 11: 'regex', 12: 'dbPointer', 13: 'javascript', 14: 'symbol', 15: 'javascriptWithScope',
  16: 'int', 17: 'timestamp', 18: 'long', 19: 'decimal', [-1]: 'minKey', 127: 'maxKey',
};
const TYPE_NAMES = new Set([...Object.values(TYPE_CODES), 'missing']);

function conversionFailure(message: string): never {
  throw new MongoServerError(241, message);
}

function unsupported(from: string, to: string): never {
  return conversionFailure(`Unsupported conversion from ${from} to ${to} in $convert with no onError value`);
}

function targetType(value: unknown): string {
  if (typeof value === 'string') {
    if (!TYPE_NAMES.has(value)) fail(2, `Unknown type name: ${value}`);
    return value;
  }
  if (isNumeric(value)) {
    const code = toDouble(value);
    if (!Number.isInteger(code)) fail(9, "In $convert, numeric 'to' argument is not an integer");
    const name = TYPE_CODES[code];
    if (name === undefined) fail(9, `In $convert, numeric value for 'to' does not correspond to a BSON type: ${code}`);
    return name;
  }
  return fail(9, `$convert's 'to' argument must be a string or number, but is ${typeName(value)}`);
}

const OVERFLOW = 'Conversion would overflow target type in $convert with no onError value';

function checkFinite(value: number): void {
  if (Number.isNaN(value)) conversionFailure('Attempt to convert NaN value to integer type in $convert with no onError value');
  if (!Number.isFinite(value)) {
    conversionFailure('Attempt to convert infinity value to integer type in $convert with no onError value');
  }
}

function toIntegral(value: unknown, from: string, bits: 32 | 64): number | unknown {
  if (from === 'int' || from === 'long') {
    const exact = exactInteger(value) as bigint;
    if (bits === 32 && (exact < -2147483648n || exact > 2147483647n)) conversionFailure(`${OVERFLOW}: `);
    return bigToValue(exact);
  }
  const number = toDouble(value);
  checkFinite(number);
  const limit = bits === 32 ? 2147483648 : 9223372036854775808;
  const inRange = bits === 32 ? number >= -limit && number <= limit - 1 : number >= -limit && number < limit;
  if (!inRange) conversionFailure(`${OVERFLOW}: ${from === 'decimal' ? String(value) : formatDoubleG(number)}`);
  if (from === 'decimal') {
    const decimal = fromDecimal128(value as Decimal128);
    return decimal.kind === 'finite' ? bigToValue(truncateDecimal(decimal)) : Math.trunc(number);
  }
  return Math.trunc(number);
}

function parseDecimalText(text: string): ExactDecimal | undefined {
  try {
    return parseDecimal(text);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function parseNumberString(text: string, to: string): unknown {
  if (text.startsWith('0x')) conversionFailure(`Illegal hexadecimal input in $convert with no onError value: ${text}`);
  const failParse = (reason: string): never =>
    conversionFailure(`Failed to parse number '${text}' in $convert with no onError value: ${reason}`);
  if (to === 'int' || to === 'long') {
    if (!/^[+-]?\d+$/.test(text)) return failParse('Did not consume whole string.');
    const parsed = BigInt(text);
    const max = to === 'int' ? 2147483647n : 9223372036854775807n;
    if (parsed > max || parsed < -max - 1n) return failParse('Overflow');
    return bigToValue(parsed);
  }
  if (to === 'decimal') {
    const decimal = parseDecimalText(text);
    return decimal === undefined ? failParse('Failed to parse string to decimal') : toDecimal128(decimal);
  }
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(text)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return failParse('Did not consume whole string.');
  const parsed = Number(text);
  if (!Number.isFinite(parsed)) return failParse('Out of range');
  return parsed;
}

function parseObjectId(text: string): ObjectId {
  const reason =
    text.length !== 24
      ? `Invalid string length for parsing to OID, expected 24 but found ${text.length}`
      : /^[0-9a-fA-F]*$/.test(text)
        ? undefined
        : `Invalid character found in hex string: ${text}`;
  if (reason !== undefined) {
    conversionFailure(`Failed to parse objectId '${text}' in $convert with no onError value: ${reason}`);
  }
  return new ObjectId(text);
}

function dateMillis(value: unknown): number {
  return (value as Date).getTime();
}

function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return formatDoubleG(value);
}

function convertToString(value: unknown, from: string): string {
  switch (from) {
    case 'string':
      return value as string;
    case 'double':
      return formatDouble(toDouble(value));
    case 'int':
    case 'long':
    case 'decimal':
      return String(value);
    case 'objectId':
      return (value as ObjectId).toHexString();
    case 'bool':
      return value ? 'true' : 'false';
    case 'date':
      return isoDateString(value as Date);
    default:
      return unsupported(from, 'string');
  }
}

function convertToDate(value: unknown, from: string): Date {
  switch (from) {
    case 'date':
      return value as Date;
    case 'double':
    case 'long':
    case 'decimal':
      return new Date(Number(toIntegral(value, from, 64)));
    case 'string':
      return new Date(parseDateString(value as string, utcZone(), undefined));
    case 'objectId':
      return (value as ObjectId).getTimestamp();
    case 'timestamp':
      return new Date((value as { t: number }).t * 1000);
    default:
      return unsupported(from, 'date');
  }
}

const NUMERIC_SOURCES = new Set(['double', 'int', 'long', 'decimal']);

function convertNumeric(value: unknown, from: string, to: string): unknown {
  if (from === 'bool') return to === 'decimal' ? toDecimal(value ? 1 : 0) : value ? 1 : 0;
  if (from === 'string') return parseNumberString(value as string, to);
  if (from === 'date') {
    if (to === 'int') unsupported(from, to);
    return to === 'decimal' ? toDecimal(dateMillis(value)) : dateMillis(value);
  }
  if (!NUMERIC_SOURCES.has(from)) return unsupported(from, to);
  switch (to) {
    case 'double': {
      const number = toDouble(value);
      if (from === 'decimal' && !Number.isFinite(number) && !/inf|nan/i.test(String(value))) {
        conversionFailure(`${OVERFLOW}: ${String(value)}`);
      }
      return number;
    }
    case 'decimal':
      return from === 'decimal' ? value : toDecimal(from === 'double' ? toDouble(value) : value);
    default:
      return toIntegral(value, from, to === 'int' ? 32 : 64);
  }
}

function convertBool(value: unknown, from: string): boolean {
  if (from === 'undefined') unsupported(from, 'bool');
  return NUMERIC_SOURCES.has(from) || from === 'bool' ? isTruthy(value) : true;
}

/** Converts a non-nullish value to the named BSON type (ConversionFailure when impossible). */
export function convertValue(value: unknown, to: string): unknown {
  const from = typeName(value);
  switch (to) {
    case 'double':
    case 'int':
    case 'long':
    case 'decimal':
      return convertNumeric(value, from, to);
    case 'string':
      return convertToString(value, from);
    case 'bool':
      return convertBool(value, from);
    case 'date':
      return convertToDate(value, from);
    case 'objectId':
      if (from === 'objectId') return value;
      return from === 'string' ? parseObjectId(value as string) : unsupported(from, to);
    default:
      return unsupported(from, to);
  }
}


interface ConvertParts {
  readonly input: Evaluator;
  readonly to: Evaluator;
  readonly onError: Evaluator | undefined;
  readonly onNull: Evaluator | undefined;
}

function evaluateConvert(parts: ConvertParts): Evaluator {
  return (root, variables) => {
    const toValue = parts.to(root, variables);
    const input = parts.input(root, variables);
    const target = isNullish(toValue) ? undefined : targetType(toValue);
    if (isNullish(input)) return parts.onNull === undefined ? null : parts.onNull(root, variables);
    if (target === undefined) return null;
    try {
      return convertValue(input, target);
    } catch (error) {
      if (parts.onError === undefined || !(error instanceof MongoServerError) || error.code !== 241) throw error;
      return parts.onError(root, variables);
    }
  };
}

const compileConvert: OperatorCompiler = (argument, context) => {
  const args = namedArgs(argument, ['input', 'to', 'onError', 'onNull'], {
    notObject: [9, `$convert expects an object of named arguments but found: ${typeName(argument)}`],
    unknown: (field) => [9, `$convert found an unknown argument: ${field}`],
  });
  if (!Object.hasOwn(args, 'input')) fail(9, "Missing 'input' parameter to $convert");
  if (!Object.hasOwn(args, 'to')) fail(9, "Missing 'to' parameter to $convert");
  const optional = (key: string): Evaluator | undefined => (Object.hasOwn(args, key) ? context.compile(args[key]) : undefined);
  return evaluateConvert({
    input: context.compile(args.input),
    to: context.compile(args.to),
    onError: optional('onError'),
    onNull: optional('onNull'),
  });
};

function shortcut(to: string): OperatorCompiler {
  return (argument, context, name) => {
    const args = operands(argument);
    if (args.length !== 1) fail(50723, `${name} requires a single argument, got ${args.length}`);
    return evaluateConvert({ input: context.compile(args[0]), to: () => to, onError: undefined, onNull: undefined });
  };
}

function single(name: string, argument: unknown): unknown {
  const args = operands(argument);
  if (args.length !== 1) fail(16020, `Expression ${name} takes exactly 1 arguments. ${args.length} were passed in.`);
  return args[0];
}

export const conversionOperators: OperatorTable = {
  $convert: compileConvert,
  $toString: shortcut('string'),
  $toInt: shortcut('int'),
  $toLong: shortcut('long'),
  $toDouble: shortcut('double'),
  $toDecimal: shortcut('decimal'),
  $toBool: shortcut('bool'),
  $toDate: shortcut('date'),
  $toObjectId: shortcut('objectId'),
  $type: (argument, context, name) => {
    const operand = context.compile(single(name, argument));
    return (root, variables) => typeName(operand(root, variables));
  },
  $isNumber: (argument, context, name) => {
    const operand = context.compile(single(name, argument));
    return (root, variables) => isNumeric(operand(root, variables));
  },
};
