import { z } from 'zod';
import {
  SNAPCHAT_DEFAULT_AUTH_URL,
  createSnapchatClient,
  createSnapchatTokenSource,
} from '../../connectors/snapchat/index.js';
import type { Mapped, SnapchatClient, SnapchatTokenStore } from '../../connectors/snapchat/index.js';
import { createCircuitBreaker, createKeyedLimiter } from '../../connectors/shared/index.js';
import type { PluginContext, PluginLogger, PluginStateStore } from '../../core/plugin-api/index.js';
import type { AdsSnapchatConfig } from './config.js';

/**
 * Shared by every installation of the plugin in this process, keyed by tenant: at most four
 * requests of one tenant to snapchat at once, and a platform that keeps failing is left alone
 * for a minute.
 */
const LIMITER = createKeyedLimiter(4);
const BREAKER = createCircuitBreaker({ threshold: 10, cooldownMs: 60_000 });

/** Runs one request attempt under the tenant's snapchat limit and breaker. */
function guarded(tenantId: string): <T>(attempt: () => Promise<T>) => Promise<T> {
  const key = `${tenantId}:snapchat`;
  return (attempt) => BREAKER.run(key, () => LIMITER.run(key, attempt));
}

/** What every ads-snapchat capability of one installation shares. */
export interface SnapchatRuntime {
  readonly config: AdsSnapchatConfig;
  readonly client: SnapchatClient;
  readonly logger: PluginLogger;
  readonly context: PluginContext<AdsSnapchatConfig>;
}

const TOKEN_KEY = 'oauth.token';
const storedTokenSchema = z.object({
  accessToken: z.string(),
  expiresAt: z.string(),
  refreshToken: z.string(),
  origin: z.string(),
});

/** Refreshed tokens live in the installation's private state store (never in logs). */
export function stateTokenStore(state: PluginStateStore): SnapchatTokenStore {
  return {
    async load() {
      const parsed = storedTokenSchema.safeParse(await state.get(TOKEN_KEY));
      return parsed.success ? parsed.data : undefined;
    },
    save: (token) => state.set(TOKEN_KEY, { ...token }),
  };
}

/** Builds the installation's Snapchat client over the host's guarded egress client. */
export function createSnapchatRuntime(ctx: PluginContext<AdsSnapchatConfig>): SnapchatRuntime {
  const counter = { refreshes: 0 };
  const tokens = createSnapchatTokenSource({
    http: ctx.http,
    authBaseUrl: ctx.config.authBaseUrl ?? SNAPCHAT_DEFAULT_AUTH_URL,
    clientId: ctx.config.clientId,
    clientSecret: ctx.config.clientSecret,
    refreshToken: ctx.config.refreshToken,
    store: stateTokenStore(ctx.state),
    now: () => ctx.clock.now(),
    onRequest: () => void (counter.refreshes += 1),
  });
  const inner = createSnapchatClient({
    around: guarded(ctx.tenant.id),
    http: ctx.http,
    tokens,
    rateLimitWaitMs: ctx.config.rateLimitWaitMs,
    ...(ctx.config.apiBaseUrl === undefined ? {} : { baseUrl: ctx.config.apiBaseUrl }),
  });
  // Token refreshes are API calls too (syncRuns.apiCalls).
  const client: SnapchatClient = {
    ...inner,
    stats: () => ({ ...inner.stats(), requests: inner.stats().requests + counter.refreshes }),
  };
  return { config: ctx.config, client, logger: ctx.logger, context: ctx };
}

/** The mapped row, or the rejected one the host's validation refuses and reports per row. */
export function rowToYield<TRow>(mapped: Mapped<TRow>, logger: PluginLogger, stream: string): TRow {
  if (mapped.ok) return mapped.row;
  logger.warn('snapchat row not mappable; reported to the host as invalid', {
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

/** The calendar day of `instant` in `timeZone`. */
export function dayInZone(instant: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(instant);
  } catch {
    return instant.toISOString().slice(0, 10);
  }
}
