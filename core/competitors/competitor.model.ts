/**
 * The competitor collections: `competitors` (what a tenant tracks; soft delete) and
 * `competitorAds` (each ad a source reported, stored once per tenant, source and Library id).
 */
import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { softDeletePlugin } from '../db/soft-delete-plugin.js';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export interface CompetitorRecord {
  _id: Types.ObjectId;
  tenantId: string;
  name: string;
  domains: string[];
  metaPageIds: string[];
  searchTerms: string[];
  countries: string[];
  tags: string[];
  /** Checkpoint of each competitor-source plugin for this competitor, by plugin id. */
  sourceStates: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface RangeRecord {
  kind: 'range';
  lower: number;
  upper: number | null;
  currency?: string;
}

export interface CompetitorAdRecord {
  _id: Types.ObjectId;
  tenantId: string;
  competitorId: string;
  /** The competitor-source plugin that reported it. */
  source: string;
  externalId: string;
  advertiserId: string | null;
  advertiserName: string | null;
  platforms: string[];
  languages: string[];
  adCreatedAt: Date | null;
  deliveryStart: Date | null;
  deliveryStop: Date | null;
  creative: { bodies: string[]; linkTitles: string[]; linkDescriptions: string[]; linkCaptions: string[] };
  snapshotUrl: string | null;
  spendRange: RangeRecord | null;
  impressionsRange: RangeRecord | null;
  /** Hash of the fields a change is judged by; equal hash → the row is only `lastSeenAt`-touched. */
  contentHash: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  changedAt: Date;
}

export interface CompetitorModels {
  readonly competitors: Model<CompetitorRecord>;
  readonly ads: Model<CompetitorAdRecord>;
  ensureIndexes(): Promise<void>;
}

const OPTIONS = { versionKey: false, autoIndex: false, autoCreate: false, minimize: false } as const;

function model<T>(connection: Connection, name: string, schema: Schema<T>, context: TenantContext): Model<T> {
  schema.plugin(tenancyPlugin, { context });
  if (connection.models[name] !== undefined) connection.deleteModel(name);
  return connection.model<T>(name, schema);
}

export function createCompetitorModels(connection: Connection, context: TenantContext): CompetitorModels {
  const competitors = new Schema<CompetitorRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      name: { type: String, required: true },
      domains: { type: [String], default: [] },
      metaPageIds: { type: [String], default: [] },
      searchTerms: { type: [String], default: [] },
      countries: { type: [String], default: [] },
      tags: { type: [String], default: [] },
      sourceStates: { type: Schema.Types.Mixed, default: {} },
      createdBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      deletedAt: { type: Date, default: null },
    },
    { collection: 'competitors', ...OPTIONS },
  );
  competitors.plugin(softDeletePlugin);
  competitors.index({ tenantId: 1, deletedAt: 1, _id: -1 });

  const range = { type: Schema.Types.Mixed, default: null };
  const ads = new Schema<CompetitorAdRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      competitorId: { type: String, required: true },
      source: { type: String, required: true },
      externalId: { type: String, required: true },
      advertiserId: { type: String, default: null },
      advertiserName: { type: String, default: null },
      platforms: { type: [String], default: [] },
      languages: { type: [String], default: [] },
      adCreatedAt: { type: Date, default: null },
      deliveryStart: { type: Date, default: null },
      deliveryStop: { type: Date, default: null },
      creative: { type: Schema.Types.Mixed, required: true },
      snapshotUrl: { type: String, default: null },
      spendRange: range,
      impressionsRange: range,
      contentHash: { type: String, required: true },
      firstSeenAt: { type: Date, required: true },
      lastSeenAt: { type: Date, required: true },
      changedAt: { type: Date, required: true },
    },
    { collection: 'competitorAds', ...OPTIONS },
  );
  // The natural key: an ad the Library reports again updates its row, never adds one.
  ads.index({ tenantId: 1, source: 1, externalId: 1 }, { unique: true });
  ads.index({ tenantId: 1, competitorId: 1, deliveryStart: -1, _id: -1 });

  const models = {
    competitors: model(connection, 'Competitor', competitors, context),
    ads: model(connection, 'CompetitorAd', ads, context),
  };
  return {
    ...models,
    async ensureIndexes() {
      await models.competitors.createIndexes();
      await models.ads.createIndexes();
    },
  };
}
