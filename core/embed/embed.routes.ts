import type { z } from 'zod';
import { actionContextOf, requirePrincipal } from '../auth/principal.js';
import { ForbiddenError } from '../errors/errors.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { EmbedSite } from './embed-site.repository.js';
import {
  createEmbedSiteInputSchema,
  embedConfigResponseSchema,
  embedSiteIdParamsSchema,
  embedSiteListResponseSchema,
  embedSiteResponseSchema,
  issueEmbedTokenInputSchema,
  issuedEmbedTokenResponseSchema,
  listEmbedSitesQuerySchema,
  updateEmbedSiteInputSchema,
} from './embed-site.schemas.js';
import type { EmbedSiteService } from './embed-site.service.js';
import type { EmbedTokenIssuer } from './embed-token-issuer.js';

const SITES_READ: Permission = 'embed-sites:read';
const SITES_WRITE: Permission = 'embed-sites:write';
const EMBED_CONFIG_READ: Permission = 'embed-config:read';

export function toEmbedSiteResponse(site: EmbedSite): z.input<typeof embedSiteResponseSchema> {
  return {
    id: site.id,
    name: site.name,
    allowedOrigins: [...site.allowedOrigins],
    widgets: [...site.widgets],
    theme: site.theme,
    defaultLocale: site.defaultLocale,
    createdAt: site.createdAt.toISOString(),
    updatedAt: site.updatedAt.toISOString(),
  };
}

function siteRoutes(sites: EmbedSiteService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/embed/sites',
      summary: "List the tenant's embed sites",
      tags: ['embed'],
      auth: 'required',
      permission: SITES_READ,
      request: { query: listEmbedSitesQuerySchema },
      responses: { 200: embedSiteListResponseSchema },
      handler: async ({ query, res }) => {
        const page = await sites.list(requirePrincipal(res).tenantId, query);
        return {
          status: 200,
          body: { data: page.data.map(toEmbedSiteResponse), nextCursor: page.nextCursor },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/embed/sites',
      summary: 'Create an embed site: exact allowed origins, widgets, theme, default locale',
      tags: ['embed'],
      auth: 'required',
      permission: SITES_WRITE,
      request: { body: createEmbedSiteInputSchema },
      responses: { 201: embedSiteResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        return {
          status: 201,
          body: toEmbedSiteResponse(await sites.create(principal.tenantId, route.body, context)),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/embed/sites/:id',
      summary: 'One embed site',
      tags: ['embed'],
      auth: 'required',
      permission: SITES_READ,
      request: { params: embedSiteIdParamsSchema },
      responses: { 200: embedSiteResponseSchema },
      handler: async ({ params, res }) => ({
        status: 200,
        body: toEmbedSiteResponse(await sites.get(requirePrincipal(res).tenantId, params.id)),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/embed/sites/:id',
      summary: 'Change an embed site; tokens already issued follow its new origins at once',
      tags: ['embed'],
      auth: 'required',
      permission: SITES_WRITE,
      request: { params: embedSiteIdParamsSchema, body: updateEmbedSiteInputSchema },
      responses: { 200: embedSiteResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const site = await sites.update(principal.tenantId, route.params.id, route.body, context);
        return { status: 200, body: toEmbedSiteResponse(site) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/embed/sites/:id',
      summary: 'Delete an embed site; its tokens stop working at once',
      tags: ['embed'],
      auth: 'required',
      permission: SITES_WRITE,
      request: { params: embedSiteIdParamsSchema },
      responses: { 204: null },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        await sites.remove(principal.tenantId, route.params.id, context);
        return { status: 204 };
      },
    }),
  ];
}

export function createEmbedRoutes(sites: EmbedSiteService, issuer: EmbedTokenIssuer): RouteDefinition[] {
  return [
    ...siteRoutes(sites),
    defineRoute({
      method: 'post',
      path: '/embed/tokens',
      summary:
        'Mint a read-only embed token (≤ 15 min, default 10) for a site: server to server, API key only',
      tags: ['embed'],
      auth: 'required',
      permission: SITES_READ,
      request: { body: issueEmbedTokenInputSchema },
      responses: { 201: issuedEmbedTokenResponseSchema },
      handler: async ({ body, res }) => {
        const principal = requirePrincipal(res);
        // A browser must never hold what mints tokens: only the portal's server, with an API key.
        if (principal.kind !== 'apiKey') {
          throw new ForbiddenError('Embed tokens are minted server to server with an API key', {
            code: 'EMBED_TOKENS_API_KEY_ONLY',
          });
        }
        const issued = await issuer.issue(principal.tenantId, body);
        res.setHeader('Cache-Control', 'no-store');
        return {
          status: 201,
          body: {
            token: issued.token,
            expiresAt: issued.expiresAt.toISOString(),
            siteId: issued.siteId,
            widgets: [...issued.widgets],
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/embed/config',
      summary: "The embed token's site: theme, default locale, widgets and filters (for widgets)",
      tags: ['embed'],
      auth: 'required',
      permission: EMBED_CONFIG_READ,
      responses: { 200: embedConfigResponseSchema },
      handler: async ({ res }) => {
        const principal = requirePrincipal(res);
        if (principal.kind !== 'embed') {
          throw new ForbiddenError('Only embed tokens have a site', { code: 'EMBED_TOKEN_REQUIRED' });
        }
        const site = await sites.get(principal.tenantId, principal.siteId);
        res.setHeader('Cache-Control', 'no-store');
        return {
          status: 200,
          body: {
            siteId: site.id,
            widgets: [...principal.widgets],
            theme: site.theme,
            defaultLocale: site.defaultLocale,
            filters: {
              platforms: principal.platforms === undefined ? null : [...principal.platforms],
              campaignIds: principal.campaignIds === undefined ? null : [...principal.campaignIds],
            },
            expiresAt: new Date(principal.expiresAt * 1000).toISOString(),
          },
        };
      },
    }),
  ];
}
