/**
 * Update documents: the entry points the command layer uses for update, findAndModify and upserts.
 * An update is a replacement document (no `$` keys), an operator document (only `$` modifiers) or
 * an aggregation pipeline (an array of stages); it is parsed and validated once, then applied to
 * each document without ever changing the input.
 */
import { ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { parseArrayFilters } from './array-filters.js';
import type { ArrayFilterMap } from './array-filters.js';
import { copyDocument, setField } from './document-access.js';
import { TreeExecutor } from './executor.js';
import { parseOperatorUpdate } from './parse.js';
import { hasOwn } from './paths.js';
import {
  applyPipeline,
  applyReplacement,
  checkReplacement,
  checkStorableId,
  compileUpdatePipeline,
} from './replacement.js';
import type { ObjectNode } from './tree.js';
import { identicalValues } from './values.js';

export { buildUpsertSeed } from './upsert.js';

export interface UpdateOptions {
  readonly arrayFilters?: readonly Document[];
  /** Array index matched by the query, for the positional `$` operator. */
  readonly matchPosition?: number;
  /** True when the update builds a new document for an upsert (`$setOnInsert` applies). */
  readonly isUpsertInsert: boolean;
  /** The command's clock for `$currentDate` and `$$NOW`. */
  readonly now: Date;
}

export interface UpdateResult {
  /** The updated document: a new object; the input is never mutated. */
  readonly document: Document;
  /** False when the update changed nothing (nModified counts only changed documents). */
  readonly modified: boolean;
}

export type UpdateSpecification = Document | readonly Document[];

export type UpdateKind = 'replacement' | 'operator' | 'pipeline';

/**
 * An update parsed and validated once, applied to many documents. Unchanged subtrees of the
 * result are shared with the input document (stored documents are never mutated in place).
 */
export interface CompiledUpdate {
  readonly kind: UpdateKind;
  /** Applies the update; `options.arrayFilters` is ignored (the compiled ones are used). */
  apply(document: Document, options: UpdateOptions): UpdateResult;
}

/** Puts `_id` first (mongod stores it first) and, for an upsert insert, generates a missing one. */
function finishDocument(document: Document, original: Document, isUpsertInsert: boolean): Document {
  let result = document;
  if (!hasOwn(result, '_id')) {
    if (!isUpsertInsert) return result;
    result = copyDocument(result, { _id: new ObjectId() });
  } else if (Object.keys(result)[0] !== '_id') {
    result = withoutId(result, { _id: result._id });
  }
  if (result._id !== original._id) checkStorableId(result);
  return result;
}

/** Copies the fields other than `_id` into `target` (spread-free: see copyDocument). */
function withoutId(source: Document, target: Document): Document {
  for (const key of Object.keys(source)) if (key !== '_id') setField(target, key, source[key]);
  return target;
}

function compileOperatorUpdate(update: Document, arrayFilters: ArrayFilterMap): CompiledUpdate {
  const tree: ObjectNode = parseOperatorUpdate(update, arrayFilters);
  return {
    kind: 'operator',
    apply(document, options) {
      const executor = new TreeExecutor(document, {
        arrayFilters,
        matchPosition: options.matchPosition,
        isUpsertInsert: options.isUpsertInsert,
        now: options.now,
      });
      executor.run(tree);
      const result = finishDocument(executor.writer.root, document, options.isUpsertInsert);
      return { document: result, modified: executor.modified };
    },
  };
}

function compileReplacement(replacement: Document): CompiledUpdate {
  checkReplacement(replacement);
  return {
    kind: 'replacement',
    apply(document, options) {
      const result = finishDocument(
        applyReplacement(document, replacement),
        document,
        options.isUpsertInsert,
      );
      return { document: result, modified: !identicalValues(result, document) };
    },
  };
}

function compilePipelineUpdate(pipeline: readonly Document[], arrayFilters: readonly Document[] | undefined) {
  if (arrayFilters !== undefined && arrayFilters.length > 0) {
    throw serverError('FailedToParse', 'arrayFilters may not be specified for pipeline-style updates');
  }
  const stages = compileUpdatePipeline(pipeline);
  const compiled: CompiledUpdate = {
    kind: 'pipeline',
    apply(document, options) {
      const output = applyPipeline(document, stages, options.now);
      const result = finishDocument(output, document, options.isUpsertInsert);
      return { document: result, modified: !identicalValues(result, document) };
    },
  };
  return compiled;
}

/** The kind of update a specification is, decided like mongod: by its shape and first field name. */
export function updateKindOf(update: UpdateSpecification): UpdateKind {
  if (Array.isArray(update)) return 'pipeline';
  const first = Object.keys(update)[0];
  return first !== undefined && first.startsWith('$') ? 'operator' : 'replacement';
}

/**
 * Parses and validates an update once (all parse-time errors are thrown here, before any
 * document is touched), for applying to every matched document.
 */
export function compileUpdate(
  update: UpdateSpecification,
  arrayFilters?: readonly Document[],
): CompiledUpdate {
  if (Array.isArray(update)) return compilePipelineUpdate(update as readonly Document[], arrayFilters);
  const document = update as Document;
  // Invalid array filters fail even for updates that cannot use them, as in mongod.
  const filters = parseArrayFilters(arrayFilters);
  if (updateKindOf(document) === 'operator') return compileOperatorUpdate(document, filters);
  return compileReplacement(document);
}

/**
 * The last compiled update: updateMany applies one specification to many documents. A single
 * entry (rather than a WeakMap) keeps garbage collection cheap when every command brings a new one.
 */
let lastUpdate: UpdateSpecification | undefined;
let lastArrayFilters: readonly Document[] | undefined;
let lastCompiled: CompiledUpdate | undefined;

function compiledFor(
  update: UpdateSpecification,
  arrayFilters: readonly Document[] | undefined,
): CompiledUpdate {
  if (lastCompiled !== undefined && lastUpdate === update && lastArrayFilters === arrayFilters)
    return lastCompiled;
  const compiled = compileUpdate(update, arrayFilters);
  lastUpdate = update;
  lastArrayFilters = arrayFilters;
  lastCompiled = compiled;
  return compiled;
}

/**
 * Applies an update to a document and returns the new document. The input is never mutated;
 * `modified` is false when nothing changed (what nModified counts). Throws MongoServerError with
 * mongod's codes for invalid updates and for updates that cannot apply to this document.
 *
 * With `isUpsertInsert`, `$setOnInsert` applies and a missing `_id` is generated (an ObjectId).
 */
export function applyUpdate(
  document: Document,
  update: UpdateSpecification,
  options: UpdateOptions,
): UpdateResult {
  return compiledFor(update, options.arrayFilters).apply(document, options);
}
