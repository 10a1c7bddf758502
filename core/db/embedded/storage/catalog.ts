/**
 * The catalog: databases (which exist while they hold a collection) of collections, with
 * create/drop/rename semantics and error codes as mongod has them. Every change is journaled.
 */
import { UUID } from 'bson';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { RecoveredCollection } from '../persistence/types.js';
import type { CollectionInfo, DatabaseInfo } from './types.js';
import { Collection } from './collection.js';
import type { JournalSink } from './collection.js';
import { validateDatabaseName, validateNamespace } from './names.js';

/** WiredTiger allocates at least this much per collection and per index file. */
const MIN_FILE_BYTES = 4096;

export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>();

  constructor(private readonly journal: JournalSink | undefined) {}

  *collections(): Generator<Collection> {
    for (const collections of this.databases.values()) yield* collections.values();
  }

  get(database: string, name: string): Collection | undefined {
    return this.databases.get(database)?.get(name);
  }

  listDatabases(): DatabaseInfo[] {
    const result: DatabaseInfo[] = [];
    for (const [name, collections] of this.databases) {
      let sizeOnDisk = 0;
      for (const collection of collections.values()) {
        const stats = collection.stats();
        sizeOnDisk += MIN_FILE_BYTES * (1 + stats.nindexes) + stats.size;
        for (const size of Object.values(stats.indexSizes)) sizeOnDisk += size;
      }
      result.push({ name, sizeOnDisk, empty: collections.size === 0 });
    }
    return result;
  }

  listCollections(database: string): CollectionInfo[] {
    const collections = this.databases.get(database);
    if (collections === undefined) return [];
    return [...collections.values()].map((collection) => ({
      name: collection.name,
      type: 'collection' as const,
      options: collection.options,
      uuid: collection.uuid,
    }));
  }

  create(database: string, name: string, options: Document = {}): Collection {
    validateNamespace(database, name);
    if (this.get(database, name) !== undefined) {
      throw serverError('NamespaceExists', `Collection ${database}.${name} already exists.`);
    }
    const uuid = new UUID();
    const collection = this.attach(database, name, options, uuid);
    this.journal?.({ op: 'createCollection', db: database, coll: name, options, uuid });
    return collection;
  }

  ensure(database: string, name: string): Collection {
    return this.get(database, name) ?? this.create(database, name);
  }

  drop(database: string, name: string): boolean {
    const collection = this.get(database, name);
    if (collection === undefined) return false;
    this.detach(collection);
    this.journal?.({ op: 'dropCollection', db: database, coll: name });
    return true;
  }

  dropDatabase(database: string): void {
    validateDatabaseName(database);
    const collections = this.databases.get(database);
    if (collections === undefined) return;
    for (const collection of collections.values()) collection.dropped = true;
    this.databases.delete(database);
    this.journal?.({ op: 'dropDatabase', db: database });
  }

  rename(fromDatabase: string, from: string, toDatabase: string, to: string, dropTarget: boolean): void {
    const source = this.get(fromDatabase, from);
    if (source === undefined) {
      throw serverError('NamespaceNotFound', `Source collection ${fromDatabase}.${from} does not exist`);
    }
    validateNamespace(toDatabase, to);
    if (fromDatabase === toDatabase && from === to) throw serverError('IllegalOperation', "Can't rename a collection to itself");
    const target = this.get(toDatabase, to);
    if (target !== undefined) {
      if (!dropTarget) throw serverError('NamespaceExists', 'target namespace exists');
      this.drop(toDatabase, to);
    }
    this.databases.get(fromDatabase)?.delete(from);
    this.pruneDatabase(fromDatabase);
    source.moveTo(toDatabase, to);
    this.collectionsOf(toDatabase).set(to, source);
    this.journal?.({ op: 'renameCollection', db: fromDatabase, coll: from, toDb: toDatabase, toColl: to });
  }

  /** Recovery: rebuilds a collection, its documents and indexes, without journaling. */
  restore(recovered: RecoveredCollection): Collection {
    const collection = this.attach(recovered.db, recovered.name, recovered.options, recovered.uuid);
    collection.adoptDocuments(recovered.documents);
    collection.loadIndexes(recovered.indexes);
    return collection;
  }

  private attach(database: string, name: string, options: Document, uuid: unknown): Collection {
    const collection = new Collection({ database, name, options, uuid, journal: this.journal });
    this.collectionsOf(database).set(name, collection);
    return collection;
  }

  private detach(collection: Collection): void {
    collection.dropped = true;
    this.databases.get(collection.database)?.delete(collection.name);
    this.pruneDatabase(collection.database);
  }

  private collectionsOf(database: string): Map<string, Collection> {
    let collections = this.databases.get(database);
    if (collections === undefined) {
      collections = new Map();
      this.databases.set(database, collections);
    }
    return collections;
  }

  /** A database without collections no longer exists (listDatabases stops showing it). */
  private pruneDatabase(database: string): void {
    if (this.databases.get(database)?.size === 0) this.databases.delete(database);
  }
}
