/**
 * The only place analytics touches the database: aggregations over `metricsDaily` and reads of
 * `campaigns`, `adAccounts`, `syncRuns`, all through the driver with `tenantId` in every filter
 * (these collections belong to ingest; analytics only reads them).
 */
import type { Connection } from 'mongoose';
import type { Document } from 'mongodb';
import { Types } from 'mongoose';
import { PERIOD_KEYS, sumsPipeline, unpricedPipeline } from './kpi-pipelines.js';
import type { SumsPlan } from './kpi-pipelines.js';
import { ZERO_SUMS } from './kpi-metrics.js';
import type { MetricSums } from './kpi-metrics.js';

export const ANALYTICS_COLLECTIONS = {
  metrics: 'metricsDaily',
  campaigns: 'campaigns',
  accounts: 'adAccounts',
  syncRuns: 'syncRuns',
} as const;

export interface SumsKey {
  readonly platform?: string;
  readonly accountId?: string;
  readonly campaignId?: string;
  readonly date?: string;
}

export interface SumsRow {
  readonly key: SumsKey;
  /** 0 = the current span, 1 = the comparison span. */
  readonly period: 0 | 1;
  readonly sums: MetricSums;
}

export interface UnpricedDay {
  readonly currency: string;
  readonly date: string;
}

export interface SumsResult {
  readonly rows: readonly SumsRow[];
  /** Currencies and days without an FX rate among the rows read (both periods). */
  readonly unpriced: readonly UnpricedDay[];
}

export interface StoredCampaign {
  readonly id: string;
  readonly platform: string;
  readonly accountId: string;
  readonly externalId: string;
  readonly name: string;
  readonly status: string;
  readonly objective: string;
  readonly dailyBudgetCents: number | null;
  readonly currency: string;
}

export interface StoredAccount {
  readonly platform: string;
  readonly externalId: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly installationId: string;
  readonly pluginId: string;
}

export interface InstallationSyncSummary {
  readonly installationId: string;
  readonly lastStatus: string;
  readonly lastRunAt: Date | null;
  readonly lastSucceededAt: Date | null;
}

export interface CampaignFilter {
  readonly platforms: readonly string[];
  readonly accountIds: readonly string[];
  readonly statuses: readonly string[];
}

interface GroupDocument extends Document {
  readonly _id: unknown;
}

function keyOf(id: unknown, plan: SumsPlan): { key: SumsKey; period: 0 | 1 } {
  if (id === null || id === undefined) return { key: {}, period: 0 };
  // Grouped by day, the day itself tells the period: the comparison span lies wholly before.
  const periodOfDay = (day: string): 0 | 1 => (day < (plan.spans[0]?.from ?? '') ? 1 : 0);
  if (typeof id === 'string') return { key: { date: id }, period: periodOfDay(id) };
  const { period, currency: _currency, day: _day, ...rest } = id as Record<string, unknown>;
  const key: Record<string, string> = {};
  for (const [field, value] of Object.entries(rest)) key[field] = String(value);
  if (key['date'] !== undefined) return { key, period: periodOfDay(key['date']) };
  return { key, period: period === PERIOD_KEYS[1] ? 1 : 0 };
}

function rowIdentity(key: SumsKey, period: number): string {
  return JSON.stringify([key.platform, key.accountId, key.campaignId, key.date, period]);
}

const numberOf = (value: unknown): number => (typeof value === 'number' ? value : 0);

export interface KpiRepository {
  sums(tenantId: string, plan: SumsPlan): Promise<SumsResult>;
  campaignsByExternalIds(
    tenantId: string,
    keys: readonly { readonly platform: string; readonly externalId: string }[],
  ): Promise<StoredCampaign[]>;
  listCampaigns(tenantId: string, filter: CampaignFilter): Promise<StoredCampaign[]>;
  campaignById(tenantId: string, id: string): Promise<StoredCampaign | undefined>;
  accounts(tenantId: string): Promise<StoredAccount[]>;
  syncSummaries(tenantId: string): Promise<InstallationSyncSummary[]>;
  /** The attribution windows of the platform's most recent row that states them. */
  latestAttribution(
    tenantId: string,
    platform: string,
    since: string,
  ): Promise<{ clickThroughDays: number; viewThroughDays: number } | null>;
}

function toCampaign(document: Document): StoredCampaign {
  return {
    id: String((document['_id'] as Types.ObjectId).toHexString()),
    platform: String(document['platform']),
    accountId: String(document['accountId']),
    externalId: String(document['externalId']),
    name: String(document['name']),
    status: String(document['status']),
    objective: String(document['objective'] ?? ''),
    dailyBudgetCents: typeof document['dailyBudgetCents'] === 'number' ? document['dailyBudgetCents'] : null,
    currency: String(document['currency']),
  };
}

const CAMPAIGN_PROJECTION = {
  platform: 1,
  accountId: 1,
  externalId: 1,
  name: 1,
  status: 1,
  objective: 1,
  dailyBudgetCents: 1,
  currency: 1,
} as const;

