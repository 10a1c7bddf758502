/**
 * One collection: documents by recordId (insertion order is natural order), the `_id` hash map
 * (the `_id_` index; an ordered B+tree over `_id` is built the first time a query needs one),
 * secondary indexes kept in step on every write, and a journal record for every change.
 */
import { calculateObjectSize } from 'bson';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { compileFilter } from '../query/matcher.js';
import { compileSort } from '../query/sort.js';
import type { JournalRecord } from '../persistence/types.js';
import type {
  CollectionStats,
  CreateIndexesResult,
  IndexSpec,
  QueryOptions,
  QueryPlanInfo,
  QueryResult,
  StoredCollection,
  StoredRecord,
} from './types.js';
import { BTreeIndex, duplicateKeyError } from './btree-index.js';
import { createIndexes, dropIndexes, indexFromSpec } from './collection-indexes.js';
import type { IndexHost } from './collection-indexes.js';
import { boundsAnswerFilter } from './exact-bounds.js';
import { describePlan, execute } from './executor.js';
import type { RecordSource } from './executor.js';
import { parseKeyPattern } from './key-pattern.js';
import type { KeyEntry } from './key-values.js';
import { idKey } from './key-values.js';
import type { PlannableIndex } from './planner.js';
import { planQuery } from './planner.js';
import { idPointValue, uniquePointLookup } from './point-lookup.js';
import { extractPredicates } from './predicates.js';
import { RecordStore } from './record-store.js';
import { StringInterner } from './string-interner.js';

export type JournalSink = (record: JournalRecord) => void;

/** Size of a record loaded at recovery, until something needs it. */
const UNSIZED = -1;

/** A stored document with its BSON size (for stats). */
export class RecordEntry implements StoredRecord {
  constructor(
    readonly recordId: number,
    readonly document: Document,
    /** UNSIZED for recovered records: measuring a million documents at startup is seconds. */
    public size: number,
  ) {}
}

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };
const ID_INDEX: PlannableIndex = {
  spec: ID_INDEX_SPEC,
  pattern: parseKeyPattern(ID_INDEX_SPEC.key),
  multikeyFields: [false],
  isIdIndex: true,
};
/** Estimated bytes per `_id_` entry (key, record pointer, hash slot). */
const ID_ENTRY_BYTES = 40;
const NO_KEYS: readonly (KeyEntry[] | undefined)[] = [];

function validateId(id: unknown): void {
  if (id === undefined) throw serverError('InternalError', 'document to store has no _id');
  if (Array.isArray(id)) throw serverError('InvalidIdField', "The '_id' value cannot be of type array");
  if (id instanceof RegExp) throw serverError('InvalidIdField', "The '_id' value cannot be of type regex");
}

function sameEntries(a: readonly KeyEntry[] | undefined, b: readonly KeyEntry[] | undefined, compare: (x: KeyEntry, y: KeyEntry) => number): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (compare(a[i] as KeyEntry, b[i] as KeyEntry) !== 0) return false;
  return true;
}

export interface CollectionInit {
  readonly database: string;
  readonly name: string;
  readonly options: Document;
  readonly uuid: unknown;
  readonly journal: JournalSink | undefined;
}

export class Collection implements StoredCollection, RecordSource, IndexHost {
  readonly options: Document;
  readonly uuid: unknown;
  readonly records = new RecordStore<RecordEntry>();
  readonly indexes: BTreeIndex[] = [];
  /** Set once the collection is dropped: later writes through a stale handle fail. */
  dropped = false;
  private databaseName: string;
  private collectionName: string;
  private ids = new Map<string | number, RecordEntry>();
  private orderedIds: BTreeIndex | undefined;
  private nextRecordId = 1;
  /** BSON bytes of the sized records; recovered records are measured when stats ask. */
  private sizedBytes = 0;
  private unsized = 0;
  private readonly interner = new StringInterner();
  private readonly journalSink: JournalSink | undefined;

