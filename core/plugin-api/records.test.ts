import { expect } from 'chai';
import {
  adAccountSchema,
  campaignSchema,
  dailyMetricSchema,
  isCalendarDay,
  isIanaTimeZone,
} from './records.js';

const account = {
  externalId: 'act_1',
  platform: 'meta',
  name: 'Main',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  status: 'active',
};
const campaign = {
  externalId: '120',
  accountExternalId: 'act_1',
  name: 'Prospecting',
  status: 'paused',
  objective: 'sales',
  dailyBudgetCents: 5000,
  currency: 'EUR',
};
const metric = {
  accountExternalId: 'act_1',
  campaignExternalId: '120',
  date: '2024-02-29',
  impressions: 1000,
  clicks: 20,
  conversions: 1.5,
  spendCents: 1234,
  revenueCents: 0,
  currency: 'EUR',
  attribution: { clickThroughDays: 7, viewThroughDays: 1 },
};

function failingPaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return result.success
    ? []
    : [...new Set((result.error?.issues ?? []).map((issue) => issue.path.join('.')))];
}

describe('unified record schemas', () => {
  it('when records are well formed, they are accepted unchanged', () => {
    expect(adAccountSchema.parse(account)).to.deep.equal(account);
    expect(campaignSchema.parse(campaign)).to.deep.equal(campaign);
    expect(dailyMetricSchema.parse(metric)).to.deep.equal(metric);
    expect(campaignSchema.parse({ ...campaign, dailyBudgetCents: null }).dailyBudgetCents).to.equal(null);
  });

  const badAccounts: readonly [string, unknown][] = [
    ['platform', 'bing'],
    ['currency', 'usd'],
    ['currency', 'ABC'],
    ['timezone', 'CET+1'],
    ['timezone', 'Mars/Olympus'],
    ['status', 'ACTIVE'],
    ['externalId', ''],
  ];
  for (const [field, value] of badAccounts) {
    it(`when an account's ${field} is ${JSON.stringify(value)}, it is refused`, () => {
      expect(failingPaths(adAccountSchema.safeParse({ ...account, [field]: value }))).to.deep.equal([field]);
    });
  }

  const badCampaigns: readonly [string, unknown][] = [
    ['status', 'ENABLED'],
    ['objective', 'conversions'],
    ['dailyBudgetCents', 12.5],
    ['dailyBudgetCents', -1],
    ['currency', 'EURO'],
  ];
  for (const [field, value] of badCampaigns) {
    it(`when a campaign's ${field} is ${JSON.stringify(value)}, it is refused`, () => {
      expect(failingPaths(campaignSchema.safeParse({ ...campaign, [field]: value }))).to.deep.equal([field]);
    });
  }

  const badMetrics: readonly [string, unknown][] = [
    ['date', '2023-02-29'],
    ['date', '2024-1-05'],
    ['date', '2024-01-05T00:00:00Z'],
    ['impressions', 1.5],
    ['clicks', -3],
    ['conversions', Number.NaN],
    ['spendCents', '1234'],
    ['spendCents', 12.34],
    ['revenueCents', Number.MAX_SAFE_INTEGER + 2],
    ['currency', 'XXXX'],
  ];
  for (const [field, value] of badMetrics) {
    it(`when a metric's ${field} is ${JSON.stringify(value)}, it is refused`, () => {
      expect(failingPaths(dailyMetricSchema.safeParse({ ...metric, [field]: value }))).to.deep.equal([field]);
    });
  }

  it('when a metric has an unknown field or lacks a required one, it is refused', () => {
    expect(dailyMetricSchema.safeParse({ ...metric, cost: 1 }).success).to.equal(false);
    const { currency: _omitted, ...withoutCurrency } = metric;
    expect(failingPaths(dailyMetricSchema.safeParse(withoutCurrency))).to.deep.equal(['currency']);
  });

  it('when days and zones are checked, only real calendar days and IANA zones pass', () => {
    expect(['2024-02-29', '2025-12-31'].every(isCalendarDay)).to.equal(true);
    expect(['2025-02-29', '2025-13-01', '2025-00-10', '25-01-01'].some(isCalendarDay)).to.equal(false);
    expect(['UTC', 'America/Los_Angeles', 'Asia/Kolkata'].every(isIanaTimeZone)).to.equal(true);
    expect(['EST5EDT', 'GMT+2', 'Europe/Nowhere', ''].some(isIanaTimeZone)).to.equal(false);
  });
});
