import type { Document } from '../bson-values.js';

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

export function compileFilter(filter: Document, _options: MatchOptions = {}): CompiledFilter {
  throw new Error(`compileFilter pending: ${JSON.stringify(filter)}`);
}
