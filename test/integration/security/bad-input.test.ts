import { expect } from 'chai';
import { startCoreTestApp, TEST_PASSWORD } from '../auth/support/core-test-app.js';
import type { CoreTestApp, SeededTenant } from '../auth/support/core-test-app.js';

describe('security: bad input and attacks (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp();
  });
  after(async () => {
    await app.close();
  });

  const adminToken = async (tenant: SeededTenant) => (await app.login(tenant.users.admin.email)).accessToken;

  describe('operator injection', () => {
    for (const query of [
      '?role[$ne]=admin',
      '?role[$gt]=',
      '?cursor[$gt]=',
      '?$where=1',
      '?role.x=admin',
      '?role=admin&role=viewer',
      '?limit={"$gt":0}',
      '?cursor={"$gt":""}',
      '?extra=1',
    ]) {
      it(`when /users gets the query ${query}, answers 400`, async () => {
        const tenant = await app.seedTenant();
        const response = await app.request(`/users${query}`, { token: await adminToken(tenant) });
        expect(response.status).to.equal(400);
      });
    }

    it('when audit filters carry operators, answers 400', async () => {
      const tenant = await app.seedTenant();
      const token = await adminToken(tenant);
      for (const query of ['?action[$regex]=.*', '?actorId[$ne]=x', '?from[$gt]=2020', '?outcome=maybe']) {
        expect((await app.request(`/audit-logs${query}`, { token })).status, query).to.equal(400);
      }
    });

    for (const body of [
      { email: { $gt: '' }, password: TEST_PASSWORD },
      { email: 'x@example.com', password: { $ne: null } },
      { email: 'x@example.com', password: 'x', $where: 'sleep(1000)' },
      { email: ['a@example.com'], password: 'x' },
      { 'email.x': 'a@example.com', password: 'x' },
    ]) {
      it(`when login gets ${JSON.stringify(body)}, answers 400`, async () => {
        const response = await app.request('/auth/login', { method: 'POST', body });
        expect(response.status).to.equal(400);
      });
    }

    it('when a change carries operators or dotted keys, answers 400 and changes nothing', async () => {
      const tenant = await app.seedTenant();
      const token = await adminToken(tenant);
      const path = `/users/${tenant.users.viewer.id}`;
      for (const body of [{ name: { $set: 'x' } }, { $set: { role: 'admin' } }, { 'name.first': 'x' }]) {
        expect(
          (await app.request(path, { method: 'PATCH', token, body })).status,
          JSON.stringify(body),
        ).to.equal(400);
      }
      const settings = await app.request('/tenant', {
        method: 'PATCH',
        token,
        body: { settings: { $where: '1' } },
      });
      expect(settings.status).to.equal(400);
      expect(await app.modules.services.users.get(tenant.id, tenant.users.viewer.id)).to.include({
        role: 'viewer',
        name: 'viewer',
      });
    });
  });

  describe('mass assignment', () => {
    it('when a user is created with tenantId or passwordHash, answers 400 and creates nobody', async () => {
      const tenant = await app.seedTenant();
      const other = await app.seedTenant();
      const token = await adminToken(tenant);
      const base = {
        email: `mass@${tenant.slug}.example.com`,
        password: TEST_PASSWORD,
        role: 'viewer',
        name: 'M',
      };
      for (const extra of [
        { tenantId: other.id },
        { passwordHash: '$argon2id$v=19$m=1,t=1,p=1$x$y' },
        { deactivatedAt: null },
      ]) {
        const response = await app.request('/users', { method: 'POST', token, body: { ...base, ...extra } });
        expect(response.status, Object.keys(extra)[0]).to.equal(400);
      }
      const listed = await app.modules.services.users.list(tenant.id, {}, { limit: 50 });
      expect(listed.data.map((user) => user.email)).not.to.include(base.email);
    });

    it('when a user update names email, password, passwordHash or tenantId, answers 400 and changes nothing', async () => {
      const tenant = await app.seedTenant();
      const other = await app.seedTenant();
      const token = await adminToken(tenant);
      const path = `/users/${tenant.users.viewer.id}`;
      for (const body of [
        { email: 'new@example.com' },
        { password: 'another password' },
        { passwordHash: 'x' },
        { tenantId: other.id },
        { role: 'viewer', id: 'x' },
      ]) {
        expect(
          (await app.request(path, { method: 'PATCH', token, body })).status,
          JSON.stringify(body),
        ).to.equal(400);
      }
      expect((await app.login(tenant.users.viewer.email)).user.tenantId).to.equal(tenant.id);
    });

    it('when role or tenantId is sent where they have no place, answers 400', async () => {
      const tenant = await app.seedTenant();
      const token = await adminToken(tenant);
      const login = { email: tenant.users.viewer.email, password: TEST_PASSWORD };
      expect(
        (await app.request('/auth/login', { method: 'POST', body: { ...login, role: 'admin' } })).status,
      ).to.equal(400);
      expect(
        (await app.request('/tenant', { method: 'PATCH', token, body: { role: 'admin' } })).status,
      ).to.equal(400);
      expect(
        (await app.request('/tenant', { method: 'PATCH', token, body: { id: 'x', name: 'n' } })).status,
      ).to.equal(400);
      const key = { name: 'k', scopes: ['read'], tenantId: tenant.id };
      expect((await app.request('/api-keys', { method: 'POST', token, body: key })).status).to.equal(400);
    });
  });

  describe('prototype pollution', () => {
    for (const raw of [
      '{"__proto__":{"role":"admin"},"email":"a@example.com","password":"x"}',
      '{"constructor":{"prototype":{"role":"admin"}},"email":"a@example.com","password":"x"}',
      '{"email":"a@example.com","password":"x","nested":{"__proto__":{"polluted":true}}}',
    ]) {
      it(`when the body is ${raw}, answers 400 and pollutes nothing`, async () => {
        const response = await app.request('/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: raw,
        });
        expect(response.status).to.equal(400);
        expect(({} as Record<string, unknown>).role).to.equal(undefined);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      });
    }
  });

  describe('transport', () => {
    it('when the body is over the limit, answers 413', async () => {
      const password = 'x'.repeat(1024 * 1024 + 10);
      const response = await app.request('/auth/login', {
        method: 'POST',
        body: { email: 'a@example.com', password },
      });
      expect(response.status).to.equal(413);
    });

    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      it(`when the body is ${contentType}, answers 415`, async () => {
        const response = await app.request('/auth/login', {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: 'email=a@example.com&password=x',
        });
        expect(response.status).to.equal(415);
      });
    }

    it('when the JSON is malformed, answers 400 without echoing a parser message', async () => {
      const response = await app.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": "a@example.com", ',
      });
      expect(response.status).to.equal(400);
      expect(await response.text()).not.to.match(/Unexpected|SyntaxError|at JSON/);
    });

    it('when a password is longer than the maximum, login answers 400 without hashing it', async () => {
      const response = await app.request('/auth/login', {
        method: 'POST',
        body: { email: 'a@example.com', password: 'x'.repeat(5000) },
      });
      expect(response.status).to.equal(400);
    });
  });
});
