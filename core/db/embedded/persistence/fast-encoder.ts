/**
 * A BSON encoder for the documents the server stores and returns, producing exactly the bytes
 * bson's `serialize` produces (same number typing, key order, `ignoreUndefined` rule), about
 * twice as fast on metric-shaped documents: no per-value option handling, no frame objects, no
 * circularity set, and short ASCII strings and keys written byte by byte.
 *
 * It handles strings, numbers, booleans, null, undefined, Dates, ObjectIds, plain objects and
 * arrays. Anything else (Long, Decimal128, Binary, regexes, Maps, class instances, `toBSON`,
 * NUL in a key, very deep nesting) answers ENCODE_FALLBACK, and the caller hands the whole
 * document to bson, so exotic values and error reporting stay bson's.
 */
import type { Document } from '../bson-values.js';

/** encodeInto result: the document holds something only bson encodes. */
export const ENCODE_FALLBACK = -1;
/** encodeInto result: the document does not fit between `start` and the end of the buffer. */
export const ENCODE_NO_ROOM = -2;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_POW_32 = 4294967296;
/** Past this depth bson's own checks (circular structures) take over. */
const MAX_DEPTH = 64;
/** Strings up to this length are written by a plain loop (faster than Buffer#write's setup). */
const SHORT_STRING = 32;

const NO_ROOM: unique symbol = Symbol('noRoom');
const FALLBACK: unique symbol = Symbol('fallback');
type Stop = typeof NO_ROOM | typeof FALLBACK;

// Encoder state; encoding is synchronous and never re-entered.
let target: Buffer = Buffer.alloc(0);
let limit = 0;
let skipUndefined = false;

/**
 * Encodes `document` at `start` in `buffer`; returns the offset just past it, ENCODE_NO_ROOM
 * (retry with more room) or ENCODE_FALLBACK (use bson). With `ignoreUndefined`, undefined fields
 * of documents are left out as bson does (array elements still become null).
 */
export function encodeInto(document: Document, buffer: Buffer, start: number, ignoreUndefined: boolean): number {
  target = buffer;
  limit = buffer.length;
  skipUndefined = ignoreUndefined;
  try {
    const end = isPlainRecord(document) ? writeObject(document, start, 0) : FALLBACK;
    if (end === NO_ROOM) return ENCODE_NO_ROOM;
    if (end === FALLBACK) return ENCODE_FALLBACK;
    return end;
  } finally {
    target = EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);
const float = new Float64Array(1);
const floatBytes = new Uint8Array(float.buffer);

/** Little-endian int32 at `at` (plain stores: Buffer#writeInt32LE validates its arguments each call). */
function putInt32(value: number, at: number): void {
  target[at] = value & 0xff;
  target[at + 1] = (value >>> 8) & 0xff;
  target[at + 2] = (value >>> 16) & 0xff;
  target[at + 3] = (value >>> 24) & 0xff;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function putDouble(value: number, at: number): void {
  if (!LITTLE_ENDIAN) {
    target.writeDoubleLE(value, at);
    return;
  }
  float[0] = value;
  for (let i = 0; i < 8; i++) target[at + i] = floatBytes[i] as number;
}

function isPlainRecord(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Writes a field name and its NUL at `at`; returns the next offset. */
function writeName(name: string, at: number): number | Stop {
  const length = name.length;
  if (at + length + 1 > limit) return NO_ROOM;
  for (let i = 0; i < length; i++) {
    const code = name.charCodeAt(i);
    if (code === 0) return FALLBACK;
    if (code > 0x7f) return writeUtf8Name(name, at);
    target[at + i] = code;
  }
  target[at + length] = 0;
  return at + length + 1;
}

function writeUtf8Name(name: string, at: number): number | Stop {
  if (name.includes('\u0000')) return FALLBACK;
  if (at + name.length * 3 + 1 > limit) return NO_ROOM;
  const written = target.write(name, at, 'utf8');
  target[at + written] = 0;
  return at + written + 1;
}

/** Writes an int32 length-prefixed, NUL-terminated UTF-8 string value at `at`. */
function writeStringValue(value: string, at: number): number | Stop {
  const length = value.length;
  if (length <= SHORT_STRING) {
    if (at + 4 + length + 1 > limit) return NO_ROOM;
    let ascii = true;
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code > 0x7f) {
        ascii = false;
        break;
      }
      target[at + 4 + i] = code;
    }
    if (ascii) {
      putInt32(length + 1, at);
      target[at + 4 + length] = 0;
      return at + 4 + length + 1;
    }
  }
  if (at + 4 + length * 3 + 1 > limit) return NO_ROOM;
  const written = target.write(value, at + 4, 'utf8');
  putInt32(written + 1, at);
  target[at + 4 + written] = 0;
  return at + 4 + written + 1;
}

function writeNumber(value: number, typeAt: number, at: number): number | Stop {
  if (at + 8 > limit) return NO_ROOM;
  if (Number.isSafeInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0)) {
    target[typeAt] = 0x10;
    putInt32(value, at);
    return at + 4;
  }
  target[typeAt] = 0x01;
  putDouble(value, at);
  return at + 8;
}

