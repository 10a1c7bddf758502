/** Pieces shared by the write commands: `_id` handling, size limits, the upsert path. */
import { ObjectId, calculateObjectSize } from 'bson';
import type { Document } from '../bson-values.js';
import { MongoServerError, serverError, toServerError } from '../errors.js';
import type { StoredCollection, StoredRecord } from '../storage/types.js';
import { buildUpsertSeed, type CompiledUpdate } from '../update/apply.js';
import { copyDocument } from '../update/document-access.js';
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
  assertDocumentSize(result.document, 'update');
  const stored = collection.replace(record.recordId, result.document);
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
  assertDocumentSize(document, 'update');
  return collection.insert(document).document;
}
