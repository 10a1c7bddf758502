/**
 * $let, $literal (and its alias $const) and $rand.
 */
import { cloneValue } from '../../bson-values.js';
import { fail, isDocument } from './args.js';
import type { Evaluator, OperatorCompiler, OperatorTable } from './context.js';

const compileLet: OperatorCompiler = (argument, context) => {
  if (!isDocument(argument)) fail(16874, '$let only supports an object as its argument');
  let vars: unknown;
  let body: unknown;
  let hasVars = false;
  let hasBody = false;
  for (const key of Object.keys(argument)) {
    if (key === 'vars') [vars, hasVars] = [argument[key], true];
    else if (key === 'in') [body, hasBody] = [argument[key], true];
    else fail(16875, `Unrecognized parameter to $let: ${key}`);
  }
  if (!hasVars) fail(16876, "Missing 'vars' parameter to $let");
  if (!hasBody) fail(16877, "Missing 'in' parameter to $let");
  if (!isDocument(vars)) fail(10065, 'invalid parameter: expected an object (vars)');
  const names = Object.keys(vars);
  // Definitions see only the outer scope; the body sees the new variables.
  const definitions = names.map((name) => context.compile(vars[name]));
  const bound = context.bind(names);
  const inner = bound.context.compile(body);
  const slots = bound.slots;
  const store = context.store;
  return (root, variables) => {
    // Definitions cannot read the slots being written (they are compiled in the outer scope).
    for (let i = 0; i < definitions.length; i++) store[slots[i] as number] = (definitions[i] as Evaluator)(root, variables);
    return inner(root, variables);
  };
};

const compileLiteral: OperatorCompiler = (argument) => {
  if (typeof argument === 'object' && argument !== null && (Array.isArray(argument) || isDocument(argument))) {
    // Copies keep callers that mutate results from corrupting the constant.
    return () => cloneValue(argument);
  }
  return () => argument;
};

const compileRand: OperatorCompiler = (argument) => {
  if (!isDocument(argument) || Object.keys(argument).length > 0) fail(3040501, '$rand does not currently accept arguments');
  return () => Math.random();
};

export const miscOperators: OperatorTable = {
  $let: compileLet,
  $literal: compileLiteral,
  $const: compileLiteral,
  $rand: compileRand,
};
