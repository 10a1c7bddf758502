import { ConnectorError } from '../shared/index.js';
import type { ConnectorErrorKind } from '../shared/index.js';

/** The human-readable parts of Snap's error envelope (`request_status: ERROR`), when present (§4.5). */
function detailOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const parts = [record['error_code'], record['display_message'] ?? record['debug_message']].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  return parts.length === 0 ? '' : `: ${parts.join(' ')}`;
}

/**
 * An HTTP error of the Ads API, classified by status as the reference says to (§4.5): 401 auth
 * (after one refresh), 403 permission, 404 not found, 400 invalid, 429 rate limit (no headers are
 * documented: the least wait is one rate window), 5xx transient.
 */
export function snapchatHttpError(
  status: number,
  body: unknown,
  rateLimitWaitMs: number,
  retryAfterHeader?: string,
): ConnectorError {
  const detail = detailOf(body);
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
  const messages: Record<ConnectorErrorKind, string> = {
    auth: 'Snapchat refused the access token even after a refresh; reconnect the Snapchat account',
    permission: 'Snapchat denied access to the ad account; grant this login a role on it in Ads Manager',
    not_found: 'Snapchat does not know this id',
    rate_limit: 'Snapchat rate limit reached',
    transient: 'Snapchat is unavailable',
    invalid_request: 'Snapchat refused the request',
  };
  const advised = retryAfterHeader === undefined ? undefined : Number(retryAfterHeader) * 1_000;
  return new ConnectorError(kind, `${messages[kind]} (HTTP ${status}${detail})`, {
    code: `SNAPCHAT_${kind.toUpperCase()}`,
    status,
    ...(typeof body === 'object' &&
    body !== null &&
    typeof (body as Record<string, unknown>)['error_code'] === 'string'
      ? { platformCode: (body as Record<string, string>)['error_code'] }
      : {}),
    ...(kind === 'rate_limit'
      ? {
          retryAfterMs:
            advised !== undefined && Number.isFinite(advised)
              ? Math.max(advised, rateLimitWaitMs)
              : rateLimitWaitMs,
        }
      : {}),
  });
}

/** A failure of the OAuth token endpoint (`error: invalid_grant` and friends). */
export function snapchatOAuthError(status: number, body: unknown): ConnectorError {
  const error =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['error'] : undefined;
  if (status === 429 || status >= 500)
    return new ConnectorError(
      status === 429 ? 'rate_limit' : 'transient',
      `Snapchat's token endpoint answered HTTP ${status}`,
      {
        code: 'SNAPCHAT_OAUTH_UNAVAILABLE',
        status,
        ...(status === 429 ? { retryAfterMs: 1_000 } : {}),
      },
    );
  return new ConnectorError(
    'auth',
    `Snapchat refused the refresh token (${typeof error === 'string' ? error : `HTTP ${status}`}); reconnect the Snapchat account and save the new refresh token`,
    {
      code: 'SNAPCHAT_REFRESH_TOKEN_INVALID',
      status,
      ...(typeof error === 'string' ? { platformCode: error } : {}),
    },
  );
}
