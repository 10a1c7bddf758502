import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { platform } from './support/test-plugins.js';
import { startPluginTestApp } from './support/plugin-test-app.js';
import type { PluginTestApp, TestTenant } from './support/plugin-test-app.js';

interface InstallationBody {
  id: string;
  status: string;
  statusMessage: string | null;
  enabled: boolean;
  consecutiveFailures: number;
}

const MISBEHAVING = [
  { id: 'test-throwing', message: /check failed with an unexpected error \(Error\)/ },
  { id: 'test-hanging', message: /check did not answer within 300 ms/ },
  { id: 'test-garbage', message: /check returned an invalid result/ },
  { id: 'test-setup-throws', message: /setup failed with an unexpected error \(TypeError\)/ },
] as const;

describe('plugins that throw, hang or return garbage (integration)', () => {
  let app: PluginTestApp;
  let tenant: TestTenant;
  let bystander: TestTenant;
  before(async () => {
    app = await startPluginTestApp();
    tenant = await app.seedTenant('bad');
    bystander = await app.seedTenant('ok');
    for (const plugin of MISBEHAVING) {
      const response = await app.api(`/plugins/${plugin.id}/install`, {
        method: 'POST',
        token: tenant.tokens.admin,
        body: { config: { token: 'tok-secret-123' } },
      });
      expect(response.status).to.equal(201);
    }
  });
  beforeEach(() => {
    platform.healthy = false;
  });
  after(async () => {
    platform.healthy = false;
    await app.close();
  });

  const installationOf = async (pluginId: string): Promise<InstallationBody> => {
    const response = await app.api(`/plugins/${pluginId}`, { token: tenant.tokens.admin });
    return ((await response.json()) as { installation: InstallationBody }).installation;
  };

  for (const plugin of MISBEHAVING) {
    it(`when ${plugin.id} fails its check, the host answers with status error and its message and stays healthy`, async () => {
      const response = await app.api(`/plugins/${plugin.id}/check`, {
        method: 'POST',
        token: tenant.tokens.admin,
      });
      expect(response.status).to.equal(200);
      const body = (await response.json()) as {
        status: string;
        message: string;
        installation: InstallationBody;
      };
      expect(body.status).to.equal('error');
      expect(body.message).to.match(plugin.message);
      expect(body.message).not.to.include('internals');
      expect(body.installation.status).to.equal('error');
      expect(body.installation.statusMessage).to.match(plugin.message);
      expect(body.installation.consecutiveFailures).to.equal(1);

      const health = await app.api('/health');
      expect(health.status).to.equal(200);
      const list = await app.api('/plugins', { token: bystander.tokens.admin });
      expect(list.status).to.equal(200);
    });
  }

  it('when a check hangs, other tenants and other calls are served promptly meanwhile', async () => {
    const started = performance.now();
    const hanging = app.api('/plugins/test-hanging/check', { method: 'POST', token: tenant.tokens.admin });
    const others = await Promise.all([
      app.api('/plugins', { token: bystander.tokens.admin }),
      app.api('/plugins/test-throwing', { token: tenant.tokens.admin }),
      app.api('/health'),
    ]);
    const othersMs = performance.now() - started;
    expect(others.map((response) => response.status)).to.deep.equal([200, 200, 200]);
    expect(othersMs).to.be.lessThan(250);
    const hung = await hanging;
    expect(hung.status).to.equal(200);
    expect(performance.now() - started).to.be.within(280, 2_000);
  });

  it('when failures reach five in a row, the breaker suspends the installation, unschedules it and says so; enable resets it', async () => {
    platform.healthy = true;
    const enabled = await app.api('/plugins/test-garbage/enable', {
      method: 'POST',
      token: tenant.tokens.admin,
    });
    expect(enabled.status).to.equal(200);
    const { id } = (await enabled.json()) as InstallationBody;
    expect(app.jobs.scheduled.has(id)).to.equal(true);
    platform.healthy = false;

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await app.api('/plugins/test-garbage/check', { method: 'POST', token: tenant.tokens.admin });
      const current = await installationOf('test-garbage');
      expect(current.status).to.equal('error');
      expect(current.consecutiveFailures).to.equal(attempt);
      expect(app.jobs.scheduled.has(id), `still scheduled after ${attempt}`).to.equal(true);
    }
    await app.api('/plugins/test-garbage/check', { method: 'POST', token: tenant.tokens.admin });
    const suspended = await installationOf('test-garbage');
    expect(suspended.status).to.equal('suspended');
    expect(suspended.enabled).to.equal(false);
    expect(suspended.statusMessage).to.match(/Suspended after 5 consecutive failures/);
    expect(app.jobs.scheduled.has(id)).to.equal(false);
    const event = app.events.published.findLast((published) => published.name === 'plugin.status');
    expect(event).to.deep.include({ tenantId: tenant.id });
    expect(event?.payload).to.deep.include({ pluginId: 'test-garbage', status: 'suspended' });

    const sync = await app.api('/plugins/test-garbage/sync', {
      method: 'POST',
      token: tenant.tokens.manager,
    });
    expect(((await sync.json()) as { error: { code: string } }).error.code).to.equal('PLUGINS_SUSPENDED');
    expect(sync.status).to.equal(409);

    // A failed check while suspended keeps it suspended; only an admin's enable (with a passing check) lifts it.
    const stillBroken = await app.api('/plugins/test-garbage/enable', {
      method: 'POST',
      token: tenant.tokens.admin,
    });
    expect(stillBroken.status).to.equal(422);
    expect((await installationOf('test-garbage')).status).to.equal('suspended');

    platform.healthy = true;
    const reenabled = await app.api('/plugins/test-garbage/enable', {
      method: 'POST',
      token: tenant.tokens.admin,
    });
    expect(reenabled.status).to.equal(200);
    const after = (await reenabled.json()) as InstallationBody;
    expect(after.status).to.equal('enabled');
    expect(after.consecutiveFailures).to.equal(0);
    expect(app.jobs.scheduled.has(id)).to.equal(true);
  });

  it('when a failing plugin recovers, a successful check resets the count and leaves error', async () => {
    await app.api('/plugins/test-throwing/check', { method: 'POST', token: tenant.tokens.admin });
    expect((await installationOf('test-throwing')).status).to.equal('error');
    platform.healthy = true;
    const response = await app.api('/plugins/test-throwing/check', {
      method: 'POST',
      token: tenant.tokens.admin,
    });
    const body = (await response.json()) as { status: string; installation: InstallationBody };
    expect(body.status).to.equal('ok');
    expect(body.installation.status).to.equal('ready');
    expect(body.installation.consecutiveFailures).to.equal(0);
    expect(body.installation.statusMessage).to.equal(null);
  });

  it('when the host calls a hanging or throwing ad source, the call returns a PluginError (at the time limit) and is counted', async () => {
    const other = await app.seedTenant('ads');
    for (const pluginId of ['test-hanging', 'test-throwing'])
      await app.api(`/plugins/${pluginId}/install`, {
        method: 'POST',
        token: other.tokens.admin,
        body: { config: { token: 'tok-secret-123' } },
      });
    const open = { signal: new AbortController().signal };
    const hanging = await app.plugins.runtime.adsSource(other.id, 'test-hanging');
    const started = performance.now();
    const error = await hanging.listAccounts(open).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(performance.now() - started).to.be.within(280, 1_500);
    expect(error).to.include({ name: 'PluginError', kind: 'transient', code: 'PLUGINS_CALL_TIMEOUT' });

    const throwing = await app.plugins.runtime.adsSource(other.id, 'test-throwing');
    const account = {
      externalId: 'a',
      platform: 'meta',
      name: 'a',
      currency: 'USD',
      timezone: 'UTC',
      status: 'active',
    } as const;
    const pages: unknown[] = [];
    const streamError = await (async () => {
      for await (const batch of throwing.campaigns(account, undefined, open)) pages.push(batch.state);
    })().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(pages).to.deep.equal([{ page: 1 }]);
    expect(streamError).to.include({ kind: 'system', code: 'PLUGINS_CALL_FAILED' });
    expect(String((streamError as Error).message)).not.to.include('exploded');

    const list = await app.api('/plugins', { token: other.tokens.admin });
    const states = ((await list.json()) as { data: { id: string; installation: InstallationBody | null }[] })
      .data;
    for (const pluginId of ['test-hanging', 'test-throwing']) {
      const installation = states.find((plugin) => plugin.id === pluginId)?.installation;
      expect(installation?.status, pluginId).to.equal('error');
      expect(installation?.consecutiveFailures, pluginId).to.equal(1);
    }
  });
});
