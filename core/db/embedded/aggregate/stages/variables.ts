/**
 * `let` variables of `$lookup` (and friends): names validated like mongod's user variables,
 * values evaluated against the outer document and layered over the outer variables.
 */
import type { Document } from '../../bson-values.js';
import type { CompiledExpression, Variables } from '../expression.js';
import { fail } from './util.js';

/** Compiled `let` definitions. */
export interface LetVariables {
  readonly names: readonly string[];
  readonly values: readonly CompiledExpression[];
}

function isLowerAscii(code: number): boolean {
  return code >= 97 && code <= 122;
}

function isNameCharacter(code: number): boolean {
  return isLowerAscii(code) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code >= 128;
}

/** Throws 16866/16867/16868 for names a user may not define (CURRENT is the one writable system name). */
export function validateVariableName(name: string): void {
  if (name === 'CURRENT') return;
  if (name.length === 0) throw fail(16866, 'empty variable names are not allowed');
  const first = name.charCodeAt(0);
  if (!isLowerAscii(first) && first < 128) {
    throw fail(16867, `'${name}' starts with an invalid character for a user variable name`);
  }
  for (let i = 1; i < name.length; i++) {
    if (!isNameCharacter(name.charCodeAt(i))) {
      throw fail(16868, `'${name}' contains an invalid character for a variable name: '${name[i] as string}'`);
    }
  }
}

/** Validates and compiles a `let` document. */
export function compileLetVariables(spec: Document, compile: (expression: unknown) => CompiledExpression): LetVariables {
  const names = Object.keys(spec);
  for (const name of names) validateVariableName(name);
  return { names, values: names.map((name) => compile(spec[name])) };
}

/** The outer variables plus the `let` values computed from `document`. */
export function evaluateLet(letVariables: LetVariables, document: Document, outer: Variables): Variables {
  const variables: Record<string, unknown> = { ...outer };
  for (let i = 0; i < letVariables.names.length; i++) {
    variables[letVariables.names[i] as string] = (letVariables.values[i] as CompiledExpression)(document, outer);
  }
  return variables;
}
