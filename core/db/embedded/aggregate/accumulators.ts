/**
 * `$group` accumulators (also used by `$bucket`, `$bucketAuto` and `$setWindowFields`).
 * A definition is parsed once per stage; every group then gets small state objects whose `add`
 * is called once per document, so they avoid allocation and dynamic dispatch on the value type.
 */
import { Long } from 'bson';
import type { Decimal128 } from 'bson';
import { compareValues, isNumeric, isPlainObject, keyString, toDouble } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { DECIMAL_ZERO, addDecimals, divideDecimals, fromDecimal128, fromDouble, fromInteger, toDecimal128 } from '../decimal-arithmetic.js';
import type { ExactDecimal } from '../decimal-arithmetic.js';
import { serverError } from '../errors.js';
import type { CompiledExpression, Variables } from './expression.js';
import { isNAccumulator, parseNAccumulator } from './accumulators-n.js';
import { compileFast, constantValue } from './stages/expr.js';
import { fail, renderValue, typeName } from './stages/util.js';

/** Per-group accumulator state. */
export interface Accumulator {
  add(value: unknown): void;
  result(): unknown;
}

/** A parsed accumulator, e.g. `total: {$sum: "$amount"}`. */
export interface AccumulatorSpec {
  readonly field: string;
  readonly operator: string;
  /** The accumulated input of one document. */
  readonly argument: CompiledExpression;
  /** Set when the argument is a literal, letting callers skip evaluating it per document. */
  readonly constant: { readonly value: unknown } | undefined;
  /** New state for a group; `groupId` lets `n` of $firstN… depend on the group key. */
  create(groupId: unknown, variables: Variables): Accumulator;
}

/** Running sum with Neumaier compensation (mongod sums doubles with extra precision too). */
export class NumericSum {
  count = 0;
  private sum = 0;
  private compensation = 0;
  /** Exact sum of the Decimal128 inputs, kept apart from the others as mongod does. */
  private decimal: ExactDecimal | undefined;
  private exact: bigint | undefined;
  private integral = true;

  add(value: unknown): void {
    if (typeof value === 'number') {
      this.addDouble(value);
      if (this.exact !== undefined) {
        if (Number.isInteger(value)) this.exact += BigInt(value);
        else this.exact = undefined;
      }
      if (this.integral && !Number.isInteger(value)) this.integral = false;
    } else if (isNumeric(value)) {
      this.addOther(value);
    } else {
      return;
    }
    this.count++;
  }

  private addOther(value: unknown): void {
    const tag = (value as { _bsontype?: unknown })._bsontype;
    if (tag === 'Long') {
      if (this.exact === undefined && this.integral && Math.abs(this.total()) <= Number.MAX_SAFE_INTEGER) {
        this.exact = BigInt(this.total());
      }
      if (this.exact !== undefined) this.exact += (value as Long).toBigInt();
    } else if (tag === 'Decimal128') {
      this.decimal = addDecimals(this.decimal ?? DECIMAL_ZERO, fromDecimal128(value as Decimal128));
      return;
    }
    const number = toDouble(value);
    if (!Number.isInteger(number)) {
      this.integral = false;
      this.exact = undefined;
    }
    this.addDouble(number);
  }

  private addDouble(value: number): void {
    const total = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - total + value;
    else this.compensation += value - total + this.sum;
    this.sum = total;
  }

  /** The sum as a double. */
  total(): number {
    return Number.isFinite(this.sum) ? this.sum + this.compensation : this.sum;
  }

  /** The sum in the widest type seen: Decimal128, exact int64 (Long past 2^53) or double. */
  value(): unknown {
    if (this.decimal !== undefined) return toDecimal128(this.decimalTotal(this.decimal));
    if (this.exact !== undefined) {
      const asNumber = Number(this.exact);
      return Number.isSafeInteger(asNumber) ? asNumber : Long.fromBigInt(this.exact);
    }
    return this.total();
  }

