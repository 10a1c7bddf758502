/**
 * The core host's own modules — tenants, users, auth, API keys, RBAC, audit — wired from the
 * composition root's deps. Nothing here connects or listens; `ensureIndexes` is the one call
 * that does I/O and runs once at start.
 */
import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import { createApiKeyModel } from '../api-keys/api-key.model.js';
import { createApiKeyRepository } from '../api-keys/api-key.repository.js';
import { createApiKeyRoutes } from '../api-keys/api-key.routes.js';
import { createApiKeyService } from '../api-keys/api-key.service.js';
import type { ApiKeyService } from '../api-keys/api-key.service.js';
import { createAuditLogModel } from '../audit/audit-log.model.js';
import { createAuditLogRepository } from '../audit/audit-log.repository.js';
import { createAuditRoutes } from '../audit/audit.routes.js';
import { createAuditService } from '../audit/audit.service.js';
import { reconcileTtlIndexes } from '../audit/ttl-indexes.js';
import type { AuditService } from '../audit/audit.service.js';
import { createAuthRoutes } from '../auth/auth.routes.js';
import { createAuthService } from '../auth/auth.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { createAuthenticationMiddleware } from '../auth/authenticate.js';
import { createLoginThrottle } from '../auth/login-throttle.js';
import type { LoginThrottlePolicy } from '../auth/login-throttle.js';
import { principalOf } from '../auth/principal.js';
import { createRefreshTokenModel } from '../auth/refresh-token.model.js';
import { createRefreshTokenRepository } from '../auth/refresh-token.repository.js';
import type { Cache } from '../cache/cache.js';
import type { Config } from '../config/load-config.js';
import { createEmbedModule } from '../embed/embed-module.js';
import type { EmbedModule } from '../embed/embed-module.js';
import type { RouteGuard } from '../http/create-http-app.js';
import type { RouteDefinition } from '../http/define-route.js';
import { rateLimitMiddleware } from '../rate-limit/rate-limit-middleware.js';
import { DEFAULT_RATE_LIMIT_POLICIES } from '../rate-limit/rate-limit-policy.js';
import type { DefaultRateLimitScope, RateLimitPolicy } from '../rate-limit/rate-limit-policy.js';
import { createRateLimiters } from '../rate-limit/rate-limiters.js';
import { assertKnownPermissions, createRouteGuard } from '../rbac/route-guard.js';
import { createAccessTokenService } from '../security/access-tokens.js';
import { createPasswordHasher } from '../security/passwords.js';
import type { PasswordHashingPolicy } from '../security/passwords.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import { createTenantModel } from '../tenants/tenant.model.js';
import { createTenantRepository } from '../tenants/tenant.repository.js';
import { createTenantRoutes } from '../tenants/tenant.routes.js';
import { createTenantService } from '../tenants/tenant.service.js';
import type { TenantService } from '../tenants/tenant.service.js';
import { createDataKeyModel, keyringFor } from '../security/keyring-store.js';
import { createPhoneProtector } from '../users/phone-protection.js';
import { createUserModel } from '../users/user.model.js';
import { createUserRepository } from '../users/user.repository.js';
import { createUserRoutes } from '../users/user.routes.js';
import { createUserService } from '../users/user.service.js';
import type { UserService } from '../users/user.service.js';

export interface CoreModuleDeps {
  readonly connection: Connection;
  readonly config: Config;
  readonly logger: Logger;
  readonly cache: Cache;
  readonly tenantContext: TenantContext;
  /** When REDIS_URL is set: rate-limit and login-throttle counters are shared through it. */
  readonly redis?: Redis;
  readonly now?: () => Date;
}

/** Tuning knobs with production defaults; tests lower the costs and limits. */
export interface CoreModuleOptions {
  readonly passwordPolicy?: PasswordHashingPolicy;
  readonly loginThrottle?: LoginThrottlePolicy;
  readonly rateLimits?: Readonly<Record<DefaultRateLimitScope, RateLimitPolicy>>;
  /** Prefix of rate-limit keys in Redis (tests keep runs apart with it). */
  readonly rateLimitKeyPrefix?: string;
  readonly auditRetentionDays?: number;
  readonly refreshTokenTtlMs?: number;
}

export interface CoreServices {
  readonly tenants: TenantService;
  readonly users: UserService;
  readonly auth: AuthService;
  readonly apiKeys: ApiKeyService;
  readonly audit: AuditService;
}

