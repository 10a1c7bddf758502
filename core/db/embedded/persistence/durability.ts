/**
 * Durability for the embedded server: a group-committed journal of logical records, fuzzy
 * snapshots with crash-safe generation rotation, startup recovery and the data-directory lock.
 * See layout.ts for the on-disk layout and its invariants.
 */
import { open, rename } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document } from '../bson-values.js';
import { JournalWriter } from './journal-writer.js';
import type { JournalWriterStats } from './journal-writer.js';
import {
  ensureDirectory,
  fsyncDirectory,
  journalFileName,
  listDirectory,
  removeFiles,
  snapshotFileName,
  snapshotTempFileName,
} from './layout.js';
import { acquireLock } from './lock-file.js';
import type { DirectoryLock } from './lock-file.js';
import { recover } from './recovery.js';
import { captureCatalog, writeSnapshotFile } from './snapshot-writer.js';
import type { Durability, JournalRecord, RecoveredState, SnapshotSource } from './types.js';

/** Moments inside compaction where tests simulate a crash. */
export type CrashPoint = 'snapshot-written' | 'snapshot-renamed';

export interface DurabilityOptions {
  /** Upper bound on how long a write acknowledged without fsync stays un-fsynced. Default 100. */
  readonly syncIntervalMs?: number;
  /** Test seam: called at each CrashPoint; a test may throw or kill the process there. */
  readonly crashPoint?: (point: CrashPoint) => void | Promise<void>;
  /** Receives non-fatal recovery and compaction findings (default: ignored). */
  readonly warn?: (message: string) => void;
}

export interface DurabilityStats extends JournalWriterStats {
  /** Generation of the current journal. */
  readonly generation: number;
  readonly compactions: number;
}

/** Durability plus counters for serverStatus and tests. */
export interface FileDurability extends Durability {
  stats(): DurabilityStats;
}

export interface OpenedDurability {
  readonly durability: FileDurability;
  readonly recovered: RecoveredState;
}

const DEFAULT_SYNC_INTERVAL_MS = 100;

async function openJournal(dataDir: string, generation: number): Promise<FileHandle> {
  const handle = await open(join(dataDir, journalFileName(generation)), 'a');
  // The new directory entry must survive a crash before anything relies on the file.
  await fsyncDirectory(dataDir);
  return handle;
}

class DataDirectoryDurability implements FileDurability {
  private compaction: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closeRequested = false;
  private compactions = 0;

  constructor(
    private readonly dataDir: string,
    private readonly lock: DirectoryLock,
    private readonly writer: JournalWriter,
    private generation: number,
    private readonly options: DurabilityOptions,
  ) {}

  append(record: JournalRecord): void {
    if (record.op === 'put' && record.raw !== undefined) this.writer.appendPut(record.db, record.coll, record.raw);
    else this.writer.append(record as unknown as Document);
  }

  commit(fsync: boolean): Promise<void> {
    return this.writer.commit(fsync);
  }

  journalBytes(): number {
    return this.writer.bytes();
  }

  stats(): DurabilityStats {
    return { ...this.writer.stats(), generation: this.generation, compactions: this.compactions };
  }

  /** Joins the compaction in progress, if any, rather than starting a second one. */
  compact(source: SnapshotSource): Promise<void> {
    if (this.closeRequested) return Promise.reject(new Error('durability is closed'));
    this.compaction ??= this.runCompaction(source).finally(() => {
      this.compaction = undefined;
    });
    return this.compaction;
  }

  close(): Promise<void> {
    this.closeRequested = true;
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    try {
      // An interrupted compaction leaves the journal complete, so it just stops at its next yield.
      await this.compaction?.catch(() => undefined);
      await this.writer.close();
    } finally {
      await this.lock.release();
    }
  }

  private async runCompaction(source: SnapshotSource): Promise<void> {
    const generation = this.generation + 1;
    const handle = await openJournal(this.dataDir, generation);
    if (this.closeRequested) {
      await handle.close();
      await removeFiles(this.dataDir, [journalFileName(generation)]);
      return;
    }
    // Same tick: the catalog is captured exactly at the journal switch point, so catalog records
    // in the new journal replay over precisely this catalog; only documents are fuzzy.
    let catalog;
    try {
      catalog = captureCatalog(source);
    } catch (error) {
      await handle.close();
      throw error;
    }
    const switched = this.writer.rotate(handle);
    this.generation = generation;
    await switched;
    const temp = join(this.dataDir, snapshotTempFileName(generation));
    const shouldAbort = (): boolean => this.closeRequested;
    let summary;
    try {
      summary = await writeSnapshotFile(temp, catalog, { generation, shouldAbort });
    } catch (error) {
      await removeFiles(this.dataDir, [snapshotTempFileName(generation)]);
      throw error;
    }
    if (summary === undefined) {
      await removeFiles(this.dataDir, [snapshotTempFileName(generation)]);
      return;
    }
    await this.options.crashPoint?.('snapshot-written');
    await rename(temp, join(this.dataDir, snapshotFileName(generation)));
    await fsyncDirectory(this.dataDir);
    await this.options.crashPoint?.('snapshot-renamed');
    await this.removeOlderGenerations(generation);
    this.compactions++;
  }

  /** Only now that snapshot `generation` is durable are the files it supersedes deleted. */
  private async removeOlderGenerations(generation: number): Promise<void> {
    const listing = await listDirectory(this.dataDir);
    await removeFiles(this.dataDir, [
      ...listing.journals.filter((older) => older < generation).map(journalFileName),
      ...listing.snapshots.filter((older) => older < generation).map(snapshotFileName),
    ]);
    await fsyncDirectory(this.dataDir);
  }
}

/**
 * Locks `dataDir` (creating it), recovers its state and opens the journal for appending.
 * Throws when another live server holds the directory or when recovery would lose data.
 */
export async function openDurability(dataDir: string, options: DurabilityOptions = {}): Promise<OpenedDurability> {
  await ensureDirectory(dataDir);
  const lock = await acquireLock(dataDir);
  try {
    const recovery = await recover(dataDir);
    for (const warning of recovery.warnings) options.warn?.(warning);
    const handle = await openJournal(dataDir, recovery.journalGeneration);
    const syncIntervalMs = options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
    const writer = new JournalWriter(handle, recovery.journalBytes, syncIntervalMs);
    const durability = new DataDirectoryDurability(dataDir, lock, writer, recovery.journalGeneration, options);
    return { durability, recovered: recovery.state };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
