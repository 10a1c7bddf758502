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
  'alerts:read',
  'embed-sites:read',
  'embed-sites:write',
  /** The embed token's own site config: only embed tokens hold it. */
  'embed-config:read',
  'exports:run',
  'chat:use',
  'ml:read',
  'users:manage',
  'api-keys:manage',
  'plugins:read',
  'plugins:manage',
  'plugins:sync',
  'sync-runs:read',
  'jobs:read',
  'audit:read',
  'conversions:write',
  'conversions:read',
  'privacy:manage',
  'competitors:read',
  'competitors:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = [
  'tenant:read',
  'kpis:read',
  'campaigns:read',
  'rules:read',
  'alerts:read',
  'competitors:read',
];
// Budget advice reads data and changes nothing, but it is analysis: analysts and up.
const ANALYST: readonly Permission[] = [...VIEWER, 'exports:run', 'chat:use', 'ml:read'];
const MANAGER: readonly Permission[] = [
  ...ANALYST,
  'campaigns:write',
  'budgets:write',
  'rules:write',
  'embed-sites:read',
  'embed-sites:write',
  'plugins:sync',
  'sync-runs:read',
  'competitors:write',
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
  // Server-side conversions come from machines (API key scope `conversions:write`); admins may test them.
  'conversions:write',
  'conversions:read',
  'privacy:manage',
];

/** viewer ⊂ analyst ⊂ manager ⊂ admin. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  analyst: new Set(ANALYST),
  manager: new Set(MANAGER),
  admin: new Set(ADMIN),
};

export const API_KEY_SCOPES = ['read', 'write', 'conversions:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

// Machine clients read the tenant's data and, with `write`, change it; they never manage
// people, keys, plugins or read the audit trail — those stay with a signed-in admin.
const API_KEY_READ: readonly Permission[] = [
  'tenant:read',
  'kpis:read',
  'campaigns:read',
  'rules:read',
  'alerts:read',
  'embed-sites:read',
  'exports:run',
  'sync-runs:read',
  'ml:read',
  'competitors:read',
];
const API_KEY_WRITE: readonly Permission[] = [
  'campaigns:write',
  'budgets:write',
  'rules:write',
  'embed-sites:write',
  'plugins:sync',
  'competitors:write',
];

export const API_KEY_SCOPE_PERMISSIONS: Readonly<Record<ApiKeyScope, ReadonlySet<Permission>>> = {
  read: new Set(API_KEY_READ),
  write: new Set([...API_KEY_READ, ...API_KEY_WRITE]),
  // A website's or shop's server key that only posts conversion events, nothing else.
  'conversions:write': new Set<Permission>(['conversions:write']),
};

/**
 * Widgets on a customer's portal (embed tokens) only read; core/embed further limits them to the
 * endpoints their widgets need and forces the token's filters onto every KPI read.
 */
export const EMBED_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  'kpis:read',
  'campaigns:read',
  'alerts:read',
  'embed-config:read',
]);

/** Who is asking, as far as RBAC cares. */
export type PermissionSubject =
  | { readonly kind: 'user'; readonly role: Role }
  | { readonly kind: 'apiKey'; readonly scopes: readonly ApiKeyScope[] }
  | { readonly kind: 'embed' };

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function principalHasPermission(subject: PermissionSubject, permission: Permission): boolean {
  if (subject.kind === 'user') return ROLE_PERMISSIONS[subject.role].has(permission);
  if (subject.kind === 'embed') return EMBED_PERMISSIONS.has(permission);
  return subject.scopes.some((scope) => API_KEY_SCOPE_PERMISSIONS[scope].has(permission));
}

/** Every permission the subject holds, sorted (shown by `GET /me`). */
export function permissionsOf(subject: PermissionSubject): Permission[] {
  return PERMISSIONS.filter((permission) => principalHasPermission(subject, permission));
}