  /** The mean, or null without numeric input. */
  mean(): unknown {
    if (this.count === 0) return null;
    if (this.decimal === undefined) return this.total() / this.count;
    return toDecimal128(divideDecimals(this.decimalTotal(this.decimal), fromInteger(BigInt(this.count))));
  }

  /**
   * Decimal inputs plus the others, the latter converted like mongod's
   * `DoubleDoubleSummation::getDecimal` (each double part to 34 digits).
   */
  private decimalTotal(decimal: ExactDecimal): ExactDecimal {
    if (this.exact !== undefined) return addDecimals(decimal, fromInteger(this.exact));
    if (!Number.isFinite(this.sum)) return addDecimals(decimal, fromDouble(this.sum, 34));
    return addDecimals(decimal, addDecimals(fromDouble(this.sum, 34), fromDouble(this.compensation, 34)));
  }
}

class SumAccumulator implements Accumulator {
  private readonly sum = new NumericSum();
  add(value: unknown): void {
    this.sum.add(value);
  }
  result(): unknown {
    return this.sum.value();
  }
}

class AvgAccumulator implements Accumulator {
  private readonly sum = new NumericSum();
  add(value: unknown): void {
    this.sum.add(value);
  }
  result(): unknown {
    return this.sum.mean();
  }
}

class MinMaxAccumulator implements Accumulator {
  private best: unknown = undefined;
  constructor(private readonly sense: 1 | -1) {}
  add(value: unknown): void {
    if (value === undefined || value === null) return;
    if (this.best === undefined || compareValues(value, this.best) * this.sense < 0) this.best = value;
  }
  result(): unknown {
    return this.best === undefined ? null : this.best;
  }
}

class FirstAccumulator implements Accumulator {
  private value: unknown = undefined;
  private seen = false;
  add(value: unknown): void {
    if (this.seen) return;
    this.seen = true;
    this.value = value;
  }
  result(): unknown {
    return this.value === undefined ? null : this.value;
  }
}

class LastAccumulator implements Accumulator {
  private value: unknown = undefined;
  add(value: unknown): void {
    this.value = value;
  }
  result(): unknown {
    return this.value === undefined ? null : this.value;
  }
}

class PushAccumulator implements Accumulator {
  private readonly values: unknown[] = [];
  add(value: unknown): void {
    if (value !== undefined) this.values.push(value);
  }
  result(): unknown {
    return this.values;
  }
}

class AddToSetAccumulator implements Accumulator {
  private readonly values = new Map<string, unknown>();
  add(value: unknown): void {
    if (value === undefined) return;
    const key = keyString(value);
    if (!this.values.has(key)) this.values.set(key, value);
  }
  result(): unknown {
    return [...this.values.values()];
  }
}

class CountAccumulator implements Accumulator {
  private count = 0;
  add(): void {
    this.count++;
  }
  result(): unknown {
    return this.count;
  }
}

/** Welford's online variance; only numeric inputs count (as doubles). */
class StdDevAccumulator implements Accumulator {
  private count = 0;
  private mean = 0;
  private squares = 0;
  constructor(private readonly sample: boolean) {}
  add(value: unknown): void {
    if (typeof value !== 'number' && !isNumeric(value)) return;
    const number = toDouble(value);
    this.count++;
    const delta = number - this.mean;
    this.mean += delta / this.count;
    this.squares += delta * (number - this.mean);
  }
  result(): unknown {
    const divisor = this.sample ? this.count - 1 : this.count;
    if (divisor <= 0) return null;
    return Math.sqrt(Math.max(0, this.squares) / divisor);
  }
}

class MergeObjectsAccumulator implements Accumulator {
  private readonly merged: Document = {};
  add(value: unknown): void {
    if (value === undefined || value === null) return;
    if (!isPlainObject(value)) {
      throw fail(
        40400,
        `$mergeObjects requires object inputs, but input ${renderValue(value)} is of type ${typeName(value)}`,
      );
    }
    for (const key of Object.keys(value)) {
      if (value[key] !== undefined) this.merged[key] = value[key];
    }
  }
  result(): unknown {
    return this.merged;
  }
}