  constructor(init: CollectionInit) {
    this.databaseName = init.database;
    this.collectionName = init.name;
    this.options = init.options;
    this.uuid = init.uuid;
    this.journalSink = init.journal;
  }

  get database(): string {
    return this.databaseName;
  }

  get name(): string {
    return this.collectionName;
  }

  get namespace(): string {
    return `${this.databaseName}.${this.collectionName}`;
  }

  /** The catalog moved this collection (renameCollection). */
  moveTo(database: string, name: string): void {
    this.databaseName = database;
    this.collectionName = name;
  }

  journal(record: JournalRecord): void {
    this.journalSink?.(record);
  }

  count(): number {
    return this.records.size;
  }

  findById(id: unknown): RecordEntry | undefined {
    return this.ids.get(idKey(id));
  }

  /**
   * The records an exact-equality filter names through `_id` or a unique index (at most one), or
   * undefined when the filter needs the planner. Write statements keyed like this skip planning.
   */
  pointLookup(filter: Document): RecordEntry[] | undefined {
    const keys = Object.keys(filter);
    const id = idPointValue(filter, keys);
    let record: RecordEntry | undefined;
    if (id !== undefined) {
      record = this.findById(id);
    } else {
      if (keys.length === 0 || this.indexes.length === 0) return undefined;
      const recordId = uniquePointLookup(this.indexes, filter, keys.length);
      if (recordId === undefined) return undefined;
      record = recordId === null ? undefined : this.records.get(recordId);
    }
    return record === undefined ? [] : [record];
  }

  /** `raw`, when given, must be the exact BSON `document` was decoded from (journaled as is). */
  insert(document: Document, raw?: Uint8Array): RecordEntry {
    this.assertLive();
    const id = document['_id'];
    validateId(id);
    const key = idKey(id);
    if (this.ids.has(key)) throw duplicateKeyError(this.namespace, '_id_', ID_INDEX_SPEC.key, [id]);
    const recordId = this.nextRecordId;
    this.interner.internDocument(document);
    const keys = this.keysFor(document, recordId);
    this.checkUnique(keys, recordId);
    const record = new RecordEntry(recordId, document, raw === undefined ? calculateObjectSize(document) : raw.length);
    this.nextRecordId++;
    this.records.set(recordId, record);
    this.ids.set(key, record);
    for (let i = 0; i < keys.length; i++) {
      const entries = keys[i];
      if (entries !== undefined) (this.indexes[i] as BTreeIndex).add(entries);
    }
    this.orderedIds?.add([[id, recordId]]);
    this.sizedBytes += record.size;
    if (raw === undefined) this.journalSink?.({ op: 'put', db: this.databaseName, coll: this.collectionName, doc: document });
    else this.journalSink?.({ op: 'put', db: this.databaseName, coll: this.collectionName, doc: document, raw });
    return record;
  }

  replace(recordId: number, document: Document, raw?: Uint8Array): RecordEntry {
    this.assertLive();
    const previous = this.records.get(recordId);
    if (previous === undefined) throw serverError('InternalError', `no record ${recordId} in ${this.namespace}`);
    const id = document['_id'];
    validateId(id);
    const oldId = previous.document['_id'];
    const key = idKey(id);
    const idChanged = key !== idKey(oldId);
    if (idChanged && this.ids.has(key)) throw duplicateKeyError(this.namespace, '_id_', ID_INDEX_SPEC.key, [id]);
    this.interner.internDocument(document);
    const keys = this.keysFor(document, recordId);
    this.checkUnique(keys, recordId);
    const oldKeys = this.keysFor(previous.document, recordId);
    const record = new RecordEntry(recordId, document, raw === undefined ? calculateObjectSize(document) : raw.length);
    for (let i = 0; i < keys.length; i++) {
      const index = this.indexes[i] as BTreeIndex;
      if (sameEntries(oldKeys[i], keys[i], index.compare)) continue;
      if (oldKeys[i] !== undefined) index.remove(oldKeys[i] as KeyEntry[]);
      if (keys[i] !== undefined) index.add(keys[i] as KeyEntry[]);
    }
    this.records.set(recordId, record);
    if (idChanged) {
      this.ids.delete(idKey(oldId));
      this.orderedIds?.remove([[oldId, recordId]]);
      this.orderedIds?.add([[id, recordId]]);
      this.journalSink?.({ op: 'delete', db: this.databaseName, coll: this.collectionName, id: oldId });
    }
    this.ids.set(key, record);
    this.forgetSize(previous);
    this.sizedBytes += record.size;
    if (raw === undefined) this.journalSink?.({ op: 'put', db: this.databaseName, coll: this.collectionName, doc: document });
    else this.journalSink?.({ op: 'put', db: this.databaseName, coll: this.collectionName, doc: document, raw });
    return record;
  }

