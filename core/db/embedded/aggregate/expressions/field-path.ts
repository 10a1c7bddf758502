/**
 * Field path access (`$a.b.c`) with MongoDB's array semantics: reaching an array part-way fans out
 * over its embedded documents and collects the non-missing results (`$a.b` over `a: [{b: 1}, {c:
 * 2}, {b: [3]}]` is `[1, [3]]`); non-document array elements (including nested arrays) are
 * skipped. These readers are the hottest code of an aggregation, so the common shapes (one or two
 * parts, no prototype-shadowing names) compile to straight-line closures.
 */
import { fail } from './args.js';
import type { Document } from '../../bson-values.js';

const OBJECT_PROTOTYPE = Object.prototype;

/** DBRef fields are the only `$`-prefixed names a path may contain. */
const ALLOWED_DOLLAR_FIELDS = new Set(['$id', '$ref', '$db', '$sortKey']);

const HINT = ' Consider using $getField or $setField.';

/** Validates one component of a field path the way MongoDB's FieldPath does. */
export function validateFieldName(name: string): void {
  if (name.length === 0) fail(15998, 'FieldPath field names may not be empty strings.');
  if (name.startsWith('$') && !ALLOWED_DOLLAR_FIELDS.has(name)) {
    fail(16410, `FieldPath field names may not start with '$'.${HINT}`);
  }
  if (name.includes('\0')) fail(16411, `FieldPath field names may not contain '\0'.${HINT}`);
  if (name.includes('.')) fail(16412, `FieldPath field names may not contain '.'.${HINT}`);
}

/** Splits a dotted path (without its `$` prefix) into validated components. */
export function splitPath(path: string): string[] {
  const parts = path.split('.');
  for (const part of parts) validateFieldName(part);
  return parts;
}

/** A plain embedded document: the only kind of value a path descends into. */
function isTraversable(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === OBJECT_PROTOTYPE || proto === null;
}

/** Names such as `constructor` exist on every object's prototype and need an own-property check. */
function needsOwnCheck(key: string): boolean {
  return key in OBJECT_PROTOTYPE;
}

function readOwn(document: object, key: string): unknown {
  return Object.hasOwn(document, key) ? (document as Document)[key] : undefined;
}

/**
 * Continues a path from `container` (the value holding `parts[index]`), fanning out over arrays.
 */
export function traversePath(container: unknown, parts: readonly string[], index: number): unknown {
  let value = container;
  for (let i = index; i < parts.length; i++) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (Array.isArray(value)) return traverseArray(value, parts, i);
    if (!isTraversable(value)) return undefined;
    value = readOwn(value, parts[i] as string);
  }
  return value;
}

function traverseArray(array: readonly unknown[], parts: readonly string[], index: number): unknown[] {
  const out: unknown[] = [];
  for (const element of array) {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) continue;
    if (!isTraversable(element)) continue;
    const nested = traversePath(element, parts, index);
    if (nested !== undefined) out.push(nested);
  }
  return out;
}

/** Reads `parts` starting at a document known to be plain (the root). */
export function compileDocumentPath(parts: readonly string[]): (document: Document) => unknown {
  const first = parts[0] as string;
  if (parts.length === 1) {
    return needsOwnCheck(first) ? (document) => readOwn(document, first) : (document) => document[first];
  }
  if (parts.length === 2 && !needsOwnCheck(first) && !needsOwnCheck(parts[1] as string)) {
    const second = parts[1] as string;
    return (document) => {
      const value = document[first];
      if (typeof value !== 'object' || value === null) return undefined;
      if (Array.isArray(value)) return traverseArray(value, parts, 1);
      return isTraversable(value) ? (value as Document)[second] : undefined;
    };
  }
  return (document) => traversePath(document, parts, 0);
}

/** Reads `parts` from an arbitrary value (a variable): documents and arrays are descended. */
export function compileValuePath(parts: readonly string[]): (value: unknown) => unknown {
  if (parts.length === 0) return (value) => value;
  return (value) => traversePath(value, parts, 0);
}
