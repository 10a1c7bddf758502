/**
 * Startup recovery: pick the newest usable snapshot, replay every journal generation from it on,
 * drop a torn tail, and report which journal to continue appending to.
 */
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { DirectoryListing } from './layout.js';
import { journalFileName, listDirectory, removeFiles, snapshotFileName } from './layout.js';
import type { ScanResult } from './frame-scanner.js';
import { CorruptFileError, scanFile } from './frame-scanner.js';
import { loadSnapshot, SnapshotError } from './snapshot-reader.js';
import { InvalidRecordError, StateBuilder } from './state-builder.js';
import type { RecoveredState } from './types.js';

export interface RecoveryResult {
  readonly state: RecoveredState;
  /** The journal generation to append to (it may not exist yet). */
  readonly journalGeneration: number;
  /** Its size after any truncation (0 when it does not exist). */
  readonly journalBytes: number;
  /** Non-fatal findings worth logging (skipped snapshots, removed leftovers). */
  readonly warnings: readonly string[];
}

interface Base {
  readonly builder: StateBuilder;
  /** 0 without a snapshot. */
  readonly snapshotGeneration: number;
  readonly snapshotDocuments: number;
}

/** Journals from `first` on, which must be contiguous for the state to be complete. */
function journalsFrom(listing: DirectoryListing, first: number): number[] | undefined {
  const journals = listing.journals.filter((generation) => generation >= first);
  if (journals.length === 0) return journals;
  if (journals[0] !== first) return undefined;
  for (let index = 1; index < journals.length; index++) {
    if (journals[index] !== first + index) return undefined;
  }
  return journals;
}

async function chooseBase(dataDir: string, listing: DirectoryListing, warnings: string[]): Promise<Base> {
  const failures: string[] = [];
  const unusable: string[] = [];
  let base: Base | undefined;
  for (const generation of [...listing.snapshots].reverse()) {
    if (journalsFrom(listing, generation) === undefined) {
      failures.push(`snapshot ${generation}: journal generations after it are missing`);
      continue;
    }
    const path = join(dataDir, snapshotFileName(generation));
    const builder = new StateBuilder();
    try {
      const snapshotDocuments = await loadSnapshot(path, generation, builder);
      base = { builder, snapshotGeneration: generation, snapshotDocuments };
      break;
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      failures.push(error.message);
      unusable.push(path);
    }
  }
  // Replaying from scratch is complete only when the very first journal is still there (or the
  // directory is new); otherwise a snapshot held data that no journal has any more.
  const fresh = listing.journals.length === 0 && listing.snapshots.length === 0;
  if (base === undefined && (fresh || (listing.journals[0] === 1 && journalsFrom(listing, 1) !== undefined))) {
    base = { builder: new StateBuilder(), snapshotGeneration: 0, snapshotDocuments: 0 };
  }
  if (base === undefined) {
    const detail = failures.length > 0 ? failures.join('; ') : 'no snapshot and the first journal generations are missing';
    throw new Error(`cannot recover data directory ${dataDir}: ${detail}`);
  }
  if (failures.length > 0) warnings.push(`skipped snapshots: ${failures.join('; ')}`);
  // Kept for inspection, renamed so they are not tried again; only once recovery is sure to work.
  for (const path of unusable) {
    await rename(path, `${path}.corrupt`);
    warnings.push(`renamed unusable snapshot to ${path}.corrupt`);
  }
  return base;
}

async function replayJournal(path: string, builder: StateBuilder): Promise<ScanResult> {
  return scanFile(path, (record, offset) => {
    try {
      builder.apply(record);
    } catch (error) {
      if (!(error instanceof InvalidRecordError)) throw error;
      throw new Error(`${path}: invalid journal record at offset ${offset}: ${error.message}`, { cause: error });
    }
  });
}

async function truncateFile(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Rebuilds the state of `dataDir` (which the caller has locked). Throws with a message naming
 * the file and offset when data would otherwise be lost.
 */
export async function recover(dataDir: string): Promise<RecoveryResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const listing = await listDirectory(dataDir);
  await removeFiles(dataDir, listing.temporaries);
  if (listing.temporaries.length > 0) warnings.push(`removed interrupted snapshots: ${listing.temporaries.join(', ')}`);
  const base = await chooseBase(dataDir, listing, warnings);
  const journals = journalsFrom(listing, Math.max(base.snapshotGeneration, 1)) ?? [];
  let journalRecords = 0;
  let droppedTornTail = false;
  let lastBytes = 0;
  for (let index = 0; index < journals.length; index++) {
    const path = join(dataDir, journalFileName(journals[index] as number));
    const result = await replayJournal(path, base.builder);
    journalRecords += result.records;
    lastBytes = result.fileSize;
    if (result.badTail === undefined) continue;
    // A bad record with records in a later generation is mid-journal corruption, not a torn tail.
    for (const later of journals.slice(index + 1)) {
      const laterResult = await scanFile(join(dataDir, journalFileName(later)), () => undefined);
      if (laterResult.records > 0) throw new CorruptFileError(path, result.badTail.offset, result.badTail.reason);
    }
    await truncateFile(path, result.validEnd);
    warnings.push(`dropped a torn record at the end of ${path} (offset ${result.badTail.offset}: ${result.badTail.reason})`);
    droppedTornTail = true;
    lastBytes = result.validEnd;
  }
  const journalGeneration = journals.at(-1) ?? Math.max(base.snapshotGeneration, 1);
  const obsolete = [
    ...listing.journals.filter((generation) => generation < base.snapshotGeneration).map(journalFileName),
    ...listing.snapshots.filter((generation) => generation < base.snapshotGeneration).map(snapshotFileName),
  ];
  await removeFiles(dataDir, obsolete);
  return {
    state: {
      collections: base.builder.collections,
      stats: {
        snapshotDocuments: base.snapshotDocuments,
        journalRecords,
        droppedTornTail,
        millis: Math.round(performance.now() - started),
      },
    },
    journalGeneration,
    journalBytes: journals.length > 0 ? lastBytes : 0,
    warnings,
  };
}
