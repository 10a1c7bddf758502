/**
 * Deterministic Meta data whose totals can be computed by hand: three accounts (USD in Los
 * Angeles, JPY in Tokyo, EUR in Paris), a handful of campaigns, ten days. Every purchase is
 * reported under three action types carrying the same number, as Meta does.
 */
import { daysBetween } from './graph.js';
import type { FakeMetaAccount, FakeMetaCampaign, FakeMetaDay, FakeMetaToken } from './model.js';

export const FIXTURE_FROM = '2026-11-01';
export const FIXTURE_TO = '2026-11-10';
export const FIXTURE_DAYS = daysBetween(FIXTURE_FROM, FIXTURE_TO);

export const GOOD_TOKEN = 'EAAGood0123456789abcdefLongLivedToken';
export const EXPIRED_TOKEN = 'EAAExpired0123456789abcdefOldToken';
export const READ_ONLY_TOKEN = 'EAAReadOnly0123456789abcdefToken';

/** Tokens: a valid one (with ads_management), an expired one, one without write permission. */
export function fixtureTokens(nowMs = Date.now()): FakeMetaToken[] {
  return [
    {
      token: GOOD_TOKEN,
      scopes: ['ads_read', 'ads_management'],
      expiresAt: Math.floor(nowMs / 1000) + 50 * 86_400,
    },
    {
      token: EXPIRED_TOKEN,
      scopes: ['ads_read', 'ads_management'],
      expiresAt: Math.floor(nowMs / 1000) - 3_600,
    },
    { token: READ_ONLY_TOKEN, scopes: ['ads_read'], expiresAt: 0 },
  ];
}

const cents = (value: number, decimals: number) =>
  decimals === 0
    ? String(value)
    : `${Math.floor(value / 10 ** decimals)}.${String(value % 10 ** decimals).padStart(decimals, '0')}`;

/** Purchases of campaign `k` on day `d` (0 on every third day: no actions key at all). */
export const purchasesOf = (k: number, d: number) => ((d + k) % 3 === 0 ? 0 : 1 + ((d + k) % 4));

function day(k: number, d: number, currency: 'USD' | 'EUR' | 'JPY'): FakeMetaDay {
  // EUR amounts are multiples of 4 cents so the test's conversion at 0.8 EUR/USD stays exact.
  const spendMinor =
    currency === 'JPY'
      ? 1_200 + 37 * d + 11 * k
      : currency === 'EUR'
        ? 4 * (300 + 7 * d + 5 * k)
        : 1_000 + 300 * k + 100 * d + ((d * 13 + k * 7) % 100);
  const valuePerPurchase = currency === 'JPY' ? 3_000 : currency === 'EUR' ? 2_000 : 2_550;
  const purchases = purchasesOf(k, d);
  const decimals = currency === 'JPY' ? 0 : 2;
  const clicks = 20 + k + d;
  const base = {
    spend: cents(spendMinor, decimals),
    impressions: String(1_000 + 100 * k + 10 * d),
    clicks: String(clicks),
  };
  if (purchases === 0) return base;
  const both = (value: string) => [
    { action_type: 'link_click', value: String(clicks) },
    { action_type: 'purchase', value },
    { action_type: 'omni_purchase', value },
    { action_type: 'offsite_conversion.fb_pixel_purchase', value },
  ];
  return {
    ...base,
    actions: both(String(purchases)),
    action_values: both(cents(purchases * valuePerPurchase, decimals)).filter(
      (entry) => entry.action_type !== 'link_click',
    ),
  };
}

function campaign(
  k: number,
  id: string,
  currency: 'USD' | 'EUR' | 'JPY',
  fields: Pick<FakeMetaCampaign, 'name' | 'status' | 'objective'> & { daily_budget?: string },
): FakeMetaCampaign {
  return { id, ...fields, days: new Map(FIXTURE_DAYS.map((date, d) => [date, day(k, d, currency)])) };
}

export function fixtureAccounts(): FakeMetaAccount[] {
  return [
    {
      id: '1001',
      name: 'Shop US',
      currency: 'USD',
      timezone_name: 'America/Los_Angeles',
      account_status: 1,
      campaigns: [
        campaign(0, '2001', 'USD', {
          name: 'US Prospecting',
          status: 'ACTIVE',
          objective: 'OUTCOME_SALES',
          daily_budget: '5000',
        }),
        campaign(1, '2002', 'USD', {
          name: 'US Retargeting',
          status: 'PAUSED',
          objective: 'OUTCOME_TRAFFIC',
        }),
        campaign(2, '2003', 'USD', {
          name: 'US Legacy',
          status: 'ARCHIVED',
          objective: 'CONVERSIONS',
          daily_budget: '2000',
        }),
      ],
    },
    {
      id: '1002',
      name: 'Boutique Tokyo',
      currency: 'JPY',
      timezone_name: 'Asia/Tokyo',
      account_status: 1,
      campaigns: [
        campaign(3, '3001', 'JPY', {
          name: 'JP Sales',
          status: 'ACTIVE',
          objective: 'OUTCOME_SALES',
          daily_budget: '3000',
        }),
        campaign(4, '3002', 'JPY', {
          name: 'JP Awareness',
          status: 'ACTIVE',
          objective: 'OUTCOME_AWARENESS',
        }),
      ],
    },
    {
      id: '1003',
      name: 'Boutique Paris',
      currency: 'EUR',
      timezone_name: 'Europe/Paris',
      account_status: 1,
      campaigns: [
        campaign(5, '4001', 'EUR', {
          name: 'FR Leads',
          status: 'ACTIVE',
          objective: 'OUTCOME_LEADS',
          daily_budget: '10000',
        }),
      ],
    },
  ];
}

/** A large account for the benchmark: `campaigns` × `days` rows, all ACTIVE, USD (day objects shared to save memory). */
export function largeAccount(campaigns: number, days: readonly string[]): FakeMetaAccount {
  const shared = new Map<string, FakeMetaDay>();
  const dayOf = (k: number, d: number) => {
    const key = `${k}:${d}`;
    let value = shared.get(key);
    if (value === undefined) shared.set(key, (value = day(k, d, 'USD')));
    return value;
  };
  return {
    id: '7001',
    name: 'Large account',
    currency: 'USD',
    timezone_name: 'America/New_York',
    account_status: 1,
    campaigns: Array.from({ length: campaigns }, (_, k) => ({
      id: String(80_000_000 + k),
      name: `Campaign ${k}`,
      status: 'ACTIVE' as const,
      objective: 'OUTCOME_SALES',
      daily_budget: '10000',
      days: new Map(days.map((date, d) => [date, dayOf(k % 50, d % 30)])),
    })),
  };
}
