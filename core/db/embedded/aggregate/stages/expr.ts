/**
 * Expression compilation for the pipeline's hot paths. Plain top-level field references and
 * constants skip the general expression engine: `$group` over a million documents spends most of
 * its time evaluating `_id` and the accumulator arguments.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { compileExpression } from '../expression.js';
import type { CompiledExpression } from '../expression.js';

function isSimpleFieldReference(expression: unknown): expression is string {
  return (
    typeof expression === 'string' &&
    expression.length > 1 &&
    expression[0] === '$' &&
    expression[1] !== '$' &&
    !expression.includes('.')
  );
}

/** True when the expression is a literal that evaluates to itself. */
function isSelfEvaluating(expression: unknown): boolean {
  if (typeof expression === 'string') return !expression.startsWith('$');
  if (expression === null || typeof expression !== 'object') return true;
  if (Array.isArray(expression) || isPlainObject(expression)) return false;
  return true; // Date, ObjectId, Decimal128…: constants
}

/** Compiles an aggregation expression, with fast paths for `"$field"` and literals. */
export function compileFast(expression: unknown): CompiledExpression {
  if (isSimpleFieldReference(expression)) {
    const field = expression.slice(1);
    return (root: Document) => root[field];
  }
  if (isSelfEvaluating(expression)) return () => expression;
  return compileExpression(expression);
}

/** The constant an expression evaluates to, when it is a literal (else `undefined` + false). */
export function constantValue(expression: unknown): { constant: boolean; value: unknown } {
  return isSelfEvaluating(expression) ? { constant: true, value: expression } : { constant: false, value: undefined };
}
