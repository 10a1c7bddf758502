/**
 * Snapchat OAuth 2.0 access tokens from a refresh token (reference §4.1: access tokens live about
 * an hour; the refresh token is kept). Refreshed tokens go to a store the caller provides (the
 * plugin's state), never to logs. A refresh token Snap rotates replaces the configured one until
 * the configured one changes.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConnectorError } from '../shared/index.js';
import type { HttpClient } from '../shared/index.js';
import { snapchatOAuthError } from './errors.js';

export interface StoredSnapchatToken {
  readonly accessToken: string;
  /** ISO instant. */
  readonly expiresAt: string;
  /** The rotated refresh token, if Snap returned another one. */
  readonly refreshToken: string;
  /** Fingerprint of the configured refresh token this chain started from. */
  readonly origin: string;
}

export interface SnapchatTokenStore {
  load(): Promise<StoredSnapchatToken | undefined>;
  save(token: StoredSnapchatToken): Promise<void>;
}

export interface SnapchatTokenSourceOptions {
  readonly http: HttpClient;
  readonly authBaseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly store: SnapchatTokenStore;
  readonly now: () => Date;
  /** Called once per request sent (API call accounting). */
  readonly onRequest?: () => void;
}

export interface SnapchatTokenSource {
  /** A valid access token; `forceRefresh` after a 401. */
  accessToken(signal?: AbortSignal, forceRefresh?: boolean): Promise<string>;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
});

/** Refresh a minute early so a token never expires in flight. */
const EARLY_MS = 60_000;

export function createSnapchatTokenSource(options: SnapchatTokenSourceOptions): SnapchatTokenSource {
  const origin = createHash('sha256').update(options.refreshToken).digest('hex').slice(0, 16);
  let cached: StoredSnapchatToken | undefined;
  let refreshing: Promise<StoredSnapchatToken> | undefined;

  const refresh = async (signal: AbortSignal | undefined): Promise<StoredSnapchatToken> => {
    const refreshToken = cached?.origin === origin ? cached.refreshToken : options.refreshToken;
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    options.onRequest?.();
    const response = await options.http.request({
      method: 'POST',
      url: `${options.authBaseUrl.replace(/\/+$/, '')}/login/oauth2/access_token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      retry: { retries: 0 },
      ...(signal === undefined ? {} : { signal }),
    });
    let body: unknown;
    try {
      body = JSON.parse(response.text) as unknown;
    } catch {
      body = undefined;
    }
    if (response.status !== 200) throw snapchatOAuthError(response.status, body);
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success)
      throw new ConnectorError('transient', 'Snapchat returned an unreadable token response', {
        code: 'SNAPCHAT_OAUTH_RESPONSE_INVALID',
        status: response.status,
      });
    const token: StoredSnapchatToken = {
      accessToken: parsed.data.access_token,
      expiresAt: new Date(options.now().getTime() + parsed.data.expires_in * 1_000).toISOString(),
      refreshToken: parsed.data.refresh_token ?? refreshToken,
      origin,
    };
    await options.store.save(token);
    return token;
  };

  return {
    async accessToken(signal, forceRefresh = false) {
      if (cached === undefined) {
        const stored = await options.store.load();
        if (stored?.origin === origin) cached = stored;
      }
      const fresh = cached !== undefined && Date.parse(cached.expiresAt) - EARLY_MS > options.now().getTime();
      if (fresh && !forceRefresh && cached !== undefined) return cached.accessToken;
      refreshing ??= refresh(signal).finally(() => {
        refreshing = undefined;
      });
      cached = await refreshing;
      return cached.accessToken;
    },
  };
}
