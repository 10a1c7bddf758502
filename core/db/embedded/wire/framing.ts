/**
 * MongoDB wire protocol framing: splits a TCP byte stream into messages, decodes OP_MSG (kind-0
 * body and kind-1 document sequences, optional CRC-32C) and the legacy OP_QUERY handshake, and
 * encodes OP_MSG / OP_REPLY answers.
 */
import { deserialize, serialize } from 'bson';
import type { Document } from '../bson-values.js';
import { decodeWireDocument, detachDocumentBinaries } from '../persistence/fast-decoder.js';

export const OpCodes = {
  reply: 1,
  query: 2004,
  compressed: 2012,
  msg: 2013,
} as const;

export const MsgFlags = {
  checksumPresent: 1 << 0,
  moreToCome: 1 << 1,
  exhaustAllowed: 1 << 16,
} as const;

/** Largest message accepted, as mongod's maxMessageSizeBytes. */
export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_OBJECT_BYTES = 16 * 1024 * 1024;
const HEADER_BYTES = 16;

/** The options every incoming document is decoded with: the server's value model. */
export const DESERIALIZE_OPTIONS = {
  promoteValues: true,
  promoteLongs: true,
  promoteBuffers: false,
  // Regexes stay BSONRegExp: PCRE patterns JS cannot compile must not fail the decode.
  bsonRegExp: true,
} as const;

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export interface MessageHeader {
  readonly length: number;
  readonly requestId: number;
  readonly responseTo: number;
  readonly opCode: number;
}

export interface DecodedCommand {
  readonly header: MessageHeader;
  readonly kind: 'msg' | 'query';
  readonly flags: number;
  /** The command with kind-1 sequences merged in as arrays. */
  readonly body: Document;
  /** Size in bytes of the largest single document in the message (for the 16 MB rule). */
  readonly largestDocumentBytes: number;
}

export function readHeader(buffer: Buffer, offset: number): MessageHeader {
  return {
    length: buffer.readInt32LE(offset),
    requestId: buffer.readInt32LE(offset + 4),
    responseTo: buffer.readInt32LE(offset + 8),
    opCode: buffer.readInt32LE(offset + 12),
  };
}

function readCString(buffer: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buffer.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated cstring');
  return { value: buffer.toString('utf8', offset, zero), next: zero + 1 };
}

function documentSize(buffer: Buffer, offset: number, end: number): number {
  if (offset + 5 > end) throw new ProtocolError('truncated document');
  const size = buffer.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid document length');
  if (buffer[offset + size - 1] !== 0) throw new ProtocolError('document is not terminated');
  return size;
}

/**
 * Decoded values never alias the frame (bson's Binary values are views, so they are copied):
 * a stored document must not pin a whole message in memory, and the connection reuses its
 * receive buffer.
 */
function readDocument(buffer: Buffer, offset: number, end: number): { document: Document; size: number } {
  const size = documentSize(buffer, offset, end);
  const document = deserialize(buffer.subarray(offset, offset + size), DESERIALIZE_OPTIONS) as Document;
  detachDocumentBinaries(document);
  return { document, size };
}

/**
 * The received bytes of a kind-1 document sequence: `documents[i]` was decoded from
 * `buffer[offsets[i], offsets[i] + its int32 length prefix)`.
 */
export interface RawSequence {
  readonly buffer: Buffer;
  readonly offsets: Int32Array;
}

const rawSequences = new WeakMap<readonly unknown[], RawSequence>();

/**
 * The bytes a kind-1 sequence array was decoded from, so that a write can journal them instead of
 * re-serializing. Only valid synchronously while the command's handler starts: the connection
 * reuses the frame's memory once the handler has been called.
 */
export function rawSequenceOf(documents: readonly unknown[]): RawSequence | undefined {
  return rawSequences.get(documents);
}

/** The raw bytes of document `index` of a sequence. */
export function rawDocumentAt(sequence: RawSequence, index: number): Buffer {
  const start = sequence.offsets[index] as number;
  return sequence.buffer.subarray(start, start + sequence.buffer.readInt32LE(start));
}

function readSequence(frame: Buffer, start: number, end: number): { documents: Document[]; largest: number } {
  const documents: Document[] = [];
  const offsets: number[] = [];
  let largest = 0;
  let cursor = start;
  while (cursor < end) {
    const size = documentSize(frame, cursor, end);
    documents.push(decodeWireDocument(frame, cursor, cursor + size));
    offsets.push(cursor);
    if (size > largest) largest = size;
    cursor += size;
  }
  rawSequences.set(documents, { buffer: frame, offsets: Int32Array.from(offsets) });
  return { documents, largest };
}

