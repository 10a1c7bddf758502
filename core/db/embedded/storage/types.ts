/**
 * The storage engine's contract with the command layer: databases of collections of documents,
 * secondary indexes, query planning, durability. Commands never touch files or index structures.
 */
import type { Document } from '../bson-values.js';

/** An index as `listIndexes` reports it; unknown options are kept and echoed back. */
export interface IndexSpec {
  readonly v: number;
  readonly key: Document;
  readonly name: string;
  readonly unique?: boolean;
  readonly sparse?: boolean;
  readonly partialFilterExpression?: Document;
  readonly expireAfterSeconds?: number;
  readonly [option: string]: unknown;
}

export interface QueryOptions {
  readonly filter: Document;
  readonly sort?: Document;
  /** Index name or key pattern to force; an unknown hint is error 2 BadValue. */
  readonly hint?: string | Document;
  readonly skip?: number;
  /** 0 or absent: no limit. */
  readonly limit?: number;
  /** Variables for `$expr` inside the filter (`$$NOW`, `let`). */
  readonly variables?: Document;
}

/** What `explain` reports about how a query ran. */
export interface QueryPlanInfo {
  /** COLLSCAN, IXSCAN (with FETCH), IDHACK (an `_id` equality) or EOF (no collection). */
  readonly stage: 'COLLSCAN' | 'IXSCAN' | 'IDHACK' | 'EOF';
  readonly indexName?: string;
  readonly keyPattern?: Document;
  /** Per indexed field, the bounds scanned, in MongoDB's explain string form (`[1, 5)`). */
  readonly indexBounds?: Readonly<Record<string, readonly string[]>>;
  readonly isMultiKey?: boolean;
  /** True when the index order gives the requested sort (no in-memory SORT stage). */
  readonly sortCoveredByIndex: boolean;
  /** The other indexes considered. */
  readonly rejectedIndexNames: readonly string[];
}

export interface ExecutionStats {
  nReturned: number;
  keysExamined: number;
  docsExamined: number;
  executionTimeMillis: number;
}

export interface StoredRecord {
  readonly recordId: number;
  /** The stored document itself: never mutate it; replace() it instead. */
  readonly document: Document;
}

export interface QueryResult {
  readonly plan: QueryPlanInfo;
  /** Filled in as `records` is iterated. */
  readonly stats: ExecutionStats;
  /** Matching records in the requested order, after skip and limit, produced lazily. */
  readonly records: Iterable<StoredRecord>;
}

export interface CreateIndexesResult {
  readonly numIndexesBefore: number;
  readonly numIndexesAfter: number;
  /** "all indexes already exist" when nothing was created. */
  readonly note?: string;
}

export interface CollectionStats {
  readonly count: number;
  /** Sum of the BSON sizes of the documents. */
  readonly size: number;
  readonly avgObjSize: number;
  readonly nindexes: number;
  readonly indexSizes: Readonly<Record<string, number>>;
}

export interface StoredCollection {
  readonly database: string;
  readonly name: string;
  /** Options given to `create` (capped, validator, …), echoed by listCollections. */
  readonly options: Document;
  /** A UUID (bson Binary subtype 4) fixed at creation, as listCollections reports `info.uuid`. */
  readonly uuid: unknown;
  count(): number;
  query(options: QueryOptions): QueryResult;
  findById(id: unknown): StoredRecord | undefined;
  /**
   * Inserts a document that already has its `_id`. Throws MongoServerError 11000 (with
   * keyPattern, keyValue and MongoDB's E11000 message) and stores nothing on a unique violation.
   * `raw`, when given, is the exact BSON of `document`: journaled without re-serializing; it may
   * be a reused buffer, so nothing may keep it after the call.
   */
  insert(document: Document, raw?: Uint8Array): StoredRecord;
  /**
   * Replaces a stored document atomically: all unique checks pass first, or nothing changes.
   * `raw`, when given, is the exact BSON of `document`, journaled without re-serializing; it
   * may be a reused buffer, so nothing may keep it after the call.
   */
  replace(recordId: number, document: Document, raw?: Uint8Array): StoredRecord;
  remove(recordId: number): void;
  createIndexes(specs: readonly Document[]): CreateIndexesResult;
  /** By name, by key pattern, or '*' for all but `_id_`; returns the count before dropping. */
  dropIndexes(target: string | Document | readonly string[]): number;
  listIndexes(): readonly IndexSpec[];
  stats(): CollectionStats;
}

export interface CollectionInfo {
  readonly name: string;
  readonly type: 'collection';
  readonly options: Document;
  readonly uuid: unknown;
}

export interface DatabaseInfo {
  readonly name: string;
  readonly sizeOnDisk: number;
  readonly empty: boolean;
}

export interface StorageEngineOptions {
  /** Directory for journal, snapshots and lock file; undefined = memory only (no durability). */
  readonly dataDir?: string;
  /** Flush-to-disk (fsync) interval for writes without `j: true`. Default 100 ms. */
  readonly syncIntervalMs?: number;
  /** How often the TTL monitor runs. Default 60 s, like mongod's ttlMonitorSleepSecs. */
  readonly ttlIntervalMs?: number;
  /** Compact (snapshot + new journal) once the journal is larger than this. Default 256 MiB. */
  readonly compactAfterBytes?: number;
}

export interface StorageEngine {
  listDatabases(): readonly DatabaseInfo[];
  listCollections(database: string): readonly CollectionInfo[];
  getCollection(database: string, name: string): StoredCollection | undefined;
  /** Creates the collection; throws 48 NamespaceExists when it exists. */
  createCollection(database: string, name: string, options?: Document): StoredCollection;
  /** The collection, created implicitly (as inserts and createIndexes do) when missing. */
  ensureCollection(database: string, name: string): StoredCollection;
  /** False when it did not exist. */
  dropCollection(database: string, name: string): boolean;
  dropDatabase(database: string): void;
  /** Throws 26 NamespaceNotFound, 48 NamespaceExists (unless dropTarget). */
  renameCollection(fromDatabase: string, from: string, toDatabase: string, to: string, dropTarget: boolean): void;
  /**
   * Makes every change so far durable: written to the journal file before it resolves, and
   * fsynced too when `journaled` is true. Called by the command layer before it acknowledges.
   */
  commit(journaled: boolean): Promise<void>;
  /** Runs one TTL pass now (the monitor also runs it every ttlIntervalMs). Returns docs removed. */
  runTtlPass(): number;
  /** Writes a snapshot and starts a fresh journal. */
  compact(): Promise<void>;
  /** True while a compaction (started by compact() or by journal growth) is writing its snapshot. */
  isCompacting(): boolean;
  /** Flushes, fsyncs, stops timers and releases the lock file. */
  close(): Promise<void>;
}
