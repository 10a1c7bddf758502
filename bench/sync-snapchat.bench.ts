/**
 * `npm run bench -- sync snapchat [--campaigns 5000 --days 90 --throttles 0]`: a large fake
 * Snapchat ad account synced through the real pipeline (fake API over HTTP → connector → plugin →
 * ingest → embedded database). Stats come per ad account broken down by campaign, one call per
 * time window sized so campaigns × days stays within `statsEntriesPerRequest`; stats are not
 * paginated (reference §4.4). Prints rows/s, API calls made beside the fewest that design allows,
 * and the time spent waiting on rate limits.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { adsSnapchatPlugin, statsWindowDays } from '../plugins/ads-snapchat/index.js';
import {
  SNAP_CLIENT_ID,
  SNAP_CLIENT_SECRET,
  startSnapchatFake,
} from '../test/fakes/snapchat/fake-snapchat.js';
import { SNAP_ACCOUNT_USD, SNAP_REFRESH_TOKEN, generateSnapData } from '../test/fakes/snapchat/fixtures.js';
import { startPlatformHarness } from '../test/integration/connectors/support/platform-harness.js';

const flagsSchema = z.object({
  campaigns: z.coerce.number().int().min(1).max(5_000).default(5_000),
  days: z.coerce.number().int().min(1).max(400).default(90),
  throttles: z.coerce.number().int().min(0).max(50).default(0),
});

const FIRST_DAY = '2026-08-03';
const LIST_PAGE = 1_000;
/** The plugin's default: campaign-days per account stats answer at most. */
const STATS_ENTRIES_PER_REQUEST = 25_000;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Token grant, account list, campaign pages (structure stream, and again to size the stats
 * windows), one account stats call per window.
 */
function minimumCalls(campaigns: number, days: number): number {
  const windows = Math.ceil(days / statsWindowDays(campaigns, STATS_ENTRIES_PER_REQUEST));
  return 2 + 2 * Math.ceil(campaigns / LIST_PAGE) + windows;
}

export async function runSyncSnapchatBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { campaigns: { type: 'string' }, days: { type: 'string' }, throttles: { type: 'string' } },
    allowPositionals: true,
  });
  const flags = flagsSchema.parse(values);
  const range = { from: FIRST_DAY, to: addDays(FIRST_DAY, flags.days - 1) };
  const fake = await startSnapchatFake(
    generateSnapData({ campaigns: flags.campaigns, days: flags.days, from: FIRST_DAY }),
    {
      refreshTokens: [SNAP_REFRESH_TOKEN],
    },
  );
  const harness = await startPlatformHarness({ registry: [adsSnapchatPlugin] });
  try {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'America/New_York' });
    await harness.install(tenant, 'ads-snapchat', {
      clientId: SNAP_CLIENT_ID,
      clientSecret: SNAP_CLIENT_SECRET,
      refreshToken: SNAP_REFRESH_TOKEN,
      adAccountIds: [SNAP_ACCOUNT_USD],
      apiBaseUrl: fake.baseUrl,
      authBaseUrl: fake.baseUrl,
      pageSize: LIST_PAGE,
      lateDataDays: 0,
      rateLimitWaitMs: 1_000,
      statsEntriesPerRequest: STATS_ENTRIES_PER_REQUEST,
    });
    if (flags.throttles > 0) fake.rateLimit({ requests: flags.throttles, windowMs: 1_000 });
    const started = performance.now();
    const summary = await harness.sync(tenant, 'ads-snapchat', { range });
    const seconds = (performance.now() - started) / 1_000;
    const waitedMs = fake.requests.reduce((sum, request, index) => {
      const next = fake.requests[index + 1];
      return request.status === 429 && next !== undefined ? sum + (next.at - request.at) : sum;
    }, 0);
    const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(34)} ${value}\n`);
    process.stdout.write(`sync snapchat: ${flags.campaigns} campaigns x ${flags.days} days\n\n`);
    line('status', `${summary.status} (${summary.invalidRows} invalid rows)`);
    line('metric rows stored', String(summary.rows.metrics));
    line('duration', `${seconds.toFixed(1)} s`);
    line('rows/s', (summary.rows.metrics / seconds).toFixed(0));
    line('API calls made', String(fake.requests.length));
    line('fewest the windows allow', String(minimumCalls(flags.campaigns, flags.days)));
    line('rate-limit answers', String(fake.requests.filter((request) => request.status === 429).length));
    line('time waiting on rate limits', `${(waitedMs / 1_000).toFixed(1)} s`);
  } finally {
    await harness.close();
    await fake.close();
  }
}
