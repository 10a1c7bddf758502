/**
 * `$redact`: evaluates its expression at every document level; `$$KEEP` keeps the level whole,
 * `$$PRUNE` drops it and `$$DESCEND` keeps its scalars and redacts its sub-documents (also those
 * inside arrays).
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import type { CompiledExpression, Variables } from '../expression.js';
import { compileFast } from './expr.js';
import type { StageRunner } from './types.js';
import { fail, renderCompact } from './util.js';

/** The values `$$KEEP`, `$$PRUNE` and `$$DESCEND` evaluate to (mongod uses these strings too). */
export const RedactVariables = {
  KEEP: 'keep',
  PRUNE: 'prune',
  DESCEND: 'descend',
} as const;

function redactArray(values: readonly unknown[], redact: (document: Document) => Document | undefined): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (isPlainObject(value)) {
      const kept = redact(value);
      if (kept !== undefined) out.push(kept);
    } else if (Array.isArray(value)) {
      out.push(redactArray(value, redact));
    } else {
      out.push(value);
    }
  }
  return out;
}

function redactor(expression: CompiledExpression, variables: Variables): (document: Document) => Document | undefined {
  const redact = (document: Document): Document | undefined => {
    const decision = expression(document, variables);
    if (decision === RedactVariables.KEEP) return document;
    if (decision === RedactVariables.PRUNE) return undefined;
    if (decision !== RedactVariables.DESCEND) {
      throw fail(
        17053,
        "$redact's expression should not return anything aside from the variables $$KEEP, $$DESCEND, and $$PRUNE, " +
          `but returned ${decision === undefined ? 'MISSING' : renderCompact(decision)}`,
      );
    }
    const out: Document = {};
    for (const key of Object.keys(document)) {
      const value = document[key];
      if (isPlainObject(value)) {
        const kept = redact(value);
        if (kept !== undefined) out[key] = kept;
      } else if (Array.isArray(value)) {
        out[key] = redactArray(value, redact);
      } else {
        out[key] = value;
      }
    }
    return out;
  };
  return redact;
}

/** Compiles `$redact`. */
export function compileRedact(spec: unknown): StageRunner {
  const expression = compileFast(spec);
  return function* redactDocuments(input, run) {
    // Known gap: the expression engine binds $$ROOT to the level being redacted, not the top.
    const redact = redactor(expression, run.variables);
    for (const document of input) {
      const kept = redact(document);
      if (kept !== undefined) yield kept;
    }
  };
}
