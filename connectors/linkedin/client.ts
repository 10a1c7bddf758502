/**
 * HTTP client of the LinkedIn Marketing API (reference §5): Bearer token plus `LinkedIn-Version`
 * and `X-Restli-Protocol-Version: 2.0.0` on every call, Rest.li-encoded finders written into the
 * URL, entity search paged by `pageToken` / `metadata.nextPageToken`, `adAnalytics` unpaged,
 * partial updates as `POST` with `X-RestLi-Method: PARTIAL_UPDATE`. A 401 refreshes once when a
 * refresh token is configured. Finders whose URL would be too long (long campaign lists) go by
 * Rest.li query tunnelling (§5.3): `POST` with `X-HTTP-Method-Override: GET` and the query string
 * as a form-encoded body; a 414 answer to a plain GET is retried that way.
 */
import { z } from 'zod';
import { ConnectorError, isConnectorError, withRetries } from '../shared/index.js';
import type { HttpClient, JsonLike, RetryOptions } from '../shared/index.js';
import {
  LINKEDIN_API_VERSION,
  LINKEDIN_DEFAULT_BASE_URL,
  LINKEDIN_RESTLI_PROTOCOL_VERSION,
} from './api-version.js';
import { linkedinHttpError } from './errors.js';
import type { LinkedInTokenSource } from './oauth.js';
import {
  encodeRestliValue,
  restliDateRange,
  restliList,
  restliQuery,
  sponsoredAccountUrn,
  sponsoredCampaignUrn,
} from './restli.js';

export interface LinkedInClientOptions {
  readonly http: HttpClient;
  readonly tokens: LinkedInTokenSource;
  /** Origin replacing `https://api.linkedin.com`. */
  readonly baseUrl?: string;
  /** Least wait after HTTP 429 (no headers are documented). */
  readonly rateLimitWaitMs?: number;
  readonly retry?: Omit<RetryOptions, 'signal' | 'onWait'>;
  readonly timeoutMs?: number;
  /**
   * Wraps every attempt (the caller's per tenant-and-platform concurrency limit and circuit
   * breaker from connectors/shared); it sees the classified errors, throttling in bodies included.
   */
  readonly around?: <T>(attempt: () => Promise<T>) => Promise<T>;
  /** Longest URL sent as a plain GET; longer finders are tunnelled (default {@link LINKEDIN_MAX_URL_LENGTH}). */
  readonly maxUrlLength?: number;
}

/**
 * The reference (§5.3) says very long URLs get HTTP 414 without naming a limit; 8,000 characters
 * is below the 8 KB request-line limit common to HTTP front ends (verify against LinkedIn).
 */
export const LINKEDIN_MAX_URL_LENGTH = 8_000;

/** Campaign statuses the campaign search asks for (everything that can carry spend). */
export const LINKEDIN_CAMPAIGN_STATUSES = [
  'ACTIVE',
  'PAUSED',
  'ARCHIVED',
  'COMPLETED',
  'CANCELED',
  'DRAFT',
] as const;

export interface LinkedInClient {
  adAccount(accountId: string, signal?: AbortSignal): Promise<unknown>;
  /** One page of `adCampaigns` search (cursor paging since 202401). */
  campaigns(
    accountId: string,
    page: { readonly pageSize: number; readonly pageToken?: string },
    signal?: AbortSignal,
  ): Promise<{ readonly elements: readonly unknown[]; readonly nextPageToken: string | undefined }>;
  campaign(accountId: string, campaignId: string, signal?: AbortSignal): Promise<unknown>;
  /** Partial update: `{ patch: { $set: fields } }`. */
  updateCampaign(
    accountId: string,
    campaignId: string,
    set: Readonly<Record<string, JsonLike>>,
    signal?: AbortSignal,
  ): Promise<void>;
  /**
   * `adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY` for one account and inclusive
   * days, optionally only for `campaignIds` (the `campaigns` facet), tunnelled when long.
   */
  dailyCampaignAnalytics(
    request: {
      readonly accountId: string;
      readonly from: string;
      readonly to: string;
      readonly fields: readonly string[];
      readonly campaignIds?: readonly string[];
    },
    signal?: AbortSignal,
  ): Promise<readonly unknown[]>;
  stats(): { readonly requests: number; readonly rateLimitWaitMs: number };
}

const listSchema = z.looseObject({
  elements: z.array(z.unknown()),
  metadata: z.looseObject({ nextPageToken: z.string().optional() }).optional(),
});

/** adAnalytics caps one answer at 20 metrics (§5.3). */
export const LINKEDIN_MAX_ANALYTICS_FIELDS = 20;

