/**
 * Test support for the storage engine: an in-memory Durability double that records what the
 * engine asks of it, and a seeded PRNG for property-style tests. Not used by production code.
 */
import type { Document } from '../bson-values.js';
import type { Durability, JournalRecord, RecoveredCollection, RecoveredState, SnapshotSource } from '../persistence/types.js';
import type { DurabilityOpener } from './engine.js';

export interface SnapshotCollection {
  readonly db: string;
  readonly name: string;
  readonly indexNames: readonly string[];
  readonly documents: readonly Document[];
}

export class FakeDurability implements Durability {
  readonly records: JournalRecord[] = [];
  readonly commits: boolean[] = [];
  readonly snapshots: SnapshotCollection[][] = [];
  closed = false;
  bytes = 0;
  /** While set, compact() waits for it: lets tests observe a compaction in flight. */
  compactionGate: Promise<void> | undefined;

  append(record: JournalRecord): void {
    // `raw` is only valid during the call (writers reuse its memory), as the real journal assumes.
    this.records.push(record.op === 'put' && record.raw !== undefined ? { ...record, raw: Uint8Array.from(record.raw) } : record);
    this.bytes += 100;
  }

  async commit(fsync: boolean): Promise<void> {
    this.commits.push(fsync);
  }

  journalBytes(): number {
    return this.bytes;
  }

  async compact(source: SnapshotSource): Promise<void> {
    const snapshot: SnapshotCollection[] = [];
    for (const collection of source.collections()) {
      snapshot.push({
        db: collection.db,
        name: collection.name,
        indexNames: collection.indexes.map((spec) => spec.name),
        documents: [...collection.documents],
      });
    }
    this.snapshots.push(snapshot);
    if (this.compactionGate !== undefined) await this.compactionGate;
    this.bytes = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Operations journaled so far, as `op` names. */
  ops(): string[] {
    return this.records.map((record) => record.op);
  }
}

export function emptyRecovery(collections: RecoveredCollection[] = []): RecoveredState {
  return {
    collections: new Map(collections.map((collection) => [`${collection.db}.${collection.name}`, collection])),
    stats: { snapshotDocuments: 0, journalRecords: 0, droppedTornTail: false, millis: 0 },
  };
}

/** An opener handing out `durability` with `recovered` as the starting state. */
export function fakeOpener(durability: FakeDurability, recovered: RecoveredState = emptyRecovery()): DurabilityOpener {
  return async () => ({ durability, recovered });
}

/** Mulberry32: small, fast, and deterministic for a given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
