import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import { API_KEY_SCOPES } from '../rbac/permissions.js';
import type { ApiKeyScope } from '../rbac/permissions.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export const API_KEY_MODEL_NAME = 'ApiKey';

export interface ApiKeyRecord {
  _id: Types.ObjectId;
  tenantId: string;
  name: string;
  /** `sak_AbCdEfGh`: shown in lists so a key can be recognised; useless to an attacker. */
  prefix: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  keyHash: string;
  scopes: ApiKeyScope[];
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { type: string; id: string };
  createdAt: Date;
}

export type ApiKeyModel = Model<ApiKeyRecord>;

export function createApiKeyModel(connection: Connection, tenantContext: TenantContext): ApiKeyModel {
  const schema = new Schema<ApiKeyRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      name: { type: String, required: true },
      prefix: { type: String, required: true },
      keyHash: { type: String, required: true, immutable: true },
      scopes: { type: [{ type: String, enum: API_KEY_SCOPES }], required: true },
      lastUsedAt: { type: Date, default: null },
      revokedAt: { type: Date, default: null },
      createdBy: { type: { type: String, required: true }, id: { type: String, required: true } },
      createdAt: { type: Date, required: true },
    },
    { collection: 'apiKeys', versionKey: false, autoIndex: false, autoCreate: false },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  schema.index({ keyHash: 1 }, { unique: true });
  schema.index({ tenantId: 1, _id: -1 });
  if (connection.models[API_KEY_MODEL_NAME] !== undefined) connection.deleteModel(API_KEY_MODEL_NAME);
  return connection.model<ApiKeyRecord>(API_KEY_MODEL_NAME, schema);
}
