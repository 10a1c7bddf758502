/**
 * Array modifiers: $push (with $each, $position, $sort, $slice), $addToSet, $pop, $pull and
 * $pullAll. They always produce a new array; the input array is never changed.
 */
import {
  bsonTypeName,
  cloneValue,
  compareValues,
  isNumeric,
  isPlainObject,
  keyString,
  toDouble,
  valuesEqual,
} from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import { compileFilter } from '../query/matcher.js';
import { formatDocument, formatElement } from './format.js';
import type { LeafParser } from './leaf-basic.js';
import { hasOwn } from './paths.js';
import { NO_CHANGE } from './tree.js';
import type { LeafContext } from './tree.js';

type Comparator = (a: unknown, b: unknown) => number;

/** An integral number argument ($slice, $position, $pop), or undefined when it is not one. */
function integralArgument(value: unknown): number | undefined {
  if (!isNumeric(value)) return undefined;
  const number = toDouble(value);
  return Number.isInteger(number) ? number : undefined;
}

function valueAtPath(value: unknown, parts: readonly string[]): unknown {
  let current = value;
  for (const part of parts) {
    if (!isPlainObject(current) || !hasOwn(current, part)) return undefined;
    current = current[part];
  }
  return current;
}

function checkSortPattern(pattern: Document): void {
  const fields = Object.keys(pattern);
  if (fields.length === 0) {
    throw serverError('BadValue', 'The $sort pattern is empty when it should be a set of fields.');
  }
  for (const field of fields) {
    const direction = pattern[field];
    if (direction !== 1 && direction !== -1) {
      throw serverError('BadValue', 'The $sort element value must be either 1 or -1');
    }
    if (field.length === 0) throw serverError('BadValue', 'The $sort field cannot be empty');
    if (field.split('.').some((part) => part.length === 0)) {
      throw serverError('BadValue', `The $sort field is a dotted field but has an empty part: ${field}`);
    }
  }
}

function parseSortClause(sort: unknown): Comparator {
  if (isPlainObject(sort)) {
    checkSortPattern(sort);
    const keys = Object.keys(sort).map((field) => ({
      parts: field.split('.'),
      direction: sort[field] as number,
    }));
    // Non-document elements have none of the pattern's fields: they sort as nulls.
    return (a, b) => {
      for (const key of keys) {
        const comparison = compareValues(valueAtPath(a, key.parts), valueAtPath(b, key.parts));
        if (comparison !== 0) return comparison * key.direction;
      }
      return 0;
    };
  }
  if (typeof sort === 'number') {
    if (sort !== 1 && sort !== -1)
      throw serverError('BadValue', 'The $sort element value must be either 1 or -1');
    return (a, b) => compareValues(a, b) * sort;
  }
  throw serverError(
    'BadValue',
    'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
  );
}

interface PushSpec {
  readonly values: readonly unknown[];
  readonly position: number | undefined;
  readonly sort: Comparator | undefined;
  readonly slice: number | undefined;
}

const PUSH_CLAUSES = new Set(['$each', '$slice', '$sort', '$position']);

function parsePushClauses(spec: Document): PushSpec {
  for (const clause of Object.keys(spec)) {
    if (!PUSH_CLAUSES.has(clause)) throw serverError('BadValue', `Unrecognized clause in $push: ${clause}`);
  }
  const each = spec.$each;
  if (!Array.isArray(each)) {
    throw serverError(
      'BadValue',
      `The argument to $each in $push must be an array but it was of type: ${bsonTypeName(each)}`,
    );
  }
  let slice: number | undefined;
  if (hasOwn(spec, '$slice')) {
    slice = integralArgument(spec.$slice);
    if (slice === undefined) {
      throw serverError(
        'BadValue',
        `The value for $slice must be an integer value but was given type: ${bsonTypeName(spec.$slice)}`,
      );
    }
  }
  const sort = hasOwn(spec, '$sort') ? parseSortClause(spec.$sort) : undefined;
  let position: number | undefined;
  if (hasOwn(spec, '$position')) {
    position = integralArgument(spec.$position);
    if (position === undefined) {
      throw serverError(
        'BadValue',
        `The value for $position must be an integer value, not of type: ${bsonTypeName(spec.$position)}`,
      );
    }
  }
  return { values: each, position, sort, slice };
}

function insertionIndex(position: number | undefined, length: number): number {
  if (position === undefined || position > length) return length;
  if (position >= 0) return position;
  return -position < length ? length + position : 0;
}

function performPush(array: readonly unknown[], spec: PushSpec): unknown[] {
  const result = array.slice();
  if (spec.values.length > 0) {
    const copies = spec.values.map((value) => cloneValue(value));
    result.splice(insertionIndex(spec.position, result.length), 0, ...copies);
  }
  if (spec.sort !== undefined) result.sort(spec.sort);
  if (spec.slice !== undefined && result.length > Math.abs(spec.slice)) {
    return spec.slice >= 0 ? result.slice(0, spec.slice) : result.slice(result.length + spec.slice);
  }
  return result;
}

function sameElements(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const parsePush: LeafParser = (value) => {
  const spec =
    isPlainObject(value) && hasOwn(value, '$each')
      ? parsePushClauses(value)
      : { values: [value], position: undefined, sort: undefined, slice: undefined };
  return {
    onMissing: 'create',
    insertOnly: false,
    update: (existing, context) => {
      if (!Array.isArray(existing)) {
        throw serverError(
          'BadValue',
          `The field '${context.path()}' must be an array but is of type ${bsonTypeName(existing)} in document ` +
            `{${context.describeId()}}`,
        );
      }
      const result = performPush(existing, spec);
      // A sort that changed nothing is no modification (mongod notices the empty in-place diff).
      return sameElements(result, existing) ? NO_CHANGE : result;
    },
    create: () => performPush([], spec),
  };
};

function dedupe(values: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  const unique: unknown[] = [];
  for (const value of values) {
    const key = keyString(value);
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(value);
    }
  }
  return unique;
}