/** Milliseconds as bson's Long.fromNumber encodes them (NaN as 0, beyond ±2^63 clamped). */
function writeDate(value: Date, at: number): number | Stop {
  if (at + 8 > limit) return NO_ROOM;
  const time = value.getTime();
  if (!Number.isSafeInteger(time)) return FALLBACK;
  const high = Math.floor(time / TWO_POW_32);
  putInt32(time - high * TWO_POW_32, at);
  putInt32(high, at + 4);
  return at + 8;
}

interface PackedObjectId {
  serializeInto(buffer: Uint8Array, index: number): number;
}

/** Writes the element `name: value`; returns the next offset. */
function writeElement(name: string, value: unknown, at: number, inArray: boolean, depth: number): number | Stop {
  if (value === undefined && skipUndefined && !inArray) return at;
  if (at + 1 > limit) return NO_ROOM;
  const typeAt = at;
  const valueAt = writeName(name, at + 1);
  if (typeof valueAt !== 'number') return valueAt;
  switch (typeof value) {
    case 'string':
      target[typeAt] = 0x02;
      return writeStringValue(value, valueAt);
    case 'number':
      return writeNumber(value, typeAt, valueAt);
    case 'boolean':
      if (valueAt + 1 > limit) return NO_ROOM;
      target[typeAt] = 0x08;
      target[valueAt] = value ? 1 : 0;
      return valueAt + 1;
    case 'undefined':
      target[typeAt] = 0x0a;
      return valueAt;
    case 'object':
      return writeObjectValue(value, typeAt, valueAt, depth);
    default:
      return FALLBACK;
  }
}

function writeObjectValue(value: object | null, typeAt: number, at: number, depth: number): number | Stop {
  if (value === null) {
    target[typeAt] = 0x0a;
    return at;
  }
  if (value instanceof Date) {
    target[typeAt] = 0x09;
    return writeDate(value, at);
  }
  if (Array.isArray(value)) {
    target[typeAt] = 0x04;
    return writeArray(value, at, depth + 1);
  }
  const tag = (value as { _bsontype?: unknown })._bsontype;
  if (tag === 'ObjectId') {
    if (at + 12 > limit) return NO_ROOM;
    target[typeAt] = 0x07;
    const packed = value as unknown as PackedObjectId;
    if (typeof packed.serializeInto !== 'function') return FALLBACK;
    return at + packed.serializeInto(target, at);
  }
  if (tag !== undefined || !isPlainRecord(value)) return FALLBACK;
  target[typeAt] = 0x03;
  return writeObject(value as Document, at, depth + 1);
}

function writeObject(document: Document, start: number, depth: number): number | Stop {
  if (depth > MAX_DEPTH) return FALLBACK;
  if (typeof (document as { toBSON?: unknown }).toBSON === 'function') return FALLBACK;
  let at: number | Stop = start + 4;
  for (const key in document) {
    if (!Object.hasOwn(document, key)) return FALLBACK;
    at = writeElement(key, document[key], at, false, depth);
    if (typeof at !== 'number') return at;
  }
  if (at + 1 > limit) return NO_ROOM;
  target[at] = 0;
  putInt32(at + 1 - start, start);
  return at + 1;
}

const INDEX_NAMES: string[] = Array.from({ length: 1024 }, (_, index) => String(index));

function writeArray(array: readonly unknown[], start: number, depth: number): number | Stop {
  if (depth > MAX_DEPTH) return FALLBACK;
  let at: number | Stop = start + 4;
  for (let index = 0; index < array.length; index++) {
    at = writeElement(INDEX_NAMES[index] ?? String(index), array[index], at, true, depth);
    if (typeof at !== 'number') return at;
  }
  if (at + 1 > limit) return NO_ROOM;
  target[at] = 0;
  putInt32(at + 1 - start, start);
  return at + 1;
}
