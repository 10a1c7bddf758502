/**
 * BSON value semantics shared by every part of the embedded server: the canonical cross-type
 * comparison order MongoDB uses for sorting and range queries, numeric equality across int32,
 * int64, double and Decimal128, `$type` names, and a canonical key string for hash lookups.
 *
 * Documents live in memory as deserialized JS values (bson `promoteValues`): int32 and double
 * become `number`, int64 becomes `number` when it is a safe integer and stays `Long` otherwise;
 * ObjectId, Decimal128, Binary, Timestamp, MinKey, MaxKey, Code and the like stay bson objects.
 */
import type { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';

export type Document = { [key: string]: unknown };

/** MongoDB's sort order across BSON types (lower sorts first). */
export const TypeOrder = {
  minKey: 1,
  null: 2,
  number: 3,
  string: 4,
  object: 5,
  array: 6,
  binData: 7,
  objectId: 8,
  bool: 9,
  date: 10,
  timestamp: 11,
  regex: 12,
  code: 13,
  maxKey: 14,
} as const;

function bsonTag(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/** A plain embedded document (not an array, not a bson value object, not a Date). */
export function isPlainObject(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  const tag = bsonTag(value);
  return tag === 'Long' || tag === 'Decimal128' || tag === 'Int32' || tag === 'Double';
}

/** Numeric value as a JS double (Long and Decimal128 lose precision past 2^53). */
export function toDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && value !== null) {
    const tag = bsonTag(value);
    if (tag === 'Long') return (value as Long).toNumber();
    if (tag === 'Decimal128') return Number.parseFloat((value as Decimal128).toString());
    if (tag === 'Int32' || tag === 'Double') return (value as { value: number }).value;
  }
  return Number.NaN;
}

export function canonicalTypeOrder(value: unknown): number {
  switch (typeof value) {
    case 'undefined':
      return TypeOrder.null;
    case 'number':
    case 'bigint':
      return TypeOrder.number;
    case 'string':
      return TypeOrder.string;
    case 'boolean':
      return TypeOrder.bool;
    case 'function':
      return TypeOrder.code;
    case 'symbol':
      return TypeOrder.string;
    case 'object':
      break;
  }
  if (value === null) return TypeOrder.null;
  if (Array.isArray(value)) return TypeOrder.array;
  if (value instanceof Date) return TypeOrder.date;
  if (value instanceof RegExp) return TypeOrder.regex;
  if (value instanceof Uint8Array) return TypeOrder.binData;
  switch (bsonTag(value as object)) {
    case undefined:
      return TypeOrder.object;
    case 'ObjectId':
      return TypeOrder.objectId;
    case 'Long':
    case 'Decimal128':
    case 'Int32':
    case 'Double':
      return TypeOrder.number;
    case 'Binary':
      return TypeOrder.binData;
    case 'Timestamp':
      return TypeOrder.timestamp;
    case 'MinKey':
      return TypeOrder.minKey;
    case 'MaxKey':
      return TypeOrder.maxKey;
    case 'BSONRegExp':
      return TypeOrder.regex;
    case 'Code':
      return TypeOrder.code;
    case 'BSONSymbol':
      return TypeOrder.string;
    default:
      return TypeOrder.object;
  }
}

/**
 * The `$type` alias of a value as MongoDB reports it (`"missing"` for undefined). Integral JS
 * numbers report "int" when they fit in 32 bits and "long" past that, like the bson serializer
 * would store them; other numbers report "double".
 */
export function bsonTypeName(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value) && !Object.is(value, -0)) {
        return value >= -2147483648 && value <= 2147483647 ? 'int' : 'double';
      }
      return 'double';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'javascript';
    default:
      break;
  }
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (value instanceof Uint8Array) return 'binData';
  switch (bsonTag(value as object)) {
    case undefined:
      return 'object';
    case 'ObjectId':
      return 'objectId';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Binary':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'BSONRegExp':
      return 'regex';
    case 'Code':
      return 'javascript';
    case 'BSONSymbol':
      return 'symbol';
    case 'DBRef':
      return 'object';
    default:
      return 'object';
  }
}

