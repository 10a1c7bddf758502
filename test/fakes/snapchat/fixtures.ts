/**
 * Deterministic Snapchat fixtures: `smallSnapData` is hand-computable (USD in Los Angeles, whose
 * 2026-11-01 is the 25-hour day DST ends; KWD with three decimals in Kuwait); `generateSnapData`
 * builds large accounts for the benchmark.
 */
import type { FakeSnapCampaign, FakeSnapData, FakeSnapStatsRow } from './fake-snapchat.js';

export const SNAP_REFRESH_TOKEN = 'snap-refresh-token-0123456789';
export const SNAP_ACCOUNT_USD = 'aaaaaaaa-0000-4000-8000-000000000001';
export const SNAP_ACCOUNT_KWD = 'bbbbbbbb-0000-4000-8000-000000000002';
export const SNAP_CAMPAIGN_USD_BUDGET = 'c0000000-0000-4000-8000-000000000001';
export const SNAP_CAMPAIGN_USD_SQUADS = 'c0000000-0000-4000-8000-000000000002';
export const SNAP_CAMPAIGN_KWD = 'c0000000-0000-4000-8000-000000000003';

const stats = (spend: number, impressions: number, swipes: number, purchases: number, value: number) => ({
  spend,
  impressions,
  swipes,
  conversion_purchases: purchases,
  conversion_purchases_value: value,
});

export function smallSnapData(): FakeSnapData {
  const campaign = (
    id: string,
    adAccountId: string,
    name: string,
    objective: string,
    dailyBudgetMicro?: number,
  ): FakeSnapCampaign => ({
    id,
    adAccountId,
    name,
    status: 'ACTIVE',
    objective,
    startTime: '2026-01-01T00:00:00.000Z',
    ...(dailyBudgetMicro === undefined ? {} : { dailyBudgetMicro }),
  });
  return {
    accounts: [
      { id: SNAP_ACCOUNT_USD, name: 'Acme Snap US', currency: 'USD', timezone: 'America/Los_Angeles' },
      { id: SNAP_ACCOUNT_KWD, name: 'Acme Snap KW', currency: 'KWD', timezone: 'Asia/Kuwait' },
    ],
    campaigns: [
      campaign(SNAP_CAMPAIGN_USD_BUDGET, SNAP_ACCOUNT_USD, 'US purchases', 'WEB_CONVERSION', 50_000_000),
      campaign(SNAP_CAMPAIGN_USD_SQUADS, SNAP_ACCOUNT_USD, 'US awareness', 'BRAND_AWARENESS'),
      campaign(SNAP_CAMPAIGN_KWD, SNAP_ACCOUNT_KWD, 'KW video', 'VIDEO_VIEW', 12_345_678),
    ],
    rows: [
      {
        campaignId: SNAP_CAMPAIGN_USD_BUDGET,
        date: '2026-11-01',
        stats: stats(10_005_000, 1000, 50, 2, 40_125_000),
      },
      {
        campaignId: SNAP_CAMPAIGN_USD_BUDGET,
        date: '2026-11-02',
        stats: stats(87_600_000, 2000, 100, 3, 120_000_000),
      },
      { campaignId: SNAP_CAMPAIGN_USD_BUDGET, date: '2026-11-03', stats: stats(994_000, 30, 1, 0, 0) },
      {
        campaignId: SNAP_CAMPAIGN_USD_SQUADS,
        date: '2026-11-01',
        stats: stats(5_000_000, 500, 5, 1, 19_999_000),
      },
      { campaignId: SNAP_CAMPAIGN_USD_SQUADS, date: '2026-11-02', stats: stats(5_500_000, 600, 6, 0, 0) },
      {
        campaignId: SNAP_CAMPAIGN_USD_SQUADS,
        date: '2026-11-03',
        stats: stats(12_345_000, 700, 7, 1, 25_500_000),
      },
      {
        campaignId: SNAP_CAMPAIGN_KWD,
        date: '2026-11-01',
        stats: stats(1_234_500, 10_505, 300, 4, 8_000_400),
      },
      { campaignId: SNAP_CAMPAIGN_KWD, date: '2026-11-02', stats: stats(999_490, 9_000, 200, 2, 5_000_000) },
      { campaignId: SNAP_CAMPAIGN_KWD, date: '2026-11-03', stats: stats(100_000, 800, 20, 0, 0) },
    ],
  };
}

/** One USD account with `campaigns` × `days` rows from `from`. */
export function generateSnapData(options: {
  readonly campaigns: number;
  readonly days: number;
  readonly from: string;
}): FakeSnapData {
  const campaigns: FakeSnapCampaign[] = [];
  const rows: FakeSnapStatsRow[] = [];
  const start = Date.parse(`${options.from}T00:00:00Z`);
  for (let index = 0; index < options.campaigns; index += 1) {
    const id = `d0000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    campaigns.push({
      id,
      adAccountId: SNAP_ACCOUNT_USD,
      name: `Campaign ${index}`,
      status: 'ACTIVE',
      objective: 'WEB_CONVERSION',
      startTime: '2026-01-01T00:00:00.000Z',
      dailyBudgetMicro: 100_000_000,
    });
    for (let offset = 0; offset < options.days; offset += 1) {
      const seed = (index * 31 + offset * 17) % 997;
      rows.push({
        campaignId: id,
        date: new Date(start + offset * 86_400_000).toISOString().slice(0, 10),
        stats: stats(seed * 1_010_000, seed * 40, seed, seed % 7, seed * 3_500_000),
      });
    }
  }
  return {
    accounts: [{ id: SNAP_ACCOUNT_USD, name: 'Bench Snap', currency: 'USD', timezone: 'America/New_York' }],
    campaigns,
    rows,
  };
}
