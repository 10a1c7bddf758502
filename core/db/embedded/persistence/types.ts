/**
 * The contract between the in-memory storage engine and durability: every change to the data
 * set is appended as a logical record; recovery rebuilds the state from snapshot + journal.
 * Records are idempotent (full post-images, deletes by `_id`), so replaying a journal over a fuzzy
 * snapshot taken while writes went on converges to the same state.
 */
import type { Document } from '../bson-values.js';
import type { IndexSpec } from '../storage/types.js';

export type JournalRecord =
  | { readonly op: 'createCollection'; readonly db: string; readonly coll: string; readonly options: Document; readonly uuid: unknown }
  | { readonly op: 'dropCollection'; readonly db: string; readonly coll: string }
  | { readonly op: 'dropDatabase'; readonly db: string }
  | {
      readonly op: 'renameCollection';
      readonly db: string;
      readonly coll: string;
      readonly toDb: string;
      readonly toColl: string;
    }
  | { readonly op: 'createIndex'; readonly db: string; readonly coll: string; readonly spec: IndexSpec }
  | { readonly op: 'dropIndex'; readonly db: string; readonly coll: string; readonly name: string }
  /** Insert or full replacement of the document with this `_id`. */
  | {
      readonly op: 'put';
      readonly db: string;
      readonly coll: string;
      readonly doc: Document;
      /**
       * The exact BSON `doc` was decoded from, when the writer has it: the journal then copies
       * these bytes instead of re-serializing (replay decodes them to the same values). Never
       * journaled as a field of its own, and only valid during append(): writers reuse its memory.
       */
      readonly raw?: Uint8Array;
    }
  | { readonly op: 'delete'; readonly db: string; readonly coll: string; readonly id: unknown };

/** A collection as recovery rebuilt it; the engine builds its indexes from `indexes`. */
export interface RecoveredCollection {
  readonly db: string;
  readonly name: string;
  readonly options: Document;
  readonly uuid: unknown;
  /** Index specs other than `_id_`. */
  readonly indexes: IndexSpec[];
  /**
   * Documents keyed by documentKey(_id) (the collection's `_id` map key). The engine takes the
   * map over as that collection's `_id` map, so it must not be used after the engine restored it.
   */
  readonly documents: Map<string | number, Document>;
}

export interface RecoveredState {
  /** Keyed by `${db}.${name}`. */
  readonly collections: Map<string, RecoveredCollection>;
  readonly stats: {
    readonly snapshotDocuments: number;
    readonly journalRecords: number;
    /** True when a torn or corrupt tail record was found and dropped. */
    readonly droppedTornTail: boolean;
    readonly millis: number;
  };
}

/** What a snapshot writer reads: the live catalog, iterated while writes may go on. */
export interface SnapshotSource {
  collections(): Iterable<{
    readonly db: string;
    readonly name: string;
    readonly options: Document;
    readonly uuid: unknown;
    readonly indexes: readonly IndexSpec[];
    readonly documents: Iterable<Document>;
  }>;
}

export interface Durability {
  /** Buffers a record; cheap, synchronous. */
  append(record: JournalRecord): void;
  /**
   * Writes buffered records to the journal file (one write for the whole group) before resolving;
   * with `fsync` true also fsyncs. Without it, an fsync follows within syncIntervalMs.
   */
  commit(fsync: boolean): Promise<void>;
  /** Bytes in the current journal file. */
  journalBytes(): number;
  /** Fuzzy snapshot of `source` + journal rotation; safe while appends go on. */
  compact(source: SnapshotSource): Promise<void>;
  /** Flushes, fsyncs, closes files and releases the data directory lock. */
  close(): Promise<void>;
}