  remove(recordId: number): void {
    this.assertLive();
    const record = this.records.get(recordId);
    if (record === undefined) return;
    const id = record.document['_id'];
    for (const index of this.indexes) {
      const entries = index.keysFor(record.document, recordId);
      if (entries !== undefined) index.remove(entries);
    }
    this.orderedIds?.remove([[id, recordId]]);
    this.ids.delete(idKey(id));
    this.records.delete(recordId);
    this.forgetSize(record);
    this.journalSink?.({ op: 'delete', db: this.databaseName, coll: this.collectionName, id });
  }

  query(options: QueryOptions): QueryResult {
    const compiled = Object.keys(options.filter).length === 0 ? undefined : compileFilter(options.filter, { variables: options.variables });
    const sort = options.sort !== undefined && Object.keys(options.sort).length > 0 ? options.sort : undefined;
    const predicates = extractPredicates(options.filter);
    const plan = planQuery(this.plannable(), { filter: options.filter, predicates, sort, hint: options.hint });
    // Compiled even when skipped: an invalid filter must still fail.
    const filter = compiled !== undefined && boundsAnswerFilter(plan, options.filter) ? undefined : compiled;
    // {$natural: ±1} is an order only a collection scan gives; with an index hint it is moot.
    const natural = sort !== undefined && '$natural' in sort;
    const compare = sort === undefined || plan.sortCovered || natural ? undefined : compileSort(sort);
    const stats = { nReturned: 0, keysExamined: 0, docsExamined: 0, executionTimeMillis: 0 };
    const records = execute(this, plan, { filter, compare, skip: options.skip ?? 0, limit: options.limit ?? 0 }, stats);
    let described: QueryPlanInfo | undefined;
    return {
      // Rendering bounds costs string building that most queries never look at.
      get plan(): QueryPlanInfo {
        described ??= describePlan(plan, (index) => index !== ID_INDEX && (index as BTreeIndex).multikey);
        return described;
      },
      stats,
      records,
    };
  }

  createIndexes(specs: readonly Document[]): CreateIndexesResult {
    this.assertLive();
    return createIndexes(this, specs);
  }

  dropIndexes(target: string | Document | readonly string[]): number {
    this.assertLive();
    return dropIndexes(this, target);
  }

  listIndexes(): readonly IndexSpec[] {
    return [ID_INDEX_SPEC, ...this.indexes.map((index) => index.spec)];
  }

  stats(): CollectionStats {
    const count = this.records.size;
    const totalSize = this.measureAll();
    const indexSizes: Record<string, number> = { _id_: count * ID_ENTRY_BYTES };
    for (const index of this.indexes) indexSizes[index.name] = index.estimatedBytes();
    return {
      count,
      size: totalSize,
      avgObjSize: count === 0 ? 0 : Math.floor(totalSize / count),
      nindexes: 1 + this.indexes.length,
      indexSizes,
    };
  }

