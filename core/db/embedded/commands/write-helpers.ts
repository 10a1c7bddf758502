/** Pieces shared by the write commands: `_id` handling, size limits, the upsert path. */
import { ObjectId, calculateObjectSize, serialize } from 'bson';
import type { Document } from '../bson-values.js';
import { MongoServerError, serverError, toServerError } from '../errors.js';
import type { StoredCollection, StoredRecord } from '../storage/types.js';
import { buildUpsertSeed, type CompiledUpdate } from '../update/apply.js';
import { copyDocument } from '../update/document-access.js';
import { encodeInto } from '../persistence/fast-encoder.js';
import { MAX_BSON_OBJECT_BYTES } from '../wire/framing.js';

/** Returns the document with `_id` first, generating an ObjectId when it has none. */
export function withIdFirst(document: Document): Document {
  const id = document['_id'];
  if (id === undefined) return copyDocument(document, { _id: new ObjectId() });
  assertValidId(id);
  const keys = Object.keys(document);
  if (keys[0] === '_id') return document;
  const ordered: Document = { _id: id };
  for (const key of keys) if (key !== '_id') ordered[key] = document[key];
  return ordered;
}

export function assertValidId(id: unknown): void {
  if (Array.isArray(id)) throw serverError('InvalidIdField', "The '_id' value cannot be of type array");
  if (id instanceof RegExp) throw serverError('InvalidIdField', "The '_id' value cannot be of type regex");
}

export function assertDocumentSize(document: Document, context: string): void {
  const size = calculateObjectSize(document);
  if (size > MAX_BSON_OBJECT_BYTES) {
    throw new MongoServerError(
      context === 'update' ? 17419 : 10334,
      context === 'update'
        ? `Resulting document after update is larger than ${MAX_BSON_OBJECT_BYTES}`
        : `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_BYTES}`,
    );
  }
}

/** A `writeErrors[]` entry in mongod's shape. */
export function writeError(index: number, error: unknown): Document {
  const serverErrorValue = toServerError(error);
  return { index, code: serverErrorValue.code, errmsg: serverErrorValue.message, ...serverErrorValue.extra };
}

export interface UpdateStatementOptions {
  readonly now: Date;
}

/**
 * Where stored documents are encoded. Small on purpose: larger documents (rare) take bson's own
 * path, and a multi-megabyte buffer freed and reallocated would raise glibc's mmap threshold and
 * leave later large buffers on the heap, where their pages are not given back.
 */
const SCRATCH_BYTES = 1024 * 1024;
let scratch: Buffer | undefined;

/**
 * The BSON of a document about to be stored, checked against the 16 MB limit (17419, as an
 * update's result): one serialization serves the size check, the record's size and the journal,
 * where each used to encode or measure the document again. The bytes may be a view of a shared
 * scratch buffer, valid until the next call.
 */
export function encodeForStore(document: Document): Buffer {
  scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  const end = encodeInto(document, scratch, 0, false);
  if (end >= 0) return scratch.subarray(0, end);
  // Exotic values, or too large for the scratch buffer: bson encodes it, or fails it.
  let bytes: Uint8Array;
  try {
    bytes = serialize(document);
  } catch (error) {
    // Beyond bson's own buffer, hence over the limit: the size check says so in mongod's words.
    assertDocumentSize(document, 'update');
    throw error;
  }
  if (bytes.length > MAX_BSON_OBJECT_BYTES) assertDocumentSize(document, 'update');
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Applies an update to one stored record; returns the stored post-image when it changed. */
export function updateRecord(
  collection: StoredCollection,
  record: StoredRecord,
  update: CompiledUpdate,
  matchPosition: number | undefined,
  options: UpdateStatementOptions,
): { modified: boolean; document: Document } {
  const result = update.apply(record.document, { matchPosition, isUpsertInsert: false, now: options.now });
  if (!result.modified) return { modified: false, document: record.document };
  const stored = collection.replace(record.recordId, result.document, encodeForStore(result.document));
  return { modified: true, document: stored.document };
}

/** Builds and inserts the document of an upsert that matched nothing. */
export function upsertDocument(
  collection: StoredCollection,
  filter: Document,
  update: CompiledUpdate,
  options: UpdateStatementOptions,
): Document {
  const seed = buildUpsertSeed(filter);
  const result = update.apply(seed, { isUpsertInsert: true, now: options.now });
  const document = withIdFirst(result.document);
  return collection.insert(document, encodeForStore(document)).document;
}
