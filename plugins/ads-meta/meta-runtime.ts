import { createMetaClient, META_ACCOUNT_FIELDS, toActId } from '../../connectors/meta/index.js';
import type { MetaClient, MetaClientOptions } from '../../connectors/meta/index.js';
import type { CircuitBreaker, KeyedLimiter } from '../../connectors/shared/index.js';
import type { PluginContext } from '../../core/plugin-api/index.js';
import type { AdsMetaConfig } from './config.js';
import { toPluginError } from './plugin-errors.js';

/** What every ads-meta capability of one installation shares. */
export interface MetaRuntime {
  readonly ctx: PluginContext<AdsMetaConfig>;
  readonly config: AdsMetaConfig;
  /** A fresh client (its own request counters) over the host's egress client. */
  client(): MetaClient;
  /**
   * Runs one platform call under the tenant's concurrency limit and circuit breaker; failures
   * come out as PluginErrors.
   */
  guard<T>(what: string, work: () => Promise<T>): Promise<T>;
  /** Currency and time zone of an ad account (read once per installation). */
  account(
    actId: string,
    signal: AbortSignal,
  ): Promise<{ readonly currency: string; readonly timezone: string }>;
}

/** Process-wide parts shared by every installation (keyed by tenant). */
export interface MetaRuntimeShared {
  readonly limiter: KeyedLimiter;
  readonly breaker: CircuitBreaker;
  readonly retry?: MetaClientOptions['retry'];
}

export function createMetaRuntime(ctx: PluginContext<AdsMetaConfig>, shared: MetaRuntimeShared): MetaRuntime {
  const config = ctx.config;
  const key = `${ctx.tenant.id}:meta`;
  const accounts = new Map<string, Promise<{ currency: string; timezone: string }>>();
  const client = () =>
    createMetaClient({
      http: ctx.http,
      accessToken: config.accessToken,
      ...(config.apiBaseUrl === undefined ? {} : { baseUrl: config.apiBaseUrl }),
      ...(config.apiVersion === undefined ? {} : { apiVersion: config.apiVersion }),
      ...(config.appSecret === undefined ? {} : { appSecret: config.appSecret }),
      ...(shared.retry === undefined ? {} : { retry: shared.retry }),
    });
  const guard = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await shared.breaker.run(key, () => shared.limiter.run(key, work));
    } catch (error) {
      throw toPluginError(error, what);
    }
  };
  return {
    ctx,
    config,
    client,
    guard,
    account(actId, signal) {
      const id = toActId(actId);
      let known = accounts.get(id);
      if (known === undefined) {
        known = guard('reading the ad account', async () => {
          const body = await client().get(id, { fields: META_ACCOUNT_FIELDS }, signal);
          return {
            currency: String(body['currency'] ?? ''),
            timezone: String(body['timezone_name'] ?? 'UTC'),
          };
        });
        accounts.set(id, known);
        known.catch(() => accounts.delete(id));
      }
      return known;
    },
  };
}
