/**
 * Date part extraction ($year … $isoDayOfWeek, $dateToParts) and $dateFromParts, in UTC or in a
 * time zone given by name or offset.
 */
import { toDouble } from '../../../bson-values.js';
import { fail, isDocument, isNullish, renderValue, typeName } from '../args.js';
import type { CompileContext, Evaluator, OperatorCompiler, OperatorTable } from '../context.js';
import { isIntegral64 } from '../numeric.js';
import { dayOfWeek, dayOfYear, daysFromCivil, daysFromIsoWeekDate, isoWeekDate, MS_PER_DAY, sundayWeek } from './calendar.js';
import { coerceToDateMs, compileZone } from './date-args.js';
import type { ZoneEvaluator } from './date-args.js';
import { localTime, localToUtc } from './time-zone.js';
import type { LocalTime } from './time-zone.js';

type Extractor = (local: LocalTime) => number;

interface DateWithZone {
  readonly date: Evaluator;
  readonly zone: ZoneEvaluator;
}

function dateOperands(name: string, argument: unknown, context: CompileContext): DateWithZone {
  const zoneTypeError = (value: unknown): never =>
    fail(40533, `${name} requires a string for the timezone argument, but was given a ${typeName(value)} (${renderValue(value)})`);
  if (isDocument(argument) && !(Object.keys(argument)[0] ?? '').startsWith('$')) {
    let hasDate = false;
    for (const key of Object.keys(argument)) {
      if (key === 'date') hasDate = true;
      else if (key !== 'timezone') fail(40535, `unrecognized option to ${name}: "${key}"`);
    }
    if (!hasDate) fail(40539, `missing 'date' argument to ${name}, provided: ${renderValue(argument)}`);
    return {
      date: context.compile(argument.date),
      zone: compileZone(argument.timezone, Object.hasOwn(argument, 'timezone'), context, zoneTypeError),
    };
  }
  let operand = argument;
  if (Array.isArray(argument)) {
    if (argument.length !== 1) {
      fail(40536, `${name} accepts exactly one argument if given an array, but was given ${argument.length}`);
    }
    operand = argument[0];
  }
  return { date: context.compile(operand), zone: compileZone(undefined, false, context) };
}

function datePart(extract: Extractor): OperatorCompiler {
  return (argument, context, name) => {
    const { date, zone } = dateOperands(name, argument, context);
    return (root, variables) => {
      const value = date(root, variables);
      if (isNullish(value)) return null;
      const ms = coerceToDateMs(value);
      const timeZone = zone(root, variables);
      return timeZone === null ? null : extract(localTime(timeZone, ms));
    };
  };
}

const EXTRACTORS: Readonly<Record<string, Extractor>> = {
  $year: (local) => local.year,
  $month: (local) => local.month,
  $dayOfMonth: (local) => local.day,
  $hour: (local) => local.hour,
  $minute: (local) => local.minute,
  $second: (local) => local.second,
  $millisecond: (local) => local.millisecond,
  $dayOfYear: (local) => dayOfYear(local.year, local.month, local.day),
  $dayOfWeek: (local) => dayOfWeek(local.days),
  $week: (local) => sundayWeek(dayOfYear(local.year, local.month, local.day), dayOfWeek(local.days)),
  $isoWeek: (local) => isoWeekDate(local.days).isoWeek,
  $isoWeekYear: (local) => isoWeekDate(local.days).isoWeekYear,
  $isoDayOfWeek: (local) => isoWeekDate(local.days).isoDayOfWeek,
};

const compileDateToParts: OperatorCompiler = (argument, context) => {
  if (!isDocument(argument)) fail(40524, '$dateToParts only supports an object as its argument');
  for (const key of Object.keys(argument)) {
    if (key !== 'date' && key !== 'timezone' && key !== 'iso8601') fail(40520, `Unrecognized argument to $dateToParts: ${key}`);
  }
  if (!Object.hasOwn(argument, 'date')) fail(40522, "Missing 'date' parameter to $dateToParts");
  const date = context.compile(argument.date);
  const zone = compileZone(argument.timezone, Object.hasOwn(argument, 'timezone'), context);
  const iso = Object.hasOwn(argument, 'iso8601') ? context.compile(argument.iso8601) : () => false;
  return (root, variables) => {
    const value = date(root, variables);
    const timeZone = zone(root, variables);
    if (timeZone === null) return null;
    const isoFlag = iso(root, variables);
    if (isNullish(isoFlag)) return null;
    if (typeof isoFlag !== 'boolean') fail(40521, `iso8601 must evaluate to a bool, found ${typeName(isoFlag)}`);
    if (isNullish(value)) return null;
    const local = localTime(timeZone, coerceToDateMs(value));
    const clock = { hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond };
    if (!isoFlag) return { year: local.year, month: local.month, day: local.day, ...clock };
    const week = isoWeekDate(local.days);
    return { isoWeekYear: week.isoWeekYear, isoWeek: week.isoWeek, isoDayOfWeek: week.isoDayOfWeek, ...clock };
  };
};