export interface CoreModules {
  /** Every `/api/v1` route of these modules. */
  readonly routes: readonly RouteDefinition[];
  /** Authentication (Bearer JWT | API key | X-API-Key) → TenantContext and log context; then rate limits. */
  readonly apiMiddleware: readonly RequestHandler[];
  /** Auth and RBAC per route, for these routes and every later module's. */
  readonly guard: RouteGuard;
  readonly services: CoreServices;
  /** Embed sites, embed tokens and their authenticator (widgets on customers' portals). */
  readonly embed: EmbedModule;
  /** Builds every index of every model (called once at start, before readiness). */
  ensureIndexes(): Promise<void>;
}

export function createCoreModules(deps: CoreModuleDeps, options: CoreModuleOptions = {}): CoreModules {
  const { connection, config, tenantContext, cache, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const rateLimitPrefix = options.rateLimitKeyPrefix ?? 'stratum:';

  const models = {
    tenants: createTenantModel(connection),
    users: createUserModel(connection, tenantContext),
    refreshTokens: createRefreshTokenModel(connection, tenantContext),
    apiKeys: createApiKeyModel(connection, tenantContext),
    auditLogs: createAuditLogModel(connection, tenantContext, { retentionDays: options.auditRetentionDays }),
  };
  const refreshTokenRepository = createRefreshTokenRepository(models.refreshTokens);
  // Core modules are wired first, so the connection's keyring gets the previous key (KEK change).
  const keyring = keyringFor(connection, {
    encryptionKey: config.encryptionKey,
    previousEncryptionKey: config.encryptionKeyPrevious,
    onError: (error: unknown) => logger.error({ err: error }, 'data keys could not be loaded'),
  });
  const userRepository = createUserRepository(models.users);
  const passwords = createPasswordHasher(options.passwordPolicy);

  const audit = createAuditService({ repository: createAuditLogRepository(models.auditLogs), now });
  const tenants = createTenantService({ repository: createTenantRepository(models.tenants), audit });
  const users = createUserService({
    repository: userRepository,
    tenants,
    audit,
    cache,
    passwords,
    phones: createPhoneProtector(config.encryptionKey, keyring),
    revokeSessions: async (tenantId, userId) => {
      await refreshTokenRepository.revokeAllOfUser(tenantId, userId, now());
    },
    now,
  });
  const auth = createAuthService({
    users,
    userRepository,
    refreshTokens: refreshTokenRepository,
    accessTokens: createAccessTokenService({
      secret: config.jwtSecret,
      now: () => Math.floor(now().getTime() / 1000),
    }),
    passwords,
    throttle: createLoginThrottle({
      policy: options.loginThrottle,
      redis: deps.redis,
      keyPrefix: `${rateLimitPrefix}login:`,
    }),
    audit,
    logger,
    now,
    tenantContext,
    refreshTokenTtlMs: options.refreshTokenTtlMs,
  });
  const apiKeys = createApiKeyService({
    repository: createApiKeyRepository(models.apiKeys),
    tenants,
    audit,
    now,
  });

  const embed = createEmbedModule({ connection, tenantContext, audit, jwtSecret: config.jwtSecret, now });

  const limiters = createRateLimiters<DefaultRateLimitScope>({
    policies: options.rateLimits ?? DEFAULT_RATE_LIMIT_POLICIES,
    redis: deps.redis,
    keyPrefix: `${rateLimitPrefix}rl:`,
  });
  const rateLimits = rateLimitMiddleware(limiters, (req, res) => {
    const principal = principalOf(res);
    return {
      ip: req.ip,
      principal:
        principal === undefined
          ? undefined
          : principal.kind === 'user'
            ? `user:${principal.userId}`
            : principal.kind === 'embed'
              ? `embed:${principal.siteId}`
              : `key:${principal.apiKeyId}`,
      tenant: principal?.tenantId,
    };
  });

  const routes = [
    ...createAuthRoutes(auth, users),
    ...createTenantRoutes(tenants),
    ...createUserRoutes(users),
    ...createApiKeyRoutes(apiKeys),
    ...createAuditRoutes(audit),
    ...embed.routes,
  ];
  assertKnownPermissions(routes);

  return {
    routes,
    apiMiddleware: [
      embed.corsMiddleware,
      createAuthenticationMiddleware({
        auth,
        apiKeys,
        tenantContext,
        logger,
        embed: (token, origin) => embed.authenticator.authenticate(token, origin),
      }),
      embed.scopeMiddleware,
      rateLimits,
    ],
    guard: createRouteGuard(),
    services: { tenants, users, auth, apiKeys, audit },
    embed,
    async ensureIndexes() {
      for (const model of Object.values(models)) {
        await reconcileTtlIndexes(model);
        await model.createIndexes();
      }
      await embed.ensureIndexes();
      await createDataKeyModel(connection).createIndexes();
      await keyring.preload();
    },
  };
}
