import type { HealthCheck, HealthResult, JsonObject } from '../../core/plugin-api/index.js';
import { CUSTOMER_QUERY, mapCustomerRow } from '../../connectors/google-ads/index.js';
import { daysUntil, isConnectorError } from '../../connectors/shared/index.js';
import type { AdsGoogleRuntime } from './runtime.js';

/** An API version this close to its sunset makes the installation `degraded` and raises an alert. */
export const SUNSET_WARNING_DAYS = 14;

/**
 * Credentials (`listAccessibleCustomers`) and access to every configured customer. Google
 * refresh tokens carry no expiry date an API can read (they live until revoked or unused for six
 * months), so only the API version's sunset is counted down. Never throws.
 */
export function createAdsGoogleHealthCheck(runtime: AdsGoogleRuntime): HealthCheck {
  const { client, config, ctx: plugin } = runtime;
  return {
    async check(ctx): Promise<HealthResult> {
      const version = client.apiVersion;
      const sunsetInDays = daysUntil(version.sunsetDate, plugin.clock.now());
      const versionDetails: JsonObject = {
        apiVersion: version.version,
        apiSunsetDate: version.sunsetDate,
        apiSunsetInDays: sunsetInDays,
      };
      try {
        const accessible = await client.listAccessibleCustomers(ctx.signal);
        const accounts: JsonObject[] = [];
        for (const customerId of config.customerIds) {
          const page = await client.search(customerId, CUSTOMER_QUERY, undefined, ctx.signal);
          const row = page.results[0] === undefined ? undefined : mapCustomerRow(page.results[0]);
          if (row === undefined || !row.ok)
            return {
              status: 'error',
              message: `Google Ads customer ${customerId} answered without a readable customer record.`,
              details: versionDetails,
            };
          accounts.push({
            id: row.value.externalId,
            name: row.value.name,
            currency: row.value.currency,
            timezone: row.value.timezone,
            status: row.value.status,
          });
        }
        const details: JsonObject = { ...versionDetails, accessibleCustomers: accessible.length, accounts };
        if (sunsetInDays !== null && sunsetInDays <= SUNSET_WARNING_DAYS) {
          const message = `Google Ads API ${version.version} is sunset on ${version.sunsetDate} (${sunsetInDays} days): upgrade the ads-google plugin.`;
          await plugin.events
            .publish('alert.raised', { severity: 'warning', title: message, details: versionDetails })
            .catch(() => undefined);
          return { status: 'degraded', message, details };
        }
        return { status: 'ok', message: `${accounts.length} Google Ads customer(s) reachable.`, details };
      } catch (error) {
        if (isConnectorError(error) && (error.kind === 'auth' || error.kind === 'permission'))
          return {
            status: 'auth_error',
            message: error.message,
            details: { ...versionDetails, code: error.code },
          };
        const message = error instanceof Error ? error.message : String(error);
        return {
          status: 'error',
          message: `Google Ads check failed: ${message}`,
          details: { ...versionDetails, ...(isConnectorError(error) ? { code: error.code } : {}) },
        };
      }
    },
  };
}
