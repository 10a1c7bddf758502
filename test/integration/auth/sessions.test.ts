import { expect } from 'chai';
import { startCoreTestApp, TEST_PASSWORD } from './support/core-test-app.js';
import type { CoreTestApp, SessionBody } from './support/core-test-app.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('auth: refresh rotation, reuse and logout (integration)', () => {
  let app: CoreTestApp;
  let clockOffsetMs = 0;
  before(async () => {
    app = await startCoreTestApp({ now: () => new Date(Date.now() + clockOffsetMs) });
  });
  after(async () => {
    await app.close();
  });
  afterEach(() => {
    clockOffsetMs = 0;
  });

  const refresh = (refreshToken: string) =>
    app.request('/auth/refresh', { method: 'POST', body: { refreshToken } });
  const logout = (refreshToken: string) =>
    app.request('/auth/logout', { method: 'POST', body: { refreshToken } });
  const codeOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string } }).error.code;

  it('when a refresh token is exchanged, new tokens come back and the new refresh token works in turn', async () => {
    const tenant = await app.seedTenant();
    const first = await app.login(tenant.users.manager.email);
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).to.equal(200);
    const second = (await rotated.json()) as SessionBody;
    expect(second.refreshToken).not.to.equal(first.refreshToken);
    expect(second.accessToken).not.to.equal(first.accessToken);
    expect(second.user.id).to.equal(tenant.users.manager.id);
    expect((await app.request('/me', { token: second.accessToken })).status).to.equal(200);
    expect((await refresh(second.refreshToken)).status).to.equal(200);
  });

  it('when a rotated refresh token is presented again, the whole family is revoked', async () => {
    const tenant = await app.seedTenant();
    const first = await app.login(tenant.users.analyst.email);
    const second = (await (await refresh(first.refreshToken)).json()) as SessionBody;
    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).to.equal(401);
    expect(await codeOf(reuse)).to.equal('AUTH_REFRESH_REUSED');
    const afterReuse = await refresh(second.refreshToken);
    expect(afterReuse.status).to.equal(401);
    expect(await codeOf(afterReuse)).to.equal('AUTH_REFRESH_INVALID');
    const other = await app.login(tenant.users.analyst.email);
    expect((await refresh(other.refreshToken)).status, 'another session is not touched').to.equal(200);
  });

  it('when the same refresh token is presented twice at once, only one exchange succeeds', async () => {
    const tenant = await app.seedTenant();
    const session = await app.login(tenant.users.viewer.email);
    const statuses = (await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)])).map(
      (response) => response.status,
    );
    expect(statuses.sort()).to.deep.equal([200, 401]);
  });

  it('when the session is logged out, its refresh token stops working and logout answers 204', async () => {
    const tenant = await app.seedTenant();
    const session = await app.login(tenant.users.viewer.email);
    expect((await logout(session.refreshToken)).status).to.equal(204);
    const response = await refresh(session.refreshToken);
    expect(response.status).to.equal(401);
    expect(await codeOf(response)).to.equal('AUTH_REFRESH_INVALID');
  });

  it('when an unknown or malformed refresh token is logged out, answers 204 all the same', async () => {
    expect((await logout(`srt_${'A'.repeat(43)}`)).status).to.equal(204);
    expect((await logout('not-a-token')).status).to.equal(204);
  });

  it('when a refresh token is older than 30 days, it is refused', async () => {
    const tenant = await app.seedTenant();
    const session = await app.login(tenant.users.viewer.email);
    clockOffsetMs = 30 * DAY_MS + 60_000;
    expect((await refresh(session.refreshToken)).status).to.equal(401);
  });

  it('when the access token is older than 15 minutes (plus 30 s skew), it answers 401 AUTH_TOKEN_EXPIRED', async () => {
    const tenant = await app.seedTenant();
    const session = await app.login(tenant.users.viewer.email);
    clockOffsetMs = 15 * 60_000 + 20_000;
    expect((await app.request('/me', { token: session.accessToken })).status, 'within the skew').to.equal(
      200,
    );
    clockOffsetMs = 15 * 60_000 + 31_000;
    const expired = await app.request('/me', { token: session.accessToken });
    expect(expired.status).to.equal(401);
    expect(expired.headers.get('www-authenticate')).to.equal('Bearer');
    expect(await codeOf(expired)).to.equal('AUTH_TOKEN_EXPIRED');
  });

  it('when a user is deactivated, the access token, the refresh token and the password stop working', async () => {
    const tenant = await app.seedTenant();
    const session = await app.login(tenant.users.manager.email);
    const admin = await app.login(tenant.users.admin.email);
    const removed = await app.request(`/users/${tenant.users.manager.id}`, {
      method: 'DELETE',
      token: admin.accessToken,
    });
    expect(removed.status).to.equal(204);
    const me = await app.request('/me', { token: session.accessToken });
    expect(me.status).to.equal(401);
    expect(await codeOf(me)).to.equal('AUTH_USER_INACTIVE');
    expect((await refresh(session.refreshToken)).status).to.equal(401);
    const login = await app.request('/auth/login', {
      method: 'POST',
      body: { email: tenant.users.manager.email, password: TEST_PASSWORD },
    });
    expect(login.status).to.equal(401);
  });

  it('when an admin is demoted, the old access token loses admin rights at once', async () => {
    const tenant = await app.seedTenant();
    const demoted = await app.login(tenant.users.admin.email);
    const other = await app.modules.services.users.create(tenant.id, {
      email: `second-admin@${tenant.slug}.example.com`,
      password: TEST_PASSWORD,
      role: 'admin',
      name: 'Second admin',
    });
    const otherSession = await app.login(other.email);
    expect((await app.request('/users', { token: demoted.accessToken })).status).to.equal(200);
    const change = await app.request(`/users/${tenant.users.admin.id}`, {
      method: 'PATCH',
      token: otherSession.accessToken,
      body: { role: 'viewer' },
    });
    expect(change.status).to.equal(200);
    expect((await app.request('/users', { token: demoted.accessToken })).status).to.equal(403);
  });

  it("when another tenant's valid token rides along, login, refresh and logout still serve their own account", async () => {
    const tenant = await app.seedTenant();
    const other = await app.seedTenant();
    const { accessToken } = await app.login(other.users.admin.email);
    const token = accessToken;
    const login = await app.request('/auth/login', {
      method: 'POST',
      token,
      body: { email: tenant.users.viewer.email, password: TEST_PASSWORD },
    });
    expect(login.status).to.equal(200);
    const session = (await login.json()) as SessionBody;
    expect(session.user.tenantId).to.equal(tenant.id);
    const rotated = await app.request('/auth/refresh', {
      method: 'POST',
      token,
      body: { refreshToken: session.refreshToken },
    });
    expect(rotated.status).to.equal(200);
    const next = (await rotated.json()) as SessionBody;
    const ended = await app.request('/auth/logout', {
      method: 'POST',
      token,
      body: { refreshToken: next.refreshToken },
    });
    expect(ended.status).to.equal(204);
  });
});
