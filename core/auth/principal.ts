import type { Request, Response } from 'express';
import type { ActionContext, AuditActor, RequestOrigin } from '../audit/audit-event.js';
import type { AppError } from '../errors/app-error.js';
import { AuthenticationError } from '../errors/errors.js';
import type { ApiKeyScope, PermissionSubject } from '../rbac/permissions.js';
import type { Role } from '../security/access-tokens.js';
import type { User } from '../users/user.service.js';

/** A signed-in user, from a verified access token and the user's current record. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly tenantId: string;
  readonly userId: string;
  /** The role stored now, so a demotion takes effect before the token expires. */
  readonly role: Role;
  readonly email: string;
  readonly tokenId: string;
  /**
   * The user's record as authentication just read it (one cache read per request serves both
   * the check and `GET /me`); absent where a principal is built another way.
   */
  readonly profile?: () => User;
}

/** A machine client holding an API key. */
export interface ApiKeyPrincipal {
  readonly kind: 'apiKey';
  readonly tenantId: string;
  readonly apiKeyId: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly ApiKeyScope[];
}

/**
 * A widget on a customer's portal holding a short-lived embed token, used from an origin the
 * token's site allows. Read-only; limited to the endpoints its widgets need (core/embed).
 */
export interface EmbedPrincipal {
  readonly kind: 'embed';
  readonly tenantId: string;
  readonly siteId: string;
  readonly widgets: readonly string[];
  /** The request's Origin, checked to equal one of the site's origins exactly. */
  readonly origin: string;
  /** KPI reads are forced to these filters when present. */
  readonly platforms: readonly string[] | undefined;
  readonly campaignIds: readonly string[] | undefined;
  readonly tokenId: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export type Principal = UserPrincipal | ApiKeyPrincipal | EmbedPrincipal;

export function permissionSubjectOf(principal: Principal): PermissionSubject {
  if (principal.kind === 'embed') return { kind: 'embed' };
  return principal.kind === 'user'
    ? { kind: 'user', role: principal.role }
    : { kind: 'apiKey', scopes: principal.scopes };
}

export function auditActorOf(principal: Principal): AuditActor {
  // Embed principals are read-only and never act; should one be audited, it is its site.
  if (principal.kind === 'embed') return { type: 'system', id: `embedSite:${principal.siteId}` };
  return principal.kind === 'user'
    ? { type: 'user', id: principal.userId, email: principal.email }
    : { type: 'apiKey', id: principal.apiKeyId };
}

// As in core/http/request-context.ts: per-request values live in res.locals, behind accessors.

export function setPrincipal(res: Response, principal: Principal): void {
  res.locals.principal = principal;
}

export function principalOf(res: Response): Principal | undefined {
  const value: unknown = res.locals.principal;
  return value !== null && typeof value === 'object' && 'kind' in value ? (value as Principal) : undefined;
}

/** The principal of a route the guard let through; a route without auth never calls this. */
export function requirePrincipal(res: Response): Principal {
  const principal = principalOf(res);
  if (principal === undefined) throw new AuthenticationError();
  return principal;
}

/** Credentials were presented but refused; only routes that need auth answer with this error. */
export function setAuthenticationFailure(res: Response, error: AppError): void {
  res.locals.authenticationFailure = error;
}

export function authenticationFailureOf(res: Response): AppError | undefined {
  const value: unknown = res.locals.authenticationFailure;
  return value instanceof Error ? (value as AppError) : undefined;
}

const MAX_USER_AGENT_CHARS = 512;

export function requestOriginOf(req: Request, requestId: string): RequestOrigin {
  const userAgent = req.get('user-agent');
  return { ip: req.ip, userAgent: userAgent?.slice(0, MAX_USER_AGENT_CHARS), requestId };
}

/** Who acts (the authenticated principal) and from where, for a route's service call. */
export function actionContextOf(route: {
  readonly req: Request;
  readonly res: Response;
  readonly requestId: string;
}): {
  readonly principal: Principal;
  readonly context: ActionContext;
} {
  const principal = requirePrincipal(route.res);
  return {
    principal,
    context: { actor: auditActorOf(principal), origin: requestOriginOf(route.req, route.requestId) },
  };
}
