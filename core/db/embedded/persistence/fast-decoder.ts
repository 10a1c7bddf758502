/**
 * A BSON decoder for recovery, producing exactly what bson's `deserialize` produces with
 * DESERIALIZE_OPTIONS, but about twice as fast and with far less garbage on the documents that
 * dominate recovery: field names and short ASCII string values are interned through small caches
 * (metric documents repeat the same keys and low-cardinality values a million times), and no
 * per-call option handling happens.
 *
 * Anything unusual (DBRef-like `$` keys, regexes, timestamps, code, symbols, legacy binary,
 * undefined, min/max keys, any structural doubt) falls back to bson itself for the whole record,
 * so exotic values and error reporting stay bson's.
 *
 * Binary values are always copied: bson returns views into the source buffer, and recovery reads
 * into reused chunk buffers.
 */
import { Binary, Decimal128, deserialize, Long, ObjectId, UUID } from 'bson';
import type { DeserializeOptions } from 'bson';
import type { Document } from '../bson-values.js';
import type { ShapeNode } from './shape-cache.js';
import { assemble, ROOT_SHAPE } from './shape-cache.js';

/**
 * bson's own deserializer builds ObjectIds with this (untyped) two-argument form, which reads the
 * 12 bytes in place instead of requiring a separate 12-byte buffer.
 */
const ObjectIdAt = ObjectId as unknown as new (buffer: Uint8Array, offset: number) => ObjectId;

const FALLBACK: unique symbol = Symbol('fallback');
type Fallback = typeof FALLBACK;

const TWO_POW_32 = 4294967296;
/** High word of 2^53. */
const SAFE_HIGH = 0x200000;
const MAX_CACHED_STRING = 32;
const UUID_SUBTYPE = 4;
const LEGACY_BINARY_SUBTYPE = 2;

/** Direct-mapped intern table: a miss just overwrites the slot, so memory stays bounded. */
class InternTable {
  private readonly slots: (string | undefined)[];
  private readonly mask: number;

  constructor(size: number) {
    this.slots = new Array<string | undefined>(size).fill(undefined);
    this.mask = size - 1;
  }

