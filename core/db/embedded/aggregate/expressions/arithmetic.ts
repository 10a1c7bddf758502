/**
 * Arithmetic operators with MongoDB's null propagation, type errors and result widening.
 */
import type { Decimal128 } from 'bson';
import { toDouble } from '../../bson-values.js';
import {
  absDecimal,
  decimalToDouble,
  divideDecimals,
  fromDecimal128,
  fromDouble,
  fromInteger,
  quantizeDecimal,
  remainderDecimals,
  toDecimal128,
  truncateDecimal,
} from '../../decimal-arithmetic.js';
import type { ExactDecimal, RoundingMode } from '../../decimal-arithmetic.js';
import { fail, fixedArity, isNullish, operands, rangedArity, typeName } from './args.js';
import type { Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import {
  add,
  bigToValue,
  exactDecimal,
  exactInteger,
  isDecimal,
  isDoubleValue,
  isIntegral64,
  isNumeric,
  multiply,
  plainNumber,
  subtract,
  toDecimal,
} from './numeric.js';

function dateTotal(dateMs: number, numbers: unknown): Date {
  if (isDecimal(numbers)) {
    const total = fromDecimal128(numbers);
    // Past int64 the millisecond count wraps around like the int64 it passes through.
    const ms = total.kind === 'finite' ? Number(BigInt.asIntN(64, truncateDecimal(total))) : decimalToDouble(total);
    return new Date(dateMs + ms);
  }
  const total = dateMs + toDouble(numbers);
  if (!Number.isFinite(total) || Math.abs(total) >= 2 ** 63) fail(15, 'date overflow in $add');
  // llround: halves round away from zero.
  return new Date(Math.sign(total) * Math.round(Math.abs(total)));
}

const compileAdd: OperatorCompiler = (argument, context) => {
  const evaluators = operands(argument).map((item) => context.compile(item));
  const count = evaluators.length;
  return (root, variables) => {
    // Fast path for JS numbers; any other operand hands over to the general loop.
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const value = (evaluators[i] as Evaluator)(root, variables);
      if (typeof value !== 'number') return addFrom(evaluators, i, value, sum, root, variables);
      sum += value;
    }
    // Integer sums past 2^53 are redone exactly (they become a Long).
    if (Number.isInteger(sum) && !Number.isSafeInteger(sum)) return addFrom(evaluators, 0, NOT_EVALUATED, 0, root, variables);
    return sum;
  };
};

const NOT_EVALUATED = Symbol('not evaluated');

/** The general $add loop, resuming at `index` (whose value may already be evaluated). */
function addFrom(
  evaluators: readonly Evaluator[],
  index: number,
  current: unknown,
  partial: number,
  root: Parameters<Evaluator>[0],
  variables: Parameters<Evaluator>[1],
): unknown {
  let total: unknown = partial;
  let dateMs: number | undefined;
  for (let i = index; i < evaluators.length; i++) {
    const value = i === index && current !== NOT_EVALUATED ? current : (evaluators[i] as Evaluator)(root, variables);
    if (isNullish(value)) return null;
    if (value instanceof Date) {
      if (dateMs !== undefined) fail(16612, 'only one date allowed in an $add expression');
      dateMs = value.getTime();
    } else if (isNumeric(value)) {
      // mongod's AddState turns a running double total into a decimal with 34 digits, not 15.
      total = add(isDecimal(value) && isDoubleValue(total) ? toDecimal128(fromDouble(toDouble(total), 34)) : total, value);
    } else {
      fail(14, `$add only supports numeric or date types, not ${typeName(value)}`);
    }
  }
  return dateMs === undefined ? total : dateTotal(dateMs, total);
}

const compileMultiply: OperatorCompiler = (argument, context) => {
  const evaluators = operands(argument).map((item) => context.compile(item));
  return (root, variables) => {
    let product: unknown = 1;
    for (const evaluate of evaluators) {
      const value = evaluate(root, variables);
      if (isNullish(value)) return null;
      if (!isNumeric(value)) fail(14, `$multiply only supports numeric types, not ${typeName(value)}`);
      product = multiply(product, value);
    }
    return product;
  };
};

function binary(name: string, apply: (a: unknown, b: unknown) => unknown): OperatorCompiler {
  return (argument, context) => {
    const [left, right] = fixedArity(name, argument, 2).map((item) => context.compile(item)) as [Evaluator, Evaluator];
    return (root, variables) => apply(left(root, variables), right(root, variables));
  };
}

