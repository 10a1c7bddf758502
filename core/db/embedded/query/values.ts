/**
 * Small value helpers shared by the query language (matcher, sort, projection): own-field lookup,
 * BSON truthiness, and the value formatting MongoDB uses inside error messages.
 */
import type { Decimal128, Long } from 'bson';
import { isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';

/** The `_bsontype` tag of a bson value object, if any. */
export function bsonTag(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/**
 * A document's own field. Plain `obj[key]` would also see `Object.prototype` members (functions and
 * the `__proto__` accessor), which a stored document never has as fields.
 */
export function fieldOf(document: Document, key: string): unknown {
  const value = document[key];
  if (value === undefined) return undefined;
  if ((typeof value === 'function' || key === '__proto__') && !Object.hasOwn(document, key)) return undefined;
  return value;
}

/** BSON truthiness as the server computes it (`trueValue`): false, null, missing and numeric 0 are false. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  const tag = bsonTag(value);
  if (tag === 'Long') return !(value as Long).isZero();
  if (tag === 'Decimal128') return Number.parseFloat((value as Decimal128).toString()) !== 0;
  if (tag === 'Int32' || tag === 'Double') return (value as { value: number }).value !== 0;
  return true;
}

/** NaN as a double or as a Decimal128. */
export function isNaNValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isNaN(value);
  return bsonTag(value) === 'Decimal128' && (value as Decimal128).toString() === 'NaN';
}

/** The bytes of a BinData value (bson Binary, Buffer or Uint8Array). */
export function binaryBytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (bsonTag(value) !== 'Binary') return undefined;
  const binary = value as { buffer: Uint8Array; position: number };
  return binary.buffer.subarray(0, binary.position);
}

/** The `{pattern, flags}` of a JS RegExp or bson BSONRegExp value, flags in BSON option letters. */
export function regexValueParts(value: unknown): { pattern: string; options: string } | undefined {
  if (value instanceof RegExp) return { pattern: value.source, options: bsonOptionsOf(value.flags) };
  if (bsonTag(value) === 'BSONRegExp') {
    const regex = value as { pattern: string; options: string };
    return { pattern: regex.pattern, options: [...regex.options].sort().join('') };
  }
  return undefined;
}

/**
 * JS flags as BSON regex options. js-bson decodes the BSON option `s` as the JS flag `g` (and
 * encodes `g` back as `s`), so both mean dotAll here.
 */
function bsonOptionsOf(flags: string): string {
  let options = '';
  if (flags.includes('i')) options += 'i';
  if (flags.includes('m')) options += 'm';
  if (flags.includes('s') || flags.includes('g')) options += 's';
  return options;
}

/** Renders a value roughly as mongod prints BSON in error messages (`{ a: 1 }`, `"x"`, `1.5`). */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isNaN(value) ? 'nan.0' : String(value);
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      break;
  }
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(formatValue).join(', ')} ]`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value).map((key) => `${key}: ${formatValue(value[key])}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  const tag = bsonTag(value);
  if (tag === 'ObjectId') return `ObjectId('${String(value)}')`;
  return String(value);
}

/** `name: value` as mongod prints a BSON element. */
export function formatElement(name: string, value: unknown): string {
  return `${name}: ${formatValue(value)}`;
}
