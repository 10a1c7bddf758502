/**
 * Data of the fake Google Ads server: customers (currency, time zone, manager), campaigns with
 * their budgets, and daily rows as the API would report them (cost in micros strings, conversion
 * value in major units). `googleAdsFixture()` is small enough to total by hand (the expected
 * figures sit in the integration tests); `largeGoogleAdsFixture()` is the benchmark's account.
 */

export interface FakeCustomer {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly status: 'ENABLED' | 'CANCELED' | 'SUSPENDED' | 'CLOSED';
  /** The manager (MCC) the customer is linked to. */
  readonly managerId?: string;
  /** Whether the OAuth user can reach it without a `login-customer-id`. */
  readonly directAccess: boolean;
}

export interface FakeBudget {
  readonly id: string;
  amountMicros: string;
  readonly period: 'DAILY' | 'CUSTOM_PERIOD';
  readonly shared: boolean;
}

export interface FakeCampaign {
  readonly customerId: string;
  readonly id: string;
  name: string;
  status: string;
  readonly channelType: string;
  readonly biddingStrategyType: string;
  readonly budget: FakeBudget;
}

export interface FakeDailyRow {
  readonly customerId: string;
  readonly campaignId: string;
  readonly date: string;
  impressions: number;
  clicks: number;
  costMicros: string;
  conversions: number;
  conversionsValue: number;
  allConversions: number;
  allConversionsValue: number;
}

export interface FakeGoogleAdsData {
  readonly managers: readonly string[];
  readonly customers: FakeCustomer[];
  readonly campaigns: FakeCampaign[];
  /** Ordered by date, then campaign id (the fake sorts anyway when asked to). */
  readonly daily: FakeDailyRow[];
}

export const FIXTURE_MANAGER_ID = '9999999999';
export const FIXTURE_FIRST_DAY = '2026-03-01';
export const FIXTURE_LAST_DAY = '2026-03-04';

function row(
  customerId: string,
  campaignId: string,
  date: string,
  impressions: number,
  clicks: number,
  costMicros: string,
  conversions: number,
  conversionsValue: number,
): FakeDailyRow {
  return {
    customerId,
    campaignId,
    date,
    impressions,
    clicks,
    costMicros,
    conversions,
    conversionsValue,
    // "All conversions" include conversions the account does not count: here half as many again.
    allConversions: conversions * 1.5,
    allConversionsValue: conversionsValue * 2,
  };
}

