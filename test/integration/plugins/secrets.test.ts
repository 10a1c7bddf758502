import { expect } from 'chai';
import { startPluginTestApp } from './support/plugin-test-app.js';
import type { PluginTestApp, TestTenant } from './support/plugin-test-app.js';

const SECRET = 'sk-live-SUPERSECRET-0042';
const CONFIG = { size: 'small', anchorDate: '2026-03-01', today: '2026-03-01' };

describe('plugin secrets are write-only (integration)', () => {
  let app: PluginTestApp;
  let tenant: TestTenant;
  before(async () => {
    app = await startPluginTestApp();
    tenant = await app.seedTenant('sec');
  });
  after(async () => {
    await app.close();
  });

  const call = async (path: string, method = 'GET', body?: unknown) => {
    const response = await app.api(path, { method, token: tenant.tokens.admin, body });
    return { status: response.status, text: await response.text() };
  };

  it('when a secret is written, no answer, history, audit entry, log line or stored field repeats it', async () => {
    const answers = [
      await call('/plugins/ads-demo/install', 'POST'),
      await call('/plugins/ads-demo/config', 'PUT', { ...CONFIG, apiKey: SECRET }),
      await call('/plugins/ads-demo/check', 'POST'),
      await call('/plugins/ads-demo/enable', 'POST'),
      await call('/plugins/ads-demo'),
      await call('/plugins'),
      await call('/audit-logs?limit=200'),
    ];
    expect(answers.map((answer) => answer.status)).to.deep.equal([201, 200, 200, 200, 200, 200, 200]);
    for (const answer of answers) expect(answer.text).not.to.include(SECRET);
    const detail = JSON.parse(answers[4]?.text ?? '{}') as {
      installation: { secrets: unknown; config: Record<string, unknown>; status: string };
    };
    expect(detail.installation.secrets).to.deep.equal({ apiKey: { set: true } });
    expect(detail.installation.config).not.to.have.property('apiKey');
    expect(detail.installation.status).to.equal('enabled');

    expect(app.logLines.length).to.be.greaterThan(5);
    expect(app.logLines.join('\n')).not.to.include(SECRET);

    const stored = await app.connection.collection('pluginInstallations').findOne({ tenantId: tenant.id });
    expect(JSON.stringify(stored)).not.to.include(SECRET);
    expect(stored?.config).not.to.have.property('apiKey');
    expect(String((stored?.secrets as Record<string, unknown>).apiKey)).to.match(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
  });

  it('when a config write omits the secret it is kept, a string replaces it, null clears it', async () => {
    const kept = await call('/plugins/ads-demo/config', 'PUT', { ...CONFIG, seed: 7 });
    expect(kept.status).to.equal(200);
    expect(JSON.parse(kept.text)).to.deep.include({ secrets: { apiKey: { set: true } } });
    const checkKept = JSON.parse((await call('/plugins/ads-demo/check', 'POST')).text) as { status: string };
    expect(checkKept.status).to.equal('ok');

    const replaced = await call('/plugins/ads-demo/config', 'PUT', { ...CONFIG, apiKey: 'revoked-by-admin' });
    expect(replaced.status).to.equal(200);
    const checkReplaced = JSON.parse((await call('/plugins/ads-demo/check', 'POST')).text) as {
      status: string;
    };
    expect(checkReplaced.status).to.equal('auth_error');

    const cleared = await call('/plugins/ads-demo/config', 'PUT', { ...CONFIG, apiKey: null });
    expect(cleared.status).to.equal(400);
    const body = JSON.parse(cleared.text) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).to.equal('PLUGINS_CONFIG_INVALID');
    expect(body.error.details.map((issue) => issue.path)).to.deep.equal(['apiKey']);
  });

  it('when a secret is invalid, the 400 names the field without echoing the value', async () => {
    const shortSecret = 'Qz7x!';
    const refused = await call('/plugins/ads-demo/config', 'PUT', { ...CONFIG, apiKey: shortSecret });
    expect(refused.status).to.equal(400);
    expect(refused.text).not.to.include(shortSecret);
    const body = JSON.parse(refused.text) as { error: { details: { path: string; message: string }[] } };
    expect(body.error.details).to.deep.equal([
      { path: 'apiKey', message: 'Invalid secret value (too_small)' },
    ]);

    const wrongType = await call('/plugins/ads-demo/config', 'PUT', { ...CONFIG, apiKey: 12345678 });
    expect(wrongType.status).to.equal(400);
    expect(wrongType.text).not.to.include('12345678');
  });

  it('when a plugin logs its credential and repeats it in an error, logs, answers and the stored status mask it', async () => {
    const leaked = 'tok-LEAKY-credential-77';
    expect(
      (await call('/plugins/test-leaky/install', 'POST', { config: { token: leaked } })).status,
    ).to.equal(201);
    const checked = await call('/plugins/test-leaky/check', 'POST');
    expect(checked.status).to.equal(200);
    const body = JSON.parse(checked.text) as {
      status: string;
      message: string;
      installation: { statusMessage: string };
    };
    expect(body.status).to.equal('error');
    expect(body.message).to.equal('token [secret] was refused');
    expect(body.installation.statusMessage).to.equal('token [secret] was refused');
    expect(checked.text).not.to.include(leaked);
    const pluginLines = app.logLines.filter((line) => line.includes('"pluginId":"test-leaky"'));
    expect(pluginLines.some((line) => line.includes('checking with [secret]'))).to.equal(true);
    expect(app.logLines.join('\n')).not.to.include(leaked);
  });
});
