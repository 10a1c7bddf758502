/**
 * Value predicates of the leaf query operators (MongoDB's `matchesSingleElement`): each is built
 * once from its operand and then applied to every value a path reaches.
 */
import type { ObjectId } from 'bson';
import { TypeOrder, canonicalTypeOrder, compareValues, isNumeric, keyString, valuesEqual } from '../bson-values.js';
import type { ValueTest } from './path.js';
import type { QueryRegex } from './regex.js';
import { bsonTag, isNaNValue, regexValueParts } from './values.js';

/** The comparison operators sharing MongoDB's type-bracketed semantics. */
export type ComparisonOp = '$eq' | '$lt' | '$lte' | '$gt' | '$gte';

/** Equality to one value, with tight closures for the common scalar operands. */
export function equalsTest(operand: unknown): ValueTest {
  if (operand === undefined || operand === null) return (value) => value === null || value === undefined;
  if (typeof operand === 'string') return (value) => value === operand || isSymbolEqual(value, operand);
  if (typeof operand === 'boolean') return (value) => value === operand;
  if (typeof operand === 'number' && !Number.isNaN(operand)) {
    return (value) => value === operand || (typeof value === 'object' && value !== null && isNumeric(value) && compareValues(value, operand) === 0);
  }
  if (operand instanceof Date) {
    const time = operand.getTime();
    return (value) => value instanceof Date && value.getTime() === time;
  }
  if (bsonTag(operand) === 'ObjectId') {
    const id = operand as ObjectId;
    return (value) => bsonTag(value) === 'ObjectId' && id.equals(value as ObjectId);
  }
  return (value) => valuesEqual(value, operand);
}

function isSymbolEqual(value: unknown, operand: string): boolean {
  return bsonTag(value) === 'BSONSymbol' && String((value as { value?: unknown }).value) === operand;
}

function crossTypeResult(op: ComparisonOp, operandOrder: number): boolean {
  if (operandOrder === TypeOrder.maxKey) return op === '$lt' || op === '$lte';
  if (operandOrder === TypeOrder.minKey) return op === '$gt' || op === '$gte';
  return false;
}

/** `$lt` `$lte` `$gt` `$gte` (and `$eq` through `equalsTest`): never true across canonical types. */
export function comparisonTest(op: ComparisonOp, operand: unknown): ValueTest {
  if (op === '$eq') return equalsTest(operand);
  const operandOrder = canonicalTypeOrder(operand);
  const operandNaN = isNaNValue(operand);
  const accept = op === '$lt' ? (c: number) => c < 0 : op === '$lte' ? (c: number) => c <= 0 : op === '$gt' ? (c: number) => c > 0 : (c: number) => c >= 0;
  const general: ValueTest = (value) => {
    if (canonicalTypeOrder(value) !== operandOrder) return crossTypeResult(op, operandOrder);
    if (operandOrder === TypeOrder.number) {
      const valueNaN = isNaNValue(value);
      if (valueNaN || operandNaN) return (op === '$lte' || op === '$gte') && valueNaN && operandNaN;
    }
    return accept(compareValues(value, operand));
  };
  // Fast paths for the common range queries on plain numbers and dates.
  if (typeof operand === 'number' && !operandNaN) {
    return (value, details) => {
      if (typeof value !== 'number') return general(value, details);
      return value < operand ? accept(-1) : value > operand ? accept(1) : value === operand && accept(0);
    };
  }
  if (operand instanceof Date) {
    const time = operand.getTime();
    return (value, details) => {
      if (!(value instanceof Date)) return general(value, details);
      const valueTime = value.getTime();
      return accept(valueTime < time ? -1 : valueTime > time ? 1 : 0);
    };
  }
  return general;
}

/** A regex predicate: matches strings (and symbols) by pattern, and stored regexes by identity. */
export function regexTest(compiled: QueryRegex): ValueTest {
  const { regex, pattern, options } = compiled;
  return (value) => {
    if (typeof value === 'string') return regex.test(value);
    const tag = bsonTag(value);
    if (tag === 'BSONSymbol') return regex.test(String((value as { value?: unknown }).value));
    const parts = regexValueParts(value);
    return parts !== undefined && parts.pattern === pattern && parts.options === options;
  };
}

/**
 * `$in`: equality to any listed value or match of any listed regex; a listed null also matches
 * missing fields. Strings and JS numbers are looked up in native sets, other values by their
 * canonical key (so ObjectIds, dates and Long/Decimal numbers are hashed, not scanned).
 */
export function inTest(values: readonly unknown[], regexes: readonly QueryRegex[]): ValueTest {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const keys = new Set<string>();
  let hasNull = false;
  let hasOtherNumerics = false;
  for (const value of values) {
    if (value === null || value === undefined) {
      hasNull = true;
      continue;
    }
    if (typeof value === 'string') strings.add(value);
    else if (typeof value === 'number') numbers.add(value === 0 ? 0 : value);
    else if (isNumeric(value)) hasOtherNumerics = true;
    keys.add(keyString(value));
  }
  const regexTests = regexes.map(regexTest);
  return (value, details) => {
    if (value === null || value === undefined) return hasNull;
    if (typeof value === 'string') {
      if (strings.has(value)) return true;
    } else if (typeof value === 'number') {
      if (numbers.has(value) || (hasOtherNumerics && keys.has(keyString(value)))) return true;
    } else if (keys.size > 0 && keys.has(keyString(value))) {
      return true;
    }
    for (const test of regexTests) if (test(value, details)) return true;
    return false;
  };
}

/** `$size`: arrays with exactly `size` elements. */
export function sizeTest(size: number): ValueTest {
  return (value) => Array.isArray(value) && value.length === size;
}

/** `$exists: true`. */
export const existsTest: ValueTest = (value) => value !== undefined;
