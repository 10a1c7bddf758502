/**
 * $sum, $avg, $min, $max, $stdDevPop and $stdDevSamp in expression form: a single argument that
 * evaluates to an array is accumulated element by element, otherwise every argument is one input.
 */
import { compareValues, toDouble } from '../../bson-values.js';
import { isNullish, operands } from './args.js';
import type { Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import {
  DECIMAL_ZERO,
  addDecimals,
  divideDecimals,
  fromDecimal128,
  fromDouble,
  fromInteger,
  toDecimal128,
  toExactDecimal,
} from '../../decimal-arithmetic.js';
import type { ExactDecimal } from '../../decimal-arithmetic.js';
import { add, isDecimal, isDoubleValue, isNumeric } from './numeric.js';

/** Feeds the operator's inputs to `accept` in MongoDB's order. */
function inputs(evaluators: readonly Evaluator[]): (root: Parameters<Evaluator>[0], variables: Parameters<Evaluator>[1], accept: (value: unknown) => void) => void {
  const single = evaluators.length === 1 ? evaluators[0] : undefined;
  return (root, variables, accept) => {
    if (single !== undefined) {
      const value = single(root, variables);
      if (Array.isArray(value)) for (const item of value) accept(item);
      else accept(value);
      return;
    }
    for (const evaluate of evaluators) accept(evaluate(root, variables));
  };
}

function accumulatorOperator<State>(
  start: () => State,
  step: (state: State, value: unknown) => State,
  finish: (state: State) => unknown,
): OperatorCompiler {
  return (argument, context) => {
    const feed = inputs(operands(argument).map((item) => context.compile(item)));
    return (root, variables) => {
      let state = start();
      feed(root, variables, (value) => {
        state = step(state, value);
      });
      return finish(state);
    };
  };
}

interface SumState {
  total: unknown;
  /** Decimal inputs, summed apart from the others as mongod's AccumulatorSum does. */
  decimal: ExactDecimal | undefined;
  count: number;
}

function sumStep(state: SumState, value: unknown): SumState {
  if (!isNumeric(value)) return state;
  if (isDecimal(value)) state.decimal = addDecimals(state.decimal ?? DECIMAL_ZERO, fromDecimal128(value));
  else state.total = add(state.total, value);
  state.count++;
  return state;
}

/** Decimals plus the other inputs, whose double total converts with 34 digits (mongod's getDecimal). */
function decimalTotal(state: SumState, decimal: ExactDecimal): ExactDecimal {
  const others = isDoubleValue(state.total) ? fromDouble(toDouble(state.total), 34) : toExactDecimal(state.total);
  return addDecimals(decimal, others ?? DECIMAL_ZERO);
}

function sum(state: SumState): unknown {
  return state.decimal === undefined ? state.total : toDecimal128(decimalTotal(state, state.decimal));
}

function average(state: SumState): unknown {
  if (state.count === 0) return null;
  if (state.decimal === undefined) return toDouble(state.total) / state.count;
  return toDecimal128(divideDecimals(decimalTotal(state, state.decimal), fromInteger(BigInt(state.count))));
}

function extremum(sign: 1 | -1): OperatorCompiler {
  return accumulatorOperator<{ best: unknown }>(
    () => ({ best: undefined }),
    (state, value) => {
      if (isNullish(value)) return state;
      if (state.best === undefined || sign * compareValues(value, state.best) > 0) state.best = value;
      return state;
    },
    (state) => (state.best === undefined ? null : state.best),
  );
}

interface DeviationState {
  count: number;
  mean: number;
  squares: number;
}

function deviationStep(state: DeviationState, value: unknown): DeviationState {
  if (!isNumeric(value)) return state;
  // Welford's online algorithm keeps the variance numerically stable.
  const x = toDouble(value);
  state.count++;
  const delta = x - state.mean;
  state.mean += delta / state.count;
  state.squares += delta * (x - state.mean);
  return state;
}

function deviation(sample: boolean): OperatorCompiler {
  return accumulatorOperator<DeviationState>(
    () => ({ count: 0, mean: 0, squares: 0 }),
    deviationStep,
    (state) => {
      const divisor = sample ? state.count - 1 : state.count;
      return divisor <= 0 ? null : Math.sqrt(state.squares / divisor);
    },
  );
}

export const accumulatorOperators: OperatorTable = {
  $sum: accumulatorOperator<SumState>(() => ({ total: 0, decimal: undefined, count: 0 }), sumStep, sum),
  $avg: accumulatorOperator<SumState>(() => ({ total: 0, decimal: undefined, count: 0 }), sumStep, average),
  $min: extremum(-1),
  $max: extremum(1),
  $stdDevPop: deviation(false),
  $stdDevSamp: deviation(true),
};
