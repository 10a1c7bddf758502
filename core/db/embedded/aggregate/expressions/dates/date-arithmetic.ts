/**
 * $dateAdd, $dateSubtract, $dateDiff and $dateTrunc (argument handling; the calendar rules live
 * in date-math.ts).
 */
import { toDouble } from '../../../bson-values.js';
import { fail, isNullish, namedArgs, renderValue, typeName } from '../args.js';
import type { CompileContext, Evaluator, OperatorCompiler, OperatorTable } from '../context.js';
import { isIntegral64 } from '../numeric.js';
import { coerceToDateMs, compileZone, isCoercibleToDate, withContext } from './date-args.js';
import type { ZoneEvaluator } from './date-args.js';
import { dateAdd, dateDiff, DEFAULT_START_OF_WEEK, parseWeekday, TIME_UNITS, truncateDate } from './date-math.js';
import type { TimeUnit, Weekday } from './date-math.js';

function optional(args: Readonly<Record<string, unknown>>, key: string, context: CompileContext): Evaluator | undefined {
  return Object.hasOwn(args, key) ? context.compile(args[key]) : undefined;
}

/** A timezone argument whose errors carry MongoDB's "parameter 'timezone'" context. */
function contextualZone(name: string, args: Readonly<Record<string, unknown>>, context: CompileContext): ZoneEvaluator {
  const label = `${name} parameter 'timezone' value parsing failed`;
  const zone = withContext(label, () => compileZone(args.timezone, Object.hasOwn(args, 'timezone'), context));
  return (root, variables) => withContext(label, () => zone(root, variables));
}

function parseUnit(name: string, value: unknown): TimeUnit {
  if (typeof value !== 'string') fail(5439013, `${name} requires 'unit' to be a string, but got ${typeName(value)}`);
  if (!TIME_UNITS.has(value)) fail(5439014, `${name} parameter 'unit' value cannot be recognized as a time unit: ${value}`);
  return value as TimeUnit;
}

function parseStartOfWeek(name: string, value: unknown): Weekday {
  if (typeof value !== 'string') fail(5439015, `${name} requires 'startOfWeek' to be a string, but got ${typeName(value)}`);
  const weekday = parseWeekday(value);
  if (weekday === undefined) {
    fail(5439016, `${name} parameter 'startOfWeek' value cannot be recognized as a day of a week: ${value}`);
  }
  return weekday;
}

function dateArithmetic(sign: 1 | -1): OperatorCompiler {
  return (argument, context, name) => {
    const args = namedArgs(argument, ['startDate', 'unit', 'amount', 'timezone'], {
      notObject: [5166400, `${name} expects an object as its argument`],
      unknown: (field) => [
        5166401,
        `Unrecognized argument to ${name}: ${field}. Expected arguments are startDate, unit, amount, and optionally timezone.`,
      ],
    });
    if (!['startDate', 'unit', 'amount'].every((key) => Object.hasOwn(args, key))) {
      fail(5166402, `${name} requires startDate, unit, and amount to be present`);
    }
    const [startDate, unit, amount] = ['startDate', 'unit', 'amount'].map((key) => context.compile(args[key])) as [
      Evaluator,
      Evaluator,
      Evaluator,
    ];
    const zone = compileZone(args.timezone, Object.hasOwn(args, 'timezone'), context);
    return (root, variables) => {
      const start = startDate(root, variables);
      if (isNullish(start)) return null;
      const unitValue = unit(root, variables);
      if (isNullish(unitValue)) return null;
      const amountValue = amount(root, variables);
      if (isNullish(amountValue)) return null;
      const timeZone = zone(root, variables);
      if (timeZone === null) return null;
      if (!isCoercibleToDate(start)) fail(5166403, `${name} requires startDate to be convertible to a date`);
      if (typeof unitValue !== 'string') fail(5166404, `${name} expects string defining the time unit`);
      if (!TIME_UNITS.has(unitValue)) fail(9, `unknown time unit value: ${unitValue}`);
      if (!isIntegral64(amountValue)) fail(5166405, `${name} expects integer amount of time units`);
      const count = Math.trunc(toDouble(amountValue)) * sign;
      return new Date(dateAdd(coerceToDateMs(start), unitValue as TimeUnit, count, timeZone));
    };
  };
}

/** Evaluates `startOfWeek` only when the unit is "week", as MongoDB does; null aborts. */
function weekStart(name: string, evaluate: Evaluator | undefined, unitValue: unknown, root: Parameters<Evaluator>[0], variables: Parameters<Evaluator>[1]): Weekday | null {
  if (evaluate === undefined || unitValue !== 'week') return DEFAULT_START_OF_WEEK;
  const value = evaluate(root, variables);
  return isNullish(value) ? null : parseStartOfWeek(name, value);
}

