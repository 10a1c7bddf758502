import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { softDeletePlugin } from '../db/soft-delete-plugin.js';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import { ROLES } from '../security/access-tokens.js';
import type { Role } from '../security/access-tokens.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export const USER_MODEL_NAME = 'User';

export interface UserRecord {
  _id: Types.ObjectId;
  tenantId: string;
  /** Lower-cased; unique across all tenants (it is the login name). */
  email: string;
  passwordHash: string;
  role: Role;
  name: string;
  locale: string;
  /** AES-256-GCM envelope of the E.164 number, bound to the tenant. */
  phone?: string | null;
  /** HMAC of the number, to find a user by phone without decrypting every row. */
  phoneBlindIndex?: string | null;
  deactivatedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type UserModel = Model<UserRecord>;

export function createUserModel(connection: Connection, tenantContext: TenantContext): UserModel {
  const schema = new Schema<UserRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      email: { type: String, required: true, lowercase: true, trim: true },
      passwordHash: { type: String, required: true },
      role: { type: String, enum: ROLES, required: true },
      name: { type: String, required: true },
      locale: { type: String, required: true },
      phone: { type: String },
      phoneBlindIndex: { type: String },
      deactivatedAt: { type: Date, default: null },
    },
    { collection: 'users', timestamps: true, versionKey: false, autoIndex: false, autoCreate: false },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  schema.plugin(softDeletePlugin);
  schema.index({ email: 1 }, { unique: true });
  schema.index({ tenantId: 1, _id: 1 });
  schema.index({ tenantId: 1, role: 1 });
  schema.index({ phoneBlindIndex: 1 }, { sparse: true });
  if (connection.models[USER_MODEL_NAME] !== undefined) connection.deleteModel(USER_MODEL_NAME);
  return connection.model<UserRecord>(USER_MODEL_NAME, schema);
}
