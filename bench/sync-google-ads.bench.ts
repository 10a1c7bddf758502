/**
 * `sync` area, Google Ads (`runSyncGoogleAdsBenchmark`): a large fake customer (default 5,000
 * campaigns × 90 days) synced end to end — fake Google Ads API over HTTP → connector → plugin →
 * ingest → embedded database — printing rows/s, the API calls made beside the fewest the
 * pagination allows, and the time spent waiting on rate limits (`--rate-limits N` injects N
 * RESOURCE_EXHAUSTED answers with a 1 s retryDelay).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { adsGooglePlugin } from '../plugins/ads-google/index.js';
import { largeGoogleAdsFixture } from '../test/fakes/google-ads/fixtures.js';
import { startGoogleAdsFake } from '../test/fakes/google-ads/server.js';
import type { RecordedRequest } from '../test/fakes/google-ads/server.js';
import { startPlatformHarness } from '../test/integration/connectors/support/platform-harness.js';

const FIRST_DAY = '2026-01-01';

const flagsSchema = z.object({
  campaigns: z.coerce.number().int().min(1).max(20_000).default(5_000),
  days: z.coerce.number().int().min(1).max(400).default(90),
  pageSize: z.coerce.number().int().min(1).max(10_000).default(10_000),
  rateLimits: z.coerce.number().int().min(0).max(50).default(0),
});

function line(label: string, value: string, note = ''): void {
  process.stdout.write(`${label.padEnd(44)} ${value.padStart(16)}   ${note}\n`);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Time between each 429 answer and the request that followed it. */
function rateLimitWaitMs(requests: readonly RecordedRequest[]): number {
  let waited = 0;
  requests.forEach((request, index) => {
    const next = requests[index + 1];
    if (request.status === 429 && next !== undefined) waited += next.atMs - request.atMs;
  });
  return waited;
}

export async function runSyncGoogleAdsBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      campaigns: { type: 'string' },
      days: { type: 'string' },
      'page-size': { type: 'string' },
      'rate-limits': { type: 'string' },
    },
    allowPositionals: false,
  });
  const flags = flagsSchema.parse({
    campaigns: values.campaigns,
    days: values.days,
    pageSize: values['page-size'],
    rateLimits: values['rate-limits'],
  });
  const data = largeGoogleAdsFixture(flags.campaigns, flags.days, FIRST_DAY);
  const fake = await startGoogleAdsFake({ data, pageSize: flags.pageSize });
  const harness = await startPlatformHarness({ registry: [adsGooglePlugin] });
  try {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'America/Los_Angeles' });
    await harness.install(tenant, 'ads-google', {
      customerIds: ['5555555555'],
      clientId: 'fake-client-id.apps.googleusercontent.com',
      clientSecret: 'fake-client-secret',
      refreshToken: 'fake-refresh-token',
      apiBaseUrl: fake.url,
      oauthTokenUrl: fake.tokenUrl,
      lateDataDays: 0,
    });
    if (flags.rateLimits > 0) fake.rateLimitNext(flags.rateLimits, { retryDelaySeconds: 1 });
    const range = { from: FIRST_DAY, to: addDays(FIRST_DAY, flags.days - 1) };
    const started = performance.now();
    const summary = await harness.sync(tenant, 'ads-google', { range });
    const seconds = (performance.now() - started) / 1_000;
    const rows = summary.rows.metrics;
    // One token request, one customer query, then the campaign pages and the metrics pages.
    const minimum =
      2 + Math.ceil(flags.campaigns / flags.pageSize) + Math.ceil(data.daily.length / flags.pageSize);
    process.stdout.write(
      `Google Ads sync: ${flags.campaigns} campaigns × ${flags.days} days, page size ${flags.pageSize}\n`,
    );
    line('run status', summary.status, summary.errors[0]?.message ?? '');
    line('daily rows stored', String(rows), `of ${data.daily.length} served`);
    line('campaigns stored', String(summary.rows.campaigns));
    line('wall time (s)', seconds.toFixed(2));
    line('daily rows/s', (rows / seconds).toFixed(0));
    line('API calls made', String(fake.requests.length), `minimum the pagination allows: ${minimum}`);
    line('rate-limit answers', String(fake.requests.filter((request) => request.status === 429).length));
    line('time waiting on rate limits (s)', (rateLimitWaitMs(fake.requests) / 1_000).toFixed(2));
  } finally {
    await harness.close();
    await fake.close();
  }
}