const PART_NAMES = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'isoWeekYear', 'isoWeek', 'isoDayOfWeek', 'timezone'];

/** Parts bounded to [-32768, 32767]; year is checked separately. */
const BOUNDED = new Set(['month', 'day', 'hour', 'minute', 'isoWeek', 'isoDayOfWeek']);

function validateFromPartsSpec(argument: unknown): asserts argument is Record<string, unknown> {
  if (!isDocument(argument)) fail(40519, '$dateFromParts only supports an object as its argument');
  for (const key of Object.keys(argument)) {
    if (!PART_NAMES.includes(key)) fail(40518, `Unrecognized argument to $dateFromParts: ${key}`);
  }
  const has = (key: string): boolean => Object.hasOwn(argument, key);
  if (!has('year') && !has('isoWeekYear')) fail(40516, "$dateFromParts requires either 'year' or 'isoWeekYear' to be present");
  if (has('year') && (has('isoWeekYear') || has('isoWeek') || has('isoDayOfWeek'))) {
    fail(40489, '$dateFromParts does not allow mixing natural dates with ISO dates');
  }
  if (has('isoWeekYear') && (has('month') || has('day'))) {
    fail(40525, '$dateFromParts does not allow mixing ISO dates with natural dates');
  }
}

/** Evaluates one part: its integer value, or null when nullish. */
function partValue(name: string, value: unknown): number | null {
  if (isNullish(value)) return null;
  if (!isIntegral64(value)) {
    fail(40515, `'${name}' must evaluate to an integer, found ${typeName(value)} with value ${renderValue(value)}`);
  }
  const number = Math.trunc(toDouble(value));
  if (BOUNDED.has(name) && (number < -32768 || number > 32767)) {
    fail(31034, `'${name}' must evaluate to a value in the range [-32768, 32767]; value ${number} is not in range`);
  }
  return number;
}

type PartEvaluator = (root: Parameters<Evaluator>[0], variables: Parameters<Evaluator>[1]) => number | null;

const PART_DEFAULTS: Readonly<Record<string, number>> = { year: 1970, month: 1, day: 1, isoWeekYear: 1970, isoWeek: 1, isoDayOfWeek: 1 };

/** Evaluates parts in order; null as soon as one is nullish (MongoDB's evaluation order). */
function evaluateParts(parts: readonly PartEvaluator[], root: Parameters<Evaluator>[0], variables: Parameters<Evaluator>[1]): number[] | null {
  const values: number[] = [];
  for (const part of parts) {
    const value = part(root, variables);
    if (value === null) return null;
    values.push(value);
  }
  return values;
}

const compileDateFromParts: OperatorCompiler = (argument, context) => {
  validateFromPartsSpec(argument);
  const iso = Object.hasOwn(argument, 'isoWeekYear');
  const compilePart = (name: string): PartEvaluator => {
    if (!Object.hasOwn(argument, name)) {
      const fallback = PART_DEFAULTS[name] ?? 0;
      return () => fallback;
    }
    const evaluate = context.compile(argument[name]);
    return (root, variables) => partValue(name, evaluate(root, variables));
  };
  const clockParts = ['hour', 'minute', 'second', 'millisecond'].map(compilePart);
  const dateParts = (iso ? ['isoWeekYear', 'isoWeek', 'isoDayOfWeek'] : ['year', 'month', 'day']).map(compilePart);
  const zone = compileZone(argument.timezone, Object.hasOwn(argument, 'timezone'), context);
  return (root, variables) => {
    const clock = evaluateParts(clockParts, root, variables);
    if (clock === null) return null;
    const timeZone = zone(root, variables);
    if (timeZone === null) return null;
    const date = evaluateParts(dateParts, root, variables);
    if (date === null) return null;
    const [year = 1970, middle = 1, last = 1] = date;
    if (year < 1 || year > 9999) {
      fail(iso ? 31095 : 40523, `'${iso ? 'isoWeekYear' : 'year'}' must evaluate to an integer in the range 1 to 9999, found ${year}`);
    }
    const days = iso ? daysFromIsoWeekDate(year, middle, last) : daysFromCivil(year, middle, last);
    const [hour = 0, minute = 0, second = 0, millisecond = 0] = clock;
    return new Date(localToUtc(timeZone, days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond));
  };
};

const partOperators: Record<string, OperatorCompiler> = {};
for (const [name, extract] of Object.entries(EXTRACTORS)) partOperators[name] = datePart(extract);

export const datePartOperators: OperatorTable = {
  ...partOperators,
  $dateToParts: compileDateToParts,
  $dateFromParts: compileDateFromParts,
};
