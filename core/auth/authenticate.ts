import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type passport from 'passport';
import CustomStrategy from 'passport-custom';
import type { Logger } from 'pino';
import type { ApiKeyService } from '../api-keys/api-key.service.js';
import { isAppError } from '../errors/app-error.js';
import type { AppError } from '../errors/app-error.js';
import { AuthenticationError } from '../errors/errors.js';
import { bindRequestLogContext, requestIdOf } from '../http/request-context.js';
import { isEmbedToken } from '../security/embed-tokens.js';
import { isOpaqueTokenOf } from '../security/opaque-tokens.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import type { AuthService } from './auth.service.js';
import { setAuthenticationFailure, setPrincipal } from './principal.js';
import type { EmbedPrincipal, Principal } from './principal.js';

type Credential =
  | { readonly strategy: 'access-token' | 'api-key' | 'embed-token'; readonly value: string }
  | AppError
  | undefined;

/** Checks an embed token against the request's Origin and its site (core/embed). */
export type EmbedAuthenticate = (token: string, origin: string | undefined) => Promise<EmbedPrincipal>;

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/** Which strategy the request's credentials call for; absent credentials mean anonymous. */
function credentialOf(req: Request): Credential {
  const authorization = req.headers.authorization;
  const apiKeyHeader = req.headers['x-api-key'];
  if (authorization !== undefined && apiKeyHeader !== undefined) {
    return new AuthenticationError('Send either Authorization or X-API-Key, not both', {
      code: 'AUTH_CREDENTIALS_AMBIGUOUS',
    });
  }
  if (typeof apiKeyHeader === 'string') return { strategy: 'api-key', value: apiKeyHeader.trim() };
  if (apiKeyHeader !== undefined)
    return new AuthenticationError('Invalid API key', { code: 'AUTH_API_KEY_INVALID' });
  if (authorization === undefined) return undefined;
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) {
    return new AuthenticationError('Authorization must be "Bearer <token>"', {
      code: 'AUTH_SCHEME_UNSUPPORTED',
    });
  }
  if (isOpaqueTokenOf('apiKey', token)) return { strategy: 'api-key', value: token };
  return { strategy: isEmbedToken(token) ? 'embed-token' : 'access-token', value: token };
}

export interface AuthenticationDeps {
  readonly auth: AuthService;
  readonly apiKeys: ApiKeyService;
  readonly tenantContext: TenantContext;
  readonly logger: Logger;
  /** Embed tokens are refused (401) without it. */
  readonly embed?: EmbedAuthenticate;
}

type StrategyOutcome =
  { readonly principal: Principal } | { readonly failure: AppError } | { readonly error: unknown };

/**
 * Runs one passport strategy the way `passport.authenticate` does (a per-attempt object whose
 * prototype is the strategy, given success/fail/error), without that middleware's per-request
 * writes of login/logout helpers onto `req`: those turned every request object into a
 * dictionary and were the largest allocation of an authenticated request.
 */
function runStrategy(strategy: passport.Strategy, req: Request): Promise<StrategyOutcome> {
  return new Promise((resolve) => {
    const attempt = Object.create(strategy) as passport.StrategyCreated<passport.Strategy>;
    attempt.success = (user: unknown) => resolve({ principal: user as Principal });
    attempt.fail = (challenge?: unknown) =>
      resolve({ failure: isAppError(challenge) ? challenge : new AuthenticationError() });
    attempt.error = (error: unknown) => resolve({ error });
    attempt.pass = () => resolve({ failure: new AuthenticationError() });
    attempt.redirect = () =>
      resolve({ error: new TypeError('authentication strategies here never redirect') });
    attempt.authenticate(req, AUTHENTICATE_OPTIONS);
  });
}

const AUTHENTICATE_OPTIONS = { session: false } as const;

/**
 * passport strategies (access JWT, API key). A request with valid credentials runs the rest of
 * the chain inside its TenantContext and with a log context carrying tenantId/userId; bad
 * credentials are remembered, so the route guard answers 401 for protected routes while public
 * ones (login, refresh) still work.
 */
export function createAuthenticationMiddleware(deps: AuthenticationDeps): RequestHandler {
  const verifyWith =
    (authenticate: (value: string) => Promise<Principal>) =>
    (req: Request, done: (error: unknown, user?: unknown, info?: unknown) => void) => {
      const credential = credentialOf(req);
      const value = credential === undefined || isAppError(credential) ? '' : credential.value;
      authenticate(value).then(
        (principal) => done(null, principal),
        (error: unknown) =>
          isAppError(error) && error.kind === 'authentication' ? done(null, false, error) : done(error),
      );
    };
  const strategies = {
    'access-token': new CustomStrategy(verifyWith((token) => deps.auth.authenticateAccessToken(token))),
    'api-key': new CustomStrategy(verifyWith((key) => deps.apiKeys.authenticate(key))),
    'embed-token': new CustomStrategy((req, done) => {
      const credential = credentialOf(req);
      const value = credential === undefined || isAppError(credential) ? '' : credential.value;
      const embed: EmbedAuthenticate =
        deps.embed ??
        (() =>
          Promise.reject(new AuthenticationError('Invalid credentials', { code: 'AUTH_TOKEN_INVALID' })));
      embed(value, req.headers.origin).then(
        (principal) => done(null, principal),
        (error: unknown) =>
          isAppError(error) && error.kind === 'authentication' ? done(null, false, error) : done(error),
      );
    }),
  } as const;

  const enter = (res: Response, principal: Principal, next: NextFunction) => {
    setPrincipal(res, principal);
    const userId = principal.kind === 'user' ? principal.userId : undefined;
    bindRequestLogContext(res, { tenantId: principal.tenantId, userId }, deps.logger);
    const role = principal.kind === 'user' ? principal.role : undefined;
    deps.tenantContext.run({ tenantId: principal.tenantId, userId, role, requestId: requestIdOf(res) }, () =>
      next(),
    );
  };

  return async (req, res, next) => {
    const credential = credentialOf(req);
    if (credential === undefined) return next();
    if (isAppError(credential)) {
      setAuthenticationFailure(res, credential);
      return next();
    }
    const outcome = await runStrategy(strategies[credential.strategy], req);
    if ('principal' in outcome) return enter(res, outcome.principal, next);
    if ('failure' in outcome) {
      setAuthenticationFailure(res, outcome.failure);
      return next();
    }
    return next(outcome.error);
  };
}
