/** Deterministic documents shaped like Stratum's `metricsDaily` rows, for benchmarks. */
import { ObjectId } from 'bson';

export interface MetricsRow {
  _id: ObjectId;
  tenantId: string;
  platform: string;
  accountId: string;
  campaignId: string;
  date: string;
  impressions: number;
  clicks: number;
  conversions: number;
  spendCents: number;
  revenueCents: number;
  currency: string;
  spendCentsTenant: number;
  revenueCentsTenant: number;
  updatedAt: Date;
}

const PLATFORMS = ['meta', 'google', 'tiktok', 'snapchat', 'linkedin'] as const;

export function dayString(offset: number): string {
  return new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Row `index` of a data set with `campaigns` campaigns per tenant, one row per campaign and day. */
export function metricsRow(index: number, campaigns = 2000, tenants = 10): MetricsRow {
  const campaign = index % campaigns;
  const day = Math.floor(index / (campaigns * tenants));
  const tenant = Math.floor(index / campaigns) % tenants;
  const spend = 1000 + ((index * 7919) % 50_000);
  return {
    _id: new ObjectId(),
    tenantId: `tenant-${tenant}`,
    platform: PLATFORMS[campaign % PLATFORMS.length] as string,
    accountId: `act-${campaign % 40}`,
    campaignId: `cmp-${campaign}`,
    date: dayString(day),
    impressions: 10_000 + ((index * 31) % 90_000),
    clicks: 100 + ((index * 17) % 900),
    conversions: (index * 13) % 40,
    spendCents: spend,
    revenueCents: Math.round(spend * (1 + ((index * 3) % 40) / 10)),
    currency: 'USD',
    spendCentsTenant: spend,
    revenueCentsTenant: Math.round(spend * (1 + ((index * 3) % 40) / 10)),
    updatedAt: new Date(Date.UTC(2025, 0, 1) + day * 86_400_000),
  };
}
