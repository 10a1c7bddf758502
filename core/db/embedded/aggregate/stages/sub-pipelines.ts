/**
 * Stages that run nested pipelines over their own input or another collection:
 * `$facet` and `$unionWith`.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { serverError } from '../../errors.js';
import type { StageCompileContext, StageRunner } from './types.js';
import { fail, renderValue, typeName } from './util.js';

function checkFacetName(name: string): void {
  const context = '$facet pipeline names must follow the naming rules of field path expressions. :: caused by :: ';
  if (name.length === 0) throw fail(15998, `${context}FieldPath field names may not be empty strings.`);
  if (name.startsWith('$')) {
    throw fail(16410, `${context}FieldPath field names may not start with '$'. Consider using $getField or $setField.`);
  }
  if (name.includes('.')) throw fail(16412, `${context}FieldPath field names may not contain '.'.`);
}

/** Compiles `$facet` (40169, 40170, 40171; 40600 for stages not allowed inside). */
export function compileFacet(spec: unknown, context: StageCompileContext): StageRunner {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
    throw fail(40169, `the $facet specification must be a non-empty object, but found: $facet: ${renderValue(spec)}`);
  }
  const facets: { name: string; run: StageRunner }[] = [];
  for (const name of Object.keys(spec)) {
    checkFacetName(name);
    const pipeline = spec[name];
    if (!Array.isArray(pipeline)) throw fail(40170, `arguments to $facet must be arrays, ${name} is type ${typeName(pipeline)}`);
    for (const stage of pipeline) {
      if (!isPlainObject(stage)) {
        throw fail(
          40171,
          `elements of arrays in $facet spec must be non-empty objects, ${name} argument contained an element of type ` +
            `${typeName(stage)}: ${renderValue(stage)}`,
        );
      }
    }
    facets.push({ name, run: context.compileSubPipeline(pipeline, 'facet') });
  }
  return function* facet(input, run) {
    const documents = Array.isArray(input) ? (input as Document[]) : [...input];
    const output: Document = {};
    for (const { name, run: runFacet } of facets) output[name] = [...runFacet(documents, run)];
    yield output;
  };
}

function wrongType(field: string, value: unknown, expected: string): Error {
  return serverError(
    'TypeMismatch',
    `BSON field '$unionWith.${field}' is the wrong type '${typeName(value)}', expected type '${expected}'`,
  );
}

function startsWithDocuments(pipeline: unknown[] | undefined): boolean {
  const first = pipeline?.[0];
  return isPlainObject(first) && '$documents' in first;
}

/** Compiles `$unionWith: "coll" | {coll, pipeline}`. */
export function compileUnionWith(spec: unknown, context: StageCompileContext): StageRunner {
  let collection: string | undefined;
  let pipeline: unknown[] | undefined;
  if (typeof spec === 'string') collection = spec;
  else if (isPlainObject(spec)) {
    for (const key of Object.keys(spec)) {
      const value = spec[key];
      if (key === 'coll') {
        if (typeof value !== 'string') throw wrongType('coll', value, 'string');
        collection = value;
      } else if (key === 'pipeline') {
        if (!Array.isArray(value)) throw wrongType('pipeline', value, 'array');
        pipeline = value;
      } else {
        throw fail(40415, `BSON field '$unionWith.${key}' is an unknown field.`);
      }
    }
    if (collection === undefined && !startsWithDocuments(pipeline)) {
      throw serverError('FailedToParse', '$unionWith stage without explicit collection must have a pipeline with $documents as first stage');
    }
  } else {
    throw serverError('FailedToParse', `the $unionWith stage specification must be an object or string, but found ${typeName(spec)}`);
  }
  const subPipeline = pipeline === undefined ? undefined : context.compileSubPipeline(pipeline, 'unionWith');
  return function* unionWith(input, run) {
    yield* input;
    const other = collection === undefined ? [] : run.resolveCollection(collection);
    yield* subPipeline === undefined ? other : subPipeline(other, run);
  };
}
