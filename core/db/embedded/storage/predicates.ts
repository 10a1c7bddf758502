/**
 * Extracts index bounds from a query filter: per dotted field, one interval list per predicate
 * found at the top level or under `$and` (equality, `$eq`, `$in`, `$all`, ranges, regexes).
 * Lists are supersets of the values a predicate can match, never subsets: anything we cannot
 * bound exactly is left out (the field is then unconstrained), and the full filter always runs on
 * fetched documents anyway. Range operands are type-bracketed as MongoDB does (`$gt: 5` scans
 * numbers only).
 */
import type { Document } from '../bson-values.js';
import { canonicalTypeOrder, isNumeric, isPlainObject, toDouble, TypeOrder } from '../bson-values.js';
import type { Interval, IntervalList } from './intervals.js';
import { pointInterval, unionIntervals } from './intervals.js';
import { compareKeyValues, TypeEdge } from './key-values.js';

/** Per field, one interval list per predicate on it (intersect them unless the field is multikey). */
export type FieldPredicates = Map<string, IntervalList[]>;

const ALL_STRINGS: Interval = {
  low: '',
  lowInclusive: true,
  high: new TypeEdge(TypeOrder.object, false),
  highInclusive: false,
};

/** Types whose last value MongoDB prints as an inclusive bound (`[false, true]`). */
const INCLUSIVE_TYPE_END = new Set<number>([TypeOrder.objectId, TypeOrder.bool, TypeOrder.date, TypeOrder.timestamp]);

interface RegexParts {
  readonly source: string;
  readonly flags: string;
}

function regexParts(value: unknown): RegexParts | undefined {
  if (value instanceof RegExp) return { source: value.source, flags: value.flags };
  if (typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'BSONRegExp') {
    const regex = value as { pattern: string; options: string };
    return { source: regex.pattern, flags: regex.options };
  }
  return undefined;
}

const REGEX_SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);

/** The literal text every match must start with (`^abc` → "abc"), if the regex pins one. */
export function literalPrefix(source: string, flags: string): string | undefined {
  if (/[imx]/.test(flags) || !source.startsWith('^') || source.includes('|')) return undefined;
  let prefix = '';
  for (let i = 1; i < source.length; i++) {
    const char = source[i] as string;
    if (!REGEX_SPECIAL.has(char)) {
      prefix += char;
      continue;
    }
    // An optional or repeatable-from-zero last character is not part of every match.
    if (char === '?' || char === '*' || char === '{') prefix = prefix.slice(0, -1);
    break;
  }
  return prefix;
}

/** Every stored regex: used when the query regex is only a pattern string. */
const ALL_REGEXES: Interval = {
  low: new TypeEdge(TypeOrder.regex, false),
  lowInclusive: true,
  high: new TypeEdge(TypeOrder.regex, true),
  highInclusive: true,
};

function regexIntervals(regexValue: unknown, parts: RegexParts): IntervalList {
  const prefix = literalPrefix(parts.source, parts.flags);
  let strings = ALL_STRINGS;
  if (prefix !== undefined && prefix.length > 0) {
    const last = prefix.charCodeAt(prefix.length - 1);
    if (last < 0xffff) {
      const successor = prefix.slice(0, -1) + String.fromCharCode(last + 1);
      strings = { low: prefix, lowInclusive: true, high: successor, highInclusive: false };
    }
  }
  // A stored regex equal to the query regex also matches it.
  return [strings, regexValue === undefined ? ALL_REGEXES : pointInterval(regexValue)];
}

function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  for (const key in value) return key.startsWith('$');
  return false;
}

function equalityIntervals(value: unknown): IntervalList | undefined {
  if (value === undefined || Array.isArray(value) || regexParts(value) !== undefined) return undefined;
  return [pointInterval(value)];
}

