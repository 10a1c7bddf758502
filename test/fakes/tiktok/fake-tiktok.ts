/**
 * A local TikTok API for Business, written from the contract (ad-platform-apis.md §3), strict
 * like the real one: `Access-Token` header checks (40104 missing, 40105 wrong or `Bearer`-prefixed),
 * errors as body `code` under HTTP 200, 40002 for unknown or malformed parameters, JSON-encoded
 * arrays in query strings, `page`/`page_size` ≤ 1,000 with `page_info`, the 30-day span of daily
 * reports, rate limits as 40100 with no headers, campaign mutations that later reads return.
 * Every request is recorded (time, path, params, whether it came inside a rate-limit window).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAdvertiser {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly status?: string;
}

export interface FakeCampaign {
  readonly id: string;
  readonly advertiserId: string;
  name: string;
  objective: string;
  budget: number;
  budgetMode: 'BUDGET_MODE_DAY' | 'BUDGET_MODE_TOTAL' | 'BUDGET_MODE_INFINITE';
  operationStatus: string;
}

/** One campaign-day; metric values as TikTok sends them (strings), or anything to simulate garbage. */
export interface FakeReportRow {
  readonly campaignId: unknown;
  readonly date: string;
  metrics: Record<string, unknown>;
}

export interface FakeTikTokData {
  readonly advertisers: FakeAdvertiser[];
  readonly campaigns: FakeCampaign[];
  readonly rows: FakeReportRow[];
}

export interface RecordedRequest {
  /** `performance.now()`-like milliseconds (Date.now()). */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The answered TikTok code (0 = success). */
  code: number;
  /** Came while a rate-limit window was still open. */
  readonly early: boolean;
}

export interface TikTokFake {
  readonly baseUrl: string;
  readonly data: FakeTikTokData;
  readonly requests: RecordedRequest[];
  /** Tokens the fake accepts; remove one to simulate revocation. */
  readonly tokens: Set<string>;
  /** The next `requests` requests get 40100; each opens a window of `windowMs` before which a retry is early. */
  rateLimit(options: { readonly requests: number; readonly windowMs: number }): void;
  /** The next `count` requests get this body code (e.g. 50000). */
  failNext(count: number, code: number, message: string): void;
  close(): Promise<void>;
}

const API = '/open_api/v1.3';
const MS_PER_DAY = 86_400_000;
const KNOWN_METRICS = new Set([
  'campaign_name',
  'spend',
  'impressions',
  'clicks',
  'conversion',
  'complete_payment',
  'total_complete_payment_rate',
  'complete_payment_roas',
  'value_per_complete_payment',
  'purchase',
  'total_purchase_value',
]);
const REPORT_PARAMS = new Set([
  'advertiser_id',
  'service_type',
  'report_type',
  'data_level',
  'dimensions',
  'metrics',
  'start_date',
  'end_date',
  'page',
  'page_size',
  'query_lifetime',
  'filtering',
  'order_field',
  'order_type',
]);

class TikTokApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const paramError = (message: string) => new TikTokApiError(40002, message);

function jsonParam(params: Readonly<Record<string, string>>, name: string): unknown {
  const raw = params[name];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw paramError(`${name}: Invalid JSON`);
  }
}