const compileDateDiff: OperatorCompiler = (argument, context) => {
  const name = '$dateDiff';
  const args = namedArgs(argument, ['startDate', 'endDate', 'unit', 'timezone', 'startOfWeek'], {
    notObject: [5166301, '$dateDiff only supports an object as its argument'],
    unknown: (field) => [5166302, `Unrecognized argument to $dateDiff: ${field}`],
  });
  if (!Object.hasOwn(args, 'startDate')) fail(5166303, "Missing 'startDate' parameter to $dateDiff");
  if (!Object.hasOwn(args, 'endDate')) fail(5166304, "Missing 'endDate' parameter to $dateDiff");
  if (!Object.hasOwn(args, 'unit')) fail(5166305, "Missing 'unit' parameter to $dateDiff");
  const [startDate, endDate, unit] = ['startDate', 'endDate', 'unit'].map((key) => context.compile(args[key])) as [
    Evaluator,
    Evaluator,
    Evaluator,
  ];
  const startOfWeek = optional(args, 'startOfWeek', context);
  const zone = contextualZone(name, args, context);
  const toDate = (value: unknown, label: string): number => {
    if (!isCoercibleToDate(value)) fail(5166307, `$dateDiff requires '${label}' to be a date, but got ${typeName(value)}`);
    return coerceToDateMs(value);
  };
  return (root, variables) => {
    const start = startDate(root, variables);
    if (isNullish(start)) return null;
    const end = endDate(root, variables);
    if (isNullish(end)) return null;
    const unitValue = unit(root, variables);
    if (isNullish(unitValue)) return null;
    const weekday = weekStart(name, startOfWeek, unitValue, root, variables);
    if (weekday === null) return null;
    const timeZone = zone(root, variables);
    if (timeZone === null) return null;
    const from = toDate(start, 'startDate');
    const to = toDate(end, 'endDate');
    return dateDiff(from, to, parseUnit(name, unitValue), timeZone, weekday);
  };
};

function parseBinSize(value: unknown): number {
  if (!isIntegral64(value)) {
    fail(5439017, `$dateTrunc requires 'binSize' to be a 64-bit integer, but got value '${renderValue(value)}' of type ${typeName(value)}`);
  }
  const binSize = Math.trunc(toDouble(value));
  if (binSize <= 0) fail(5439018, `$dateTrunc requires 'binSize' to be greater than 0, but got value ${binSize}`);
  return binSize;
}

const compileDateTrunc: OperatorCompiler = (argument, context) => {
  const name = '$dateTrunc';
  const args = namedArgs(argument, ['date', 'unit', 'binSize', 'timezone', 'startOfWeek'], {
    notObject: [5439007, '$dateTrunc only supports an object as its argument'],
    unknown: (field) => [
      5439008,
      `Unrecognized argument to $dateTrunc: ${field}. Expected arguments are date, unit, and optionally, binSize, timezone, startOfWeek`,
    ],
  });
  if (!Object.hasOwn(args, 'date')) fail(5439009, "Missing 'date' parameter to $dateTrunc");
  if (!Object.hasOwn(args, 'unit')) fail(5439010, "Missing 'unit' parameter to $dateTrunc");
  const date = context.compile(args.date);
  const unit = context.compile(args.unit);
  const binSize = optional(args, 'binSize', context);
  const startOfWeek = optional(args, 'startOfWeek', context);
  const zone = contextualZone(name, args, context);
  return (root, variables) => {
    const value = date(root, variables);
    if (isNullish(value)) return null;
    const unitValue = unit(root, variables);
    if (isNullish(unitValue)) return null;
    const binValue = binSize === undefined ? 1 : binSize(root, variables);
    if (isNullish(binValue)) return null;
    const weekday = weekStart(name, startOfWeek, unitValue, root, variables);
    if (weekday === null) return null;
    const timeZone = zone(root, variables);
    if (timeZone === null) return null;
    if (!isCoercibleToDate(value)) fail(5439012, `$dateTrunc requires 'date' to be a date, but got ${typeName(value)}`);
    const parsedUnit = parseUnit(name, unitValue);
    const bins = binSize === undefined ? 1 : parseBinSize(binValue);
    return new Date(truncateDate(coerceToDateMs(value), parsedUnit, bins, timeZone, weekday));
  };
};

export const dateArithmeticOperators: OperatorTable = {
  $dateAdd: dateArithmetic(1),
  $dateSubtract: dateArithmetic(-1),
  $dateDiff: compileDateDiff,
  $dateTrunc: compileDateTrunc,
};
