/**
 * Set operators. Arrays are treated as sets (duplicates ignored); like MongoDB, whose sets are
 * ordered, $setUnion and $setIntersection return their elements sorted.
 */
import { compareValues } from '../../bson-values.js';
import { fail, fixedArity, isNullish, operands, typeName } from './args.js';
import type { Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import { expressionKey } from './ordering.js';
import { isTruthy } from './truthy.js';

function keySet(array: readonly unknown[]): Set<string> {
  const keys = new Set<string>();
  for (const item of array) keys.add(expressionKey(item));
  return keys;
}

function sorted(values: Map<string, unknown>): unknown[] {
  return [...values.values()].sort(compareValues);
}

const compileSetUnion: OperatorCompiler = (argument, context) => {
  const evaluators = operands(argument).map((item) => context.compile(item));
  return (root, variables) => {
    const union = new Map<string, unknown>();
    for (const evaluate of evaluators) {
      const value = evaluate(root, variables);
      if (isNullish(value)) return null;
      if (!Array.isArray(value)) fail(17043, `All operands of $setUnion must be arrays. One argument is of type: ${typeName(value)}`);
      for (const item of value) {
        const key = expressionKey(item);
        if (!union.has(key)) union.set(key, item);
      }
    }
    return sorted(union);
  };
};

const compileSetIntersection: OperatorCompiler = (argument, context) => {
  const evaluators = operands(argument).map((item) => context.compile(item));
  return (root, variables) => {
    let current: Map<string, unknown> | undefined;
    for (const evaluate of evaluators) {
      const value = evaluate(root, variables);
      if (isNullish(value)) return null;
      if (!Array.isArray(value)) {
        fail(17047, `All operands of $setIntersection must be arrays. One argument is of type: ${typeName(value)}`);
      }
      if (current === undefined) {
        current = new Map(value.map((item: unknown) => [expressionKey(item), item] as const));
      } else if (current.size > 0) {
        const keys = keySet(value);
        for (const key of [...current.keys()]) if (!keys.has(key)) current.delete(key);
      }
    }
    return current === undefined ? [] : sorted(current);
  };
};

const compileSetDifference: OperatorCompiler = (argument, context) => {
  const [left, right] = fixedArity('$setDifference', argument, 2).map((item) => context.compile(item)) as [Evaluator, Evaluator];
  return (root, variables) => {
    const a = left(root, variables);
    const b = right(root, variables);
    if (isNullish(a) || isNullish(b)) return null;
    if (!Array.isArray(a)) fail(17048, `both operands of $setDifference must be arrays. First argument is of type: ${typeName(a)}`);
    if (!Array.isArray(b)) fail(17049, `both operands of $setDifference must be arrays. Second argument is of type: ${typeName(b)}`);
    const seen = keySet(b);
    const out: unknown[] = [];
    for (const item of a) {
      const key = expressionKey(item);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(item);
      }
    }
    return out;
  };
};

const compileSetEquals: OperatorCompiler = (argument, context) => {
  const args = operands(argument);
  if (args.length < 2) fail(17045, `$setEquals needs at least two arguments had: ${args.length}`);
  const evaluators = args.map((item) => context.compile(item));
  return (root, variables) => {
    let first: Set<string> | undefined;
    let equal = true;
    evaluators.forEach((evaluate, index) => {
      const value = evaluate(root, variables);
      if (!Array.isArray(value)) {
        fail(17044, `All operands of $setEquals must be arrays. ${index + 1}-th argument is of type: ${typeName(value)}`);
      }
      const keys = keySet(value);
      if (first === undefined) first = keys;
      else if (equal) equal = keys.size === first.size && [...keys].every((key) => first?.has(key));
    });
    return equal;
  };
};

const compileSetIsSubset: OperatorCompiler = (argument, context) => {
  const [left, right] = fixedArity('$setIsSubset', argument, 2).map((item) => context.compile(item)) as [Evaluator, Evaluator];
  return (root, variables) => {
    const a = left(root, variables);
    const b = right(root, variables);
    if (!Array.isArray(a)) fail(17046, `both operands of $setIsSubset must be arrays. First argument is of type: ${typeName(a)}`);
    if (!Array.isArray(b)) fail(17042, `both operands of $setIsSubset must be arrays. Second argument is of type: ${typeName(b)}`);
    const keys = keySet(b);
    return a.every((item: unknown) => keys.has(expressionKey(item)));
  };
};

function elementTruth(name: string, code: number, any: boolean): OperatorCompiler {
  return (argument, context) => {
    const [operand] = fixedArity(name, argument, 1).map((item) => context.compile(item)) as [Evaluator];
    return (root, variables) => {
      const value = operand(root, variables);
      if (!Array.isArray(value)) fail(code, `${name}'s argument must be an array, but is ${typeName(value)}`);
      return any ? value.some((item: unknown) => isTruthy(item)) : value.every((item: unknown) => isTruthy(item));
    };
  };
}

export const setOperators: OperatorTable = {
  $setUnion: compileSetUnion,
  $setIntersection: compileSetIntersection,
  $setDifference: compileSetDifference,
  $setEquals: compileSetEquals,
  $setIsSubset: compileSetIsSubset,
  $anyElementTrue: elementTruth('$anyElementTrue', 17041, true),
  $allElementsTrue: elementTruth('$allElementsTrue', 17040, false),
};
