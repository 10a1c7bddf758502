/** Helpers shared by the update engine's unit tests. */
import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { applyUpdate } from './apply.js';
import type { UpdateOptions, UpdateResult, UpdateSpecification } from './apply.js';

export const now = new Date('2024-05-06T07:08:09.000Z');

export function update(
  document: Document,
  spec: UpdateSpecification,
  options: Partial<UpdateOptions> = {},
): UpdateResult {
  return applyUpdate(document, spec, { isUpsertInsert: false, now, ...options });
}

export function expectServerError(action: () => unknown, code: number, message?: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a MongoServerError').to.be.instanceOf(MongoServerError);
  const error = caught as MongoServerError;
  expect(error.code, error.message).to.equal(code);
  if (message !== undefined) expect(error.message).to.equal(message);
}
