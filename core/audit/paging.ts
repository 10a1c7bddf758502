import { z } from 'zod';

/** MongoDB ObjectId as 24 lower-case hex characters: the shape of every id this host issues. */
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/;
export const objectIdSchema = z.string().regex(OBJECT_ID_PATTERN, 'must be an id of 24 hex characters');

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** `limit` 1–200 (default 50) and an opaque `cursor`, as every list of the API takes them. */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: objectIdSchema.optional(),
};

export interface PageRequest {
  readonly limit: number;
  /** The id of the last item of the previous page. */
  readonly cursor?: string | undefined;
}

export interface Page<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
}

/** Rows were fetched with `limit + 1`: the extra one only tells that another page exists. */
export function toPage<T extends { readonly id: string }>(rows: readonly T[], limit: number): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last !== undefined ? last.id : null };
}
