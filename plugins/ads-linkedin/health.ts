import { LINKEDIN_API_VERSION } from '../../connectors/linkedin/index.js';
import { daysUntil, isConnectorError } from '../../connectors/shared/index.js';
import type { HealthCheck, HealthResult, JsonObject } from '../../core/plugin-api/index.js';
import type { LinkedinRuntime } from './runtime.js';

/** Warn this many days before a token or the API version expires. */
export const LINKEDIN_WARN_DAYS = 14;

const dayOf = (instant: string | null) => (instant === null ? null : instant.slice(0, 10));

/**
 * Token and account access, the 60-day token's days left (refresh token's too when refreshed),
 * and the API version's sunset; `degraded` with an `alert.raised` event when either runs out
 * within 14 days (a token that will be refreshed automatically does not count).
 */
export function createLinkedinHealthCheck(runtime: LinkedinRuntime): HealthCheck {
  return {
    async check(ctx): Promise<HealthResult> {
      const now = runtime.context.clock.now();
      const expiry = await runtime.tokens.expiry();
      const details: JsonObject = {
        apiVersion: LINKEDIN_API_VERSION.version,
        apiSunsetDate: LINKEDIN_API_VERSION.sunsetDate,
        apiSunsetInDays: daysUntil(LINKEDIN_API_VERSION.sunsetDate, now),
        tokenExpiresInDays: daysUntil(dayOf(expiry.accessTokenExpiresAt), now),
        refreshTokenExpiresInDays: daysUntil(dayOf(expiry.refreshTokenExpiresAt), now),
        canRefresh: expiry.canRefresh,
      };
      try {
        for (const id of runtime.config.accountIds) await runtime.client.adAccount(id, ctx.signal);
      } catch (error) {
        if (isConnectorError(error) && (error.kind === 'auth' || error.kind === 'permission'))
          return { status: 'auth_error', message: error.message, details: { ...details, code: error.code } };
        return {
          status: 'error',
          message: `LinkedIn unreachable: ${error instanceof Error ? error.message : String(error)}`,
          details,
        };
      }
      const warnings: string[] = [];
      const soon = (days: unknown) => typeof days === 'number' && days <= LINKEDIN_WARN_DAYS;
      if (soon(details['apiSunsetInDays']))
        warnings.push(
          `LinkedIn API ${LINKEDIN_API_VERSION.version} sunsets in ${String(details['apiSunsetInDays'])} days; update the plugin`,
        );
      if (!expiry.canRefresh && soon(details['tokenExpiresInDays']))
        warnings.push(
          `the LinkedIn access token expires in ${String(details['tokenExpiresInDays'])} days; reconnect LinkedIn`,
        );
      if (soon(details['refreshTokenExpiresInDays']))
        warnings.push(
          `the LinkedIn refresh token expires in ${String(details['refreshTokenExpiresInDays'])} days; reconnect LinkedIn`,
        );
      const accounts = runtime.config.accountIds.length;
      if (warnings.length === 0)
        return { status: 'ok', message: `${accounts} LinkedIn ad account(s) reachable.`, details };
      const message = `${warnings.join('; ')}.`;
      await runtime.context.events
        .publish('alert.raised', {
          severity: 'warning',
          title: message,
          details: { plugin: 'ads-linkedin', ...details },
        })
        .catch(() => undefined);
      return { status: 'degraded', message, details };
    },
  };
}
