/**
 * The starting document of an upsert: the equality conditions of the query filter (`{a: 1}`,
 * `{a: {$eq: 1}}`, single-value `$in`, `$all` values, inside `$and` and single-clause `$or`), set at
 * their paths. Like mongod, two equalities on the same or nested paths cannot be combined.
 */
import { bsonTypeName, cloneValue, isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { setField } from './document-access.js';
import { hasOwn } from './paths.js';

interface Equality {
  readonly path: string;
  readonly value: unknown;
}

function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$');
}

function isRegex(value: unknown): boolean {
  return bsonTypeName(value) === 'regex';
}

/** Whether `path` lies below `prefix` (`a.b` below `a`), without building `prefix + '.'`. */
function isBelow(path: string, prefix: string): boolean {
  return path.length > prefix.length && path.charCodeAt(prefix.length) === 0x2e && path.startsWith(prefix);
}

function conflictMessage(path: string, other: string): string | undefined {
  if (path === other) return `path '${path}' is matched twice`;
  if (isBelow(path, other)) return `both paths '${path}' and '${other}' are matched`;
  if (isBelow(other, path)) return `both paths '${other}' and '${path}' are matched`;
  return undefined;
}

function addEquality(equalities: Equality[], path: string, value: unknown): void {
  for (const existing of equalities) {
    const message = conflictMessage(path, existing.path);
    if (message !== undefined) {
      throw serverError('NotSingleValueField', `cannot infer query fields to set, ${message}`);
    }
  }
  equalities.push({ path, value });
}

/** The equalities one field condition implies (`$eq`, one-value `$in`, `$all` values). */
function collectFieldConditions(equalities: Equality[], path: string, condition: Document): void {
  for (const operator of Object.keys(condition)) {
    const argument = condition[operator];
    if (operator === '$eq') {
      addEquality(equalities, path, argument);
    } else if (
      operator === '$in' &&
      Array.isArray(argument) &&
      argument.length === 1 &&
      !isRegex(argument[0])
    ) {
      addEquality(equalities, path, argument[0]);
    } else if (operator === '$all' && Array.isArray(argument)) {
      for (const item of argument) {
        if (!isRegex(item) && !(isPlainObject(item) && hasOwn(item, '$elemMatch')))
          addEquality(equalities, path, item);
      }
    }
  }
}

function collectClauses(equalities: Equality[], clauses: unknown, onlyIfSingle: boolean): void {
  if (!Array.isArray(clauses) || (onlyIfSingle && clauses.length !== 1)) return;
  for (const clause of clauses) if (isPlainObject(clause)) collectEqualities(equalities, clause);
}

function collectEqualities(equalities: Equality[], filter: Document): void {
  for (const key of Object.keys(filter)) {
    const condition = filter[key];
    if (key === '$and') {
      collectClauses(equalities, condition, false);
    } else if (key === '$or') {
      // mongod collapses a one-clause $or into its clause; with more, nothing is implied.
      collectClauses(equalities, condition, true);
    } else if (key.startsWith('$')) {
      continue;
    } else if (isOperatorObject(condition)) {
      collectFieldConditions(equalities, key, condition);
    } else if (!isRegex(condition)) {
      addEquality(equalities, key, condition);
    }
  }
}

/** mongod parses an upsert's query without `$expr` support, wherever it appears in the logic. */
function rejectExpr(filter: Document): void {
  for (const key of Object.keys(filter)) {
    if (key === '$expr') {
      throw serverError(
        'QueryFeatureNotAllowed',
        '$expr is not allowed in the query predicate for an upsert',
      );
    }
    const clauses = filter[key];
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(clauses)) {
      for (const clause of clauses) if (isPlainObject(clause)) rejectExpr(clause);
    }
  }
}

function setAtPath(document: Document, path: string, value: unknown): void {
  // Upsert filters are mostly top-level equalities: no path to split.
  if (!path.includes('.')) {
    setField(document, path, cloneValue(value));
    return;
  }
  const parts = path.split('.');
  let current = document;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    let next = hasOwn(current, part) ? current[part] : undefined;
    if (!isPlainObject(next)) {
      next = {};
      setField(current, part, next);
    }
    current = next as Document;
  }
  setField(current, parts[parts.length - 1] as string, cloneValue(value));
}

/**
 * The document an upsert starts from: the filter's equality conditions (`_id` included), e.g.
 * `{'a.b': 1, c: {$eq: 2}}` → `{a: {b: 1}, c: 2}`. Ranges, regexes, `$or` of several clauses and
 * other operators contribute nothing.
 *
 * Throws 54 NotSingleValueField when two equalities overlap (`{a: 1, 'a.b': 2}`) and 224
 * QueryFeatureNotAllowed for `$expr`, which mongod does not allow in an upsert's query.
 */
export function buildUpsertSeed(filter: Document): Document {
  rejectExpr(filter);
  const equalities: Equality[] = [];
  collectEqualities(equalities, filter);
  const seed: Document = {};
  for (const equality of equalities) setAtPath(seed, equality.path, equality.value);
  return seed;
}