/** Three customers under one manager: USD (New York), EUR (Berlin), JPY (Tokyo). */
export function googleAdsFixture(): FakeGoogleAdsData {
  const manager = { managerId: FIXTURE_MANAGER_ID, directAccess: false };
  const budget = (
    id: string,
    amountMicros: string,
    period: FakeBudget['period'] = 'DAILY',
    shared = false,
  ) => ({
    id,
    amountMicros,
    period,
    shared,
  });
  return {
    managers: [FIXTURE_MANAGER_ID],
    customers: [
      {
        id: '1111111111',
        name: 'Acme US',
        currency: 'USD',
        timeZone: 'America/New_York',
        status: 'ENABLED',
        ...manager,
      },
      {
        id: '2222222222',
        name: 'Acme DE',
        currency: 'EUR',
        timeZone: 'Europe/Berlin',
        status: 'ENABLED',
        ...manager,
      },
      {
        id: '3333333333',
        name: 'Acme JP',
        currency: 'JPY',
        timeZone: 'Asia/Tokyo',
        status: 'ENABLED',
        ...manager,
      },
    ],
    campaigns: [
      {
        customerId: '1111111111',
        id: '11',
        name: 'US Search Brand',
        status: 'ENABLED',
        channelType: 'SEARCH',
        biddingStrategyType: 'MANUAL_CPC',
        budget: budget('811', '50000000'),
      },
      {
        customerId: '1111111111',
        id: '12',
        name: 'US Display',
        status: 'PAUSED',
        channelType: 'DISPLAY',
        biddingStrategyType: 'TARGET_CPM',
        budget: budget('812', '30000000', 'DAILY', true),
      },
      {
        customerId: '1111111111',
        id: '13',
        name: 'US Shopping (old)',
        status: 'REMOVED',
        channelType: 'SHOPPING',
        biddingStrategyType: 'MAXIMIZE_CONVERSION_VALUE',
        budget: budget('813', '1000000000', 'CUSTOM_PERIOD'),
      },
      {
        customerId: '2222222222',
        id: '21',
        name: 'DE PMax',
        status: 'ENABLED',
        channelType: 'PERFORMANCE_MAX',
        biddingStrategyType: 'MAXIMIZE_CONVERSION_VALUE',
        budget: budget('821', '20000000'),
      },
      {
        customerId: '2222222222',
        id: '22',
        name: 'DE Search',
        status: 'ENABLED',
        channelType: 'SEARCH',
        biddingStrategyType: 'TARGET_CPA',
        budget: budget('822', '12345000'),
      },
      {
        customerId: '3333333333',
        id: '31',
        name: 'JP Search',
        status: 'ENABLED',
        channelType: 'SEARCH',
        biddingStrategyType: 'MANUAL_CPC',
        budget: budget('831', '5000000000'),
      },
      {
        customerId: '3333333333',
        id: '32',
        name: 'JP Video',
        status: 'PAUSED',
        channelType: 'VIDEO',
        biddingStrategyType: 'TARGET_CPV',
        budget: budget('832', '1500500000'),
      },
    ],
    daily: [
      row('1111111111', '11', '2026-03-01', 1000, 50, '12345678', 2, 100.5),
      row('1111111111', '12', '2026-03-01', 5000, 10, '7000000', 0, 0),
      row('1111111111', '13', '2026-03-01', 100, 5, '1000000', 1, 20),
      row('1111111111', '11', '2026-03-02', 1200, 60, '20000000', 1.5, 75.25),
      row('1111111111', '12', '2026-03-02', 4000, 8, '6000000', 0, 0),
      row('1111111111', '11', '2026-03-03', 800, 0, '0', 0, 0),
      row('1111111111', '11', '2026-03-04', 900, 45, '9995000', 0.5, 1.005),
      row('2222222222', '21', '2026-03-01', 2000, 100, '15000000', 3, 250),
      row('2222222222', '21', '2026-03-02', 2100, 110, '15500000', 2.25, 180.4),
      row('2222222222', '21', '2026-03-03', 1900, 90, '14444444', 2, 199.99),
      row('2222222222', '22', '2026-03-04', 300, 30, '3333333', 1, 49.995),
      row('3333333333', '31', '2026-03-01', 3000, 150, '2500500000', 4, 12000),
      row('3333333333', '31', '2026-03-02', 3100, 155, '2600400000', 3.333333, 9999.5),
      row('3333333333', '32', '2026-03-03', 10000, 20, '999999', 0, 0),
    ],
  };
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** One USD customer with `campaigns` campaigns, each with a row on every one of `days` days. */
export function largeGoogleAdsFixture(
  campaigns: number,
  days: number,
  firstDay = '2026-01-01',
): FakeGoogleAdsData {
  const customerId = '5555555555';
  const data: FakeGoogleAdsData = {
    managers: [],
    customers: [
      {
        id: customerId,
        name: 'Bench US',
        currency: 'USD',
        timeZone: 'America/Los_Angeles',
        status: 'ENABLED',
        directAccess: true,
      },
    ],
    campaigns: [],
    daily: [],
  };
  for (let index = 1; index <= campaigns; index += 1)
    data.campaigns.push({
      customerId,
      id: String(100_000 + index),
      name: `Bench campaign ${index}`,
      status: index % 7 === 0 ? 'PAUSED' : 'ENABLED',
      channelType: index % 3 === 0 ? 'DISPLAY' : 'SEARCH',
      biddingStrategyType: 'MANUAL_CPC',
      budget: {
        id: String(900_000 + index),
        amountMicros: String((index % 50) * 1_000_000 + 10_000_000),
        period: 'DAILY',
        shared: false,
      },
    });
  for (let day = 0; day < days; day += 1) {
    const date = addDays(firstDay, day);
    for (let index = 1; index <= campaigns; index += 1) {
      const impressions = 1_000 + ((index * 37 + day * 11) % 900);
      data.daily.push(
        row(
          customerId,
          String(100_000 + index),
          date,
          impressions,
          Math.floor(impressions / 25),
          String(impressions * 2_345),
          (index + day) % 4,
          ((index + day) % 4) * 12.5,
        ),
      );
    }
  }
  return data;
}
