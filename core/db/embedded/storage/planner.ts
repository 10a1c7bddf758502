/**
 * Chooses how a query reads the collection: `_id` equality lookups (IDHACK), one index scan, or a
 * collection scan in natural order. Among usable indexes it prefers the one pinning the most
 * leading fields by equality (plus one range after them), then one whose order gives the
 * requested sort. A sparse index is usable only when the query cannot match a document missing
 * all its fields; a partial index only when the query implies its filter; hidden ones never.
 */
import type { Document } from '../bson-values.js';
import { isNumeric, isPlainObject, toDouble } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { IndexSpec } from './types.js';
import type { IntervalList } from './intervals.js';
import { FULL_RANGE, intersectLists, isFullRange, isPointList, isSinglePoint, listContains } from './intervals.js';
import type { KeyPattern } from './key-pattern.js';
import { sameKeyPattern } from './key-pattern.js';
import { impliesPartialFilter } from './partial-implication.js';
import type { FieldPredicates } from './predicates.js';

/** What the planner needs to know about an index. */
export interface PlannableIndex {
  readonly spec: IndexSpec;
  readonly pattern: KeyPattern;
  readonly multikeyFields: readonly boolean[];
  readonly isIdIndex: boolean;
}

export type AccessPath =
  | { readonly kind: 'collscan'; readonly direction: 1 | -1 }
  /** `_id` point lookups through the hash map, in ascending `_id` order. */
  | {
      readonly kind: 'ids';
      readonly index: PlannableIndex;
      readonly ids: IntervalList;
      readonly direction: 1 | -1;
      readonly hinted: boolean;
    }
  | {
      readonly kind: 'ixscan';
      readonly index: PlannableIndex;
      /** Per key field, in value order. */
      readonly bounds: readonly IntervalList[];
      /** 1: in index order; -1: backwards. */
      readonly direction: 1 | -1;
    };

export interface Plan {
  readonly access: AccessPath;
  /** The access path returns documents in the requested order: no in-memory sort. */
  readonly sortCovered: boolean;
  readonly rejected: readonly string[];
}

export interface PlanRequest {
  readonly filter: Document;
  readonly predicates: FieldPredicates;
  readonly sort: Document | undefined;
  readonly hint: string | Document | undefined;
}

interface Candidate {
  readonly index: PlannableIndex;
  readonly position: number;
  readonly bounds: readonly IntervalList[];
  readonly equalities: number;
  readonly range: boolean;
  readonly sortDirection: 0 | 1 | -1;
}

const HINT_NOT_FOUND = 'hint provided does not correspond to an existing index';

function boundsFor(index: PlannableIndex, predicates: FieldPredicates): IntervalList[] {
  const { fields, hashed } = index.pattern;
  return fields.map((field, i) => {
    const lists = predicates.get(field);
    if (lists === undefined) return FULL_RANGE;
    if (hashed[i]) return lists.find(isPointList) ?? FULL_RANGE;
    // Different elements of an array may satisfy different predicates: bound by one only.
    if (index.multikeyFields[i]) return lists.find(isPointList) ?? (lists[0] as IntervalList);
    return lists.reduce(intersectLists);
  });
}

function leadingEqualities(bounds: readonly IntervalList[]): number {
  let count = 0;
  while (count < bounds.length && isPointList(bounds[count] as IntervalList)) count++;
  return count;
}

/** The sort as (field, ±1) pairs; undefined without a sort, null when no index can give it ($meta). */
function sortFieldsOf(sort: Document | undefined): [string, number][] | null | undefined {
  if (sort === undefined || Object.keys(sort).length === 0) return undefined;
  const fields: [string, number][] = [];
  for (const field of Object.keys(sort)) {
    const value = sort[field];
    if (!isNumeric(value)) return null;
    fields.push([field, toDouble(value) < 0 ? -1 : 1]);
  }
  return fields;
}

/** 1 or -1 when scanning `index` forwards or backwards yields `sort` order, else 0. */
export function sortDirection(
  index: PlannableIndex,
  bounds: readonly IntervalList[],
  sortFields: readonly [string, number][],
): 0 | 1 | -1 {
  const { fields, directions, hashed } = index.pattern;
  let position = 0;
  let direction: 0 | 1 | -1 = 0;
  for (const [field, order] of sortFields) {
    // A single-value, non-array field is constant over the scan and does not affect order.
    while (position < fields.length && fields[position] !== field && isConstant(index, bounds, position)) position++;
    if (position >= fields.length || fields[position] !== field) return 0;
    if (hashed[position] || index.multikeyFields[position]) return 0;
    const relative = order * (directions[position] as number) < 0 ? -1 : 1;
    if (direction === 0) direction = relative;
    else if (direction !== relative) return 0;
    position++;
  }
  return direction;
}

function isConstant(index: PlannableIndex, bounds: readonly IntervalList[], position: number): boolean {
  return isSinglePoint(bounds[position] as IntervalList) && !index.multikeyFields[position];
}

function excludesMissing(bounds: readonly IntervalList[]): boolean {
  return bounds.some((list) => !listContains(list, null));
}

