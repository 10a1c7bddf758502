import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export const REFRESH_TOKEN_MODEL_NAME = 'RefreshToken';

export interface RefreshTokenRecord {
  _id: Types.ObjectId;
  tenantId: string;
  userId: string;
  /** Every token rotated from one login shares the family; reuse revokes the family. */
  familyId: string;
  /** SHA-256 of the opaque token; the token itself is never stored. */
  tokenHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  /** Set when the token was rotated: the id of its successor. */
  replacedBy: string | null;
  createdAt: Date;
}

export type RefreshTokenModel = Model<RefreshTokenRecord>;

export function createRefreshTokenModel(
  connection: Connection,
  tenantContext: TenantContext,
): RefreshTokenModel {
  const schema = new Schema<RefreshTokenRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      userId: { type: String, required: true },
      familyId: { type: String, required: true },
      tokenHash: { type: String, required: true },
      expiresAt: { type: Date, required: true },
      revokedAt: { type: Date, default: null },
      replacedBy: { type: String, default: null },
      createdAt: { type: Date, required: true },
    },
    { collection: 'refreshTokens', versionKey: false, autoIndex: false, autoCreate: false },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  schema.index({ tokenHash: 1 }, { unique: true });
  schema.index({ tenantId: 1, familyId: 1 });
  schema.index({ tenantId: 1, userId: 1 });
  schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  if (connection.models[REFRESH_TOKEN_MODEL_NAME] !== undefined)
    connection.deleteModel(REFRESH_TOKEN_MODEL_NAME);
  return connection.model<RefreshTokenRecord>(REFRESH_TOKEN_MODEL_NAME, schema);
}
