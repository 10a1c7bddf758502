/**
 * Array operators that iterate with variables or order elements: $filter, $map, $reduce,
 * $sortArray and the array forms of $firstN, $lastN, $minN and $maxN.
 */
import { compareValues, toDouble } from '../../bson-values.js';
import { fail, isDocument, isNullish, namedArgs, renderValue, typeName } from './args.js';
import type { CompileContext, Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import { splitPath, traversePath } from './field-path.js';
import { isIntegral32, isNumeric } from './numeric.js';
import { isTruthy } from './truthy.js';

function variableName(raw: unknown): string {
  return raw === undefined ? 'this' : typeof raw === 'string' ? raw : '';
}

function filterLimit(value: unknown): number | undefined {
  if (isNullish(value)) return undefined;
  if (!isIntegral32(value)) fail(327391, `$filter: limit must be represented as a 32-bit integral value: ${renderValue(value)}`);
  const limit = toDouble(value);
  if (limit <= 0) fail(327392, `$filter: limit must be greater than 0: ${renderValue(value)}`);
  return limit;
}

const compileFilter: OperatorCompiler = (argument, context) => {
  const args = namedArgs(argument, ['input', 'as', 'cond', 'limit'], {
    notObject: [28646, '$filter only supports an object as its argument'],
    unknown: (field) => [28647, `Unrecognized parameter to $filter: ${field}`],
  });
  if (!Object.hasOwn(args, 'input')) fail(28648, "Missing 'input' parameter to $filter");
  if (!Object.hasOwn(args, 'cond')) fail(28650, "Missing 'cond' parameter to $filter");
  const input = context.compile(args.input);
  const bound = context.bind([variableName(args.as)]);
  const slot = bound.slots[0] as number;
  const cond = bound.context.compile(args.cond);
  const limitOf = Object.hasOwn(args, 'limit') ? context.compile(args.limit) : undefined;
  const store = context.store;
  return (root, variables) => {
    const array = input(root, variables);
    if (isNullish(array)) return null;
    if (!Array.isArray(array)) fail(28651, `input to $filter must be an array not ${typeName(array)}`);
    if (array.length === 0) return array;
    const limit = limitOf === undefined ? undefined : filterLimit(limitOf(root, variables));
    const out: unknown[] = [];
    for (const element of array) {
      store[slot] = element;
      if (isTruthy(cond(root, variables))) {
        out.push(element);
        if (out.length === limit) break;
      }
    }
    return out;
  };
};

const compileMap: OperatorCompiler = (argument, context) => {
  const args = namedArgs(argument, ['input', 'as', 'in'], {
    notObject: [16878, '$map only supports an object as its argument'],
    unknown: (field) => [16879, `Unrecognized parameter to $map: ${field}`],
  });
  if (!Object.hasOwn(args, 'input')) fail(16880, "Missing 'input' parameter to $map");
  if (!Object.hasOwn(args, 'in')) fail(16882, "Missing 'in' parameter to $map");
  const input = context.compile(args.input);
  const bound = context.bind([variableName(args.as)]);
  const slot = bound.slots[0] as number;
  const each = bound.context.compile(args.in);
  const store = context.store;
  return (root, variables) => {
    const array = input(root, variables);
    if (isNullish(array)) return null;
    if (!Array.isArray(array)) fail(16883, `input to $map must be an array not ${typeName(array)}`);
    const out = new Array<unknown>(array.length);
    for (let i = 0; i < array.length; i++) {
      store[slot] = array[i];
      const value = each(root, variables);
      out[i] = value === undefined ? null : value;
    }
    return out;
  };
};

const compileReduce: OperatorCompiler = (argument, context) => {
  if (!isDocument(argument)) fail(40075, `$reduce requires an object as an argument, found: ${typeName(argument)}`);
  const args = namedArgs(argument, ['input', 'initialValue', 'in'], {
    notObject: [40075, ''],
    unknown: (field) => [40076, `$reduce found an unknown argument: ${field}`],
  });
  if (!Object.hasOwn(args, 'input')) fail(40077, "$reduce requires 'input' to be specified");
  if (!Object.hasOwn(args, 'initialValue')) fail(40078, "$reduce requires 'initialValue' to be specified");
  if (!Object.hasOwn(args, 'in')) fail(40079, "$reduce requires 'in' to be specified");
  const input = context.compile(args.input);
  const initial = context.compile(args.initialValue);
  const bound = context.bind(['this', 'value']);
  const [thisSlot, valueSlot] = bound.slots as [number, number];
  const body = bound.context.compile(args.in);
  const store = context.store;
  return (root, variables) => {
    const array = input(root, variables);
    if (isNullish(array)) return null;
    if (!Array.isArray(array)) fail(40080, `$reduce requires that 'input' be an array, found: ${renderValue(array)}`);
    let accumulated = initial(root, variables);
    for (const element of array) {
      store[thisSlot] = element;
      store[valueSlot] = accumulated;
      accumulated = body(root, variables);
    }
    return accumulated;
  };
};

type Comparator = (a: unknown, b: unknown) => number;

function sortKeyOf(value: unknown, parts: readonly string[], descending: boolean): unknown {
  const found = isDocument(value) ? traversePath(value, parts, 0) : undefined;
  if (!Array.isArray(found)) return found;
  // Like $sort: an array contributes its smallest element ascending and its largest descending.
  let best: unknown;
  for (const item of found) {
    if (best === undefined || (descending ? compareValues(item, best) > 0 : compareValues(item, best) < 0)) best = item;
  }
  return best;
}

function sortComparator(sortBy: unknown): Comparator {
  if (isNumeric(sortBy)) {
    const order = toDouble(sortBy);
    if (order !== 1 && order !== -1) fail(2942506, 'The $sort element value must be either 1 or -1');
    return (a, b) => order * compareValues(a, b);
  }
  if (!isDocument(sortBy)) {
    fail(2942507, 'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
  }
  const keys = Object.keys(sortBy).map((path) => {
    const order = sortBy[path];
    if (!isNumeric(order) || (toDouble(order) !== 1 && toDouble(order) !== -1)) {
      fail(2942505, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    }
    return { parts: splitPath(path), order: toDouble(order) };
  });
  if (keys.length === 0) fail(2942505, '$sort specification must have at least one sort key');
  return (a, b) => {
    for (const key of keys) {
      const descending = key.order < 0;
      const order = compareValues(sortKeyOf(a, key.parts, descending), sortKeyOf(b, key.parts, descending));
      if (order !== 0) return order * key.order;
    }
    return 0;
  };
}

const compileSortArray: OperatorCompiler = (argument, context) => {
  const args = namedArgs(argument, ['input', 'sortBy'], {
    notObject: [2942500, `$sortArray requires an object as an argument, found: ${typeName(argument)}`],
    unknown: (field) => [2942501, `$sortArray found an unknown argument: ${field}`],
  });
  if (!Object.hasOwn(args, 'input')) fail(2942502, "$sortArray requires 'input' to be specified");
  if (!Object.hasOwn(args, 'sortBy')) fail(2942503, "$sortArray requires 'sortBy' to be specified");
  const input = context.compile(args.input);
  const comparator = sortComparator(args.sortBy);
  return (root, variables) => {
    const array = input(root, variables);
    if (isNullish(array)) return null;
    if (!Array.isArray(array)) {
      fail(2942504, `The input argument to $sortArray must be an array, but was of type: ${typeName(array)}`);
    }
    return array.length < 2 ? array : array.slice().sort(comparator);
  };
};

function validateN(value: unknown): number {
  if (!isNumeric(value)) fail(5787902, `Value for 'n' must be of integral type, but found ${renderValue(value)}`);
  const n = Math.trunc(toDouble(value));
  if (n !== toDouble(value)) fail(5787903, `Value for 'n' must be of integral type, but found ${renderValue(value)}`);
  if (n <= 0) fail(5787908, `'n' must be greater than 0, found ${n}`);
  return n;
}

function nArgs(argument: unknown, notObjectCode: number, context: CompileContext): [Evaluator, Evaluator] {
  const args = namedArgs(argument, ['n', 'input'], {
    notObject: [notObjectCode, `specification must be an object; found ${renderValue(argument)}`],
    unknown: (field) => [5787901, `Unknown argument for 'n' operator: ${field}`],
  });
  if (!Object.hasOwn(args, 'n')) fail(5787906, "Missing value for 'n'");
  if (!Object.hasOwn(args, 'input')) fail(5787907, "Missing value for 'input'");
  return [context.compile(args.n), context.compile(args.input)];
}

function nOperator(notObjectCode: number, select: (array: readonly unknown[], n: number) => unknown[]): OperatorCompiler {
  return (argument, context) => {
    const [nOf, input] = nArgs(argument, notObjectCode, context);
    return (root, variables) => {
      const n = validateN(nOf(root, variables));
      const array = input(root, variables);
      if (!Array.isArray(array)) fail(5788200, 'Input must be an array');
      return select(array, n);
    };
  };
}

function extremes(array: readonly unknown[], n: number, descending: boolean): unknown[] {
  const values = array.filter((item) => !isNullish(item));
  values.sort((a, b) => (descending ? compareValues(b, a) : compareValues(a, b)));
  return values.slice(0, n);
}

export const iterationOperators: OperatorTable = {
  $filter: compileFilter,
  $map: compileMap,
  $reduce: compileReduce,
  $sortArray: compileSortArray,
  $firstN: nOperator(5787801, (array, n) => array.slice(0, n)),
  $lastN: nOperator(5787801, (array, n) => array.slice(Math.max(0, array.length - n))),
  $minN: nOperator(5787900, (array, n) => extremes(array, n, false)),
  $maxN: nOperator(5787900, (array, n) => extremes(array, n, true)),
};
