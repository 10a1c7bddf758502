/**
 * Deterministic TikTok fixtures. `smallTikTokData` is hand-computable (see the integration test's
 * expected totals); `generateTikTokData` builds large accounts for the benchmark.
 */
import type { FakeCampaign, FakeReportRow, FakeTikTokData } from './fake-tiktok.js';

export const TIKTOK_TOKEN = 'tt-access-token-0123456789';
export const ADVERTISER_USD = '7000000000000000001';
export const ADVERTISER_JPY = '7000000000000000002';
export const CAMPAIGN_USD_DAILY = '1800000000000000001';
export const CAMPAIGN_USD_TOTAL = '1800000000000000002';
export const CAMPAIGN_JPY_DAILY = '1800000000000000003';

const metrics = (
  spend: string,
  impressions: string,
  clicks: string,
  purchases: string,
  value: string,
  conversion = '0',
) => ({
  spend,
  impressions,
  clicks,
  complete_payment: purchases,
  total_complete_payment_rate: value,
  conversion,
});

/** Two advertisers (USD in Los Angeles, JPY in Tokyo), three campaigns, three days each. */
export function smallTikTokData(): FakeTikTokData {
  return {
    advertisers: [
      { id: ADVERTISER_USD, name: 'Acme US', currency: 'USD', timezone: 'America/Los_Angeles' },
      { id: ADVERTISER_JPY, name: 'Acme JP', currency: 'JPY', timezone: 'Asia/Tokyo' },
    ],
    campaigns: [
      {
        id: CAMPAIGN_USD_DAILY,
        advertiserId: ADVERTISER_USD,
        name: 'US prospecting',
        objective: 'WEB_CONVERSIONS',
        budget: 50.5,
        budgetMode: 'BUDGET_MODE_DAY',
        operationStatus: 'ENABLE',
      },
      {
        id: CAMPAIGN_USD_TOTAL,
        advertiserId: ADVERTISER_USD,
        name: 'US lifetime',
        objective: 'TRAFFIC',
        budget: 1000,
        budgetMode: 'BUDGET_MODE_TOTAL',
        operationStatus: 'DISABLE',
      },
      {
        id: CAMPAIGN_JPY_DAILY,
        advertiserId: ADVERTISER_JPY,
        name: 'JP video',
        objective: 'VIDEO_VIEWS',
        budget: 3000,
        budgetMode: 'BUDGET_MODE_DAY',
        operationStatus: 'ENABLE',
      },
    ],
    rows: [
      {
        campaignId: CAMPAIGN_USD_DAILY,
        date: '2026-11-01',
        metrics: metrics('10.005', '1000.0', '50', '2', '40.125', '9'),
      },
      {
        campaignId: CAMPAIGN_USD_DAILY,
        date: '2026-11-02',
        metrics: metrics('87.60', '2000', '100', '3', '120.00', '11'),
      },
      {
        campaignId: CAMPAIGN_USD_DAILY,
        date: '2026-11-03',
        metrics: metrics('0.994', '30', '1', '0', '0', '1'),
      },
      {
        campaignId: CAMPAIGN_USD_TOTAL,
        date: '2026-11-01',
        metrics: metrics('5', '500', '5', '1', '19.999'),
      },
      { campaignId: CAMPAIGN_USD_TOTAL, date: '2026-11-02', metrics: metrics('5.5', '600', '6', '0', '0') },
      {
        campaignId: CAMPAIGN_USD_TOTAL,
        date: '2026-11-03',
        metrics: metrics('12.345', '700', '7', '1', '25.5'),
      },
      {
        campaignId: CAMPAIGN_JPY_DAILY,
        date: '2026-11-01',
        metrics: metrics('1234.5', '10505.0', '300', '4', '8000.4'),
      },
      {
        campaignId: CAMPAIGN_JPY_DAILY,
        date: '2026-11-02',
        metrics: metrics('999.49', '9000', '200', '2', '5000'),
      },
      { campaignId: CAMPAIGN_JPY_DAILY, date: '2026-11-03', metrics: metrics('100', '800', '20', '0', '0') },
    ],
  };
}

/** One USD advertiser with `campaigns` campaigns × `days` days from `from`; values vary deterministically. */
export function generateTikTokData(options: {
  readonly campaigns: number;
  readonly days: number;
  readonly from: string;
}): FakeTikTokData {
  const campaigns: FakeCampaign[] = [];
  const rows: FakeReportRow[] = [];
  const start = Date.parse(`${options.from}T00:00:00Z`);
  for (let index = 0; index < options.campaigns; index += 1) {
    const id = String(1_900_000_000_000_000_000n + BigInt(index));
    campaigns.push({
      id,
      advertiserId: ADVERTISER_USD,
      name: `Campaign ${index}`,
      objective: 'WEB_CONVERSIONS',
      budget: 100,
      budgetMode: 'BUDGET_MODE_DAY',
      operationStatus: 'ENABLE',
    });
    for (let offset = 0; offset < options.days; offset += 1) {
      const date = new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
      const seed = (index * 31 + offset * 17) % 997;
      rows.push({
        campaignId: id,
        date,
        metrics: metrics(
          `${seed}.${String(seed % 100).padStart(2, '0')}`,
          String(seed * 40),
          String(seed),
          String(seed % 7),
          `${seed * 3}.5`,
        ),
      });
    }
  }
  return {
    advertisers: [{ id: ADVERTISER_USD, name: 'Bench US', currency: 'USD', timezone: 'America/New_York' }],
    campaigns,
    rows,
  };
}
