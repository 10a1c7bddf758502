import { z } from 'zod';
import { objectIdSchema, pageQueryShape } from '../audit/paging.js';
import { API_KEY_SCOPES } from '../rbac/permissions.js';

export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);

export const createApiKeyInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1)
    .max(10)
    .transform((scopes) => API_KEY_SCOPES.filter((scope) => scopes.includes(scope))),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

export const listApiKeysQuerySchema = z.strictObject({ ...pageQueryShape });
export const apiKeyIdParamsSchema = z.strictObject({ id: objectIdSchema });

export const apiKeyResponseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(apiKeyScopeSchema),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    createdBy: z.object({ type: z.string(), id: z.string() }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKeyResponseSchema = z.object({
  apiKey: apiKeyResponseSchema,
  key: z.string().describe('The key itself: shown this once, never again'),
});

export const apiKeyListResponseSchema = z.object({
  data: z.array(apiKeyResponseSchema),
  nextCursor: z.string().nullable(),
});
