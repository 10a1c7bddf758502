/**
 * The Marketing API client: one Graph request per attempt through the given HttpClient (its
 * own retries off), every answer classified (throttling hides in HTTP 400 bodies), retries with
 * full-jitter back-off never earlier than Meta's `estimated_time_to_regain_access`, cursor
 * paging and the asynchronous insights report jobs.
 */
import { createHmac } from 'node:crypto';
import { ConnectorError, abortableSleep, isConnectorError, withRetries } from '../shared/index.js';
import type { HttpClient, HttpResponse, RetryOptions } from '../shared/index.js';
import { META_API_VERSION } from './api-version.js';
import { classifyMetaResponse } from './errors.js';
import { parseMetaUsage } from './usage.js';
import type { MetaUsage } from './usage.js';

export const META_DEFAULT_BASE_URL = 'https://graph.facebook.com';

export type MetaParams = Readonly<Record<string, string | number | boolean>>;

export interface MetaClientOptions {
  readonly http: HttpClient;
  readonly accessToken: string;
  /** Scheme and host (and optional path prefix) replacing `https://graph.facebook.com`. */
  readonly baseUrl?: string;
  /** `vNN.0`; default {@link META_API_VERSION}. */
  readonly apiVersion?: string;
  /** Adds `appsecret_proof` (HMAC-SHA256 of the token) to every call, for apps that require it. */
  readonly appSecret?: string;
  readonly retry?: Omit<RetryOptions, 'signal' | 'onWait'>;
  /** Per attempt (default 60 s: insights queries are slow). */
  readonly timeoutMs?: number;
  /** Clock for the pacing between requests (default `Date.now`). */
  readonly now?: () => number;
}

/** One page of an edge: its rows, the cursor after them, and whether Meta announced a next page. */
export interface MetaPage {
  readonly data: readonly unknown[];
  readonly after: string | null;
  readonly hasNext: boolean;
}

/** What the client counted; read by plugins (`apiCalls`) and benchmarks. */
export interface MetaClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  rateLimitedAnswers: number;
  /** Milliseconds spent waiting because Meta throttled (advised waits and back-off). */
  rateLimitWaitMs: number;
  lastUsage: MetaUsage | null;
}

/** Status of an async insights report run (`GET /{report_run_id}`). */
export interface MetaReportRun {
  readonly id: string;
  readonly status: string;
  readonly percent: number;
  readonly errorCode: number | undefined;
  readonly errorMessage: string | undefined;
}

export interface MetaClient {
  readonly apiVersion: string;
  readonly stats: MetaClientStats;
  get(path: string, params: MetaParams, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** One page of an edge; `after` is the cursor of the previous page (`paging.cursors.after`). */
  page(path: string, params: MetaParams, after: string | null, signal?: AbortSignal): Promise<MetaPage>;
  post(path: string, params: MetaParams, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** Starts an async insights job (`POST /act_{id}/insights`) and returns its `report_run_id`. */
  submitReport(actId: string, params: MetaParams, signal?: AbortSignal): Promise<string>;
  reportRun(reportRunId: string, signal?: AbortSignal): Promise<MetaReportRun>;
  /** `GET /debug_token` with an app token (`appId|appSecret`): the token's validity and expiry. */
  debugToken(appId: string, appSecret: string, signal?: AbortSignal): Promise<Record<string, unknown>>;
}

function encodeForm(params: MetaParams): string {
  return new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();
}

function parseBody(response: HttpResponse): unknown {
  if (response.text.length === 0) return undefined;
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    return undefined;
  }
}

function asObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return body as Record<string, unknown>;
  throw new ConnectorError('transient', `Meta answered ${what} with something that is not a JSON object`, {
    code: 'META_RESPONSE_INVALID',
  });
}

/** Network failures of the host's client are worth a retry; anything else is passed on as is. */
function networkFailure(error: unknown): unknown {
  if (isConnectorError(error)) return error;
  const kind = (error as { kind?: unknown } | null)?.kind;
  if (kind === 'transient')
    return new ConnectorError('transient', 'Meta could not be reached', {
      code: 'META_UNREACHABLE',
      cause: error,
    });
  return error;
}

