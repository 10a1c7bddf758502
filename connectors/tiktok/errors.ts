import { ConnectorError } from '../shared/index.js';
import type { ConnectorErrorKind } from '../shared/index.js';

/**
 * TikTok's body codes (reference §3.5: errors arrive with HTTP 200 and a non-zero `code`).
 * 40102 (token expired) and 40104 (token empty) come from TikTok's error-code page, not the
 * reference; they are auth failures like 40105.
 */
const CODE_KINDS: Readonly<Record<number, { kind: ConnectorErrorKind; code: string; hint: string }>> = {
  40100: { kind: 'rate_limit', code: 'TIKTOK_RATE_LIMITED', hint: 'request frequency limit exceeded' },
  40101: {
    kind: 'auth',
    code: 'TIKTOK_APP_CREDENTIALS_INVALID',
    hint: 'check the app id and secret of the TikTok app',
  },
  40102: {
    kind: 'auth',
    code: 'TIKTOK_TOKEN_EXPIRED',
    hint: 're-authorise the advertiser in TikTok and enter the new access token',
  },
  40104: {
    kind: 'auth',
    code: 'TIKTOK_TOKEN_MISSING',
    hint: 'enter an access token in the installation settings',
  },
  40105: {
    kind: 'auth',
    code: 'TIKTOK_TOKEN_INVALID',
    hint: 're-authorise the advertiser in TikTok and enter the new access token',
  },
  40110: {
    kind: 'auth',
    code: 'TIKTOK_AUTH_CODE_INVALID',
    hint: 'the authorisation code expired; authorise the app again',
  },
  40001: {
    kind: 'permission',
    code: 'TIKTOK_NO_PERMISSION',
    hint: 'grant the app access to this advertiser in TikTok Business Center',
  },
  40002: { kind: 'invalid_request', code: 'TIKTOK_PARAMETER_ERROR', hint: 'the request was refused' },
  50000: { kind: 'transient', code: 'TIKTOK_SYSTEM_ERROR', hint: 'TikTok had an internal error' },
  50002: { kind: 'transient', code: 'TIKTOK_SYSTEM_ERROR', hint: 'TikTok had an internal error' },
};

/** The error of a non-zero envelope `code`; unknown 5xxxx codes are transient, the rest invalid requests. */
export function tiktokBodyError(code: number, message: string, rateLimitWaitMs: number): ConnectorError {
  const known = CODE_KINDS[code];
  const kind: ConnectorErrorKind = known?.kind ?? (code >= 50_000 ? 'transient' : 'invalid_request');
  const text = `TikTok error ${code}: ${message}${known === undefined ? '' : ` (${known.hint})`}`;
  return new ConnectorError(kind, text, {
    code: known?.code ?? 'TIKTOK_REQUEST_FAILED',
    status: 200,
    platformCode: String(code),
    // No rate-limit headers are documented (§3.5); the limits are per second and per minute, so
    // the next request waits at least one QPS window.
    ...(kind === 'rate_limit' ? { retryAfterMs: rateLimitWaitMs } : {}),
  });
}

/** An HTTP-level failure (gateway errors, 429 from a proxy) before any envelope. */
export function tiktokHttpError(status: number, rateLimitWaitMs: number): ConnectorError {
  if (status === 429)
    return new ConnectorError('rate_limit', 'TikTok answered HTTP 429', {
      code: 'TIKTOK_RATE_LIMITED',
      status,
      retryAfterMs: rateLimitWaitMs,
    });
  const kind: ConnectorErrorKind =
    status >= 500 ? 'transient' : status === 404 ? 'not_found' : status === 401 ? 'auth' : 'invalid_request';
  return new ConnectorError(kind, `TikTok answered HTTP ${status}`, {
    code: kind === 'transient' ? 'TIKTOK_UNAVAILABLE' : 'TIKTOK_HTTP_ERROR',
    status,
  });
}
