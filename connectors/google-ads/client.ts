/**
 * The Google Ads REST client: auth headers (`Authorization: Bearer`, optional `developer-token`,
 * `login-customer-id` for accounts reached through a manager), GAQL `googleAds:search` pages,
 * `customers:listAccessibleCustomers` and `…:mutate`. Every HTTP request goes out with
 * `retry: { retries: 0 }`; this client retries itself (rate limits honour Google's `retryDelay`),
 * refreshes a refused access token once, and never retries any other auth failure.
 */
import { z } from 'zod';
import { ConnectorError, isConnectorError, withRetries } from '../shared/index.js';
import type {
  ApiVersionInfo,
  CircuitBreaker,
  HttpClient,
  HttpResponse,
  JsonLike,
  KeyedLimiter,
  RetryOptions,
} from '../shared/index.js';
import { GOOGLE_ADS_API_VERSION, GOOGLE_ADS_DEFAULT_BASE_URL } from './api-version.js';
import { googleAdsErrorFromResponse } from './errors.js';
import { createAccessTokenProvider } from './oauth.js';
import type { AccessTokenCache, GoogleAdsCredentials } from './oauth.js';

/** A customer id as the API wants it in paths and headers: ten digits, no dashes. */
export const customerIdSchema = z
  .string()
  .regex(/^\d{10}$/, 'Expected a 10-digit customer id without dashes');

export interface GoogleAdsClientOptions {
  readonly http: HttpClient;
  readonly credentials: GoogleAdsCredentials;
  readonly tokenCache: AccessTokenCache;
  /** Vendor host override (tests, proxies, on-premise gateways); no trailing slash needed. */
  readonly baseUrl?: string;
  readonly apiVersion?: ApiVersionInfo;
  /** Sent when configured; Google ignores it since the 2026-09-09 developer-token sunset. */
  readonly developerToken?: string;
  /** The manager account through which the customers are reached. */
  readonly loginCustomerId?: string;
  readonly now?: () => number;
  readonly retry?: Omit<RetryOptions, 'signal' | 'onWait'>;
  readonly limiter?: KeyedLimiter;
  readonly breaker?: CircuitBreaker;
  /** Key of the limiter and breaker: tenant and platform. */
  readonly limitKey?: string;
  readonly timeoutMs?: number;
}