function parseAddToSetValues(value: unknown): unknown[] {
  if (!isPlainObject(value)) return [value];
  const fields = Object.keys(value);
  if (fields[0] !== '$each') return [value];
  const each = value.$each;
  if (!Array.isArray(each)) {
    throw serverError(
      'TypeMismatch',
      `The argument to $each in $addToSet must be an array but it was of type ${bsonTypeName(each)}`,
    );
  }
  if (fields.length > 1) {
    throw serverError(
      'BadValue',
      `Found unexpected fields after $each in $addToSet: ${formatDocument(value)}`,
    );
  }
  return dedupe(each);
}

function missingFrom(existing: readonly unknown[], candidates: readonly unknown[]): unknown[] {
  if (candidates.length <= 2) {
    return candidates.filter((candidate) => !existing.some((element) => valuesEqual(element, candidate)));
  }
  const present = new Set(existing.map((element) => keyString(element)));
  return candidates.filter((candidate) => !present.has(keyString(candidate)));
}

export const parseAddToSet: LeafParser = (value) => {
  const candidates = parseAddToSetValues(value);
  return {
    onMissing: 'create',
    insertOnly: false,
    update: (existing, context) => {
      if (!Array.isArray(existing)) {
        throw serverError(
          'BadValue',
          `Cannot apply $addToSet to non-array field. Field named '${context.fieldName}' has non-array type ` +
            bsonTypeName(existing),
        );
      }
      const additions = missingFrom(existing, candidates);
      if (additions.length === 0) return NO_CHANGE;
      return existing.concat(additions.map((addition) => cloneValue(addition)));
    },
    create: () => candidates.map((candidate) => cloneValue(candidate)),
  };
};

function parsePopDirection(value: unknown, path: string): number {
  if (!isNumeric(value))
    throw serverError('FailedToParse', `Expected a number in: ${formatElement(path, value)}`);
  const number = toDouble(value);
  if (Number.isNaN(number)) {
    throw serverError(
      'FailedToParse',
      `Expected an integer, but found NaN in: ${formatElement(path, value)}`,
    );
  }
  if (!Number.isInteger(number)) {
    throw serverError('FailedToParse', `Expected an integer: ${formatElement(path, value)}`);
  }
  if (number !== 1 && number !== -1)
    throw serverError('FailedToParse', `$pop expects 1 or -1, found: ${number}`);
  return number;
}

export const parsePop: LeafParser = (value, path) => {
  const fromFront = parsePopDirection(value, path) === -1;
  return {
    onMissing: 'checkViability',
    insertOnly: false,
    update: (existing, context) => {
      if (!Array.isArray(existing)) {
        throw serverError(
          'TypeMismatch',
          `Path '${context.path()}' contains an element of non-array type '${bsonTypeName(existing)}'`,
        );
      }
      if (existing.length === 0) return NO_CHANGE;
      return fromFront ? existing.slice(1) : existing.slice(0, -1);
    },
    create: () => undefined,
  };
};

function cullingOperator(matches: (element: unknown) => boolean) {
  return {
    onMissing: 'checkViability' as const,
    insertOnly: false,
    update: (existing: unknown, _context: LeafContext): unknown => {
      if (!Array.isArray(existing)) throw serverError('BadValue', 'Cannot apply $pull to a non-array value');
      const kept = existing.filter((element) => !matches(element));
      return kept.length === existing.length ? NO_CHANGE : kept;
    },
    create: () => undefined,
  };
}

/** Query operators valid on a path: a $pull condition starting with one applies to the element itself. */
const PATH_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$type',
  '$size',
  '$all',
  '$elemMatch',
  '$regex',
  '$options',
  '$mod',
  '$not',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
  '$geoWithin',
  '$geoIntersects',
  '$near',
  '$nearSphere',
  '$within',
  '$maxDistance',
  '$minDistance',
  '$geometry',
  '$box',
  '$center',
  '$centerSphere',
  '$polygon',
  '$uniqueDocs',
]);

const WRAPPER_FIELD = 'v';

function pullMatcher(condition: unknown): (element: unknown) => boolean {
  const first = isPlainObject(condition) ? Object.keys(condition)[0] : undefined;
  if (isPlainObject(condition) && (first === undefined || !PATH_OPERATORS.has(first))) {
    // A query on the fields of document elements; other elements never match.
    const filter = compileFilter(condition);
    return (element) => isPlainObject(element) && filter.matches(element);
  }
  if (isPlainObject(condition) || bsonTypeName(condition) === 'regex') {
    // An operator condition on the element itself: match it as the value of a wrapper field.
    const filter = compileFilter({ [WRAPPER_FIELD]: condition });
    const wrapper: Document = {};
    return (element) => {
      wrapper[WRAPPER_FIELD] = element;
      return filter.matches(wrapper);
    };
  }
  return (element) => valuesEqual(element, condition);
}

export const parsePull: LeafParser = (value) => cullingOperator(pullMatcher(value));

export const parsePullAll: LeafParser = (value) => {
  if (!Array.isArray(value)) {
    throw serverError(
      'BadValue',
      `$pullAll requires an array argument but was given a ${bsonTypeName(value)}`,
    );
  }
  const keys = new Set(value.map((item: unknown) => keyString(item)));
  return cullingOperator((element) => keys.has(keyString(element)));
};
