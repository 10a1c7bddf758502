/**
 * `/auth/console/…`: the JSON session routes of `/auth/…` for the admin console, with the refresh
 * token in an httpOnly cookie instead of the body (see console-session.ts for why it is safe).
 */
import { z } from 'zod';
import type { AuthService, Session } from '../auth/auth.service.js';
import { loginInputSchema } from '../auth/auth.schemas.js';
import { requestOriginOf } from '../auth/principal.js';
import { AuthenticationError } from '../errors/errors.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import { userResponseSchema } from '../users/user.schemas.js';
import { toUserResponse } from '../users/user.routes.js';
import {
  clearRefreshCookie,
  cookieOf,
  CONSOLE_REFRESH_COOKIE,
  requireConsoleHeader,
  requireRefreshCookie,
  setRefreshCookie,
} from './console-session.js';

export const consoleSessionResponseSchema = z
  .object({
    accessToken: z.string(),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    tokenType: z.literal('Bearer'),
    user: userResponseSchema,
  })
  .meta({ id: 'ConsoleSession' });

const toConsoleSession = (session: Session): z.input<typeof consoleSessionResponseSchema> => ({
  accessToken: session.accessToken,
  expiresIn: session.expiresIn,
  tokenType: 'Bearer',
  user: toUserResponse(session.user),
});

const TAGS = ['auth'] as const;
const CSRF_NOTE = 'Requires the header `X-Stratum-Console: 1`.';

export function createConsoleAuthRoutes(auth: AuthService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/console/login',
      summary: 'Console sign-in: access token in the body, refresh token in an httpOnly cookie',
      description: CSRF_NOTE,
      tags: TAGS,
      auth: 'none',
      request: { body: loginInputSchema },
      responses: { 200: consoleSessionResponseSchema },
      handler: async ({ body, req, res, requestId }) => {
        requireConsoleHeader(req);
        const session = await auth.login(body, requestOriginOf(req, requestId));
        setRefreshCookie(req, res, session.refreshToken);
        res.setHeader('Cache-Control', 'no-store');
        return { status: 200, body: toConsoleSession(session) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/console/refresh',
      summary: "Console refresh: rotates the cookie's refresh token, returns a new access token",
      description: `${CSRF_NOTE} A rejected cookie is cleared.`,
      tags: TAGS,
      auth: 'none',
      responses: { 200: consoleSessionResponseSchema },
      handler: async ({ req, res, requestId }) => {
        requireConsoleHeader(req);
        const token = requireRefreshCookie(req);
        let session: Session;
        try {
          session = await auth.refresh(token, requestOriginOf(req, requestId));
        } catch (error) {
          if (error instanceof AuthenticationError) clearRefreshCookie(req, res);
          throw error;
        }
        setRefreshCookie(req, res, session.refreshToken);
        res.setHeader('Cache-Control', 'no-store');
        return { status: 200, body: toConsoleSession(session) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/console/logout',
      summary: "Console sign-out: revokes the cookie's session and clears the cookie",
      description: CSRF_NOTE,
      tags: TAGS,
      auth: 'none',
      responses: { 204: null },
      handler: async ({ req, res, requestId }) => {
        requireConsoleHeader(req);
        const token = cookieOf(req, CONSOLE_REFRESH_COOKIE);
        if (token !== undefined && token.length > 0 && token.length <= 200)
          await auth.logout(token, requestOriginOf(req, requestId));
        clearRefreshCookie(req, res);
        return { status: 204 };
      },
    }),
  ];
}
