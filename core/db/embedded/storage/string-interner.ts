/**
 * Shares one string (or Date) object among equal short string (or Date) values across a
 * collection's documents.
 * The BSON decoder makes a fresh string for every value, and V8 never deduplicates them, so a
 * million rows each holding `tenantId: "tenant-3"`, `currency: "USD"` and a date string keep a
 * million copies of each. Replacing a value by an equal string changes nothing observable.
 */
import type { Document } from '../bson-values.js';
import { isPlainObject } from '../bson-values.js';

/** Longer strings are rarely repeated (names, URLs, messages). */
const MAX_LENGTH = 40;
/** Bounds the table for collections whose strings are all distinct; later strings go unshared. */
const MAX_ENTRIES = 100_000;
/** Nested documents and arrays are visited to this depth. */
const MAX_DEPTH = 3;

export class StringInterner {
  private readonly table = new Map<string, string>();
  /**
   * Dates too: a JS Date is over 100 bytes with its field cache, and day-granular timestamps
   * repeat across rows. Sharing is safe because stored documents are never mutated in place.
   */
  private readonly dates = new Map<number, Date>();

  /** Replaces, in place, string values of `document` by the shared copy of an equal string. */
  internDocument(document: Document): void {
    this.visitObject(document, 0);
  }

  private share(value: string): string {
    if (value.length > MAX_LENGTH) return value;
    const shared = this.table.get(value);
    if (shared !== undefined) return shared;
    if (this.table.size < MAX_ENTRIES) this.table.set(value, value);
    return value;
  }

  private shareDate(value: Date): Date {
    const time = value.getTime();
    const shared = this.dates.get(time);
    if (shared !== undefined) return shared;
    if (this.dates.size < MAX_ENTRIES) this.dates.set(time, value);
    return value;
  }

  private visitObject(document: Document, depth: number): void {
    for (const key in document) {
      const value = document[key];
      // `===` cannot tell two equal strings apart, so the shared copy is always stored.
      if (typeof value === 'string') {
        if (key !== '__proto__') document[key] = this.share(value);
      } else if (value instanceof Date) {
        if (key !== '__proto__') document[key] = this.shareDate(value);
      } else if (depth < MAX_DEPTH && typeof value === 'object' && value !== null) {
        this.visitNested(value, depth + 1);
      }
    }
  }

  private visitNested(value: object, depth: number): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const element: unknown = value[i];
        if (typeof element === 'string') value[i] = this.share(element);
        else if (element instanceof Date) value[i] = this.shareDate(element);
        else if (depth < MAX_DEPTH && typeof element === 'object' && element !== null) this.visitNested(element, depth + 1);
      }
    } else if (isPlainObject(value)) {
      this.visitObject(value, depth);
    }
  }
}
