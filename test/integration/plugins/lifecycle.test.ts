import { expect } from 'chai';
import { startPluginTestApp } from './support/plugin-test-app.js';
import type { PluginTestApp, TestTenant } from './support/plugin-test-app.js';

interface InstallationBody {
  id: string;
  status: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secrets: Record<string, { set: boolean }>;
  configVersion: number;
  history: { action: string; from: string | null; to: string; actor: { type: string; id: string } | null }[];
  lastCheck: { status: string } | null;
  lastSync: { runId: string; status: string } | null;
}

const GOOD_CONFIG = { size: 'small', anchorDate: '2026-03-01', today: '2026-03-01', apiKey: 'demo-key-0001' };

describe('plugin lifecycle over HTTP (integration)', () => {
  let app: PluginTestApp;
  let tenant: TestTenant;
  before(async () => {
    app = await startPluginTestApp();
    tenant = await app.seedTenant('life');
  });
  after(async () => {
    await app.close();
  });

  const admin = () => tenant.tokens.admin;
  const json = async <T>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).to.equal(status);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };

  async function seedSyncedRows(tenantId: string, installationId: string): Promise<void> {
    const base = { tenantId, installationId, pluginId: 'ads-demo', platform: 'meta', syncedAt: new Date() };
    await app.connection.collection('adAccounts').insertOne({ ...base, externalId: 'act_1', name: 'A' });
    await app.connection.collection('campaigns').insertOne({ ...base, accountId: 'act_1', externalId: 'c1' });
    await app.connection
      .collection('metricsDaily')
      .insertOne({ ...base, accountId: 'act_1', campaignId: 'c1', date: '2026-02-01', spendCents: 100 });
  }
  const countRows = async (installationId: string) => {
    let total = 0;
    for (const name of ['adAccounts', 'campaigns', 'metricsDaily'])
      total += await app.connection.collection(name).countDocuments({ installationId });
    return total;
  };

  it('when an admin goes install → bad config → good config → check → enable → disable → uninstall, each step answers and is recorded', async () => {
    const installed = await json<InstallationBody>(
      await app.api('/plugins/ads-demo/install', { method: 'POST', token: admin() }),
      201,
    );
    expect(installed.status).to.equal('installed');
    expect(installed.secrets).to.deep.equal({ apiKey: { set: false } });

    const again = await app.api('/plugins/ads-demo/install', { method: 'POST', token: admin() });
    expect((await json<{ error: { code: string } }>(again, 409)).error.code).to.equal(
      'PLUGINS_ALREADY_INSTALLED',
    );

    const early = await app.api('/plugins/ads-demo/enable', { method: 'POST', token: admin() });
    expect((await json<{ error: { code: string } }>(early, 409)).error.code).to.equal(
      'PLUGINS_NOT_CONFIGURED',
    );

    const bad = await app.api('/plugins/ads-demo/config', {
      method: 'PUT',
      token: admin(),
      body: { seed: -1, size: 'huge', apiKey: 'short', surprise: true },
    });
    const badBody = await json<{ error: { code: string; details: { path: string; message: string }[] } }>(
      bad,
      400,
    );
    expect(badBody.error.code).to.equal('PLUGINS_CONFIG_INVALID');
    expect(badBody.error.details.map((issue) => issue.path).sort()).to.deep.equal([
      'apiKey',
      'seed',
      'size',
      'surprise',
    ]);
    expect(JSON.stringify(badBody)).not.to.include('short');

    const configured = await json<InstallationBody>(
      await app.api('/plugins/ads-demo/config', { method: 'PUT', token: admin(), body: GOOD_CONFIG }),
      200,
    );
    expect(configured.status).to.equal('configured');
    expect(configured.configVersion).to.equal(1);
    expect(configured.config).to.deep.equal({ size: 'small', anchorDate: '2026-03-01', today: '2026-03-01' });
    expect(configured.secrets).to.deep.equal({ apiKey: { set: true } });

    const check = await json<{ status: string; message: string; installation: InstallationBody }>(
      await app.api('/plugins/ads-demo/check', { method: 'POST', token: admin() }),
      200,
    );
    expect(check.status).to.equal('ok');
    expect(check.installation.status).to.equal('ready');

    const enabled = await json<InstallationBody>(
      await app.api('/plugins/ads-demo/enable', { method: 'POST', token: admin() }),
      200,
    );
    expect(enabled.status).to.equal('enabled');
    expect(enabled.enabled).to.equal(true);
    expect(app.jobs.scheduled.get(enabled.id)).to.deep.equal({ sync: { cron: '20 * * * *', queue: 'sync' } });

    const disabled = await json<InstallationBody>(
      await app.api('/plugins/ads-demo/disable', { method: 'POST', token: admin() }),
      200,
    );
    expect(disabled.status).to.equal('disabled');
    expect(app.jobs.scheduled.has(enabled.id)).to.equal(false);

    const detail = await json<{ installation: InstallationBody }>(
      await app.api('/plugins/ads-demo', { token: admin() }),
      200,
    );
    expect(detail.installation.history.map((entry) => `${entry.action}:${entry.to}`)).to.deep.equal([
      'install:installed',
      'configure:configured',
      'check:ready',
      'enable:enabled',
      'disable:disabled',
    ]);
    expect(detail.installation.history[1]?.actor).to.deep.equal({ type: 'user', id: tenant.userIds.admin });

    const audit = await json<{ data: { action: string }[] }>(
      await app.api('/audit-logs?targetType=pluginInstallation', { token: admin() }),
      200,
    );
    expect(audit.data.map((entry) => entry.action)).to.include.members([
      'plugin.install',
      'plugin.configure',
      'plugin.enable',
      'plugin.disable',
    ]);

    await seedSyncedRows(tenant.id, enabled.id);
    await json(await app.api('/plugins/ads-demo', { method: 'DELETE', token: admin() }), 204);
    expect(await countRows(enabled.id)).to.equal(3);
    const gone = await app.api('/plugins/ads-demo/check', { method: 'POST', token: admin() });
    expect((await json<{ error: { code: string } }>(gone, 404)).error.code).to.equal('PLUGINS_NOT_INSTALLED');
  });

  it('when uninstalled with purge=true, the synced rows and the plugin state go; without, they stay', async () => {
    const other = await app.seedTenant('purge');
    const created = await json<InstallationBody>(
      await app.api('/plugins/ads-demo/install', {
        method: 'POST',
        token: other.tokens.admin,
        // Without a fixed anchor day the simulator stores the one it picks in the plugin state.
        body: { config: { ...GOOD_CONFIG, anchorDate: undefined } },
      }),
      201,
    );
    expect(created.status).to.equal('configured');
    await app.api('/plugins/ads-demo/check', { method: 'POST', token: other.tokens.admin });
    expect(
      await app.connection.collection('pluginState').countDocuments({ tenantId: other.id }),
    ).to.be.greaterThan(0);
    await seedSyncedRows(other.id, created.id);
    await json(
      await app.api('/plugins/ads-demo?purge=true', { method: 'DELETE', token: other.tokens.admin }),
      204,
    );
    expect(await countRows(created.id)).to.equal(0);
    expect(await app.connection.collection('pluginState').countDocuments({ tenantId: other.id })).to.equal(0);
    expect(
      await app.connection.collection('pluginInstallations').countDocuments({ tenantId: other.id }),
    ).to.equal(0);
  });

  it('when the check reports auth_error, enable is refused with 422 and the installation shows the error', async () => {
    const other = await app.seedTenant('auth');
    await json(
      await app.api('/plugins/ads-demo/install', {
        method: 'POST',
        token: other.tokens.admin,
        body: { config: { ...GOOD_CONFIG, apiKey: 'revoked-key-1' } },
      }),
      201,
    );
    const refused = await app.api('/plugins/ads-demo/enable', { method: 'POST', token: other.tokens.admin });
    const body = await json<{ error: { code: string; details: { status: string } } }>(refused, 422);
    expect(body.error.code).to.equal('PLUGINS_AUTH_ERROR');
    expect(body.error.details.status).to.equal('auth_error');
    const detail = await json<{ installation: InstallationBody & { statusMessage: string } }>(
      await app.api('/plugins/ads-demo', { token: other.tokens.admin }),
      200,
    );
    expect(detail.installation.status).to.equal('auth_error');
    expect(detail.installation.statusMessage).to.match(
      /^Credentials refused: .*revoked.*update the credentials/,
    );
    expect(detail.installation.enabled).to.equal(false);
    expect(app.jobs.scheduled.has(detail.installation.id)).to.equal(false);

    // New credentials clear the auth error; a passing check then enables it.
    await json(
      await app.api('/plugins/ads-demo/config', {
        method: 'PUT',
        token: other.tokens.admin,
        body: { ...GOOD_CONFIG, apiKey: 'fresh-key-123' },
      }),
      200,
    );
    const enabled = await json<InstallationBody>(
      await app.api('/plugins/ads-demo/enable', { method: 'POST', token: other.tokens.admin }),
      200,
    );
    expect(enabled.status).to.equal('enabled');
  });

  it('when a manager starts a sync of a configured plugin, it is queued with the range (202), and bad ranges are 400', async () => {
    const other = await app.seedTenant('sync');
    const created = await json<InstallationBody>(
      await app.api('/plugins/ads-demo/install', {
        method: 'POST',
        token: other.tokens.admin,
        body: { config: GOOD_CONFIG },
      }),
      201,
    );
    const started = await json<{ runId: string }>(
      await app.api('/plugins/ads-demo/sync', {
        method: 'POST',
        token: other.tokens.manager,
        body: { from: '2026-01-01', to: '2026-01-31' },
      }),
      202,
    );
    const recorded = app.syncs.started.find((run) => run.runId === started.runId);
    expect(recorded).to.deep.include({
      tenantId: other.id,
      pluginId: 'ads-demo',
      installationId: created.id,
      trigger: 'manual',
      range: { from: '2026-01-01', to: '2026-01-31' },
      requestedBy: { type: 'user', id: other.userIds.manager },
    });
    const detail = await json<{ installation: InstallationBody }>(
      await app.api('/plugins/ads-demo', { token: other.tokens.admin }),
      200,
    );
    expect(detail.installation.lastSync).to.deep.include({ runId: started.runId, status: 'queued' });

    for (const body of [
      { from: '2026-02-01', to: '2026-01-01' },
      { from: '2023-01-01', to: '2026-01-01' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-01-01' },
    ]) {
      const response = await app.api('/plugins/ads-demo/sync', {
        method: 'POST',
        token: other.tokens.manager,
        body,
      });
      expect(response.status, JSON.stringify(body)).to.equal(400);
    }
    const whole = await app.api('/plugins/ads-demo/sync', { method: 'POST', token: other.tokens.admin });
    expect(whole.status).to.equal(202);
    expect(app.syncs.started.at(-1)?.range).to.equal(undefined);
  });

  it('when a plugin is installed but not configured, a sync is refused with 409', async () => {
    const other = await app.seedTenant('unconf');
    await app.api('/plugins/ads-demo/install', { method: 'POST', token: other.tokens.admin });
    const refused = await app.api('/plugins/ads-demo/sync', { method: 'POST', token: other.tokens.manager });
    expect((await json<{ error: { code: string } }>(refused, 409)).error.code).to.equal(
      'PLUGINS_NOT_CONFIGURED',
    );
  });

  it('when a manager or viewer acts, RBAC decides: manager syncs but cannot install or read the console, viewer gets 403', async () => {
    const other = await app.seedTenant('rbac');
    const install = await app.api('/plugins/ads-demo/install', {
      method: 'POST',
      token: other.tokens.manager,
    });
    expect(install.status).to.equal(403);
    expect((await app.api('/plugins', { token: other.tokens.viewer })).status).to.equal(403);
    expect(
      (await app.api('/plugins/ads-demo/sync', { method: 'POST', token: other.tokens.viewer })).status,
    ).to.equal(403);
    expect(
      (await app.api('/plugins/ads-demo/config', { method: 'PUT', token: other.tokens.analyst, body: {} }))
        .status,
    ).to.equal(403);
    expect((await app.api('/plugins')).status).to.equal(401);
    // The manager is allowed through the guard; the installation is simply missing (404, not 403).
    const sync = await app.api('/plugins/ads-demo/sync', { method: 'POST', token: other.tokens.manager });
    expect(sync.status).to.equal(404);
  });

  it('when the catalog is read, each plugin is listed with its state and the detail serves the JSON Schema with write-only secrets', async () => {
    const list = await json<{ data: { id: string; installation: unknown }[] }>(
      await app.api('/plugins', { token: admin() }),
      200,
    );
    expect(list.data.map((plugin) => plugin.id)).to.include('ads-demo');
    const detail = await json<{
      configSchema: { properties: Record<string, Record<string, unknown>>; required: string[] };
    }>(await app.api('/plugins/ads-demo', { token: admin() }), 200);
    expect(detail.configSchema.properties.apiKey).to.include({
      writeOnly: true,
      format: 'password',
      type: 'string',
    });
    expect(detail.configSchema.properties.seed).not.to.have.property('writeOnly');
    expect(detail.configSchema.required).to.deep.equal(['apiKey']);

    const unknown = await app.api('/plugins/no-such-plugin', { token: admin() });
    expect((await json<{ error: { code: string } }>(unknown, 404)).error.code).to.equal('PLUGINS_NOT_FOUND');
    const unknownInstall = await app.api('/plugins/no-such-plugin/install', {
      method: 'POST',
      token: admin(),
    });
    expect(unknownInstall.status).to.equal(404);
  });

  it('when disabling a plugin that was never enabled, the answer is 409 with a clear code', async () => {
    const other = await app.seedTenant('trans');
    await app.api('/plugins/ads-demo/install', {
      method: 'POST',
      token: other.tokens.admin,
      body: { config: GOOD_CONFIG },
    });
    const refused = await app.api('/plugins/ads-demo/disable', { method: 'POST', token: other.tokens.admin });
    expect((await json<{ error: { code: string } }>(refused, 409)).error.code).to.equal(
      'PLUGINS_INVALID_TRANSITION',
    );
  });
});