export function createMetaClient(options: MetaClientOptions): MetaClient {
  const base = (options.baseUrl ?? META_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const apiVersion = options.apiVersion ?? META_API_VERSION.version;
  const now = options.now ?? Date.now;
  const stats: MetaClientStats = { requests: 0, rateLimitedAnswers: 0, rateLimitWaitMs: 0, lastUsage: null };
  const proof = (token: string): MetaParams =>
    options.appSecret === undefined
      ? {}
      : { appsecret_proof: createHmac('sha256', options.appSecret).update(token).digest('hex') };
  let notBefore = 0;

  const attempt = async (
    method: 'GET' | 'POST',
    path: string,
    params: MetaParams,
    token: string,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> => {
    const pause = notBefore - now();
    if (pause > 0) {
      stats.rateLimitWaitMs += pause;
      await (options.retry?.sleep ?? abortableSleep)(pause, signal);
    }
    const url = `${base}/${apiVersion}/${path.replace(/^\/+/, '')}`;
    const all: MetaParams = { ...params, ...proof(token) };
    stats.requests += 1;
    let response: HttpResponse;
    try {
      response = await options.http.request({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(method === 'GET' ? { query: all } : { body: encodeForm(all) }),
        timeoutMs: options.timeoutMs ?? 60_000,
        retry: { retries: 0 },
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      throw networkFailure(error);
    }
    const usage = parseMetaUsage(response.headers);
    stats.lastUsage = usage;
    // Even a successful answer may say a use case is blocked: nothing more is sent before then.
    if (usage.regainAccessMs > 0) notBefore = Math.max(notBefore, now() + usage.regainAccessMs);
    const body = parseBody(response);
    const failure = classifyMetaResponse(response.status, body, response.headers);
    if (failure !== undefined) {
      if (failure.kind === 'rate_limit') stats.rateLimitedAnswers += 1;
      throw failure;
    }
    return asObject(body, `${method} ${path}`);
  };

  const call = (
    method: 'GET' | 'POST',
    path: string,
    params: MetaParams,
    signal?: AbortSignal,
    token = options.accessToken,
  ) =>
    withRetries(() => attempt(method, path, params, token, signal), {
      ...options.retry,
      ...(signal === undefined ? {} : { signal }),
      onWait: ({ delayMs, error }) => {
        if (isConnectorError(error) && error.kind === 'rate_limit') stats.rateLimitWaitMs += delayMs;
      },
    });

  return {
    apiVersion,
    stats,
    get: (path, params, signal) => call('GET', path, params, signal),
    post: (path, params, signal) => call('POST', path, params, signal),
    async page(path, params, after, signal) {
      const body = await call('GET', path, after === null ? params : { ...params, after }, signal);
      const data = body['data'];
      if (!Array.isArray(data))
        throw new ConnectorError('transient', `Meta answered ${path} without a data list`, {
          code: 'META_RESPONSE_INVALID',
        });
      const paging = (
        typeof body['paging'] === 'object' && body['paging'] !== null ? body['paging'] : {}
      ) as Record<string, unknown>;
      const cursors = (
        typeof paging['cursors'] === 'object' && paging['cursors'] !== null ? paging['cursors'] : {}
      ) as Record<string, unknown>;
      const cursor = typeof cursors['after'] === 'string' ? cursors['after'] : null;
      // `next` is absent on the last page (reference §1.3); a cursor alone does not mean more.
      const hasNext = typeof paging['next'] === 'string' && cursor !== null;
      return { data, after: cursor, hasNext };
    },
    async submitReport(actId, params, signal) {
      const body = await call('POST', `${actId}/insights`, params, signal);
      const id = body['report_run_id'];
      if (typeof id !== 'string' && typeof id !== 'number')
        throw new ConnectorError('transient', 'Meta accepted the report without a report_run_id', {
          code: 'META_RESPONSE_INVALID',
        });
      return String(id);
    },
    async reportRun(reportRunId, signal) {
      const body = await call('GET', reportRunId, {}, signal);
      const percent = body['async_percent_completion'];
      return {
        id: reportRunId,
        status: typeof body['async_status'] === 'string' ? body['async_status'] : 'Job Not Started',
        percent: typeof percent === 'number' ? percent : 0,
        errorCode: typeof body['error_code'] === 'number' ? body['error_code'] : undefined,
        errorMessage: typeof body['error_message'] === 'string' ? body['error_message'] : undefined,
      };
    },
    debugToken: (appId, appSecret, signal) =>
      call('GET', 'debug_token', { input_token: options.accessToken }, signal, `${appId}|${appSecret}`),
  };
}
