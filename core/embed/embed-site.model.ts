import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import type { EmbedLocale, EmbedTheme, EmbedWidget } from './embed-site.schemas.js';

export const EMBED_SITE_MODEL_NAME = 'EmbedSite';

export interface EmbedSiteRecord {
  _id: Types.ObjectId;
  tenantId: string;
  name: string;
  /** Exact, normalised origins (`https://portal.example.com`); no wildcards. */
  allowedOrigins: string[];
  widgets: EmbedWidget[];
  theme: EmbedTheme;
  defaultLocale: EmbedLocale;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export type EmbedSiteModel = Model<EmbedSiteRecord>;

export function createEmbedSiteModel(connection: Connection, tenantContext: TenantContext): EmbedSiteModel {
  const schema = new Schema<EmbedSiteRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      name: { type: String, required: true },
      allowedOrigins: { type: [String], required: true },
      widgets: { type: [String], required: true },
      theme: { type: Schema.Types.Mixed, required: true },
      defaultLocale: { type: String, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      deletedAt: { type: Date, default: null },
    },
    { collection: 'embedSites', versionKey: false, autoIndex: false, autoCreate: false },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  schema.index({ tenantId: 1, _id: -1 });
  // CORS preflights carry no credential: they are answered by origin alone, across tenants.
  schema.index({ allowedOrigins: 1 });
  if (connection.models[EMBED_SITE_MODEL_NAME] !== undefined) connection.deleteModel(EMBED_SITE_MODEL_NAME);
  return connection.model<EmbedSiteRecord>(EMBED_SITE_MODEL_NAME, schema);
}
