import { createTikTokClient } from '../../connectors/tiktok/index.js';
import type { Mapped, TikTokClient } from '../../connectors/tiktok/index.js';
import { createCircuitBreaker, createKeyedLimiter } from '../../connectors/shared/index.js';
import type { PluginContext, PluginLogger } from '../../core/plugin-api/index.js';
import type { AdsTiktokConfig } from './config.js';

/**
 * Shared by every installation of the plugin in this process, keyed by tenant: at most four
 * requests of one tenant to tiktok at once, and a platform that keeps failing is left alone
 * for a minute.
 */
const LIMITER = createKeyedLimiter(4);
const BREAKER = createCircuitBreaker({ threshold: 10, cooldownMs: 60_000 });

/** Runs one request attempt under the tenant's tiktok limit and breaker. */
function guarded(tenantId: string): <T>(attempt: () => Promise<T>) => Promise<T> {
  const key = `${tenantId}:tiktok`;
  return (attempt) => BREAKER.run(key, () => LIMITER.run(key, attempt));
}

/** What every ads-tiktok capability of one installation shares. */
export interface TiktokRuntime {
  readonly config: AdsTiktokConfig;
  readonly client: TikTokClient;
  readonly logger: PluginLogger;
  readonly context: PluginContext<AdsTiktokConfig>;
}

/** Builds the installation's TikTok client over the host's guarded egress client. */
export function createTiktokRuntime(ctx: PluginContext<AdsTiktokConfig>): TiktokRuntime {
  const client = createTikTokClient({
    around: guarded(ctx.tenant.id),
    http: ctx.http,
    accessToken: ctx.config.accessToken,
    rateLimitWaitMs: ctx.config.rateLimitWaitMs,
    ...(ctx.config.apiBaseUrl === undefined ? {} : { baseUrl: ctx.config.apiBaseUrl }),
  });
  return { config: ctx.config, client, logger: ctx.logger, context: ctx };
}

/**
 * The row to yield: the mapped one, or the rejected one (its faulty fields hold `{ invalid }`),
 * which the host's record validation refuses and reports per row. The SDK has no other per-row
 * report channel, and this way nothing of a malformed row is ever stored.
 */
export function rowToYield<TRow>(mapped: Mapped<TRow>, logger: PluginLogger, stream: string): TRow {
  if (mapped.ok) return mapped.row;
  logger.warn('tiktok row not mappable; reported to the host as invalid', {
    stream,
    failures: mapped.failures.map((failure) => ({
      field: failure.field,
      raw: JSON.stringify(failure.raw) ?? 'undefined',
    })),
  });
  return mapped.rejected as TRow;
}

const MS_PER_DAY = 86_400_000;

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The calendar day of `instant` in `timeZone` (falls back to UTC for a zone the runtime lacks). */
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
