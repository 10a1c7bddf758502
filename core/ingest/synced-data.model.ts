/**
 * What ingest stores of an ad platform: accounts, campaigns and daily metrics, one document per
 * natural key. Other modules read these collections; only ingest writes them.
 */
import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

/** Fields every synced document carries: whose it is and which installation wrote it. */
interface SyncedOrigin {
  _id: Types.ObjectId;
  tenantId: string;
  /** The pluginInstallations `_id` as a hex string. */
  installationId: string;
  pluginId: string;
  platform: string;
  syncedAt: Date;
}

export interface AdAccountRecord extends SyncedOrigin {
  externalId: string;
  name: string;
  currency: string;
  timezone: string;
  status: string;
}

export interface CampaignRecord extends SyncedOrigin {
  /** The account's externalId. */
  accountId: string;
  externalId: string;
  name: string;
  status: string;
  objective: string;
  /** Minor units of the account currency; `null` when the budget lives elsewhere. */
  dailyBudgetCents: number | null;
  currency: string;
}

export interface MetricDailyRecord extends SyncedOrigin {
  accountId: string;
  campaignId: string;
  /** `YYYY-MM-DD` in the account's time zone. */
  date: string;
  impressions: number;
  clicks: number;
  conversions: number;
  spendCents: number;
  revenueCents: number;
  currency: string;
  spendCentsTenant: number | null;
  revenueCentsTenant: number | null;
  tenantCurrency: string;
  /** No rate for the day: the tenant amounts are `null`, the row is kept. */
  fxMissing: boolean;
  attribution?: { clickThroughDays: number; viewThroughDays: number };
}

export type AdAccountModel = Model<AdAccountRecord>;
export type CampaignModel = Model<CampaignRecord>;
export type MetricDailyModel = Model<MetricDailyRecord>;

const ORIGIN_FIELDS = {
  tenantId: { type: String, required: true, immutable: true },
  installationId: { type: String, required: true },
  pluginId: { type: String, required: true },
  platform: { type: String, required: true },
  syncedAt: { type: Date, required: true },
} as const;

const SCHEMA_OPTIONS = { versionKey: false, autoIndex: false, autoCreate: false } as const;

function register<TRecord>(
  connection: Connection,
  name: string,
  schema: Schema<TRecord>,
  tenantContext: TenantContext,
): Model<TRecord> {
  schema.plugin(tenancyPlugin, { context: tenantContext });
  if (connection.models[name] !== undefined) connection.deleteModel(name);
  return connection.model<TRecord>(name, schema);
}

export function createAdAccountModel(connection: Connection, tenantContext: TenantContext): AdAccountModel {
  const schema = new Schema<AdAccountRecord>(
    {
      ...ORIGIN_FIELDS,
      externalId: { type: String, required: true },
      name: { type: String, required: true },
      currency: { type: String, required: true },
      timezone: { type: String, required: true },
      status: { type: String, required: true },
    },
    { ...SCHEMA_OPTIONS, collection: 'adAccounts' },
  );
  schema.index({ tenantId: 1, platform: 1, externalId: 1 }, { unique: true });
  return register(connection, 'AdAccount', schema, tenantContext);
}

export function createCampaignModel(connection: Connection, tenantContext: TenantContext): CampaignModel {
  const schema = new Schema<CampaignRecord>(
    {
      ...ORIGIN_FIELDS,
      accountId: { type: String, required: true },
      externalId: { type: String, required: true },
      name: { type: String, required: true },
      status: { type: String, required: true },
      objective: { type: String, required: true },
      dailyBudgetCents: { type: Number, default: null },
      currency: { type: String, required: true },
    },
    { ...SCHEMA_OPTIONS, collection: 'campaigns' },
  );
  schema.index({ tenantId: 1, platform: 1, externalId: 1 }, { unique: true });
  schema.index({ tenantId: 1, platform: 1, accountId: 1 });
  return register(connection, 'Campaign', schema, tenantContext);
}

export function createMetricDailyModel(
  connection: Connection,
  tenantContext: TenantContext,
): MetricDailyModel {
  const schema = new Schema<MetricDailyRecord>(
    {
      ...ORIGIN_FIELDS,
      accountId: { type: String, required: true },
      campaignId: { type: String, required: true },
      date: { type: String, required: true },
      impressions: { type: Number, required: true },
      clicks: { type: Number, required: true },
      conversions: { type: Number, required: true },
      spendCents: { type: Number, required: true },
      revenueCents: { type: Number, required: true },
      currency: { type: String, required: true },
      spendCentsTenant: { type: Number, default: null },
      revenueCentsTenant: { type: Number, default: null },
      tenantCurrency: { type: String, required: true },
      fxMissing: { type: Boolean, required: true },
      attribution: {
        type: new Schema(
          { clickThroughDays: Number, viewThroughDays: Number },
          { _id: false, versionKey: false },
        ),
        required: false,
      },
    },
    { ...SCHEMA_OPTIONS, collection: 'metricsDaily' },
  );
  schema.index({ tenantId: 1, platform: 1, campaignId: 1, date: 1 }, { unique: true });
  schema.index({ tenantId: 1, date: 1 });
  return register(connection, 'MetricDaily', schema, tenantContext);
}
