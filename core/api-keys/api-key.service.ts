import { SYSTEM_ACTION_CONTEXT } from '../audit/audit-event.js';
import type { ActionContext } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import { toPage } from '../audit/paging.js';
import type { Page, PageRequest } from '../audit/paging.js';
import type { ApiKeyPrincipal } from '../auth/principal.js';
import { AuthenticationError, NotFoundError } from '../errors/errors.js';
import { generateOpaqueToken, hashOpaqueToken, isOpaqueTokenOf } from '../security/opaque-tokens.js';
import { parseInput } from '../tenants/parse-input.js';
import type { TenantService } from '../tenants/tenant.service.js';
import type { ApiKey, ApiKeyRepository } from './api-key.repository.js';
import { createApiKeyInputSchema } from './api-key.schemas.js';
import type { CreateApiKeyInput } from './api-key.schemas.js';

export interface CreatedApiKey {
  readonly apiKey: ApiKey;
  /** The secret: returned by create only, stored nowhere. */
  readonly key: string;
}

export interface ApiKeyService {
  create(tenantId: string, input: CreateApiKeyInput, context?: ActionContext): Promise<CreatedApiKey>;
  list(tenantId: string, page: PageRequest): Promise<Page<ApiKey>>;
  /** Idempotent for an already revoked key; NotFoundError for unknown ids and other tenants' keys. */
  revoke(tenantId: string, id: string, context?: ActionContext): Promise<void>;
  /** Throws AuthenticationError (`AUTH_API_KEY_INVALID`) for unknown, malformed and revoked keys. */
  authenticate(key: string): Promise<ApiKeyPrincipal>;
}

export interface ApiKeyServiceDeps {
  readonly repository: ApiKeyRepository;
  readonly tenants: TenantService;
  readonly audit: AuditService;
  readonly now: () => Date;
}

const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_TRACKED_KEYS = 10_000;

const notFound = () => new NotFoundError('API key not found', { code: 'API_KEYS_NOT_FOUND' });
const invalidKey = () => new AuthenticationError('Invalid API key', { code: 'AUTH_API_KEY_INVALID' });

export function createApiKeyService(deps: ApiKeyServiceDeps): ApiKeyService {
  const { repository, audit, now } = deps;
  // Per service instance: when this process last recorded each key's use, so a busy key costs
  // one write a minute rather than a conditional update per request.
  const lastTouched = new Map<string, number>();
  const touch = async (apiKey: ApiKey) => {
    const at = now();
    const previous = lastTouched.get(apiKey.id);
    if (previous !== undefined && at.getTime() - previous < LAST_USED_RESOLUTION_MS) return;
    if (lastTouched.size >= MAX_TRACKED_KEYS) lastTouched.clear();
    lastTouched.set(apiKey.id, at.getTime());
    await repository.touch(apiKey.tenantId, apiKey.id, at, LAST_USED_RESOLUTION_MS);
  };
  return {
    async create(tenantId, input, context = SYSTEM_ACTION_CONTEXT) {
      const parsed = parseInput(createApiKeyInputSchema, input);
      await deps.tenants.get(tenantId);
      const minted = generateOpaqueToken('apiKey');
      const apiKey = await repository.insert({
        tenantId,
        name: parsed.name,
        prefix: minted.visiblePrefix,
        keyHash: minted.hash,
        scopes: parsed.scopes,
        createdBy: { type: context.actor.type, id: context.actor.id },
        createdAt: now(),
      });
      await audit.record({
        tenantId,
        action: 'apiKey.create',
        target: { type: 'apiKey', id: apiKey.id },
        outcome: 'success',
        context,
        changes: {
          name: { to: apiKey.name },
          prefix: { to: apiKey.prefix },
          scopes: { to: apiKey.scopes.join(',') },
        },
      });
      return { apiKey, key: minted.token };
    },
    async list(tenantId, page) {
      return toPage(await repository.list(tenantId, page), page.limit);
    },
    async revoke(tenantId, id, context = SYSTEM_ACTION_CONTEXT) {
      const existing = await repository.findById(tenantId, id);
      if (existing === undefined) throw notFound();
      if (existing.revokedAt !== undefined) return;
      const revoked = await repository.revoke(tenantId, id, now());
      if (revoked === undefined) return;
      await audit.record({
        tenantId,
        action: 'apiKey.revoke',
        target: { type: 'apiKey', id },
        outcome: 'success',
        context,
        changes: { revokedAt: { to: revoked.revokedAt?.toISOString() ?? null } },
      });
    },
    async authenticate(key) {
      if (!isOpaqueTokenOf('apiKey', key)) throw invalidKey();
      const apiKey = await repository.findByHash(hashOpaqueToken(key));
      if (apiKey === undefined || apiKey.revokedAt !== undefined) throw invalidKey();
      await touch(apiKey);
      return {
        kind: 'apiKey',
        tenantId: apiKey.tenantId,
        apiKeyId: apiKey.id,
        name: apiKey.name,
        prefix: apiKey.prefix,
        scopes: apiKey.scopes,
      };
    },
  };
}
