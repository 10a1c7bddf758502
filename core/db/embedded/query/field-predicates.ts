/**
 * Building blocks of compiled filters: a predicate on one path exists in two forms, as MongoDB's
 * match expressions do — over a single reached value (used inside `$elemMatch` value queries) and
 * over a whole document (the path traversal with implicit array semantics).
 */
import type { Document } from '../bson-values.js';
import { LeafArrays, matchPath } from './path.js';
import type { CompiledPath, LeafArrayMode, MatchDetails, ValueTest } from './path.js';

/** A compiled predicate over a whole document; records the positional match in `details`. */
export type DocumentMatcher = (document: Document, details: MatchDetails | undefined) => boolean;

/** Operators applied to one path. */
export interface FieldPredicate {
  /** The predicate over one value the path reaches (MongoDB's `matchesSingleElement`). */
  readonly test: ValueTest;
  /** The predicate over a document, traversing the path. */
  readonly match: DocumentMatcher;
}

/** Where the parser stands, which decides whether `$expr`, `$text` and `$where` are allowed. */
export const ParseLevel = { predicateTop: 0, documentTop: 1, subDocument: 2 } as const;
export type ParseLevelValue = (typeof ParseLevel)[keyof typeof ParseLevel];

export const alwaysTrue: DocumentMatcher = () => true;
export const alwaysFalse: DocumentMatcher = () => false;

/** A leaf operator on `path` with predicate `test`. */
export function leafPredicate(path: CompiledPath, test: ValueTest, leafArrays: LeafArrayMode = LeafArrays.traverse): FieldPredicate {
  return { test, match: (document, details) => matchPath(document, path, test, leafArrays, details) };
}

/** Negation over the whole path (`$ne`, `$nin`, `$not`, `$exists: false`): positions are not kept. */
export function notPredicate(inner: FieldPredicate): FieldPredicate {
  return {
    test: (value) => !inner.test(value, undefined),
    match: (document) => !inner.match(document, undefined),
  };
}

/** Several operators on the same path, all required. */
export function andPredicates(predicates: readonly FieldPredicate[]): FieldPredicate {
  if (predicates.length === 1) return predicates[0] as FieldPredicate;
  const tests = predicates.map((predicate) => predicate.test);
  return {
    test: (value, details) => {
      for (const test of tests) if (!test(value, details)) return false;
      return true;
    },
    match: andMatchers(predicates.map((predicate) => predicate.match)),
  };
}

/** A constant predicate (e.g. `$all: []`, which matches nothing). */
export function constantPredicate(result: boolean): FieldPredicate {
  return { test: () => result, match: result ? alwaysTrue : alwaysFalse };
}

/** Conjunction of document matchers, passing `details` along as MongoDB's AND does. */
export function andMatchers(matchers: readonly DocumentMatcher[]): DocumentMatcher {
  if (matchers.length === 0) return alwaysTrue;
  if (matchers.length === 1) return matchers[0] as DocumentMatcher;
  if (matchers.length === 2) {
    const [first, second] = matchers as [DocumentMatcher, DocumentMatcher];
    return (document, details) => first(document, details) && second(document, details);
  }
  return (document, details) => {
    for (const matcher of matchers) if (!matcher(document, details)) return false;
    return true;
  };
}

/** Disjunction; like MongoDB's OR it records no positional match. */
export function orMatchers(matchers: readonly DocumentMatcher[]): DocumentMatcher {
  return (document) => {
    for (const matcher of matchers) if (matcher(document, undefined)) return true;
    return false;
  };
}

/** `$nor`. */
export function norMatchers(matchers: readonly DocumentMatcher[]): DocumentMatcher {
  return (document) => {
    for (const matcher of matchers) if (matcher(document, undefined)) return false;
    return true;
  };
}
