/**
 * Soft delete: documents get `deletedAt`; reads and writes skip deleted documents unless a query
 * opts in with `.setOptions({ withDeleted: true })`. Deleting is `softDelete(filter)`, restoring
 * is `restore(filter)`; hard deletes stay available for purges and retention jobs.
 */
import type { Query, Schema } from 'mongoose';

const READ_HOOKS = [
  'countDocuments',
  'distinct',
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'updateOne',
  'updateMany',
  'replaceOne',
] as const;

export function softDeletePlugin(schema: Schema): void {
  if (!schema.path('deletedAt')) schema.add({ deletedAt: { type: Date, default: null } });

  for (const hook of READ_HOOKS) {
    schema.pre(hook, { document: false, query: true }, function hideDeleted(this: Query<unknown, unknown>) {
      if (this.getOptions()['withDeleted'] === true) return;
      const filter = this.getFilter() as Record<string, unknown>;
      if (!('deletedAt' in filter)) this.setQuery({ ...filter, deletedAt: null });
    });
  }

  schema.pre('aggregate', function hideDeletedInAggregate(this: { options: Record<string, unknown>; pipeline(): unknown[] }) {
    if (this.options['withDeleted'] === true) return;
    const pipeline = this.pipeline() as Array<Record<string, unknown>>;
    const first = pipeline[0];
    const match = first?.['$match'] as Record<string, unknown> | undefined;
    if (match && !('deletedAt' in match)) pipeline[0] = { $match: { ...match, deletedAt: null } };
    else if (!match) pipeline.unshift({ $match: { deletedAt: null } });
  });

  schema.static('softDelete', function softDelete(this: { updateMany: (f: object, u: object) => Promise<unknown> }, filter: object) {
    return this.updateMany(filter, { $set: { deletedAt: new Date() } });
  });
  schema.static('restore', function restore(this: { updateMany: (f: object, u: object, o: object) => Promise<unknown> }, filter: object) {
    return this.updateMany({ ...filter, deletedAt: { $ne: null } }, { $set: { deletedAt: null } }, { withDeleted: true });
  });
}
