/**
 * HTTP client of the Snapchat Marketing API (reference §4): Bearer tokens from the refresh-token
 * source (a 401 refreshes once and retries once), list envelopes with wrapped elements and
 * `paging.next_link` followed verbatim, DAY stats of a whole ad account broken down by campaign
 * (one call per time window instead of one per campaign), HTTP 429 with no headers.
 */
import { z } from 'zod';
import { ConnectorError, withRetries } from '../shared/index.js';
import type { HttpClient, JsonLike, RetryOptions } from '../shared/index.js';
import { SNAPCHAT_API_VERSION, SNAPCHAT_DEFAULT_BASE_URL } from './api-version.js';
import { snapchatHttpError } from './errors.js';
import type { SnapchatTokenSource } from './oauth.js';

export interface SnapchatClientOptions {
  readonly http: HttpClient;
  readonly tokens: SnapchatTokenSource;
  /** Origin replacing `https://adsapi.snapchat.com`. */
  readonly baseUrl?: string;
  /** Least wait after a 429 (default 1 s; Snap documents per-second averages and no headers). */
  readonly rateLimitWaitMs?: number;
  readonly retry?: Omit<RetryOptions, 'signal' | 'onWait'>;
  readonly timeoutMs?: number;
  /**
   * Wraps every attempt (the caller's per tenant-and-platform concurrency limit and circuit
   * breaker from connectors/shared); it sees the classified errors, throttling in bodies included.
   */
  readonly around?: <T>(attempt: () => Promise<T>) => Promise<T>;
}

/**
 * Parameters of a DAY stats request for a whole ad account, broken down by campaign
 * (`GET /adaccounts/{id}/stats?breakdown=campaign`, reference §4.2); the window must start and
 * end on the account's local midnights.
 */
export interface SnapchatAccountStatsRequest {
  readonly adAccountId: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly fields: readonly string[];
  readonly swipeUpAttributionWindow: string;
  readonly viewAttributionWindow: string;
  readonly actionReportTime: 'conversion' | 'impression';
}

/** One campaign's DAY entries within an account stats answer. */
export interface SnapchatCampaignTimeseries {
  readonly campaignId: string;
  readonly timeseries: readonly unknown[];
}

export interface SnapchatClient {
  /** `GET /me/organizations?with_ad_accounts=true`: every ad account the login reaches, in one call. */
  adAccountsOfMe(signal?: AbortSignal): Promise<readonly unknown[]>;
  adAccount(adAccountId: string, signal?: AbortSignal): Promise<unknown>;
  /** One page of campaigns: the first (with `limit`) or the page at `nextLink`. */
  campaigns(
    adAccountId: string,
    page: { readonly nextLink?: string; readonly limit: number },
    signal?: AbortSignal,
  ): Promise<{ readonly campaigns: readonly unknown[]; readonly nextLink: string | undefined }>;
  campaign(campaignId: string, signal?: AbortSignal): Promise<unknown>;
  /** `PUT /adaccounts/{id}/campaigns` with the whole campaign object (Snap updates are full replacements). */
  updateCampaign(
    adAccountId: string,
    campaign: Readonly<Record<string, JsonLike>>,
    signal?: AbortSignal,
  ): Promise<unknown>;
  /** DAY `timeseries` of every campaign of an ad account in one window (`breakdown=campaign`). */
  accountDailyStatsByCampaign(
    request: SnapchatAccountStatsRequest,
    signal?: AbortSignal,
  ): Promise<readonly SnapchatCampaignTimeseries[]>;
  /** Requests sent (token refreshes and retries included) and time spent waiting on rate limits. */
  stats(): { readonly requests: number; readonly rateLimitWaitMs: number };
}

const envelopeSchema = z.looseObject({
  request_status: z.string(),
  paging: z.object({ next_link: z.string().optional() }).optional(),
});

function unwrap(body: unknown, plural: string, singular: string): unknown[] {
  const list = (body as Record<string, unknown>)[plural];
  if (!Array.isArray(list))
    throw new ConnectorError('invalid_request', `Snapchat answered without \`${plural}\``, {
      code: 'SNAPCHAT_RESPONSE_INVALID',
    });
  return list.map((element) => {
    const wrapper = (typeof element === 'object' && element !== null ? element : {}) as Record<
      string,
      unknown
    >;
    const status = wrapper['sub_request_status'];
    if (typeof status === 'string' && status.toUpperCase() !== 'SUCCESS')
      throw new ConnectorError('invalid_request', `Snapchat refused part of the request (${status})`, {
        code: 'SNAPCHAT_SUB_REQUEST_FAILED',
      });
    return wrapper[singular];
  });
}

const breakdownSchema = z.looseObject({
  breakdown_stats: z.looseObject({
    campaign: z.array(z.looseObject({ id: z.string().min(1), timeseries: z.array(z.unknown()) })),
  }),
});

/**
 * The per-campaign series of an account answer: `timeseries_stat.breakdown_stats.campaign[]`, each
 * `{id, type: "CAMPAIGN", timeseries}` (Snap's measurement docs, "Breakdown"; the reference only
 * names the parameter). An answer without that shape cannot be read row by row: it is refused.
 */
