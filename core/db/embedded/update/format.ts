/**
 * Renders values the way mongod's `BSONElement::toString` does, so that update error messages read
 * like the real server's (`{a: "x"}`, `{ $set: { a: 1 } }`, `ObjectId('…')`). Only used on error paths.
 */
import { isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';

function bsonTag(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

function formatBsonObject(value: object, tag: string): string {
  switch (tag) {
    case 'ObjectId':
      return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
    case 'Long':
    case 'Int32':
    case 'Double':
      return String(value);
    case 'Decimal128':
      return `NumberDecimal("${String(value)}")`;
    case 'Timestamp': {
      const timestamp = value as { t: number; i: number };
      return `Timestamp(${timestamp.t}, ${timestamp.i})`;
    }
    case 'Binary': {
      const binary = value as { sub_type: number; buffer: Uint8Array; position: number };
      const hex = Buffer.from(binary.buffer.subarray(0, binary.position)).toString('hex').toUpperCase();
      return `BinData(${binary.sub_type}, ${hex})`;
    }
    case 'MinKey':
      return 'MinKey';
    case 'MaxKey':
      return 'MaxKey';
    case 'BSONRegExp': {
      const regex = value as { pattern: string; options: string };
      return `/${regex.pattern}/${regex.options}`;
    }
    default:
      return String(value);
  }
}

/** A value as mongod prints it inside messages (strings quoted, documents `{ a: 1 }`). */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return formatNumber(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[ ${value.map((item: unknown) => formatValue(item)).join(', ')} ]`;
  }
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (isPlainObject(value)) return formatDocument(value);
  const tag = bsonTag(value as object);
  return tag === undefined ? String(value) : formatBsonObject(value as object, tag);
}

/** A document as mongod prints it: `{ a: 1, b: "x" }`, or `{}` when empty. */
export function formatDocument(document: Document): string {
  const keys = Object.keys(document);
  if (keys.length === 0) return '{}';
  return `{ ${keys.map((key) => formatElement(key, document[key])).join(', ')} }`;
}

/** One element, `name: value`. */
export function formatElement(name: string, value: unknown): string {
  return `${name}: ${formatValue(value)}`;
}

/** The `_id` element of a document for messages (`_id: 1`), or `no id`. */
export function describeId(document: Document): string {
  return Object.prototype.hasOwnProperty.call(document, '_id') ? formatElement('_id', document._id) : 'no id';
}
