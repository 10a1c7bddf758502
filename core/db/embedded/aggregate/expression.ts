/**
 * The aggregation expression language: `compileExpression` turns an expression specification
 * (field paths, variables, literals, embedded documents/arrays and `$operator` objects) into a
 * closure evaluated once per document. Compile once, evaluate many times.
 *
 * Results may share structure with the input document and with constant sub-expressions; clone
 * before mutating them.
 */
import type { Document } from '../bson-values.js';
import { compile } from './expressions/compiler.js';
import type { Variables } from './expressions/context.js';

export type { Variables } from './expressions/context.js';
export { isTruthy } from './expressions/truthy.js';
export { isExpressionOperator } from './expressions/compiler.js';

/** A compiled aggregation expression. */
export type CompiledExpression = (root: Document, variables: Variables) => unknown;

/**
 * Compiles an expression. Parse errors (unknown operators, wrong argument counts, invalid field
 * paths…) are thrown here as MongoServerErrors; type errors are thrown at evaluation. `$$NOW` is
 * `variables.NOW` when supplied, else a time fixed at the first evaluation of this compilation.
 */
export function compileExpression(expression: unknown): CompiledExpression {
  return compile(expression);
}

/** Compiles and evaluates `expression` once (`undefined` means the result is missing). */
export function evaluateExpression(expression: unknown, root: Document, variables: Variables = {}): unknown {
  return compileExpression(expression)(root, variables);
}
