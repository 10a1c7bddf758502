import { expect } from 'chai';
import { startSyncRunsTestApp } from './support/sync-runs-test-app.js';
import type { SyncRunsTestApp } from './support/sync-runs-test-app.js';

interface RunBody {
  id: string;
  status: string;
  queuedAt: string;
  installationId: string;
  range: { from: string; to: string } | null;
  errors: { at: string; code: string }[];
}
interface ListBody {
  data: RunBody[];
  nextCursor: string | null;
}

describe('ingest: GET /sync-runs (real app, real embedded database)', function () {
  this.timeout(20_000);
  let app: SyncRunsTestApp;
  let tenant: { id: string; manager: string; viewer: string };
  let other: { id: string; manager: string; viewer: string };
  const installation = 'a'.repeat(24);
  const ids: string[] = [];
  let otherRunId = '';

  before(async () => {
    app = await startSyncRunsTestApp();
    [tenant, other] = [await app.seedTenant(), await app.seedTenant()];
    for (let index = 0; index < 5; index += 1) {
      const run = await app.syncRuns.create(
        {
          tenantId: tenant.id,
          installationId: index < 4 ? installation : 'b'.repeat(24),
          pluginId: 'ads-demo',
          trigger: 'manual',
          requestedBy: { type: 'user', id: 'u1' },
        },
        new Date(Date.UTC(2026, 2, 1, 10, index)),
      );
      ids.push(run.id);
    }
    const range = { from: '2026-02-01', to: '2026-02-28' };
    await app.syncRuns.start(tenant.id, ids[1] as string, {
      range,
      startedAt: new Date('2026-03-01T11:00:00Z'),
    });
    await app.syncRuns.finish(tenant.id, ids[1] as string, {
      status: 'failed',
      finishedAt: new Date('2026-03-01T11:00:02Z'),
      errors: [
        {
          at: new Date('2026-03-01T11:00:01Z'),
          code: 'DEMO_RATE_LIMITED',
          message: 'slow down',
          phase: 'metrics',
        },
      ],
    });
    otherRunId = (
      await app.syncRuns.create(
        { tenantId: other.id, installationId: installation, pluginId: 'ads-demo', trigger: 'schedule' },
        new Date(),
      )
    ).id;
  });
  after(async () => {
    await app.close();
  });

  it('when a manager lists runs, they come newest first in pages, only the tenant’s own', async () => {
    const first = (await (await app.get('/sync-runs?limit=2', tenant.manager)).json()) as ListBody;
    expect(first.data.map((run) => run.id)).to.deep.equal([ids[4], ids[3]]);
    const second = (await (
      await app.get(`/sync-runs?limit=2&cursor=${first.nextCursor}`, tenant.manager)
    ).json()) as ListBody;
    const third = (await (
      await app.get(`/sync-runs?limit=2&cursor=${second.nextCursor}`, tenant.manager)
    ).json()) as ListBody;
    expect([...second.data, ...third.data].map((run) => run.id)).to.deep.equal([ids[2], ids[1], ids[0]]);
    expect(third.nextCursor).to.equal(null);
  });

  it('when filtered by installation and status, only matching runs are listed', async () => {
    const byInstallation = (await (
      await app.get(`/sync-runs?installationId=${'b'.repeat(24)}`, tenant.manager)
    ).json()) as ListBody;
    expect(byInstallation.data.map((run) => run.id)).to.deep.equal([ids[4]]);
    const failed = (await (await app.get('/sync-runs?status=failed', tenant.manager)).json()) as ListBody;
    expect(failed.data.map((run) => run.id)).to.deep.equal([ids[1]]);
    expect((await app.get('/sync-runs?status=bogus', tenant.manager)).status).to.equal(400);
  });

  it('when one run is read, it comes with ISO instants, range and errors', async () => {
    const response = await app.get(`/sync-runs/${ids[1]}`, tenant.manager);
    expect(response.status).to.equal(200);
    const run = (await response.json()) as RunBody & Record<string, unknown>;
    expect(run).to.include({
      id: ids[1],
      status: 'failed',
      queuedAt: '2026-03-01T10:01:00.000Z',
      durationMs: 2000,
    });
    expect(run.range).to.deep.equal({ from: '2026-02-01', to: '2026-02-28' });
    expect(run.errors).to.deep.equal([
      { at: '2026-03-01T11:00:01.000Z', code: 'DEMO_RATE_LIMITED', message: 'slow down', phase: 'metrics' },
    ]);
    expect(run).to.not.have.property('state');
  });

  it('when the id is another tenant’s, unknown or malformed, the answer is 404; a viewer gets 403', async () => {
    for (const id of [otherRunId, 'f'.repeat(24), 'not-an-id', '%24where'])
      expect((await app.get(`/sync-runs/${id}`, tenant.manager)).status, id).to.equal(404);
    const missing = (await (await app.get(`/sync-runs/${otherRunId}`, tenant.manager)).json()) as {
      error: { code: string };
    };
    expect(missing.error.code).to.equal('SYNC_RUN_NOT_FOUND');
    expect((await app.get('/sync-runs', tenant.viewer)).status).to.equal(403);
    const others = (await (await app.get('/sync-runs', other.manager)).json()) as ListBody;
    expect(others.data.map((run) => run.id)).to.deep.equal([otherRunId]);
  });
});
