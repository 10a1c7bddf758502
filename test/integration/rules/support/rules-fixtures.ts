/** Campaigns and daily metrics of the fake platform, written through the driver as ingest stores them. */
import type { Connection } from 'mongoose';
import { fakePlatform } from './fake-ads-plugin.js';

export interface CampaignFixture {
  readonly externalId: string;
  readonly name?: string;
  readonly status?: 'active' | 'paused';
  readonly dailyBudgetCents?: number | null;
  readonly platform?: string;
  readonly currency?: string;
}

export async function insertCampaigns(
  connection: Connection,
  tenant: { readonly id: string; readonly currency: string },
  campaigns: readonly CampaignFixture[],
): Promise<void> {
  await connection.collection('campaigns').insertMany(
    campaigns.map((campaign) => ({
      tenantId: tenant.id,
      installationId: 'inst-fake',
      pluginId: 'fake-ads',
      platform: campaign.platform ?? 'meta',
      accountId: 'act_1',
      externalId: campaign.externalId,
      name: campaign.name ?? `Campaign ${campaign.externalId}`,
      status: campaign.status ?? 'active',
      objective: 'sales',
      dailyBudgetCents: campaign.dailyBudgetCents === undefined ? 10_000 : campaign.dailyBudgetCents,
      currency: campaign.currency ?? tenant.currency,
      syncedAt: new Date('2026-03-01T00:00:00Z'),
    })),
  );
  for (const campaign of campaigns)
    fakePlatform.campaigns.set(`${tenant.id}|${campaign.externalId}`, {
      status: campaign.status ?? 'active',
      dailyBudgetCents: campaign.dailyBudgetCents === undefined ? 10_000 : campaign.dailyBudgetCents,
    });
}

export interface DayFixture {
  readonly campaignId: string;
  readonly date: string;
  readonly spendCents?: number;
  readonly revenueCents?: number;
  readonly conversions?: number;
  readonly impressions?: number;
  readonly clicks?: number;
  readonly platform?: string;
}

export async function insertDays(
  connection: Connection,
  tenant: { readonly id: string; readonly currency: string },
  rows: readonly DayFixture[],
): Promise<void> {
  await connection.collection('metricsDaily').insertMany(
    rows.map((row) => ({
      tenantId: tenant.id,
      installationId: 'inst-fake',
      pluginId: 'fake-ads',
      platform: row.platform ?? 'meta',
      accountId: 'act_1',
      campaignId: row.campaignId,
      date: row.date,
      impressions: row.impressions ?? 1_000,
      clicks: row.clicks ?? 50,
      conversions: row.conversions ?? 0,
      spendCents: row.spendCents ?? 0,
      revenueCents: row.revenueCents ?? 0,
      currency: tenant.currency,
      spendCentsTenant: row.spendCents ?? 0,
      revenueCentsTenant: row.revenueCents ?? 0,
      tenantCurrency: tenant.currency,
      fxMissing: false,
      syncedAt: new Date('2026-03-01T00:00:00Z'),
    })),
  );
}
