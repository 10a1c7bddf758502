import { expect } from 'chai';
import type { Permission } from './permissions.js';
import {
  API_KEY_SCOPE_PERMISSIONS,
  PERMISSIONS,
  permissionsOf,
  principalHasPermission,
  ROLE_PERMISSIONS,
} from './permissions.js';

// The matrix written out by hand, as the product describes it: a change to permissions.ts that
// does not match the product rules fails here.
const EXPECTED: Readonly<Record<Permission, readonly string[]>> = {
  'tenant:read': ['viewer', 'analyst', 'manager', 'admin', 'key:read', 'key:write'],
  'kpis:read': ['viewer', 'analyst', 'manager', 'admin', 'key:read', 'key:write'],
  'campaigns:read': ['viewer', 'analyst', 'manager', 'admin', 'key:read', 'key:write'],
  'exports:run': ['analyst', 'manager', 'admin', 'key:read', 'key:write'],
  'chat:use': ['analyst', 'manager', 'admin'],
  'ml:read': ['analyst', 'manager', 'admin', 'key:read', 'key:write'],
  'campaigns:write': ['manager', 'admin', 'key:write'],
  'budgets:write': ['manager', 'admin', 'key:write'],
  'rules:read': ['viewer', 'analyst', 'manager', 'admin', 'key:read', 'key:write'],
  'alerts:read': ['viewer', 'analyst', 'manager', 'admin', 'key:read', 'key:write'],
  'rules:write': ['manager', 'admin', 'key:write'],
  'embed-sites:read': ['manager', 'admin', 'key:read', 'key:write'],
  'embed-sites:write': ['manager', 'admin', 'key:write'],
  // Held only by embed tokens (core/embed), which are none of these subjects.
  'embed-config:read': [],
  'tenant:write': ['admin'],
  'users:manage': ['admin'],
  'api-keys:manage': ['admin'],
  'plugins:read': ['admin'],
  'plugins:manage': ['admin'],
  'plugins:sync': ['manager', 'admin', 'key:write'],
  'sync-runs:read': ['manager', 'admin', 'key:read', 'key:write'],
  'jobs:read': ['admin'],
  'audit:read': ['admin'],
  'conversions:write': ['admin', 'key:conversions:write'],
  'conversions:read': ['admin'],
  'privacy:manage': ['admin'],
  'competitors:read': ['viewer', 'analyst', 'manager', 'admin', 'key:read', 'key:write'],
  'competitors:write': ['manager', 'admin', 'key:write'],
};

describe('RBAC permission matrix', () => {
  for (const permission of PERMISSIONS) {
    it(`when "${permission}" is checked, exactly ${EXPECTED[permission].join(', ')} hold it`, () => {
      const holders = [
        ...(['viewer', 'analyst', 'manager', 'admin'] as const).filter((role) =>
          principalHasPermission({ kind: 'user', role }, permission),
        ),
        ...(['read', 'write', 'conversions:write'] as const)
          .filter((scope) => principalHasPermission({ kind: 'apiKey', scopes: [scope] }, permission))
          .map((scope) => `key:${scope}`),
      ];
      expect(holders).to.deep.equal(EXPECTED[permission]);
    });
  }

  it('when an API key has only the conversions:write scope, it can post conversions and nothing else', () => {
    expect([...API_KEY_SCOPE_PERMISSIONS['conversions:write']]).to.deep.equal(['conversions:write']);
    expect(permissionsOf({ kind: 'apiKey', scopes: ['conversions:write'] })).to.deep.equal([
      'conversions:write',
    ]);
  });

  it('when roles are compared, each holds every permission of the role below it', () => {
    const order = ['viewer', 'analyst', 'manager', 'admin'] as const;
    for (let index = 1; index < order.length; index += 1) {
      const lower = ROLE_PERMISSIONS[order[index - 1] ?? 'viewer'];
      const higher = ROLE_PERMISSIONS[order[index] ?? 'admin'];
      expect([...lower].every((permission) => higher.has(permission))).to.equal(true);
    }
  });

  it('when an API key has every scope, it still never manages users, keys, plugins or the audit log', () => {
    const all = new Set([...API_KEY_SCOPE_PERMISSIONS.read, ...API_KEY_SCOPE_PERMISSIONS.write]);
    for (const permission of [
      'users:manage',
      'api-keys:manage',
      'plugins:manage',
      'audit:read',
      'tenant:write',
    ] as const) {
      expect(all.has(permission), permission).to.equal(false);
    }
  });

  it('when the permissions of a subject are listed, they come in matrix order', () => {
    expect(permissionsOf({ kind: 'user', role: 'analyst' })).to.deep.equal([
      'tenant:read',
      'kpis:read',
      'campaigns:read',
      'rules:read',
      'alerts:read',
      'exports:run',
      'chat:use',
      'ml:read',
      'competitors:read',
    ]);
  });
});
