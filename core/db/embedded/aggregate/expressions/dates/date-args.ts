/**
 * Argument helpers shared by the date operators: date coercion and timezone arguments.
 */
import type { ObjectId } from 'bson';
import { fail, isNullish, literalValue, typeName } from '../args.js';
import type { CompileContext, Evaluator } from '../context.js';
import { resolveTimeZone, utcZone } from './time-zone.js';
import type { TimeZone } from './time-zone.js';

function bsonTag(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { _bsontype?: unknown })._bsontype : undefined;
}

/** Dates, Timestamps and ObjectIds can stand for a date. */
export function isCoercibleToDate(value: unknown): boolean {
  if (value instanceof Date) return true;
  const tag = bsonTag(value);
  return tag === 'Timestamp' || tag === 'ObjectId';
}

/** Milliseconds since the epoch of a date-like value; other types throw 16006. */
export function coerceToDateMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const tag = bsonTag(value);
  if (tag === 'Timestamp') return (value as { t: number }).t * 1000;
  if (tag === 'ObjectId') return (value as ObjectId).getTimestamp().getTime();
  return fail(16006, `can't convert from BSON type ${typeName(value)} to Date`);
}

/** Evaluates a timezone argument: a zone, or null when the argument is nullish. */
export type ZoneEvaluator = (root: Parameters<Evaluator>[0], variables: Parameters<Evaluator>[1]) => TimeZone | null;

/** Error reported when a timezone argument is not a string. */
export type ZoneTypeError = (value: unknown) => never;

export const defaultZoneTypeError: ZoneTypeError = (value) =>
  fail(40517, `timezone must evaluate to a string, found ${typeName(value)}`);

/**
 * Compiles an optional timezone argument; constant names are resolved once (so an unknown zone
 * is reported when the expression is compiled, as MongoDB does while optimizing).
 */
export function compileZone(raw: unknown, present: boolean, context: CompileContext, onBadType: ZoneTypeError = defaultZoneTypeError): ZoneEvaluator {
  if (!present) return () => utcZone();
  const constant = literalValue(raw);
  if (constant !== undefined && typeof constant.value === 'string') {
    const zone = resolveTimeZone(constant.value);
    return () => zone;
  }
  const evaluate = context.compile(raw);
  return (root, variables) => {
    const value = evaluate(root, variables);
    if (isNullish(value)) return null;
    if (typeof value !== 'string') onBadType(value);
    return resolveTimeZone(value);
  };
}

/** Runs `compute`, prefixing any error message with MongoDB's "caused by" context. */
export function withContext<T>(context: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof Error && 'code' in error) error.message = `${context} :: caused by :: ${error.message}`;
    throw error;
  }
}
