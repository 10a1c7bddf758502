import type { Document } from '../bson-values.js';

/** Variables visible to an expression: user `let` variables plus NOW, ROOT, CURRENT… */
export type Variables = Readonly<Record<string, unknown>>;

/** A compiled aggregation expression. */
export type CompiledExpression = (root: Document, variables: Variables) => unknown;

export function compileExpression(expression: unknown): CompiledExpression {
  throw new Error(`compileExpression pending: ${JSON.stringify(expression)}`);
}

export function evaluateExpression(expression: unknown, root: Document, variables: Variables = {}): unknown {
  return compileExpression(expression)(root, variables);
}
