/**
 * HTTP client of the TikTok API for Business (reference §3): `Access-Token` header (no `Bearer`),
 * JSON-encoded arrays inside query strings, errors as a non-zero body `code` under HTTP 200,
 * `page`/`page_size` paging with `data.page_info`. Retries rate limits and transient failures
 * itself (the host's client is called with `retries: 0`).
 */
import { z } from 'zod';
import { ConnectorError, withRetries } from '../shared/index.js';
import type { HttpClient, JsonLike, RetryOptions } from '../shared/index.js';
import { TIKTOK_API_VERSION, TIKTOK_DEFAULT_BASE_URL } from './api-version.js';
import { tiktokBodyError, tiktokHttpError } from './errors.js';

export interface TikTokClientOptions {
  readonly http: HttpClient;
  readonly accessToken: string;
  /** Origin replacing `https://business-api.tiktok.com` (tests, proxies). */
  readonly baseUrl?: string;
  /** Least wait after a 40100 answer (default 1 s: one QPS window). */
  readonly rateLimitWaitMs?: number;
  readonly retry?: Omit<RetryOptions, 'signal' | 'onWait'>;
  readonly timeoutMs?: number;
  /**
   * Wraps every attempt (the caller's per tenant-and-platform concurrency limit and circuit
   * breaker from connectors/shared); it sees the classified errors, throttling in bodies included.
   */
  readonly around?: <T>(attempt: () => Promise<T>) => Promise<T>;
}

const envelopeSchema = z.object({
  code: z.number().int(),
  message: z.string().default(''),
  request_id: z.string().optional(),
  data: z.unknown().optional(),
});

const pageInfoSchema = z.object({
  page: z.number().int().positive(),
  page_size: z.number().int().positive(),
  total_number: z.number().int().nonnegative(),
  total_page: z.number().int().nonnegative(),
});

const listSchema = z.object({ list: z.array(z.unknown()).default([]), page_info: pageInfoSchema.optional() });

/** One page of a TikTok list. */
export interface TikTokPage {
  readonly list: readonly unknown[];
  readonly pageInfo: z.infer<typeof pageInfoSchema> | undefined;
}

/** Parameters of one `report/integrated/get` page (campaign level, daily). */
export interface TikTokReportRequest {
  readonly advertiserId: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly metrics: readonly string[];
  readonly page: number;
  readonly pageSize: number;
}

export interface TikTokClient {
  /** `GET /advertiser/info/`: name, currency, time zone and status of up to 100 advertisers. */
  advertiserInfo(advertiserIds: readonly string[], signal?: AbortSignal): Promise<readonly unknown[]>;
  /** `GET /campaign/get/`, one page; `campaignIds` filters. */
  campaigns(
    advertiserId: string,
    page: number,
    pageSize: number,
    signal?: AbortSignal,
    campaignIds?: readonly string[],
  ): Promise<TikTokPage>;
  /** `GET /report/integrated/get/`, campaign × day, one page. */
  report(request: TikTokReportRequest, signal?: AbortSignal): Promise<TikTokPage>;
  /** `POST /campaign/status/update/` with `operation_status` `ENABLE` or `DISABLE`. */
  updateStatus(
    advertiserId: string,
    campaignId: string,
    status: 'ENABLE' | 'DISABLE',
    signal?: AbortSignal,
  ): Promise<unknown>;
  /** `POST /campaign/update/` with `budget` in major units (the campaign's budget mode stays). */
  updateBudget(
    advertiserId: string,
    campaignId: string,
    budget: number,
    signal?: AbortSignal,
  ): Promise<unknown>;
  /** Requests sent so far (retries included) and time spent waiting on rate limits. */
  stats(): { readonly requests: number; readonly rateLimitWaitMs: number };
}

export const TIKTOK_CAMPAIGN_FIELDS = [
  'campaign_id',
  'campaign_name',
  'objective_type',
  'budget',
  'budget_mode',
  'operation_status',
  'secondary_status',
] as const;

export const TIKTOK_ADVERTISER_FIELDS = ['advertiser_id', 'name', 'currency', 'timezone', 'status'] as const;

