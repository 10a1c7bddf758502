import type { Document } from '../bson-values.js';

/** Compiles a sort specification ({a: 1, b: -1}) into a comparator over documents. */
export function compileSort(spec: Document): (a: Document, b: Document) => number {
  throw new Error(`compileSort pending: ${JSON.stringify(spec)}`);
}