function subtractValues(a: unknown, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) return subtract(a, b);
  if (isNullish(a) || isNullish(b)) return null;
  if (a instanceof Date) {
    if (b instanceof Date) return a.getTime() - b.getTime();
    if (isNumeric(b)) return new Date(a.getTime() - Math.trunc(toDouble(b)));
    fail(14, `can't $subtract ${typeName(b)} from Date`);
  }
  return fail(14, `can't $subtract ${typeName(b)} from ${typeName(a)}`);
}

function divideValues(a: unknown, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) {
    if (isDecimal(a) || isDecimal(b)) {
      const divisor = exactDecimal(b);
      if (isDecimalZero(divisor)) fail(2, "can't $divide by zero");
      return toDecimal128(divideDecimals(exactDecimal(a), divisor));
    }
    const denominator = toDouble(b);
    if (denominator === 0) fail(2, "can't $divide by zero");
    return toDouble(a) / denominator;
  }
  if (isNullish(a) || isNullish(b)) return null;
  return fail(14, `$divide only supports numeric types, not ${typeName(a)} and ${typeName(b)}`);
}

function isDecimalZero(value: ExactDecimal): boolean {
  return value.kind === 'finite' && value.coefficient === 0n;
}

function decimalModulo(a: unknown, b: unknown): unknown {
  const divisor = exactDecimal(b);
  if (isDecimalZero(divisor)) fail(5733415, "can't $mod by zero");
  return toDecimal128(remainderDecimals(exactDecimal(a), divisor));
}

function modValues(a: unknown, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) {
    if (isDecimal(a) || isDecimal(b)) return decimalModulo(a, b);
    if (toDouble(b) === 0) fail(16610, "can't $mod by zero");
    const x = exactInteger(a);
    const y = exactInteger(b);
    if (x !== undefined && y !== undefined) return bigToValue(x % y);
    return toDouble(a) % toDouble(b);
  }
  if (isNullish(a) || isNullish(b)) return null;
  return fail(16611, `$mod only supports numeric types, not ${typeName(a)} and ${typeName(b)}`);
}

/** An operator of one numeric argument: nullish gives null, other non-numbers are errors. */
function singleNumeric(name: string, apply: (value: unknown) => unknown): OperatorCompiler {
  return (argument, context) => {
    const [operand] = fixedArity(name, argument, 1).map((item) => context.compile(item)) as [Evaluator];
    return (root, variables) => {
      const value = operand(root, variables);
      if (isNullish(value)) return null;
      if (!isNumeric(value)) fail(28765, `${name} only supports numeric types, not ${typeName(value)}`);
      return apply(plainNumber(value));
    };
  };
}

/** NaN and infinities come back as they are (the same object). */
function decimalQuantize(value: Decimal128, exponent: number, mode: RoundingMode): Decimal128 {
  const decimal = fromDecimal128(value);
  return decimal.kind === 'finite' ? toDecimal128(quantizeDecimal(decimal, exponent, mode)) : value;
}

function absValue(value: unknown): unknown {
  if (typeof value === 'number') return Math.abs(value);
  if (isDecimal(value)) return toDecimal128(absDecimal(fromDecimal128(value)));
  const exact = exactInteger(value);
  return exact !== undefined ? bigToValue(exact < 0n ? -exact : exact) : Math.abs(toDouble(value));
}

function roundingOf(value: unknown, mode: RoundingMode, doubleOp: (x: number) => number): unknown {
  if (typeof value === 'number') return doubleOp(value);
  return isDecimal(value) ? decimalQuantize(value, 0, mode) : value;
}

/** Doubles are rounded through their exact decimal expansion, as MongoDB quantizes a Decimal128. */
function roundDouble(value: number, place: number, mode: RoundingMode): number {
  const exact = fromDouble(value, 34);
  if (exact.kind !== 'finite' || exact.exponent >= -place) return value;
  return decimalToDouble(quantizeDecimal(exact, -place, mode));
}

function roundValue(value: unknown, place: number, mode: RoundingMode): unknown {
  if (isDecimal(value)) return decimalQuantize(value, -place, mode);
  if (isDoubleValue(value)) return roundDouble(toDouble(value), place, mode);
  if (place >= 0) return value;
  const exact = exactInteger(value) ?? BigInt(Math.trunc(toDouble(value)));
  const rounded = quantizeDecimal(fromInteger(exact), -place, mode);
  return rounded.kind === 'finite' ? bigToValue(truncateDecimal(rounded)) : value;
}

