/**
 * Comparison, boolean and conditional operators.
 */
import { fail, fixedArity, isDocument, isNullish, operands, typeName } from './args.js';
import type { Evaluator, OperatorCompiler, OperatorTable } from './context.js';
import { compareExpressionValues } from './ordering.js';
import { isTruthy } from './truthy.js';

function comparison(name: string, test: (order: number) => boolean): OperatorCompiler {
  return (argument, context) => {
    const [left, right] = fixedArity(name, argument, 2).map((item) => context.compile(item)) as [Evaluator, Evaluator];
    return (root, variables) => test(compareExpressionValues(left(root, variables), right(root, variables)));
  };
}

const compileCmp: OperatorCompiler = (argument, context) => {
  const [left, right] = fixedArity('$cmp', argument, 2).map((item) => context.compile(item)) as [Evaluator, Evaluator];
  return (root, variables) => compareExpressionValues(left(root, variables), right(root, variables));
};

const compileAnd: OperatorCompiler = (argument, context) => {
  const evaluators = operands(argument).map((item) => context.compile(item));
  return (root, variables) => {
    for (const evaluate of evaluators) {
      if (!isTruthy(evaluate(root, variables))) return false;
    }
    return true;
  };
};

const compileOr: OperatorCompiler = (argument, context) => {
  const evaluators = operands(argument).map((item) => context.compile(item));
  return (root, variables) => {
    for (const evaluate of evaluators) {
      if (isTruthy(evaluate(root, variables))) return true;
    }
    return false;
  };
};

const compileNot: OperatorCompiler = (argument, context) => {
  const [operand] = fixedArity('$not', argument, 1).map((item) => context.compile(item)) as [Evaluator];
  return (root, variables) => !isTruthy(operand(root, variables));
};

function condParts(argument: unknown): readonly unknown[] {
  if (!isDocument(argument)) return fixedArity('$cond', argument, 3);
  const parts: unknown[] = [undefined, undefined, undefined];
  const seen = [false, false, false];
  for (const key of Object.keys(argument)) {
    const index = key === 'if' ? 0 : key === 'then' ? 1 : key === 'else' ? 2 : -1;
    if (index < 0) fail(17083, `Unrecognized parameter to $cond: ${key}`);
    parts[index] = argument[key];
    seen[index] = true;
  }
  if (!seen[0]) fail(17080, "Missing 'if' parameter to $cond");
  if (!seen[1]) fail(17081, "Missing 'then' parameter to $cond");
  if (!seen[2]) fail(17082, "Missing 'else' parameter to $cond");
  return parts;
}

const compileCond: OperatorCompiler = (argument, context) => {
  const [test, then, otherwise] = condParts(argument).map((item) => context.compile(item)) as [
    Evaluator,
    Evaluator,
    Evaluator,
  ];
  return (root, variables) => (isTruthy(test(root, variables)) ? then(root, variables) : otherwise(root, variables));
};

const compileIfNull: OperatorCompiler = (argument, context) => {
  const args = operands(argument);
  if (args.length < 2) fail(1257300, `$ifNull needs at least two arguments, had: ${args.length}`);
  const evaluators = args.map((item) => context.compile(item));
  const last = evaluators.length - 1;
  return (root, variables) => {
    for (let i = 0; i < last; i++) {
      const value = (evaluators[i] as Evaluator)(root, variables);
      if (!isNullish(value)) return value;
    }
    return (evaluators[last] as Evaluator)(root, variables);
  };
};

interface Branch {
  readonly test: Evaluator;
  readonly then: Evaluator;
}

function switchBranch(branch: unknown, context: Parameters<OperatorCompiler>[1]): Branch {
  if (!isDocument(branch)) fail(40062, `$switch expected each branch to be an object, found: ${typeName(branch)}`);
  let test: Evaluator | undefined;
  let then: Evaluator | undefined;
  for (const key of Object.keys(branch)) {
    if (key === 'case') test = context.compile(branch[key]);
    else if (key === 'then') then = context.compile(branch[key]);
    else fail(40063, `$switch found an unknown argument to a branch: ${key}`);
  }
  if (test === undefined) fail(40064, "$switch requires each branch have a 'case' expression");
  if (then === undefined) fail(40065, "$switch requires each branch have a 'then' expression.");
  return { test, then };
}

const compileSwitch: OperatorCompiler = (argument, context) => {
  if (!isDocument(argument)) fail(40060, `$switch requires an object as an argument, found: ${typeName(argument)}`);
  const branches: Branch[] = [];
  let fallback: Evaluator | undefined;
  for (const key of Object.keys(argument)) {
    const value = argument[key];
    if (key === 'branches') {
      if (!Array.isArray(value)) fail(40061, `$switch expected an array for 'branches', found: ${typeName(value)}`);
      for (const branch of value) branches.push(switchBranch(branch, context));
    } else if (key === 'default') {
      fallback = context.compile(value);
    } else {
      fail(40067, `$switch found an unknown argument: ${key}`);
    }
  }
  if (branches.length === 0) fail(40068, '$switch requires at least one branch.');
  return (root, variables) => {
    for (const branch of branches) {
      if (isTruthy(branch.test(root, variables))) return branch.then(root, variables);
    }
    if (fallback === undefined) {
      fail(40066, '$switch could not find a matching branch for an input, and no default was specified.');
    }
    return fallback(root, variables);
  };
};

export const logicOperators: OperatorTable = {
  $eq: comparison('$eq', (order) => order === 0),
  $ne: comparison('$ne', (order) => order !== 0),
  $gt: comparison('$gt', (order) => order > 0),
  $gte: comparison('$gte', (order) => order >= 0),
  $lt: comparison('$lt', (order) => order < 0),
  $lte: comparison('$lte', (order) => order <= 0),
  $cmp: compileCmp,
  $and: compileAnd,
  $or: compileOr,
  $not: compileNot,
  $cond: compileCond,
  $ifNull: compileIfNull,
  $switch: compileSwitch,
};
