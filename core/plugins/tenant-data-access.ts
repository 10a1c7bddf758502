import type { Connection } from 'mongoose';
import { PluginError } from '../plugin-api/index.js';
import type {
  AdAccount,
  Campaign,
  DailyMetric,
  PluginPermission,
  Stored,
  TenantDataAccess,
} from '../plugin-api/index.js';

/** Synced collections (owned by core/ingest; read here through the driver). */
export const SYNCED_COLLECTIONS = {
  adAccounts: 'adAccounts',
  campaigns: 'campaigns',
  metrics: 'metricsDaily',
} as const;

type Doc = Record<string, unknown>;
type StoredMetric = Stored<
  DailyMetric & { readonly spendCentsTenant: number | null; readonly revenueCentsTenant: number | null }
>;

const text = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
const nullableCount = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function toAccount(doc: Doc): Stored<AdAccount> {
  return {
    externalId: text(doc.externalId),
    platform: text(doc.platform) as AdAccount['platform'],
    name: text(doc.name),
    currency: text(doc.currency),
    timezone: text(doc.timezone),
    status: text(doc.status) as AdAccount['status'],
  };
}

function toCampaign(doc: Doc): Stored<Campaign> {
  return {
    platform: text(doc.platform),
    externalId: text(doc.externalId),
    accountExternalId: text(doc.accountId),
    name: text(doc.name),
    status: text(doc.status) as Campaign['status'],
    objective: text(doc.objective) as Campaign['objective'],
    dailyBudgetCents: nullableCount(doc.dailyBudgetCents),
    currency: text(doc.currency),
  };
}

function toMetric(doc: Doc): StoredMetric {
  const attribution = doc.attribution as DailyMetric['attribution'] | null | undefined;
  return {
    platform: text(doc.platform),
    accountExternalId: text(doc.accountId),
    campaignExternalId: text(doc.campaignId),
    date: text(doc.date),
    impressions: count(doc.impressions),
    clicks: count(doc.clicks),
    conversions: count(doc.conversions),
    spendCents: count(doc.spendCents),
    revenueCents: count(doc.revenueCents),
    currency: text(doc.currency),
    spendCentsTenant: nullableCount(doc.spendCentsTenant),
    revenueCentsTenant: nullableCount(doc.revenueCentsTenant),
    ...(attribution === null || attribution === undefined ? {} : { attribution }),
  };
}

const MAX_METRIC_ROWS = 200_000;

export function missingPermission(permission: PluginPermission): PluginError {
  return new PluginError('config', `permission ${permission} not declared`, {
    code: 'PLUGINS_PERMISSION_MISSING',
    details: { permission },
  });
}

/**
 * Read access to one tenant's synced data. Every query names the tenant explicitly (these are
 * the driver's collections, outside the mongoose tenancy plugin), and nothing lets a caller
 * name another. Daily metrics need the `metrics:read` permission.
 */
export function createTenantDataAccess(
  connection: Connection,
  tenantId: string,
  permissions: readonly PluginPermission[],
): TenantDataAccess {
  const collection = (name: string) => connection.collection<Doc>(name);
  return {
    async listAdAccounts(platform) {
      const filter: Doc = { tenantId, ...(platform === undefined ? {} : { platform }) };
      const docs = await collection(SYNCED_COLLECTIONS.adAccounts)
        .find(filter)
        .sort({ platform: 1, externalId: 1 })
        .toArray();
      return docs.map(toAccount);
    },
    async listCampaigns(filter = {}) {
      const query: Doc = { tenantId };
      if (filter.platform !== undefined) query.platform = filter.platform;
      if (filter.accountExternalId !== undefined) query.accountId = filter.accountExternalId;
      if (filter.statuses !== undefined) query.status = { $in: [...filter.statuses] };
      const docs = await collection(SYNCED_COLLECTIONS.campaigns)
        .find(query)
        .sort({ platform: 1, externalId: 1 })
        .toArray();
      return docs.map(toCampaign);
    },
    async dailyMetrics(query) {
      if (!permissions.includes('metrics:read')) throw missingPermission('metrics:read');
      const filter: Doc = { tenantId, date: { $gte: query.from, $lte: query.to } };
      if (query.platform !== undefined) filter.platform = query.platform;
      if (query.campaignExternalIds !== undefined)
        filter.campaignId = { $in: [...query.campaignExternalIds] };
      const docs = await collection(SYNCED_COLLECTIONS.metrics)
        .find(filter)
        .sort({ date: 1, platform: 1, campaignId: 1 })
        .limit(MAX_METRIC_ROWS)
        .toArray();
      return docs.map(toMetric);
    },
  };
}
