/**
 * Array operators that take positional arguments.
 */
import { toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { fail, fixedArity, isDocument, isNullish, namedArgs, operands, rangedArity, renderValue, setOwn, typeName } from './args.js';
import type { CompileContext, Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import { isIntegral32, isNumeric } from './numeric.js';
import { expressionValuesEqual } from './ordering.js';
import { indexBound } from './strings.js';

function compileAll(args: readonly unknown[], context: CompileContext): Evaluator[] {
  return args.map((item) => context.compile(item));
}

function elementAt(name: string, arity: number, array: unknown, index: unknown): unknown {
  if (isNullish(array) || isNullish(index)) return null;
  if (!Array.isArray(array)) {
    fail(28689, `${name}'s ${arity === 1 ? 'argument' : 'first argument'} must be an array, but is ${typeName(array)}`);
  }
  if (!isNumeric(index)) fail(28690, `${name}'s second argument must be a numeric value, but is ${typeName(index)}`);
  if (!isIntegral32(index)) {
    fail(28691, `${name}'s second argument must be representable as a 32-bit integer: ${toDouble(index)}`);
  }
  const position = toDouble(index);
  const resolved = position < 0 ? array.length + position : position;
  return resolved < 0 ? undefined : array[resolved];
}

const compileArrayElemAt: OperatorCompiler = (argument, context) => {
  const [array, index] = compileAll(fixedArity('$arrayElemAt', argument, 2), context) as [Evaluator, Evaluator];
  return (root, variables) => elementAt('$arrayElemAt', 2, array(root, variables), index(root, variables));
};

function firstOrLast(name: string, position: number): OperatorCompiler {
  return (argument, context) => {
    const [array] = compileAll(fixedArity(name, argument, 1), context) as [Evaluator];
    return (root, variables) => elementAt(name, 1, array(root, variables), position);
  };
}

const compileSize: OperatorCompiler = (argument, context) => {
  const [array] = compileAll(fixedArity('$size', argument, 1), context) as [Evaluator];
  return (root, variables) => {
    const value = array(root, variables);
    if (!Array.isArray(value)) fail(17124, `The argument to $size must be an array, but was of type: ${typeName(value)}`);
    return value.length;
  };
};

function sliceArray(array: readonly unknown[], second: unknown, count: unknown, hasCount: boolean): unknown {
  const position = toDouble(second);
  if (!hasCount) {
    return position >= 0 ? array.slice(0, position) : array.slice(Math.max(0, array.length + position));
  }
  if (isNullish(count)) return null;
  if (!isNumeric(count)) fail(28727, `Third argument to $slice must be numeric, but is of type: ${typeName(count)}`);
  if (!isIntegral32(count)) {
    fail(28728, `Third argument to $slice can't be represented as a 32-bit integer: ${toDouble(count)}`);
  }
  const length = toDouble(count);
  if (length <= 0) fail(28729, `Third argument to $slice must be positive: ${length}`);
  const start = position < 0 ? Math.max(0, array.length + position) : Math.min(array.length, position);
  return array.slice(start, start + length);
}

const compileSlice: OperatorCompiler = (argument, context) => {
  const evaluators = compileAll(rangedArity('$slice', argument, 2, 3), context);
  const [array, second, count] = evaluators as [Evaluator, Evaluator, Evaluator?];
  return (root, variables) => {
    const value = array(root, variables);
    const position = second(root, variables);
    if (isNullish(value) || isNullish(position)) return null;
    if (!Array.isArray(value)) fail(28724, `First argument to $slice must be an array, but is of type: ${typeName(value)}`);
    if (!isNumeric(position)) {
      fail(28725, `Second argument to $slice must be a numeric value, but is of type: ${typeName(position)}`);
    }
    if (!isIntegral32(position)) {
      fail(28726, `Second argument to $slice can't be represented as a 32-bit integer: ${toDouble(position)}`);
    }
    const countValue = count === undefined ? undefined : count(root, variables);
    return sliceArray(value, position, countValue, count !== undefined);
  };
};

const compileConcatArrays: OperatorCompiler = (argument, context) => {
  const evaluators = compileAll(operands(argument), context);
  return (root, variables) => {
    const out: unknown[] = [];
    for (const evaluate of evaluators) {
      const value = evaluate(root, variables);
      if (isNullish(value)) return null;
      if (!Array.isArray(value)) fail(28664, `$concatArrays only supports arrays, not ${typeName(value)}`);
      for (const item of value) out.push(item);
    }
    return out;
  };
};

const compileIn: OperatorCompiler = (argument, context) => {
  const [needle, haystack] = compileAll(fixedArity('$in', argument, 2), context) as [Evaluator, Evaluator];
  return (root, variables) => {
    const value = needle(root, variables);
    const array = haystack(root, variables);
    if (!Array.isArray(array)) fail(40081, `$in requires an array as a second argument, found: ${typeName(array)}`);
    for (const item of array) if (expressionValuesEqual(value, item)) return true;
    return false;
  };
};

const compileIndexOfArray: OperatorCompiler = (argument, context) => {
  const name = '$indexOfArray';
  const evaluators = compileAll(rangedArity(name, argument, 2, 4), context);
  const [input, search, start, end] = evaluators as [Evaluator, Evaluator, Evaluator?, Evaluator?];
  return (root, variables) => {
    const array = input(root, variables);
    if (isNullish(array)) return null;
    if (!Array.isArray(array)) {
      fail(40090, `$indexOfArray requires an array as a first argument, found: ${typeName(array)}`);
    }
    const from = start === undefined ? 0 : indexBound(name, start(root, variables), 'starting index');
    const to = end === undefined ? array.length : Math.min(array.length, indexBound(name, end(root, variables), 'ending index'));
    const wanted = search(root, variables);
    for (let i = from; i < to; i++) if (expressionValuesEqual(array[i], wanted)) return i;
    return -1;
  };
};

const compileIsArray: OperatorCompiler = (argument, context) => {
  const [operand] = compileAll(fixedArity('$isArray', argument, 1), context) as [Evaluator];
  return (root, variables) => Array.isArray(operand(root, variables));
};

const compileReverseArray: OperatorCompiler = (argument, context) => {
  const [operand] = compileAll(fixedArity('$reverseArray', argument, 1), context) as [Evaluator];
  return (root, variables) => {
    const value = operand(root, variables);
    if (isNullish(value)) return null;
    if (!Array.isArray(value)) {
      fail(34435, `The argument to $reverseArray must be an array, but was of type: ${typeName(value)}`);
    }
    return value.slice().reverse();
  };
};

/** MongoDB caps the memory a $range may allocate (internalQueryMaxRangeBytes, 100 MiB). */
const RANGE_MEMORY_LIMIT = 104857600;

function rangeBound(value: unknown, label: string, codes: readonly [number, number]): number {
  if (!isNumeric(value)) fail(codes[0], `$range requires a numeric ${label}, found value of type: ${typeName(value)}`);
  if (!isIntegral32(value)) {
    fail(codes[1], `$range requires a ${label} that can be represented as a 32-bit integer, found value: ${renderValue(value)}`);
  }
  return toDouble(value);
}

const compileRange: OperatorCompiler = (argument, context) => {
  const evaluators = compileAll(rangedArity('$range', argument, 2, 3), context);
  const [startOf, endOf, stepOf] = evaluators as [Evaluator, Evaluator, Evaluator?];
  return (root, variables) => {
    const start = rangeBound(startOf(root, variables), 'starting value', [34443, 34444]);
    const end = rangeBound(endOf(root, variables), 'ending value', [34445, 34446]);
    let step = 1;
    if (stepOf !== undefined) {
      const value = stepOf(root, variables);
      if (!isNumeric(value)) fail(34447, `$range requires a numeric step value, found value of type:${typeName(value)}`);
      if (!isIntegral32(value)) {
        fail(34448, `$range requires a step value that can be represented as a 32-bit integer, found value: ${renderValue(value)}`);
      }
      step = toDouble(value);
      if (step === 0) fail(34449, '$range requires a non-zero step value');
    }
    const steps = Math.trunc((end - start) / step);
    const memory = 24 + (steps >= 0 ? steps + 1 : 0) * 16;
    if (memory >= RANGE_MEMORY_LIMIT) {
      fail(146, `$range would use too much memory (${memory} bytes) and cannot spill to disk. Memory limit: ${RANGE_MEMORY_LIMIT} bytes`);
    }
    const out: number[] = [];
    for (let current = start; step > 0 ? current < end : current > end; current += step) out.push(current);
    return out;
  };
};

function zipSpec(argument: unknown, context: CompileContext): { inputs: Evaluator[]; defaults: Evaluator[]; longest: boolean } {
  const args = namedArgs(argument, ['inputs', 'defaults', 'useLongestLength'], {
    notObject: [34460, `$zip only supports an object as an argument, found ${typeName(argument)}`],
    unknown: (field) => [34464, `$zip found an unknown argument: ${field}`],
  });
  const rawInputs = args.inputs ?? [];
  if (!Array.isArray(rawInputs)) fail(34461, `inputs must be an array of expressions, found ${typeName(rawInputs)}`);
  const rawDefaults = args.defaults ?? [];
  if (!Array.isArray(rawDefaults)) fail(34462, `defaults must be an array of expressions, found ${typeName(rawDefaults)}`);
  const longest = args.useLongestLength ?? false;
  if (typeof longest !== 'boolean') fail(34463, `useLongestLength must be a bool, found ${typeName(longest)}`);
  if (rawInputs.length === 0) fail(34465, '$zip requires at least one input array');
  if (!longest && rawDefaults.length > 0) fail(34466, 'cannot specify defaults unless useLongestLength is true');
  if (rawDefaults.length > 0 && rawDefaults.length !== rawInputs.length) {
    fail(34467, 'defaults and inputs must have the same length');
  }
  return { inputs: compileAll(rawInputs, context), defaults: compileAll(rawDefaults, context), longest };
}

const compileZip: OperatorCompiler = (argument, context) => {
  const { inputs, defaults, longest } = zipSpec(argument, context);
  return (root, variables) => {
    const arrays: unknown[][] = [];
    for (const input of inputs) {
      const value = input(root, variables);
      if (isNullish(value)) return null;
      if (!Array.isArray(value)) fail(34468, `$zip found a non-array expression in input: ${renderValue(value)}`);
      arrays.push(value);
    }
    const lengths = arrays.map((array) => array.length);
    const min = Math.min(...lengths);
    const max = Math.max(...lengths);
    const fill = arrays.map((_array, i) => (min !== max && defaults[i] !== undefined ? (defaults[i] as Evaluator)(root, variables) : null));
    const out: unknown[][] = [];
    for (let row = 0; row < (longest ? max : min); row++) {
      out.push(arrays.map((array, column) => (row < array.length ? array[row] : fill[column])));
    }
    return out;
  };
};

function pairFromArray(element: unknown): [string, unknown] {
  if (!Array.isArray(element)) {
    fail(40396, `$arrayToObject requires a consistent input format. Elements mustall be arrays or all be objects. Array was detected, now found: ${typeName(element)}`);
  }
  if (element.length !== 2) fail(40397, `$arrayToObject requires an array of size 2 arrays,found array of size: ${element.length}`);
  const key: unknown = element[0];
  if (typeof key !== 'string') {
    fail(40395, `$arrayToObject requires an array of key-value pairs, where the key must be of type string. Found key type: ${typeName(key)}`);
  }
  if (key.includes('\0')) fail(4940400, 'Key field cannot contain an embedded null byte');
  return [key, element[1]];
}

function pairFromObject(element: unknown): [string, unknown] {
  if (!isDocument(element)) {
    fail(40391, `$arrayToObject requires a consistent input format. Elements mustall be arrays or all be objects. Object was detected, now found: ${typeName(element)}`);
  }
  const size = Object.keys(element).length;
  if (size !== 2) fail(40392, `$arrayToObject requires an object keys of 'k' and 'v'. Found incorrect number of keys:${size}`);
  if (element.k === undefined || element.v === undefined) {
    fail(40393, `$arrayToObject requires an object with keys 'k' and 'v'. Missing either or both keys from: ${renderValue(element)}`);
  }
  if (typeof element.k !== 'string') {
    fail(40394, `$arrayToObject requires an object with keys 'k' and 'v', where the value of 'k' must be of type string. Found type: ${typeName(element.k)}`);
  }
  if (element.k.includes('\0')) fail(4940401, 'Key field cannot contain an embedded null byte');
  return [element.k, element.v];
}

function arrayToObject(value: unknown): unknown {
  if (isNullish(value)) return null;
  if (!Array.isArray(value)) fail(40386, `$arrayToObject requires an array input, found: ${typeName(value)}`);
  const out: Document = {};
  if (value.length === 0) return out;
  const first: unknown = value[0];
  if (!Array.isArray(first) && !isDocument(first)) {
    fail(40398, `Unrecognised input type format for $arrayToObject: ${typeName(first)}`);
  }
  const read = Array.isArray(first) ? pairFromArray : pairFromObject;
  for (const element of value) {
    const [key, item] = read(element);
    setOwn(out, key, item);
  }
  return out;
}

function objectToArray(value: unknown): unknown {
  if (isNullish(value)) return null;
  if (!isDocument(value)) fail(40390, `$objectToArray requires a document input, found: ${typeName(value)}`);
  const out: Document[] = [];
  for (const key of Object.keys(value)) {
    if (value[key] !== undefined) out.push({ k: key, v: value[key] });
  }
  return out;
}

function unaryOperator(name: string, apply: (value: unknown) => unknown): OperatorCompiler {
  return (argument, context) => {
    const [operand] = compileAll(fixedArity(name, argument, 1), context) as [Evaluator];
    return (root, variables) => apply(operand(root, variables));
  };
}

export const arrayOperators: OperatorTable = {
  $arrayElemAt: compileArrayElemAt,
  $first: firstOrLast('$first', 0),
  $last: firstOrLast('$last', -1),
  $size: compileSize,
  $slice: compileSlice,
  $concatArrays: compileConcatArrays,
  $in: compileIn,
  $indexOfArray: compileIndexOfArray,
  $isArray: compileIsArray,
  $reverseArray: compileReverseArray,
  $range: compileRange,
  $zip: compileZip,
  $arrayToObject: unaryOperator('$arrayToObject', arrayToObject),
  $objectToArray: unaryOperator('$objectToArray', objectToArray),
};
