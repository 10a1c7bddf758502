import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { startCoreTestApp } from './support/core-test-app.js';
import type { CoreTestApp, SeededTenant } from './support/core-test-app.js';

interface CreatedKey {
  readonly apiKey: {
    id: string;
    prefix: string;
    scopes: string[];
    lastUsedAt: string | null;
    revokedAt: string | null;
  };
  readonly key: string;
}

describe('API keys (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp();
  });
  after(async () => {
    await app.close();
  });

  async function createKey(tenant: SeededTenant, scopes: string[], name = 'reporting'): Promise<CreatedKey> {
    const { accessToken } = await app.login(tenant.users.admin.email);
    const response = await app.request('/api-keys', {
      method: 'POST',
      token: accessToken,
      body: { name, scopes },
    });
    expect(response.status).to.equal(201);
    return (await response.json()) as CreatedKey;
  }

  it('when an admin creates a key, it is shown once with its prefix, and lists show only the prefix', async () => {
    const tenant = await app.seedTenant();
    const created = await createKey(tenant, ['write', 'read', 'write']);
    expect(created.key).to.match(/^sak_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).to.equal(true);
    expect(created.apiKey.scopes).to.deep.equal(['read', 'write']);
    const { accessToken } = await app.login(tenant.users.admin.email);
    const list = await app.request('/api-keys', { token: accessToken });
    const text = await list.text();
    expect(list.status).to.equal(200);
    expect(text).to.include(created.apiKey.prefix);
    expect(text).not.to.include(created.key);
    expect(text).not.to.match(/keyHash/);
  });

  it('when a key is stored, only its SHA-256 is kept', async () => {
    const tenant = await app.seedTenant();
    const created = await createKey(tenant, ['read']);
    const stored = await app.connection.collection('apiKeys').findOne({ tenantId: tenant.id });
    expect(stored?.keyHash).to.equal(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(stored)).not.to.include(created.key.slice(12));
  });

  it('when a key is sent as Bearer or as X-API-Key, the caller is the key of its tenant', async () => {
    const tenant = await app.seedTenant();
    const created = await createKey(tenant, ['read']);
    const viaBearer = await app.request('/me', { token: created.key });
    expect(viaBearer.status).to.equal(200);
    expect(await viaBearer.json()).to.deep.include({
      type: 'apiKey',
      tenantId: tenant.id,
      permissions: [
        'tenant:read',
        'kpis:read',
        'campaigns:read',
        'rules:read',
        'alerts:read',
        'embed-sites:read',
        'exports:run',
        'ml:read',
        'sync-runs:read',
        'competitors:read',
      ],
    });
    const viaHeader = await app.request('/tenant', { headers: { 'x-api-key': created.key } });
    expect(viaHeader.status).to.equal(200);
    expect(((await viaHeader.json()) as { id: string }).id).to.equal(tenant.id);
  });

  it('when a read key tries to change data or manage anything, answers 403', async () => {
    const tenant = await app.seedTenant();
    const { key } = await createKey(tenant, ['read']);
    expect(
      (await app.request('/tenant', { method: 'PATCH', token: key, body: { name: 'X' } })).status,
    ).to.equal(403);
    for (const path of ['/users', '/api-keys', '/audit-logs']) {
      expect((await app.request(path, { token: key })).status, path).to.equal(403);
    }
  });

  it('when a write key tries to manage users, keys, the tenant or the audit log, answers 403', async () => {
    const tenant = await app.seedTenant();
    const { key } = await createKey(tenant, ['write']);
    expect((await app.request('/tenant', { token: key })).status).to.equal(200);
    expect(
      (await app.request('/tenant', { method: 'PATCH', token: key, body: { name: 'X' } })).status,
    ).to.equal(403);
    const createUser = {
      email: `k@${tenant.slug}.example.com`,
      password: 'long enough',
      role: 'admin',
      name: 'K',
    };
    expect((await app.request('/users', { method: 'POST', token: key, body: createUser })).status).to.equal(
      403,
    );
    expect(
      (await app.request('/api-keys', { method: 'POST', token: key, body: { name: 'n', scopes: ['write'] } }))
        .status,
    ).to.equal(403);
    expect((await app.request('/audit-logs', { headers: { 'x-api-key': key } })).status).to.equal(403);
  });

  it('when a key is used, lastUsedAt is recorded', async () => {
    const tenant = await app.seedTenant();
    const created = await createKey(tenant, ['read']);
    expect(created.apiKey.lastUsedAt).to.equal(null);
    await app.request('/tenant', { token: created.key });
    const page = await app.modules.services.apiKeys.list(tenant.id, { limit: 10 });
    expect(page.data[0]?.lastUsedAt).to.be.instanceOf(Date);
  });

  it('when a key is revoked, it answers 401 and revoking again still answers 204', async () => {
    const tenant = await app.seedTenant();
    const created = await createKey(tenant, ['read']);
    const { accessToken } = await app.login(tenant.users.admin.email);
    const path = `/api-keys/${created.apiKey.id}`;
    expect((await app.request(path, { method: 'DELETE', token: accessToken })).status).to.equal(204);
    const refused = await app.request('/tenant', { token: created.key });
    expect(refused.status).to.equal(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).to.equal(
      'AUTH_API_KEY_INVALID',
    );
    expect((await app.request(path, { method: 'DELETE', token: accessToken })).status).to.equal(204);
  });

  it('when a key is malformed or unknown, or both headers are sent, answers 401', async () => {
    const tenant = await app.seedTenant();
    const { key } = await createKey(tenant, ['read']);
    expect((await app.request('/tenant', { headers: { 'x-api-key': 'sak_short' } })).status).to.equal(401);
    expect(
      (await app.request('/tenant', { headers: { 'x-api-key': `sak_${'B'.repeat(43)}` } })).status,
    ).to.equal(401);
    const both = await app.request('/tenant', { token: key, headers: { 'x-api-key': key } });
    expect(both.status).to.equal(401);
  });

  it('when scopes are missing or unknown, creating a key answers 400', async () => {
    const tenant = await app.seedTenant();
    const { accessToken } = await app.login(tenant.users.admin.email);
    for (const scopes of [[], ['admin'], 'read']) {
      const response = await app.request('/api-keys', {
        method: 'POST',
        token: accessToken,
        body: { name: 'n', scopes },
      });
      expect(response.status, JSON.stringify(scopes)).to.equal(400);
    }
  });
});
