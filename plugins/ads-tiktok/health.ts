import { TIKTOK_API_VERSION } from '../../connectors/tiktok/index.js';
import { daysUntil, isConnectorError } from '../../connectors/shared/index.js';
import type { HealthCheck, HealthResult } from '../../core/plugin-api/index.js';
import type { TiktokRuntime } from './runtime.js';

/** Warn this many days before the API version's sunset. */
export const TIKTOK_WARN_DAYS = 14;

/**
 * Credentials and advertiser access, plus the API version's sunset. TikTok tokens do not expire
 * on a schedule (revocation only), so there is no token-expiry detail.
 */
export function createTiktokHealthCheck(runtime: TiktokRuntime): HealthCheck {
  return {
    async check(ctx): Promise<HealthResult> {
      const now = runtime.context.clock.now();
      const version = {
        apiVersion: TIKTOK_API_VERSION.version,
        apiSunsetDate: TIKTOK_API_VERSION.sunsetDate,
        apiSunsetInDays: daysUntil(TIKTOK_API_VERSION.sunsetDate, now),
      };
      try {
        const list = await runtime.client.advertiserInfo(runtime.config.advertiserIds, ctx.signal);
        const missing = runtime.config.advertiserIds.length - list.length;
        if (missing > 0)
          return {
            status: 'error',
            message: `${missing} configured advertiser(s) are not readable with this token; check the advertiser ids.`,
            details: { ...version, advertisers: list.length },
          };
        const sunsetSoon = version.apiSunsetInDays !== null && version.apiSunsetInDays <= TIKTOK_WARN_DAYS;
        if (sunsetSoon) {
          await runtime.context.events
            .publish('alert.raised', {
              severity: 'warning',
              title: `TikTok API ${version.apiVersion} sunsets in ${version.apiSunsetInDays} days`,
              details: { plugin: 'ads-tiktok', ...version },
            })
            .catch(() => undefined);
          return {
            status: 'degraded',
            message: `TikTok API ${version.apiVersion} sunsets in ${version.apiSunsetInDays} days; update the plugin.`,
            details: { ...version, advertisers: list.length },
          };
        }
        return {
          status: 'ok',
          message: `${list.length} TikTok advertiser(s) reachable.`,
          details: { ...version, advertisers: list.length },
        };
      } catch (error) {
        if (isConnectorError(error) && (error.kind === 'auth' || error.kind === 'permission'))
          return { status: 'auth_error', message: error.message, details: { ...version, code: error.code } };
        return {
          status: 'error',
          message: `TikTok unreachable: ${error instanceof Error ? error.message : String(error)}`,
          details: version,
        };
      }
    },
  };
}
