import { z } from 'zod';
import type { PluginContext } from '../../core/plugin-api/index.js';
import { GOOGLE_OAUTH_TOKEN_URL, createGoogleAdsClient } from '../../connectors/google-ads/index.js';
import type {
  AccessTokenCache,
  GoogleAdsClient,
  GoogleAdsCredentials,
} from '../../connectors/google-ads/index.js';
import { createCircuitBreaker, createKeyedLimiter } from '../../connectors/shared/index.js';
import type { RetryOptions } from '../../connectors/shared/index.js';
import type { AdsGoogleConfig } from './config.js';

/** Plugin-state key of the refreshed access token (never logged, never in config). */
export const ACCESS_TOKEN_STATE_KEY = 'oauth.accessToken';

/** Concurrent Google Ads calls per tenant. */
const MAX_CONCURRENT_CALLS = 4;

/**
 * An advised wait longer than this is not slept through inside one capability call (the host
 * bounds each call): the error goes up as `transient` with `retryAfterMs` and the job retries.
 */
const MAX_IN_CALL_WAIT_MS = 60_000;

const cachedTokenSchema = z.object({
  accessToken: z.string().min(1),
  expiresAtMs: z.number(),
  refreshTokenId: z.string(),
});

/** What every ads-google capability of one installation shares. */
export interface AdsGoogleRuntime {
  readonly config: AdsGoogleConfig;
  readonly client: GoogleAdsClient;
  readonly ctx: PluginContext<AdsGoogleConfig>;
}

function credentialsOf(config: AdsGoogleConfig): GoogleAdsCredentials {
  if (config.clientId !== undefined && config.clientSecret !== undefined && config.refreshToken !== undefined)
    return {
      kind: 'refresh-token',
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      refreshToken: config.refreshToken,
      tokenUrl: config.oauthTokenUrl ?? GOOGLE_OAUTH_TOKEN_URL,
    };
  return { kind: 'access-token', accessToken: config.accessToken ?? '' };
}

function stateTokenCache(ctx: PluginContext<AdsGoogleConfig>): AccessTokenCache {
  return {
    async load() {
      const parsed = cachedTokenSchema.safeParse(await ctx.state.get(ACCESS_TOKEN_STATE_KEY));
      return parsed.success ? parsed.data : undefined;
    },
    async save(token) {
      await ctx.state.set(ACCESS_TOKEN_STATE_KEY, { ...token });
    },
  };
}

export interface AdsGoogleRuntimeOptions {
  /** Retry tuning (benchmarks, tests); the advised waits of Google are honoured regardless. */
  readonly retry?: Omit<RetryOptions, 'signal' | 'onWait'>;
}

export function createAdsGoogleRuntime(
  ctx: PluginContext<AdsGoogleConfig>,
  options: AdsGoogleRuntimeOptions = {},
): AdsGoogleRuntime {
  const { config } = ctx;
  const now = () => ctx.clock.now().getTime();
  const client = createGoogleAdsClient({
    http: ctx.http,
    credentials: credentialsOf(config),
    tokenCache: stateTokenCache(ctx),
    ...(config.apiBaseUrl === undefined ? {} : { baseUrl: config.apiBaseUrl }),
    ...(config.developerToken === undefined ? {} : { developerToken: config.developerToken }),
    ...(config.loginCustomerId === undefined ? {} : { loginCustomerId: config.loginCustomerId }),
    now,
    retry: { retries: 6, maxAdvisedWaitMs: MAX_IN_CALL_WAIT_MS, ...options.retry },
    limiter: createKeyedLimiter(MAX_CONCURRENT_CALLS),
    breaker: createCircuitBreaker({ now }),
    limitKey: `${ctx.tenant.id}:google-ads`,
  });
  return { config, client, ctx };
}

/** The calendar day of `instant` in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
