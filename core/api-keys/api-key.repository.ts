import { Types } from 'mongoose';
import type { PageRequest } from '../audit/paging.js';
import type { ApiKeyScope } from '../rbac/permissions.js';
import type { ApiKeyModel, ApiKeyRecord } from './api-key.model.js';

export interface ApiKey {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly lastUsedAt: Date | undefined;
  readonly revokedAt: Date | undefined;
  readonly createdBy: { readonly type: string; readonly id: string };
  readonly createdAt: Date;
}

export type NewApiKey = Omit<ApiKey, 'id' | 'lastUsedAt' | 'revokedAt'> & { readonly keyHash: string };

function toApiKey(record: ApiKeyRecord): ApiKey {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    name: record.name,
    prefix: record.prefix,
    scopes: [...record.scopes],
    lastUsedAt: record.lastUsedAt ?? undefined,
    revokedAt: record.revokedAt ?? undefined,
    createdBy: { type: record.createdBy.type, id: record.createdBy.id },
    createdAt: record.createdAt,
  };
}

const idOf = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined);

export interface ApiKeyRepository {
  insert(key: NewApiKey): Promise<ApiKey>;
  /** Newest first, `limit + 1` rows. */
  list(tenantId: string, page: PageRequest): Promise<ApiKey[]>;
  findById(tenantId: string, id: string): Promise<ApiKey | undefined>;
  revoke(tenantId: string, id: string, at: Date): Promise<ApiKey | undefined>;
  /** A request carries only the key, so this lookup crosses tenants (through the driver). */
  findByHash(keyHash: string): Promise<ApiKey | undefined>;
  /** Records use, at most once per `resolutionMs`, so a busy key does not write on every request. */
  touch(tenantId: string, id: string, at: Date, resolutionMs: number): Promise<void>;
}

export function createApiKeyRepository(model: ApiKeyModel): ApiKeyRepository {
  return {
    async insert(key) {
      const created = await model.create({
        ...key,
        scopes: [...key.scopes],
        lastUsedAt: null,
        revokedAt: null,
      });
      return toApiKey(created.toObject());
    },
    async list(tenantId, page) {
      const query: Record<string, unknown> = { tenantId };
      if (page.cursor !== undefined) query._id = { $lt: new Types.ObjectId(page.cursor) };
      const rows = await model
        .find(query)
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<ApiKeyRecord[]>();
      return rows.map(toApiKey);
    },
    async findById(tenantId, id) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await model.findOne({ tenantId, _id }).lean<ApiKeyRecord>();
      return record === null ? undefined : toApiKey(record);
    },
    async revoke(tenantId, id, at) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await model
        .findOneAndUpdate(
          { tenantId, _id, revokedAt: null },
          { $set: { revokedAt: at } },
          { returnDocument: 'after' },
        )
        .lean<ApiKeyRecord>();
      return record === null ? undefined : toApiKey(record);
    },
    async findByHash(keyHash) {
      const record = await model.collection.findOne<ApiKeyRecord>({ keyHash });
      return record === null ? undefined : toApiKey(record);
    },
    async touch(tenantId, id, at, resolutionMs) {
      const _id = idOf(id);
      if (_id === undefined) return;
      const stale = new Date(at.getTime() - resolutionMs);
      await model.updateOne(
        { tenantId, _id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: stale } }] },
        { $set: { lastUsedAt: at } },
      );
    },
  };
}
