/**
 * A hash index over another collection's documents on one field, as `$lookup` and
 * `$graphLookup` probe it: a document is found under every value a query on that field would
 * compare equal (array elements, the array itself, and null for a missing field).
 */
import { keyString } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { collectPathValues } from './paths.js';

/** Foreign documents hashed by every value a query on foreignField would compare. */
export class ForeignIndex {
  private readonly byKey = new Map<string, number[]>();

  constructor(
    readonly documents: readonly Document[],
    parts: readonly string[],
  ) {
    for (let i = 0; i < documents.length; i++) {
      const values = collectPathValues(documents[i] as Document, parts, true);
      const seen = new Set<string>();
      for (const value of values) {
        const key = keyString(value);
        if (seen.has(key)) continue;
        seen.add(key);
        const list = this.byKey.get(key);
        if (list === undefined) this.byKey.set(key, [i]);
        else list.push(i);
      }
    }
  }

  /** Foreign documents equal to any of `values`, in collection order. */
  match(values: readonly unknown[]): Document[] {
    if (values.length === 1) {
      const hits = this.byKey.get(keyString(values[0]));
      return hits === undefined ? [] : hits.map((i) => this.documents[i] as Document);
    }
    const positions = new Set<number>();
    for (const value of values) {
      for (const i of this.byKey.get(keyString(value)) ?? []) positions.add(i);
    }
    return [...positions].sort((a, b) => a - b).map((i) => this.documents[i] as Document);
  }
}
