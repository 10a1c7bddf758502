/**
 * Parsing of a field's operator document (`{a: {$gt: 1, $lt: 5}}`) into predicates, with
 * MongoDB's validation errors raised at compile time.
 */
import { isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { serverError } from '../errors.js';
import {
  ParseLevel,
  andPredicates,
  constantPredicate,
  leafPredicate,
  notPredicate,
} from './field-predicates.js';
import type { DocumentMatcher, FieldPredicate, ParseLevelValue } from './field-predicates.js';
import { comparisonTest, equalsTest, existsTest, inTest, regexTest, sizeTest } from './leaf-tests.js';
import type { ComparisonOp } from './leaf-tests.js';
import { bitTest, integerProblem, modTest } from './numeric-tests.js';
import type { BitOp } from './numeric-tests.js';
import { LeafArrays, arrayAsDocument, compilePath } from './path.js';
import type { CompiledPath, ValueTest } from './path.js';
import { compileQueryRegex, mergeRegexOptions } from './regex.js';
import type { QueryRegex } from './regex.js';
import { parseTypeSet, typeSetMatches } from './type-set.js';
import { formatElement, formatValue, isTruthy, regexValueParts } from './values.js';

/** What field-operator parsing needs from the document-level compiler. */
export interface FilterContext {
  compileDocument(filter: Document, level: ParseLevelValue): DocumentMatcher;
  /** Whether `$name` (without `$`) is a top-level (pathless) operator. */
  isPathlessOperator(name: string): boolean;
}

/** Operators accepted after a field name. */
const FIELD_OPERATORS = new Set([
  '$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$nin', '$exists', '$type', '$size', '$mod',
  '$regex', '$options', '$elemMatch', '$all', '$not', '$bitsAllSet', '$bitsAnySet', '$bitsAllClear',
  '$bitsAnyClear', '$geoWithin', '$within', '$geoIntersects', '$near', '$nearSphere', '$geoNear',
]);
const NEAR_OPERATORS = new Set(['$near', '$nearSphere', '$geoNear']);

/** Is `value` a BSON regular expression (JS RegExp or bson BSONRegExp)? */
export function isRegexValue(value: unknown): boolean {
  return regexValueParts(value) !== undefined;
}

function isDBRefDocument(value: Document, allowIncomplete: boolean): boolean {
  const has = (key: string) => Object.hasOwn(value, key);
  return allowIncomplete ? has('$ref') || has('$id') || has('$db') : has('$ref') && has('$id');
}

/** A non-empty plain object whose first key starts with `$` (and is not a DBRef). */
export function isExpressionDocument(value: unknown, allowIncompleteDBRef: boolean): value is Document {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$') && !isDBRefDocument(value, allowIncompleteDBRef);
}

/** The query regex a regex value denotes. */
export function regexFromValue(value: unknown): QueryRegex {
  const parts = regexValueParts(value);
  if (parts === undefined) throw serverError('BadValue', 'not a regex');
  return compileQueryRegex(parts.pattern, parts.options);
}

/** Equality (`{a: v}` and `$eq`). */
export function equalityPredicate(path: CompiledPath, operand: unknown): FieldPredicate {
  return leafPredicate(path, equalsTest(operand));
}

/** `{a: /re/}`. */
export function regexPredicate(path: CompiledPath, value: unknown): FieldPredicate {
  return leafPredicate(path, regexTest(regexFromValue(value)));
}

/** Parses `{$op: …, …}` applied to `name`; `level` is the level of the field itself. */
export function parseFieldOperators(name: string, operators: Document, context: FilterContext, level: ParseLevelValue): FieldPredicate {
  const path = compilePath(name);
  const keys = Object.keys(operators);
  if (keys.length > 0 && NEAR_OPERATORS.has(keys[0] as string)) throw geoNearUnsupported();
  const predicates: FieldPredicate[] = [];
  for (const key of keys) {
    const predicate = parseOperator(path, key, operators[key], operators, context, level);
    if (predicate !== undefined) predicates.push(predicate);
  }
  return predicates.length === 0 ? constantPredicate(true) : andPredicates(predicates);
}

function geoNearUnsupported(): Error {
  return serverError(
    'NoQueryExecutionPlans',
    'error processing query: planner returned error :: caused by :: unable to find index for $geoNear query',
  );
}

function parseOperator(
  path: CompiledPath,
  key: string,
  operand: unknown,
  operators: Document,
  context: FilterContext,
  level: ParseLevelValue,
): FieldPredicate | undefined {
  if (key === '$not') return parseNot(path, operand, context, level);
  if (!FIELD_OPERATORS.has(key)) {
    if (key === '$where') throw serverError('BadValue', '$where cannot be applied to a field');
    throw serverError('BadValue', `unknown operator: ${key}`);
  }
  switch (key) {
    case '$eq':
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte':
      if (key !== '$eq' && isRegexValue(operand)) {
        throw serverError('BadValue', `Can't have RegEx as arg to predicate over field '${path.dotted}'.`);
      }
      return leafPredicate(path, comparisonTest(key as ComparisonOp, operand));
    case '$ne':
      if (isRegexValue(operand)) throw serverError('BadValue', "Can't have regex as arg to $ne.");
      return notPredicate(equalityPredicate(path, operand));
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand)) throw serverError('BadValue', `${key} needs an array`);
      const predicate = leafPredicate(path, parseIn(operand));
      return key === '$in' ? predicate : notPredicate(predicate);
    }
    case '$exists':
      return isTruthy(operand) ? leafPredicate(path, existsTest) : notPredicate(leafPredicate(path, existsTest));
    case '$type': {
      const typeSet = parseTypeSet(operand, path.dotted);
      return leafPredicate(path, (value) => typeSetMatches(typeSet, value));
    }
    case '$size':
      return leafPredicate(path, sizeTest(parseSize(operand)), LeafArrays.whole);
    case '$mod':
      return leafPredicate(path, modTest(operand));
    case '$regex':
      return leafPredicate(path, regexTest(parseRegexDocument(operators)));
    case '$options':
      if (!Object.hasOwn(operators, '$regex')) throw serverError('BadValue', '$options needs a $regex');
      return undefined;
    case '$elemMatch':
      return parseElemMatch(path, operand, context);
    case '$all':
      return parseAll(path, operand, context);
    case '$bitsAllSet':
    case '$bitsAnySet':
    case '$bitsAllClear':
    case '$bitsAnyClear':
      return leafPredicate(path, bitTest(key as BitOp, operand, path.dotted));
    case '$near':
    case '$nearSphere':
    case '$geoNear':
      throw serverError('BadValue', `near must be first in: ${formatValue(operators)}`);
    default:
      throw serverError('BadValue', `${key} is not supported by the embedded server (no geospatial support)`);
  }
}

