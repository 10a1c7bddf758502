/**
 * Cursor replies are assembled from individually serialized documents, so that a batch can be
 * capped by its exact byte size (mongod's 16 MiB rule) without serializing anything twice.
 */
import { Long, serialize } from 'bson';
import type { Document } from '../bson-values.js';
import { MAX_BSON_OBJECT_BYTES } from './framing.js';

const SERIALIZE_OPTIONS = { ignoreUndefined: true } as const;

/** Room left in a 16 MiB reply for the envelope around the batch. */
const BATCH_BYTE_BUDGET = MAX_BSON_OBJECT_BYTES - 16 * 1024;

export function encodeDocument(document: Document): Buffer {
  return Buffer.from(serialize(document, SERIALIZE_OPTIONS));
}

export interface EncodedBatch {
  readonly documents: Buffer[];
  readonly bytes: number;
}

/**
 * Takes documents from `source` until `maxCount` are taken or the next one would push the batch
 * past the byte budget (at least one document is always taken when available).
 */
export function takeBatch(source: Iterator<Document>, maxCount: number, pending: Buffer[]): EncodedBatch {
  const documents: Buffer[] = [];
  let bytes = 0;
  while (documents.length < maxCount) {
    let encoded = pending.shift();
    if (!encoded) {
      const next = source.next();
      if (next.done) break;
      encoded = encodeDocument(next.value);
    }
    if (documents.length > 0 && bytes + encoded.length + 16 > BATCH_BYTE_BUDGET) {
      pending.unshift(encoded);
      break;
    }
    documents.push(encoded);
    bytes += encoded.length + 16;
  }
  return { documents, bytes };
}

function cstring(value: string): Buffer {
  return Buffer.concat([Buffer.from(value, 'utf8'), Buffer.from([0])]);
}

function element(type: number, key: string, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), cstring(key), value]);
}

function documentOf(elements: Buffer[]): Buffer {
  const length = 4 + elements.reduce((sum, part) => sum + part.length, 0) + 1;
  const size = Buffer.allocUnsafe(4);
  size.writeInt32LE(length, 0);
  return Buffer.concat([size, ...elements, Buffer.from([0])], length);
}

/** `{cursor: {firstBatch|nextBatch: [...], id: Long, ns}, ok: 1}` as BSON bytes. */
export function encodeCursorReply(
  batchField: 'firstBatch' | 'nextBatch',
  batch: readonly Buffer[],
  cursorId: bigint,
  namespace: string,
  extra: Document = {},
): Buffer {
  const arrayElements = batch.map((document, index) => element(0x03, String(index), document));
  const id = Buffer.allocUnsafe(8);
  id.writeBigInt64LE(cursorId, 0);
  const nsBytes = Buffer.from(namespace, 'utf8');
  const nsValue = Buffer.allocUnsafe(4 + nsBytes.length + 1);
  nsValue.writeInt32LE(nsBytes.length + 1, 0);
  nsBytes.copy(nsValue, 4);
  nsValue[4 + nsBytes.length] = 0;
  const cursor = documentOf([
    element(0x04, batchField, documentOf(arrayElements)),
    element(0x12, 'id', id),
    element(0x02, 'ns', nsValue),
  ]);
  const ok = Buffer.allocUnsafe(8);
  ok.writeDoubleLE(1, 0);
  const extraElements = Object.keys(extra).length > 0 ? [serializeElements(extra)] : [];
  return documentOf([element(0x03, 'cursor', cursor), ...extraElements, element(0x01, 'ok', ok)]);
}

/** The elements of a serialized document without its length prefix and terminator. */
function serializeElements(document: Document): Buffer {
  const bytes = encodeDocument(document);
  return bytes.subarray(4, bytes.length - 1);
}

export function toLong(id: bigint): Long {
  return Long.fromBigInt(id);
}
