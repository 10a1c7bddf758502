/**
 * A mongoose plugin that makes tenant isolation a property of the data layer: every query,
 * update, delete, aggregate, insert and bulk write on a tenant-scoped model gets the current
 * tenant's `tenantId` from the TenantContext, and one that has neither a tenant in context nor
 * a `tenantId` in its filter — or names another tenant than the context's — is refused.
 */
import type { Aggregate, Model, Query, Schema } from 'mongoose';
import type { TenantContext } from '../tenancy/tenant-context.js';

export class TenancyViolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenancyViolationError';
  }
}

const QUERY_HOOKS = [
  'countDocuments',
  'deleteMany',
  'deleteOne',
  'distinct',
  'find',
  'findOne',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndUpdate',
  'replaceOne',
  'updateMany',
  'updateOne',
] as const;

type Filter = Record<string, unknown>;

function resolveTenant(context: TenantContext, given: unknown, what: string): string {
  const scope = context.current();
  if (given !== undefined && typeof given !== 'string') {
    throw new TenancyViolationError(`${what}: tenantId must be a plain string`);
  }
  if (scope && given !== undefined && given !== scope.tenantId) {
    throw new TenancyViolationError(`${what}: tenantId does not match the current tenant`);
  }
  const tenantId = given ?? scope?.tenantId;
  if (!tenantId) throw new TenancyViolationError(`${what} on a tenant-scoped model needs a tenantId`);
  return tenantId;
}

function scopeFilter(context: TenantContext, filter: Filter, what: string): Filter {
  const tenantId = resolveTenant(context, filter['tenantId'], what);
  return { ...filter, tenantId };
}

export interface TenancyPluginOptions {
  readonly context: TenantContext;
}

export function tenancyPlugin(schema: Schema, options: TenancyPluginOptions): void {
  const { context } = options;
  if (!schema.path('tenantId')) {
    schema.add({ tenantId: { type: String, required: true, immutable: true } });
  }

  for (const hook of QUERY_HOOKS) {
    schema.pre(hook, { document: false, query: true }, function scopeQuery(this: Query<unknown, unknown>) {
      this.setQuery(scopeFilter(context, this.getFilter() as Filter, `${this.model.modelName}.${hook}`));
      const update = this.getUpdate() as Filter | null;
      if (update && !Array.isArray(update)) guardUpdate(update, `${this.model.modelName}.${hook}`);
    });
  }

  schema.pre('aggregate', function scopeAggregate(this: Aggregate<unknown>) {
    const pipeline = this.pipeline() as unknown as Array<Record<string, unknown>>;
    const first = pipeline[0];
    const match = first?.['$match'] as Filter | undefined;
    const what = 'aggregate';
    if (match && typeof match === 'object') {
      pipeline[0] = { $match: scopeFilter(context, match, what) };
    } else {
      pipeline.unshift({ $match: { tenantId: resolveTenant(context, undefined, what) } });
    }
  });

  schema.pre('save', function scopeSave(this: { get(path: string): unknown; set(path: string, value: unknown): void }) {
    this.set('tenantId', resolveTenant(context, this.get('tenantId') ?? undefined, 'save'));
  });

  schema.pre('insertMany', function scopeInsertMany(this: Model<unknown>, documents: unknown) {
    const list = Array.isArray(documents) ? documents : [documents];
    for (const document of list as Filter[]) {
      document['tenantId'] = resolveTenant(context, document['tenantId'], `${this.modelName}.insertMany`);
    }
  });

  schema.pre('bulkWrite', function scopeBulkWrite(this: Model<unknown>, operations: Array<Record<string, unknown>>) {
    const what = `${this.modelName}.bulkWrite`;
    for (const operation of operations) scopeBulkOperation(context, operation, what);
  });
}

function guardUpdate(update: Filter, what: string): void {
  for (const [key, value] of Object.entries(update)) {
    if (key === 'tenantId') throw new TenancyViolationError(`${what}: tenantId cannot be changed`);
    if (key.startsWith('$') && value && typeof value === 'object' && 'tenantId' in (value as Filter)) {
      if (key !== '$setOnInsert') throw new TenancyViolationError(`${what}: tenantId cannot be changed`);
    }
  }
}

function scopeBulkOperation(context: TenantContext, operation: Record<string, unknown>, what: string): void {
  const [kind] = Object.keys(operation);
  if (!kind) return;
  const body = operation[kind] as Filter;
  if (kind === 'insertOne') {
    const document = body['document'] as Filter;
    document['tenantId'] = resolveTenant(context, document['tenantId'], what);
    return;
  }
  body['filter'] = scopeFilter(context, (body['filter'] as Filter | undefined) ?? {}, what);
  const update = body['update'];
  if (update && typeof update === 'object' && !Array.isArray(update)) guardUpdate(update as Filter, what);
  if (kind === 'replaceOne') {
    const replacement = body['replacement'] as Filter;
    replacement['tenantId'] = resolveTenant(context, replacement['tenantId'], what);
  }
}
