import { expect } from 'chai';
import { startCoreTestApp, TEST_PASSWORD } from './support/core-test-app.js';
import type { CoreTestApp, SeededTenant } from './support/core-test-app.js';

interface UserBody {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly name: string;
  readonly locale: string;
  readonly phone: string | null;
  readonly deactivatedAt: string | null;
}

describe('users (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp();
  });
  after(async () => {
    await app.close();
  });

  const adminToken = async (tenant: SeededTenant) => (await app.login(tenant.users.admin.email)).accessToken;
  const codeOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string } }).error.code;

  it('when an admin creates a user, answers 201 with the user, lower-cased email and the tenant locale', async () => {
    const tenant = await app.seedTenant();
    const response = await app.request('/users', {
      method: 'POST',
      token: await adminToken(tenant),
      body: {
        email: `New.Person@${tenant.slug}.example.com`,
        password: TEST_PASSWORD,
        role: 'analyst',
        name: 'New',
      },
    });
    expect(response.status).to.equal(201);
    const user = (await response.json()) as UserBody;
    expect(user).to.include({
      email: `new.person@${tenant.slug}.example.com`,
      role: 'analyst',
      locale: 'en-US',
    });
    expect(user).not.to.have.property('passwordHash');
    expect((await app.login(user.email)).user.id).to.equal(user.id);
  });

  it('when the email exists in any tenant, whatever its case, answers 409 USERS_EMAIL_TAKEN', async () => {
    const tenant = await app.seedTenant();
    const other = await app.seedTenant();
    for (const email of [tenant.users.viewer.email.toUpperCase(), other.users.viewer.email]) {
      const response = await app.request('/users', {
        method: 'POST',
        token: await adminToken(tenant),
        body: { email, password: TEST_PASSWORD, role: 'viewer', name: 'Dup' },
      });
      expect(response.status).to.equal(409);
      expect(await codeOf(response)).to.equal('USERS_EMAIL_TAKEN');
    }
  });

  it('when a phone number is set, it is stored encrypted with a blind index and found by number', async () => {
    const tenant = await app.seedTenant();
    const response = await app.request(`/users/${tenant.users.manager.id}`, {
      method: 'PATCH',
      token: await adminToken(tenant),
      body: { phone: '+15551234567' },
    });
    expect(response.status).to.equal(200);
    expect(((await response.json()) as UserBody).phone).to.equal('+15551234567');
    const stored = await app.connection.collection('users').findOne({ email: tenant.users.manager.email });
    expect(stored?.phone).to.match(/^v1:/);
    expect(JSON.stringify(stored)).not.to.include('5551234567');
    expect(stored?.phoneBlindIndex).to.match(/^[0-9a-f]{64}$/);
    const found = await app.modules.services.users.findByPhone('+15551234567');
    expect(found.map((user) => user.id)).to.include(tenant.users.manager.id);
    const cleared = await app.request(`/users/${tenant.users.manager.id}`, {
      method: 'PATCH',
      token: await adminToken(tenant),
      body: { phone: null },
    });
    expect(((await cleared.json()) as UserBody).phone).to.equal(null);
  });

  it('when a phone number is not E.164, answers 400', async () => {
    const tenant = await app.seedTenant();
    const response = await app.request(`/users/${tenant.users.viewer.id}`, {
      method: 'PATCH',
      token: await adminToken(tenant),
      body: { phone: '555-1234' },
    });
    expect(response.status).to.equal(400);
  });

  it('when users are listed with a limit, pages follow the cursor until nextCursor is null', async () => {
    const tenant = await app.seedTenant();
    const token = await adminToken(tenant);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=3' : `?limit=3&cursor=${cursor}`;
      const response = await app.request(`/users${query}`, { token });
      expect(response.status).to.equal(200);
      const page = (await response.json()) as { data: UserBody[]; nextCursor: string | null };
      expect(page.data.length).to.be.at.most(3);
      seen.push(...page.data.map((user) => user.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).to.have.members(Object.values(tenant.users).map((user) => user.id));
    const admins = (await (await app.request('/users?role=admin', { token })).json()) as { data: UserBody[] };
    expect(admins.data.map((user) => user.id)).to.deep.equal([tenant.users.admin.id]);
  });

  it('when an admin changes a role and a name, answers the changed user', async () => {
    const tenant = await app.seedTenant();
    const response = await app.request(`/users/${tenant.users.viewer.id}`, {
      method: 'PATCH',
      token: await adminToken(tenant),
      body: { role: 'analyst', name: 'Promoted', locale: 'de-DE' },
    });
    expect(response.status).to.equal(200);
    expect(await response.json()).to.include({ role: 'analyst', name: 'Promoted', locale: 'de-DE' });
  });

  it('when the last active admin would be demoted or deactivated, answers 409 USERS_LAST_ADMIN', async () => {
    const tenant = await app.seedTenant();
    const token = await adminToken(tenant);
    const path = `/users/${tenant.users.admin.id}`;
    const demote = await app.request(path, { method: 'PATCH', token, body: { role: 'manager' } });
    expect(demote.status).to.equal(409);
    expect(await codeOf(demote)).to.equal('USERS_LAST_ADMIN');
    expect((await app.request(path, { method: 'DELETE', token })).status).to.equal(409);
    expect((await app.request('/me', { token })).status).to.equal(200);
  });

  it('when a user is deactivated, answers 204, the user shows deactivatedAt and cannot sign in', async () => {
    const tenant = await app.seedTenant();
    const token = await adminToken(tenant);
    const path = `/users/${tenant.users.analyst.id}`;
    expect((await app.request(path, { method: 'DELETE', token })).status).to.equal(204);
    expect((await app.request(path, { method: 'DELETE', token })).status, 'idempotent').to.equal(204);
    const user = (await (await app.request(path, { token })).json()) as UserBody;
    expect(user.deactivatedAt).to.be.a('string');
    const login = await app.request('/auth/login', {
      method: 'POST',
      body: { email: tenant.users.analyst.email, password: TEST_PASSWORD },
    });
    expect(login.status).to.equal(401);
  });

  it('when the id is unknown answers 404, and when it is not an id answers 400', async () => {
    const tenant = await app.seedTenant();
    const token = await adminToken(tenant);
    expect((await app.request('/users/0123456789abcdef01234567', { token })).status).to.equal(404);
    expect((await app.request('/users/not-an-id', { token })).status).to.equal(400);
  });
});
