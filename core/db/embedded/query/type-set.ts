/**
 * `$type` operands: string aliases, numeric BSON type codes, `"number"`, or an array of those.
 */
import { BsonTypeNumbers, bsonTypeName, isNumeric } from '../bson-values.js';
import { MongoServerError, serverError } from '../errors.js';
import { isNaNValue } from './values.js';

const ALIASES = new Set([
  'double',
  'string',
  'object',
  'array',
  'binData',
  'undefined',
  'objectId',
  'bool',
  'date',
  'null',
  'regex',
  'dbPointer',
  'javascript',
  'symbol',
  'javascriptWithScope',
  'int',
  'timestamp',
  'long',
  'decimal',
  'minKey',
  'maxKey',
]);

const EXTRA_TYPE_CODES: Readonly<Record<number, string>> = { 12: 'dbPointer', 15: 'javascriptWithScope' };

/** A parsed `$type` operand. */
export interface TypeSet {
  readonly allNumbers: boolean;
  readonly names: ReadonlySet<string>;
}

function addSingle(operand: unknown, names: Set<string>): boolean {
  if (typeof operand === 'string') {
    if (operand === 'number') return true;
    if (ALIASES.has(operand)) {
      names.add(operand);
      return false;
    }
    if (operand === 'missing') {
      throw serverError('BadValue', "'missing' is not a legal type name. To query for non-existence of a field, use {$exists:false}.");
    }
    throw serverError('BadValue', `Unknown type name alias: ${operand}`);
  }
  if (!isNumeric(operand)) throw serverError('TypeMismatch', 'type must be represented as a number or a string');
  const code = typeof operand === 'number' ? operand : Number(String(operand));
  if (isNaNValue(operand) || !Number.isInteger(code)) {
    throw serverError('BadValue', `Invalid numerical type code: ${String(code)}`);
  }
  if (code === 0) throw serverError('BadValue', `Invalid numerical type code: ${code}. Instead use {$exists:false}.`);
  const name = BsonTypeNumbers[code] ?? EXTRA_TYPE_CODES[code];
  if (name === undefined) throw serverError('BadValue', `Invalid numerical type code: ${code}`);
  names.add(name);
  return false;
}

/** Parses a `$type` operand; `path` names the queried field for the empty-array error. */
export function parseTypeSet(operand: unknown, path: string): TypeSet {
  const names = new Set<string>();
  let allNumbers = false;
  const operands = Array.isArray(operand) ? operand : [operand];
  for (const single of operands) allNumbers = addSingle(single, names) || allNumbers;
  if (!allNumbers && names.size === 0) {
    throw new MongoServerError(9, `${path} must match at least one type`);
  }
  return { allNumbers, names };
}

/** Whether a value (never a missing one) is of one of the set's types. */
export function typeSetMatches(typeSet: TypeSet, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeSet.allNumbers && isNumeric(value)) return true;
  return typeSet.names.has(bsonTypeName(value));
}
