/**
 * Rebuilds the catalog and documents from snapshot entries and journal records. Every operation
 * is idempotent in effect (full post-images, deletes by `_id`, catalog edits that tolerate
 * already-applied state), which is what lets journals replay over a fuzzy snapshot.
 */
import type { Document } from '../bson-values.js';
import { isPlainObject } from '../bson-values.js';
import { documentKey } from './document-key.js';
import { StringInterner } from '../storage/string-interner.js';
import type { IndexSpec } from '../storage/types.js';
import type { JournalRecord, RecoveredCollection } from './types.js';

interface MutableCollection {
  db: string;
  name: string;
  options: Document;
  uuid: unknown;
  indexes: IndexSpec[];
  documents: Map<string | number, Document>;
}

/** A record that passed its CRC but does not make sense: a writer bug or a foreign file. */
export class InvalidRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRecordError';
  }
}

function namespaceKey(db: string, name: string): string {
  return `${db}.${name}`;
}

function requireString(record: Document, field: string): string {
  const value = record[field];
  if (typeof value !== 'string') throw new InvalidRecordError(`field "${field}" must be a string`);
  return value;
}

function requireDocument(record: Document, field: string): Document {
  const value = record[field];
  if (!isPlainObject(value)) throw new InvalidRecordError(`field "${field}" must be a document`);
  return value;
}

export class StateBuilder {
  readonly collections = new Map<string, RecoveredCollection>();
  /**
   * Shares repeated strings and dates as documents are decoded, while the duplicates are still
   * young garbage: interned later, every duplicate would first be promoted (copied twice).
   */
  readonly interner = new StringInterner();
  // Consecutive records nearly always target the same collection; skip the string concat + lookup.
  private cachedDb = '';
  private cachedName = '';
  private cached: MutableCollection | undefined;

  /** Adds a collection from a snapshot header (replacing any previous one of that name). */
  addCollection(header: Document): RecoveredCollection {
    const indexes = header['indexes'];
    if (!Array.isArray(indexes)) throw new InvalidRecordError('field "indexes" must be an array');
    const collection: MutableCollection = {
      db: requireString(header, 'db'),
      name: requireString(header, 'name'),
      options: requireDocument(header, 'options'),
      uuid: header['uuid'],
      indexes: (indexes as IndexSpec[]).filter((spec) => spec.name !== '_id_'),
      documents: new Map(),
    };
    this.collections.set(namespaceKey(collection.db, collection.name), collection);
    this.cached = undefined;
    return collection;
  }

  /** Applies one journal record; throws InvalidRecordError when it is malformed. */
  apply(record: Document): void {
    const op = record['op'];
    switch (op) {
      case 'put':
        return this.put(record);
      case 'delete':
        return this.remove(record);
      case 'createCollection':
        return this.createCollection(record);
      case 'dropCollection':
        return this.dropCollection(requireString(record, 'db'), requireString(record, 'coll'));
      case 'dropDatabase':
        return this.dropDatabase(requireString(record, 'db'));
      case 'renameCollection':
        return this.rename(record);
      case 'createIndex':
        return this.createIndex(record);
      case 'dropIndex':
        return this.dropIndex(record);
      default:
        throw new InvalidRecordError(`unknown journal operation ${JSON.stringify(op)}`);
    }
  }

  /** Applies a typed record (tests and tools). */
  applyRecord(record: JournalRecord): void {
    this.apply(record as unknown as Document);
  }

  private lookup(record: Document): MutableCollection | undefined {
    const db = record['db'];
    const name = record['coll'];
    if (this.cached !== undefined && db === this.cachedDb && name === this.cachedName) return this.cached;
    if (typeof db !== 'string' || typeof name !== 'string') {
      throw new InvalidRecordError('fields "db" and "coll" must be strings');
    }
    const found = this.collections.get(namespaceKey(db, name)) as MutableCollection | undefined;
    this.cachedDb = db;
    this.cachedName = name;
    this.cached = found;
    return found;
  }

  /**
   * The engine logs createCollection before any write into a collection, so a write to a missing
   * collection belongs to one that a later record drops or renames: skipping it is correct, and
   * creating it implicitly would resurrect data.
   */
  private put(record: Document): void {
    const document = requireDocument(record, 'doc');
    const collection = this.lookup(record);
    if (collection === undefined) return;
    this.interner.internDocument(document);
    collection.documents.set(documentKey(document['_id']), document);
  }

  private remove(record: Document): void {
    this.lookup(record)?.documents.delete(documentKey(record['id']));
  }

  private createCollection(record: Document): void {
    const db = requireString(record, 'db');
    const name = requireString(record, 'coll');
    const key = namespaceKey(db, name);
    if (this.collections.has(key)) return;
    const options = requireDocument(record, 'options');
    this.collections.set(key, { db, name, options, uuid: record['uuid'], indexes: [], documents: new Map() });
    this.cached = undefined;
  }

  private dropCollection(db: string, name: string): void {
    this.collections.delete(namespaceKey(db, name));
    this.cached = undefined;
  }

  private dropDatabase(db: string): void {
    for (const [key, collection] of this.collections) {
      if (collection.db === db) this.collections.delete(key);
    }
    this.cached = undefined;
  }

  /** Replaces the target like `dropTarget: true` would; the engine only logs renames it allowed. */
  private rename(record: Document): void {
    const source = this.lookup(record);
    if (source === undefined) return;
    const toDb = requireString(record, 'toDb');
    const toName = requireString(record, 'toColl');
    this.collections.delete(namespaceKey(source.db, source.name));
    this.collections.set(namespaceKey(toDb, toName), { ...source, db: toDb, name: toName });
    this.cached = undefined;
  }

  private createIndex(record: Document): void {
    const spec = requireDocument(record, 'spec') as IndexSpec;
    if (typeof spec.name !== 'string') throw new InvalidRecordError('index spec needs a string "name"');
    const collection = this.lookup(record);
    if (collection === undefined || spec.name === '_id_') return;
    const position = collection.indexes.findIndex((existing) => existing.name === spec.name);
    if (position >= 0) collection.indexes[position] = spec;
    else collection.indexes.push(spec);
  }

  private dropIndex(record: Document): void {
    const name = requireString(record, 'name');
    const collection = this.lookup(record);
    if (collection === undefined) return;
    collection.indexes = collection.indexes.filter((spec) => spec.name !== name);
  }
}
