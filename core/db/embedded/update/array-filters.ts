/**
 * The `arrayFilters` option: one query per identifier, keyed by its top-level field name
 * (`{x: {$gt: 5}}` or `{'x.score': {$gt: 5}}` for `$[x]`), matched against each array element.
 */
import { isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { MongoServerError, serverError } from '../errors.js';
import { compileFilter } from '../query/matcher.js';

/** Element predicates by identifier. */
export type ArrayFilterMap = ReadonlyMap<string, (element: unknown) => boolean>;

const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;
const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor']);

function parseError(code: 'FailedToParse' | 'BadValue', reason: string): MongoServerError {
  return serverError(code, `Error parsing array filter :: caused by :: ${reason}`);
}

/** Collects the top-level field names a filter uses (through $and/$or/$nor). */
function collectPlaceholders(filter: Document, found: Set<string>): void {
  for (const key of Object.keys(filter)) {
    if (key.startsWith('$')) {
      const clauses = filter[key];
      if (LOGICAL_OPERATORS.has(key) && Array.isArray(clauses)) {
        for (const clause of clauses) if (isPlainObject(clause)) collectPlaceholders(clause, found);
      }
      continue;
    }
    found.add(key.split('.')[0] as string);
  }
}

function placeholderOf(filter: Document): string {
  const found = new Set<string>();
  collectPlaceholders(filter, found);
  const names = [...found];
  if (names.length > 1) {
    throw parseError(
      'FailedToParse',
      `Expected a single top-level field name, found '${names[0]}' and '${names[1]}'`,
    );
  }
  const name = names[0];
  if (name === undefined) {
    throw serverError(
      'FailedToParse',
      'Cannot use an expression without a top-level field name in arrayFilters',
    );
  }
  if (!IDENTIFIER.test(name)) {
    throw parseError(
      'BadValue',
      `The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${name}'`,
    );
  }
  return name;
}

function compileArrayFilter(filter: Document, identifier: string): (element: unknown) => boolean {
  let compiled;
  try {
    compiled = compileFilter(filter);
  } catch (error) {
    if (error instanceof MongoServerError) {
      throw new MongoServerError(error.code, `Error parsing array filter :: caused by :: ${error.message}`);
    }
    throw error;
  }
  // The element is matched as the value of its identifier; one wrapper object is reused.
  const wrapper: Document = {};
  return (element) => {
    wrapper[identifier] = element;
    return compiled.matches(wrapper);
  };
}

/** Parses and compiles the arrayFilters of one update (in order, failing like mongod). */
export function parseArrayFilters(filters: readonly Document[] | undefined): ArrayFilterMap {
  const byIdentifier = new Map<string, (element: unknown) => boolean>();
  for (const filter of filters ?? []) {
    if (!isPlainObject(filter)) {
      throw serverError('TypeMismatch', 'Each array filter must be an object');
    }
    const identifier = placeholderOf(filter);
    const predicate = compileArrayFilter(filter, identifier);
    if (byIdentifier.has(identifier)) {
      throw serverError(
        'FailedToParse',
        `Found multiple array filters with the same top-level field name ${identifier}`,
      );
    }
    byIdentifier.set(identifier, predicate);
  }
  return byIdentifier;
}
