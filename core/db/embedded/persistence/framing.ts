/**
 * Record framing shared by journals and snapshots: `[uint32 LE length][uint32 LE crc32][payload]`
 * where the payload is one BSON document. The CRC makes torn or rotted records detectable; the
 * BSON document's own length prefix must repeat the frame length, which lets a scan for "is there
 * any valid record after this bad one" reject almost every offset without computing a CRC.
 */
import { serialize, serializeWithBufferAndIndex } from 'bson';
import type { DeserializeOptions } from 'bson';
import { crc32 } from 'node:zlib';
import type { Document } from '../bson-values.js';
import { decodeDocument } from './fast-decoder.js';
import { ENCODE_FALLBACK, ENCODE_NO_ROOM, encodeInto } from './fast-encoder.js';

export const FRAME_HEADER_BYTES = 8;

/** bson never serializes more than 17 MiB; a larger length can only be garbage. */
export const MAX_FRAME_PAYLOAD = 17 * 1024 * 1024;

/** The same value model the server uses (see bson-values.ts). */
export const DESERIALIZE_OPTIONS = {
  promoteValues: true,
  promoteLongs: true,
  promoteBuffers: false,
} as const satisfies DeserializeOptions;

/** checkFrame result: the frame continues past the available bytes. */
export const FRAME_SHORT = -1;
/** checkFrame result: length, BSON envelope or CRC is wrong. */
export const FRAME_CORRUPT = -2;

/**
 * Validates the frame starting at `offset` within `buffer[0, end)`.
 * @returns the payload length when the frame is intact, else FRAME_SHORT or FRAME_CORRUPT.
 */
export function checkFrame(buffer: Buffer, offset: number, end: number): number {
  if (end - offset < FRAME_HEADER_BYTES) return FRAME_SHORT;
  const length = buffer.readUInt32LE(offset);
  if (length < 5 || length > MAX_FRAME_PAYLOAD) return FRAME_CORRUPT;
  const payloadStart = offset + FRAME_HEADER_BYTES;
  const payloadEnd = payloadStart + length;
  if (payloadEnd > end) {
    // The BSON prefix is cheap to cross-check already, so a garbage length is not mistaken for a
    // record that merely has not been read yet.
    if (end - payloadStart >= 4 && buffer.readInt32LE(payloadStart) !== length) return FRAME_CORRUPT;
    return FRAME_SHORT;
  }
  if (buffer.readInt32LE(payloadStart) !== length || buffer[payloadEnd - 1] !== 0) return FRAME_CORRUPT;
  if (crc32(buffer.subarray(payloadStart, payloadEnd)) !== buffer.readUInt32LE(offset + 4)) return FRAME_CORRUPT;
  return length;
}

/**
 * Decodes the payload of a frame that passed checkFrame (a copy: nothing references `buffer`);
 * throws a BSONError when the payload is not valid BSON despite a matching CRC.
 */
export function decodePayload(buffer: Buffer, payloadStart: number): Document {
  return decodeDocument(buffer, payloadStart);
}