type SimpleFactory = () => Accumulator;

const unaryAccumulators: Readonly<Record<string, SimpleFactory>> = {
  $sum: () => new SumAccumulator(),
  $avg: () => new AvgAccumulator(),
  $min: () => new MinMaxAccumulator(1),
  $max: () => new MinMaxAccumulator(-1),
  $first: () => new FirstAccumulator(),
  $last: () => new LastAccumulator(),
  $push: () => new PushAccumulator(),
  $addToSet: () => new AddToSetAccumulator(),
  $stdDevPop: () => new StdDevAccumulator(false),
  $stdDevSamp: () => new StdDevAccumulator(true),
  $mergeObjects: () => new MergeObjectsAccumulator(),
};

const unsupportedAccumulators: ReadonlySet<string> = new Set(['$accumulator', '$function']);

function parseUnary(
  field: string,
  operator: string,
  argument: unknown,
  factory: SimpleFactory,
  window: boolean,
): AccumulatorSpec {
  // In a window an array argument is an ordinary array expression.
  if (Array.isArray(argument) && !window) throw fail(40237, `The ${operator} accumulator is a unary operator`);
  const constant = constantValue(argument);
  return {
    field,
    operator,
    argument: compileFast(argument),
    constant: constant.constant ? { value: constant.value } : undefined,
    create: factory,
  };
}

function parseCount(field: string, argument: unknown): AccumulatorSpec {
  if (!isPlainObject(argument) || Object.keys(argument).length > 0) {
    throw serverError('BadValue', '$count takes no arguments, i.e. $count:{}');
  }
  return { field, operator: '$count', argument: () => undefined, constant: { value: undefined }, create: () => new CountAccumulator() };
}

/** True for accumulators that `$setWindowFields` accepts as window functions. */
export function isWindowAccumulator(name: string): boolean {
  return (name in unaryAccumulators && name !== '$mergeObjects') || name === '$count' || isNAccumulator(name);
}

/** Parses `{<op>: <argument>}` of a window function that is an accumulator (see isWindowAccumulator). */
export function parseWindowAccumulator(field: string, operator: string, argument: unknown): AccumulatorSpec {
  const unary = unaryAccumulators[operator];
  if (unary !== undefined) return parseUnary(field, operator, argument, unary, true);
  if (operator === '$count') return parseCount(field, argument);
  return parseNAccumulator(field, operator, argument);
}

/**
 * Parses one accumulator field of `$group`/`$bucket` output: `{<op>: <argument>}`, checking in
 * mongod's order: 40234 (not an operator object), 40235/40236 (bad output name), 40238 (several
 * operators), 15952 (unknown operator).
 */
export function parseAccumulator(field: string, spec: unknown): AccumulatorSpec {
  const keys = isPlainObject(spec) ? Object.keys(spec) : [];
  if (!isPlainObject(spec) || keys[0]?.startsWith('$') !== true) {
    throw fail(40234, `The field '${field}' must be an accumulator object`);
  }
  if (field.includes('.')) throw fail(40235, `The field name '${field}' cannot contain '.'`);
  if (field.startsWith('$')) throw fail(40236, `The field name '${field}' cannot be an operator name`);
  if (keys.length > 1) throw fail(40238, `The field '${field}' must specify one accumulator`);
  const operator = keys[0] as string;
  const argument = spec[operator];
  const unary = unaryAccumulators[operator];
  if (unary !== undefined) return parseUnary(field, operator, argument, unary, false);
  if (operator === '$count') return parseCount(field, argument);
  if (isNAccumulator(operator)) return parseNAccumulator(field, operator, argument);
  if (unsupportedAccumulators.has(operator)) {
    throw serverError('BadValue', `${operator} is not supported by the embedded database (no JavaScript engine)`);
  }
  throw fail(15952, `unknown group operator '${operator}'`);
}
