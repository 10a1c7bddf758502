/**
 * Small helpers shared by the stage compilers: MongoDB-style value rendering for error messages,
 * field-path validation with MongoDB's codes, and numeric argument parsing.
 */
import { bsonTypeName, isNumeric, isPlainObject, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { MongoServerError } from '../../errors.js';

/** A MongoServerError with a numeric code (unnamed codes become `Location<code>`). */
export function fail(code: number, message: string): MongoServerError {
  return new MongoServerError(code, message);
}

/** The type name MongoDB prints in messages (`missing` for undefined). */
export function typeName(value: unknown): string {
  return bsonTypeName(value);
}

function renderNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

/** Renders a value roughly as mongod's Value::toString does inside error messages. */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'MISSING';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return renderNumber(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[ ${value.map((item: unknown) => renderValue(item)).join(', ')} ]`;
  }
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    return `{ ${keys.map((key) => `${key}: ${renderValue(value[key])}`).join(', ')} }`;
  }
  const tag = (value as { _bsontype?: unknown })._bsontype;
  if (tag === 'ObjectId') return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
  return String(value);
}

/** Renders a value as mongod's Document/Value::toString does (`{a: [1, 2]}`, no inner padding). */
export function renderCompact(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item: unknown) => renderCompact(item)).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .map((key) => `${key}: ${renderCompact(value[key])}`)
      .join(', ')}}`;
  }
  return renderValue(value);
}

/**
 * Validates a field path used as an output name (projection keys, `as`, `includeArrayIndex`…)
 * and splits it. `stage` prefixes the message like mongod's "Invalid $project :: caused by ::".
 */
export function parseFieldPath(path: string, stage?: string): string[] {
  const prefix = stage === undefined ? '' : `Invalid ${stage} :: caused by :: `;
  if (path.length === 0) throw fail(40352, `${prefix}FieldPath cannot be constructed with empty string`);
  if (path.endsWith('.')) throw fail(40353, `${prefix}FieldPath must not end with a '.'.`);
  const parts = path.split('.');
  for (const part of parts) {
    if (part.length === 0) throw fail(15998, `${prefix}FieldPath field names may not be empty strings.`);
    if (part.startsWith('$')) {
      throw fail(
        16410,
        `${prefix}FieldPath field names may not start with '$'. Consider using $getField or $setField.`,
      );
    }
    if (part.includes('\0')) throw fail(16411, `${prefix}FieldPath field names may not contain '\\0'.`);
  }
  return parts;
}

/** Parses a `$`-prefixed field path reference (`"$a.b"`) into its parts. */
export function parseFieldReference(reference: string, stage?: string): string[] {
  return parseFieldPath(reference.slice(1), stage);
}

/** True for an expression object (`{$op: …}`) as opposed to a literal or nested specification. */
export function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$');
}

/**
 * Reads an integral numeric stage argument ($limit, $skip): Decimal128 and Long count as numbers;
 * `label` builds messages like "invalid argument to $skip stage: Expected a number in: $skip: "x"".
 */
export function parseIntegralArgument(value: unknown, stage: string, code: number): number {
  const shown = `${stage}: ${renderValue(value)}`;
  if (!isNumeric(value)) throw fail(code, `invalid argument to ${stage} stage: Expected a number in: ${shown}`);
  const number = toDouble(value);
  if (!Number.isInteger(number)) {
    const tag = (value as { _bsontype?: unknown })?._bsontype;
    const reason = tag === 'Decimal128' || Number.isNaN(number) ? 'Cannot represent as a 64-bit integer' : 'Expected an integer';
    throw fail(code, `invalid argument to ${stage} stage: ${reason}: ${shown}`);
  }
  if (number < 0) {
    throw fail(code, `invalid argument to ${stage} stage: Expected a non-negative number in: ${shown}`);
  }
  return number;
}

/** Reads a field of a plain-object spec whose keys are checked elsewhere. */
export function specField(spec: Document, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
}
