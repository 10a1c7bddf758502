/**
 * The one permission matrix of Stratum. Routes declare `permission: '<area>:<verb>'`; the route
 * guard asks {@link principalHasPermission}. Later issues add their permissions here, nowhere else.
 */
import type { Role } from '../security/access-tokens.js';

export const PERMISSIONS = [
  'tenant:read',
  'tenant:write',
  'kpis:read',
  'campaigns:read',
  'campaigns:write',
  'budgets:write',
  'rules:read',
  'rules:write',
  'embed-sites:read',
  'embed-sites:write',
  'exports:run',
  'chat:use',
  'users:manage',
  'api-keys:manage',
  'plugins:read',
  'plugins:manage',
  'plugins:sync',
  'sync-runs:read',
  'jobs:read',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = ['tenant:read', 'kpis:read', 'campaigns:read'];
const ANALYST: readonly Permission[] = [...VIEWER, 'exports:run', 'chat:use'];
const MANAGER: readonly Permission[] = [
  ...ANALYST,
  'campaigns:write',
  'budgets:write',
  'rules:read',
  'rules:write',
  'embed-sites:read',
  'embed-sites:write',
  'plugins:sync',
  'sync-runs:read',
];
const ADMIN: readonly Permission[] = [
  ...MANAGER,
  'tenant:write',
  'users:manage',
  'api-keys:manage',
  'plugins:read',
  'plugins:manage',
  'jobs:read',
  'audit:read',
];

/** viewer ⊂ analyst ⊂ manager ⊂ admin. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  analyst: new Set(ANALYST),
  manager: new Set(MANAGER),
  admin: new Set(ADMIN),
};

export const API_KEY_SCOPES = ['read', 'write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

// Machine clients read the tenant's data and, with `write`, change it; they never manage
// people, keys, plugins or read the audit trail — those stay with a signed-in admin.
const API_KEY_READ: readonly Permission[] = [
  'tenant:read',
  'kpis:read',
  'campaigns:read',
  'rules:read',
  'embed-sites:read',
  'exports:run',
  'sync-runs:read',
];
const API_KEY_WRITE: readonly Permission[] = [
  'campaigns:write',
  'budgets:write',
  'rules:write',
  'embed-sites:write',
  'plugins:sync',
];

export const API_KEY_SCOPE_PERMISSIONS: Readonly<Record<ApiKeyScope, ReadonlySet<Permission>>> = {
  read: new Set(API_KEY_READ),
  write: new Set([...API_KEY_READ, ...API_KEY_WRITE]),
};

/** Who is asking, as far as RBAC cares. */
export type PermissionSubject =
  | { readonly kind: 'user'; readonly role: Role }
  | { readonly kind: 'apiKey'; readonly scopes: readonly ApiKeyScope[] };

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function principalHasPermission(subject: PermissionSubject, permission: Permission): boolean {
  if (subject.kind === 'user') return ROLE_PERMISSIONS[subject.role].has(permission);
  return subject.scopes.some((scope) => API_KEY_SCOPE_PERMISSIONS[scope].has(permission));
}

/** Every permission the subject holds, sorted (shown by `GET /me`). */
export function permissionsOf(subject: PermissionSubject): Permission[] {
  return PERMISSIONS.filter((permission) => principalHasPermission(subject, permission));
}
