/** Databases, collections and indexes: create, drop, rename, list, stats. */
import { isPlainObject, keyString, type Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { compileFilter } from '../query/matcher.js';
import { assertSimpleCollation, collectionName, optionalBoolean, optionalDocument, requiredArray } from './args.js';
import type { CommandContext, CommandSpec } from './context.js';

/** `create` options the embedded server does not implement: refused, never silently ignored. */
const UNSUPPORTED_CREATE_OPTIONS: Readonly<Record<string, string>> = {
  capped: 'capped collections',
  viewOn: 'views',
  timeseries: 'time-series collections',
  validator: 'document validation',
  clusteredIndex: 'clustered collections',
  changeStreamPreAndPostImages: 'change streams',
  encryptedFields: 'queryable encryption',
};

const CREATE_COMMAND_FIELDS = new Set(['create', 'lsid', 'writeConcern', 'comment', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);

function create(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'create');
  const options: Document = {};
  for (const [key, value] of Object.entries(body)) {
    if (!CREATE_COMMAND_FIELDS.has(key) && !key.startsWith('$')) options[key] = value;
  }
  const existing = context.engine.getCollection(database, name);
  if (existing) {
    // Since MongoDB 7.0 creating an existing collection with the same options succeeds.
    if (keyString(existing.options) === keyString(options)) return { ok: 1 };
    throw serverError('NamespaceExists', `Collection ${database}.${name} already exists.`);
  }
  assertSimpleCollation(body);
  for (const [key, value] of Object.entries(options)) {
    const unsupported = UNSUPPORTED_CREATE_OPTIONS[key];
    if (unsupported && value !== false && value !== undefined) {
      throw serverError('InvalidOptions', `${unsupported} are not supported by the Stratum embedded server`);
    }
  }
  context.engine.createCollection(database, name, options);
  return { ok: 1 };
}

function drop(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'drop');
  const collection = context.engine.getCollection(database, name);
  const nIndexesWas = collection ? collection.listIndexes().length : 0;
  context.cursors.killNamespace(`${database}.${name}`);
  // Since MongoDB 7.0 dropping a missing collection succeeds.
  context.engine.dropCollection(database, name);
  return collection ? { nIndexesWas, ns: `${database}.${name}`, ok: 1 } : { ok: 1 };
}

function splitNamespace(value: unknown, field: string): { database: string; collection: string } {
  if (typeof value !== 'string' || !value.includes('.')) {
    throw serverError('InvalidNamespace', `Invalid ${field} namespace: ${String(value)}`);
  }
  const dot = value.indexOf('.');
  return { database: value.slice(0, dot), collection: value.slice(dot + 1) };
}

function renameCollection(body: Document, database: string, context: CommandContext): Document {
  if (database !== 'admin') throw serverError('Unauthorized', 'renameCollection may only be run against the admin database.');
  const from = splitNamespace(body['renameCollection'], 'source');
  const to = splitNamespace(body['to'], 'target');
  const dropTarget = optionalBoolean(body, 'renameCollection', 'dropTarget') ?? false;
  context.cursors.killNamespace(`${from.database}.${from.collection}`);
  context.engine.renameCollection(from.database, from.collection, to.database, to.collection, dropTarget);
  return { ok: 1 };
}

function listCollections(body: Document, database: string, context: CommandContext): Buffer {
  const filter = optionalDocument(body, 'listCollections', 'filter');
  const nameOnly = optionalBoolean(body, 'listCollections', 'nameOnly') ?? false;
  const matcher = filter ? compileFilter(filter) : undefined;
  const entries: Document[] = [];
  for (const info of context.engine.listCollections(database)) {
    const entry: Document = nameOnly
      ? { name: info.name, type: info.type }
      : {
          name: info.name,
          type: info.type,
          options: info.options,
          info: { readOnly: false, uuid: info.uuid },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        };
    if (!matcher || matcher.matches(entry)) entries.push(entry);
  }
  const cursor = optionalDocument(body, 'listCollections', 'cursor');
  return context.cursors.open(`${database}.$cmd.listCollections`, entries, { batchSize: numberOr(cursor?.['batchSize']) });
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function createIndexes(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'createIndexes');
  const specs = requiredArray(body, 'createIndexes', 'indexes');
  if (specs.length === 0) throw serverError('BadValue', 'Must specify at least one index to create');
  for (const spec of specs) {
    if (!isPlainObject(spec)) throw serverError('TypeMismatch', 'The field \'indexes\' must be an array of objects');
    assertSimpleCollation(spec);
  }
  const existed = context.engine.getCollection(database, name) !== undefined;
  const collection = context.engine.ensureCollection(database, name);
  const result = collection.createIndexes(specs as Document[]);
  return {
    numIndexesBefore: result.numIndexesBefore,
    numIndexesAfter: result.numIndexesAfter,
    createdCollectionAutomatically: !existed,
    ...(result.note ? { note: result.note } : {}),
    ok: 1,
  };
}