/** Encodes one document as a stand-alone frame (tests and tools; hot paths use FrameBuffer). */
export function encodeFrame(document: Document): Buffer {
  const payload = serialize(document);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** Writes a BSON string element (type, name, int32 length, bytes, NUL); returns the next offset. */
function writeStringElement(bytes: Buffer, at: number, name: string, value: string, valueBytes: number): number {
  bytes[at] = 0x02;
  let next = at + 1 + bytes.write(name, at + 1, 'latin1');
  bytes[next++] = 0;
  bytes.writeInt32LE(valueBytes + 1, next);
  next += 4 + bytes.write(value, next + 4, 'utf8');
  bytes[next++] = 0;
  return next;
}

/** Put prefixes by collection: a burst of writes goes to one or two collections. */
const putPrefixes = new Map<string, Buffer>();
const MAX_CACHED_PREFIXES = 64;
let lastPrefix: { readonly db: string; readonly coll: string; readonly bytes: Buffer } | undefined;

/**
 * The bytes of a put record's payload before its document: a placeholder int32 size, the `op`,
 * `db` and `coll` elements and the `doc` element's type and name. Encoding them costs more than
 * copying a cached copy (Buffer#write normalizes its arguments on every call).
 */
function putPrefix(db: string, coll: string): Buffer {
  if (lastPrefix !== undefined && lastPrefix.db === db && lastPrefix.coll === coll) return lastPrefix.bytes;
  const bytes = buildPutPrefix(db, coll);
  lastPrefix = { db, coll, bytes };
  return bytes;
}

function buildPutPrefix(db: string, coll: string): Buffer {
  const key = `${db}\u0000${coll}`;
  const cached = putPrefixes.get(key);
  if (cached !== undefined) return cached;
  const dbBytes = Buffer.byteLength(db);
  const collBytes = Buffer.byteLength(coll);
  const prefix = Buffer.alloc(4 + (4 + 4 + 4) + (4 + 4 + dbBytes + 1) + (6 + 4 + collBytes + 1) + 5);
  let at = writeStringElement(prefix, 4, 'op', 'put', 3);
  at = writeStringElement(prefix, at, 'db', db, dbBytes);
  at = writeStringElement(prefix, at, 'coll', coll, collBytes);
  prefix[at] = 0x03;
  prefix.write('doc', at + 1, 'latin1');
  prefix[at + 4] = 0;
  if (putPrefixes.size >= MAX_CACHED_PREFIXES) putPrefixes.clear();
  putPrefixes.set(key, prefix);
  return prefix;
}

const DEFAULT_CAPACITY = 1024 * 1024;
/** A buffer that grew past this for a burst is given back instead of being kept forever. */
const SHRINK_ABOVE = 64 * 1024 * 1024;
/** Growth doubles the chunk size up to this; larger bursts take more chunks of this size. */
const MAX_CHUNK = 16 * 1024 * 1024;

/**
 * A growable byte buffer that documents are framed into directly, without an intermediate
 * per-record allocation: bson serializes into its internal scratch buffer and copies the bytes
 * straight into place. It grows by sealing the full chunk and starting a larger one rather
 * than by copying: a burst of tens of megabytes would otherwise copy them again at every doubling.
 */
export class FrameBuffer {
  private bytes: Buffer;
  private used = 0;
  /** Full chunks, in order, before `bytes`. */
  private sealed: Buffer[] = [];
  private sealedBytes = 0;

  constructor(private readonly initialCapacity = DEFAULT_CAPACITY) {
    this.bytes = Buffer.allocUnsafe(initialCapacity);
  }

  get length(): number {
    return this.sealedBytes + this.used;
  }

  /** Appends one framed document; returns the frame's size in bytes. */
  append(document: Document): number {
    let start = this.used;
    let payloadStart = start + FRAME_HEADER_BYTES;
    let payloadEnd = payloadStart + 5 > this.bytes.length ? ENCODE_NO_ROOM : encodeInto(document, this.bytes, payloadStart, false);
    if (payloadEnd === ENCODE_FALLBACK) {
      try {
        if (payloadStart + 5 > this.bytes.length) throw new RangeError('frame buffer full');
        payloadEnd = serializeWithBufferAndIndex(document, this.bytes, { index: payloadStart }) + 1;
      } catch (error) {
        // bson reports a too-small destination as a RangeError; anything else is a real failure.
        if (!(error instanceof RangeError)) throw error;
        payloadEnd = ENCODE_NO_ROOM;
      }
    }
    if (payloadEnd === ENCODE_NO_ROOM) {
      const payload = serialize(document);
      this.reserve(FRAME_HEADER_BYTES + payload.length);
      start = this.used;
      payloadStart = start + FRAME_HEADER_BYTES;
      this.bytes.set(payload, payloadStart);
      payloadEnd = payloadStart + payload.length;
    }
    const length = payloadEnd - payloadStart;
    this.bytes.writeUInt32LE(length, start);
    this.bytes.writeUInt32LE(crc32(this.bytes.subarray(payloadStart, payloadEnd)), start + 4);
    this.used = payloadEnd;
    return payloadEnd - start;
  }

  /**
   * Appends the frame of `{op: 'put', db, coll, doc}` where `doc` is the already-encoded BSON
   * document `raw`: byte for byte what append() makes of that record, without serializing it.
   */
  appendPut(db: string, coll: string, raw: Uint8Array): number {
    const prefix = putPrefix(db, coll);
    // int32 size, the op/db/coll elements and the "doc" element header, raw, trailing 0.
    const length = prefix.length + raw.length + 1;
    this.reserve(FRAME_HEADER_BYTES + length);
    const start = this.used;
    const bytes = this.bytes;
    const payloadStart = start + FRAME_HEADER_BYTES;
    bytes.set(prefix, payloadStart);
    bytes.writeInt32LE(length, payloadStart);
    let at = payloadStart + prefix.length;
    bytes.set(raw, at);
    at += raw.length;
    bytes[at++] = 0;
    bytes.writeUInt32LE(length, start);
    bytes.writeUInt32LE(crc32(bytes.subarray(payloadStart, at)), start + 4);
    this.used = at;
    return at - start;
  }

  /** The framed bytes as one buffer; valid until the next append or clear. */
  view(): Buffer {
    if (this.sealed.length > 0) {
      // Rare (writers use views()): joined once, then appends continue in a fresh chunk.
      this.bytes = Buffer.concat(this.views());
      this.used = this.bytes.length;
      this.sealed = [];
      this.sealedBytes = 0;
    }
    return this.bytes.subarray(0, this.used);
  }

  /** The framed bytes as consecutive pieces, without joining them; valid until the next append or clear. */
  views(): Buffer[] {
    const pieces = this.sealed.slice();
    if (this.used > 0) pieces.push(this.bytes.subarray(0, this.used));
    return pieces;
  }

  clear(): void {
    this.used = 0;
    this.sealed = [];
    this.sealedBytes = 0;
    if (this.bytes.length > SHRINK_ABOVE) this.bytes = Buffer.allocUnsafe(this.initialCapacity);
  }

  /** Gives a grown buffer back (when idle): the next burst grows it again. */
  release(): void {
    if (this.length === 0 && this.bytes.length > this.initialCapacity) this.bytes = Buffer.allocUnsafe(this.initialCapacity);
  }

  /** Makes room for `extra` more bytes at `used`, in a new chunk when this one is too small. */
  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    if (this.used > 0) {
      this.sealed.push(this.bytes.subarray(0, this.used));
      this.sealedBytes += this.used;
      this.used = 0;
    }
    this.bytes = Buffer.allocUnsafe(Math.max(extra, Math.min(this.bytes.length * 2, MAX_CHUNK)));
  }
}
