/**
 * A sync whose attempt died part-way (here: aborted after a few committed batches, as a killed
 * worker's would be) is continued by the `plugin.sync` job under the same run id: attempt 2,
 * no gap, no duplicate — the stored rows equal those of an uninterrupted sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../core/db/embedded/server.js';
import { startStratum } from '../../../core/main.js';
import type { RunningStratum } from '../../../core/main.js';
import { runInstallationSync, SYNC_JOB_NAME } from '../../../core/sync/plugin-jobs.js';

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
const CONFIG = { size: 'small', apiKey: 'resume-test-key-1', today: '2026-11-20', anchorDate: '2026-11-20' };

describe('plugin.sync resuming a dead attempt (integration)', function () {
  this.timeout(120_000);
  let database: EmbeddedServer;
  let dataDir: string;
  let running: RunningStratum;

  before(async () => {
    database = await startEmbeddedServer({ port: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-resume-'));
    running = await startStratum({
      env: {
        PORT: '0',
        STRATUM_DATA_DIR: dataDir,
        MONGODB_URI: `${database.uri}platform_resume`,
        // No demo seed: this test makes its own tenants.
        NODE_ENV: 'production',
        JWT_SECRET: 'resume-test-jwt-secret-0123456789abcdef',
        ENCRYPTION_KEY: 'resume-test-encryption-key-0123456789abc',
        LOG_LEVEL: 'silent',
      },
      logDestination: silent,
      worker: false,
      platformOptions: { processEveryMs: 100 },
    });
  });
  after(async () => {
    await running?.lifecycle.shutdown('test');
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const installFor = async (slug: string) => {
    const { tenants } = running.context.modules.services;
    const tenant = await tenants.create({ name: slug, slug, currency: 'EUR', timezone: 'Europe/Berlin' });
    const view = await running.context.platform.plugins.service.install(tenant.id, 'ads-demo', {
      config: CONFIG,
    });
    return { tenantId: tenant.id, installationId: view.id };
  };
  const storedRows = async (tenantId: string) =>
    (
      await running.context.connection
        .collection('metricsDaily')
        .find({ tenantId }, { projection: { _id: 0, tenantId: 0, installationId: 0, syncedAt: 0 } })
        .sort({ platform: 1, campaignId: 1, date: 1 })
        .toArray()
    ).map((row) => JSON.stringify(row));

  it('when the first attempt stops after three batches, the job continues the same run to the same rows as an uninterrupted sync', async () => {
    const { platform } = running.context;
    const reference = await installFor('resume-reference');
    const interrupted = await installFor('resume-interrupted');
    const range = { from: '2026-08-01', to: '2026-11-20' };

    const referenceRun = await platform.ingest.syncRuns.create(
      { ...reference, pluginId: 'ads-demo', trigger: 'cli', range },
      new Date(),
    );
    const whole = await runInstallationSync(platform.sync, {
      ...reference,
      pluginId: 'ads-demo',
      runId: referenceRun.id,
      signal: new AbortController().signal,
    });
    expect(whole.status).to.equal('succeeded');

    const run = await platform.ingest.syncRuns.create(
      { ...interrupted, pluginId: 'ads-demo', trigger: 'manual', range },
      new Date(),
    );
    const controller = new AbortController();
    let batches = 0;
    const first = await runInstallationSync(platform.sync, {
      ...interrupted,
      pluginId: 'ads-demo',
      runId: run.id,
      signal: controller.signal,
      onProgress: () => {
        batches += 1;
        if (batches === 3) controller.abort(new Error('worker died'));
      },
    });
    expect(first.status).to.equal('cancelled');
    const partial = (await storedRows(interrupted.tenantId)).length;
    expect(partial).to.be.greaterThan(0);
    expect(partial).to.be.lessThan(whole.rows.metrics);

    await platform.jobs.enqueue(SYNC_JOB_NAME, { ...interrupted, pluginId: 'ads-demo', runId: run.id });
    await platform.jobs.start({ queues: ['sync'] });
    const deadline = Date.now() + 60_000;
    let finished = await platform.ingest.syncRuns.get(interrupted.tenantId, run.id);
    while (finished?.status !== 'succeeded' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finished = await platform.ingest.syncRuns.get(interrupted.tenantId, run.id);
    }
    expect(finished?.status).to.equal('succeeded');
    expect(finished?.attempt).to.equal(2);

    const resumedRows = await storedRows(interrupted.tenantId);
    const referenceRows = await storedRows(reference.tenantId);
    expect(resumedRows.length).to.equal(referenceRows.length);
    expect(resumedRows).to.deep.equal(referenceRows);
  });
});
