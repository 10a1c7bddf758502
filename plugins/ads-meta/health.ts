/**
 * Health of an installation: the token (`GET /me`; expiry through `debug_token` when the app id
 * and secret are configured), access to each configured ad account, and the days left of the
 * pinned API version. `degraded` (and one `alert.raised` a day) when the token or the version
 * expires within 14 days; `auth_error` when Meta refuses the token. Never throws.
 */
import { META_ACCOUNT_FIELDS, metaApiVersionInfo, toActId } from '../../connectors/meta/index.js';
import { daysUntil } from '../../connectors/shared/index.js';
import { isPluginError } from '../../core/plugin-api/index.js';
import type { CallContext, HealthCheck, HealthResult, JsonObject } from '../../core/plugin-api/index.js';
import type { MetaRuntime } from './meta-runtime.js';
import { toPluginError } from './plugin-errors.js';

export const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 86_400_000;

interface TokenInfo {
  readonly expiresInDays: number | null;
  readonly dataAccessExpiresInDays: number | null;
  readonly invalidReason: string | undefined;
}

function daysFromUnix(seconds: unknown, now: Date): number | null {
  if (typeof seconds !== 'number' || seconds <= 0) return null;
  return Math.floor((seconds * 1000 - now.getTime()) / DAY_MS);
}

async function tokenInfo(runtime: MetaRuntime, ctx: CallContext): Promise<TokenInfo> {
  const { appId, appSecret } = runtime.config;
  const client = runtime.client();
  await runtime.guard('checking the token', () => client.get('me', { fields: 'id,name' }, ctx.signal));
  if (appId === undefined || appSecret === undefined)
    return { expiresInDays: null, dataAccessExpiresInDays: null, invalidReason: undefined };
  const body = await runtime.guard('debugging the token', () =>
    client.debugToken(appId, appSecret, ctx.signal),
  );
  const data = (typeof body['data'] === 'object' && body['data'] !== null ? body['data'] : {}) as Record<
    string,
    unknown
  >;
  const now = runtime.ctx.clock.now();
  const error = data['error'] as { message?: unknown } | undefined;
  return {
    // 0 means "never expires" (System User tokens).
    expiresInDays: daysFromUnix(data['expires_at'], now),
    dataAccessExpiresInDays: daysFromUnix(data['data_access_expires_at'], now),
    invalidReason:
      data['is_valid'] === false
        ? typeof error?.message === 'string'
          ? error.message
          : 'Meta reports the token as invalid'
        : undefined,
  };
}

async function checkAccounts(runtime: MetaRuntime, ctx: CallContext): Promise<number> {
  const client = runtime.client();
  if (runtime.config.accountIds.length === 0) {
    const page = await runtime.guard('listing ad accounts', () =>
      client.page('me/adaccounts', { fields: META_ACCOUNT_FIELDS, limit: 100 }, null, ctx.signal),
    );
    return page.data.length;
  }
  for (const id of runtime.config.accountIds)
    await runtime.guard(`reading ad account ${toActId(id)}`, () =>
      client.get(toActId(id), { fields: META_ACCOUNT_FIELDS }, ctx.signal),
    );
  return runtime.config.accountIds.length;
}

async function raiseOnce(runtime: MetaRuntime, title: string, details: JsonObject): Promise<void> {
  const today = runtime.ctx.clock.now().toISOString().slice(0, 10);
  const key = `alert:${title}`;
  if ((await runtime.ctx.state.get(key)) === today) return;
  await runtime.ctx.events.publish('alert.raised', { severity: 'warning', title, details });
  await runtime.ctx.state.set(key, today);
}

async function check(runtime: MetaRuntime, ctx: CallContext): Promise<HealthResult> {
  const version = metaApiVersionInfo(runtime.config.apiVersion);
  const sunsetInDays = daysUntil(version.sunsetDate, runtime.ctx.clock.now());
  const base: JsonObject = {
    apiVersion: version.version,
    apiSunsetDate: version.sunsetDate,
    apiSunsetInDays: sunsetInDays,
  };
  const token = await tokenInfo(runtime, ctx);
  const details: JsonObject = {
    ...base,
    tokenExpiresInDays: token.expiresInDays,
    dataAccessExpiresInDays: token.dataAccessExpiresInDays,
  };
  if (token.invalidReason !== undefined)
    return {
      status: 'auth_error',
      message: `Meta refused the access token: ${token.invalidReason}. Save a new token.`,
      details,
    };
  const accounts = await checkAccounts(runtime, ctx);
  const warnings: string[] = [];
  if (sunsetInDays !== null && sunsetInDays <= EXPIRY_WARNING_DAYS)
    warnings.push(
      `Marketing API ${version.version} stops working in ${sunsetInDays} days (${version.sunsetDate}); update the plugin`,
    );
  for (const [label, days] of [
    ['access token', token.expiresInDays],
    ['data access of the token', token.dataAccessExpiresInDays],
  ] as const)
    if (days !== null && days <= EXPIRY_WARNING_DAYS)
      warnings.push(
        `The Meta ${label} expires in ${days} days; generate a new long-lived or System User token`,
      );
  const withAccounts = { ...details, accounts };
  if (warnings.length === 0)
    return {
      status: 'ok',
      message: `Token accepted; ${accounts} ad account(s) reachable.`,
      details: withAccounts,
    };
  for (const warning of warnings) await raiseOnce(runtime, warning.split(';')[0] ?? warning, withAccounts);
  return { status: 'degraded', message: warnings.join('. '), details: withAccounts };
}

export function createAdsMetaHealthCheck(runtime: MetaRuntime): HealthCheck {
  return {
    async check(ctx) {
      const version = metaApiVersionInfo(runtime.config.apiVersion);
      const details = {
        apiVersion: version.version,
        apiSunsetDate: version.sunsetDate,
        apiSunsetInDays: daysUntil(version.sunsetDate, runtime.ctx.clock.now()),
      };
      try {
        return await check(runtime, ctx);
      } catch (error) {
        const failure = isPluginError(error) ? error : toPluginError(error, 'the health check');
        if (failure.kind === 'auth') return { status: 'auth_error', message: failure.message, details };
        return { status: 'error', message: failure.message, details };
      }
    },
  };
}
