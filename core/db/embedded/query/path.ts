/**
 * Dotted-path traversal with MongoDB's matching semantics (the classic engine's element iterator):
 * embedded documents are walked field by field; an array met before the end of the path is
 * traversed implicitly (each embedded-document element is walked with the rest of the path, and a
 * numeric path part also selects the element at that index); an array at the end of the path
 * yields each element and then the array itself. A path that stops on a scalar or a missing field
 * yields `undefined` (missing), which equality to null matches.
 */
import { isPlainObject } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { fieldOf } from './values.js';

/** A dotted path split once at compile time. */
export interface CompiledPath {
  readonly dotted: string;
  readonly parts: readonly string[];
  /** For each part: the array index it names when it is a canonical decimal number, else -1. */
  readonly offsets: readonly number[];
}

/**
 * Output of a match for the positional `$` operator: the index, in the first array met along a
 * queried path, of the element that satisfied the predicate (-1 while unknown).
 */
export interface MatchDetails {
  position: number;
}

/** A predicate over one value reached by a path (MongoDB's `matchesSingleElement`). */
export type ValueTest = (value: unknown, details: MatchDetails | undefined) => boolean;

/** How an array at the end of the path is presented to the predicate. */
export const LeafArrays = {
  /** Each element, then the array itself (comparison, `$in`, `$type`, `$exists`…). */
  traverse: 0,
  /** Only the array itself (`$size`, `$elemMatch`). */
  whole: 1,
} as const;
export type LeafArrayMode = (typeof LeafArrays)[keyof typeof LeafArrays];

const CANONICAL_INDEX = /^(0|[1-9][0-9]{0,8})$/;

export function compilePath(dotted: string): CompiledPath {
  const parts = dotted.split('.');
  const offsets = parts.map((part) => (CANONICAL_INDEX.test(part) ? Number(part) : -1));
  return { dotted, parts, offsets };
}

function record(details: MatchDetails | undefined, offset: number): void {
  if (details !== undefined && offset >= 0) details.position = offset;
}

function yieldValue(value: unknown, test: ValueTest, details: MatchDetails | undefined, offset: number): boolean {
  if (!test(value, details)) return false;
  record(details, offset);
  return true;
}

/**
 * Whether some value the path reaches in `document` satisfies `test`; records in `details` the
 * offset in the outermost implicitly traversed array of the value that matched.
 */
export function matchPath(
  document: Document,
  path: CompiledPath,
  test: ValueTest,
  leafArrays: LeafArrayMode,
  details: MatchDetails | undefined,
): boolean {
  if (path.parts.length === 1) {
    const value = fieldOf(document, path.parts[0] as string);
    if (!Array.isArray(value)) return test(value, details);
    return walkArray(value, path, 0, test, leafArrays, details, -1);
  }
  return walkObject(document, path, 0, test, leafArrays, details, -1);
}

function walkObject(
  document: Document,
  path: CompiledPath,
  start: number,
  test: ValueTest,
  leafArrays: LeafArrayMode,
  details: MatchDetails | undefined,
  outer: number,
): boolean {
  const parts = path.parts;
  const last = parts.length - 1;
  let container = document;
  for (let i = start; ; i++) {
    const value = fieldOf(container, parts[i] as string);
    if (Array.isArray(value)) return walkArray(value, path, i, test, leafArrays, details, outer);
    if (i === last) return yieldValue(value, test, details, outer);
    if (!isPlainObject(value)) return yieldValue(undefined, test, details, outer);
    container = value;
  }
}

/** `array` is the value of `path.parts[index]`. */
function walkArray(
  array: readonly unknown[],
  path: CompiledPath,
  index: number,
  test: ValueTest,
  leafArrays: LeafArrayMode,
  details: MatchDetails | undefined,
  outer: number,
): boolean {
  const next = index + 1;
  if (next === path.parts.length) {
    if (leafArrays === LeafArrays.traverse) {
      for (let k = 0; k < array.length; k++) {
        if (yieldValue(array[k], test, details, outer >= 0 ? outer : k)) return true;
      }
    }
    return yieldValue(array, test, details, outer);
  }
  const offset = path.offsets[next] as number;
  for (let k = 0; k < array.length; k++) {
    const element = array[k];
    if (isPlainObject(element)) {
      if (walkObject(element, path, next, test, leafArrays, details, outer >= 0 ? outer : k)) return true;
    }
    if (offset === k && walkOffset(element, path, next, test, leafArrays, details, outer)) return true;
  }
  return false;
}

/** `element` was selected by the numeric part `path.parts[index]` (explicit, not implicit). */
function walkOffset(
  element: unknown,
  path: CompiledPath,
  index: number,
  test: ValueTest,
  leafArrays: LeafArrayMode,
  details: MatchDetails | undefined,
  outer: number,
): boolean {
  if (index + 1 === path.parts.length) return yieldValue(element, test, details, outer);
  if (isPlainObject(element)) return walkObject(element, path, index + 1, test, leafArrays, details, outer);
  if (Array.isArray(element)) return walkArray(element, path, index, test, leafArrays, details, outer);
  return false;
}

/**
 * Every value a path reaches with matching semantics (array elements, then arrays themselves;
 * `undefined` for a missing field). Useful to reason about what a filter on that path sees.
 */
export function getPathValues(document: Document, path: string | CompiledPath): unknown[] {
  const compiled = typeof path === 'string' ? compilePath(path) : path;
  const values: unknown[] = [];
  matchPath(
    document,
    compiled,
    (value) => {
      values.push(value);
      return false;
    },
    LeafArrays.traverse,
    undefined,
  );
  return values;
}

/**
 * The single value at a dotted path without implicit array traversal: numeric parts index arrays,
 * anything else unresolvable gives `undefined`.
 */
export function lookupPath(document: Document, path: string | CompiledPath): unknown {
  const compiled = typeof path === 'string' ? compilePath(path) : path;
  let value: unknown = document;
  for (let i = 0; i < compiled.parts.length; i++) {
    if (Array.isArray(value)) {
      const offset = compiled.offsets[i] as number;
      if (offset < 0) return undefined;
      value = value[offset];
    } else if (isPlainObject(value)) {
      value = fieldOf(value, compiled.parts[i] as string);
    } else {
      return undefined;
    }
  }
  return value;
}

/** An array viewed as the embedded document MongoDB sees (`{"0": …, "1": …}`). */
export function arrayAsDocument(array: readonly unknown[]): Document {
  const document: Document = {};
  for (let i = 0; i < array.length; i++) document[String(i)] = array[i];
  return document;
}
