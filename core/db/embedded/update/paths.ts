/**
 * Field paths of update operators: validation of dotted paths, positional parts, array indexes and
 * the order in which MongoDB (5.0+) applies the fields of one update.
 */
import { serverError } from '../errors.js';

export const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function plainCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * MongoDB's order for the fields of one update level: numeric names (no leading zero) by numeric
 * value, everything else lexicographically. Mirrors mongod's `cmpPathsAndArrayIndexes`, including
 * its shortcut of ordering digit-led names by length first.
 */
export function compareFieldNames(a: string, b: string): number {
  if (
    a.length === 0 ||
    b.length === 0 ||
    !isDigit(a.charCodeAt(0)) ||
    !isDigit(b.charCodeAt(0)) ||
    (a.charCodeAt(0) === 48 && a.length > 1) ||
    (b.charCodeAt(0) === 48 && b.length > 1)
  ) {
    return plainCompare(a, b);
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < a.length; i++) {
    const aCode = a.charCodeAt(i);
    const bCode = b.charCodeAt(i);
    if (!isDigit(aCode) || !isDigit(bCode)) return plainCompare(a, b);
    if (aCode !== bCode) return aCode < bCode ? -1 : 1;
  }
  return 0;
}

/** Splits a dotted update path, rejecting empty paths and empty parts (56 EmptyFieldName). */
export function splitUpdatePath(path: string): string[] {
  if (path.length === 0) throw serverError('EmptyFieldName', 'An empty update path is not valid.');
  const parts = path.split('.');
  for (const part of parts) {
    if (part.length === 0) {
      throw serverError(
        'EmptyFieldName',
        `The update path '${path}' contains an empty field name, which is not allowed.`,
      );
    }
  }
  return parts;
}

/** `$[]` or `$[identifier]`. */
export function isArrayFilterPart(part: string): boolean {
  return part.length >= 3 && part.charCodeAt(0) === 36 && part.charCodeAt(1) === 91 && part.endsWith(']');
}

/** Checks the positional (`$`) parts of a path: at most one, never first (2 BadValue). */
export function checkPositionalParts(parts: readonly string[], path: string): boolean {
  let count = 0;
  let first = -1;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '$') {
      count++;
      if (first < 0) first = i;
    }
  }
  if (count > 1) {
    throw serverError('BadValue', `Too many positional (i.e. '$') elements found in path '${path}'`);
  }
  if (first === 0) {
    throw serverError(
      'BadValue',
      `Cannot have positional (i.e. '$') element in the first position in path '${path}'`,
    );
  }
  return count === 1;
}

/** True when a path uses `$`, `$[]` or `$[id]` anywhere. */
export function isDynamicPath(parts: readonly string[]): boolean {
  return parts.some((part) => part === '$' || isArrayFilterPart(part));
}

/**
 * The array index a path part names, or -1 when it is not all digits. Parts too long to be a real
 * index map to MAX_SAFE_INTEGER (an index that never exists).
 */
export function arrayIndexOf(part: string): number {
  if (part.length === 0) return -1;
  for (let i = 0; i < part.length; i++) if (!isDigit(part.charCodeAt(i))) return -1;
  return part.length > 15 ? Number.MAX_SAFE_INTEGER : Number(part);
}

/** `a.b` from a prefix and a field (the prefix may be empty). */
export function joinPath(prefix: string, field: string): string {
  return prefix.length === 0 ? field : `${prefix}.${field}`;
}
