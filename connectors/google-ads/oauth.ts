/**
 * Access tokens for the Google Ads API: either a fixed access token, or Google's OAuth 2.0
 * refresh-token grant (`POST https://oauth2.googleapis.com/token`, form-encoded `grant_type`,
 * `refresh_token`, `client_id`, `client_secret` → `{access_token, expires_in, token_type}`).
 * Refreshed tokens are kept in a cache the caller persists; they are never logged. A revoked or
 * expired refresh token (`invalid_grant`) is an auth error: an admin must reconnect.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConnectorError, withRetries } from '../shared/index.js';
import type { HttpClient, RetryOptions } from '../shared/index.js';

/** How the connector authenticates. */
export type GoogleAdsCredentials =
  | { readonly kind: 'access-token'; readonly accessToken: string }
  | {
      readonly kind: 'refresh-token';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly refreshToken: string;
      readonly tokenUrl: string;
    };

/** A cached access token; `refreshTokenId` ties it to the refresh token that minted it. */
export interface CachedAccessToken {
  readonly accessToken: string;
  readonly expiresAtMs: number;
  readonly refreshTokenId: string;
}

/** Where refreshed access tokens are kept between calls and processes (plugin state). */
export interface AccessTokenCache {
  load(): Promise<CachedAccessToken | undefined>;
  save(token: CachedAccessToken): Promise<void>;
}

export interface AccessTokenProvider {
  /** A token believed valid. */
  current(signal: AbortSignal | undefined): Promise<string>;
  /** A fresh token after the API refused `rejected`; `undefined` when tokens cannot be refreshed. */
  refreshAfterRejection(rejected: string, signal: AbortSignal | undefined): Promise<string | undefined>;
}

const tokenAnswerSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
});
const tokenErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

/** Refresh a token this long before Google says it expires. */
const EXPIRY_MARGIN_MS = 60_000;

/** A stable, non-reversible id of a refresh token, so a cached access token follows config changes. */
export function refreshTokenId(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('hex').slice(0, 16);
}

function tokenEndpointError(status: number, text: string): ConnectorError {
  let body: z.infer<typeof tokenErrorSchema> | undefined;
  try {
    const parsed = tokenErrorSchema.safeParse(JSON.parse(text));
    body = parsed.success ? parsed.data : undefined;
  } catch {
    body = undefined;
  }
  const reason = body?.error ?? `HTTP ${status}`;
  if (reason === 'invalid_grant')
    return new ConnectorError(
      'auth',
      'Google refused the refresh token (invalid_grant: revoked, expired or issued to another client): reconnect the Google Ads account in the plugin settings',
      { code: 'GOOGLE_ADS_REFRESH_TOKEN_REVOKED', status, platformCode: reason },
    );
  if (reason === 'invalid_client' || reason === 'unauthorized_client')
    return new ConnectorError(
      'auth',
      `Google refused the OAuth client (${reason}): check the client id and client secret in the plugin settings`,
      { code: 'GOOGLE_ADS_OAUTH_CLIENT_INVALID', status, platformCode: reason },
    );
  if (status === 429 || status >= 500)
    return new ConnectorError('transient', `Google's token endpoint failed (${reason})`, {
      code: 'GOOGLE_ADS_TOKEN_ENDPOINT_UNAVAILABLE',
      status,
    });
  return new ConnectorError('invalid_request', `Google's token endpoint rejected the request (${reason})`, {
    code: 'GOOGLE_ADS_TOKEN_REQUEST_INVALID',
    status,
    platformCode: reason,
  });
}

export interface AccessTokenProviderOptions {
  readonly credentials: GoogleAdsCredentials;
  readonly http: HttpClient;
  readonly cache: AccessTokenCache;
  readonly now: () => number;
  readonly retry?: Omit<RetryOptions, 'signal'>;
  /** Called once per HTTP request made (API call accounting). */
  readonly onRequest?: () => void;
}

export function createAccessTokenProvider(options: AccessTokenProviderOptions): AccessTokenProvider {
  const { credentials } = options;
  if (credentials.kind === 'access-token')
    return { current: async () => credentials.accessToken, refreshAfterRejection: async () => undefined };
  const id = refreshTokenId(credentials.refreshToken);
  let memory: CachedAccessToken | undefined;
  let inFlight: Promise<string> | undefined;

  const requestToken = async (signal: AbortSignal | undefined): Promise<string> => {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credentials.refreshToken,
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }).toString();
    const response = await withRetries(
      async () => {
        options.onRequest?.();
        const answer = await options.http.request({
          method: 'POST',
          url: credentials.tokenUrl,
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
          retry: { retries: 0 },
          ...(signal === undefined ? {} : { signal }),
        });
        if (answer.status < 200 || answer.status >= 300) throw tokenEndpointError(answer.status, answer.text);
        return answer;
      },
      { ...options.retry, ...(signal === undefined ? {} : { signal }) },
    );
    let parsed: z.infer<typeof tokenAnswerSchema>;
    try {
      parsed = tokenAnswerSchema.parse(JSON.parse(response.text));
    } catch (error) {
      throw new ConnectorError(
        'invalid_request',
        "Google's token endpoint answered without an access token",
        {
          code: 'GOOGLE_ADS_TOKEN_ANSWER_INVALID',
          status: response.status,
          cause: error,
        },
      );
    }
    memory = {
      accessToken: parsed.access_token,
      expiresAtMs: options.now() + parsed.expires_in * 1_000,
      refreshTokenId: id,
    };
    await options.cache.save(memory);
    return memory.accessToken;
  };

  const refresh = (signal: AbortSignal | undefined): Promise<string> => {
    inFlight ??= requestToken(signal).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const usable = (token: CachedAccessToken | undefined): token is CachedAccessToken =>
    token !== undefined &&
    token.refreshTokenId === id &&
    token.expiresAtMs - EXPIRY_MARGIN_MS > options.now();

  return {
    async current(signal) {
      if (usable(memory)) return memory.accessToken;
      const stored = await options.cache.load();
      if (usable(stored)) {
        memory = stored;
        return stored.accessToken;
      }
      return refresh(signal);
    },
    async refreshAfterRejection(rejected, signal) {
      if (inFlight !== undefined) return inFlight;
      if (memory !== undefined && memory.accessToken !== rejected && usable(memory))
        return memory.accessToken;
      return refresh(signal);
    },
  };
}
