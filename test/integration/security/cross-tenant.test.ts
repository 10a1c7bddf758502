import { expect } from 'chai';
import { TenancyViolationError } from '../../../core/db/tenancy-plugin.js';
import { startCoreTestApp } from '../auth/support/core-test-app.js';
import type { CoreTestApp, SeededTenant } from '../auth/support/core-test-app.js';

// A valid body per route, so the answer is about the id, not the body.
const BODIES: Readonly<Record<string, unknown>> = {
  'patch /users/:id': { role: 'admin', name: 'Hijacked', locale: 'fr-FR', phone: '+33123456789' },
  'patch /embed/sites/:id': { name: 'Hijacked', allowedOrigins: ['https://evil.example'] },
};

describe('security: cross-tenant isolation (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp();
  });
  after(async () => {
    await app.close();
  });

  async function snapshot(tenant: SeededTenant) {
    const users = await app.modules.services.users.list(tenant.id, {}, { limit: 50 });
    const keys = await app.modules.services.apiKeys.list(tenant.id, { limit: 50 });
    const tenantRecord = await app.modules.services.tenants.get(tenant.id);
    return JSON.stringify({ users: users.data, keys: keys.data, tenant: tenantRecord });
  }

  it("when every route with an id is called with another tenant's id, each answers 404 and nothing changes", async () => {
    const mine = await app.seedTenant('mine');
    const theirs = await app.seedTenant('theirs');
    const { apiKey } = await app.modules.services.apiKeys.create(theirs.id, {
      name: 'theirs',
      scopes: ['read'],
    });
    const site = await app.modules.embed.sites.create(theirs.id, {
      name: 'Their portal',
      allowedOrigins: ['https://portal.theirs.example'],
      widgets: ['kpi'],
    });
    const foreignIds: Readonly<Record<string, string>> = {
      '/users/:id': theirs.users.viewer.id,
      '/api-keys/:id': apiKey.id,
      '/embed/sites/:id': site.id,
    };
    const { accessToken } = await app.login(mine.users.admin.email);
    const before = await snapshot(theirs);
    const routesWithIds = app.modules.routes.filter((route) => route.path.includes(':'));
    expect(routesWithIds.length).to.be.greaterThan(0);
    for (const route of routesWithIds) {
      const id = foreignIds[route.path];
      expect(id, `no foreign id for ${route.path}: add one to this test`).to.be.a('string');
      const response = await app.request(route.path.replace(':id', id ?? ''), {
        method: route.method.toUpperCase(),
        token: accessToken,
        body: BODIES[`${route.method} ${route.path}`],
      });
      expect(response.status, `${route.method} ${route.path}`).to.equal(404);
      expect(await response.text()).not.to.include(theirs.slug);
    }
    expect(await snapshot(theirs)).to.equal(before);
  });

  it('when lists are read, they hold only the caller tenant’s users, keys and audit entries', async () => {
    const mine = await app.seedTenant('mine');
    const theirs = await app.seedTenant('theirs');
    await app.modules.services.apiKeys.create(theirs.id, { name: 'theirs', scopes: ['read'] });
    const { accessToken } = await app.login(mine.users.admin.email);
    const read = async (path: string) =>
      (
        (await (await app.request(path, { token: accessToken })).json()) as {
          data: Record<string, unknown>[];
        }
      ).data;
    const users = await read('/users?limit=200');
    expect(users.map((user) => user.tenantId)).to.satisfy((ids: unknown[]) =>
      ids.every((id) => id === mine.id),
    );
    expect(await read('/api-keys')).to.deep.equal([]);
    const entries = await read('/audit-logs?limit=200');
    expect(JSON.stringify(entries)).not.to.include(theirs.slug);
    expect(JSON.stringify(entries)).not.to.include(theirs.users.admin.id);
  });

  it("when /tenant is changed, only the caller's tenant changes", async () => {
    const mine = await app.seedTenant('mine');
    const theirs = await app.seedTenant('theirs');
    const before = await snapshot(theirs);
    const { accessToken } = await app.login(mine.users.admin.email);
    const response = await app.request('/tenant', {
      method: 'PATCH',
      token: accessToken,
      body: { name: 'Mine only' },
    });
    expect(response.status).to.equal(200);
    expect(((await response.json()) as { id: string }).id).to.equal(mine.id);
    expect(await snapshot(theirs)).to.equal(before);
  });

  it('when an API key of one tenant reads, it sees that tenant only', async () => {
    const mine = await app.seedTenant('mine');
    await app.seedTenant('theirs');
    const { key } = await app.modules.services.apiKeys.create(mine.id, { name: 'mine', scopes: ['read'] });
    const response = await app.request('/tenant', { headers: { 'x-api-key': key } });
    expect(((await response.json()) as { id: string }).id).to.equal(mine.id);
  });

  it('when code queries a tenant-scoped model without a tenant, the data layer refuses', async () => {
    await app.seedTenant();
    const users = app.connection.model('User');
    const error = await users.find({}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(TenancyViolationError);
    const keys = app.connection.model('ApiKey');
    expect(
      await keys.updateMany({}, { $set: { name: 'x' } }).catch((caught: unknown) => caught),
    ).to.be.instanceOf(TenancyViolationError);
  });
});