/** Decodes one complete frame (header included). Throws ProtocolError on malformed input. */
export function decodeMessage(frame: Buffer): DecodedCommand {
  const header = readHeader(frame, 0);
  if (header.opCode === OpCodes.msg) return decodeOpMsg(frame, header);
  if (header.opCode === OpCodes.query) return decodeOpQuery(frame, header);
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

function decodeOpMsg(frame: Buffer, header: MessageHeader): DecodedCommand {
  const flags = frame.readUInt32LE(HEADER_BYTES);
  // Bits 0-15 are required: a set bit we do not know must make us fail (per the OP_MSG spec).
  const knownRequired = MsgFlags.checksumPresent | MsgFlags.moreToCome;
  if ((flags & 0xffff & ~knownRequired) !== 0) throw new ProtocolError('unknown required OP_MSG flag bits');
  let end = frame.length;
  if (flags & MsgFlags.checksumPresent) {
    end -= 4;
    const expected = frame.readUInt32LE(end);
    if (crc32c(frame.subarray(0, end)) !== expected) throw new ProtocolError('OP_MSG checksum mismatch');
  }
  let offset = HEADER_BYTES + 4;
  let body: Document | undefined;
  let largest = 0;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = frame[offset];
    offset += 1;
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      const { document, size } = readDocument(frame, offset, end);
      body = document;
      largest = Math.max(largest, size);
      offset += size;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const sectionSize = frame.readInt32LE(offset);
      const sectionEnd = offset + sectionSize;
      if (sectionSize < 5 || sectionEnd > end) throw new ProtocolError('invalid document sequence length');
      const { value: identifier, next } = readCString(frame, offset + 4, sectionEnd);
      const sequence = readSequence(frame, next, sectionEnd);
      largest = Math.max(largest, sequence.largest);
      sequences.push([identifier, sequence.documents]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${String(kind)}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [identifier, documents] of sequences) {
    if (identifier in body) throw new ProtocolError(`duplicate field ${identifier} in OP_MSG`);
    body[identifier] = documents;
  }
  return { header, kind: 'msg', flags, body, largestDocumentBytes: largest };
}

function decodeOpQuery(frame: Buffer, header: MessageHeader): DecodedCommand {
  let offset = HEADER_BYTES + 4;
  const { value: namespace, next } = readCString(frame, offset, frame.length);
  offset = next + 8; // numberToSkip, numberToReturn
  const { document, size } = readDocument(frame, offset, frame.length);
  // Legacy clients may wrap the command: {$query: {...}, $readPreference: ...}.
  const wrapped = document['$query'];
  const command = wrapped && typeof wrapped === 'object' ? (wrapped as Document) : document;
  const database = namespace.endsWith('.$cmd') ? namespace.slice(0, -'.$cmd'.length) : namespace.split('.')[0];
  if (!namespace.endsWith('.$cmd')) throw new ProtocolError('OP_QUERY is only supported for commands');
  return {
    header,
    kind: 'query',
    flags: 0,
    body: { ...command, $db: database ?? 'admin' },
    largestDocumentBytes: size,
  };
}

let nextRequestId = 1;

function frameHeader(length: number, responseTo: number, opCode: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeInt32LE(length, 0);
  header.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  return header;
}

/** An OP_MSG reply whose body is already-encoded BSON. */
export function encodeOpMsg(responseTo: number, body: Buffer): Buffer[] {
  const prefix = Buffer.allocUnsafe(5);
  prefix.writeUInt32LE(0, 0);
  prefix[4] = 0;
  const length = HEADER_BYTES + prefix.length + body.length;
  return [frameHeader(length, responseTo, OpCodes.msg), prefix, body];
}

/** A legacy OP_REPLY with one document (the handshake answer to OP_QUERY). */
export function encodeOpReply(responseTo: number, document: Document): Buffer[] {
  const body = serialize(document, { ignoreUndefined: true });
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(0, 0); // responseFlags
  fields.writeBigInt64LE(0n, 4); // cursorID
  fields.writeInt32LE(0, 12); // startingFrom
  fields.writeInt32LE(1, 16); // numberReturned
  const length = HEADER_BYTES + fields.length + body.length;
  return [frameHeader(length, responseTo, OpCodes.reply), fields, Buffer.from(body)];
}

let crcTable: Uint32Array | undefined;

/** CRC-32C (Castagnoli), the OP_MSG checksum; node:zlib only offers CRC-32. */
export function crc32c(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
