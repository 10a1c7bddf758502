/** Shared helpers for the pipeline tests (not a test file itself). */
import { expect } from 'chai';
import type { Document } from '../../bson-values.js';
import { MongoServerError } from '../../errors.js';
import { runPipeline } from '../pipeline.js';

/** Runs a pipeline over `input`; `collections` backs `$lookup`/`$unionWith`/`$graphLookup`. */
export function run(
  pipeline: Document[],
  input: Document[],
  collections: Record<string, Document[]> = {},
  variables: Record<string, unknown> = {},
): Document[] {
  return [...runPipeline(input, pipeline, { resolveCollection: (name) => collections[name] ?? [], variables })];
}

/** Asserts that `action` throws a MongoServerError with `code` (and a message matching `message`). */
export function expectCode(action: () => unknown, code: number, message?: string | RegExp): MongoServerError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an error').to.be.instanceOf(MongoServerError);
  const error = caught as MongoServerError;
  expect(error.code, error.message).to.equal(code);
  if (typeof message === 'string') expect(error.message).to.equal(message);
  else if (message !== undefined) expect(error.message).to.match(message);
  return error;
}

/** Asserts that running the pipeline fails with `code`. */
export function expectPipelineError(pipeline: Document[], code: number, message?: string | RegExp, input: Document[] = [{ _id: 1 }]): MongoServerError {
  return expectCode(() => run(pipeline, input), code, message);
}
