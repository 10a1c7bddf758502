import { authenticationFailureOf, permissionSubjectOf, principalOf } from '../auth/principal.js';
import { AppError } from '../errors/app-error.js';
import { AuthenticationError, ForbiddenError } from '../errors/errors.js';
import type { RouteGuard } from '../http/create-http-app.js';
import { isPermission, principalHasPermission } from './permissions.js';

/**
 * Enforces each route's `auth` and `permission`: 401 without (valid) credentials, 403 when the
 * principal's role or API key scopes lack the permission. A permission missing from the matrix
 * is a programming error and fails loudly rather than open.
 */
export function createRouteGuard(): RouteGuard {
  return ({ res, route }) => {
    if (route.auth === 'none') return;
    const principal = principalOf(res);
    if (principal === undefined) throw authenticationFailureOf(res) ?? new AuthenticationError();
    if (route.permission === undefined) return;
    if (!isPermission(route.permission)) {
      throw new AppError(
        'internal',
        'RBAC_PERMISSION_UNKNOWN',
        `Route ${route.path} names an unknown permission`,
      );
    }
    if (!principalHasPermission(permissionSubjectOf(principal), route.permission)) {
      throw new ForbiddenError(`This needs the "${route.permission}" permission`, {
        code: 'AUTH_FORBIDDEN',
        details: { permission: route.permission },
      });
    }
  };
}

/** Fails at start-up when a route names a permission the matrix does not know. */
export function assertKnownPermissions(
  routes: readonly { readonly path: string; readonly permission: string | undefined }[],
): void {
  for (const route of routes) {
    if (route.permission !== undefined && !isPermission(route.permission)) {
      throw new TypeError(`Route ${route.path} names unknown permission "${route.permission}"`);
    }
  }
}
