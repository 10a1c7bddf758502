/** What the Meta suites share: the fake, the harness with the plugin, fixed FX rates and hand-computed totals. */
import { createAdsMetaPlugin } from '../../../../plugins/ads-meta/index.js';
import { startFakeMeta } from '../../../fakes/meta/fake-meta-server.js';
import type { FakeMeta, FakeMetaOptions } from '../../../fakes/meta/fake-meta-server.js';
import { FIXTURE_DAYS, GOOD_TOKEN, fixtureAccounts, fixtureTokens } from '../../../fakes/meta/fixtures.js';
import type { FakeMetaAccount } from '../../../fakes/meta/model.js';
import { startPlatformHarness } from '../support/platform-harness.js';
import type { HarnessTenant, PlatformHarness } from '../support/platform-harness.js';

export const PLUGIN_ID = 'ads-meta';

/** Units per 1 USD on every fixture day: 1 EUR = 1.25 USD, 1 JPY = 1 US cent. */
export const TEST_RATES = { USD: 1, EUR: 0.8, JPY: 100 } as const;

export interface MetaSuite {
  readonly fake: FakeMeta;
  readonly harness: PlatformHarness;
  tenant(): Promise<HarnessTenant>;
  /** Installs ads-meta for the tenant against the fake. */
  install(tenant: HarnessTenant, config?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startMetaSuite(
  options: { fake?: Partial<FakeMetaOptions>; now?: () => Date } = {},
): Promise<MetaSuite> {
  const fake = await startFakeMeta({ accounts: fixtureAccounts(), tokens: fixtureTokens(), ...options.fake });
  const plugin = createAdsMetaPlugin({ retry: { baseDelayMs: 20, maxDelayMs: 200, retries: 8 } });
  const harness = await startPlatformHarness({
    registry: [plugin],
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const rates = harness.connection.collection('fxRates');
  for (const day of [...FIXTURE_DAYS, '2026-10-31', '2026-11-11'])
    await rates.updateOne(
      { date: day },
      { $set: { date: day, base: 'USD', rates: { ...TEST_RATES } } },
      { upsert: true },
    );
  return {
    fake,
    harness,
    tenant: () => harness.createTenant({ currency: 'USD', timezone: 'America/New_York' }),
    install: (tenant, config = {}) =>
      harness.install(tenant, PLUGIN_ID, {
        accessToken: GOOD_TOKEN,
        accountIds: ['act_1001', 'act_1002', 'act_1003'],
        apiBaseUrl: fake.url,
        lateDataDays: 3,
        pageSize: 7,
        reportPollIntervalMs: 20,
        ...config,
      }),
    async close() {
      await harness.close();
      await fake.close();
    },
  };
}

/** "12.34" → 1234 (or "1234" → 1234 for a zero-decimal currency), by string surgery only. */
function minorOf(value: string): number {
  const [whole = '0', fraction = ''] = value.split('.');
  return Number(whole + fraction);
}

const TO_USD_CENTS: Readonly<Record<string, (minor: number) => number>> = {
  USD: (minor) => minor,
  EUR: (minor) => (minor * 5) / 4,
  JPY: (minor) => minor,
};

export interface ExpectedTotals {
  spendCents: number;
  revenueCents: number;
  impressions: number;
  clicks: number;
  conversions: number;
  rows: number;
}

/** Totals in USD cents straight from the fixture strings: one purchase type counted, never the three. */
export function expectedTotals(
  accounts: readonly FakeMetaAccount[],
  days: ReadonlySet<string>,
): ExpectedTotals {
  const totals: ExpectedTotals = {
    spendCents: 0,
    revenueCents: 0,
    impressions: 0,
    clicks: 0,
    conversions: 0,
    rows: 0,
  };
  for (const account of accounts) {
    const toUsd = TO_USD_CENTS[account.currency] ?? (() => Number.NaN);
    for (const campaign of account.campaigns)
      for (const [date, day] of campaign.days) {
        if (!days.has(date) || 'raw' in day) continue;
        const purchase = day.actions?.find((action) => action.action_type === 'omni_purchase');
        const value = day.action_values?.find((action) => action.action_type === 'omni_purchase');
        totals.spendCents += toUsd(minorOf(day.spend));
        totals.revenueCents += value === undefined ? 0 : toUsd(minorOf(value.value));
        totals.impressions += Number(day.impressions);
        totals.clicks += Number(day.clicks);
        totals.conversions += purchase === undefined ? 0 : Number(purchase.value);
        totals.rows += 1;
      }
  }
  return totals;
}