function usable(index: PlannableIndex, bounds: readonly IntervalList[], request: PlanRequest): boolean {
  const { spec } = index;
  if (spec.hidden === true) return false;
  if (spec.sparse && !excludesMissing(bounds)) return false;
  const partial = spec.partialFilterExpression;
  return partial === undefined || impliesPartialFilter(request.filter, request.predicates, partial);
}

function candidateFor(
  index: PlannableIndex,
  position: number,
  request: PlanRequest,
  sortFields: readonly [string, number][] | null | undefined,
): Candidate {
  const bounds = boundsFor(index, request.predicates);
  const equalities = leadingEqualities(bounds);
  const range = equalities < bounds.length && !isFullRange(bounds[equalities] as IntervalList);
  const direction = sortFields === undefined || sortFields === null ? 0 : sortDirection(index, bounds, sortFields);
  return { index, position, bounds, equalities, range, sortDirection: direction };
}

/** Higher is better: equality prefix, a range after it, the sort, a unique full match, fewer fields. */
function better(a: Candidate, b: Candidate): boolean {
  const scoreA = a.equalities * 2 + (a.range ? 1 : 0);
  const scoreB = b.equalities * 2 + (b.range ? 1 : 0);
  if (scoreA !== scoreB) return scoreA > scoreB;
  if ((a.sortDirection !== 0) !== (b.sortDirection !== 0)) return a.sortDirection !== 0;
  const pinnedA = Boolean(a.index.spec.unique) && a.equalities === a.bounds.length;
  const pinnedB = Boolean(b.index.spec.unique) && b.equalities === b.bounds.length;
  if (pinnedA !== pinnedB) return pinnedA;
  if (a.bounds.length !== b.bounds.length) return a.bounds.length < b.bounds.length;
  return a.position < b.position;
}

function accessFor(candidate: Candidate, hinted: boolean): AccessPath {
  const idBounds = candidate.bounds[0] as IntervalList;
  const direction = candidate.sortDirection === -1 ? -1 : 1;
  if (candidate.index.isIdIndex && isPointList(idBounds)) {
    return { kind: 'ids', index: candidate.index, ids: idBounds, direction, hinted };
  }
  return { kind: 'ixscan', index: candidate.index, bounds: candidate.bounds, direction };
}

function findHinted(indexes: readonly PlannableIndex[], hint: string | Document): PlannableIndex {
  const found = indexes.find((index) =>
    typeof hint === 'string' ? index.spec.name === hint : sameKeyPattern(index.spec.key, hint),
  );
  if (found === undefined || found.spec.hidden === true) throw serverError('BadValue', HINT_NOT_FOUND);
  return found;
}

function naturalDirection(document: Document | undefined): 1 | -1 | undefined {
  if (document === undefined || !isPlainObject(document) || !('$natural' in document)) return undefined;
  return toDouble(document['$natural']) < 0 ? -1 : 1;
}

function planHinted(indexes: readonly PlannableIndex[], request: PlanRequest, hint: string | Document): Plan {
  const sortFields = sortFieldsOf(request.sort);
  const natural = typeof hint === 'string' ? undefined : naturalDirection(hint);
  if (natural !== undefined) {
    return { access: { kind: 'collscan', direction: natural }, sortCovered: false, rejected: [] };
  }
  const index = findHinted(indexes, hint);
  const partial = index.spec.partialFilterExpression;
  if (partial !== undefined && !impliesPartialFilter(request.filter, request.predicates, partial)) {
    throw serverError('BadValue', HINT_NOT_FOUND);
  }
  const candidate = candidateFor(index, 0, request, sortFields);
  return { access: accessFor(candidate, true), sortCovered: candidate.sortDirection !== 0, rejected: [] };
}

/** Picks the access path for a query over `indexes` (the `_id` index included). */
export function planQuery(indexes: readonly PlannableIndex[], request: PlanRequest): Plan {
  if (request.hint !== undefined) return planHinted(indexes, request, request.hint);
  const natural = naturalDirection(request.sort);
  if (natural !== undefined) {
    return { access: { kind: 'collscan', direction: natural }, sortCovered: true, rejected: [] };
  }
  const sortFields = sortFieldsOf(request.sort);
  const candidates: Candidate[] = [];
  indexes.forEach((index, position) => {
    const candidate = candidateFor(index, position, request, sortFields);
    const helps = candidate.equalities > 0 || candidate.range || candidate.sortDirection !== 0;
    if (helps && usable(index, candidate.bounds, request)) candidates.push(candidate);
  });
  const idCandidate = candidates.find((candidate) => candidate.index.isIdIndex && candidate.equalities > 0);
  let best = idCandidate;
  if (best === undefined) for (const candidate of candidates) if (best === undefined || better(candidate, best)) best = candidate;
  if (best === undefined) {
    return { access: { kind: 'collscan', direction: 1 }, sortCovered: false, rejected: [] };
  }
  const chosen = best;
  const rejected = candidates.filter((candidate) => candidate !== chosen).map((candidate) => candidate.index.spec.name);
  // At most one document can match a single `_id`, so any order is the requested one.
  const single = chosen.index.isIdIndex && isSinglePoint(chosen.bounds[0] as IntervalList);
  const sortCovered = sortFields !== undefined && (chosen.sortDirection !== 0 || single);
  return { access: accessFor(chosen, false), sortCovered, rejected };
}
