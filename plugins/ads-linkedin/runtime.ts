import { z } from 'zod';
import {
  LINKEDIN_DEFAULT_AUTH_URL,
  createLinkedInClient,
  createLinkedInTokenSource,
} from '../../connectors/linkedin/index.js';
import type {
  LinkedInClient,
  LinkedInTokenSource,
  LinkedInTokenStore,
  Mapped,
} from '../../connectors/linkedin/index.js';
import { createCircuitBreaker, createKeyedLimiter } from '../../connectors/shared/index.js';
import type { PluginContext, PluginLogger, PluginStateStore } from '../../core/plugin-api/index.js';
import type { AdsLinkedinConfig } from './config.js';

/**
 * Shared by every installation of the plugin in this process, keyed by tenant: at most four
 * requests of one tenant to linkedin at once, and a platform that keeps failing is left alone
 * for a minute.
 */
const LIMITER = createKeyedLimiter(4);
const BREAKER = createCircuitBreaker({ threshold: 10, cooldownMs: 60_000 });

/** Runs one request attempt under the tenant's linkedin limit and breaker. */
function guarded(tenantId: string): <T>(attempt: () => Promise<T>) => Promise<T> {
  const key = `${tenantId}:linkedin`;
  return (attempt) => BREAKER.run(key, () => LIMITER.run(key, attempt));
}

/** What every ads-linkedin capability of one installation shares. */
export interface LinkedinRuntime {
  readonly config: AdsLinkedinConfig;
  readonly client: LinkedInClient;
  readonly tokens: LinkedInTokenSource;
  readonly logger: PluginLogger;
  readonly context: PluginContext<AdsLinkedinConfig>;
}

const TOKEN_KEY = 'oauth.token';
const storedTokenSchema = z.object({
  accessToken: z.string(),
  expiresAt: z.string().nullable(),
  refreshToken: z.string().nullable(),
  refreshTokenExpiresAt: z.string().nullable(),
  origin: z.string(),
});

/** Refreshed tokens live in the installation's private state store (never in logs). */
function stateTokenStore(state: PluginStateStore): LinkedInTokenStore {
  return {
    async load() {
      const parsed = storedTokenSchema.safeParse(await state.get(TOKEN_KEY));
      return parsed.success ? parsed.data : undefined;
    },
    save: (token) => state.set(TOKEN_KEY, { ...token }),
  };
}

export function createLinkedinRuntime(ctx: PluginContext<AdsLinkedinConfig>): LinkedinRuntime {
  const { config } = ctx;
  const counter = { refreshes: 0 };
  const tokens = createLinkedInTokenSource({
    http: ctx.http,
    authBaseUrl: config.authBaseUrl ?? LINKEDIN_DEFAULT_AUTH_URL,
    accessToken: config.accessToken,
    ...(config.accessTokenExpiresAt === undefined
      ? {}
      : { accessTokenExpiresAt: config.accessTokenExpiresAt }),
    ...(config.refreshToken !== undefined &&
    config.clientId !== undefined &&
    config.clientSecret !== undefined
      ? {
          refresh: {
            clientId: config.clientId,
            clientSecret: config.clientSecret,
            refreshToken: config.refreshToken,
          },
        }
      : {}),
    store: stateTokenStore(ctx.state),
    now: () => ctx.clock.now(),
    onRequest: () => void (counter.refreshes += 1),
  });
  const inner = createLinkedInClient({
    around: guarded(ctx.tenant.id),
    http: ctx.http,
    tokens,
    rateLimitWaitMs: config.rateLimitWaitMs,
    ...(config.apiBaseUrl === undefined ? {} : { baseUrl: config.apiBaseUrl }),
  });
  const client: LinkedInClient = {
    ...inner,
    stats: () => ({ ...inner.stats(), requests: inner.stats().requests + counter.refreshes }),
  };
  return { config, client, tokens, logger: ctx.logger, context: ctx };
}

/** The mapped row, or the rejected one the host's validation refuses and reports per row. */
export function rowToYield<TRow>(mapped: Mapped<TRow>, logger: PluginLogger, stream: string): TRow {
  if (mapped.ok) return mapped.row;
  logger.warn('linkedin row not mappable; reported to the host as invalid', {
    stream,
    failures: mapped.failures.map((failure) => ({
      field: failure.field,
      raw: JSON.stringify(failure.raw) ?? 'undefined',
    })),
  });
  return mapped.rejected as TRow;
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
