import { SNAPCHAT_API_VERSION } from '../../connectors/snapchat/index.js';
import { daysUntil, isConnectorError } from '../../connectors/shared/index.js';
import type { HealthCheck, HealthResult } from '../../core/plugin-api/index.js';
import type { SnapchatRuntime } from './runtime.js';

/** Warn this many days before the API version's sunset. */
export const SNAPCHAT_WARN_DAYS = 14;

/**
 * Refresh token (an access token is obtained) and access to every configured ad account, plus
 * the API version's sunset. Snap refresh tokens have no published expiry; access tokens are
 * refreshed as needed, so no token-expiry days are reported.
 */
export function createSnapchatHealthCheck(runtime: SnapchatRuntime): HealthCheck {
  return {
    async check(ctx): Promise<HealthResult> {
      const version = {
        apiVersion: SNAPCHAT_API_VERSION.version,
        apiSunsetDate: SNAPCHAT_API_VERSION.sunsetDate,
        apiSunsetInDays: daysUntil(SNAPCHAT_API_VERSION.sunsetDate, runtime.context.clock.now()),
      };
      try {
        const reachable = new Set(
          (await runtime.client.adAccountsOfMe(ctx.signal)).map((raw) =>
            String((raw as Record<string, unknown> | null)?.['id']),
          ),
        );
        const missing = runtime.config.adAccountIds.filter((id) => !reachable.has(id));
        if (missing.length > 0)
          return {
            status: 'error',
            message: `Ad account(s) ${missing.join(', ')} are not reachable with this login; check the ids or the account roles.`,
            details: { ...version, missing },
          };
        const accounts = runtime.config.adAccountIds.length;
        if (version.apiSunsetInDays !== null && version.apiSunsetInDays <= SNAPCHAT_WARN_DAYS) {
          await runtime.context.events
            .publish('alert.raised', {
              severity: 'warning',
              title: `Snapchat API ${version.apiVersion} sunsets in ${version.apiSunsetInDays} days`,
              details: { plugin: 'ads-snapchat', ...version },
            })
            .catch(() => undefined);
          return {
            status: 'degraded',
            message: `Snapchat API ${version.apiVersion} sunsets soon; update the plugin.`,
            details: { ...version, accounts },
          };
        }
        return {
          status: 'ok',
          message: `${accounts} Snapchat ad account(s) reachable.`,
          details: { ...version, accounts },
        };
      } catch (error) {
        if (isConnectorError(error) && (error.kind === 'auth' || error.kind === 'permission'))
          return { status: 'auth_error', message: error.message, details: { ...version, code: error.code } };
        if (isConnectorError(error) && error.kind === 'not_found')
          return { status: 'error', message: `${error.message}: check the ad account ids`, details: version };
        return {
          status: 'error',
          message: `Snapchat unreachable: ${error instanceof Error ? error.message : String(error)}`,
          details: version,
        };
      }
    },
  };
}
