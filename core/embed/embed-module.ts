/**
 * Embed sites and tokens wired from the composition root's deps: the `embedSites` collection,
 * its CRUD routes, the token endpoint, the embed authenticator (HTTP and live) and the CORS and
 * scope middleware of `/api/v1`.
 */
import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import type { AuditService } from '../audit/audit.service.js';
import type { RouteDefinition } from '../http/define-route.js';
import { createEmbedTokenService } from '../security/embed-tokens.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import { createEmbedAuthenticator } from './embed-authenticator.js';
import type { EmbedAuthenticator } from './embed-authenticator.js';
import { embedCorsMiddleware, embedScopeMiddleware } from './embed-scope.js';
import { createEmbedSiteModel } from './embed-site.model.js';
import { createEmbedSiteRepository } from './embed-site.repository.js';
import { createEmbedSiteService } from './embed-site.service.js';
import type { EmbedSiteService } from './embed-site.service.js';
import { createEmbedTokenIssuer } from './embed-token-issuer.js';
import type { EmbedTokenIssuer } from './embed-token-issuer.js';
import { createEmbedRoutes } from './embed.routes.js';

export interface EmbedModuleDeps {
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
  readonly audit: AuditService;
  /** JWT_SECRET: the embed signing key is derived from it under its own label. */
  readonly jwtSecret: string;
  readonly now: () => Date;
}

export interface EmbedModule {
  readonly routes: readonly RouteDefinition[];
  readonly sites: EmbedSiteService;
  readonly tokens: EmbedTokenIssuer;
  readonly authenticator: EmbedAuthenticator;
  /** Before authentication: CORS preflights and headers for portal origins. */
  readonly corsMiddleware: RequestHandler;
  /** After authentication: read-only, widget endpoints only, filters forced. */
  readonly scopeMiddleware: RequestHandler;
  ensureIndexes(): Promise<void>;
}

export function createEmbedModule(deps: EmbedModuleDeps): EmbedModule {
  const model = createEmbedSiteModel(deps.connection, deps.tenantContext);
  const sites = createEmbedSiteService({
    repository: createEmbedSiteRepository(model),
    audit: deps.audit,
    now: deps.now,
  });
  const tokenService = createEmbedTokenService({
    secret: deps.jwtSecret,
    now: () => Math.floor(deps.now().getTime() / 1000),
  });
  const tokens = createEmbedTokenIssuer({ sites, tokens: tokenService });
  return {
    routes: createEmbedRoutes(sites, tokens),
    sites,
    tokens,
    authenticator: createEmbedAuthenticator({ tokens: tokenService, sites }),
    corsMiddleware: embedCorsMiddleware({ anyAllowsOrigin: (origin) => sites.anyAllowsOrigin(origin) }),
    scopeMiddleware: embedScopeMiddleware(),
    async ensureIndexes() {
      await model.createIndexes();
    },
  };
}
