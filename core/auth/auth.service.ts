import type { Logger } from 'pino';
import type { ActionContext, RequestOrigin } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import { AuthenticationError } from '../errors/errors.js';
import type { AccessTokenService } from '../security/access-tokens.js';
import { generateOpaqueToken, hashOpaqueToken, isOpaqueTokenOf } from '../security/opaque-tokens.js';
import type { PasswordHasher } from '../security/passwords.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import type { UserRepository } from '../users/user.repository.js';
import type { User, UserService } from '../users/user.service.js';
import type { LoginThrottle } from './login-throttle.js';
import type { UserPrincipal } from './principal.js';
import { newRefreshTokenId } from './refresh-token.repository.js';
import type { RefreshTokenRepository, RefreshTokenRow } from './refresh-token.repository.js';

export const DEFAULT_REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** What login and refresh answer. */
export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly user: User;
}

export interface AuthService {
  /** Unknown email, wrong password and deactivated user answer the same AUTH_INVALID_CREDENTIALS. */
  login(
    credentials: { readonly email: string; readonly password: string },
    origin: RequestOrigin,
  ): Promise<Session>;
  /** Rotates the refresh token; a rotated token presented again revokes its whole family. */
  refresh(refreshToken: string, origin: RequestOrigin): Promise<Session>;
  /** Revokes the session (the token's family). Unknown tokens are ignored: no oracle. */
  logout(refreshToken: string, origin: RequestOrigin): Promise<void>;
  authenticateAccessToken(token: string): Promise<UserPrincipal>;
}

export interface AuthServiceDeps {
  readonly users: UserService;
  readonly userRepository: UserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly accessTokens: AccessTokenService;
  readonly passwords: PasswordHasher;
  readonly throttle: LoginThrottle;
  readonly audit: AuditService;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly tenantContext: TenantContext;
  readonly refreshTokenTtlMs?: number;
}

const invalidCredentials = () =>
  new AuthenticationError('Invalid email or password', { code: 'AUTH_INVALID_CREDENTIALS' });
