/** What the Google Ads suites share: the installation config for a fake, hand-computed figures, snapshots. */
import type { Connection } from 'mongoose';
import { adsGooglePlugin } from '../../../../plugins/ads-google/index.js';
import {
  FIXTURE_FIRST_DAY,
  FIXTURE_LAST_DAY,
  FIXTURE_MANAGER_ID,
} from '../../../fakes/google-ads/fixtures.js';
import type { GoogleAdsFake } from '../../../fakes/google-ads/server.js';
import type { HarnessTenant } from '../support/platform-harness.js';

export const PLUGIN_ID = 'ads-google';
export const registry = [adsGooglePlugin];
export const FIXTURE_RANGE = { from: FIXTURE_FIRST_DAY, to: FIXTURE_LAST_DAY };
export const CUSTOMERS = { us: '1111111111', de: '2222222222', jp: '3333333333' } as const;
export const SECRETS = {
  clientSecret: 'fake-client-secret',
  refreshToken: 'fake-refresh-token',
  developerToken: 'DEVTOKEN-0123456789abcd',
} as const;

/** An installation reaching the fake through its manager, with OAuth refresh credentials. */
export function fakeConfig(
  fake: GoogleAdsFake,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    customerIds: [CUSTOMERS.us, CUSTOMERS.de, CUSTOMERS.jp],
    loginCustomerId: FIXTURE_MANAGER_ID,
    clientId: 'fake-client-id.apps.googleusercontent.com',
    ...SECRETS,
    apiBaseUrl: fake.url,
    oauthTokenUrl: fake.tokenUrl,
    lateDataDays: 2,
    ...overrides,
  };
}

export interface AccountFigures {
  readonly rows: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  /** Minor units of the account's currency. */
  readonly spendCents: number;
  readonly revenueCents: number;
}

/**
 * The fixture's totals worked out by hand (fixtures.ts), rounding half away from zero:
 * US  spend 1234.5678→1235, 2000, 0, 999.5→1000, 700, 600, 100 = 5635 ¢;
 *     revenue 100.5→10050, 75.25→7525, 1.005→101 (decimal, not binary), 20→2000 = 19676 ¢.
 * DE  spend 1500, 1550, 1444.4444→1444, 333.3333→333 = 4827 ¢;
 *     revenue 25000, 180.4→18040, 199.99→19999, 49.995→5000 = 68039 ¢.
 * JP  spend (yen, exponent 0) 2500.5→2501, 2600.4→2600, 0.999999→1 = 5102;
 *     revenue 12000, 9999.5→10000 = 22000.
 */
export const EXPECTED: Readonly<Record<keyof typeof CUSTOMERS, AccountFigures>> = {
  us: { rows: 7, impressions: 13_000, clicks: 178, conversions: 5, spendCents: 5_635, revenueCents: 19_676 },
  de: {
    rows: 4,
    impressions: 6_300,
    clicks: 330,
    conversions: 8.25,
    spendCents: 4_827,
    revenueCents: 68_039,
  },
  jp: {
    rows: 3,
    impressions: 16_100,
    clicks: 325,
    conversions: 7.333333,
    spendCents: 5_102,
    revenueCents: 22_000,
  },
};

/** Per-account sums of the stored rows, in account currency. */
export async function storedByAccount(
  connection: Connection,
  tenant: HarnessTenant,
): Promise<Record<string, AccountFigures>> {
  const rows = await connection
    .collection('metricsDaily')
    .aggregate<AccountFigures & { _id: string }>([
      { $match: { tenantId: tenant.tenantId, platform: 'google' } },
      {
        $group: {
          _id: '$accountId',
          rows: { $sum: 1 },
          impressions: { $sum: '$impressions' },
          clicks: { $sum: '$clicks' },
          conversions: { $sum: '$conversions' },
          spendCents: { $sum: '$spendCents' },
          revenueCents: { $sum: '$revenueCents' },
        },
      },
    ])
    .toArray();
  return Object.fromEntries(rows.map(({ _id, ...figures }) => [_id, figures]));
}

/** The stored daily rows as comparable strings keyed by campaign and day (sync bookkeeping left out). */
export async function snapshot(connection: Connection, tenant: HarnessTenant): Promise<Map<string, string>> {
  const documents = await connection
    .collection('metricsDaily')
    .find({ tenantId: tenant.tenantId, platform: 'google' }, { projection: { _id: 0, syncedAt: 0 } })
    .toArray();
  return new Map(
    documents.map((document) => [
      `${String(document['campaignId'])}|${String(document['date'])}`,
      JSON.stringify(document),
    ]),
  );
}
