import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { createRedisCache } from '../../../core/cache/redis-cache.js';
import { createInProcessEventBus } from '../../../core/events/in-process-event-bus.js';
import type { BusEvent } from '../../../core/events/event-bus.js';
import { ensureDemoFxRates } from '../../../core/ingest/fx/demo-rates.js';
import { createFxService } from '../../../core/ingest/fx/fx-table.js';
import { createIngestModels } from '../../../core/ingest/ingest-models.js';
import { createSyncRunner } from '../../../core/ingest/sync-runner.js';
import { createSyncRuns } from '../../../core/ingest/sync-runs.js';
import { createLogger } from '../../../core/logging/logger.js';
import { TenantContext } from '../../../core/tenancy/tenant-context.js';
import {
  adsDemoConfigSchema,
  createAdsDemoSource,
  createDemoRuntime,
  createMemoryDemoStateStore,
} from '../../../plugins/ads-demo/index.js';
import { connectTestRedis, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { insertMetrics } from './support/kpi-fixtures.js';
import { startAnalyticsTestApp } from './support/analytics-test-app.js';
import type { AnalyticsTestApp } from './support/analytics-test-app.js';

describe('KPI caching (integration, embedded DB + real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let app: AnalyticsTestApp;

  before(async function () {
    redis = await connectTestRedis(this);
    prefix = uniqueKeyPrefix();
    app = await startAnalyticsTestApp({
      now: '2026-03-01T18:00:00Z',
      cache: createRedisCache(redis, { keyPrefix: prefix }),
    });
  });
  after(async () => {
    if (app !== undefined) await app.close();
    if (redis !== undefined) {
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
  });

  const rawSpend = async (tenantId: string, from: string, to: string) => {
    const [sum] = await app.connection
      .collection('metricsDaily')
      .aggregate<{ spend: number }>([
        { $match: { tenantId, date: { $gte: from, $lte: to } } },
        { $group: { _id: null, spend: { $sum: '$spendCentsTenant' } } },
      ])
      .toArray();
    return sum?.spend ?? 0;
  };

  it('when two tenants ask the very same query, each gets its own numbers from the shared cache', async () => {
    const tenantA = await app.seedTenant('iso-a');
    const tenantB = await app.seedTenant('iso-b');
    await insertMetrics(app.connection, tenantA, [
      { campaignId: 'c1', date: '2026-02-10', spendCents: 1_000 },
    ]);
    await insertMetrics(app.connection, tenantB, [
      { campaignId: 'c1', date: '2026-02-10', spendCents: 7_000 },
    ]);
    const query = { from: '2026-02-01', to: '2026-02-28', metrics: ['spend' as const] };
    for (let round = 0; round < 2; round += 1) {
      expect(
        (await app.analytics.service.query(tenantA.id, query)).totals.spend,
        `A round ${round}`,
      ).to.equal(1_000);
      expect(
        (await app.analytics.service.query(tenantB.id, query)).totals.spend,
        `B round ${round}`,
      ).to.equal(7_000);
    }
    const [, keys] = await redis.scan('0', 'MATCH', `${prefix}*kpis:query:*`, 'COUNT', 1000);
    expect(keys.filter((key) => key.includes(tenantA.id))).to.have.length(1);
    expect(keys.filter((key) => key.includes(tenantB.id))).to.have.length(1);
  });

  it('when rows change without a sync the cached answer is served; a real sync bumps the version and the next answer is fresh', async () => {
    const tenant = await app.seedTenant('sync', { currency: 'EUR', timezone: 'Europe/Berlin' });
    const query = { from: '2026-02-20', to: '2026-03-01', metrics: ['spend' as const, 'clicks' as const] };
    const before = await app.analytics.service.query(tenant.id, query);
    expect(before.totals).to.deep.equal({ spend: 0, clicks: 0 });

    // Written behind the service's back (no sync, no version bump): the cached answer stands.
    await insertMetrics(app.connection, tenant, [
      { campaignId: 'manual', date: '2026-02-25', spendCents: 500, clicks: 5 },
    ]);
    expect((await app.analytics.service.query(tenant.id, query)).totals).to.deep.equal({
      spend: 0,
      clicks: 0,
    });

    const models = createIngestModels(app.connection, new TenantContext());
    await ensureDemoFxRates(models);
    const bus = createInProcessEventBus({ logger: createLogger({ level: 'silent' }) });
    const completed: BusEvent[] = [];
    bus.subscribeAll((event) => {
      if (event.name === 'sync.completed' || event.name === 'kpis.changed') completed.push(event);
    });
    const runtime = createDemoRuntime({
      config: adsDemoConfigSchema.parse({
        size: 'small',
        seed: 11,
        anchorDate: '2026-03-01',
        today: '2026-03-01',
        apiKey: 'demo-api-key',
      }),
      store: createMemoryDemoStateStore(),
      clock: { now: () => new Date('2026-03-01T12:00:00Z') },
      tenantTimezone: 'Europe/Berlin',
    });
    const installationId = 'a'.repeat(24);
    const runs = createSyncRuns(models.syncRuns);
    const { id: runId } = await runs.create(
      { tenantId: tenant.id, installationId, pluginId: 'ads-demo', trigger: 'manual' },
      new Date('2026-03-01T17:00:00Z'),
    );
    await createSyncRunner({
      models,
      fx: createFxService(models),
      bus,
      cache: app.cache,
      now: () => new Date('2026-03-01T17:30:00Z'),
      logger: { info: () => undefined, warn: () => undefined },
    }).run({
      runId,
      tenant: { id: tenant.id, slug: tenant.slug, currency: 'EUR', timezone: 'Europe/Berlin' },
      installationId,
      pluginId: 'ads-demo',
      source: createAdsDemoSource(runtime),
      range: { from: '2026-02-20', to: '2026-03-01' },
      signal: new AbortController().signal,
    });
    expect(completed.map((event) => event.name)).to.include.members(['sync.completed', 'kpis.changed']);

    const after = await app.analytics.service.query(tenant.id, query);
    const expectedSpend = await rawSpend(tenant.id, query.from, query.to);
    expect(expectedSpend).to.be.above(500);
    expect(after.totals.spend).to.equal(expectedSpend);
    expect(after.meta.platforms.map((platform) => platform.lastSuccessfulSyncAt)).to.include(
      '2026-03-01T17:30:00.000Z',
    );
    await bus.close();
  });

  it('when the same question comes again, the cached answer is returned without reading the rows', async () => {
    const tenant = await app.seedTenant('hit');
    await insertMetrics(app.connection, tenant, [
      { campaignId: 'c1', date: '2026-02-10', spendCents: 1_000 },
    ]);
    const first = await app.analytics.service.query(tenant.id, {
      range: 'last_30_days',
      metrics: ['spend', 'clicks'],
      platforms: ['meta', 'google'],
    });
    // Same question phrased differently (list order, duplicates): one cache entry, no new read.
    await insertMetrics(app.connection, tenant, [{ campaignId: 'c2', date: '2026-02-11', spendCents: 5 }]);
    const again = await app.analytics.service.query(tenant.id, {
      range: 'last_30_days',
      metrics: ['clicks', 'spend', 'clicks'],
      platforms: ['google', 'meta', 'meta'],
    });
    expect(again).to.deep.equal(first);
    expect(first.totals.spend).to.equal(1_000);
    await app.cache.bumpDataVersion(tenant.id);
    const fresh = await app.analytics.service.query(tenant.id, {
      range: 'last_30_days',
      metrics: ['spend'],
      platforms: ['meta'],
    });
    expect(fresh.totals.spend).to.equal(1_005);
  });
});
