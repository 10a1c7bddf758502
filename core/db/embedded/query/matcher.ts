/**
 * Query filters: `compileFilter` validates a filter once (throwing MongoDB's parse errors) and
 * returns closures that test documents with MongoDB's matching semantics.
 */
import type { Document } from '../bson-values.js';
import { ParseLevel } from './field-predicates.js';
import { FilterCompiler } from './filter-compiler.js';
import type { MatchDetails } from './path.js';

export { compilePath, getPathValues, lookupPath, matchPath } from './path.js';
export type { CompiledPath, MatchDetails, ValueTest } from './path.js';

/** Options for compiling a query filter. */
export interface MatchOptions {
  /** Variables visible to `$expr` (`$$NOW`, `let` variables). */
  readonly variables?: Document;
}

/** A query filter compiled once and applied to many documents. */
export interface CompiledFilter {
  readonly filter: Document;
  matches(document: Document): boolean;
  /**
   * For the positional `$` operator (projection and update): the index of the first array element
   * that satisfied the filter's predicate on an array path, or undefined when none applies.
   */
  matchPosition(document: Document): number | undefined;
}

/**
 * Compiles a query filter. Throws a `MongoServerError` for an invalid filter (unknown operator,
 * malformed operand, invalid regex…) or an unsupported feature (`$text`, `$where`, geo,
 * `$jsonSchema`). `$expr` errors surface when a document is evaluated.
 */
export function compileFilter(filter: Document, options: MatchOptions = {}): CompiledFilter {
  const matcher = new FilterCompiler(options.variables ?? {}).compileDocument(filter, ParseLevel.predicateTop);
  return {
    filter,
    matches: (document) => matcher(document, undefined),
    matchPosition: (document) => {
      const details: MatchDetails = { position: -1 };
      return matcher(document, details) && details.position >= 0 ? details.position : undefined;
    },
  };
}