/** Counters a sync reports (API calls) and a benchmark prints (time waiting on rate limits). */
export interface GoogleAdsClientStats {
  requests: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

export interface SearchPage {
  readonly results: readonly unknown[];
  readonly nextPageToken: string | undefined;
}

export type MutateService = 'campaigns' | 'campaignBudgets';

export interface GoogleAdsClient {
  readonly apiVersion: ApiVersionInfo;
  readonly stats: GoogleAdsClientStats;
  /** One page of a GAQL query (`pageToken` from the previous page's `nextPageToken`). */
  search(
    customerId: string,
    query: string,
    pageToken: string | undefined,
    signal?: AbortSignal,
  ): Promise<SearchPage>;
  /** Customer ids the credentials reach directly. */
  listAccessibleCustomers(signal?: AbortSignal): Promise<string[]>;
  /** `POST customers/{id}/{service}:mutate` with the given operations; returns the answer as-is. */
  mutate(
    customerId: string,
    service: MutateService,
    operations: readonly JsonLike[],
    signal?: AbortSignal,
  ): Promise<JsonLike>;
}

const searchAnswerSchema = z.looseObject({
  results: z.array(z.unknown()).optional(),
  nextPageToken: z.string().optional(),
});
const accessibleAnswerSchema = z.looseObject({ resourceNames: z.array(z.string()).optional() });

function malformed(what: string, cause?: unknown): ConnectorError {
  return new ConnectorError('invalid_request', `Google Ads answered ${what} with an unexpected body`, {
    code: 'GOOGLE_ADS_RESPONSE_MALFORMED',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Network failures the host's egress reports as transient become retryable connector errors. */
function asConnectorError(error: unknown): unknown {
  if (isConnectorError(error)) return error;
  const kind = typeof error === 'object' && error !== null ? (error as { kind?: unknown }).kind : undefined;
  if (kind === 'transient')
    return new ConnectorError('transient', 'Google Ads could not be reached', {
      code: 'GOOGLE_ADS_UNREACHABLE',
      cause: error,
    });
  return error;
}

export function createGoogleAdsClient(options: GoogleAdsClientOptions): GoogleAdsClient {
  const apiVersion = options.apiVersion ?? GOOGLE_ADS_API_VERSION;
  const root = `${(options.baseUrl ?? GOOGLE_ADS_DEFAULT_BASE_URL).replace(/\/+$/, '')}/${apiVersion.version}`;
  const stats: GoogleAdsClientStats = { requests: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  const now = options.now ?? Date.now;
  const tokens = createAccessTokenProvider({
    credentials: options.credentials,
    http: options.http,
    cache: options.tokenCache,
    now,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    onRequest: () => void (stats.requests += 1),
  });
  const key = options.limitKey ?? 'google-ads';

  const headersFor = (token: string, withLogin: boolean): Record<string, string> => ({
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    ...(options.developerToken === undefined ? {} : { 'developer-token': options.developerToken }),
    ...(withLogin && options.loginCustomerId !== undefined
      ? { 'login-customer-id': options.loginCustomerId }
      : {}),
  });

  const send = async (
    method: 'GET' | 'POST',
    path: string,
    body: JsonLike | undefined,
    token: string,
    withLogin: boolean,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse> => {
    stats.requests += 1;
    try {
      return await options.http.request({
        method,
        url: `${root}/${path}`,
        headers: headersFor(token, withLogin),
        ...(body === undefined ? {} : { body }),
        retry: { retries: 0 },
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw asConnectorError(error);
    }
  };

  /** One attempt: send, and after an auth refusal refresh the token once and send again. */
  const attempt = async (
    method: 'GET' | 'POST',
    path: string,
    body: JsonLike | undefined,
    withLogin: boolean,
    signal: AbortSignal | undefined,
  ): Promise<unknown> => {
    const token = await tokens.current(signal);
    let response = await send(method, path, body, token, withLogin, signal);
    if (response.status === 401) {
      const fresh = await tokens.refreshAfterRejection(token, signal);
      if (fresh !== undefined) response = await send(method, path, body, fresh, withLogin, signal);
    }
    if (response.status < 200 || response.status >= 300)
      throw googleAdsErrorFromResponse(response.status, response.text, response.headers);
    try {
      return JSON.parse(response.text) as unknown;
    } catch (error) {
      throw malformed(path, error);
    }
  };

  const call = (
    method: 'GET' | 'POST',
    path: string,
    body: JsonLike | undefined,
    withLogin: boolean,
    signal: AbortSignal | undefined,
  ): Promise<unknown> => {
    const retried = () =>
      withRetries(() => attempt(method, path, body, withLogin, signal), {
        ...options.retry,
        ...(signal === undefined ? {} : { signal }),
        onWait: ({ delayMs, error }) => {
          if (isConnectorError(error) && error.kind === 'rate_limit') {
            stats.rateLimitWaits += 1;
            stats.rateLimitWaitMs += delayMs;
          }
        },
      });
    const limited = () => (options.limiter === undefined ? retried() : options.limiter.run(key, retried));
    return options.breaker === undefined ? limited() : options.breaker.run(key, limited);
  };

  return {
    apiVersion,
    stats,
    async search(customerId, query, pageToken, signal) {
      const body: Record<string, JsonLike> = { query };
      if (pageToken !== undefined) body['pageToken'] = pageToken;
      const answer = searchAnswerSchema.safeParse(
        await call('POST', `customers/${customerId}/googleAds:search`, body, true, signal),
      );
      if (!answer.success) throw malformed('a search', answer.error);
      return { results: answer.data.results ?? [], nextPageToken: answer.data.nextPageToken || undefined };
    },
    async listAccessibleCustomers(signal) {
      const answer = accessibleAnswerSchema.safeParse(
        await call('GET', 'customers:listAccessibleCustomers', undefined, false, signal),
      );
      if (!answer.success) throw malformed('listAccessibleCustomers', answer.error);
      return (answer.data.resourceNames ?? []).map((name) => name.replace(/^customers\//, ''));
    },
    async mutate(customerId, service, operations, signal) {
      return (await call(
        'POST',
        `customers/${customerId}/${service}:mutate`,
        { operations: [...operations] },
        true,
        signal,
      )) as JsonLike;
    },
  };
}
