/**
 * `$setWindowFields` output functions. Accumulators run over documents or range windows
 * (incrementally when the window starts at the partition's start); rank functions, `$shift`,
 * `$locf`, `$linearFill` and `$expMovingAvg` walk the sorted partition once.
 */
import { isNumeric, isPlainObject, toDouble } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { MongoServerError } from '../errors.js';
import { isWindowAccumulator, parseWindowAccumulator } from './accumulators.js';
import type { AccumulatorSpec } from './accumulators.js';
import type { CompiledExpression, Variables } from './expression.js';
import { compileFast, constantValue } from './stages/expr.js';
import { fail, parseFieldPath } from './stages/util.js';
import { documentRanges, parseWindowBounds, rangeKeys, rangeRanges, wholePartition } from './window-bounds.js';
import type { WindowBounds } from './window-bounds.js';

/** One sorted partition, as window functions see it. */
export interface PartitionData {
  readonly documents: readonly Document[];
  /** Values of the single sortBy field (undefined without sortBy). */
  readonly sortValues: readonly unknown[] | undefined;
  readonly compare: ((a: Document, b: Document) => number) | undefined;
  readonly variables: Variables;
}

/** A parsed output field of `$setWindowFields`. */
export interface WindowFunction {
  readonly path: readonly string[];
  /** The output value for every document of the partition (undefined leaves the field unset). */
  compute(partition: PartitionData): unknown[];
}

type Computer = (partition: PartitionData) => unknown[];

const invalid = (message: string): MongoServerError => serverError('FailedToParse', message);
const rankFunctions: ReadonlySet<string> = new Set(['$rank', '$denseRank', '$documentNumber']);
const unsupportedFunctions: ReadonlySet<string> = new Set([
  '$derivative', '$integral', '$covariancePop', '$covarianceSamp', '$median', '$percentile',
]);

function snapshot(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  return isPlainObject(value) ? { ...value } : value;
}

function accumulatorComputer(spec: AccumulatorSpec, bounds: WindowBounds): Computer {
  return (partition) => {
    const { documents, variables } = partition;
    const size = documents.length;
    const inputs = documents.map((document) => (spec.constant === undefined ? spec.argument(document, variables) : spec.constant.value));
    const out = new Array<unknown>(size);
    if (bounds.lower === 'unbounded' && bounds.upper === 'unbounded') {
      const accumulator = spec.create(null, variables);
      for (const input of inputs) accumulator.add(input);
      return out.fill(accumulator.result());
    }
    const ranges =
      bounds.kind === 'documents' ? documentRanges(bounds, size) : rangeRanges(bounds, rangeKeys(partition.sortValues ?? [], bounds.unit));
    if (bounds.lower === 'unbounded') {
      // Upper ends never move backwards: one accumulator serves the whole partition.
      const accumulator = spec.create(null, variables);
      let added = -1;
      for (let i = 0; i < size; i++) {
        const upper = ranges.upper(i);
        while (added < upper) accumulator.add(inputs[++added]);
        out[i] = snapshot(accumulator.result());
      }
      return out;
    }
    for (let i = 0; i < size; i++) {
      const accumulator = spec.create(null, variables);
      for (let j = ranges.lower(i), upper = ranges.upper(i); j <= upper; j++) accumulator.add(inputs[j]);
      out[i] = accumulator.result();
    }
    return out;
  };
}

function rankComputer(operator: string): Computer {
  return ({ documents, compare }) => {
    const out: number[] = [];
    for (let i = 0; i < documents.length; i++) {
      const tie = i > 0 && compare !== undefined && compare(documents[i - 1] as Document, documents[i] as Document) === 0;
      if (operator === '$documentNumber' || i === 0) out.push(i + 1);
      else if (operator === '$rank') out.push(tie ? (out[i - 1] as number) : i + 1);
      else out.push(tie ? (out[i - 1] as number) : (out[i - 1] as number) + 1);
    }
    return out;
  };
}

function shiftComputer(argument: unknown): Computer {
  if (!isPlainObject(argument)) throw invalid('Argument to $shift must be an object');
  const keys = Object.keys(argument);
  const unknown = keys.find((key) => key !== 'output' && key !== 'by' && key !== 'default');
  if (unknown !== undefined) throw invalid(`Unknown argument in $shift: ${unknown}`);
  if (!('output' in argument)) throw invalid("$shift requires an 'output' expression");
  if (!('by' in argument)) throw invalid("$shift requires 'by' as an integer value");
  const by = argument.by;
  if (!isNumeric(by) || !Number.isInteger(toDouble(by))) throw invalid("'$shift:by' field must be an integer, but found " + String(by));
  const fallback = 'default' in argument ? constantValue(argument.default) : { constant: true, value: null };
  if (!fallback.constant) throw invalid("'$shift:default' expression must yield a constant value");
  const output = compileFast(argument.output);
  const offset = toDouble(by);
  return ({ documents, variables }) =>
    documents.map((_, i) => {
      const target = documents[i + offset];
      if (target === undefined) return fallback.value;
      const value = output(target, variables);
      return value === undefined ? null : value;
    });
}

function locfComputer(input: CompiledExpression): Computer {
  return ({ documents, variables }) => {
    let last: unknown = null;
    return documents.map((document) => {
      const value = input(document, variables);
      if (value !== undefined && value !== null) last = value;
      return last;
    });
  };
}