function campaignBreakdown(stat: unknown): SnapchatCampaignTimeseries[] {
  const parsed = breakdownSchema.safeParse(stat);
  if (!parsed.success)
    throw new ConnectorError('invalid_request', 'Snapchat account stats without `breakdown_stats.campaign`', {
      code: 'SNAPCHAT_RESPONSE_INVALID',
    });
  return parsed.data.breakdown_stats.campaign.map((entry) => ({
    campaignId: entry.id,
    timeseries: entry.timeseries,
  }));
}

export function createSnapchatClient(options: SnapchatClientOptions): SnapchatClient {
  const origin = (options.baseUrl ?? SNAPCHAT_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const base = `${origin}/${SNAPCHAT_API_VERSION.version}`;
  const rateLimitWaitMs = options.rateLimitWaitMs ?? 1_000;
  const around = options.around ?? (<T>(attempt: () => Promise<T>) => attempt());
  let requests = 0;
  let waited = 0;

  const attempt = async (
    method: 'GET' | 'PUT',
    url: string,
    body: JsonLike | undefined,
    signal: AbortSignal | undefined,
    forceRefresh: boolean,
  ): Promise<{ status: number; body: unknown; retryAfter: string | undefined }> => {
    const token = await options.tokens.accessToken(signal, forceRefresh);
    requests += 1;
    const response = await options.http.request({
      method,
      url,
      headers: { Authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body }),
      retry: { retries: 0 },
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(signal === undefined ? {} : { signal }),
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.text) as unknown;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, retryAfter: response.headers['retry-after'] };
  };

  const send = (
    method: 'GET' | 'PUT',
    url: string,
    signal: AbortSignal | undefined,
    body?: JsonLike,
  ): Promise<unknown> =>
    withRetries(
      () =>
        around(async () => {
          let answer = await attempt(method, url, body, signal, false);
          // An access token can expire early or be revoked: refresh once, retry once (§4.5).
          if (answer.status === 401) answer = await attempt(method, url, body, signal, true);
          if (answer.status < 200 || answer.status >= 300)
            throw snapchatHttpError(answer.status, answer.body, rateLimitWaitMs, answer.retryAfter);
          const envelope = envelopeSchema.safeParse(answer.body);
          if (!envelope.success || envelope.data.request_status.toUpperCase() !== 'SUCCESS')
            throw new ConnectorError('transient', 'Snapchat answered without a successful envelope', {
              code: 'SNAPCHAT_RESPONSE_INVALID',
              status: answer.status,
            });
          return answer.body;
        }),
      {
        ...options.retry,
        ...(signal === undefined ? {} : { signal }),
        onWait: ({ delayMs }) => void (waited += delayMs),
      },
    );

  return {
    async adAccountsOfMe(signal) {
      const organizations = unwrap(
        await send('GET', `${base}/me/organizations?with_ad_accounts=true`, signal),
        'organizations',
        'organization',
      );
      return organizations.flatMap((organization) => {
        const accounts = (organization as Record<string, unknown> | undefined)?.['ad_accounts'];
        return Array.isArray(accounts) ? (accounts as unknown[]) : [];
      });
    },
    async adAccount(adAccountId, signal) {
      const [account] = unwrap(
        await send('GET', `${base}/adaccounts/${encodeURIComponent(adAccountId)}`, signal),
        'adaccounts',
        'adaccount',
      );
      return account;
    },
    async campaigns(adAccountId, page, signal) {
      let url = `${base}/adaccounts/${encodeURIComponent(adAccountId)}/campaigns?limit=${page.limit}`;
      if (page.nextLink !== undefined) {
        // next_link is followed verbatim, but only on the API's own origin.
        if (new URL(page.nextLink).origin !== new URL(origin).origin)
          throw new ConnectorError('invalid_request', 'Snapchat paging link points to another host', {
            code: 'SNAPCHAT_PAGING_LINK_FOREIGN',
          });
        url = page.nextLink;
      }
      const body = await send('GET', url, signal);
      const nextLink = envelopeSchema.parse(body).paging?.next_link;
      return {
        campaigns: unwrap(body, 'campaigns', 'campaign'),
        nextLink: nextLink === '' ? undefined : nextLink,
      };
    },
    async campaign(campaignId, signal) {
      const [campaign] = unwrap(
        await send('GET', `${base}/campaigns/${encodeURIComponent(campaignId)}`, signal),
        'campaigns',
        'campaign',
      );
      return campaign;
    },
    async updateCampaign(adAccountId, campaign, signal) {
      const body = await send(
        'PUT',
        `${base}/adaccounts/${encodeURIComponent(adAccountId)}/campaigns`,
        signal,
        {
          campaigns: [campaign],
        },
      );
      return unwrap(body, 'campaigns', 'campaign')[0];
    },
    async accountDailyStatsByCampaign(request, signal) {
      const query = new URLSearchParams({
        granularity: 'DAY',
        breakdown: 'campaign',
        start_time: request.startTime,
        end_time: request.endTime,
        fields: request.fields.join(','),
        swipe_up_attribution_window: request.swipeUpAttributionWindow,
        view_attribution_window: request.viewAttributionWindow,
        action_report_time: request.actionReportTime,
        omit_empty: 'false',
      });
      const body = await send(
        'GET',
        `${base}/adaccounts/${encodeURIComponent(request.adAccountId)}/stats?${query.toString()}`,
        signal,
      );
      const [stat] = unwrap(body, 'timeseries_stats', 'timeseries_stat');
      return campaignBreakdown(stat);
    },
    stats: () => ({ requests, rateLimitWaitMs: waited }),
  };
}