function stringArrayParam(params: Readonly<Record<string, string>>, name: string): string[] | undefined {
  const value = jsonParam(params, name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw paramError(`${name}: Not a valid list of strings`);
  return value as string[];
}

function pageParams(params: Readonly<Record<string, string>>): { page: number; pageSize: number } {
  const page = Number(params['page'] ?? '1');
  const pageSize = Number(params['page_size'] ?? '10');
  if (!Number.isInteger(page) || page < 1) throw paramError('page: Must be greater than or equal to 1.');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw paramError('page_size: Must be between 1 and 1000.');
  return { page, pageSize };
}

function paged<T>(items: readonly T[], page: number, pageSize: number) {
  return {
    list: items.slice((page - 1) * pageSize, page * pageSize),
    page_info: {
      page,
      page_size: pageSize,
      total_number: items.length,
      total_page: Math.ceil(items.length / pageSize),
    },
  };
}

function checkKnown(params: Readonly<Record<string, string>>, allowed: ReadonlySet<string>): void {
  for (const name of Object.keys(params)) if (!allowed.has(name)) throw paramError(`${name}: Unknown field.`);
}

function day(value: string | undefined, name: string): number {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw paramError(`${name}: Invalid date format`);
  return Date.parse(`${value}T00:00:00Z`);
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startTikTokFake(
  data: FakeTikTokData,
  options: { readonly tokens: readonly string[] },
): Promise<TikTokFake> {
  const requests: RecordedRequest[] = [];
  const tokens = new Set(options.tokens);
  let limitedLeft = 0;
  let limitWindowMs = 0;
  let windowEndsAt = 0;
  const failures: { code: number; message: string }[] = [];

  const advertiser = (id: string | undefined) => {
    const found = data.advertisers.find((candidate) => candidate.id === id);
    if (found === undefined)
      throw new TikTokApiError(40001, `No permission to operate advertiser ${String(id)}.`);
    return found;
  };

  const routes: Record<
    string,
    (params: Readonly<Record<string, string>>, body: Record<string, unknown>) => unknown
  > = {
    'GET /advertiser/info/': (params) => {
      checkKnown(params, new Set(['advertiser_ids', 'fields']));
      const ids = stringArrayParam(params, 'advertiser_ids');
      if (ids === undefined) throw paramError('advertiser_ids: Missing data for required field.');
      stringArrayParam(params, 'fields');
      return {
        list: ids
          .map((id) => advertiser(id))
          .map((found) => ({
            advertiser_id: found.id,
            name: found.name,
            currency: found.currency,
            timezone: found.timezone,
            status: found.status ?? 'STATUS_ENABLE',
          })),
      };
    },
    'GET /campaign/get/': (params) => {
      checkKnown(params, new Set(['advertiser_id', 'fields', 'page', 'page_size', 'filtering']));
      const owner = advertiser(params['advertiser_id']);
      stringArrayParam(params, 'fields');
      const filtering = jsonParam(params, 'filtering') as { campaign_ids?: unknown } | undefined;
      const wanted = Array.isArray(filtering?.campaign_ids) ? new Set(filtering.campaign_ids) : undefined;
      const { page, pageSize } = pageParams(params);
      const campaigns = data.campaigns
        .filter(
          (campaign) =>
            campaign.advertiserId === owner.id && (wanted === undefined || wanted.has(campaign.id)),
        )
        .map((campaign) => ({
          campaign_id: campaign.id,
          campaign_name: campaign.name,
          objective_type: campaign.objective,
          budget: campaign.budget,
          budget_mode: campaign.budgetMode,
          operation_status: campaign.operationStatus,
          secondary_status:
            campaign.operationStatus === 'ENABLE' ? 'CAMPAIGN_STATUS_ENABLE' : 'CAMPAIGN_STATUS_DISABLE',
        }));
      return paged(campaigns, page, pageSize);
    },
    'GET /report/integrated/get/': (params) => {
      checkKnown(params, REPORT_PARAMS);
      const owner = advertiser(params['advertiser_id']);
      if ((params['report_type'] ?? 'BASIC') !== 'BASIC') throw paramError('report_type: not supported here');
      if (params['data_level'] !== 'AUCTION_CAMPAIGN') throw paramError('data_level: Invalid value.');
      const dimensions = stringArrayParam(params, 'dimensions');
      if (JSON.stringify(dimensions) !== JSON.stringify(['campaign_id', 'stat_time_day']))
        throw paramError('dimensions: Invalid dimension combination.');
      const metrics = stringArrayParam(params, 'metrics') ?? [];
      for (const metric of metrics)
        if (!KNOWN_METRICS.has(metric)) throw paramError(`metrics: Invalid metric ${metric}.`);
      const start = day(params['start_date'], 'start_date');
      const end = day(params['end_date'], 'end_date');
      if (end < start) throw paramError('end_date: must not be earlier than start_date.');
      if ((end - start) / MS_PER_DAY + 1 > 30)
        throw paramError('The time range of stat_time_day must not exceed 30 days.');
      const { page, pageSize } = pageParams(params);
      const owned = new Set(
        data.campaigns.filter((campaign) => campaign.advertiserId === owner.id).map((c) => c.id),
      );
      const [from, to] = [params['start_date'] ?? '', params['end_date'] ?? ''];
      const matching = data.rows.filter(
        (row) => owned.has(String(row.campaignId)) && row.date >= from && row.date <= to,
      );
      const { list, page_info } = paged(matching, page, pageSize);
      return {
        page_info,
        list: list.map((row) => ({
          dimensions: { campaign_id: row.campaignId, stat_time_day: `${row.date} 00:00:00` },
          metrics: Object.fromEntries(
            metrics.map((metric) => [
              metric,
              metric === 'campaign_name'
                ? (data.campaigns.find((campaign) => campaign.id === row.campaignId)?.name ?? '')
                : metric in row.metrics
                  ? row.metrics[metric]
                  : '0',
            ]),
          ),
        })),
      };
    },
    'POST /campaign/status/update/': (_params, body) => {
      for (const key of Object.keys(body))
        if (!['advertiser_id', 'campaign_ids', 'operation_status'].includes(key))
          throw paramError(`${key}: Unknown field.`);
      const owner = advertiser(body['advertiser_id'] as string);
      const status = body['operation_status'];
      if (status !== 'ENABLE' && status !== 'DISABLE' && status !== 'DELETE')
        throw paramError('operation_status: Invalid value.');
      const ids = body['campaign_ids'];
      if (!Array.isArray(ids) || ids.length === 0)
        throw paramError('campaign_ids: Missing data for required field.');
      for (const id of ids) {
        const campaign = data.campaigns.find(
          (candidate) => candidate.id === id && candidate.advertiserId === owner.id,
        );
        if (campaign === undefined) throw paramError(`campaign_ids: campaign ${String(id)} does not exist.`);
        campaign.operationStatus = status;
      }
      return { campaign_ids: ids };
    },
    'POST /campaign/update/': (_params, body) => {
      for (const key of Object.keys(body))
        if (!['advertiser_id', 'campaign_id', 'budget', 'campaign_name'].includes(key))
          throw paramError(`${key}: Unknown field.`);
      const owner = advertiser(body['advertiser_id'] as string);
      const campaign = data.campaigns.find(
        (candidate) => candidate.id === body['campaign_id'] && candidate.advertiserId === owner.id,
      );
      if (campaign === undefined) throw paramError('campaign_id: campaign does not exist.');
      if (body['budget'] !== undefined) {
        if (typeof body['budget'] !== 'number' || body['budget'] <= 0)
          throw paramError('budget: Invalid value.');
        if (campaign.budgetMode === 'BUDGET_MODE_INFINITE')
          throw paramError('budget: cannot be set with BUDGET_MODE_INFINITE.');
        campaign.budget = body['budget'];
      }
      if (typeof body['campaign_name'] === 'string') campaign.name = body['campaign_name'];
      return { campaign_id: campaign.id, budget: campaign.budget };
    },
  };

  const reply = (response: ServerResponse, code: number, message: string, payload: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code, message, request_id: `req-${requests.length}`, data: payload }));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const params = Object.fromEntries(url.searchParams.entries());
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? {} : (JSON.parse(text) as unknown);
    } catch {
      body = undefined;
    }
    const now = Date.now();
    const entry: RecordedRequest = {
      at: now,
      method: request.method ?? 'GET',
      path: url.pathname,
      params,
      body,
      code: 0,
      early: now < windowEndsAt,
    };
    requests.push(entry);
    const answer = (code: number, message: string, payload: unknown = {}) => {
      entry.code = code;
      reply(response, code, message, payload);
    };
    const token = request.headers['access-token'];
    if (token === undefined || token === '') return answer(40104, 'Access token is null, please check.');
    if (typeof token !== 'string' || !tokens.has(token))
      return answer(40105, 'Access token is incorrect or has been revoked.');
    if (limitedLeft > 0 || now < windowEndsAt) {
      if (limitedLeft > 0) limitedLeft -= 1;
      windowEndsAt = Math.max(windowEndsAt, now + limitWindowMs);
      return answer(40100, 'Too many requests. Please retry in some time.');
    }
    const failure = failures.shift();
    if (failure !== undefined) return answer(failure.code, failure.message);
    const route = routes[`${entry.method} ${url.pathname.replace(API, '')}`];
    if (!url.pathname.startsWith(API) || route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('404 page not found');
      entry.code = -404;
      return undefined;
    }
    if (entry.method === 'POST' && (typeof body !== 'object' || body === null || Array.isArray(body)))
      return answer(40002, 'Request body is not valid JSON.');
    try {
      return answer(0, 'OK', route(params, body as Record<string, unknown>));
    } catch (error) {
      if (error instanceof TikTokApiError) return answer(error.code, error.message);
      return answer(50000, 'System error.');
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.statusCode = 500;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    data,
    requests,
    tokens,
    rateLimit({ requests: count, windowMs }) {
      limitedLeft = count;
      limitWindowMs = windowMs;
    },
    failNext(count, code, message) {
      for (let index = 0; index < count; index += 1) failures.push({ code, message });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
