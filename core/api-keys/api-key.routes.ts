import type { z } from 'zod';
import { actionContextOf, requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { ApiKey } from './api-key.repository.js';
import {
  apiKeyIdParamsSchema,
  apiKeyListResponseSchema,
  createApiKeyInputSchema,
  createdApiKeyResponseSchema,
  listApiKeysQuerySchema,
} from './api-key.schemas.js';
import type { apiKeyResponseSchema } from './api-key.schemas.js';
import type { ApiKeyService } from './api-key.service.js';

export function toApiKeyResponse(apiKey: ApiKey): z.input<typeof apiKeyResponseSchema> {
  return {
    id: apiKey.id,
    name: apiKey.name,
    prefix: apiKey.prefix,
    scopes: [...apiKey.scopes],
    lastUsedAt: apiKey.lastUsedAt?.toISOString() ?? null,
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
    createdBy: apiKey.createdBy,
    createdAt: apiKey.createdAt.toISOString(),
  };
}

const API_KEYS_MANAGE: Permission = 'api-keys:manage';

export function createApiKeyRoutes(apiKeys: ApiKeyService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api-keys',
      summary: "List the tenant's API keys (prefixes only, never the keys)",
      tags: ['api-keys'],
      auth: 'required',
      permission: API_KEYS_MANAGE,
      request: { query: listApiKeysQuerySchema },
      responses: { 200: apiKeyListResponseSchema },
      handler: async ({ query, res }) => {
        const page = await apiKeys.list(requirePrincipal(res).tenantId, query);
        return { status: 200, body: { data: page.data.map(toApiKeyResponse), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api-keys',
      summary: 'Create an API key; the answer shows the key once',
      tags: ['api-keys'],
      auth: 'required',
      permission: API_KEYS_MANAGE,
      request: { body: createApiKeyInputSchema },
      responses: { 201: createdApiKeyResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const created = await apiKeys.create(principal.tenantId, route.body, context);
        route.res.setHeader('Cache-Control', 'no-store');
        return { status: 201, body: { apiKey: toApiKeyResponse(created.apiKey), key: created.key } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api-keys/:id',
      summary: 'Revoke an API key',
      tags: ['api-keys'],
      auth: 'required',
      permission: API_KEYS_MANAGE,
      request: { params: apiKeyIdParamsSchema },
      responses: { 204: null },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        await apiKeys.revoke(principal.tenantId, route.params.id, context);
        return { status: 204 };
      },
    }),
  ];
}
