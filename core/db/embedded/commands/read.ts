/** find, getMore, killCursors, count and distinct. */
import { Long } from 'bson';
import { compareValues, keyString, type Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { compileFilter } from '../query/matcher.js';
import { compileProjection } from '../query/projection.js';
import type { QueryOptions } from '../storage/types.js';
import {
  assertSimpleCollation,
  collectionName,
  cursorId,
  optionalBoolean,
  optionalDocument,
  optionalInteger,
  optionalNonNegativeInteger,
  requiredArray,
  requiredString,
} from './args.js';
import type { CommandContext, CommandSpec } from './context.js';

function hintOf(body: Document): string | Document | undefined {
  const hint = body['hint'];
  if (typeof hint === 'string') return hint;
  if (hint && typeof hint === 'object' && !Array.isArray(hint) && Object.keys(hint).length > 0) return hint as Document;
  return undefined;
}

/** The storage query a find-like command describes (shared with explain). */
export function findQuery(body: Document, commandName: string): QueryOptions & { singleBatch: boolean } {
  const filter = optionalDocument(body, commandName, commandName === 'count' ? 'query' : 'filter') ?? {};
  const sort = optionalDocument(body, commandName, 'sort');
  const skip = optionalNonNegativeInteger(body, commandName, 'skip');
  let limit = optionalInteger(body, commandName, 'limit');
  let singleBatch = optionalBoolean(body, commandName, 'singleBatch') ?? false;
  if (limit !== undefined && limit < 0) {
    // A negative limit is the legacy "single batch of |limit|" request.
    limit = -limit;
    singleBatch = true;
  }
  assertSimpleCollation(body);
  const hint = hintOf(body);
  const declared = optionalDocument(body, commandName, 'let') ?? {};
  return {
    filter,
    ...(sort && Object.keys(sort).length > 0 ? { sort } : {}),
    ...(skip ? { skip } : {}),
    ...(limit ? { limit } : {}),
    ...(hint ? { hint } : {}),
    variables: { ...declared, NOW: new Date() },
    singleBatch,
  };
}

function* project(records: Iterable<{ document: Document }>, apply: (document: Document) => Document): Generator<Document> {
  for (const record of records) yield apply(record.document);
}

function find(body: Document, database: string, context: CommandContext): Buffer {
  const name = collectionName(body, 'find');
  const query = findQuery(body, 'find');
  const projectionSpec = optionalDocument(body, 'find', 'projection');
  const batchSize = optionalNonNegativeInteger(body, 'find', 'batchSize');
  const noCursorTimeout = optionalBoolean(body, 'find', 'noCursorTimeout') ?? false;
  if (body['tailable'] === true) throw serverError('BadValue', 'tailable cursors need a capped collection, which the embedded server does not support');
  context.counters.opcounters.query++;
  const namespace = `${database}.${name}`;
  const collection = context.engine.getCollection(database, name);
  const projection = projectionSpec && Object.keys(projectionSpec).length > 0 ? compileProjection(projectionSpec, { variables: query.variables }) : undefined;
  if (!collection) return context.cursors.open(namespace, [], { singleBatch: true });
  const filter = projection ? compileFilter(query.filter, { variables: query.variables }) : undefined;
  const records = [...collection.query(query).records];
  const documents = projection ? project(records, (document) => projection.apply(document, filter)) : records.map((r) => r.document);
  return context.cursors.open(namespace, documents, {
    ...(batchSize !== undefined ? { batchSize } : {}),
    singleBatch: query.singleBatch || (query.limit !== undefined && batchSize !== undefined && query.limit <= batchSize),
    noCursorTimeout,
  });
}

function getMore(body: Document, database: string, context: CommandContext): Buffer {
  const id = cursorId(body['getMore'], 'getMore', 'getMore');
  const collection = requiredString(body, 'getMore', 'collection');
  const batchSize = optionalNonNegativeInteger(body, 'getMore', 'batchSize');
  context.counters.opcounters.getmore++;
  return context.cursors.getMore(id, `${database}.${collection}`, batchSize);
}

function killCursors(body: Document, _database: string, context: CommandContext): Document {
  collectionName(body, 'killCursors');
  const ids = requiredArray(body, 'killCursors', 'cursors').map((value) => cursorId(value, 'killCursors', 'cursors'));
  const { killed, notFound } = context.cursors.kill(ids);
  return {
    cursorsKilled: killed.map((id) => Long.fromBigInt(id)),
    cursorsNotFound: notFound.map((id) => Long.fromBigInt(id)),
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
}

function count(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'count');
  const query = findQuery(body, 'count');
  context.counters.opcounters.command++;
  const collection = context.engine.getCollection(database, name);
  if (!collection) return { n: 0, ok: 1 };
  if (Object.keys(query.filter).length === 0 && !query.skip && !query.limit) return { n: collection.count(), ok: 1 };
  let n = 0;
  for (const _record of collection.query(query).records) n++;
  return { n, ok: 1 };
}

/** The values a dotted path reaches, expanding arrays along the way (distinct's semantics). */
export function valuesAtPath(value: unknown, parts: readonly string[], index = 0, out: unknown[] = []): unknown[] {
  if (index === parts.length) {
    if (Array.isArray(value)) out.push(...value);
    else if (value !== undefined) out.push(value);
    return out;
  }
  const part = parts[index] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) return valuesAtPath(value[Number(part)], parts, index + 1, out);
    for (const element of value) {
      if (element && typeof element === 'object' && !Array.isArray(element)) {
        valuesAtPath((element as Document)[part], parts, index + 1, out);
      }
    }
    return out;
  }
  if (value && typeof value === 'object') valuesAtPath((value as Document)[part], parts, index + 1, out);
  return out;
}

function distinct(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'distinct');
  const key = requiredString(body, 'distinct', 'key');
  if (key.length === 0) throw serverError('BadValue', 'FieldPath cannot be constructed with empty string');
  const filter = optionalDocument(body, 'distinct', 'query') ?? {};
  assertSimpleCollation(body);
  const collection = context.engine.getCollection(database, name);
  if (!collection) return { values: [], ok: 1 };
  const parts = key.split('.');
  const seen = new Map<string, unknown>();
  const hint = hintOf(body);
  for (const record of collection.query({ filter, ...(hint ? { hint } : {}) }).records) {
    for (const value of valuesAtPath(record.document, parts)) {
      const valueKey = keyString(value);
      if (!seen.has(valueKey)) seen.set(valueKey, value);
    }
  }
  const values = [...seen.values()].sort(compareValues);
  return { values, ok: 1 };
}

export const readCommands: Readonly<Record<string, CommandSpec>> = {
  find: { handler: find },
  getMore: { handler: getMore },
  killCursors: { handler: killCursors },
  count: { handler: count },
  distinct: { handler: distinct },
};
