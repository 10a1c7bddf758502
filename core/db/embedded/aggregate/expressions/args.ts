/**
 * Argument handling shared by every operator group: arity checks with MongoDB's messages, named
 * argument objects, error construction and value rendering for error messages.
 */
import { MongoServerError } from '../../errors.js';
import { bsonTypeName, isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';

/** Throws a server error with MongoDB's numeric code (unnamed codes become `Location<code>`). */
export function fail(code: number, message: string): never {
  throw new MongoServerError(code, message);
}

/** MongoDB's type alias of a value, as used in its error messages (`missing` for undefined). */
export function typeName(value: unknown): string {
  return bsonTypeName(value);
}

/** Null, undefined (a missing field) — the values most operators answer with null for. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

export function isDocument(value: unknown): value is Document {
  return isPlainObject(value);
}

/** Arguments of an n-ary operator: an array lists them, anything else is the single argument. */
export function operands(argument: unknown): readonly unknown[] {
  return Array.isArray(argument) ? argument : [argument];
}

export function fixedArity(name: string, argument: unknown, count: number): readonly unknown[] {
  const args = operands(argument);
  if (args.length !== count) {
    fail(16020, `Expression ${name} takes exactly ${count} arguments. ${args.length} were passed in.`);
  }
  return args;
}

export function rangedArity(name: string, argument: unknown, min: number, max: number): readonly unknown[] {
  const args = operands(argument);
  if (args.length < min || args.length > max) {
    fail(
      28667,
      `Expression ${name} takes at least ${min} arguments, and at most ${max}. ${args.length} were passed in.`,
    );
  }
  return args;
}

/** How an operator taking named arguments reports a malformed specification. */
export interface NamedArgsErrors {
  readonly notObject: readonly [number, string];
  readonly unknown: (field: string) => readonly [number, string];
}

/** Reads `{field: expression}` arguments, rejecting anything not in `allowed`. */
export function namedArgs(
  argument: unknown,
  allowed: readonly string[],
  errors: NamedArgsErrors,
): Readonly<Record<string, unknown>> {
  if (!isPlainObject(argument)) fail(errors.notObject[0], errors.notObject[1]);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(argument)) {
    if (!allowed.includes(key)) {
      const [code, message] = errors.unknown(key);
      fail(code, message);
    }
    out[key] = argument[key];
  }
  return out;
}

/** Throws `code`/`message` when a required named argument is absent. */
export function requireArg(args: Readonly<Record<string, unknown>>, key: string, code: number, message: string): unknown {
  if (!Object.hasOwn(args, key)) fail(code, message);
  return args[key];
}

/**
 * The value of an argument that is a constant at parse time: a literal that is not a field path
 * or expression object, or `{$literal: v}` / `{$const: v}`. Undefined when not constant.
 */
export function literalValue(expression: unknown): { value: unknown } | undefined {
  if (typeof expression === 'string') return expression.startsWith('$') ? undefined : { value: expression };
  if (Array.isArray(expression)) return undefined;
  if (isPlainObject(expression)) {
    const keys = Object.keys(expression);
    if (keys.length === 1 && (keys[0] === '$literal' || keys[0] === '$const')) {
      return { value: expression[keys[0]] };
    }
    return undefined;
  }
  return { value: expression };
}

/** Assigns an own data property, even for keys such as `__proto__` that plain assignment mangles. */
export function setOwn(target: Document, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A value rendered roughly the way MongoDB prints values inside error messages. */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString();
  }
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `[${value.map((item: unknown) => renderValue(item)).join(', ')}]`;
  if (isPlainObject(value)) {
    const fields = Object.keys(value).map((key) => `${key}: ${renderValue(value[key])}`);
    return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
  }
  const tag = typeName(value);
  if (tag === 'objectId') return `ObjectId('${String(value)}')`;
  if (tag === 'decimal') return `NumberDecimal("${String(value)}")`;
  if (tag === 'long') return `NumberLong(${String(value)})`;
  return String(value);
}
