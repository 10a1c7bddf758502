import { ConnectorError } from '../shared/index.js';
import type { ConnectorErrorKind } from '../shared/index.js';

interface LinkedInErrorBody {
  readonly status?: number;
  readonly serviceErrorCode?: number;
  readonly code?: string;
  readonly message?: string;
}

function bodyOf(value: unknown): LinkedInErrorBody {
  return typeof value === 'object' && value !== null ? (value as LinkedInErrorBody) : {};
}

const HINTS: Readonly<Record<ConnectorErrorKind, string>> = {
  auth: 'the access token expired (60-day tokens) or was revoked; reconnect LinkedIn and save the new token',
  permission: 'grant the token r_ads and r_ads_reporting and a role on the ad account in Campaign Manager',
  not_found: 'check the ad account and campaign ids',
  rate_limit: 'LinkedIn throttled the application (daily limits reset at midnight UTC)',
  transient: 'LinkedIn is unavailable',
  invalid_request: 'LinkedIn refused the request',
};

/** An HTTP error of the REST API, from the status and `{status, serviceErrorCode, code, message}` (§5.6). */
export function linkedinHttpError(
  status: number,
  body: unknown,
  rateLimitWaitMs: number,
  retryAfterHeader?: string,
): ConnectorError {
  const parsed = bodyOf(body);
  const kind: ConnectorErrorKind =
    status === 401
      ? 'auth'
      : status === 403
        ? 'permission'
        : status === 404
          ? 'not_found'
          : status === 429
            ? 'rate_limit'
            : status >= 500
              ? 'transient'
              : 'invalid_request';
  const platform = [parsed.serviceErrorCode, parsed.code].filter((part) => part !== undefined).join(' ');
  const hint = status === 426 ? `API version not active; update the plugin (LinkedIn-Version)` : HINTS[kind];
  const advised = retryAfterHeader === undefined ? Number.NaN : Number(retryAfterHeader) * 1_000;
  return new ConnectorError(
    kind,
    `LinkedIn answered HTTP ${status}${platform === '' ? '' : ` (${platform})`}${parsed.message ? `: ${parsed.message}` : ''} — ${hint}`,
    {
      code:
        status === 426
          ? 'LINKEDIN_VERSION_INACTIVE'
          : status === 401
            ? 'LINKEDIN_TOKEN_INVALID'
            : `LINKEDIN_${kind.toUpperCase()}`,
      status,
      ...(platform === '' ? {} : { platformCode: platform }),
      ...(kind === 'rate_limit'
        ? { retryAfterMs: Number.isFinite(advised) ? Math.max(advised, rateLimitWaitMs) : rateLimitWaitMs }
        : {}),
    },
  );
}

/** A failure of LinkedIn's OAuth token endpoint. */
export function linkedinOAuthError(status: number, body: unknown): ConnectorError {
  const error =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['error'] : undefined;
  if (status === 429 || status >= 500)
    return new ConnectorError(
      status === 429 ? 'rate_limit' : 'transient',
      `LinkedIn's token endpoint answered HTTP ${status}`,
      {
        code: 'LINKEDIN_OAUTH_UNAVAILABLE',
        status,
        ...(status === 429 ? { retryAfterMs: 1_000 } : {}),
      },
    );
  return new ConnectorError(
    'auth',
    `LinkedIn refused the refresh token (${typeof error === 'string' ? error : `HTTP ${status}`}); reconnect LinkedIn and save the new tokens`,
    {
      code: 'LINKEDIN_REFRESH_TOKEN_INVALID',
      status,
      ...(typeof error === 'string' ? { platformCode: error } : {}),
    },
  );
}
