import { expect } from 'chai';
import { convertMinor } from '../../../core/ingest/fx/convert.js';
import { demoFxRatesOf } from '../../../core/ingest/fx/demo-rates.js';
import type { SyncProgress } from '../../../core/ingest/sync-progress.js';
import type { TenantInfo } from '../../../core/plugin-api/index.js';
import type { DemoRuntime } from '../../../plugins/ads-demo/index.js';
import {
  HARNESS_NOW as NOW,
  demoRuntime,
  demoSource,
  newInstallationId,
  expectedDemoRows,
  startIngestHarness,
  storedCounts,
  storedMetrics,
  syncOnce,
  testTenant,
} from './support/ingest-harness.js';
import type { IngestHarness, SyncOptions } from './support/ingest-harness.js';

describe('ingest: sync runner over ads-demo (real embedded database)', function () {
  this.timeout(30_000);
  let harness: IngestHarness;

  before(async () => {
    harness = await startIngestHarness();
  });
  after(async () => {
    await harness.close();
  });

  const sync = (tenant: TenantInfo, runtime: DemoRuntime, options: SyncOptions = {}) =>
    syncOnce(harness, tenant, runtime, options);
  const counts = storedCounts;

  it('when ads-demo is synced end to end, the stored rows equal what the simulator yields, with tenant-currency amounts', async () => {
    const tenant = testTenant('EUR', 'Europe/Berlin');
    const summary = await sync(tenant, demoRuntime());
    const expected = await expectedDemoRows(demoRuntime(), { from: '2025-01-26', to: '2026-03-01' });
    expect(summary.status).to.equal('succeeded');
    expect(summary.range).to.deep.equal({ from: '2025-01-26', to: '2026-03-01' });
    expect(expected.metrics).to.be.above(3000);
    expect(await counts(harness.models, tenant.id)).to.deep.equal(expected);
    expect(summary.rows).to.deep.equal(expected);
    expect([summary.invalidRows, summary.errors.length]).to.deep.equal([0, 0]);
    expect(summary.apiCalls).to.be.above(expected.accounts * 2);

    const rows = await storedMetrics(harness.models, tenant.id);
    expect(rows.every((row) => row['fxMissing'] === false && row['tenantCurrency'] === 'EUR')).to.equal(true);
    const foreign = rows.filter((row) => row['currency'] !== 'EUR');
    expect(foreign.length).to.be.above(0);
    for (const row of foreign.slice(0, 50)) {
      const rates = demoFxRatesOf(row['date'] as string);
      expect(row['spendCentsTenant']).to.equal(
        convertMinor(row['spendCents'] as number, row['currency'] as string, 'EUR', rates),
      );
      expect(row['revenueCentsTenant']).to.equal(
        convertMinor(row['revenueCents'] as number, row['currency'] as string, 'EUR', rates),
      );
    }
    const own = rows.find((row) => row['currency'] === 'EUR');
    expect(own?.['spendCentsTenant']).to.equal(own?.['spendCents']);

    const run = await harness.syncRuns.get(tenant.id, summary.runId);
    expect([run?.status, run?.attempt, run?.progress]).to.deep.equal([
      'succeeded',
      1,
      { phase: 'done', fraction: 1 },
    ]);
    const completed = harness.bus.named('sync.completed', tenant.id);
    expect(completed.map((event) => event.payload)).to.deep.equal([
      {
        pluginId: 'ads-demo',
        runId: summary.runId,
        rows: expected.accounts + expected.campaigns + expected.metrics,
        from: '2025-01-26',
        to: '2026-03-01',
      },
    ]);
    expect(harness.bus.named('kpis.changed', tenant.id).map((event) => event.payload)).to.deep.equal([
      {
        dataVersion: 1,
        from: '2025-01-26',
        to: '2026-03-01',
        platforms: ['google', 'linkedin', 'meta', 'snapchat', 'tiktok'],
      },
    ]);
    expect(await harness.cache.dataVersion(tenant.id)).to.equal(1);
  });

  it('when the same installation syncs again, counts stay the same and the restated last three days are overwritten', async () => {
    const tenant = testTenant('USD', 'UTC');
    const runtime = demoRuntime();
    const installationId = newInstallationId();
    const firstRange = { from: '2026-01-01', to: '2026-03-01' };
    await sync(tenant, runtime, { installationId, range: firstRange });
    const before = await counts(harness.models, tenant.id);
    const firstPass = await storedMetrics(harness.models, tenant.id);

    const second = await sync(tenant, runtime, { installationId });
    expect(second.range).to.deep.equal({ from: '2026-02-26', to: '2026-03-01' });
    expect(await counts(harness.models, tenant.id)).to.deep.equal(before);
    const secondPass = await storedMetrics(harness.models, tenant.id);

    // What the simulator reports on its second sync for those days: read from an identical installation.
    // The simulator numbers syncs per metrics read; the twin repeats the first sync's reads first.
    const twin = demoRuntime();
    await expectedDemoRows(twin, firstRange);
    const late: Record<string, unknown>[] = [];
    for (const account of await demoSource(twin).listAccounts({ signal: new AbortController().signal }))
      for await (const batch of demoSource(twin).dailyMetrics(
        account,
        { from: '2026-02-27', to: '2026-03-01' },
        undefined,
        { signal: new AbortController().signal },
      ))
        late.push(...batch.rows);
    expect(late.length).to.be.above(0);
    const storedByKey = new Map(secondPass.map((row) => [`${row['campaignId']}|${row['date']}`, row]));
    for (const row of late) {
      const stored = storedByKey.get(`${row.campaignExternalId}|${row.date}`);
      expect([stored?.['conversions'], stored?.['spendCents']]).to.deep.equal([
        row.conversions,
        row.spendCents,
      ]);
    }
    const changed = secondPass.filter(
      (row, index) => row['conversions'] !== firstPass[index]?.['conversions'],
    );
    expect(changed.length).to.be.above(0);
    expect(changed.every((row) => (row['date'] as string) >= '2026-02-27')).to.equal(true);

    const full = await sync(tenant, runtime, { installationId, range: firstRange });
    expect(full.status).to.equal('succeeded');
    expect(await counts(harness.models, tenant.id)).to.deep.equal(before);
  });

  it('when progress is reported, every batch reaches onProgress but the bus gets at most one event per interval', async () => {
    const tenant = testTenant('USD', 'UTC');
    const seen: SyncProgress[] = [];
    const frozen = new Date('2026-03-01T12:00:00Z');
    const runtime = demoRuntime();
    const { id: runId } = await harness.syncRuns.create(
      { tenantId: tenant.id, installationId: 'x'.repeat(24), pluginId: 'ads-demo', trigger: 'cli' },
      NOW,
    );
    await harness.runner({ now: () => frozen, progressIntervalMs: 500 }).run({
      runId,
      tenant,
      installationId: 'x'.repeat(24),
      pluginId: 'ads-demo',
      source: demoSource(runtime),
      range: { from: '2025-06-01', to: '2026-03-01' },
      signal: new AbortController().signal,
      onProgress: (progress) => seen.push(progress),
    });
    const published = harness.bus.named('sync.progress', tenant.id).map((event) => event.payload);
    expect(seen.length).to.be.above(10);
    expect(published.map((payload) => payload.phase)).to.deep.equal(['accounts', 'done']);
    expect(published.at(-1)).to.include({ fraction: 1, rows: seen.at(-1)?.rows });
  });
});
