/**
 * One secondary index: a B+tree of entries `[k0, …, kn-1, recordId]` (no values), kept in step
 * with the collection's documents, plus the unique, sparse and partial rules deciding which keys
 * a document contributes and whether they may be added.
 */
import { calculateObjectSize } from 'bson';
import sortedBtree from 'sorted-btree';
import type BTreeModule from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad.js';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import type { CompiledFilter } from '../query/matcher.js';
import type { IndexSpec } from './types.js';
import { formatKeyValue } from './key-format.js';
import { KeyGenerator } from './key-generator.js';
import type { KeyPattern } from './key-pattern.js';
import type { KeyEntry } from './key-values.js';
import { compareKeyValues, entryComparator } from './key-values.js';
import { sortEntries } from './entry-sort.js';

// Node's ESM loader hands over the CommonJS exports object; CommonJS-style interop (as under some
// test loaders) hands over the class itself.
const BTree = (typeof sortedBtree === 'function' ? sortedBtree : sortedBtree.default) as typeof sortedBtree.default;
export type EntryTree = BTreeModule.default<KeyEntry, undefined>;

const MAX_NODE_SIZE = 64;
/** Rough per-entry cost of a B+tree slot and the entry array, for index size estimates. */
const ENTRY_OVERHEAD_BYTES = 24;
const SIZE_SAMPLE = 16;

/** Something with a recordId and a document, as the collection stores them. */
export interface IndexedRecord {
  readonly recordId: number;
  readonly document: Document;
}

export interface IndexOptions {
  readonly spec: IndexSpec;
  readonly pattern: KeyPattern;
  /** Compiled `partialFilterExpression`, when the index has one. */
  readonly partial: CompiledFilter | undefined;
  /** The ordered view of `_id_` (uniqueness is enforced by the `_id` hash map instead). */
  readonly isIdIndex?: boolean;
}

export class BTreeIndex {
  readonly spec: IndexSpec;
  readonly pattern: KeyPattern;
  readonly isIdIndex: boolean;
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partial: CompiledFilter | undefined;
  readonly compare: (a: KeyEntry, b: KeyEntry) => number;
  /** Per key field: some document had an array there. Never reset, as in MongoDB. */
  readonly multikeyFields: boolean[];
  multikey = false;
  private treeValue: EntryTree;
  private readonly generator: KeyGenerator;
  private readonly probe: KeyEntry;

  constructor(options: IndexOptions) {
    this.spec = options.spec;
    this.pattern = options.pattern;
    this.isIdIndex = options.isIdIndex ?? false;
    this.unique = Boolean(options.spec.unique);
    this.sparse = Boolean(options.spec.sparse);
    this.partial = options.partial;
    this.compare = entryComparator(options.pattern.directions);
    this.multikeyFields = options.pattern.fields.map(() => false);
    this.treeValue = new BTree<KeyEntry, undefined>(undefined, this.compare, MAX_NODE_SIZE);
    this.generator = new KeyGenerator(options.pattern);
    this.probe = new Array<unknown>(options.pattern.fields.length + 1);
  }

  get name(): string {
    return this.spec.name;
  }

  get tree(): EntryTree {
    return this.treeValue;
  }

  get size(): number {
    return this.treeValue.size;
  }

  /** The entries `document` contributes, or undefined when the index skips it (sparse, partial). */
  keysFor(document: Document, recordId: number): KeyEntry[] | undefined {
    if (this.partial !== undefined && !this.partial.matches(document)) return undefined;
    const keys = this.generator.generate(document, recordId);
    if (this.sparse && !keys.anyPresent) return undefined;
    if (keys.arrayFields !== undefined) this.noteArrays(keys.arrayFields);
    return keys.entries;
  }

  private noteArrays(arrayFields: readonly boolean[]): void {
    this.multikey = true;
    for (let i = 0; i < arrayFields.length; i++) if (arrayFields[i]) this.multikeyFields[i] = true;
  }

  /** For a unique index: an entry of `entries` whose key another record already has. */
  findConflict(entries: readonly KeyEntry[], recordId: number): KeyEntry | undefined {
    if (!this.unique) return undefined;
    const width = this.pattern.fields.length;
    const probe = this.probe;
    for (const entry of entries) {
      for (let i = 0; i < width; i++) probe[i] = entry[i];
      probe[width] = -Infinity;
      let found = this.treeValue.nextHigherKey(probe);
      while (found !== undefined && this.sameKey(found, entry, width)) {
        if (found[width] !== recordId) return entry;
        found = this.treeValue.nextHigherKey(found);
      }
    }
    return undefined;
  }

  private sameKey(a: KeyEntry, b: KeyEntry, width: number): boolean {
    for (let i = 0; i < width; i++) if (compareKeyValues(a[i], b[i]) !== 0) return false;
    return true;
  }

  add(entries: readonly KeyEntry[]): void {
    for (const entry of entries) this.treeValue.set(entry, undefined);
  }

  remove(entries: readonly KeyEntry[]): void {
    for (const entry of entries) this.treeValue.delete(entry);
  }

  /**
   * Replaces the contents with the keys of `records` in one sorted bulk load. With `checkUnique`,
   * returns the first duplicated key instead of building (the index stays empty).
   */
  build(records: Iterable<IndexedRecord>, checkUnique: boolean): KeyEntry | undefined {
    let all: KeyEntry[] = [];
    for (const record of records) {
      const entries = this.keysFor(record.document, record.recordId);
      if (entries !== undefined) for (const entry of entries) all.push(entry);
    }
    all = sortEntries(all, this.pattern.directions, this.compare);
    if (checkUnique && this.unique) {
      const width = this.pattern.fields.length;
      for (let i = 1; i < all.length; i++) {
        const previous = all[i - 1] as KeyEntry;
        const current = all[i] as KeyEntry;
        if (previous[width] !== current[width] && this.sameKey(previous, current, width)) return current;
      }
    }
    const values = new Array<undefined>(all.length).fill(undefined);
    this.treeValue = bulkLoad(all, values, MAX_NODE_SIZE, this.compare);
    return undefined;
  }

  /** Approximate bytes: entries × (slot overhead + average sampled key size). */
  estimatedBytes(): number {
    const count = this.treeValue.size;
    if (count === 0) return 0;
    const width = this.pattern.fields.length;
    let sampled = 0;
    let bytes = 0;
    for (const entry of this.treeValue.keys()) {
      const key: Document = {};
      for (let i = 0; i < width; i++) key[String(i)] = entry[i] ?? null;
      bytes += calculateObjectSize(key);
      if (++sampled === SIZE_SAMPLE) break;
    }
    return Math.round(count * (ENTRY_OVERHEAD_BYTES + bytes / sampled));
  }
}

/**
 * MongoDB's duplicate key error: code 11000 with `keyPattern`, `keyValue` and the message
 * `E11000 duplicate key error collection: db.coll index: name_1 dup key: { name: "x" }`.
 */
export function duplicateKeyError(namespace: string, indexName: string, key: Document, values: readonly unknown[]): MongoServerError {
  const fields = Object.keys(key);
  const keyValue: Document = {};
  fields.forEach((field, i) => {
    keyValue[field] = values[i] ?? null;
  });
  return new MongoServerError(
    11000,
    `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: ${formatKeyValue(fields, values)}`,
    { keyPattern: key, keyValue },
  );
}