function linearFillComputer(input: CompiledExpression): Computer {
  return ({ documents, variables, sortValues }) => {
    const values = documents.map((document) => input(document, variables));
    const keys = (sortValues ?? []).map((key) => (key instanceof Date ? key.getTime() : toDouble(key)));
    let previous = -1;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined || value === null) continue;
      for (let j = previous + 1; previous >= 0 && j < i; j++) {
        const from = toDouble(values[previous]);
        const ratio = ((keys[j] as number) - (keys[previous] as number)) / ((keys[i] as number) - (keys[previous] as number));
        values[j] = from + (toDouble(value) - from) * ratio;
      }
      previous = i;
    }
    return values.map((value) => (value === undefined ? null : value));
  };
}

function expMovingAvgComputer(argument: unknown): Computer {
  if (!isPlainObject(argument) || Object.keys(argument).length !== 2 || !('input' in argument)) {
    throw invalid("$expMovingAvg sub object must have exactly two fields: An 'input' field, and either an 'N' field or an 'alpha' field");
  }
  let alpha: number;
  if ('N' in argument) {
    const n = argument.N;
    if (!isNumeric(n) || !Number.isInteger(toDouble(n))) throw invalid("'N' field must be an integer");
    if (toDouble(n) <= 0) throw invalid(`'N' must be greater than zero. Got ${toDouble(n)}`);
    alpha = 2 / (toDouble(n) + 1);
  } else if ('alpha' in argument) {
    if (!isNumeric(argument.alpha)) throw invalid("'alpha' must be a number");
    alpha = toDouble(argument.alpha);
    if (!(alpha > 0 && alpha < 1)) throw invalid(`'alpha' must be between 0 and 1 (exclusive), found alpha: ${alpha}`);
  } else {
    throw invalid("$expMovingAvg sub object must have exactly two fields: An 'input' field, and either an 'N' field or an 'alpha' field");
  }
  const input = compileFast(argument.input);
  return ({ documents, variables }) => {
    let average: number | undefined;
    return documents.map((document) => {
      const value = input(document, variables);
      if (!isNumeric(value)) return null;
      average = average === undefined ? toDouble(value) : toDouble(value) * alpha + average * (1 - alpha);
      return average;
    });
  };
}

interface ParsedSpec {
  readonly operator: string;
  readonly argument: unknown;
  readonly window: unknown;
}

function splitSpec(field: string, spec: unknown): ParsedSpec {
  if (!isPlainObject(spec)) throw invalid(`The field '${field}' must be an object`);
  const keys = Object.keys(spec);
  const operator = keys.find((key) => key.startsWith('$'));
  if (operator === undefined) throw invalid(`Expected a $-prefixed window function${keys[0] === undefined ? '' : `, ${keys[0]}`}`);
  const known = isWindowAccumulator(operator) || rankFunctions.has(operator) || unsupportedFunctions.has(operator) ||
    ['$shift', '$locf', '$linearFill', '$expMovingAvg'].includes(operator);
  if (!known) throw invalid(`Unrecognized window function, ${operator}`);
  for (const key of keys) {
    if (key !== operator && key !== 'window') throw invalid(`${operator} got unexpected argument: ${key}`);
  }
  return { operator, argument: spec[operator], window: spec.window };
}

function requireSort(operator: string, sortFields: number | undefined, single: boolean): void {
  if (sortFields === undefined || (single && sortFields !== 1)) {
    throw fail(5371602, `${operator} must be specified with a top level sortBy expression with exactly one element`);
  }
}

function parseComputer(parsed: ParsedSpec, field: string, sortFields: number | undefined): Computer {
  const { operator, argument, window } = parsed;
  if (isWindowAccumulator(operator)) {
    const bounds = window === undefined ? wholePartition : parseWindowBounds(window, sortFields);
    return accumulatorComputer(parseWindowAccumulator(field, operator, argument), bounds);
  }
  if (unsupportedFunctions.has(operator)) throw serverError('CommandNotSupported', `${operator} is not supported by the embedded database`);
  if (window !== undefined) throw fail(5371601, 'Rank style window functions take no other arguments');
  if (rankFunctions.has(operator)) {
    if (!isPlainObject(argument) || Object.keys(argument).length > 0) throw fail(5371603, `${operator} must have an empty argument`);
    requireSort(operator, sortFields, true);
    return rankComputer(operator);
  }
  if (operator === '$shift') {
    requireSort(operator, sortFields, false);
    return shiftComputer(argument);
  }
  if (operator === '$expMovingAvg') {
    if (sortFields === undefined) throw invalid('$expMovingAvg requires an explicit \'sortBy\'');
    return expMovingAvgComputer(argument);
  }
  if (operator === '$linearFill') {
    requireSort(operator, sortFields, true);
    return linearFillComputer(compileFast(argument));
  }
  return locfComputer(compileFast(argument));
}

/** Parses one `output` field of `$setWindowFields`; `sortFields` counts sortBy keys (undefined: none). */
export function parseWindowFunction(field: string, spec: unknown, sortFields: number | undefined): WindowFunction {
  const path = parseFieldPath(field, '$setWindowFields');
  const compute = parseComputer(splitSpec(field, spec), field, sortFields);
  return { path, compute };
}
