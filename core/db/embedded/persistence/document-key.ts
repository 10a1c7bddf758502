/**
 * The key of recovery's per-collection document maps. It is the collection's own `_id` hash-map
 * key (`idKey`), so that the engine adopts the recovered map as its `_id` map instead of hashing
 * a million ids a second time in another format.
 */
import { idKey } from '../storage/key-values.js';

/** Recovery's document key for `id`: equal keys exactly when the ids are equal `_id` values. */
export function documentKey(id: unknown): string | number {
  return idKey(id);
}
