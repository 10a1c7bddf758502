/**
 * Validation of command fields at the wire edge, answering as mongod's IDL does
 * (40414 for a missing required field, 14 TypeMismatch for a wrong type). zod is not used
 * here because drivers match on these exact codes and messages.
 */
import { Long } from 'bson';
import { isNumeric, isPlainObject, toDouble, type Document } from '../bson-values.js';
import { MongoServerError, serverError } from '../errors.js';

function typeLabel(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (isPlainObject(value)) return 'object';
  return typeof value;
}

function wrongType(command: string, field: string, value: unknown, expected: string): MongoServerError {
  return serverError(
    'TypeMismatch',
    `BSON field '${command}.${field}' is the wrong type '${typeLabel(value)}', expected type${expected.includes(',') ? 's' : ''} '${expected}'`,
  );
}

export function missing(command: string, field: string): MongoServerError {
  return new MongoServerError(40414, `BSON field '${command}.${field}' is missing but a required field`);
}

export function optionalDocument(body: Document, command: string, field: string): Document | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw wrongType(command, field, value, 'object');
  return value;
}

export function requiredArray(body: Document, command: string, field: string): unknown[] {
  const value = body[field];
  if (value === undefined) throw missing(command, field);
  if (!Array.isArray(value)) throw wrongType(command, field, value, 'array');
  return value;
}

export function optionalArray(body: Document, command: string, field: string): unknown[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(command, field, value, 'array');
  return value;
}

export function optionalInteger(body: Document, command: string, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isNumeric(value)) throw wrongType(command, field, value, '[long, int, decimal, double]');
  const number = toDouble(value);
  if (!Number.isFinite(number) || Math.trunc(number) !== number) {
    throw serverError('BadValue', `${field} must be a whole number, got ${String(number)}`);
  }
  return number;
}

export function optionalNonNegativeInteger(body: Document, command: string, field: string): number | undefined {
  const value = optionalInteger(body, command, field);
  if (value !== undefined && value < 0) {
    throw new MongoServerError(51024, `BSON field '${field}' value must be >= 0, actual value '${value}'`);
  }
  return value;
}

export function optionalBoolean(body: Document, command: string, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (isNumeric(value)) return toDouble(value) !== 0;
  throw wrongType(command, field, value, 'bool');
}

export function requiredString(body: Document, command: string, field: string): string {
  const value = body[field];
  if (value === undefined) throw missing(command, field);
  if (typeof value !== 'string') throw wrongType(command, field, value, 'string');
  return value;
}

/** The collection a command names in its first field. */
export function collectionName(body: Document, command: string): string {
  const value = body[command];
  if (typeof value !== 'string') {
    throw serverError('InvalidNamespace', `collection name has invalid type ${typeLabel(value)}`);
  }
  if (value.length === 0) throw serverError('InvalidNamespace', `Invalid namespace specified '${String(body['$db'])}.'`);
  return value;
}

/** Cursor ids arrive as Long (or, from odd clients, as numbers). */
export function cursorId(value: unknown, command: string, field: string): bigint {
  if (Long.isLong(value)) return value.toBigInt();
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'bigint') return value;
  throw wrongType(command, field, value, 'long');
}

/** A non-simple collation is refused rather than silently ignored. */
export function assertSimpleCollation(body: Document | undefined): void {
  const collation = body?.['collation'];
  if (collation === undefined || collation === null) return;
  if (isPlainObject(collation) && (collation['locale'] === 'simple' || Object.keys(collation).length === 0)) return;
  throw serverError(
    'BadValue',
    'collations other than "simple" are not supported by the Stratum embedded server; use MongoDB for locale-aware comparisons',
  );
}