const invalidRefreshToken = () =>
  new AuthenticationError('Invalid refresh token', { code: 'AUTH_REFRESH_INVALID' });

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { users, userRepository, refreshTokens, audit, now } = deps;
  const refreshTtlMs = deps.refreshTokenTtlMs ?? DEFAULT_REFRESH_TOKEN_TTL_MS;

  const startSession = async (
    user: User,
    familyId: string,
    tokenId = newRefreshTokenId(),
  ): Promise<Session> => {
    const access = await deps.accessTokens.issue({
      userId: user.id,
      tenantId: user.tenantId,
      role: user.role,
    });
    const refresh = generateOpaqueToken('refreshToken');
    const issuedAt = now();
    await refreshTokens.insert({
      id: tokenId,
      tenantId: user.tenantId,
      userId: user.id,
      familyId,
      tokenHash: refresh.hash,
      expiresAt: new Date(issuedAt.getTime() + refreshTtlMs),
      createdAt: issuedAt,
    });
    return { accessToken: access.token, refreshToken: refresh.token, expiresIn: access.expiresInSec, user };
  };

  const userContext = (user: { id: string; email?: string }, origin: RequestOrigin): ActionContext => ({
    actor: { type: 'user', id: user.id, email: user.email },
    origin,
  });

  const refusedReuse = async (row: RefreshTokenRow, origin: RequestOrigin): Promise<never> => {
    const revoked = await refreshTokens.revokeFamily(row.tenantId, row.familyId, now());
    deps.logger.warn(
      { tenantId: row.tenantId, userId: row.userId, revoked },
      'refresh token reuse; family revoked',
    );
    await audit.record({
      tenantId: row.tenantId,
      action: 'auth.refresh_reuse',
      target: { type: 'user', id: row.userId },
      outcome: 'failure',
      reason: 'AUTH_REFRESH_REUSED',
      context: userContext({ id: row.userId }, origin),
      changes: { revokedCount: { to: revoked } },
    });
    throw new AuthenticationError('Refresh token was already used; sign in again', {
      code: 'AUTH_REFRESH_REUSED',
    });
  };

  const findLiveToken = async (token: string): Promise<RefreshTokenRow | undefined> =>
    isOpaqueTokenOf('refreshToken', token) ? refreshTokens.findByHash(hashOpaqueToken(token)) : undefined;

  const service: AuthService = {
    async login(credentials, origin) {
      const email = credentials.email.trim().toLowerCase();
      const ip = origin.ip ?? 'unknown';
      await deps.throttle.assertAllowed(email, ip);
      const account = await userRepository.findCredentialsByEmail(email);
      const passwordMatches =
        account === undefined
          ? await deps.passwords.verifyDummy(credentials.password)
          : await deps.passwords.verify(account.passwordHash, credentials.password);
      if (account === undefined || !passwordMatches || account.deactivatedAt !== undefined) {
        await deps.throttle.recordFailure(email, ip);
        if (account === undefined) {
          deps.logger.warn({ requestId: origin.requestId }, 'sign-in failed: unknown account');
        } else {
          await audit.record({
            tenantId: account.tenantId,
            action: 'auth.login',
            target: { type: 'user', id: account.id },
            outcome: 'failure',
            reason: passwordMatches ? 'AUTH_USER_INACTIVE' : 'AUTH_INVALID_CREDENTIALS',
            context: userContext(account, origin),
          });
        }
        throw invalidCredentials();
      }
      await deps.throttle.recordSuccess(email);
      if (deps.passwords.needsRehash(account.passwordHash)) {
        const rehashed = await deps.passwords.hash(credentials.password);
        await userRepository.setPasswordHash(account.tenantId, account.id, rehashed);
      }
      const session = await startSession(await users.get(account.tenantId, account.id), newRefreshTokenId());
      await audit.record({
        tenantId: account.tenantId,
        action: 'auth.login',
        target: { type: 'user', id: account.id },
        outcome: 'success',
        context: userContext(account, origin),
      });
      return session;
    },

    async refresh(token, origin) {
      const row = await findLiveToken(token);
      if (row === undefined) throw invalidRefreshToken();
      if (row.revokedAt !== undefined) {
        if (row.replacedBy !== undefined) return refusedReuse(row, origin);
        throw invalidRefreshToken();
      }
      if (row.expiresAt.getTime() <= now().getTime()) throw invalidRefreshToken();
      const user = await userRepository.findById(row.tenantId, row.userId);
      if (user === undefined || user.deactivatedAt !== undefined) {
        await refreshTokens.revokeFamily(row.tenantId, row.familyId, now());
        throw invalidRefreshToken();
      }
      const nextId = newRefreshTokenId();
      // Two presentations of one token race here: only one wins, the other counts as reuse.
      if (!(await refreshTokens.markRotated(row.tenantId, row.id, nextId, now())))
        return refusedReuse(row, origin);
      const session = await startSession(await users.get(row.tenantId, row.userId), row.familyId, nextId);
      await audit.record({
        tenantId: row.tenantId,
        action: 'auth.refresh',
        target: { type: 'user', id: row.userId },
        outcome: 'success',
        context: userContext(user, origin),
      });
      return session;
    },

    async logout(token, origin) {
      const row = await findLiveToken(token);
      if (row === undefined) return;
      const revoked = await refreshTokens.revokeFamily(row.tenantId, row.familyId, now());
      await audit.record({
        tenantId: row.tenantId,
        action: 'auth.logout',
        target: { type: 'user', id: row.userId },
        outcome: 'success',
        context: userContext({ id: row.userId }, origin),
        changes: { revokedCount: { to: revoked } },
      });
    },

    async authenticateAccessToken(token) {
      const claims = await deps.accessTokens.verify(token);
      const state = await users.authState(claims.tid, claims.sub);
      if (state === null || !state.active) {
        throw new AuthenticationError('The account is not active', { code: 'AUTH_USER_INACTIVE' });
      }
      return {
        kind: 'user',
        tenantId: claims.tid,
        userId: claims.sub,
        role: state.role,
        email: state.email,
        tokenId: claims.jti,
        profile: state.profile,
      };
    },
  };

  // The tenant is unknown until the credentials are checked, and a caller may send another
  // tenant's token along: run outside any tenant scope; every query names its tenant itself.
  const unscoped = <T>(work: () => Promise<T>): Promise<T> => deps.tenantContext.runUnscoped(work);
  return {
    login: (credentials, origin) => unscoped(() => service.login(credentials, origin)),
    refresh: (token, origin) => unscoped(() => service.refresh(token, origin)),
    logout: (token, origin) => unscoped(() => service.logout(token, origin)),
    authenticateAccessToken: (token) => unscoped(() => service.authenticateAccessToken(token)),
  };
}
