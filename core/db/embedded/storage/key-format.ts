/**
 * Values rendered the way mongod prints BSON in messages and explain output (`{ name: "x" }`,
 * `ObjectId('…')`, `new Date(…)`, `inf.0`), for E11000 errors and `indexBounds` strings.
 */
import type { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import type { Document } from '../bson-values.js';
import { isPlainObject, TypeOrder } from '../bson-values.js';
import type { Interval } from './intervals.js';
import { TypeEdge } from './key-values.js';

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan.0';
  if (value === Infinity) return 'inf.0';
  if (value === -Infinity) return '-inf.0';
  return String(value);
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

function formatBsonObject(value: object, tag: string): string {
  switch (tag) {
    case 'ObjectId':
      return `ObjectId('${(value as ObjectId).toHexString()}')`;
    case 'Long':
      return (value as Long).toString();
    case 'Decimal128':
      return `NumberDecimal("${(value as Decimal128).toString()}")`;
    case 'Int32':
    case 'Double':
      return formatNumber((value as { value: number }).value);
    case 'Binary': {
      const binary = value as Binary;
      return `BinData(${binary.sub_type}, ${hexOf(binary.buffer.subarray(0, binary.position))})`;
    }
    case 'Timestamp': {
      const timestamp = value as Timestamp;
      return `Timestamp(${timestamp.t}, ${timestamp.i})`;
    }
    case 'MinKey':
      return 'MinKey';
    case 'MaxKey':
      return 'MaxKey';
    case 'BSONRegExp': {
      const regex = value as { pattern: string; options: string };
      return `/${regex.pattern}/${regex.options}`;
    }
    case 'Code':
      return String((value as { code?: unknown }).code);
    default:
      return formatDocument(value as Document);
  }
}

function formatDocument(document: Document): string {
  const keys = Object.keys(document);
  if (keys.length === 0) return '{}';
  return `{ ${keys.map((key) => `${key}: ${formatValue(document[key])}`).join(', ')} }`;
}

/** A value as mongod prints it inside messages. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return formatNumber(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      break;
  }
  if (value instanceof TypeEdge) return formatEdge(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(formatValue).join(', ')} ]`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (value instanceof Uint8Array) return `BinData(0, ${hexOf(value)})`;
  if (isPlainObject(value)) return formatDocument(value);
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? formatBsonObject(value as object, tag) : formatDocument(value as Document);
}

const EDGE_LABELS: Readonly<Record<number, readonly [string, string]>> = {
  [TypeOrder.minKey]: ['MinKey', 'MinKey'],
  [TypeOrder.null]: ['null', 'null'],
  [TypeOrder.number]: ['nan.0', 'inf.0'],
  [TypeOrder.string]: ['""', '{}'],
  [TypeOrder.object]: ['{}', '[]'],
  [TypeOrder.array]: ['[]', 'BinData(0, )'],
  [TypeOrder.binData]: ['BinData(0, )', "ObjectId('000000000000000000000000')"],
  [TypeOrder.objectId]: ["ObjectId('000000000000000000000000')", "ObjectId('ffffffffffffffffffffffff')"],
  [TypeOrder.bool]: ['false', 'true'],
  [TypeOrder.date]: ['new Date(-9223372036854775808)', 'new Date(9223372036854775807)'],
  [TypeOrder.timestamp]: ['Timestamp(0, 0)', 'Timestamp(4294967295, 4294967295)'],
  [TypeOrder.regex]: ['//', '//'],
  [TypeOrder.code]: ['', ''],
  [TypeOrder.maxKey]: ['MaxKey', 'MaxKey'],
};

/** How explain shows a type edge: the first or last value of that type, as mongod's bounds do. */
function formatEdge(edge: TypeEdge): string {
  const labels = EDGE_LABELS[edge.order] ?? ['MinKey', 'MaxKey'];
  return edge.after ? labels[1] : labels[0];
}

/**
 * One interval in explain form, oriented for a scan in `direction` (1: low to high; -1: high to
 * low, as for a descending index field or a backward scan): `[1, 5)`, `(5, inf.0]`.
 */
export function formatInterval(interval: Interval, direction: number): string {
  if (direction === 1) {
    return `${interval.lowInclusive ? '[' : '('}${formatValue(interval.low)}, ${formatValue(interval.high)}${
      interval.highInclusive ? ']' : ')'
    }`;
  }
  return `${interval.highInclusive ? '[' : '('}${formatValue(interval.high)}, ${formatValue(interval.low)}${
    interval.lowInclusive ? ']' : ')'
  }`;
}

/** `{ a: 1, b: "x" }`: the `dup key` part of an E11000 message. */
export function formatKeyValue(fields: readonly string[], values: readonly unknown[]): string {
  if (fields.length === 0) return '{}';
  return `{ ${fields.map((field, i) => `${field}: ${formatValue(values[i])}`).join(', ')} }`;
}