function roundOrTrunc(mode: RoundingMode): OperatorCompiler {
  return (argument, context, name) => {
    const evaluators = rangedArity(name, argument, 1, 2).map((item) => context.compile(item));
    const [operand, placeOperand] = evaluators as [Evaluator, Evaluator | undefined];
    return (root, variables) => {
      const value = operand(root, variables);
      if (isNullish(value)) return null;
      if (!isNumeric(value)) fail(51081, `${name} only supports numeric types, not ${typeName(value)}`);
      let place = 0;
      if (placeOperand !== undefined) {
        const placeValue = placeOperand(root, variables);
        if (isNullish(placeValue)) return null;
        if (!isIntegral64(placeValue)) fail(51082, `precision argument to  ${name} must be a integral value`);
        place = Math.trunc(toDouble(placeValue));
        if (place < -20 || place > 100) {
          fail(51083, `cannot apply ${name} with precision value ${place} value must be in [-20, 100]`);
        }
      }
      return roundValue(plainNumber(value), place, mode);
    };
  };
}

function viaDouble(value: unknown, op: (x: number) => number): unknown {
  return isDecimal(value) ? toDecimal(op(toDouble(value))) : op(toDouble(value));
}

function positiveLog(name: string, code: number, op: (x: number) => number): OperatorCompiler {
  return singleNumeric(name, (value) => {
    const number = toDouble(value);
    if (!(number > 0) && !Number.isNaN(number)) fail(code, `${name}'s argument must be a positive number, but is ${number}`);
    return viaDouble(value, op);
  });
}

function logValues(value: unknown, base: unknown): unknown {
  if (isNullish(value) || isNullish(base)) return null;
  if (!isNumeric(value)) fail(28756, `$log's argument must be numeric, not ${typeName(value)}`);
  if (!isNumeric(base)) fail(28757, `$log's base must be numeric, not ${typeName(base)}`);
  const x = toDouble(value);
  const b = toDouble(base);
  if (!(x > 0) && !Number.isNaN(x)) fail(28758, `$log's argument must be a positive number, but is ${x}`);
  if (!((b > 0 && b !== 1) || Number.isNaN(b))) {
    fail(28759, `$log's base must be a positive number not equal to 1, but is ${b}`);
  }
  const result = Math.log(x) / Math.log(b);
  return isDecimal(value) || isDecimal(base) ? toDecimal(result) : result;
}

function integerPower(base: bigint, exponent: bigint): unknown {
  if (base === 0n) return exponent === 0n ? 1 : 0;
  if (base === 1n) return 1;
  if (base === -1n) return exponent % 2n === 0n ? 1 : -1;
  if (exponent < 0n || exponent > 63n) return Math.pow(Number(base), Number(exponent));
  return bigToValue(base ** exponent);
}

function powValues(base: unknown, exponent: unknown): unknown {
  if (isNullish(base) || isNullish(exponent)) return null;
  if (!isNumeric(base)) fail(28762, `$pow's base must be numeric, not ${typeName(base)}`);
  if (!isNumeric(exponent)) fail(28763, `$pow's exponent must be numeric, not ${typeName(exponent)}`);
  const b = toDouble(base);
  const e = toDouble(exponent);
  if (b === 0 && e < 0) fail(28764, '$pow cannot take a base of 0 and a negative exponent');
  if (isDecimal(base) || isDecimal(exponent)) return toDecimal(Math.pow(b, e));
  const exactBase = exactInteger(base);
  const exactExponent = exactInteger(exponent);
  if (exactBase === undefined || exactExponent === undefined) return Math.pow(b, e);
  return integerPower(exactBase, exactExponent);
}

function sqrtValue(value: unknown): unknown {
  if (toDouble(value) < 0) fail(28714, "$sqrt's argument must be greater than or equal to 0");
  return viaDouble(value, Math.sqrt);
}

export const arithmeticOperators: OperatorTable = {
  $add: compileAdd,
  $subtract: binary('$subtract', subtractValues),
  $multiply: compileMultiply,
  $divide: binary('$divide', divideValues),
  $mod: binary('$mod', modValues),
  $abs: singleNumeric('$abs', absValue),
  $ceil: singleNumeric('$ceil', (value) => roundingOf(value, 'ceiling', Math.ceil)),
  $floor: singleNumeric('$floor', (value) => roundingOf(value, 'floor', Math.floor)),
  $round: roundOrTrunc('halfEven'),
  $trunc: roundOrTrunc('towardZero'),
  $sqrt: singleNumeric('$sqrt', sqrtValue),
  $exp: singleNumeric('$exp', (value) => viaDouble(value, Math.exp)),
  $ln: positiveLog('$ln', 28766, Math.log),
  $log10: positiveLog('$log10', 28761, Math.log10),
  $log: binary('$log', logValues),
  $pow: binary('$pow', powValues),
};
