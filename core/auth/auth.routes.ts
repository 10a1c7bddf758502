import type { z } from 'zod';
import { ForbiddenError } from '../errors/errors.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import { permissionsOf } from '../rbac/permissions.js';
import { toUserResponse } from '../users/user.routes.js';
import type { UserService } from '../users/user.service.js';
import {
  loginInputSchema,
  meResponseSchema,
  refreshInputSchema,
  sessionResponseSchema,
} from './auth.schemas.js';
import type { AuthService, Session } from './auth.service.js';
import { permissionSubjectOf, requestOriginOf, requirePrincipal } from './principal.js';

function toSessionResponse(session: Session): z.input<typeof sessionResponseSchema> {
  return {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresIn: session.expiresIn,
    tokenType: 'Bearer',
    user: toUserResponse(session.user),
  };
}

export function createAuthRoutes(auth: AuthService, users: UserService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with email and password',
      description: 'Unknown emails and wrong passwords get the same answer. Repeated failures answer 429.',
      tags: ['auth'],
      auth: 'none',
      request: { body: loginInputSchema },
      responses: { 200: sessionResponseSchema },
      handler: async ({ body, req, res, requestId }) => {
        const session = await auth.login(body, requestOriginOf(req, requestId));
        res.setHeader('Cache-Control', 'no-store');
        return { status: 200, body: toSessionResponse(session) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/refresh',
      summary: 'Exchange a refresh token for new tokens (the old one stops working)',
      description: 'Presenting an already rotated refresh token revokes every token of its session.',
      tags: ['auth'],
      auth: 'none',
      request: { body: refreshInputSchema },
      responses: { 200: sessionResponseSchema },
      handler: async ({ body, req, res, requestId }) => {
        const session = await auth.refresh(body.refreshToken, requestOriginOf(req, requestId));
        res.setHeader('Cache-Control', 'no-store');
        return { status: 200, body: toSessionResponse(session) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'End the session of a refresh token',
      tags: ['auth'],
      auth: 'none',
      request: { body: refreshInputSchema },
      responses: { 204: null },
      handler: async ({ body, req, requestId }) => {
        await auth.logout(body.refreshToken, requestOriginOf(req, requestId));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me',
      summary: 'Who the caller is and what it may do',
      tags: ['auth'],
      auth: 'required',
      responses: { 200: meResponseSchema },
      handler: async ({ res }) => {
        const principal = requirePrincipal(res);
        const permissions = permissionsOf(permissionSubjectOf(principal));
        if (principal.kind === 'apiKey') {
          const { apiKeyId, name, prefix, scopes } = principal;
          const apiKey = { id: apiKeyId, name, prefix, scopes: [...scopes] };
          return { status: 200, body: { type: 'apiKey', tenantId: principal.tenantId, apiKey, permissions } };
        }
        // Embed tokens are held to their widgets' endpoints before this; never a "me" of theirs.
        if (principal.kind === 'embed')
          throw new ForbiddenError('Not for embed tokens', { code: 'EMBED_SCOPE_FORBIDDEN' });
        const user = principal.profile?.() ?? (await users.current(principal.tenantId, principal.userId));
        return {
          status: 200,
          body: { type: 'user', tenantId: principal.tenantId, user: toUserResponse(user), permissions },
        };
      },
    }),
  ];
}
