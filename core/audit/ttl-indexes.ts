import type { Collection, Schema } from 'mongoose';

export interface ModelWithIndexes {
  readonly schema: Schema;
  readonly collection: Collection;
}

/**
 * A changed retention must not stop the start-up with IndexOptionsConflict: a TTL index whose
 * `expireAfterSeconds` differs from the schema's is dropped, so `createIndexes` builds it anew.
 * (The embedded server has no `collMod`; dropping works on both it and MongoDB.)
 */
export async function reconcileTtlIndexes(model: ModelWithIndexes): Promise<void> {
  const wanted = model.schema
    .indexes()
    .filter(([, options]) => typeof options.expireAfterSeconds === 'number')
    .map(([fields, options]) => ({ key: JSON.stringify(fields), seconds: options.expireAfterSeconds }));
  if (wanted.length === 0) return;
  const existing = await model.collection.indexes().catch(() => []);
  for (const index of existing) {
    const match = wanted.find((candidate) => candidate.key === JSON.stringify(index.key));
    if (match !== undefined && index.expireAfterSeconds !== match.seconds && index.name !== undefined) {
      await model.collection.dropIndex(index.name);
    }
  }
}
