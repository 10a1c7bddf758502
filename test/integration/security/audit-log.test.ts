import { expect } from 'chai';
import { AppendOnlyViolationError } from '../../../core/audit/audit-log.model.js';
import { startCoreTestApp, TEST_PASSWORD } from '../auth/support/core-test-app.js';
import type { CoreTestApp, SeededTenant } from '../auth/support/core-test-app.js';

interface EntryBody {
  readonly id: string;
  readonly actor: { type: string; id: string; email: string | null };
  readonly action: string;
  readonly target: { type: string; id: string };
  readonly changes: Record<string, unknown>;
  readonly reason: string | null;
  readonly outcome: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  readonly at: string;
}
interface PageBody {
  readonly data: EntryBody[];
  readonly nextCursor: string | null;
}

describe('audit log (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp();
  });
  after(async () => {
    await app.close();
  });

  async function readAll(tenant: SeededTenant, query = ''): Promise<EntryBody[]> {
    const { accessToken } = await app.login(tenant.users.admin.email);
    const response = await app.request(`/audit-logs?limit=200${query}`, { token: accessToken });
    expect(response.status).to.equal(200);
    return ((await response.json()) as PageBody).data;
  }

  it('when auth events and changes happen, each is recorded with who, what, where and outcome, and no secret', async () => {
    const tenant = await app.seedTenant();
    const headers = { 'user-agent': 'audit-test/1.0', 'x-request-id': 'req-audit-0001' };
    const failed = await app.request('/auth/login', {
      method: 'POST',
      headers,
      body: { email: tenant.users.viewer.email, password: 'wrong password!' },
    });
    expect(failed.status).to.equal(401);
    const admin = await app.login(tenant.users.admin.email);
    const refreshed = await app.request('/auth/refresh', {
      method: 'POST',
      body: { refreshToken: admin.refreshToken },
    });
    const session = (await refreshed.json()) as { accessToken: string; refreshToken: string };
    const reused = await app.request('/auth/refresh', {
      method: 'POST',
      body: { refreshToken: admin.refreshToken },
    });
    expect(reused.status).to.equal(401);
    const token = (await app.login(tenant.users.admin.email)).accessToken;
    const createdKey = (await (
      await app.request('/api-keys', { method: 'POST', token, body: { name: 'ci', scopes: ['read'] } })
    ).json()) as { apiKey: { id: string }; key: string };
    await app.request(`/api-keys/${createdKey.apiKey.id}`, { method: 'DELETE', token });
    const newUser = {
      email: `audited@${tenant.slug}.example.com`,
      password: 'a secret password',
      role: 'viewer',
      name: 'A',
    };
    const created = (await (
      await app.request('/users', { method: 'POST', token, body: newUser })
    ).json()) as { id: string };
    await app.request(`/users/${created.id}`, {
      method: 'PATCH',
      token,
      headers,
      body: { role: 'analyst', phone: '+4915112345678' },
    });
    await app.request(`/users/${created.id}`, { method: 'DELETE', token });
    await app.request('/tenant', { method: 'PATCH', token, body: { currency: 'EUR' } });
    const later = await app.request('/auth/login', {
      method: 'POST',
      body: { email: newUser.email, password: newUser.password },
    });
    expect(later.status).to.equal(401);
    await app.request('/auth/logout', { method: 'POST', body: { refreshToken: session.refreshToken } });

    const entries = await readAll(tenant);
    const actions = entries.map((entry) => `${entry.action}:${entry.outcome}`);
    for (const expected of [
      'auth.login:failure',
      'auth.login:success',
      'auth.refresh:success',
      'auth.refresh_reuse:failure',
      'apiKey.create:success',
      'apiKey.revoke:success',
      'user.create:success',
      'user.update:success',
      'user.deactivate:success',
      'tenant.update:success',
      'tenant.create:success',
    ]) {
      expect(actions, expected).to.include(expected);
    }
    const failure = entries.find(
      (entry) =>
        entry.action === 'auth.login' &&
        entry.outcome === 'failure' &&
        entry.target.id === tenant.users.viewer.id,
    );
    expect(failure).to.deep.include({
      actor: { type: 'user', id: tenant.users.viewer.id, email: tenant.users.viewer.email },
      reason: 'AUTH_INVALID_CREDENTIALS',
      userAgent: 'audit-test/1.0',
      requestId: 'req-audit-0001',
    });
    expect(failure?.ip).to.be.a('string');
    const inactive = entries.find((entry) => entry.action === 'auth.login' && entry.target.id === created.id);
    expect(inactive).to.deep.include({ outcome: 'failure', reason: 'AUTH_USER_INACTIVE' });
    const update = entries.find((entry) => entry.action === 'user.update');
    expect(update?.actor).to.deep.equal({
      type: 'user',
      id: tenant.users.admin.id,
      email: tenant.users.admin.email,
    });
    expect(update?.changes).to.deep.equal({
      role: { from: 'viewer', to: 'analyst' },
      phone: { redacted: true },
    });
    expect(entries.find((entry) => entry.action === 'tenant.update')?.changes).to.deep.equal({
      currency: { from: 'USD', to: 'EUR' },
    });

    const text = JSON.stringify(entries);
    for (const secret of [
      TEST_PASSWORD,
      newUser.password,
      admin.accessToken,
      admin.refreshToken,
      session.refreshToken,
      createdKey.key,
      '+4915112345678',
      '$argon2',
    ]) {
      expect(text).not.to.include(secret);
    }
  });

  it('when filtered by action, outcome, actor, target and time, only matching entries come back', async () => {
    const tenant = await app.seedTenant();
    await app.request('/auth/login', {
      method: 'POST',
      body: { email: tenant.users.manager.email, password: 'nope nope' },
    });
    const token = (await app.login(tenant.users.admin.email)).accessToken;
    await app.request(`/users/${tenant.users.viewer.id}`, {
      method: 'PATCH',
      token,
      body: { name: 'Renamed' },
    });

    const failures = await readAll(tenant, '&outcome=failure');
    expect(failures.map((entry) => entry.target.id)).to.deep.equal([tenant.users.manager.id]);
    const updates = await readAll(tenant, '&action=user.update');
    expect(updates.map((entry) => entry.target.id)).to.deep.equal([tenant.users.viewer.id]);
    const byActor = await readAll(tenant, `&actorId=${tenant.users.admin.id}&actorType=user`);
    expect(byActor.every((entry) => entry.actor.id === tenant.users.admin.id)).to.equal(true);
    const byTarget = await readAll(tenant, `&targetType=user&targetId=${tenant.users.viewer.id}`);
    expect(byTarget.map((entry) => entry.action)).to.include.members(['user.create', 'user.update']);
    expect(await readAll(tenant, '&to=2000-01-01T00:00:00Z')).to.deep.equal([]);
    expect(
      (await readAll(tenant, `&from=${new Date(Date.now() - 60_000).toISOString()}`)).length,
    ).to.be.greaterThan(3);
  });

  it('when read page by page, entries come newest first without gaps or repeats', async () => {
    const tenant = await app.seedTenant();
    const token = (await app.login(tenant.users.admin.email)).accessToken;
    const all = await readAll(tenant);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
      const page = (await (await app.request(`/audit-logs${query}`, { token })).json()) as PageBody;
      seen.push(...page.data.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.slice(0, all.length)).to.deep.equal(all.map((entry) => entry.id));
    expect(new Set(seen).size).to.equal(seen.length);
  });

  it('when code tries to change or delete an entry, the model refuses (append-only)', async () => {
    const tenant = await app.seedTenant();
    const model = app.connection.model('AuditLog');
    const attempt = (work: Promise<unknown>) =>
      work.then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(
      await attempt(model.updateMany({ tenantId: tenant.id }, { $set: { action: 'x.y' } })),
    ).to.be.instanceOf(AppendOnlyViolationError);
    expect(await attempt(model.deleteMany({ tenantId: tenant.id }))).to.be.instanceOf(
      AppendOnlyViolationError,
    );
    expect(await model.countDocuments({ tenantId: tenant.id })).to.be.greaterThan(0);
  });

  it('when "from" is after "to", answers 400', async () => {
    const tenant = await app.seedTenant();
    const token = (await app.login(tenant.users.admin.email)).accessToken;
    const response = await app.request('/audit-logs?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z', {
      token,
    });
    expect(response.status).to.equal(400);
  });
});
