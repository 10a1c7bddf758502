/**
 * The admin console's session cookie. The console keeps its access token in memory only; the
 * refresh token lives in an httpOnly cookie the page's script cannot read, `SameSite=Strict` and
 * scoped to the console session routes, so no other request ever carries it. Cookie-carrying
 * routes also require the `X-Stratum-Console` header: a cross-site form or image cannot set a
 * custom header, and a cross-origin script would need a CORS preflight the API never grants.
 */
import type { Request, Response } from 'express';
import { AuthenticationError, ForbiddenError } from '../errors/errors.js';

export const CONSOLE_SESSION_PATH = '/api/v1/auth/console';
export const CONSOLE_REFRESH_COOKIE = 'stratum_console_refresh';
export const CONSOLE_CSRF_HEADER = 'x-stratum-console';
/** Matches the refresh token's lifetime in the auth service (30 days). */
const COOKIE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** The value of one cookie of the request, or undefined; malformed encodings count as absent. */
export function cookieOf(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function requireConsoleHeader(req: Request): void {
  if (req.get(CONSOLE_CSRF_HEADER) !== '1') {
    throw new ForbiddenError(`The console session needs the ${CONSOLE_CSRF_HEADER} header`, {
      code: 'AUTH_CONSOLE_HEADER_MISSING',
    });
  }
}

export function requireRefreshCookie(req: Request): string {
  const token = cookieOf(req, CONSOLE_REFRESH_COOKIE);
  if (token === undefined || token.length === 0 || token.length > 200) {
    throw new AuthenticationError('No console session', { code: 'AUTH_NO_CONSOLE_SESSION' });
  }
  return token;
}

export function setRefreshCookie(req: Request, res: Response, token: string): void {
  res.cookie(CONSOLE_REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: CONSOLE_SESSION_PATH,
    maxAge: COOKIE_MAX_AGE_MS,
  });
}

export function clearRefreshCookie(req: Request, res: Response): void {
  res.clearCookie(CONSOLE_REFRESH_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: CONSOLE_SESSION_PATH,
  });
}