  /** `buffer[start, end)` must be ASCII and `hash` computed over it by asciiHash. */
  get(buffer: Buffer, start: number, end: number, hash: number): string {
    const slot = hash & this.mask;
    const cached = this.slots[slot];
    if (cached !== undefined && cached.length === end - start) {
      let same = true;
      for (let index = 0; index < cached.length; index++) {
        if (cached.charCodeAt(index) !== buffer[start + index]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const decoded = buffer.toString('latin1', start, end);
    this.slots[slot] = decoded;
    return decoded;
  }
}

/**
 * Shares Date objects with equal time values (metric documents repeat their day and batch
 * timestamps). Safe because the server treats Dates inside documents as immutable and already
 * shares them between copies (see cloneValue in bson-values.ts).
 */
class DateTable {
  private readonly slots = new Array<Date | undefined>(4096).fill(undefined);
  private readonly times = new Float64Array(4096);

  get(time: number): Date {
    const slot = time & 4095;
    const cached = this.slots[slot];
    if (cached !== undefined && this.times[slot] === time) return cached;
    const date = new Date(time);
    this.slots[slot] = date;
    this.times[slot] = time;
    return date;
  }
}

/** Shares ObjectIds with equal bytes (references repeat; ObjectIds are immutable). */
class ObjectIdTable {
  private readonly slots = new Array<ObjectId | undefined>(4096).fill(undefined);
  private readonly bytes = new Uint8Array(4096 * 12);

  get(buffer: Buffer, at: number): ObjectId {
    // The last bytes are the counter: they differ between neighbours, so they spread best.
    const slot = ((buffer[at + 10] as number) << 4) ^ (buffer[at + 11] as number) ^ ((buffer[at + 9] as number) << 8);
    const index = (slot & 4095) * 12;
    const cached = this.slots[slot & 4095];
    if (cached !== undefined && this.matches(buffer, at, index)) return cached;
    const id = new ObjectIdAt(buffer, at);
    this.slots[slot & 4095] = id;
    for (let offset = 0; offset < 12; offset++) this.bytes[index + offset] = buffer[at + offset] as number;
    return id;
  }

  private matches(buffer: Buffer, at: number, index: number): boolean {
    for (let offset = 11; offset >= 0; offset--) {
      if (this.bytes[index + offset] !== buffer[at + offset]) return false;
    }
    return true;
  }
}

const dates = new DateTable();
const objectIds = new ObjectIdTable();
const keys = new InternTable(1024);
const values = new InternTable(16384);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Decoder state; decoding is synchronous and never re-entered.
let source: Buffer = Buffer.alloc(0);
let cursor = 0;

/** Hash of buffer[start, end), or -1 when a byte is not ASCII. */
function asciiHash(buffer: Buffer, start: number, end: number): number {
  let hash = end - start;
  for (let index = start; index < end; index++) {
    const byte = buffer[index] as number;
    if (byte > 0x7f) return -1;
    hash = (Math.imul(hash, 31) + byte) & 0x3fffffff;
  }
  return hash;
}

function readString(start: number, end: number): string | Fallback {
  const length = end - start;
  if (length <= MAX_CACHED_STRING) {
    const hash = asciiHash(source, start, end);
    if (hash >= 0) return values.get(source, start, end, hash);
  }
  const text = source.toString('utf8', start, end);
  // Same rule as bson: a replacement character means either real U+FFFD or invalid UTF-8, and
  // bson itself reports the invalid case.
  if (text.includes('\uFFFD') && !isValidUtf8(start, end)) return FALLBACK;
  return text;
}

function isValidUtf8(start: number, end: number): boolean {
  try {
    strictUtf8.decode(source.subarray(start, end));
    return true;
  } catch {
    return false;
  }
}

function readKey(start: number, end: number): string | Fallback {
  const hash = asciiHash(source, start, end);
  const key = hash >= 0 ? keys.get(source, start, end, hash) : source.toString('utf8', start, end);
  // `$ref`/`$id`/`$db` keys may form a DBRef and `__proto__` needs special assignment: leave both
  // to bson. Other `$` keys are plain fields to bson (update statements are full of them).
  if ((key.charCodeAt(0) === 0x24 && (key === '$ref' || key === '$id' || key === '$db')) || key === '__proto__') {
    return FALLBACK;
  }
  return key;
}

function readInt64(at: number): number | Long {
  const low = source.readInt32LE(at);
  const high = source.readInt32LE(at + 4);
  // Exactly the values within ±2^53 (bson's promotion rule), decided on the bits: a double
  // computed first would already have rounded 2^53 + 1 down to 2^53.
  if ((high >= -SAFE_HIGH && high < SAFE_HIGH) || (high === SAFE_HIGH && low === 0)) {
    return high * TWO_POW_32 + (low >>> 0);
  }
  return new Long(low, high);
}

function readBinary(at: number, end: number): Binary | Fallback {
  const size = source.readInt32LE(at);
  const subtype = source[at + 4] as number;
  const start = at + 5;
  if (size < 0 || start + size > end || subtype === LEGACY_BINARY_SUBTYPE) return FALLBACK;
  cursor = start + size;
  const bytes = Buffer.from(source.subarray(start, start + size));
  return subtype === UUID_SUBTYPE && size === 16 ? new UUID(bytes) : new Binary(bytes, subtype);
}

/** Reads the value of `type` at `cursor` (inside a document ending at `end`), advancing cursor. */
function readValue(type: number, end: number, depth: number): unknown {
  const at = cursor;
  switch (type) {
    case 0x01:
      if (at + 8 > end) return FALLBACK;
      cursor = at + 8;
      return source.readDoubleLE(at);
    case 0x02: {
      if (at + 4 > end) return FALLBACK;
      const size = source.readInt32LE(at);
      const stop = at + 4 + size;
      if (size <= 0 || stop > end || source[stop - 1] !== 0) return FALLBACK;
      cursor = stop;
      return readString(at + 4, stop - 1);
    }
    case 0x03:
      return readObject(at, end, depth + 1);
    case 0x04:
      return readArray(at, end, depth + 1);
    case 0x05:
      return at + 5 > end ? FALLBACK : readBinary(at, end);
    case 0x07:
      if (at + 12 > end) return FALLBACK;
      cursor = at + 12;
      return objectIds.get(source, at);
    case 0x08: {
      const byte = source[at];
      if (at + 1 > end || (byte !== 0 && byte !== 1)) return FALLBACK;
      cursor = at + 1;
      return byte === 1;
    }
    case 0x09:
      if (at + 8 > end) return FALLBACK;
      cursor = at + 8;
      return dates.get(source.readInt32LE(at + 4) * TWO_POW_32 + source.readUInt32LE(at));
    case 0x0a:
      return null;
    case 0x10:
      if (at + 4 > end) return FALLBACK;
      cursor = at + 4;
      return source.readInt32LE(at);
    case 0x12:
      if (at + 8 > end) return FALLBACK;
      cursor = at + 8;
      return readInt64(at);
    case 0x13:
      if (at + 16 > end) return FALLBACK;
      cursor = at + 16;
      return new Decimal128(Buffer.from(source.subarray(at, at + 16)));
    default:
      return FALLBACK;
  }
}

/** Validates the envelope of the document at `start`; returns its end, or -1. */
function documentEnd(start: number, limit: number): number {
  if (start + 5 > limit) return -1;
  const size = source.readInt32LE(start);
  const end = start + size;
  return size < 5 || end > limit || source[end - 1] !== 0 ? -1 : end;
}

/** Index of the NUL ending the field name that starts at `start`, or -1. */
function nameEnd(start: number, end: number): number {
  let index = start;
  while (index < end && source[index] !== 0) index++;
  return index >= end - 1 ? -1 : index;
}

/**
 * Where the field name at `start` ends when it is exactly `name` (ASCII), else -1. Cheaper than
 * finding the NUL, hashing and interning, for the name a document's shape predicts.
 */
function matchName(start: number, end: number, name: string): number {
  const stop = start + name.length;
  if (stop >= end - 1 || source[stop] !== 0) return -1;
  for (let index = 0; index < name.length; index++) {
    if (source[start + index] !== name.charCodeAt(index)) return -1;
  }
  return stop;
}

// Per nesting depth, reused across documents: values and keys of the document being read.
const valueStack: unknown[][] = [];
const keyStack: string[][] = [];

/** Reads the document at `start`; sets cursor past it. */
function readObject(start: number, limit: number, depth: number): Document | Fallback {
  const end = documentEnd(start, limit);
  if (end < 0) return FALLBACK;
  const values = (valueStack[depth] ??= []);
  const keys = (keyStack[depth] ??= []);
  let shape: ShapeNode | undefined = ROOT_SHAPE;
  let count = 0;
  let position = start + 4;
  while (position < end - 1) {
    const predicted = shape?.predictedKey;
    let nameStop = predicted === undefined ? -1 : matchName(position + 1, end, predicted);
    let key: string | Fallback;
    if (nameStop >= 0) {
      key = predicted as string;
    } else {
      nameStop = nameEnd(position + 1, end);
      if (nameStop < 0) return FALLBACK;
      key = readKey(position + 1, nameStop);
      if (key === FALLBACK) return FALLBACK;
    }
    cursor = nameStop + 1;
    const value = readValue(source[position] as number, end - 1, depth);
    if (value === FALLBACK) return FALLBACK;
    values[count] = value;
    keys[count] = key;
    count++;
    shape = shape?.child(key);
    position = cursor;
  }
  if (position !== end - 1) return FALLBACK;
  cursor = end;
  const document = shape !== undefined ? shape.build(values) : assemble(keys, values, count);
  // Drop references so reused stacks do not keep the last document's values alive.
  values.fill(undefined, 0, count);
  return document;
}

/** Reads the array at `start` (element names are positional and ignored, as bson does). */
function readArray(start: number, limit: number, depth: number): unknown[] | Fallback {
  const end = documentEnd(start, limit);
  if (end < 0) return FALLBACK;
  const array: unknown[] = [];
  let position = start + 4;
  while (position < end - 1) {
    const nameStop = nameEnd(position + 1, end);
    if (nameStop < 0) return FALLBACK;
    cursor = nameStop + 1;
    const value = readValue(source[position] as number, end - 1, depth);
    if (value === FALLBACK) return FALLBACK;
    array.push(value);
    position = cursor;
  }
  if (position !== end - 1) return FALLBACK;
  cursor = end;
  return array;
}

/** Gives every Binary in a bson-decoded value its own copy of the bytes. */
function detachBinaries(value: unknown): void {
  if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof Uint8Array) return;
  if (value instanceof Binary) {
    value.buffer = Buffer.from(value.buffer.subarray(0, value.position));
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) detachBinaries(record[key]);
}

const bsonOptions: DeserializeOptions = {
  promoteValues: true,
  promoteLongs: true,
  promoteBuffers: false,
  index: 0,
  allowObjectSmallerThanBufferSize: true,
};

/**
 * Decodes the BSON document at `start` in `buffer`; throws bson's BSONError when it is invalid.
 * The result never shares memory with `buffer`.
 */
export function decodeDocument(buffer: Buffer, start: number): Document {
  return decodeWith(buffer, start, buffer.length, bsonOptions);
}

const wireOptions: DeserializeOptions = { ...bsonOptions, bsonRegExp: true };

/**
 * As decodeDocument, with the wire protocol's value model (regexes stay BSONRegExp, as
 * wire/framing.ts decodes them) for the document at `start` that must end by `end`. The result
 * never shares memory with `buffer`, so the caller may reuse it.
 */
export function decodeWireDocument(buffer: Buffer, start: number, end: number): Document {
  return decodeWith(buffer, start, end, wireOptions);
}

/** Gives every Binary inside a document decoded by bson itself its own copy of the bytes. */
export function detachDocumentBinaries(document: Document): void {
  detachBinaries(document);
}

function decodeWith(buffer: Buffer, start: number, end: number, options: DeserializeOptions): Document {
  source = buffer;
  let fast: Document | Fallback;
  try {
    fast = readObject(start, end, 0);
  } finally {
    source = EMPTY;
  }
  if (fast !== FALLBACK) return fast;
  options.index = start;
  const document = deserialize(end === buffer.length ? buffer : buffer.subarray(0, end), options);
  detachBinaries(document);
  return document;
}

const EMPTY = Buffer.alloc(0);
