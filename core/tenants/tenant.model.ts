import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { softDeletePlugin } from '../db/soft-delete-plugin.js';
import type { TenantSettings } from './tenant.schemas.js';

export const TENANT_MODEL_NAME = 'Tenant';

export interface TenantRecord {
  _id: Types.ObjectId;
  name: string;
  slug: string;
  currency: string;
  timezone: string;
  locale: string;
  settings: TenantSettings;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type TenantModel = Model<TenantRecord>;

/** `tenants`: the registry of tenants itself, so it is not tenant-scoped. */
export function createTenantModel(connection: Connection): TenantModel {
  const schema = new Schema<TenantRecord>(
    {
      name: { type: String, required: true },
      slug: { type: String, required: true, immutable: true },
      currency: { type: String, required: true },
      timezone: { type: String, required: true },
      locale: { type: String, required: true },
      settings: { type: Schema.Types.Mixed, default: {} },
    },
    {
      collection: 'tenants',
      timestamps: true,
      versionKey: false,
      autoIndex: false,
      autoCreate: false,
      minimize: false,
    },
  );
  schema.plugin(softDeletePlugin);
  schema.index({ slug: 1 }, { unique: true });
  if (connection.models[TENANT_MODEL_NAME] !== undefined) connection.deleteModel(TENANT_MODEL_NAME);
  return connection.model<TenantRecord>(TENANT_MODEL_NAME, schema);
}
