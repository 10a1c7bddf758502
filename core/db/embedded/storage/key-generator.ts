/**
 * Index key generation with MongoDB's rules: a missing field indexes as null; an array makes the
 * index multikey with one key per distinct element (an empty array indexes as null too, where
 * mongod uses undefined; both compare equal to null); arrays met inside the path are traversed
 * element by element (a numeric path part selects one element); two key fields reaching different
 * arrays of one document are
 * error 171 CannotIndexParallelArrays. Fields under the same array (`a.b`, `a.c`) are combined as a
 * cross product, a superset of MongoDB's paired keys that keeps bounds on both fields sound.
 */
import type { Document } from '../bson-values.js';
import { isPlainObject } from '../bson-values.js';
import { MongoServerError, serverError } from '../errors.js';
import type { KeyPattern } from './key-pattern.js';
import type { KeyEntry } from './key-values.js';
import { compareKeyValues } from './key-values.js';

const CANONICAL_INDEX = /^(0|[1-9][0-9]{0,8})$/;
const HASHED_ARRAY = 16766;
const MULTIKEY_SINGLE: readonly boolean[] = [true];

/** A document's own field: inherited members such as `constructor` are not fields. */
function fieldOf(document: Document, name: string): unknown {
  const value = document[name];
  if ((typeof value === 'function' || name === '__proto__') && !Object.hasOwn(document, name)) return undefined;
  return value;
}

/** Per key field, what one document contributes. Reused across calls: no per-call allocation. */
class FieldValues {
  values: unknown[] = [];
  /** The path prefix of the first array expanded, or undefined when no array was met. */
  arrayPath: string | undefined = undefined;
  present = false;

  reset(): void {
    this.values.length = 0;
    this.arrayPath = undefined;
    this.present = false;
  }
}

function markArray(target: FieldValues, path: readonly string[], depth: number): void {
  if (target.arrayPath === undefined) target.arrayPath = path.slice(0, depth).join('.');
}

function emitLeaf(value: unknown, target: FieldValues, path: readonly string[]): void {
  if (Array.isArray(value)) {
    markArray(target, path, path.length);
    target.present = true;
    if (value.length === 0) target.values.push(null);
    // undefined elements would defeat Array#sort (it moves them last without comparing).
    else for (const element of value) target.values.push(element === undefined ? null : element);
    return;
  }
  if (value === undefined) {
    target.values.push(null);
    return;
  }
  target.present = true;
  target.values.push(value);
}

/** `value` is what the first `depth` parts of the path lead to. */
function walk(value: unknown, path: readonly string[], depth: number, target: FieldValues): void {
  if (depth === path.length) {
    emitLeaf(value, target, path);
    return;
  }
  if (isPlainObject(value)) {
    walk(fieldOf(value, path[depth] as string), path, depth + 1, target);
    return;
  }
  if (!Array.isArray(value)) {
    target.values.push(null);
    return;
  }
  const part = path[depth] as string;
  if (CANONICAL_INDEX.test(part)) {
    walk(value[Number(part)], path, depth + 1, target);
    return;
  }
  markArray(target, path, depth);
  if (value.length === 0) target.values.push(null);
  for (const element of value) {
    if (isPlainObject(element)) walk(fieldOf(element, part), path, depth + 1, target);
    else target.values.push(null);
  }
}

function dedupe(values: unknown[]): void {
  if (values.length < 2) return;
  values.sort(compareKeyValues);
  let kept = 1;
  for (let i = 1; i < values.length; i++) {
    if (compareKeyValues(values[i], values[kept - 1]) !== 0) values[kept++] = values[i];
  }
  values.length = kept;
}

/** The keys of one document for one index. */
export interface GeneratedKeys {
  readonly entries: KeyEntry[];
  /** Which key fields met an array (the index becomes multikey on them). */
  readonly arrayFields: readonly boolean[] | undefined;
  /** Some key field exists in the document (sparse indexes skip documents where none does). */
  readonly anyPresent: boolean;
}

export class KeyGenerator {
  private readonly scratch: FieldValues[];
  private readonly template: KeyEntry;
  /** The field names when every key path is one top-level field (no dots), else undefined. */
  private readonly topLevelNames: readonly string[] | undefined;

