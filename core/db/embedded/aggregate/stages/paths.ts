/**
 * Dotted-path access on documents as the pipeline stages need it. Stages never mutate their
 * input: setters copy the objects along the path and share everything else.
 */
import { isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';

/**
 * The value at a path without array traversal (mongod's Document::getNestedField): an array or
 * scalar in the middle of the path yields undefined.
 */
export function getPath(document: Document, parts: readonly string[]): unknown {
  let current: unknown = document;
  for (const part of parts) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

/**
 * A copy of `document` with `value` stored at the path; intermediate non-objects are replaced by
 * new sub-documents. `undefined` removes the leaf field.
 */
export function setPath(document: Document, parts: readonly string[], value: unknown, from = 0): Document {
  const copy: Document = { ...document };
  const key = parts[from] as string;
  if (from === parts.length - 1) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child = document[key];
  copy[key] = setPath(isPlainObject(child) ? child : {}, parts, value, from + 1);
  return copy;
}

function collect(value: unknown, parts: readonly string[], index: number, out: unknown[], keepArrays: boolean): void {
  if (index === parts.length) {
    if (Array.isArray(value)) {
      if (keepArrays) out.push(value);
      for (const item of value) out.push(item);
    } else {
      out.push(value);
    }
    return;
  }
  const part = parts[index] as string;
  if (isPlainObject(value)) {
    collect(value[part], parts, index + 1, out, keepArrays);
  } else if (Array.isArray(value)) {
    const position = /^\d+$/.test(part) ? Number(part) : -1;
    if (position >= 0 && position < value.length) collect(value[position], parts, index + 1, out, keepArrays);
    for (const item of value) {
      if (isPlainObject(item) || Array.isArray(item)) collect(item, parts, index, out, keepArrays);
    }
  } else {
    out.push(undefined);
  }
}

/**
 * Every value a query would compare at the path (arrays along the way are traversed, a leaf
 * array contributes its elements and, with `keepArrays`, itself). Missing leaves contribute
 * undefined so that equality with null can match them.
 */
export function collectPathValues(document: Document, parts: readonly string[], keepArrays: boolean): unknown[] {
  const out: unknown[] = [];
  collect(document[parts[0] as string], parts, 1, out, keepArrays);
  return out;
}
