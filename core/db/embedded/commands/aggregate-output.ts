/** `$out` and `$merge`: the pipeline's results written into a collection. */
import { isPlainObject, valuesEqual, type Document } from '../bson-values.js';
import { MongoServerError, serverError } from '../errors.js';
import { applyUpdate } from '../update/apply.js';
import type { CommandContext } from './context.js';
import { withIdFirst } from './write-helpers.js';

function outTarget(spec: unknown, database: string): { database: string; collection: string } {
  if (typeof spec === 'string') return { database, collection: spec };
  if (isPlainObject(spec) && typeof spec['coll'] === 'string') {
    return { database: typeof spec['db'] === 'string' ? spec['db'] : database, collection: spec['coll'] };
  }
  throw serverError('FailedToParse', '$out stage requires a string or an object with coll (and optionally db)');
}

let temporaryCounter = 0;

/**
 * Replaces the target's contents as mongod does: results go to a temporary collection with the
 * target's indexes, which then replaces the target, so a failure leaves the target untouched.
 */
export function writeOutOutput(context: CommandContext, database: string, spec: unknown, documents: Document[]): void {
  const target = outTarget(spec, database);
  const engine = context.engine;
  const existing = engine.getCollection(target.database, target.collection);
  const temporaryName = `tmp.agg_out.${process.pid}.${++temporaryCounter}`;
  const temporary = engine.createCollection(target.database, temporaryName, existing?.options ?? {});
  try {
    const indexes = (existing?.listIndexes() ?? []).filter((index) => index.name !== '_id_');
    if (indexes.length > 0) temporary.createIndexes(indexes.map((index) => ({ ...index })));
    for (const document of documents) temporary.insert(withIdFirst(document));
    context.cursors.killNamespace(`${target.database}.${target.collection}`);
    engine.renameCollection(target.database, temporaryName, target.database, target.collection, true);
  } catch (error) {
    engine.dropCollection(target.database, temporaryName);
    throw error;
  }
}

interface MergeSpec {
  readonly database: string;
  readonly collection: string;
  readonly on: readonly string[];
  readonly whenMatched: unknown;
  readonly whenNotMatched: string;
  readonly let?: Document;
}

function parseMergeSpec(spec: unknown, database: string): MergeSpec {
  const raw = typeof spec === 'string' ? { into: spec } : spec;
  if (!isPlainObject(raw)) throw serverError('FailedToParse', '$merge requires a string or an object');
  const into = outTarget(raw['into'], database);
  const on = raw['on'] === undefined ? ['_id'] : typeof raw['on'] === 'string' ? [raw['on']] : raw['on'];
  if (!Array.isArray(on) || on.some((field) => typeof field !== 'string')) {
    throw serverError('FailedToParse', "$merge 'on' must be a string or an array of strings");
  }
  const whenNotMatched = raw['whenNotMatched'] ?? 'insert';
  if (typeof whenNotMatched !== 'string' || !['insert', 'discard', 'fail'].includes(whenNotMatched)) {
    throw serverError('BadValue', `Enumeration value '${String(whenNotMatched)}' for field 'whenNotMatched' is not a valid value.`);
  }
  return {
    ...into,
    on: on as string[],
    whenMatched: raw['whenMatched'] ?? 'merge',
    whenNotMatched,
    ...(isPlainObject(raw['let']) ? { let: raw['let'] } : {}),
  };
}

function pathValue(document: Document, path: string): unknown {
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}

export function writeMergeOutput(
  context: CommandContext,
  database: string,
  rawSpec: unknown,
  documents: Document[],
  variables: Document,
): void {
  const spec = parseMergeSpec(rawSpec, database);
  const collection = context.engine.ensureCollection(spec.database, spec.collection);
  const now = variables['NOW'] instanceof Date ? variables['NOW'] : new Date();
  for (const document of documents) {
    const filter: Document = {};
    for (const field of spec.on) {
      const value = pathValue(document, field);
      if (value === undefined || Array.isArray(value)) {
        throw new MongoServerError(51132, `$merge write error: 'on' field '${field}' cannot be missing, null, undefined or an array`);
      }
      filter[field] = value;
    }
    const [match] = [...collection.query({ filter, limit: 1 }).records];
    if (!match) {
      if (spec.whenNotMatched === 'insert') collection.insert(withIdFirst(document));
      else if (spec.whenNotMatched === 'fail') {
        throw new MongoServerError(13113, "$merge could not find a matching document in the target collection for at least one document in the source collection");
      }
      continue;
    }
    const { whenMatched } = spec;
    let next: Document;
    if (whenMatched === 'replace') next = { ...document, _id: match.document['_id'] };
    else if (whenMatched === 'keepExisting') continue;
    else if (whenMatched === 'fail') {
      throw new MongoServerError(11000, `E11000 duplicate key error collection: ${spec.database}.${spec.collection}`);
    } else if (whenMatched === 'merge') {
      next = { ...match.document };
      for (const [key, value] of Object.entries(document)) if (key !== '_id' || valuesEqual(value, next['_id'])) next[key] = value;
    } else if (Array.isArray(whenMatched)) {
      const pipelineVariables = { ...(spec.let ?? {}), new: document };
      next = applyUpdate(match.document, bindNew(whenMatched as Document[], pipelineVariables), {
        isUpsertInsert: false,
        now,
      }).document;
    } else {
      throw serverError('BadValue', `Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`);
    }
    collection.replace(match.recordId, withIdFirst(next));
  }
}

/** Inlines `$$new` (and `let` variables) into a whenMatched pipeline as literals. */
function bindNew(pipeline: Document[], variables: Document): Document[] {
  const substitute = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('$$')) {
      const [name, ...path] = value.slice(2).split('.');
      if (name !== undefined && name in variables) {
        let resolved: unknown = variables[name];
        for (const part of path) resolved = isPlainObject(resolved) ? resolved[part] : undefined;
        return { $literal: resolved };
      }
    }
    if (Array.isArray(value)) return value.map(substitute);
    if (isPlainObject(value)) {
      const copy: Document = {};
      for (const [key, inner] of Object.entries(value)) copy[key] = substitute(inner);
      return copy;
    }
    return value;
  };
  return pipeline.map((stage) => substitute(stage) as Document);
}