function parseNot(path: CompiledPath, operand: unknown, context: FilterContext, level: ParseLevelValue): FieldPredicate {
  if (isRegexValue(operand)) return notPredicate(regexPredicate(path, operand));
  if (!isPlainObject(operand)) throw serverError('BadValue', '$not needs a regex or a document');
  if (Object.keys(operand).length === 0) throw serverError('BadValue', '$not cannot be empty');
  return notPredicate(parseFieldOperators(path.dotted, operand, context, level));
}

function parseIn(values: readonly unknown[]): ValueTest {
  const equalities: unknown[] = [];
  const regexes: QueryRegex[] = [];
  for (const value of values) {
    if (isExpressionDocument(value, false)) throw serverError('BadValue', 'cannot nest $ under $in');
    if (isRegexValue(value)) regexes.push(regexFromValue(value));
    else equalities.push(value);
  }
  return inTest(equalities, regexes);
}

function parseSize(operand: unknown): number {
  const problem = integerProblem(operand, '$size', false);
  if (problem !== undefined) throw serverError('BadValue', `Failed to parse $size. ${problem}`);
  const size = Number(operand);
  if (size > 2147483647) {
    throw serverError('BadValue', `Failed to parse $size. Cannot represent ${formatElement('$size', operand)} in an int`);
  }
  return size;
}

/** `{$regex: …, $options: …}` in any order, with MongoDB's option conflicts. */
function parseRegexDocument(operators: Document): QueryRegex {
  let pattern = '';
  let options = '';
  let sawOptions = false;
  for (const key of Object.keys(operators)) {
    const value = operators[key];
    if (key === '$regex') {
      if (typeof value === 'string') {
        pattern = value;
        continue;
      }
      const parts = regexValueParts(value);
      if (parts === undefined) throw serverError('BadValue', '$regex has to be a string');
      pattern = parts.pattern;
      options = mergeRegexOptions(parts.options, sawOptions ? options : undefined, false);
    } else if (key === '$options') {
      if (typeof value !== 'string') throw serverError('BadValue', '$options has to be a string');
      options = mergeRegexOptions(options, value, true);
      sawOptions = true;
    }
  }
  return compileQueryRegex(pattern, options);
}

function parseElemMatch(path: CompiledPath, operand: unknown, context: FilterContext): FieldPredicate {
  if (!isPlainObject(operand)) throw serverError('BadValue', '$elemMatch needs an Object');
  const first = Object.keys(operand)[0];
  const valueForm = isExpressionDocument(operand, true) && !context.isPathlessOperator((first as string).slice(1));
  const elementMatches = valueForm ? elemMatchValueTest(operand, context) : elemMatchObjectTest(operand, context);
  const test: ValueTest = (value, details) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) {
      if (elementMatches(value[i])) {
        if (details !== undefined) details.position = i;
        return true;
      }
    }
    return false;
  };
  return leafPredicate(path, test, LeafArrays.whole);
}

function elemMatchValueTest(operators: Document, context: FilterContext): (element: unknown) => boolean {
  const predicate = parseFieldOperators('', operators, context, ParseLevel.subDocument);
  return (element) => predicate.test(element, undefined);
}

function elemMatchObjectTest(filter: Document, context: FilterContext): (element: unknown) => boolean {
  const matcher = context.compileDocument(filter, ParseLevel.subDocument);
  return (element) => {
    if (isPlainObject(element)) return matcher(element, undefined);
    if (Array.isArray(element)) return matcher(arrayAsDocument(element), undefined);
    return false;
  };
}

function firstKeyOf(value: unknown): string | undefined {
  return isPlainObject(value) ? Object.keys(value)[0] : undefined;
}

function parseAll(path: CompiledPath, operand: unknown, context: FilterContext): FieldPredicate {
  if (!Array.isArray(operand)) throw serverError('BadValue', '$all needs an array');
  if (operand.length === 0) return constantPredicate(false);
  if (firstKeyOf(operand[0]) === '$elemMatch') {
    const predicates = operand.map((entry) => {
      if (firstKeyOf(entry) !== '$elemMatch') throw serverError('BadValue', '$all/$elemMatch has to be consistent');
      return parseElemMatch(path, (entry as Document)['$elemMatch'], context);
    });
    return andPredicates(predicates);
  }
  const predicates = operand.map((entry) => {
    if (isRegexValue(entry)) return regexPredicate(path, entry);
    const first = firstKeyOf(entry);
    if (first !== undefined && (FIELD_OPERATORS.has(first) || first === '$not')) {
      throw serverError('BadValue', 'no $ expressions in $all');
    }
    return equalityPredicate(path, entry);
  });
  return andPredicates(predicates);
}
