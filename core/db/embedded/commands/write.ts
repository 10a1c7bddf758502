/** insert, update, delete and findAndModify, with mongod's ordered/unordered write-error semantics. */
import { isPlainObject, type Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { compileFilter } from '../query/matcher.js';
import { compileProjection } from '../query/projection.js';
import { Collection } from '../storage/collection.js';
import type { StoredCollection, StoredRecord } from '../storage/types.js';
import { compileUpdate, type UpdateSpecification } from '../update/apply.js';
import { MAX_BSON_OBJECT_BYTES, rawDocumentAt, rawSequenceOf } from '../wire/framing.js';
import {
  assertSimpleCollation,
  collectionName,
  optionalArray,
  optionalBoolean,
  optionalDocument,
  requiredArray,
} from './args.js';
import type { CommandContext, CommandSpec } from './context.js';
import { assertDocumentSize, updateRecord, upsertDocument, withIdFirst, writeError } from './write-helpers.js';

function commandVariables(body: Document, now: Date): Document {
  const declared = optionalDocument(body, String(Object.keys(body)[0]), 'let') ?? {};
  return { ...declared, NOW: now };
}

function insert(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'insert');
  const documents = requiredArray(body, 'insert', 'documents');
  const ordered = optionalBoolean(body, 'insert', 'ordered') ?? true;
  const collection = context.engine.ensureCollection(database, name);
  const checkSizes = context.largestDocumentBytes > MAX_BSON_OBJECT_BYTES;
  // Documents that arrived as a kind-1 sequence are journaled as the bytes received.
  const raw = rawSequenceOf(documents);
  const writeErrors: Document[] = [];
  let n = 0;
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index];
    try {
      if (!isPlainObject(document)) throw serverError('TypeMismatch', 'documents to insert must be objects');
      const prepared = withIdFirst(document);
      if (checkSizes) assertDocumentSize(prepared, 'insert');
      // Only a document stored exactly as received may be journaled as its received bytes.
      collection.insert(prepared, raw !== undefined && prepared === document ? rawDocumentAt(raw, index) : undefined);
      n++;
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  context.counters.opcounters.insert += documents.length;
  return writeErrors.length > 0 ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

interface UpdateStatement {
  readonly q: Document;
  readonly u: UpdateSpecification;
  readonly upsert: boolean;
  readonly multi: boolean;
  readonly arrayFilters?: Document[];
  readonly hint?: string | Document;
}

function parseUpdateStatement(raw: unknown): UpdateStatement {
  if (!isPlainObject(raw)) throw serverError('TypeMismatch', 'update statements must be objects');
  const q = raw['q'];
  const u = raw['u'];
  if (!isPlainObject(q)) throw serverError('TypeMismatch', "BSON field 'update.updates.q' is missing or not an object");
  if (!isPlainObject(u) && !Array.isArray(u)) {
    throw serverError('FailedToParse', "BSON field 'update.updates.u' must be an object or an array");
  }
  assertSimpleCollation(raw);
  const arrayFilters = optionalArray(raw, 'update.updates', 'arrayFilters') as Document[] | undefined;
  const hint = raw['hint'];
  return {
    q,
    u: u as UpdateSpecification,
    upsert: raw['upsert'] === true,
    multi: raw['multi'] === true,
    ...(arrayFilters ? { arrayFilters } : {}),
    ...(typeof hint === 'string' || isPlainObject(hint) ? { hint } : {}),
  };
}

function matchingRecords(
  collection: StoredCollection | undefined,
  filter: Document,
  options: { limit?: number; sort?: Document; hint?: string | Document; variables: Document },
): StoredRecord[] {
  if (!collection) return [];
  if (options.hint === undefined && collection instanceof Collection) {
    const point = collection.pointLookup(filter);
    if (point !== undefined) return point;
  }
  const { records } = collection.query({ filter, ...options });
  return [...records];
}

/** True when an operator update has a positional `$` path part (which needs the query's match). */
function usesPositional(update: UpdateSpecification): boolean {
  if (Array.isArray(update)) return false;
  for (const operator of Object.keys(update)) {
    const args = (update as Document)[operator];
    if (!operator.startsWith('$') || !isPlainObject(args)) continue;
    for (const path of Object.keys(args)) {
      if (path === '$' || path.startsWith('$.') || path.endsWith('.$') || path.includes('.$.')) return true;
    }
  }
  return false;
}

function runUpdateStatement(
  statement: UpdateStatement,
  database: string,
  name: string,
  context: CommandContext,
  now: Date,
  variables: Document,
): { n: number; nModified: number; upsertedId?: unknown } {
  if (statement.multi && !Array.isArray(statement.u) && !Object.keys(statement.u).some((key) => key.startsWith('$'))) {
    throw serverError('FailedToParse', 'multi update is not supported for replacement-style update');
  }
  const collection = context.engine.getCollection(database, name);
  // As mongod (ParsedUpdate::parseRequest): the update is parsed before the query, and a bad
  // update fails even when nothing matches.
  const compiled = compileUpdate(statement.u, statement.arrayFilters);
  // The query compiles the filter itself; it is compiled here only when no query runs (to reject
  // a bad filter all the same) or when the positional `$` needs the matched array index.
  if (!collection) compileFilter(statement.q, { variables });
  const records = matchingRecords(collection, statement.q, {
    ...(statement.multi ? {} : { limit: 1 }),
    ...(statement.hint ? { hint: statement.hint } : {}),
    variables,
  });
  const filter = records.length > 0 && usesPositional(statement.u) ? compileFilter(statement.q, { variables }) : undefined;
  const options = { now };
  let nModified = 0;
  for (const record of records) {
    const position = filter?.matchPosition(record.document);
    if (updateRecord(collection as StoredCollection, record, compiled, position, options).modified) nModified++;
  }
  if (records.length > 0 || !statement.upsert) return { n: records.length, nModified };
  const target = context.engine.ensureCollection(database, name);
  const inserted = upsertDocument(target, statement.q, compiled, options);
  return { n: 1, nModified: 0, upsertedId: inserted['_id'] };
}

function update(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'update');
  const statements = requiredArray(body, 'update', 'updates');
  const ordered = optionalBoolean(body, 'update', 'ordered') ?? true;
  const now = new Date();
  const variables = commandVariables(body, now);
  const writeErrors: Document[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  for (let index = 0; index < statements.length; index++) {
    try {
      const result = runUpdateStatement(parseUpdateStatement(statements[index]), database, name, context, now, variables);
      n += result.n;
      nModified += result.nModified;
      if (result.upsertedId !== undefined) upserted.push({ index, _id: result.upsertedId });
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  context.counters.opcounters.update += statements.length;
  return {
    n,
    nModified,
    ...(upserted.length > 0 ? { upserted } : {}),
    ...(writeErrors.length > 0 ? { writeErrors } : {}),
    ok: 1,
  };
}

function deleteCommand(body: Document, database: string, context: CommandContext): Document {
  const name = collectionName(body, 'delete');
  const statements = requiredArray(body, 'delete', 'deletes');
  const ordered = optionalBoolean(body, 'delete', 'ordered') ?? true;
  const variables = commandVariables(body, new Date());
  const collection = context.engine.getCollection(database, name);
  const writeErrors: Document[] = [];
  let n = 0;
  for (let index = 0; index < statements.length; index++) {
    try {
      const statement = statements[index];
      if (!isPlainObject(statement) || !isPlainObject(statement['q'])) {
        throw serverError('TypeMismatch', "BSON field 'delete.deletes.q' is missing or not an object");
      }
      assertSimpleCollation(statement);
      const limit = statement['limit'];
      if (limit !== 0 && limit !== 1) throw serverError('FailedToParse', 'The limit field in delete objects must be 0 or 1. Got ' + String(limit));
      const hint = statement['hint'];
      const records = matchingRecords(collection, statement['q'], {
        ...(limit === 1 ? { limit: 1 } : {}),
        ...(typeof hint === 'string' || isPlainObject(hint) ? { hint } : {}),
        variables,
      });
      for (const record of records) (collection as StoredCollection).remove(record.recordId);
      n += records.length;
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  context.counters.opcounters.delete += statements.length;
  return writeErrors.length > 0 ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

function findAndModify(body: Document, database: string, context: CommandContext): Document {
  const commandName = Object.keys(body)[0] as string;
  const name = collectionName(body, commandName);
  const query = optionalDocument(body, commandName, 'query') ?? {};
  const sort = optionalDocument(body, commandName, 'sort');
  const fields = optionalDocument(body, commandName, 'fields');
  const remove = optionalBoolean(body, commandName, 'remove') ?? false;
  const returnNew = optionalBoolean(body, commandName, 'new') ?? false;
  const upsert = optionalBoolean(body, commandName, 'upsert') ?? false;
  const updateSpec = body['update'];
  const arrayFilters = optionalArray(body, commandName, 'arrayFilters') as Document[] | undefined;
  assertSimpleCollation(body);
  if (remove && updateSpec !== undefined) throw serverError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && updateSpec === undefined) throw serverError('FailedToParse', 'Either an update or remove=true must be specified');
  if (remove && (upsert || returnNew)) throw serverError('FailedToParse', 'Cannot specify both upsert=true and remove=true');
  if (!remove && !isPlainObject(updateSpec) && !Array.isArray(updateSpec)) {
    throw serverError('FailedToParse', 'Update argument must be either an object or an array');
  }
  const now = new Date();
  const variables = commandVariables(body, now);
  const projection = fields && Object.keys(fields).length > 0 ? compileProjection(fields, { variables }) : undefined;
  const filter = compileFilter(query, { variables });
  const compiled = remove ? undefined : compileUpdate(updateSpec as UpdateSpecification, arrayFilters);
  const hint = body['hint'];
  const collection = context.engine.getCollection(database, name);
  const [record] = matchingRecords(collection, query, {
    limit: 1,
    ...(sort ? { sort } : {}),
    ...(typeof hint === 'string' || isPlainObject(hint) ? { hint } : {}),
    variables,
  });
  const shape = (document: Document | null): Document | null =>
    document && projection ? projection.apply(document, filter) : document;
  if (remove) {
    context.counters.opcounters.delete++;
    if (!record) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    (collection as StoredCollection).remove(record.recordId);
    return { lastErrorObject: { n: 1 }, value: shape(record.document), ok: 1 };
  }
  context.counters.opcounters.update++;
  const options = { now };
  const update = compiled as NonNullable<typeof compiled>;
  if (record) {
    const result = updateRecord(collection as StoredCollection, record, update, filter.matchPosition(record.document), options);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: shape(returnNew ? result.document : record.document),
      ok: 1,
    };
  }
  if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  const inserted = upsertDocument(context.engine.ensureCollection(database, name), query, update, options);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted['_id'] },
    value: returnNew ? shape(inserted) : null,
    ok: 1,
  };
}

export const writeCommands: Readonly<Record<string, CommandSpec>> = {
  insert: { handler: insert, writes: true },
  update: { handler: update, writes: true },
  delete: { handler: deleteCommand, writes: true },
  findAndModify: { handler: findAndModify, writes: true },
  findandmodify: { handler: findAndModify, writes: true },
};
