/**
 * LinkedIn member access tokens (reference §5.1: valid 60 days; refresh tokens for approved
 * partners). Without a refresh token the configured token is used until LinkedIn refuses it;
 * with one, an expired or refused token is refreshed once and the new pair is kept in the
 * caller's store (the plugin's state), never in logs.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConnectorError } from '../shared/index.js';
import type { HttpClient } from '../shared/index.js';
import { linkedinOAuthError } from './errors.js';

export interface StoredLinkedInToken {
  readonly accessToken: string;
  readonly expiresAt: string | null;
  readonly refreshToken: string | null;
  readonly refreshTokenExpiresAt: string | null;
  /** Fingerprint of the configured credentials this token was refreshed from. */
  readonly origin: string;
}

export interface LinkedInTokenStore {
  load(): Promise<StoredLinkedInToken | undefined>;
  save(token: StoredLinkedInToken): Promise<void>;
}

export interface LinkedInTokenSourceOptions {
  readonly http: HttpClient;
  readonly authBaseUrl: string;
  readonly accessToken: string;
  /** When the configured token expires (ISO), if the admin entered it. */
  readonly accessTokenExpiresAt?: string;
  readonly refresh?: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly refreshToken: string;
  };
  readonly store: LinkedInTokenStore;
  readonly now: () => Date;
  readonly onRequest?: () => void;
}

export interface LinkedInTokenSource {
  accessToken(signal?: AbortSignal): Promise<string>;
  /** After a 401: refreshes when a refresh token is configured; `false` when there is none. */
  refreshAfterUnauthorized(signal?: AbortSignal): Promise<boolean>;
  /** What is known of the current token's expiry (for health checks). */
  expiry(): Promise<{
    readonly accessTokenExpiresAt: string | null;
    readonly refreshTokenExpiresAt: string | null;
    readonly canRefresh: boolean;
  }>;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().positive().optional(),
});

export function createLinkedInTokenSource(options: LinkedInTokenSourceOptions): LinkedInTokenSource {
  const origin = createHash('sha256')
    .update(`${options.accessToken}\u0000${options.refresh?.refreshToken ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  const configured: StoredLinkedInToken = {
    accessToken: options.accessToken,
    expiresAt: options.accessTokenExpiresAt ?? null,
    refreshToken: options.refresh?.refreshToken ?? null,
    refreshTokenExpiresAt: null,
    origin,
  };
  let current: StoredLinkedInToken | undefined;
  let refreshing: Promise<StoredLinkedInToken> | undefined;

  const load = async (): Promise<StoredLinkedInToken> => {
    if (current === undefined) {
      const stored = await options.store.load();
      current = stored?.origin === origin ? stored : configured;
    }
    return current;
  };

  const refresh = async (signal: AbortSignal | undefined): Promise<StoredLinkedInToken> => {
    const token = await load();
    const credentials = options.refresh;
    if (credentials === undefined || token.refreshToken === null)
      throw new ConnectorError(
        'auth',
        'LinkedIn access token expired and no refresh token is configured; reconnect LinkedIn',
        {
          code: 'LINKEDIN_TOKEN_EXPIRED',
        },
      );
    options.onRequest?.();
    const response = await options.http.request({
      method: 'POST',
      url: `${options.authBaseUrl.replace(/\/+$/, '')}/oauth/v2/accessToken`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: token.refreshToken,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }).toString(),
      retry: { retries: 0 },
      ...(signal === undefined ? {} : { signal }),
    });
    let body: unknown;
    try {
      body = JSON.parse(response.text) as unknown;
    } catch {
      body = undefined;
    }
    if (response.status !== 200) throw linkedinOAuthError(response.status, body);
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success)
      throw new ConnectorError('transient', 'LinkedIn returned an unreadable token response', {
        code: 'LINKEDIN_OAUTH_RESPONSE_INVALID',
      });
    const now = options.now().getTime();
    const next: StoredLinkedInToken = {
      accessToken: parsed.data.access_token,
      expiresAt: new Date(now + parsed.data.expires_in * 1_000).toISOString(),
      refreshToken: parsed.data.refresh_token ?? token.refreshToken,
      refreshTokenExpiresAt:
        parsed.data.refresh_token_expires_in === undefined
          ? token.refreshTokenExpiresAt
          : new Date(now + parsed.data.refresh_token_expires_in * 1_000).toISOString(),
      origin,
    };
    await options.store.save(next);
    current = next;
    return next;
  };

  const refreshOnce = (signal: AbortSignal | undefined) => {
    refreshing ??= refresh(signal).finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  return {
    async accessToken(signal) {
      const token = await load();
      const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= options.now().getTime();
      if (expired && options.refresh !== undefined) return (await refreshOnce(signal)).accessToken;
      return token.accessToken;
    },
    async refreshAfterUnauthorized(signal) {
      if (options.refresh === undefined) return false;
      await refreshOnce(signal);
      return true;
    },
    async expiry() {
      const token = await load();
      return {
        accessTokenExpiresAt: token.expiresAt,
        refreshTokenExpiresAt: token.refreshTokenExpiresAt,
        canRefresh: options.refresh !== undefined,
      };
    },
  };
}
