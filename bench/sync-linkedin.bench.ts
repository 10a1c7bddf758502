/**
 * `npm run bench -- sync linkedin [--campaigns 5000 --days 90 --page-size 100 --throttles 0]`: a
 * large fake LinkedIn ad account synced through the real pipeline (fake API over HTTP → connector
 * → plugin → ingest → embedded database). adAnalytics is unpaged and truncates at 15,000
 * elements, so windows hold at most 10,000 campaign-days. Prints rows/s, API calls made beside
 * the fewest that allows, and the time spent waiting on rate limits.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { adsLinkedinPlugin, analyticsWindowDays } from '../plugins/ads-linkedin/index.js';
import { startLinkedInFake } from '../test/fakes/linkedin/fake-linkedin.js';
import {
  LINKEDIN_TOKEN,
  LINKEDIN_VERSION,
  LI_ACCOUNT_USD,
  generateLinkedInData,
} from '../test/fakes/linkedin/fixtures.js';
import { startPlatformHarness } from '../test/integration/connectors/support/platform-harness.js';

const flagsSchema = z.object({
  campaigns: z.coerce.number().int().min(1).max(5_000).default(5_000),
  days: z.coerce.number().int().min(1).max(400).default(90),
  'page-size': z.coerce.number().int().min(1).max(1_000).default(100),
  throttles: z.coerce.number().int().min(0).max(50).default(0),
});

const FIRST_DAY = '2026-08-03';

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Account, campaign pages (structure stream and the campaign count), analytics windows. */
function minimumCalls(campaigns: number, days: number, pageSize: number): number {
  return 1 + 2 * Math.ceil(campaigns / pageSize) + Math.ceil(days / analyticsWindowDays(campaigns));
}

export async function runSyncLinkedinBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      campaigns: { type: 'string' },
      days: { type: 'string' },
      'page-size': { type: 'string' },
      throttles: { type: 'string' },
    },
    allowPositionals: true,
  });
  const flags = flagsSchema.parse(values);
  const pageSize = flags['page-size'];
  const range = { from: FIRST_DAY, to: addDays(FIRST_DAY, flags.days - 1) };
  const fake = await startLinkedInFake(
    generateLinkedInData({ campaigns: flags.campaigns, days: flags.days, from: FIRST_DAY }),
    {
      accessTokens: [LINKEDIN_TOKEN],
      versions: [LINKEDIN_VERSION],
    },
  );
  const harness = await startPlatformHarness({ registry: [adsLinkedinPlugin] });
  try {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'America/New_York' });
    await harness.install(tenant, 'ads-linkedin', {
      accessToken: LINKEDIN_TOKEN,
      accountIds: [String(LI_ACCOUNT_USD)],
      apiBaseUrl: fake.baseUrl,
      pageSize,
      lateDataDays: 0,
      rateLimitWaitMs: 1_000,
    });
    if (flags.throttles > 0) fake.rateLimit({ requests: flags.throttles, windowMs: 1_000 });
    const started = performance.now();
    const summary = await harness.sync(tenant, 'ads-linkedin', { range });
    const seconds = (performance.now() - started) / 1_000;
    const waitedMs = fake.requests.reduce((sum, request, index) => {
      const next = fake.requests[index + 1];
      return request.status === 429 && next !== undefined ? sum + (next.at - request.at) : sum;
    }, 0);
    const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(34)} ${value}\n`);
    process.stdout.write(
      `sync linkedin: ${flags.campaigns} campaigns x ${flags.days} days, page size ${pageSize}\n\n`,
    );
    line('status', `${summary.status} (${summary.invalidRows} invalid rows)`);
    line('metric rows stored', String(summary.rows.metrics));
    line('duration', `${seconds.toFixed(1)} s`);
    line('rows/s', (summary.rows.metrics / seconds).toFixed(0));
    line('API calls made', String(fake.requests.length));
    line('fewest the slicing allows', String(minimumCalls(flags.campaigns, flags.days, pageSize)));
    line('rate-limit answers', String(fake.requests.filter((request) => request.status === 429).length));
    line('time waiting on rate limits', `${(waitedMs / 1_000).toFixed(1)} s`);
  } finally {
    await harness.close();
    await fake.close();
  }
}
