/**
 * Deterministic LinkedIn fixtures: `smallLinkedInData` is hand-computable (USD and EUR accounts;
 * LinkedIn days are UTC days); `generateLinkedInData` builds large accounts for the benchmark.
 */
import type { FakeLinkedInCampaign, FakeLinkedInData, FakeLinkedInRow } from './fake-linkedin.js';

export const LINKEDIN_TOKEN = 'li-access-token-0123456789';
export const LINKEDIN_REFRESH_TOKEN = 'li-refresh-token-0123456789';
export const LINKEDIN_VERSION = '202603';
export const LI_ACCOUNT_USD = 512345678;
export const LI_ACCOUNT_EUR = 512345679;
export const LI_CAMPAIGN_USD_DAILY = 318745620;
export const LI_CAMPAIGN_USD_NO_BUDGET = 318745621;
export const LI_CAMPAIGN_EUR = 318745622;

const values = (cost: string, impressions: number, clicks: number, conversions: number, value: string) => ({
  costInLocalCurrency: cost,
  impressions,
  clicks,
  externalWebsiteConversions: conversions,
  conversionValueInLocalCurrency: value,
});

export function smallLinkedInData(): FakeLinkedInData {
  return {
    accounts: [
      { id: LI_ACCOUNT_USD, name: 'Acme LinkedIn US', currency: 'USD' },
      { id: LI_ACCOUNT_EUR, name: 'Acme LinkedIn EU', currency: 'EUR' },
    ],
    campaigns: [
      {
        id: LI_CAMPAIGN_USD_DAILY,
        accountId: LI_ACCOUNT_USD,
        name: 'US leads',
        status: 'ACTIVE',
        objectiveType: 'WEBSITE_CONVERSION',
        dailyBudget: { amount: '50.50', currencyCode: 'USD' },
      },
      {
        id: LI_CAMPAIGN_USD_NO_BUDGET,
        accountId: LI_ACCOUNT_USD,
        name: 'US awareness',
        status: 'PAUSED',
        objectiveType: 'BRAND_AWARENESS',
      },
      {
        id: LI_CAMPAIGN_EUR,
        accountId: LI_ACCOUNT_EUR,
        name: 'EU video',
        status: 'ACTIVE',
        objectiveType: 'VIDEO_VIEW',
        dailyBudget: { amount: '30', currencyCode: 'EUR' },
      },
    ],
    rows: [
      {
        campaignId: LI_CAMPAIGN_USD_DAILY,
        date: '2026-11-01',
        values: values('10.00499999', 1000, 50, 2, '40.125'),
      },
      { campaignId: LI_CAMPAIGN_USD_DAILY, date: '2026-11-02', values: values('87.6', 2000, 100, 3, '120') },
      { campaignId: LI_CAMPAIGN_USD_DAILY, date: '2026-11-03', values: values('0.995', 30, 1, 0, '0') },
      { campaignId: LI_CAMPAIGN_USD_NO_BUDGET, date: '2026-11-01', values: values('5', 500, 5, 1, '19.999') },
      { campaignId: LI_CAMPAIGN_USD_NO_BUDGET, date: '2026-11-02', values: values('5.5', 600, 6, 0, '0') },
      {
        campaignId: LI_CAMPAIGN_USD_NO_BUDGET,
        date: '2026-11-03',
        values: values('12.345', 700, 7, 1, '25.5'),
      },
      { campaignId: LI_CAMPAIGN_EUR, date: '2026-11-01', values: values('12.345', 10_505, 300, 4, '80.004') },
      { campaignId: LI_CAMPAIGN_EUR, date: '2026-11-02', values: values('9.9949', 9_000, 200, 2, '50') },
      { campaignId: LI_CAMPAIGN_EUR, date: '2026-11-03', values: values('1', 800, 20, 0, '0') },
    ],
  };
}

/** One USD account with `campaigns` × `days` rows from `from`. */
export function generateLinkedInData(options: {
  readonly campaigns: number;
  readonly days: number;
  readonly from: string;
}): FakeLinkedInData {
  const campaigns: FakeLinkedInCampaign[] = [];
  const rows: FakeLinkedInRow[] = [];
  const start = Date.parse(`${options.from}T00:00:00Z`);
  for (let index = 0; index < options.campaigns; index += 1) {
    const id = 400_000_000 + index;
    campaigns.push({
      id,
      accountId: LI_ACCOUNT_USD,
      name: `Campaign ${index}`,
      status: 'ACTIVE',
      objectiveType: 'WEBSITE_CONVERSION',
      dailyBudget: { amount: '100', currencyCode: 'USD' },
    });
    for (let offset = 0; offset < options.days; offset += 1) {
      const seed = (index * 31 + offset * 17) % 997;
      rows.push({
        campaignId: id,
        date: new Date(start + offset * 86_400_000).toISOString().slice(0, 10),
        values: values(
          `${seed}.${String(seed % 100).padStart(2, '0')}`,
          seed * 40,
          seed,
          seed % 7,
          `${seed * 3}.5`,
        ),
      });
    }
  }
  return { accounts: [{ id: LI_ACCOUNT_USD, name: 'Bench LinkedIn', currency: 'USD' }], campaigns, rows };
}
