/**
 * The plugin platform as `npm start` runs it (startStratum in process, workers on): the demo's
 * ad data installed and synced at first start, a manager's sync through the API and the job
 * queue, idempotent re-sync, live events per tenant room, and the admin's job and run views.
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
import { connectLive } from '../realtime/support/live-clients.js';

const DEMO_PASSWORD = 'platform-test-demo-password';
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

interface SyncRunBody {
  readonly id: string;
  readonly status: string;
  readonly trigger: string;
  readonly rows: { accounts: number; campaigns: number; metrics: number };
  readonly apiCalls: number;
}

describe('plugin platform at first start (integration)', function () {
  this.timeout(120_000);
  let database: EmbeddedServer;
  let dataDir: string;
  let running: RunningStratum;

  const request = async (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${running.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const login = async (email: string): Promise<string> => {
    const response = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    expect(response.status).to.equal(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  const waitForRun = async (token: string, runId: string, timeoutMs = 60_000): Promise<SyncRunBody> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = (await (await request(`/sync-runs/${runId}`, token)).json()) as SyncRunBody;
      if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled') return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const metricRows = (tenantId: string) =>
    running.context.connection.collection('metricsDaily').countDocuments({ tenantId });

  before(async () => {
    database = await startEmbeddedServer({ port: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-platform-'));
    running = await startStratum({
      env: {
        PORT: '0',
        STRATUM_DATA_DIR: dataDir,
        MONGODB_URI: `${database.uri}platform_first_start`,
        DEMO_PASSWORD,
        LOG_LEVEL: 'silent',
      },
      logDestination: silent,
      coreModuleOptions: { passwordPolicy: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } },
      platformOptions: { processEveryMs: 100 },
    });
  });
  after(async () => {
    await running?.lifecycle.shutdown('test');
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the host starts on an empty database, ads-demo is installed, enabled and synced for demo and acme', async () => {
    expect(running.demoPlugins?.installed).to.deep.equal(['demo', 'acme']);
    const admin = await login('admin@demo.stratum.dev');
    const plugins = (await (await request('/plugins', admin)).json()) as {
      data: { id: string; installation?: { status: string; secrets: Record<string, { set: boolean }> } }[];
    };
    const demo = plugins.data.find((plugin) => plugin.id === 'ads-demo');
    expect(demo?.installation?.status).to.equal('enabled');
    expect(demo?.installation?.secrets).to.deep.equal({ apiKey: { set: true } });
    expect(JSON.stringify(plugins)).to.not.include('demo-simulated-key');

    const runId = running.demoPlugins?.syncRuns.demo ?? '';
    const run = await waitForRun(admin, runId);
    expect(run).to.include({ status: 'succeeded', trigger: 'first-start' });
    expect(run.rows.campaigns).to.equal(40);
    expect(run.rows.metrics).to.be.greaterThan(10_000);

    const acmeAdmin = await login('admin@acme.stratum.dev');
    const acmeRun = await waitForRun(acmeAdmin, running.demoPlugins?.syncRuns.acme ?? '');
    expect(acmeRun.status).to.equal('succeeded');
    expect(acmeRun.rows.campaigns).to.be.lessThan(run.rows.campaigns);
    // Each tenant sees only its own run.
    expect((await request(`/sync-runs/${runId}`, acmeAdmin)).status).to.equal(404);
  });

  it("when a manager starts a sync, it runs on the sync queue, re-syncing changes no row count, and only that tenant's sockets hear about it", async () => {
    const manager = await login('manager@demo.stratum.dev');
    const acmeAdmin = await login('admin@acme.stratum.dev');
    const demoTenantId = (await running.context.modules.services.tenants.findBySlug('demo'))?.id ?? '';
    const before = await metricRows(demoTenantId);
    const demoSocket = await connectLive(running.url, { token: manager });
    const acmeSocket = await connectLive(running.url, { token: acmeAdmin });
    try {
      const response = await request('/plugins/ads-demo/sync', manager, { method: 'POST', body: '{}' });
      expect(response.status).to.equal(202);
      const { runId } = (await response.json()) as { runId: string };
      const run = await waitForRun(manager, runId);
      expect(run.status).to.equal('succeeded');
      expect(await metricRows(demoTenantId)).to.equal(before);

      const progress = await demoSocket.waitFor(
        (event) => event.name === 'sync:progress' && (event.payload as { runId?: string }).runId === runId,
        10_000,
      );
      expect(progress.payload).to.include({ pluginId: 'ads-demo' });
      await demoSocket.waitFor((event) => event.name === 'kpis:changed', 10_000);
      expect(acmeSocket.received.filter((event) => event.name === 'sync:progress')).to.have.length(0);
    } finally {
      demoSocket.close();
      acmeSocket.close();
    }
  });

  it('when a viewer asks to sync or an admin lists failed jobs, RBAC and the job views answer', async () => {
    const viewer = await login('viewer@demo.stratum.dev');
    expect((await request('/plugins/ads-demo/sync', viewer, { method: 'POST', body: '{}' })).status).to.equal(
      403,
    );
    const admin = await login('admin@demo.stratum.dev');
    const failed = await request('/jobs?status=failed', admin);
    expect(failed.status).to.equal(200);
    expect(((await failed.json()) as { data: unknown[] }).data).to.deep.equal([]);
    const health = (await (await fetch(`${running.url}/health`)).json()) as {
      components: Record<string, { status: string }>;
    };
    expect(health.components.jobs?.status).to.equal('up');
  });
});