  constructor(private readonly pattern: KeyPattern) {
    this.scratch = pattern.fields.map(() => new FieldValues());
    this.template = pattern.fields.map(() => null);
    this.template.push(0);
    const flat = pattern.paths.every((path) => path.length === 1);
    this.topLevelNames = flat && pattern.paths.length > 1 ? pattern.paths.map((path) => path[0] as string) : undefined;
  }

  /** Entries `[k0, …, kn-1, recordId]` for `document`; throws 171 on parallel arrays. */
  generate(document: Document, recordId: number): GeneratedKeys {
    const { paths } = this.pattern;
    if (paths.length === 1) return this.generateSingle(document, recordId);
    if (this.topLevelNames !== undefined) {
      const keys = this.generateTopLevel(document, recordId, this.topLevelNames);
      if (keys !== undefined) return keys;
    }
    let anyPresent = false;
    let arrayFields: boolean[] | undefined;
    let firstArray = -1;
    for (let i = 0; i < paths.length; i++) {
      const field = this.scratch[i] as FieldValues;
      field.reset();
      walk(document, paths[i] as string[], 0, field);
      anyPresent ||= field.present;
      if (field.arrayPath === undefined) continue;
      this.checkHashed(i);
      arrayFields ??= paths.map(() => false);
      arrayFields[i] = true;
      if (firstArray < 0) firstArray = i;
      else if ((this.scratch[firstArray] as FieldValues).arrayPath !== field.arrayPath) this.parallel(firstArray, i);
    }
    return { entries: this.combine(recordId), arrayFields, anyPresent };
  }

  /**
   * The common compound case, top-level fields holding no array: exactly one entry, built
   * without walking paths (what walk and combine would produce). Undefined when a field holds
   * an array, which needs the general path.
   */
  private generateTopLevel(document: Document, recordId: number, names: readonly string[]): GeneratedKeys | undefined {
    // Filled in the scratch template and copied: an exactly sized, packed array (see combine).
    const entry = this.template;
    let anyPresent = false;
    for (let i = 0; i < names.length; i++) {
      const value = fieldOf(document, names[i] as string);
      if (Array.isArray(value)) return undefined;
      if (value === undefined) {
        entry[i] = null;
      } else {
        entry[i] = value;
        anyPresent = true;
      }
    }
    entry[names.length] = recordId;
    return { entries: [entry.slice()], arrayFields: undefined, anyPresent };
  }

  private generateSingle(document: Document, recordId: number): GeneratedKeys {
    const field = this.scratch[0] as FieldValues;
    field.reset();
    walk(document, this.pattern.paths[0] as string[], 0, field);
    const values = field.values;
    const arrayFields = field.arrayPath === undefined ? undefined : MULTIKEY_SINGLE;
    if (arrayFields !== undefined) this.checkHashed(0);
    if (values.length === 1) return { entries: [[values[0], recordId]], arrayFields, anyPresent: field.present };
    dedupe(values);
    const entries: KeyEntry[] = values.map((value) => [value, recordId]);
    return { entries, arrayFields, anyPresent: field.present };
  }

  /**
   * The cross product of the fields' values. Entries are copies of a scratch template, so each
   * is an exactly sized array: pushing onto a fresh array would reserve room for 17 elements.
   */
  private combine(recordId: number): KeyEntry[] {
    const template = this.template;
    template[this.scratch.length] = recordId;
    for (const field of this.scratch) dedupe(field.values);
    const entries: KeyEntry[] = [];
    this.fill(0, entries);
    return entries;
  }

  private fill(position: number, entries: KeyEntry[]): void {
    if (position === this.scratch.length) {
      entries.push(this.template.slice());
      return;
    }
    for (const value of (this.scratch[position] as FieldValues).values) {
      this.template[position] = value;
      this.fill(position + 1, entries);
    }
  }

  private checkHashed(field: number): void {
    if (this.pattern.hashed[field]) {
      throw new MongoServerError(HASHED_ARRAY, 'hashed indexes do not currently support array values');
    }
  }

  private parallel(first: number, second: number): never {
    const { fields } = this.pattern;
    throw serverError(
      'CannotIndexParallelArrays',
      `cannot index parallel arrays [${fields[second] as string}] [${fields[first] as string}]`,
    );
  }
}
