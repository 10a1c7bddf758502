import { expect } from 'chai';
import type { SyncProgress } from '../../../core/ingest/sync-progress.js';
import type { DayRange, TenantInfo } from '../../../core/plugin-api/index.js';
import type { DemoRuntime } from '../../../plugins/ads-demo/index.js';
import {
  HARNESS_NOW as NOW,
  demoRuntime,
  newInstallationId,
  startIngestHarness,
  storedCounts,
  storedMetrics,
  syncOnce,
  testTenant,
} from './support/ingest-harness.js';
import type { IngestHarness, SyncOptions } from './support/ingest-harness.js';

describe('ingest: resume and tenant isolation (real embedded database)', function () {
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

  it('when a run is aborted after some batches and resumed under the same id, the rows equal an uninterrupted run exactly', async () => {
    // 120 campaigns: the first account has 24, so its 45 days take two batches and the abort lands mid-stream.
    const size = { campaigns: 120, days: 45 };
    const range: DayRange = { from: '2026-01-16', to: '2026-03-01' };
    const reference = testTenant('GBP', 'UTC');
    const whole = await sync(reference, demoRuntime({ size }), { range });

    const tenant = testTenant('GBP', 'UTC');
    const runtime = demoRuntime({ size });
    const installationId = newInstallationId();
    const { id: runId } = await harness.syncRuns.create(
      { tenantId: tenant.id, installationId, pluginId: 'ads-demo', trigger: 'schedule', range },
      NOW,
    );
    const controller = new AbortController();
    let metricBatches = 0;
    const onProgress = (progress: SyncProgress) => {
      if (progress.phase === 'metrics' && ++metricBatches === 1) controller.abort(new Error('worker killed'));
    };
    const stopped = await sync(tenant, runtime, {
      installationId,
      runId,
      signal: controller.signal,
      onProgress,
    });
    expect(stopped.status).to.equal('cancelled');
    expect(stopped.errors.map((error) => error.code)).to.include('SYNC_ABORTED');
    expect(stopped.errors.find((error) => error.code === 'SYNC_ABORTED')?.message).to.contain(
      'worker killed',
    );
    const partial = await counts(harness.models, tenant.id);
    expect(partial.metrics).to.be.above(0).and.below(whole.rows.metrics);

    const resumed = await sync(tenant, runtime, { installationId, runId });
    expect([resumed.status, resumed.attempt]).to.deep.equal(['succeeded', 2]);
    const [resumedRows, wholeRows] = [
      await storedMetrics(harness.models, tenant.id),
      await storedMetrics(harness.models, reference.id),
    ];
    expect(resumedRows).to.have.length(wholeRows.length);
    // Compared as JSON: chai's deep equality over thousands of rows costs seconds.
    expect(JSON.stringify(resumedRows) === JSON.stringify(wholeRows)).to.equal(true);
    expect(await counts(harness.models, tenant.id)).to.deep.equal(await counts(harness.models, reference.id));
    // Counters add up across attempts: a restart from scratch would count the committed batch twice.
    expect(resumed.rows).to.deep.equal(whole.rows);
    expect(resumed.apiCalls).to.equal(whole.apiCalls + 1); // one more listAccounts, no batch read twice
  });

  it('when two tenants sync the same demo data, each keeps its own rows and a re-sync of one leaves the other untouched', async () => {
    const range = { from: '2026-01-01', to: '2026-03-01' };
    const [first, second] = [testTenant('USD', 'UTC'), testTenant('USD', 'UTC')];
    await sync(first, demoRuntime(), { range });
    const firstRows = await harness.models.metricsDaily.collection.find({ tenantId: first.id }).toArray();
    await sync(second, demoRuntime(), { range });
    await sync(second, demoRuntime(), { range });
    expect(await counts(harness.models, second.id)).to.deep.equal(await counts(harness.models, first.id));
    expect(await harness.models.metricsDaily.collection.find({ tenantId: first.id }).toArray()).to.deep.equal(
      firstRows,
    );
    const shared = await harness.models.campaigns.collection.distinct('tenantId', {
      externalId: firstRows[0]?.['campaignId'],
    });
    expect(shared).to.include.members([first.id, second.id]);
  });
});