async function sums(connection: Connection, tenantId: string, plan: SumsPlan): Promise<SumsResult> {
  const collection = connection.collection(ANALYTICS_COLLECTIONS.metrics);
  const groups = await collection.aggregate<GroupDocument>(sumsPipeline(tenantId, plan)).toArray();
  const rows = new Map<string, { key: SumsKey; period: 0 | 1; sums: MetricSums }>();
  let anyUnpriced = false;
  for (const group of groups) {
    const { key, period } = keyOf(group._id, plan);
    const unpricedRows = numberOf(group['unpricedRows']);
    anyUnpriced ||= unpricedRows > 0;
    rows.set(rowIdentity(key, period), {
      key,
      period,
      sums: {
        ...ZERO_SUMS,
        rows: numberOf(group['rows']),
        impressions: numberOf(group['impressions']),
        clicks: numberOf(group['clicks']),
        conversions: numberOf(group['conversions']),
        spendCents: numberOf(group['spendCents']),
        revenueCents: numberOf(group['revenueCents']),
        unpricedRows,
      },
    });
  }
  if (!anyUnpriced) return { rows: [...rows.values()], unpriced: [] };
  const unpriced = new Map<string, UnpricedDay>();
  const detail = await collection.aggregate<GroupDocument>(unpricedPipeline(tenantId, plan)).toArray();
  for (const group of detail) {
    const id = group._id as Record<string, unknown>;
    unpriced.set(`${String(id['currency'])}|${String(id['day'])}`, {
      currency: String(id['currency']),
      date: String(id['day']),
    });
    const { key, period } = keyOf(id, plan);
    const row = rows.get(rowIdentity(key, period));
    if (row === undefined) continue;
    row.sums = {
      ...row.sums,
      unpricedImpressions: row.sums.unpricedImpressions + numberOf(group['impressions']),
      unpricedClicks: row.sums.unpricedClicks + numberOf(group['clicks']),
      unpricedConversions: row.sums.unpricedConversions + numberOf(group['conversions']),
    };
  }
  const ordered = [...unpriced.values()].sort((a, b) =>
    a.date === b.date ? a.currency.localeCompare(b.currency) : a.date.localeCompare(b.date),
  );
  return { rows: [...rows.values()], unpriced: ordered };
}

export function createKpiRepository(connection: Connection): KpiRepository {
  const collection = (name: string) => connection.collection(name);
  return {
    sums: (tenantId, plan) => sums(connection, tenantId, plan),
    async campaignsByExternalIds(tenantId, keys) {
      if (keys.length === 0) return [];
      const documents = await collection(ANALYTICS_COLLECTIONS.campaigns)
        .find(
          {
            tenantId,
            // Both leading fields of the (tenantId, platform, externalId) index: point lookups.
            platform: { $in: [...new Set(keys.map((key) => key.platform))] },
            externalId: { $in: [...new Set(keys.map((key) => key.externalId))] },
          },
          { projection: CAMPAIGN_PROJECTION },
        )
        .toArray();
      const wanted = new Set(keys.map((key) => `${key.platform}|${key.externalId}`));
      return documents
        .map(toCampaign)
        .filter((campaign) => wanted.has(`${campaign.platform}|${campaign.externalId}`));
    },
    async listCampaigns(tenantId, filter) {
      const query: Document = { tenantId };
      if (filter.platforms.length > 0) query['platform'] = { $in: [...filter.platforms] };
      if (filter.accountIds.length > 0) query['accountId'] = { $in: [...filter.accountIds] };
      if (filter.statuses.length > 0) query['status'] = { $in: [...filter.statuses] };
      const documents = await collection(ANALYTICS_COLLECTIONS.campaigns)
        .find(query, { projection: CAMPAIGN_PROJECTION })
        .toArray();
      return documents.map(toCampaign);
    },
    async campaignById(tenantId, id) {
      if (!Types.ObjectId.isValid(id)) return undefined;
      const document = await collection(ANALYTICS_COLLECTIONS.campaigns).findOne(
        { _id: new Types.ObjectId(id), tenantId },
        { projection: CAMPAIGN_PROJECTION },
      );
      return document === null ? undefined : toCampaign(document);
    },
    async accounts(tenantId) {
      const documents = await collection(ANALYTICS_COLLECTIONS.accounts)
        .find(
          { tenantId },
          {
            projection: {
              _id: 0,
              platform: 1,
              externalId: 1,
              name: 1,
              currency: 1,
              timezone: 1,
              installationId: 1,
              pluginId: 1,
            },
          },
        )
        .toArray();
      return documents.map((document) => ({
        platform: String(document['platform']),
        externalId: String(document['externalId']),
        name: String(document['name']),
        currency: String(document['currency']),
        timezone: String(document['timezone']),
        installationId: String(document['installationId']),
        pluginId: String(document['pluginId']),
      }));
    },
    async syncSummaries(tenantId) {
      const groups = await collection(ANALYTICS_COLLECTIONS.syncRuns)
        .aggregate<GroupDocument>([
          { $match: { tenantId } },
          { $sort: { queuedAt: -1 } },
          {
            $group: {
              _id: '$installationId',
              lastStatus: { $first: '$status' },
              lastRunAt: { $first: { $ifNull: ['$finishedAt', '$queuedAt'] } },
              lastSucceededAt: {
                $max: { $cond: [{ $eq: ['$status', 'succeeded'] }, '$finishedAt', null] },
              },
            },
          },
        ])
        .toArray();
      return groups.map((group) => ({
        installationId: String(group._id),
        lastStatus: String(group['lastStatus']),
        lastRunAt: group['lastRunAt'] instanceof Date ? group['lastRunAt'] : null,
        lastSucceededAt: group['lastSucceededAt'] instanceof Date ? group['lastSucceededAt'] : null,
      }));
    },
    async latestAttribution(tenantId, platform, since) {
      const document = await collection(ANALYTICS_COLLECTIONS.metrics).findOne(
        { tenantId, platform, date: { $gte: since }, attribution: { $exists: true } },
        { projection: { _id: 0, attribution: 1 } },
      );
      const attribution = document?.['attribution'] as
        { clickThroughDays?: unknown; viewThroughDays?: unknown } | undefined;
      if (attribution === undefined || attribution === null) return null;
      return {
        clickThroughDays: numberOf(attribution.clickThroughDays),
        viewThroughDays: numberOf(attribution.viewThroughDays),
      };
    },
  };
}
