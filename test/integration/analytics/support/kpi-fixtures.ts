/**
 * Hand-written synced data, inserted through the driver exactly as ingest stores it. Defaults
 * keep each fixture row short: a USD account in the tenant's zone, priced, no attribution.
 */
import type { Connection } from 'mongoose';

export interface MetricRowFixture {
  readonly platform?: string;
  readonly accountId?: string;
  readonly campaignId: string;
  readonly date: string;
  readonly impressions?: number;
  readonly clicks?: number;
  readonly conversions?: number;
  readonly spendCents?: number;
  readonly revenueCents?: number;
  readonly currency?: string;
  /** Defaults to the original amounts (same currency); `null` with `fxMissing`. */
  readonly spendCentsTenant?: number | null;
  readonly revenueCentsTenant?: number | null;
  readonly fxMissing?: boolean;
  readonly attribution?: { readonly clickThroughDays: number; readonly viewThroughDays: number };
}

export async function insertMetrics(
  connection: Connection,
  tenant: { readonly id: string; readonly currency: string },
  rows: readonly MetricRowFixture[],
): Promise<void> {
  if (rows.length === 0) return;
  await connection.collection('metricsDaily').insertMany(
    rows.map((row) => {
      const fxMissing = row.fxMissing ?? false;
      const spendCents = row.spendCents ?? 0;
      const revenueCents = row.revenueCents ?? 0;
      return {
        tenantId: tenant.id,
        installationId: `inst-${row.platform ?? 'meta'}`,
        pluginId: 'ads-demo',
        platform: row.platform ?? 'meta',
        accountId: row.accountId ?? 'act_1',
        campaignId: row.campaignId,
        date: row.date,
        impressions: row.impressions ?? 0,
        clicks: row.clicks ?? 0,
        conversions: row.conversions ?? 0,
        spendCents,
        revenueCents,
        currency: row.currency ?? tenant.currency,
        spendCentsTenant: fxMissing ? null : (row.spendCentsTenant ?? spendCents),
        revenueCentsTenant: fxMissing ? null : (row.revenueCentsTenant ?? revenueCents),
        tenantCurrency: tenant.currency,
        fxMissing,
        ...(row.attribution === undefined ? {} : { attribution: row.attribution }),
        syncedAt: new Date('2026-03-01T00:00:00Z'),
      };
    }),
  );
}

export interface AccountFixture {
  readonly platform?: string;
  readonly externalId: string;
  readonly name?: string;
  readonly currency?: string;
  readonly timezone?: string;
}

export async function insertAccounts(
  connection: Connection,
  tenantId: string,
  accounts: readonly AccountFixture[],
): Promise<void> {
  await connection.collection('adAccounts').insertMany(
    accounts.map((account) => ({
      tenantId,
      installationId: `inst-${account.platform ?? 'meta'}`,
      pluginId: 'ads-demo',
      platform: account.platform ?? 'meta',
      externalId: account.externalId,
      name: account.name ?? `Account ${account.externalId}`,
      currency: account.currency ?? 'USD',
      timezone: account.timezone ?? 'America/New_York',
      status: 'active',
      syncedAt: new Date('2026-03-01T00:00:00Z'),
    })),
  );
}

export interface CampaignFixture {
  readonly platform?: string;
  readonly accountId?: string;
  readonly externalId: string;
  readonly name: string;
  readonly status?: string;
}

/** Returns the stored campaigns' ids by external id. */
export async function insertCampaigns(
  connection: Connection,
  tenantId: string,
  campaigns: readonly CampaignFixture[],
): Promise<Record<string, string>> {
  const result = await connection.collection('campaigns').insertMany(
    campaigns.map((campaign) => ({
      tenantId,
      installationId: `inst-${campaign.platform ?? 'meta'}`,
      pluginId: 'ads-demo',
      platform: campaign.platform ?? 'meta',
      accountId: campaign.accountId ?? 'act_1',
      externalId: campaign.externalId,
      name: campaign.name,
      status: campaign.status ?? 'active',
      objective: 'sales',
      dailyBudgetCents: 10_000,
      currency: 'USD',
      syncedAt: new Date('2026-03-01T00:00:00Z'),
    })),
  );
  const ids: Record<string, string> = {};
  campaigns.forEach((campaign, index) => {
    ids[campaign.externalId] = String(result.insertedIds[index]);
  });
  return ids;
}

export async function insertSyncRun(
  connection: Connection,
  tenantId: string,
  run: { readonly installationId: string; readonly status: string; readonly finishedAt: Date },
): Promise<void> {
  await connection.collection('syncRuns').insertOne({
    tenantId,
    installationId: run.installationId,
    pluginId: 'ads-demo',
    trigger: 'schedule',
    range: null,
    status: run.status,
    attempt: 1,
    queuedAt: new Date(run.finishedAt.getTime() - 60_000),
    startedAt: new Date(run.finishedAt.getTime() - 50_000),
    finishedAt: run.finishedAt,
    durationMs: 50_000,
    apiCalls: 3,
    rows: { accounts: 1, campaigns: 1, metrics: 1 },
    invalidRows: 0,
    errors: [],
    state: null,
    progress: { phase: 'done', fraction: 1 },
    requestedBy: null,
  });
}
