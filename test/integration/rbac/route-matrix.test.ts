import { expect } from 'chai';
import type { PermissionSubject } from '../../../core/rbac/permissions.js';
import { isPermission, principalHasPermission } from '../../../core/rbac/permissions.js';
import { ROLES } from '../../../core/security/access-tokens.js';
import { startCoreTestApp } from '../auth/support/core-test-app.js';
import type { CoreTestApp } from '../auth/support/core-test-app.js';

interface Caller {
  readonly name: string;
  /** undefined = anonymous */
  readonly subject: PermissionSubject | undefined;
  readonly headers: Record<string, string>;
}

const UNKNOWN_ID = '0123456789abcdef01234567';

describe('RBAC: every route × every kind of caller (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp();
  });
  after(async () => {
    await app.close();
  });

  it('when each route is called by anonymous, each role and read/write API keys, 401/403 match the matrix', async function () {
    this.timeout(120_000);
    const tenant = await app.seedTenant();
    const callers: Caller[] = [{ name: 'anonymous', subject: undefined, headers: {} }];
    for (const role of ROLES) {
      const { accessToken } = await app.login(tenant.users[role].email);
      callers.push({
        name: role,
        subject: { kind: 'user', role },
        headers: { authorization: `Bearer ${accessToken}` },
      });
    }
    for (const scope of ['read', 'write'] as const) {
      const { key } = await app.modules.services.apiKeys.create(tenant.id, { name: scope, scopes: [scope] });
      callers.push({
        name: `api key (${scope})`,
        subject: { kind: 'apiKey', scopes: [scope] },
        headers: { 'x-api-key': key },
      });
    }

    const mismatches: string[] = [];
    let checked = 0;
    for (const route of app.modules.routes) {
      const path = route.path.replace(/:[A-Za-z_]+/g, UNKNOWN_ID);
      for (const caller of callers) {
        let expected: 'allowed' | 401 | 403 = 'allowed';
        if (route.auth === 'required') {
          if (caller.subject === undefined) expected = 401;
          else if (route.permission !== undefined) {
            const permission = route.permission;
            if (!isPermission(permission)) throw new Error(`unknown permission ${permission}`);
            if (!principalHasPermission(caller.subject, permission)) expected = 403;
          }
        }
        const response = await app.request(path, {
          method: route.method.toUpperCase(),
          headers: caller.headers,
          ...(route.method === 'post' || route.method === 'patch' ? { body: {} } : {}),
        });
        const actual = response.status === 401 || response.status === 403 ? response.status : 'allowed';
        if (response.status >= 500)
          mismatches.push(`${route.method} ${route.path} as ${caller.name}: ${response.status}`);
        if (actual !== expected) {
          mismatches.push(
            `${route.method.toUpperCase()} ${route.path} as ${caller.name}: expected ${expected}, got ${response.status}`,
          );
        }
        checked += 1;
      }
    }
    expect(mismatches).to.deep.equal([]);
    expect(checked).to.equal(app.modules.routes.length * callers.length);
  });

  it('when the matrix is read for the core routes, admin-only routes stay admin-only', () => {
    const adminOnly = app.modules.routes
      .filter((route) => {
        const permission = route.permission;
        if (permission === undefined || !isPermission(permission)) return false;
        const others = ROLES.filter((role) => role !== 'admin');
        // A permission no role holds (embed-config:read, embed tokens only) is not admin-only.
        if (!principalHasPermission({ kind: 'user', role: 'admin' }, permission)) return false;
        return !others.some((role) => principalHasPermission({ kind: 'user', role }, permission));
      })
      .map((route) => `${route.method} ${route.path}`);
    expect(adminOnly).to.have.members([
      'patch /tenant',
      'get /users',
      'post /users',
      'get /users/:id',
      'patch /users/:id',
      'delete /users/:id',
      'get /api-keys',
      'post /api-keys',
      'delete /api-keys/:id',
      'get /audit-logs',
    ]);
  });
});
