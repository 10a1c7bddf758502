/**
 * Compiles a query document into one closure: an implicit AND of its fields and top-level
 * operators (`$and` `$or` `$nor` `$expr` `$comment`…). Unsupported features are refused the way a
 * server without them answers.
 */
import { isNumeric, isPlainObject, toDouble } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { compileExpression } from '../aggregate/expression.js';
import { MongoServerError, serverError } from '../errors.js';
import {
  ParseLevel,
  alwaysFalse,
  alwaysTrue,
  andMatchers,
  norMatchers,
  orMatchers,
} from './field-predicates.js';
import type { DocumentMatcher, ParseLevelValue } from './field-predicates.js';
import {
  equalityPredicate,
  isExpressionDocument,
  isRegexValue,
  parseFieldOperators,
  regexPredicate,
} from './field-operators.js';
import type { FilterContext } from './field-operators.js';
import { integerProblem } from './numeric-tests.js';
import { compilePath } from './path.js';
import { isTruthy } from './values.js';

type TopLevelParser = (operand: unknown, compiler: FilterCompiler, level: ParseLevelValue, name: string) => DocumentMatcher | undefined;

const TOP_LEVEL_OPERATORS: Readonly<Record<string, TopLevelParser>> = {
  and: (operand, compiler, level) => andMatchers(parseTree('$and', operand, compiler, level)),
  or: (operand, compiler, level) => orMatchers(parseTree('$or', operand, compiler, level)),
  nor: (operand, compiler, level) => norMatchers(parseTree('$nor', operand, compiler, level)),
  comment: () => undefined,
  expr: (operand, compiler, level) => parseExpr(operand, compiler, level),
  where: (_operand, _compiler, level) => {
    if (level === ParseLevel.subDocument) throw serverError('BadValue', '$where can only be applied to the top-level document');
    throw serverError('BadValue', 'no globalScriptEngine in $where parsing');
  },
  text: (_operand, _compiler, level) => {
    if (level === ParseLevel.subDocument) throw serverError('BadValue', '$text can only be applied to the top-level document');
    throw serverError('IndexNotFound', 'text index required for $text query');
  },
  jsonSchema: (operand) => {
    if (!isPlainObject(operand)) throw serverError('TypeMismatch', '$jsonSchema must be an object');
    throw serverError('BadValue', '$jsonSchema is not supported by the embedded server');
  },
  alwaysTrue: (operand) => parseAlwaysBoolean('$alwaysTrue', operand, alwaysTrue),
  alwaysFalse: (operand) => parseAlwaysBoolean('$alwaysFalse', operand, alwaysFalse),
  sampleRate: (operand, _compiler, level) => parseSampleRate(operand, level),
  id: (operand, _compiler, _level, name) => equalityPredicate(compilePath(name), operand).match,
  ref: (operand, _compiler, _level, name) => equalityPredicate(compilePath(name), operand).match,
  db: (operand, _compiler, _level, name) => equalityPredicate(compilePath(name), operand).match,
};

/** Compiles filters; holds what `$expr` needs. */
export class FilterCompiler implements FilterContext {
  constructor(readonly variables: Readonly<Record<string, unknown>>) {}

  isPathlessOperator(name: string): boolean {
    return Object.hasOwn(TOP_LEVEL_OPERATORS, name);
  }

  compileDocument(filter: Document, level: ParseLevelValue): DocumentMatcher {
    const nextLevel = level === ParseLevel.predicateTop ? ParseLevel.documentTop : level;
    const matchers: DocumentMatcher[] = [];
    for (const key of Object.keys(filter)) {
      const value = filter[key];
      if (key.startsWith('$')) {
        const matcher = this.topLevel(key, value, level);
        if (matcher !== undefined) matchers.push(matcher);
      } else if (isExpressionDocument(value, false)) {
        matchers.push(parseFieldOperators(key, value, this, nextLevel).match);
      } else if (isRegexValue(value)) {
        matchers.push(regexPredicate(compilePath(key), value).match);
      } else {
        matchers.push(equalityPredicate(compilePath(key), value).match);
      }
    }
    return andMatchers(matchers);
  }

  private topLevel(key: string, operand: unknown, level: ParseLevelValue): DocumentMatcher | undefined {
    const name = key.slice(1);
    const parser = Object.hasOwn(TOP_LEVEL_OPERATORS, name) ? TOP_LEVEL_OPERATORS[name] : undefined;
    if (parser === undefined) {
      const hint = name === 'not'
        ? '. If you are trying to negate an entire expression, use $nor.'
        : ". If you have a field name that starts with a '$' symbol, consider using $getField or $setField.";
      throw serverError('BadValue', `unknown top level operator: ${key}${hint}`);
    }
    return parser(operand, this, level, key);
  }
}

function parseTree(name: string, operand: unknown, compiler: FilterCompiler, level: ParseLevelValue): DocumentMatcher[] {
  if (!Array.isArray(operand)) throw serverError('BadValue', `${name} must be an array`);
  if (operand.length === 0) throw serverError('BadValue', '$and/$or/$nor must be a nonempty array');
  return operand.map((entry) => {
    if (!isPlainObject(entry)) throw serverError('BadValue', '$or/$and/$nor entries need to be full objects');
    return compiler.compileDocument(entry, level);
  });
}

function parseExpr(operand: unknown, compiler: FilterCompiler, level: ParseLevelValue): DocumentMatcher {
  if (level === ParseLevel.subDocument) throw serverError('BadValue', '$expr can only be applied to the top-level document');
  const expression = compileExpression(operand);
  const variables = compiler.variables;
  // Aggregation truthiness: false, null, missing and numeric zero are false.
  return (document) => isTruthy(expression(document, variables));
}

function parseAlwaysBoolean(name: string, operand: unknown, matcher: DocumentMatcher): DocumentMatcher {
  const problem = integerProblem(operand, name, true);
  if (problem !== undefined) throw new MongoServerError(9, problem);
  if (toDouble(operand) !== 1) throw new MongoServerError(9, `${name} must be an integer value of 1`);
  return matcher;
}

function parseSampleRate(operand: unknown, level: ParseLevelValue): DocumentMatcher {
  if (level === ParseLevel.subDocument) throw serverError('BadValue', '$sampleRate can only be applied to the top-level document');
  if (!isNumeric(operand)) throw serverError('BadValue', 'argument to $sampleRate must be a numeric type');
  const rate = toDouble(operand);
  if (!(rate >= 0 && rate <= 1)) throw serverError('BadValue', 'numeric argument to $sampleRate must be in [0, 1]');
  if (rate === 0) return alwaysFalse;
  if (rate === 1) return alwaysTrue;
  return () => Math.random() < rate;
}