  /**
   * Recovery: loads documents without journaling or unique checks (indexes come after). Recovery
   * already shared their repeated strings, so they skip this collection's interner.
   */
  loadDocuments(documents: Iterable<Document>): void {
    for (const document of documents) {
      const record = new RecordEntry(this.nextRecordId++, document, UNSIZED);
      this.records.set(record.recordId, record);
      this.ids.set(idKey(document['_id']), record);
      this.unsized++;
    }
  }

  /**
   * Recovery: takes over `byId` (documents keyed by idKey(_id), natural order) as this empty
   * collection's `_id` map, replacing each document by its record in place, which saves hashing
   * every id again into a second map. The caller must not use `byId` afterwards.
   */
  adoptDocuments(byId: Map<string | number, Document>): void {
    if (this.records.size > 0) return this.loadDocuments(byId.values());
    const ids = byId as Map<string | number, Document | RecordEntry>;
    const records = this.records;
    let recordId = this.nextRecordId;
    // forEach rather than for-of: no entry array per document; overwriting existing keys is safe.
    ids.forEach((document, key) => {
      const record = new RecordEntry(recordId++, document as Document, UNSIZED);
      records.set(record.recordId, record);
      ids.set(key, record);
    });
    this.nextRecordId = recordId;
    this.unsized += ids.size;
    this.ids = ids as Map<string | number, RecordEntry>;
  }

  /** Takes a record's bytes out of the total (a recovered one never counted). */
  private forgetSize(record: RecordEntry): void {
    if (record.size === UNSIZED) this.unsized--;
    else this.sizedBytes -= record.size;
  }

  /** Total BSON bytes, measuring the recovered records first if any are left. */
  private measureAll(): number {
    if (this.unsized > 0) {
      for (const record of this.records.values()) {
        if (record.size !== UNSIZED) continue;
        record.size = calculateObjectSize(record.document);
        this.sizedBytes += record.size;
      }
      this.unsized = 0;
    }
    return this.sizedBytes;
  }

  /** Recovery: bulk-builds indexes from their specs, trusting that the data satisfied them. */
  loadIndexes(specs: readonly IndexSpec[]): void {
    for (const spec of specs) {
      const index = indexFromSpec(spec);
      index.build(this.records.values(), false);
      this.indexes.push(index);
    }
  }

  /** The planner's view: `_id_` first, then the secondary indexes. */
  private plannable(): PlannableIndex[] {
    return [ID_INDEX, ...this.indexes];
  }

  scannable(index: PlannableIndex): BTreeIndex {
    if (!index.isIdIndex) return index as BTreeIndex;
    if (this.orderedIds === undefined) {
      const ordered = new BTreeIndex({ spec: ID_INDEX_SPEC, pattern: ID_INDEX.pattern, partial: undefined, isIdIndex: true });
      ordered.build(this.records.values(), false);
      this.orderedIds = ordered;
    }
    return this.orderedIds;
  }

  private keysFor(document: Document, recordId: number): readonly (KeyEntry[] | undefined)[] {
    const count = this.indexes.length;
    if (count === 0) return NO_KEYS;
    const keys = new Array<KeyEntry[] | undefined>(count);
    for (let i = 0; i < count; i++) keys[i] = (this.indexes[i] as BTreeIndex).keysFor(document, recordId);
    return keys;
  }

  private checkUnique(keys: readonly (KeyEntry[] | undefined)[], recordId: number): void {
    for (let i = 0; i < keys.length; i++) {
      const entries = keys[i];
      const index = this.indexes[i] as BTreeIndex;
      if (entries === undefined || !index.unique) continue;
      const conflict = index.findConflict(entries, recordId);
      if (conflict !== undefined) throw duplicateKeyError(this.namespace, index.name, index.spec.key, conflict);
    }
  }

  private assertLive(): void {
    if (this.dropped) throw serverError('NamespaceNotFound', `Collection ${this.namespace} was dropped`);
  }
}
