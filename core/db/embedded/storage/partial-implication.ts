/**
 * Whether a query filter implies an index's `partialFilterExpression`, so that the partial index
 * holds every document the query can match. Conservative: each conjunct of the partial filter must
 * appear verbatim in the query, or be a comparison/equality/`$exists: true` that some query
 * predicate on the same field provably satisfies.
 */
import type { Document } from '../bson-values.js';
import { isPlainObject, keyString } from '../bson-values.js';
import { listContains, listWithin } from './intervals.js';
import type { IntervalList } from './intervals.js';
import type { FieldPredicates } from './predicates.js';
import { extractPredicates } from './predicates.js';

type Conjunct = readonly [field: string, condition: unknown];

const COMPARISONS = new Set(['$eq', '$gt', '$gte', '$lt', '$lte']);

function collectConjuncts(filter: Document, out: Conjunct[]): Conjunct[] {
  for (const field of Object.keys(filter)) {
    const condition = filter[field];
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collectConjuncts(clause, out);
    } else {
      out.push([field, condition]);
    }
  }
  return out;
}

function conjunctKey([field, condition]: Conjunct): string {
  return `${field}\u0000${keyString(condition)}`;
}

function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  for (const key in value) return key.startsWith('$');
  return false;
}

function isBsonRegex(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'BSONRegExp';
}

function requiredBounds(field: string, condition: unknown): IntervalList | undefined {
  const lists = extractPredicates({ [field]: condition }).get(field);
  if (lists === undefined || lists.length !== 1) return undefined;
  return lists[0];
}

function operatorImplied(field: string, operator: string, operand: unknown, queryLists: readonly IntervalList[]): boolean {
  if (operator === '$exists') {
    // Some predicate that null/missing cannot satisfy proves the field exists.
    return operand === true && queryLists.some((list) => !listContains(list, null));
  }
  if (!COMPARISONS.has(operator)) return false;
  const required = requiredBounds(field, { [operator]: operand });
  return required !== undefined && queryLists.some((list) => listWithin(list, required));
}

function conditionImplied(field: string, condition: unknown, predicates: FieldPredicates): boolean {
  const queryLists = predicates.get(field);
  if (field.startsWith('$') || queryLists === undefined) return false;
  if (!isOperatorObject(condition)) {
    // Regex conditions only get superset bounds, which cannot prove anything.
    if (Array.isArray(condition) || condition instanceof RegExp || isBsonRegex(condition)) return false;
    const required = requiredBounds(field, condition);
    return required !== undefined && queryLists.some((list) => listWithin(list, required));
  }
  return Object.keys(condition).every((operator) => operatorImplied(field, operator, condition[operator], queryLists));
}

/** True when every document matching `filter` also matches `partialFilter`. */
export function impliesPartialFilter(filter: Document, predicates: FieldPredicates, partialFilter: Document): boolean {
  const present = new Set(collectConjuncts(filter, []).map(conjunctKey));
  return collectConjuncts(partialFilter, []).every(
    (conjunct) => present.has(conjunctKey(conjunct)) || conditionImplied(conjunct[0], conjunct[1], predicates),
  );
}
