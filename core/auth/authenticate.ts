import type { NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import CustomStrategy from 'passport-custom';
import type { Logger } from 'pino';
import type { ApiKeyService } from '../api-keys/api-key.service.js';
import { isAppError } from '../errors/app-error.js';
import type { AppError } from '../errors/app-error.js';
import { AuthenticationError } from '../errors/errors.js';
import { bindRequestLogContext, requestIdOf } from '../http/request-context.js';
import { isOpaqueTokenOf } from '../security/opaque-tokens.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import type { AuthService } from './auth.service.js';
import { setAuthenticationFailure, setPrincipal } from './principal.js';
import type { Principal } from './principal.js';

type Credential =
  { readonly strategy: 'access-token' | 'api-key'; readonly value: string } | AppError | undefined;

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
  return { strategy: isOpaqueTokenOf('apiKey', token) ? 'api-key' : 'access-token', value: token };
}

export interface AuthenticationDeps {
  readonly auth: AuthService;
  readonly apiKeys: ApiKeyService;
  readonly tenantContext: TenantContext;
  readonly logger: Logger;
}

/**
 * passport with two strategies (access JWT, API key) on an instance of its own. A request with
 * valid credentials runs the rest of the chain inside its TenantContext and with a logger
 * carrying tenantId/userId; bad credentials are remembered, so the route guard answers 401 for
 * protected routes while public ones (login, refresh) still work.
 */
export function createAuthenticationMiddleware(deps: AuthenticationDeps): RequestHandler {
  const authenticator = new passport.Passport();
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
  authenticator.use(
    'access-token',
    new CustomStrategy(verifyWith((token) => deps.auth.authenticateAccessToken(token))),
  );
  authenticator.use('api-key', new CustomStrategy(verifyWith((key) => deps.apiKeys.authenticate(key))));

  const enter = (res: Response, principal: Principal, next: NextFunction) => {
    setPrincipal(res, principal);
    const userId = principal.kind === 'user' ? principal.userId : undefined;
    bindRequestLogContext(res, { tenantId: principal.tenantId, userId }, deps.logger);
    const role = principal.kind === 'user' ? principal.role : undefined;
    deps.tenantContext.run({ tenantId: principal.tenantId, userId, role, requestId: requestIdOf(res) }, () =>
      next(),
    );
  };

  return (req, res, next) => {
    const credential = credentialOf(req);
    if (credential === undefined) return next();
    if (isAppError(credential)) {
      setAuthenticationFailure(res, credential);
      return next();
    }
    const callback = (error: unknown, principal: Principal | false, failure: unknown) => {
      if (error !== null && error !== undefined) return next(error);
      if (principal !== false) return enter(res, principal, next);
      setAuthenticationFailure(res, isAppError(failure) ? failure : new AuthenticationError());
      return next();
    };
    (authenticator.authenticate(credential.strategy, { session: false }, callback) as RequestHandler)(
      req,
      res,
      next,
    );
  };
}
