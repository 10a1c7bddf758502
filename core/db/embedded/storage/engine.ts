/**
 * The storage engine: the in-memory catalog, optionally made durable through the persistence
 * layer (recovery at open, a journal record for every change, group commits, compaction once
 * the journal grows past a threshold), and the TTL monitor.
 */
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { Durability, JournalRecord, RecoveredState, SnapshotSource } from '../persistence/types.js';
import type {
  CollectionInfo,
  DatabaseInfo,
  StorageEngine,
  StorageEngineOptions,
  StoredCollection,
} from './types.js';
import { Catalog } from './catalog.js';
import { runTtlPass } from './ttl.js';

const DEFAULT_TTL_INTERVAL_MS = 60_000;
const DEFAULT_COMPACT_AFTER_BYTES = 256 * 1024 * 1024;

/** Opens the durability layer over a data directory (the persistence module, or a test double). */
export type DurabilityOpener = (
  dataDir: string,
  options: { readonly syncIntervalMs?: number },
) => Promise<{ readonly durability: Durability; readonly recovered: RecoveredState }>;

const openFileDurability: DurabilityOpener = async (dataDir, options) => {
  // Loaded on demand: a memory-only engine never touches the file system code.
  const { openDurability } = await import('../persistence/durability.js');
  return openDurability(dataDir, options);
};

class Engine implements StorageEngine {
  private readonly catalog: Catalog;
  private readonly timer: NodeJS.Timeout;
  private compacting: Promise<void> | undefined;
  private explicitCompactions = 0;
  private closed = false;

  constructor(
    private readonly durability: Durability | undefined,
    private readonly options: StorageEngineOptions,
  ) {
    const journal = durability === undefined ? undefined : (record: JournalRecord): void => durability.append(record);
    this.catalog = new Catalog(journal);
    this.timer = setInterval(() => this.ttlTick(), options.ttlIntervalMs ?? DEFAULT_TTL_INTERVAL_MS);
    this.timer.unref();
  }

  restore(recovered: RecoveredState): void {
    for (const collection of recovered.collections.values()) this.catalog.restore(collection);
  }

  listDatabases(): readonly DatabaseInfo[] {
    return this.catalog.listDatabases();
  }

  listCollections(database: string): readonly CollectionInfo[] {
    return this.catalog.listCollections(database);
  }

  getCollection(database: string, name: string): StoredCollection | undefined {
    return this.catalog.get(database, name);
  }

  createCollection(database: string, name: string, options?: Document): StoredCollection {
    this.assertOpen();
    return this.catalog.create(database, name, options);
  }

  ensureCollection(database: string, name: string): StoredCollection {
    this.assertOpen();
    return this.catalog.ensure(database, name);
  }

  dropCollection(database: string, name: string): boolean {
    this.assertOpen();
    return this.catalog.drop(database, name);
  }

  dropDatabase(database: string): void {
    this.assertOpen();
    this.catalog.dropDatabase(database);
  }

  renameCollection(fromDatabase: string, from: string, toDatabase: string, to: string, dropTarget: boolean): void {
    this.assertOpen();
    this.catalog.rename(fromDatabase, from, toDatabase, to, dropTarget);
  }

  async commit(journaled: boolean): Promise<void> {
    if (this.durability === undefined) return;
    await this.durability.commit(journaled);
    this.compactIfLarge();
  }

  runTtlPass(): number {
    if (this.closed) return 0;
    return runTtlPass(this.catalog.collections(), Date.now());
  }

  async compact(): Promise<void> {
    if (this.durability === undefined) return;
    this.explicitCompactions++;
    try {
      if (this.compacting !== undefined) await this.compacting;
      await this.durability.compact(this.snapshotSource());
    } finally {
      this.explicitCompactions--;
    }
  }

  isCompacting(): boolean {
    return this.compacting !== undefined || this.explicitCompactions > 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (this.compacting !== undefined) await this.compacting;
    await this.durability?.close();
  }

  /** Starts a background compaction once the journal passes the threshold; never awaited by commands. */
  private compactIfLarge(): void {
    const durability = this.durability;
    if (durability === undefined || this.compacting !== undefined || this.closed) return;
    if (durability.journalBytes() <= (this.options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES)) return;
    this.compacting = durability
      .compact(this.snapshotSource())
      // A failed compaction leaves the journal intact; the next commit past the threshold retries.
      .catch(() => undefined)
      .finally(() => {
        this.compacting = undefined;
      });
  }

  /**
   * The catalog as of the moment the writer asks for it: names and index lists are captured
   * then, so that renames, drops and index changes journaled afterwards replay onto it; documents
   * are read live (records are idempotent post-images).
   */
  private snapshotSource(): SnapshotSource {
    const catalog = this.catalog;
    return {
      collections() {
        return [...catalog.collections()].map((collection) => ({
          db: collection.database,
          name: collection.name,
          options: collection.options,
          uuid: collection.uuid,
          indexes: collection.indexes.map((index) => index.spec),
          documents: documentsOf(collection.records.values()),
        }));
      },
    };
  }

  private ttlTick(): void {
    try {
      if (this.runTtlPass() > 0) void this.commit(false).catch(() => undefined);
    } catch {
      // The monitor must outlive a failing pass; the next tick retries.
    }
  }

  private assertOpen(): void {
    if (this.closed) throw serverError('IllegalOperation', 'the storage engine is closed');
  }
}

function* documentsOf(records: Iterable<{ readonly document: Document }>): Generator<Document> {
  for (const record of records) yield record.document;
}

/**
 * Opens an engine with an explicit durability opener (tests use an in-memory double); without
 * `options.dataDir` the engine is memory-only and `open` is not called.
 */
export async function createStorageEngine(options: StorageEngineOptions, open: DurabilityOpener): Promise<StorageEngine> {
  if (options.dataDir === undefined) return new Engine(undefined, options);
  const { durability, recovered } = await open(options.dataDir, { syncIntervalMs: options.syncIntervalMs });
  const engine = new Engine(durability, options);
  engine.restore(recovered);
  return engine;
}

/** Opens the storage engine: memory-only, or recovered from and journaled to `options.dataDir`. */
export async function openStorageEngine(options: StorageEngineOptions): Promise<StorageEngine> {
  return createStorageEngine(options, openFileDurability);
}
