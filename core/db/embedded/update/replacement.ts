/**
 * Whole-document updates: a replacement document, or an aggregation pipeline whose output replaces
 * the document. Both keep the original `_id` when they do not set one, and may not change it.
 */
import { bsonTypeName, cloneValue, compareValues, isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { compilePipeline } from '../aggregate/pipeline.js';
import type { CompiledPipeline } from '../aggregate/pipeline.js';
import { serverError } from '../errors.js';
import { setField } from './document-access.js';
import { formatElement } from './format.js';
import { hasOwn } from './paths.js';

/** `_id` values mongod refuses to store (53 InvalidIdField). */
export function checkStorableId(document: Document): void {
  if (!hasOwn(document, '_id')) return;
  const type = bsonTypeName(document._id);
  if (type === 'array' || type === 'regex' || type === 'undefined') {
    throw serverError('InvalidIdField', `The '_id' value cannot be of type ${type}`);
  }
}

/** The result of a whole-document update may not alter an `_id` the original had. */
export function checkIdUnchanged(original: Document, result: Document): void {
  if (!hasOwn(original, '_id')) return;
  checkStorableId(result);
  if (compareValues(original._id, result._id) !== 0 || !hasOwn(result, '_id')) {
    throw serverError(
      'ImmutableField',
      `After applying the update, the (immutable) field '_id' was found to have been altered to ` +
        formatElement('_id', result._id),
    );
  }
}

/** Validates a replacement document once (top-level `$` names are not storable). */
export function checkReplacement(replacement: Document): void {
  for (const key of Object.keys(replacement)) {
    if (key.charCodeAt(0) === 36) {
      throw serverError(
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's ` +
          'replacement document. Consider using an aggregation pipeline with $replaceWith.',
      );
    }
  }
}

/** A new document made of the replacement's fields, keeping the original `_id` when it has none. */
export function applyReplacement(original: Document, replacement: Document): Document {
  const result: Document = {};
  if (!hasOwn(replacement, '_id') && hasOwn(original, '_id')) result._id = original._id;
  for (const key of Object.keys(replacement)) setField(result, key, cloneValue(replacement[key]));
  checkIdUnchanged(original, result);
  return result;
}

const UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

/** Aggregation stages that exist but cannot run inside an update (72 rather than 40324). */
const OTHER_STAGES = new Set([
  '$bucket',
  '$bucketAuto',
  '$changeStream',
  '$collStats',
  '$count',
  '$currentOp',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$geoNear',
  '$graphLookup',
  '$group',
  '$indexStats',
  '$limit',
  '$listLocalSessions',
  '$listSessions',
  '$lookup',
  '$match',
  '$merge',
  '$out',
  '$planCacheStats',
  '$redact',
  '$sample',
  '$search',
  '$searchMeta',
  '$setWindowFields',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unwind',
]);

/** Checks an update pipeline once (one-field stages, only those an update may use) and compiles it. */
export function compileUpdatePipeline(pipeline: readonly Document[]): CompiledPipeline {
  for (const stage of pipeline) {
    const names = isPlainObject(stage) ? Object.keys(stage) : [];
    if (names.length !== 1) {
      throw serverError(
        'Location40323',
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    const name = names[0] as string;
    if (UPDATE_STAGES.has(name)) continue;
    if (OTHER_STAGES.has(name)) {
      throw serverError('InvalidOptions', `${name} is not allowed to be used within an update`);
    }
    throw serverError('Location40324', `Unrecognized pipeline stage name: '${name}'`);
  }
  return compilePipeline(pipeline);
}

/** Runs the pipeline over the document; its single output replaces it (`_id` kept when dropped). */
export function applyPipeline(original: Document, pipeline: CompiledPipeline, now: Date): Document {
  const context = { resolveCollection: () => [], variables: { NOW: now } };
  let output: Document | undefined;
  for (const document of pipeline.run([original], context)) {
    output = document;
    break;
  }
  if (output === undefined) return { ...original };
  const result: Document = {};
  if (!hasOwn(output, '_id') && hasOwn(original, '_id')) result._id = original._id;
  for (const key of Object.keys(output)) setField(result, key, output[key]);
  checkIdUnchanged(original, result);
  return result;
}
