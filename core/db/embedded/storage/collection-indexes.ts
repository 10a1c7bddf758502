/**
 * createIndexes and dropIndexes on a collection: conflict rules against existing indexes (as
 * mongod's IndexCatalog applies them), atomic builds (every requested index is built, or none is
 * added), and the journal records for each change.
 */
import type { Document } from '../bson-values.js';
import { isPlainObject } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { JournalRecord } from '../persistence/types.js';
import { compileFilter } from '../query/matcher.js';
import type { CreateIndexesResult, IndexSpec } from './types.js';
import { BTreeIndex, duplicateKeyError } from './btree-index.js';
import type { IndexedRecord } from './btree-index.js';
import { formatValue } from './key-format.js';
import { parseKeyPattern, sameKeyPattern } from './key-pattern.js';
import { compareSpecs, isIdKey, validateIndexSpec } from './index-spec.js';

const MAX_INDEXES = 64;
const ID_INDEX_NAME = '_id_';

/** What index management needs from a collection. */
export interface IndexHost {
  readonly namespace: string;
  readonly database: string;
  readonly name: string;
  readonly indexes: BTreeIndex[];
  readonly records: { values(): Iterable<IndexedRecord> };
  journal(record: JournalRecord): void;
  listIndexes(): readonly IndexSpec[];
}

/** A fresh, empty index for a validated spec. */
export function indexFromSpec(spec: IndexSpec): BTreeIndex {
  const partialFilter = spec.partialFilterExpression;
  return new BTreeIndex({
    spec,
    pattern: parseKeyPattern(spec.key),
    partial: partialFilter === undefined ? undefined : compileFilter(partialFilter),
  });
}

function conflictMessage(prefix: string, requested: IndexSpec, existing: IndexSpec): string {
  return `${prefix} Requested index: ${formatValue(requested)}, existing index: ${formatValue(existing)}`;
}

/** Whether `requested` must be built (true), already exists (false), or conflicts (throws). */
function needsBuild(requested: IndexSpec, existing: readonly IndexSpec[]): boolean {
  const sameName = existing.find((spec) => spec.name === requested.name);
  if (sameName !== undefined) {
    const comparison = compareSpecs(requested, sameName);
    if (comparison === 'identical') return false;
    if (comparison === 'different') {
      throw serverError(
        'IndexKeySpecsConflict',
        conflictMessage(
          'An existing index has the same name as the requested index. When index names are not specified, they are ' +
            'auto generated and can cause conflicts. Please refer to our documentation.',
          requested,
          sameName,
        ),
      );
    }
    throw serverError(
      'IndexOptionsConflict',
      conflictMessage('An equivalent index already exists with the same name but different options.', requested, sameName),
    );
  }
  for (const spec of existing) {
    const comparison = compareSpecs(requested, spec);
    if (comparison === 'identical') {
      throw serverError('IndexOptionsConflict', `Index already exists with a different name: ${spec.name}`);
    }
    if (comparison === 'equivalent') {
      throw serverError(
        'IndexOptionsConflict',
        conflictMessage('An equivalent index already exists with a different name and options.', requested, spec),
      );
    }
  }
  return true;
}

function buildAll(host: IndexHost, specs: readonly IndexSpec[]): BTreeIndex[] {
  return specs.map((spec) => {
    const index = indexFromSpec(spec);
    const duplicate = index.build(host.records.values(), true);
    if (duplicate !== undefined) throw duplicateKeyError(host.namespace, spec.name, spec.key, duplicate);
    return index;
  });
}

/**
 * Validates and builds the requested indexes. Identical existing ones are skipped ("all indexes
 * already exist" when nothing is new); a unique index over duplicate data fails with 11000.
 */
export function createIndexes(host: IndexHost, requests: readonly Document[]): CreateIndexesResult {
  if (requests.length === 0) throw serverError('BadValue', 'Must specify at least one index to create');
  const before = 1 + host.indexes.length;
  const existing = [...host.listIndexes()];
  const toBuild: IndexSpec[] = [];
  for (const request of requests) {
    if (!isPlainObject(request)) throw serverError('TypeMismatch', 'Each index specification must be an object');
    const spec = validateIndexSpec(request);
    if (needsBuild(spec, existing)) {
      toBuild.push(spec);
      existing.push(spec);
    }
  }
  if (before + toBuild.length > MAX_INDEXES) {
    const key = toBuild[MAX_INDEXES - before]?.key ?? {};
    throw serverError('CannotCreateIndex', `add index fails, too many indexes for ${host.namespace} key:${formatValue(key)}`);
  }
  const built = buildAll(host, toBuild);
  for (const index of built) {
    host.indexes.push(index);
    host.journal({ op: 'createIndex', db: host.database, coll: host.name, spec: index.spec });
  }
  const result = { numIndexesBefore: before, numIndexesAfter: before + built.length };
  return built.length === 0 ? { ...result, note: 'all indexes already exist' } : result;
}

function cannotDropId(): Error {
  return serverError('InvalidOptions', 'cannot drop _id index');
}

function byName(host: IndexHost, name: string): BTreeIndex {
  if (name === ID_INDEX_NAME) throw cannotDropId();
  const found = host.indexes.find((index) => index.name === name);
  if (found === undefined) throw serverError('IndexNotFound', `index not found with name [${name}]`);
  return found;
}

function byKeyPattern(host: IndexHost, key: Document): BTreeIndex {
  if (isIdKey(key)) throw cannotDropId();
  const found = host.indexes.filter((index) => sameKeyPattern(index.spec.key, key));
  if (found.length === 0) throw serverError('IndexNotFound', `can't find index with key: ${formatValue(key)}`);
  if (found.length > 1) {
    const names = found.map((index) => index.name).join(', ');
    throw serverError('BadValue', `${found.length} indexes found for key: ${formatValue(key)}, identify by name instead. Conflicting indexes: ${names}`);
  }
  return found[0] as BTreeIndex;
}

function targets(host: IndexHost, target: string | Document | readonly string[]): BTreeIndex[] {
  if (target === '*') return [...host.indexes];
  if (typeof target === 'string') return [byName(host, target)];
  if (Array.isArray(target)) return target.map((name: unknown) => byName(host, String(name)));
  return [byKeyPattern(host, target as Document)];
}

/** Drops by name, key pattern, list of names, or '*' (all but `_id_`); returns the count before. */
export function dropIndexes(host: IndexHost, target: string | Document | readonly string[]): number {
  const before = 1 + host.indexes.length;
  // Resolve every target first so that a bad name in a list drops nothing.
  for (const index of targets(host, target)) {
    const position = host.indexes.indexOf(index);
    if (position < 0) continue;
    host.indexes.splice(position, 1);
    host.journal({ op: 'dropIndex', db: host.database, coll: host.name, name: index.name });
  }
  return before;
}
