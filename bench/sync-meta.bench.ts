/**
 * `npm run bench -- sync meta [--campaigns 5000 --days 90 --page-size 1000 --throttles 0]`: a
 * large fake Meta account synced through the real pipeline (fake Marketing API over HTTP →
 * connector → plugin → ingest → embedded database). Prints rows/s, the API calls made beside
 * the fewest the pagination allows, and the time spent waiting on throttling.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createAdsMetaPlugin } from '../plugins/ads-meta/index.js';
import { startFakeMeta } from '../test/fakes/meta/fake-meta-server.js';
import { GOOD_TOKEN, fixtureTokens, largeAccount } from '../test/fakes/meta/fixtures.js';
import { daysBetween } from '../test/fakes/meta/graph.js';
import { startPlatformHarness } from '../test/integration/connectors/support/platform-harness.js';

const flagsSchema = z.object({
  campaigns: z.coerce.number().int().min(1).max(5_000).default(5_000),
  days: z.coerce.number().int().min(1).max(400).default(90),
  'page-size': z.coerce.number().int().min(1).max(1_000).default(1_000),
  throttles: z.coerce.number().int().min(0).max(50).default(0),
});

const LAST_DAY = '2026-10-31';

export async function runSyncMetaBenchmark(argv: readonly string[]): Promise<void> {
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
  const from = new Date(Date.parse(`${LAST_DAY}T00:00:00Z`) - (flags.days - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const days = daysBetween(from, LAST_DAY);
  const fake = await startFakeMeta({
    accounts: [largeAccount(flags.campaigns, days)],
    tokens: fixtureTokens(),
    reportPollsToComplete: 1,
  });
  const harness = await startPlatformHarness({ registry: [createAdsMetaPlugin()] });
  try {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'America/New_York' });
    await harness.install(tenant, 'ads-meta', {
      accessToken: GOOD_TOKEN,
      accountIds: ['act_7001'],
      apiBaseUrl: fake.url,
      pageSize,
      lateDataDays: 0,
      reportPollIntervalMs: 200,
    });
    if (flags.throttles > 0)
      fake.rateLimitNext(flags.throttles, { code: 80000, regainMs: 1_000, pathIncludes: '/insights' });
    const started = performance.now();
    const summary = await harness.sync(tenant, 'ads-meta', { range: { from, to: LAST_DAY } });
    const seconds = (performance.now() - started) / 1_000;
    const rows = flags.campaigns * days.length;
    const polls = fake.requests.filter((request) => /^\/v\d+\.0\/9\d+$/.test(request.path)).length;
    // Ranges over 31 days go through an async report (ads-meta's default asyncReportAboveDays).
    const asyncReport = days.length > 31;
    // Account, campaign pages, (the report's submission and at least one poll,) insights pages.
    const minimum =
      1 + Math.ceil(flags.campaigns / pageSize) + (asyncReport ? 2 : 0) + Math.ceil(rows / pageSize);
    let waitedMs = 0;
    fake.requests.forEach((request, index) => {
      const next = fake.requests[index + 1];
      if (request.rateLimited && next !== undefined) waitedMs += next.at - request.at;
    });
    const report = {
      status: summary.status,
      insightsMode: asyncReport ? 'async report' : 'synchronous pages',
      campaigns: flags.campaigns,
      days: days.length,
      metricRows: summary.rows.metrics,
      expectedRows: rows,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(summary.rows.metrics / seconds),
      apiCalls: fake.requests.length,
      apiCallsCounted: summary.apiCalls,
      minimumApiCalls: minimum,
      reportPolls: polls,
      throttledAnswers: fake.requests.filter((request) => request.rateLimited).length,
      waitingOnRateLimitsMs: waitedMs,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await harness.close();
    await fake.close();
  }
}