function listIndexes(body: Document, database: string, context: CommandContext): Buffer {
  const name = collectionName(body, 'listIndexes');
  const collection = context.engine.getCollection(database, name);
  if (!collection) throw serverError('NamespaceNotFound', `ns does not exist: ${database}.${name}`);
  const cursor = optionalDocument(body, 'listIndexes', 'cursor');
  return context.cursors.open(`${database}.$cmd.listIndexes.${name}`, collection.listIndexes().map((index): Document => ({ ...index })), {
    batchSize: numberOr(cursor?.['batchSize']),
  });
}

function dropIndexes(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'dropIndexes');
  const collection = context.engine.getCollection(database, name);
  if (!collection) throw serverError('NamespaceNotFound', `ns not found ${database}.${name}`);
  const target = body['index'];
  if (typeof target !== 'string' && !isPlainObject(target) && !Array.isArray(target)) {
    throw serverError('TypeMismatch', "BSON field 'dropIndexes.index' is the wrong type");
  }
  const nIndexesWas = collection.dropIndexes(target as string | Document | string[]);
  return { nIndexesWas, ok: 1 };
}

function listDatabases(body: Document, _database: string, context: CommandContext): Document {
  const nameOnly = optionalBoolean(body, 'listDatabases', 'nameOnly') ?? false;
  const filter = optionalDocument(body, 'listDatabases', 'filter');
  const matcher = filter ? compileFilter(filter) : undefined;
  const databases = context.engine
    .listDatabases()
    .map((info): Document => (nameOnly ? { name: info.name } : { ...info }))
    .filter((entry) => !matcher || matcher.matches(entry));
  const totalSize = context.engine.listDatabases().reduce((sum, info) => sum + info.sizeOnDisk, 0);
  return nameOnly
    ? { databases, ok: 1 }
    : { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
}

function dropDatabase(_body: Document, database: string, context: CommandContext): Document {
  for (const info of context.engine.listCollections(database)) {
    context.cursors.killNamespace(`${database}.${info.name}`);
  }
  context.engine.dropDatabase(database);
  return { dropped: database, ok: 1 };
}

function collStats(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'collStats');
  const collection = context.engine.getCollection(database, name);
  if (!collection) throw serverError('NamespaceNotFound', `Collection [${database}.${name}] not found.`);
  const stats = collection.stats();
  const totalIndexSize = Object.values(stats.indexSizes).reduce((sum, size) => sum + size, 0);
  return {
    ns: `${database}.${name}`,
    count: stats.count,
    size: stats.size,
    avgObjSize: stats.avgObjSize,
    storageSize: stats.size,
    nindexes: stats.nindexes,
    totalIndexSize,
    totalSize: stats.size + totalIndexSize,
    indexSizes: stats.indexSizes,
    capped: false,
    ok: 1,
  };
}

function dbStats(_body: Document, database: string, context: CommandContext): Document {
  let objects = 0;
  let dataSize = 0;
  let indexes = 0;
  let indexSize = 0;
  const collections = context.engine.listCollections(database);
  for (const info of collections) {
    const stats = context.engine.getCollection(database, info.name)?.stats();
    if (!stats) continue;
    objects += stats.count;
    dataSize += stats.size;
    indexes += stats.nindexes;
    indexSize += Object.values(stats.indexSizes).reduce((sum, size) => sum + size, 0);
  }
  return {
    db: database,
    collections: collections.length,
    views: 0,
    objects,
    avgObjSize: objects === 0 ? 0 : dataSize / objects,
    dataSize,
    storageSize: dataSize,
    indexes,
    indexSize,
    totalSize: dataSize + indexSize,
    scaleFactor: 1,
    ok: 1,
  };
}

export const catalogCommands: Readonly<Record<string, CommandSpec>> = {
  create: { handler: create, writes: true },
  drop: { handler: drop, writes: true },
  renameCollection: { handler: renameCollection, writes: true },
  listCollections: { handler: listCollections },
  createIndexes: { handler: createIndexes, writes: true },
  listIndexes: { handler: listIndexes },
  dropIndexes: { handler: dropIndexes, writes: true },
  deleteIndexes: { handler: dropIndexes, writes: true },
  listDatabases: { handler: listDatabases, adminOnly: true },
  dropDatabase: { handler: dropDatabase, writes: true },
  collStats: { handler: collStats },
  dbStats: { handler: dbStats },
};