/** `$type` numeric codes → aliases. */
export const BsonTypeNumbers: Readonly<Record<number, string>> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    // NaN sorts before every other number and equals itself.
    const aNaN = Number.isNaN(a);
    const bNaN = Number.isNaN(b);
    if (aNaN && bNaN) return 0;
    return aNaN ? -1 : 1;
  }
  const aLong = typeof a === 'object' && a !== null && bsonTag(a) === 'Long';
  const bLong = typeof b === 'object' && b !== null && bsonTag(b) === 'Long';
  if (aLong || bLong) {
    const aBig = exactBigInt(a);
    const bBig = exactBigInt(b);
    if (aBig !== undefined && bBig !== undefined) return aBig < bBig ? -1 : aBig > bBig ? 1 : 0;
  }
  return compareNumbers(toDouble(a), toDouble(b));
}

function exactBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'object' && value !== null && bsonTag(value) === 'Long') {
    return (value as Long).toBigInt();
  }
  return undefined;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function objectIdHex(value: unknown): string {
  return (value as ObjectId).toHexString();
}

function binaryBytes(value: unknown): { subtype: number; bytes: Uint8Array } {
  if (value instanceof Uint8Array) return { subtype: 0, bytes: value };
  const binary = value as Binary;
  return { subtype: binary.sub_type, bytes: binary.buffer.subarray(0, binary.position) };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function regexParts(value: unknown): { source: string; flags: string } {
  if (value instanceof RegExp) return { source: value.source, flags: value.flags };
  const bsonRegex = value as { pattern: string; options: string };
  return { source: bsonRegex.pattern, flags: bsonRegex.options };
}

function compareObjects(a: Document, b: Document): number {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  const length = Math.min(aKeys.length, bKeys.length);
  for (let i = 0; i < length; i++) {
    const aKey = aKeys[i] as string;
    const bKey = bKeys[i] as string;
    const aValue = a[aKey];
    const bValue = b[bKey];
    const typeDifference = canonicalTypeOrder(aValue) - canonicalTypeOrder(bValue);
    if (typeDifference !== 0) return typeDifference < 0 ? -1 : 1;
    const keyDifference = compareStrings(aKey, bKey);
    if (keyDifference !== 0) return keyDifference;
    const valueDifference = compareValues(aValue, bValue);
    if (valueDifference !== 0) return valueDifference;
  }
  return aKeys.length === bKeys.length ? 0 : aKeys.length < bKeys.length ? -1 : 1;
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = compareValues(a[i], b[i]);
    if (difference !== 0) return difference;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Total order over BSON values as MongoDB compares them (simple binary collation):
 * first by canonical type order, then within the type. `undefined` (a missing field) compares
 * equal to null. Returns -1, 0 or 1.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  const aOrder = canonicalTypeOrder(a);
  const bOrder = canonicalTypeOrder(b);
  if (aOrder !== bOrder) return aOrder < bOrder ? -1 : 1;
  switch (aOrder) {
    case TypeOrder.minKey:
    case TypeOrder.null:
    case TypeOrder.maxKey:
      return 0;
    case TypeOrder.number:
      return compareNumbers(a, b);
    case TypeOrder.string:
      return compareStrings(String(a), String(b));
    case TypeOrder.object:
      return compareObjects(asDocument(a), asDocument(b));
    case TypeOrder.array:
      return compareArrays(a as unknown[], b as unknown[]);
    case TypeOrder.binData: {
      const aBinary = binaryBytes(a);
      const bBinary = binaryBytes(b);
      if (aBinary.bytes.length !== bBinary.bytes.length) {
        return aBinary.bytes.length < bBinary.bytes.length ? -1 : 1;
      }
      if (aBinary.subtype !== bBinary.subtype) return aBinary.subtype < bBinary.subtype ? -1 : 1;
      return compareBytes(aBinary.bytes, bBinary.bytes);
    }
    case TypeOrder.objectId:
      return compareStrings(objectIdHex(a), objectIdHex(b));
    case TypeOrder.bool:
      return a === b ? 0 : a === false ? -1 : 1;
    case TypeOrder.date: {
      const difference = (a as Date).getTime() - (b as Date).getTime();
      return difference < 0 ? -1 : difference > 0 ? 1 : 0;
    }
    case TypeOrder.timestamp: {
      const aTs = a as Timestamp;
      const bTs = b as Timestamp;
      if (aTs.t !== bTs.t) return aTs.t < bTs.t ? -1 : 1;
      return aTs.i === bTs.i ? 0 : aTs.i < bTs.i ? -1 : 1;
    }
    case TypeOrder.regex: {
      const aRegex = regexParts(a);
      const bRegex = regexParts(b);
      return compareStrings(aRegex.source, bRegex.source) || compareStrings(aRegex.flags, bRegex.flags);
    }
    case TypeOrder.code:
      return compareStrings(String((a as { code?: unknown }).code), String((b as { code?: unknown }).code));
    default:
      return 0;
  }
}

/** A DBRef or other class-based embedded document viewed as its fields. */
function asDocument(value: unknown): Document {
  if (isPlainObject(value)) return value;
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json = toJSON.call(value);
    if (isPlainObject(json)) return json;
  }
  return value as Document;
}