export function createLinkedInClient(options: LinkedInClientOptions): LinkedInClient {
  const base = `${(options.baseUrl ?? LINKEDIN_DEFAULT_BASE_URL).replace(/\/+$/, '')}/rest`;
  const rateLimitWaitMs = options.rateLimitWaitMs ?? 1_000;
  const around = options.around ?? (<T>(attempt: () => Promise<T>) => attempt());
  let requests = 0;
  let waited = 0;

  const attempt = async (
    method: 'GET' | 'POST',
    url: string,
    body: JsonLike | undefined,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal | undefined,
  ) => {
    const token = await options.tokens.accessToken(signal);
    requests += 1;
    const response = await options.http.request({
      method,
      url,
      headers: {
        Authorization: `Bearer ${token}`,
        'LinkedIn-Version': LINKEDIN_API_VERSION.version,
        'X-Restli-Protocol-Version': LINKEDIN_RESTLI_PROTOCOL_VERSION,
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
      retry: { retries: 0 },
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(signal === undefined ? {} : { signal }),
    });
    let parsed: unknown;
    try {
      parsed = response.text === '' ? undefined : (JSON.parse(response.text) as unknown);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, retryAfter: response.headers['retry-after'] };
  };

  const send = (
    method: 'GET' | 'POST',
    url: string,
    signal: AbortSignal | undefined,
    body?: JsonLike,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<unknown> =>
    withRetries(
      () =>
        around(async () => {
          let answer = await attempt(method, url, body, headers, signal);
          if (answer.status === 401 && (await options.tokens.refreshAfterUnauthorized(signal)))
            answer = await attempt(method, url, body, headers, signal);
          if (answer.status < 200 || answer.status >= 300)
            throw linkedinHttpError(answer.status, answer.body, rateLimitWaitMs, answer.retryAfter);
          return answer.body;
        }),
      {
        ...options.retry,
        ...(signal === undefined ? {} : { signal }),
        onWait: ({ delayMs }) => void (waited += delayMs),
      },
    );

  const maxUrlLength = options.maxUrlLength ?? LINKEDIN_MAX_URL_LENGTH;
  const tunnelled = (url: string, query: string, signal: AbortSignal | undefined) =>
    send('POST', url, signal, query, {
      'X-HTTP-Method-Override': 'GET',
      'content-type': 'application/x-www-form-urlencoded',
    });
  /** A GET finder, or its tunnelled form when the URL is (or LinkedIn says it is) too long. */
  const finder = async (url: string, query: string, signal: AbortSignal | undefined): Promise<unknown> => {
    if (url.length + 1 + query.length > maxUrlLength) return tunnelled(url, query, signal);
    try {
      return await send('GET', `${url}?${query}`, signal);
    } catch (error) {
      if (isConnectorError(error) && error.status === 414) return tunnelled(url, query, signal);
      throw error;
    }
  };

  const list = (body: unknown) => {
    const parsed = listSchema.safeParse(body);
    if (!parsed.success)
      throw new ConnectorError('invalid_request', 'LinkedIn answered a list without `elements`', {
        code: 'LINKEDIN_RESPONSE_INVALID',
      });
    return parsed.data;
  };

  return {
    adAccount: (accountId, signal) =>
      send('GET', `${base}/adAccounts/${encodeURIComponent(accountId)}`, signal),
    async campaigns(accountId, page, signal) {
      const query = restliQuery([
        ['q', 'search'],
        ['search', `(status:(values:${restliList(LINKEDIN_CAMPAIGN_STATUSES)}))`],
        ['pageSize', String(page.pageSize)],
        ...(page.pageToken === undefined ? [] : [['pageToken', encodeURIComponent(page.pageToken)] as const]),
      ]);
      const parsed = list(
        await send('GET', `${base}/adAccounts/${encodeURIComponent(accountId)}/adCampaigns?${query}`, signal),
      );
      const next = parsed.metadata?.nextPageToken;
      return { elements: parsed.elements, nextPageToken: next === '' ? undefined : next };
    },
    campaign: (accountId, campaignId, signal) =>
      send(
        'GET',
        `${base}/adAccounts/${encodeURIComponent(accountId)}/adCampaigns/${encodeURIComponent(campaignId)}`,
        signal,
      ),
    async updateCampaign(accountId, campaignId, set, signal) {
      await send(
        'POST',
        `${base}/adAccounts/${encodeURIComponent(accountId)}/adCampaigns/${encodeURIComponent(campaignId)}`,
        signal,
        { patch: { $set: { ...set } } },
        { 'X-RestLi-Method': 'PARTIAL_UPDATE' },
      );
    },
    async dailyCampaignAnalytics(request, signal) {
      if (request.fields.length > LINKEDIN_MAX_ANALYTICS_FIELDS)
        throw new ConnectorError('invalid_request', 'adAnalytics takes at most 20 fields', {
          code: 'LINKEDIN_TOO_MANY_FIELDS',
        });
      const query = restliQuery([
        ['q', 'analytics'],
        ['pivot', 'CAMPAIGN'],
        ['timeGranularity', 'DAILY'],
        ['dateRange', restliDateRange(request.from, request.to)],
        ['accounts', restliList([sponsoredAccountUrn(request.accountId)])],
        ...(request.campaignIds === undefined
          ? []
          : [['campaigns', restliList(request.campaignIds.map(sponsoredCampaignUrn))] as const]),
        ['fields', request.fields.map(encodeRestliValue).join(',')],
      ]);
      return list(await finder(`${base}/adAnalytics`, query, signal)).elements;
    },
    stats: () => ({ requests, rateLimitWaitMs: waited }),
  };
}