function inIntervals(values: readonly unknown[]): IntervalList | undefined {
  const intervals: Interval[] = [];
  for (const value of values) {
    if (Array.isArray(value) || value === undefined) return undefined;
    const regex = regexParts(value);
    if (regex !== undefined) intervals.push(...regexIntervals(value, regex));
    else intervals.push(pointInterval(value));
  }
  return unionIntervals(intervals);
}

function makeInterval(low: unknown, lowInclusive: boolean, high: unknown, highInclusive: boolean): IntervalList {
  const span = compareKeyValues(low, high);
  if (span > 0 || (span === 0 && !(lowInclusive && highInclusive))) return [];
  return [{ low, lowInclusive, high, highInclusive }];
}

function rangeIntervals(operator: string, value: unknown): IntervalList | undefined {
  const inclusive = operator === '$gte' || operator === '$lte';
  const upward = operator === '$gt' || operator === '$gte';
  const order = canonicalTypeOrder(value);
  if (order === TypeOrder.null) return inclusive ? [pointInterval(null)] : undefined;
  if (order === TypeOrder.number) {
    if (Number.isNaN(toDouble(value)) && isNumeric(value)) return inclusive ? [pointInterval(value)] : [];
    return upward ? makeInterval(value, inclusive, Infinity, true) : makeInterval(-Infinity, true, value, inclusive);
  }
  if (
    order === TypeOrder.array ||
    order === TypeOrder.minKey ||
    order === TypeOrder.maxKey ||
    order === TypeOrder.regex ||
    order === TypeOrder.code
  ) {
    return undefined;
  }
  const start = order === TypeOrder.string ? '' : new TypeEdge(order, false);
  const end = new TypeEdge(order, true);
  const endInclusive = INCLUSIVE_TYPE_END.has(order);
  return upward ? makeInterval(value, inclusive, end, endInclusive) : makeInterval(start, true, value, inclusive);
}

function operatorRegex(operators: Document): IntervalList | undefined {
  const pattern = operators['$regex'];
  const options = typeof operators['$options'] === 'string' ? operators['$options'] : '';
  const parts = regexParts(pattern);
  if (parts !== undefined) return regexIntervals(pattern, { source: parts.source, flags: parts.flags + options });
  if (typeof pattern !== 'string') return undefined;
  return regexIntervals(undefined, { source: pattern, flags: options });
}

function add(predicates: FieldPredicates, field: string, list: IntervalList | undefined): void {
  if (list === undefined) return;
  const existing = predicates.get(field);
  if (existing === undefined) predicates.set(field, [list]);
  else existing.push(list);
}

function operatorPredicates(predicates: FieldPredicates, field: string, operators: Document): void {
  for (const operator of Object.keys(operators)) {
    const operand = operators[operator];
    switch (operator) {
      case '$eq':
        add(predicates, field, equalityIntervals(operand));
        break;
      case '$in':
        if (Array.isArray(operand)) add(predicates, field, inIntervals(operand));
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        add(predicates, field, rangeIntervals(operator, operand));
        break;
      case '$regex':
        add(predicates, field, operatorRegex(operators));
        break;
      case '$all':
        if (Array.isArray(operand)) {
          for (const element of operand) if (!isOperatorObject(element)) add(predicates, field, equalityIntervals(element));
        }
        break;
      default:
        break;
    }
  }
}

function visit(filter: Document, predicates: FieldPredicates): void {
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === '$and' || (key === '$or' && Array.isArray(value) && value.length === 1)) {
      if (!Array.isArray(value)) continue;
      for (const clause of value) if (isPlainObject(clause)) visit(clause, predicates);
      continue;
    }
    if (key.startsWith('$')) continue;
    const regex = regexParts(value);
    if (regex !== undefined) add(predicates, key, regexIntervals(value, regex));
    else if (isOperatorObject(value)) operatorPredicates(predicates, key, value);
    else add(predicates, key, equalityIntervals(value));
  }
}

/** The bounds each field's predicates allow; fields without usable predicates are absent. */
export function extractPredicates(filter: Document): FieldPredicates {
  const predicates: FieldPredicates = new Map();
  visit(filter, predicates);
  return predicates;
}