/** Equality as MongoDB's `$eq` sees two whole values (1 == 1.0 == Long(1); null == missing). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  return compareValues(a, b) === 0;
}

function numberKey(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nNaN';
    return `n${value === 0 ? 0 : value}`;
  }
  const big = exactBigInt(value);
  if (big !== undefined) {
    const asNumber = Number(big);
    return Number.isSafeInteger(asNumber) ? `n${asNumber}` : `n${big.toString()}`;
  }
  return numberKey(toDouble(value));
}

/**
 * A canonical string for a value such that two values get the same key exactly when
 * `valuesEqual` holds (field order of embedded documents matters, as in MongoDB).
 * Used by hash-based lookups: `_id` maps, unique index checks, `$group`, `distinct`, `$addToSet`.
 */
export function keyString(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'z';
    case 'number':
      return numberKey(value);
    case 'string':
      return `s${value}`;
    case 'boolean':
      return value ? 'bT' : 'bF';
    case 'bigint':
      return numberKey(Number(value));
    default:
      break;
  }
  if (value === null) return 'z';
  if (Array.isArray(value)) {
    let key = '[';
    for (let i = 0; i < value.length; i++) key += `${i === 0 ? '' : ','}${keyString(value[i])}`;
    return `${key}]`;
  }
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof RegExp) return `r/${value.source}/${value.flags}`;
  if (value instanceof Uint8Array) return `x0:${Buffer.from(value).toString('base64')}`;
  switch (bsonTag(value as object)) {
    case undefined:
    case 'DBRef': {
      const document = asDocument(value);
      let key = '{';
      let first = true;
      for (const field of Object.keys(document)) {
        key += `${first ? '' : ','}${JSON.stringify(field)}:${keyString(document[field])}`;
        first = false;
      }
      return `${key}}`;
    }
    case 'ObjectId':
      return `o${objectIdHex(value)}`;
    case 'Long':
    case 'Decimal128':
    case 'Int32':
    case 'Double':
      return numberKey(value);
    case 'Binary': {
      const binary = binaryBytes(value);
      return `x${binary.subtype}:${Buffer.from(binary.bytes).toString('base64')}`;
    }
    case 'Timestamp': {
      const timestamp = value as Timestamp;
      return `t${timestamp.t}:${timestamp.i}`;
    }
    case 'MinKey':
      return 'm-';
    case 'MaxKey':
      return 'm+';
    case 'BSONRegExp': {
      const parts = regexParts(value);
      return `r/${parts.source}/${parts.flags}`;
    }
    case 'Code':
      return `c${String((value as { code?: unknown }).code)}`;
    case 'BSONSymbol':
      return `s${String((value as { value?: unknown }).value)}`;
    default:
      return `?${String(value)}`;
  }
}

/**
 * Deep copy of a document value: arrays and plain objects are copied; bson value objects, Dates
 * and RegExps are immutable in our use and shared.
 */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneValue(item)) as T;
  if (isPlainObject(value)) {
    const copy: Document = {};
    for (const key of Object.keys(value)) copy[key] = cloneValue(value[key]);
    return copy as T;
  }
  return value;
}
