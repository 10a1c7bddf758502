/**
 * `npm run bench -- sync tiktok [--campaigns 5000 --days 90 --page-size 1000 --throttles 0]`: a
 * large fake TikTok advertiser synced through the real pipeline (fake API over HTTP → connector →
 * plugin → ingest → embedded database). Prints rows/s, the API calls made beside the fewest the
 * pagination allows, and the time spent waiting on rate limits.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TIKTOK_REPORT_WINDOW_DAYS, adsTiktokPlugin } from '../plugins/ads-tiktok/index.js';
import { startTikTokFake } from '../test/fakes/tiktok/fake-tiktok.js';
import { ADVERTISER_USD, TIKTOK_TOKEN, generateTikTokData } from '../test/fakes/tiktok/fixtures.js';
import { startPlatformHarness } from '../test/integration/connectors/support/platform-harness.js';

const flagsSchema = z.object({
  campaigns: z.coerce.number().int().min(1).max(5_000).default(5_000),
  days: z.coerce.number().int().min(1).max(400).default(90),
  'page-size': z.coerce.number().int().min(1).max(1_000).default(1_000),
  throttles: z.coerce.number().int().min(0).max(50).default(0),
});

const FIRST_DAY = '2026-08-03';

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Requests the pagination needs at least: info, campaign pages, report pages per 30-day window. */
function minimumCalls(campaigns: number, days: number, pageSize: number): number {
  let reportPages = 0;
  for (let start = 0; start < days; start += TIKTOK_REPORT_WINDOW_DAYS)
    reportPages += Math.max(
      1,
      Math.ceil((campaigns * Math.min(TIKTOK_REPORT_WINDOW_DAYS, days - start)) / pageSize),
    );
  return 1 + Math.ceil(campaigns / pageSize) + reportPages;
}

export async function runSyncTiktokBenchmark(argv: readonly string[]): Promise<void> {
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
  const fake = await startTikTokFake(
    generateTikTokData({ campaigns: flags.campaigns, days: flags.days, from: FIRST_DAY }),
    {
      tokens: [TIKTOK_TOKEN],
    },
  );
  const harness = await startPlatformHarness({ registry: [adsTiktokPlugin] });
  try {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'America/New_York' });
    await harness.install(tenant, 'ads-tiktok', {
      accessToken: TIKTOK_TOKEN,
      advertiserIds: [ADVERTISER_USD],
      apiBaseUrl: fake.baseUrl,
      pageSize,
      lateDataDays: 0,
      rateLimitWaitMs: 1_000,
    });
    if (flags.throttles > 0) fake.rateLimit({ requests: flags.throttles, windowMs: 1_000 });
    const started = performance.now();
    const summary = await harness.sync(tenant, 'ads-tiktok', { range });
    const seconds = (performance.now() - started) / 1_000;
    const waitedMs = fake.requests.reduce((sum, request, index) => {
      const next = fake.requests[index + 1];
      return request.code === 40100 && next !== undefined ? sum + (next.at - request.at) : sum;
    }, 0);
    const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(34)} ${value}\n`);
    process.stdout.write(
      `sync tiktok: ${flags.campaigns} campaigns x ${flags.days} days, page size ${pageSize}\n\n`,
    );
    line('status', `${summary.status} (${summary.invalidRows} invalid rows)`);
    line('metric rows stored', String(summary.rows.metrics));
    line('duration', `${seconds.toFixed(1)} s`);
    line('rows/s', (summary.rows.metrics / seconds).toFixed(0));
    line('API calls made', String(fake.requests.length));
    line('fewest the pagination allows', String(minimumCalls(flags.campaigns, flags.days, pageSize)));
    line('rate-limit answers', String(fake.requests.filter((request) => request.code === 40100).length));
    line('time waiting on rate limits', `${(waitedMs / 1_000).toFixed(1)} s`);
  } finally {
    await harness.close();
    await fake.close();
  }
}
