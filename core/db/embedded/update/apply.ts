import type { Document } from '../bson-values.js';

export interface UpdateOptions {
  readonly arrayFilters?: readonly Document[];
  /** Array index matched by the query, for the positional `$` operator. */
  readonly matchPosition?: number;
  /** True when the update builds a new document for an upsert (`$setOnInsert` applies). */
  readonly isUpsertInsert: boolean;
  /** The command's clock for `$currentDate` and `$$NOW`. */
  readonly now: Date;
}

export interface UpdateResult {
  /** The updated document: a new object; the input is never mutated. */
  readonly document: Document;
  /** False when the update changed nothing (nModified counts only changed documents). */
  readonly modified: boolean;
}

export type UpdateSpecification = Document | readonly Document[];

export function applyUpdate(document: Document, update: UpdateSpecification, _options: UpdateOptions): UpdateResult {
  throw new Error(`applyUpdate pending: ${JSON.stringify(update)} ${JSON.stringify(document)}`);
}

/** The document an upsert starts from: the filter's equality conditions (`_id` included). */
export function buildUpsertSeed(filter: Document): Document {
  throw new Error(`buildUpsertSeed pending: ${JSON.stringify(filter)}`);
}