export function createTikTokClient(options: TikTokClientOptions): TikTokClient {
  const base = `${(options.baseUrl ?? TIKTOK_DEFAULT_BASE_URL).replace(/\/+$/, '')}/open_api/${TIKTOK_API_VERSION.version}`;
  const rateLimitWaitMs = options.rateLimitWaitMs ?? 1_000;
  const around = options.around ?? (<T>(attempt: () => Promise<T>) => attempt());
  let requests = 0;
  let waited = 0;

  const send = async (
    method: 'GET' | 'POST',
    path: string,
    params: Readonly<Record<string, string | number>> | JsonLike,
    signal: AbortSignal | undefined,
  ): Promise<unknown> =>
    withRetries(
      () =>
        around(async () => {
          requests += 1;
          const response = await options.http.request({
            method,
            url: `${base}${path}`,
            headers: { 'Access-Token': options.accessToken },
            ...(method === 'GET'
              ? { query: params as Readonly<Record<string, string | number>> }
              : { body: params as JsonLike }),
            retry: { retries: 0 },
            ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
            ...(signal === undefined ? {} : { signal }),
          });
          let body: unknown;
          try {
            body = JSON.parse(response.text) as unknown;
          } catch (error) {
            if (response.status !== 200) throw tiktokHttpError(response.status, rateLimitWaitMs);
            throw new ConnectorError('transient', 'TikTok answered with a body that is not JSON', {
              code: 'TIKTOK_RESPONSE_INVALID',
              status: response.status,
              cause: error,
            });
          }
          const envelope = envelopeSchema.safeParse(body);
          if (!envelope.success) {
            if (response.status !== 200) throw tiktokHttpError(response.status, rateLimitWaitMs);
            throw new ConnectorError('invalid_request', 'TikTok answered without a result code', {
              code: 'TIKTOK_RESPONSE_INVALID',
              status: response.status,
            });
          }
          if (envelope.data.code !== 0)
            throw tiktokBodyError(envelope.data.code, envelope.data.message, rateLimitWaitMs);
          if (response.status !== 200) throw tiktokHttpError(response.status, rateLimitWaitMs);
          return envelope.data.data;
        }),
      {
        ...options.retry,
        ...(signal === undefined ? {} : { signal }),
        onWait: ({ delayMs }) => void (waited += delayMs),
      },
    );

  const page = (data: unknown): TikTokPage => {
    const parsed = listSchema.safeParse(data);
    if (!parsed.success)
      throw new ConnectorError('invalid_request', 'TikTok answered a list without `list`', {
        code: 'TIKTOK_RESPONSE_INVALID',
      });
    return { list: parsed.data.list, pageInfo: parsed.data.page_info };
  };

  return {
    async advertiserInfo(advertiserIds, signal) {
      const data = await send(
        'GET',
        '/advertiser/info/',
        { advertiser_ids: JSON.stringify(advertiserIds), fields: JSON.stringify(TIKTOK_ADVERTISER_FIELDS) },
        signal,
      );
      return page(data).list;
    },
    async campaigns(advertiserId, pageNumber, pageSize, signal, campaignIds) {
      const query: Record<string, string | number> = {
        advertiser_id: advertiserId,
        fields: JSON.stringify(TIKTOK_CAMPAIGN_FIELDS),
        page: pageNumber,
        page_size: pageSize,
      };
      if (campaignIds !== undefined) query['filtering'] = JSON.stringify({ campaign_ids: campaignIds });
      return page(await send('GET', '/campaign/get/', query, signal));
    },
    async report(request, signal) {
      const data = await send(
        'GET',
        '/report/integrated/get/',
        {
          advertiser_id: request.advertiserId,
          service_type: 'AUCTION',
          report_type: 'BASIC',
          data_level: 'AUCTION_CAMPAIGN',
          dimensions: JSON.stringify(['campaign_id', 'stat_time_day']),
          metrics: JSON.stringify(request.metrics),
          start_date: request.startDate,
          end_date: request.endDate,
          page: request.page,
          page_size: request.pageSize,
        },
        signal,
      );
      return page(data);
    },
    updateStatus: (advertiserId, campaignId, status, signal) =>
      send(
        'POST',
        '/campaign/status/update/',
        { advertiser_id: advertiserId, campaign_ids: [campaignId], operation_status: status },
        signal,
      ),
    updateBudget: (advertiserId, campaignId, budget, signal) =>
      send(
        'POST',
        '/campaign/update/',
        { advertiser_id: advertiserId, campaign_id: campaignId, budget },
        signal,
      ),
    stats: () => ({ requests, rateLimitWaitMs: waited }),
  };
}
