/**
 * A local, strict fake of the Google Ads REST API (reference §2) and Google's OAuth token
 * endpoint, on 127.0.0.1 and port 0. It checks `Authorization: Bearer`, `login-customer-id`
 * (customers reached through a manager need it), answers GAQL `googleAds:search` in pages with
 * `nextPageToken`, applies `campaigns:mutate` / `campaignBudgets:mutate`, and answers with the
 * real error envelope. Tests can rate-limit or fail the next requests, revoke refresh tokens,
 * expire access tokens, restate days and tamper with rows; every request is recorded.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { googleAdsFixture } from './fixtures.js';
import type { FakeCustomer, FakeDailyRow, FakeGoogleAdsData } from './fixtures.js';
import { GaqlError, parseGaql } from './gaql.js';
import { mutate } from './mutate.js';
import { adsFailure, frontEndError, nextRequestId, notFoundPage, unknownFieldError } from './responses.js';
import type { FakeAnswer } from './responses.js';
import { fieldMaskOf, runSearch } from './search.js';
import type { SearchResultRow } from './search.js';

export interface RecordedRequest {
  /** Epoch milliseconds with sub-millisecond precision. */
  readonly atMs: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  status: number;
}

export interface TamperInfo {
  readonly customerId: string;
  readonly campaignId: string | undefined;
  readonly date: string | undefined;
}

export interface GoogleAdsFakeOptions {
  readonly data?: FakeGoogleAdsData;
  /** Rows per search page (the real API: 10,000). */
  readonly pageSize?: number;
  readonly apiVersion?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Refresh tokens the token endpoint honours. */
  readonly refreshTokens?: readonly string[];
  /** Access tokens valid from the start, with their lifetime in ms (default one hour). */
  readonly accessTokens?: readonly string[];
  readonly accessTokenTtlMs?: number;
  /** Rewrites a rendered row (malformed payload tests); return `undefined` to keep it. */
  readonly tamper?: (row: Record<string, unknown>, info: TamperInfo) => unknown;
}

export interface GoogleAdsFake {
  /** `http://127.0.0.1:<port>`: the installation's `apiBaseUrl`. */
  readonly url: string;
  /** The OAuth token endpoint: the installation's `oauthTokenUrl`. */
  readonly tokenUrl: string;
  readonly data: FakeGoogleAdsData;
  readonly requests: RecordedRequest[];
  /** Requests to the Ads API (the token endpoint excluded). */
  apiRequests(): RecordedRequest[];
  /** The next `count` API requests get HTTP 429 RESOURCE_EXHAUSTED with `retryDelay`. */
  rateLimitNext(count: number, options?: { retryDelaySeconds?: number; reason?: string }): void;
  /** The next `count` API requests fail with 500 INTERNAL or 503 UNAVAILABLE. */
  failNext(count: number, status?: 500 | 503): void;
  revokeRefreshToken(token: string): void;
  /** Every access token issued so far expires now. */
  expireAccessTokens(): void;
  /** Changes one day's figures (late conversions); later searches return the new values. */
  restate(customerId: string, campaignId: string, date: string, patch: Partial<FakeDailyRow>): void;
  /** Access tokens the token endpoint issued, in order. */
  readonly issuedAccessTokens: string[];
  close(): Promise<void>;
}

const SEARCH_FIELDS = new Set(['query', 'pageToken', 'summaryRowSetting', 'validateOnly', 'searchSettings']);
const CUSTOMER_ID = /^\d{10}$/;

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface Injected {
  remaining: number;
  answer: (requestId: string) => FakeAnswer;
}

export async function startGoogleAdsFake(options: GoogleAdsFakeOptions = {}): Promise<GoogleAdsFake> {
  const data = options.data ?? googleAdsFixture();
  const version = options.apiVersion ?? 'v26';
  const pageSize = options.pageSize ?? 10_000;
  const clientId = options.clientId ?? 'fake-client-id.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? 'fake-client-secret';
  const ttlMs = options.accessTokenTtlMs ?? 3_600_000;
  const refreshTokens = new Map(
    (options.refreshTokens ?? ['fake-refresh-token']).map((token) => [token, true]),
  );
  const accessTokens = new Map((options.accessTokens ?? []).map((token) => [token, Date.now() + ttlMs]));
  const issuedAccessTokens: string[] = [];
  const requests: RecordedRequest[] = [];
  const injected: Injected[] = [];
  let dataVersion = 0;
  let issued = 0;
  const cache = new Map<string, SearchResultRow[]>();

  const tokenEndpoint = (body: string): FakeAnswer => {
    const form = new URLSearchParams(body);
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' },
      };
    if (form.get('grant_type') !== 'refresh_token')
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: `Invalid grant_type: ${form.get('grant_type') ?? ''}`,
        },
      };
    if (refreshTokens.get(form.get('refresh_token') ?? '') !== true)
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
      };
    issued += 1;
    const token = `ya29.fake-access-${issued}-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 12)}`;
    accessTokens.set(token, Date.now() + ttlMs);
    issuedAccessTokens.push(token);
    return {
      status: 200,
      body: {
        access_token: token,
        expires_in: Math.floor(ttlMs / 1_000) - 1,
        scope: 'https://www.googleapis.com/auth/adwords',
        token_type: 'Bearer',
      },
    };
  };

  /** Auth: a Bearer token the fake issued and that has not expired. */
  const authenticate = (headers: http.IncomingHttpHeaders, requestId: string): FakeAnswer | undefined => {
    const header = headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
    // Without a credential Google's front end answers, without a GoogleAdsFailure.
    if (match === null)
      return frontEndError(
        401,
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      );
    const expiresAt = accessTokens.get(match[1] ?? '');
    if (expiresAt === undefined)
      return adsFailure(
        401,
        version,
        {
          category: 'authenticationError',
          reason: 'OAUTH_TOKEN_INVALID',
          message: 'Oauth token is invalid.',
        },
        requestId,
      );
    if (expiresAt <= Date.now())
      return adsFailure(
        401,
        version,
        {
          category: 'authenticationError',
          reason: 'OAUTH_TOKEN_EXPIRED',
          message: 'Oauth token is expired.',
        },
        requestId,
      );
    return undefined;
  };

  /** Access to a customer: directly, or through its manager named in `login-customer-id`. */
  const authorize = (
    customerId: string,
    headers: http.IncomingHttpHeaders,
    requestId: string,
  ): FakeCustomer | FakeAnswer => {
    const login = headers['login-customer-id'];
    if (login !== undefined && (typeof login !== 'string' || !CUSTOMER_ID.test(login)))
      return adsFailure(
        400,
        version,
        {
          category: 'headerError',
          reason: 'INVALID_LOGIN_CUSTOMER_ID',
          message: 'The login customer ID could not be validated.',
        },
        requestId,
      );
    if (!CUSTOMER_ID.test(customerId))
      return adsFailure(
        400,
        version,
        { category: 'requestError', reason: 'INVALID_CUSTOMER_ID', message: 'Invalid customer ID.' },
        requestId,
      );
    const customer = data.customers.find((candidate) => candidate.id === customerId);
    const allowed =
      customer !== undefined &&
      (login === undefined ? customer.directAccess : login === customer.id || login === customer.managerId);
    if (customer === undefined || !allowed)
      return adsFailure(
        403,
        version,
        {
          category: 'authorizationError',
          reason: 'USER_PERMISSION_DENIED',
          message:
            "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header.",
        },
        requestId,
      );
    if (customer.status !== 'ENABLED')
      return adsFailure(
        403,
        version,
        {
          category: 'authorizationError',
          reason: 'CUSTOMER_NOT_ENABLED',
          message:
            "The customer account can't be accessed because it is not yet enabled or has been deactivated.",
        },
        requestId,
      );
    return customer;
  };

  const search = (customer: FakeCustomer, body: Record<string, unknown>, requestId: string): FakeAnswer => {
    for (const key of Object.keys(body)) if (!SEARCH_FIELDS.has(key)) return unknownFieldError(key);
    const text = body['query'];
    if (typeof text !== 'string' || text.trim() === '')
      return adsFailure(
        400,
        version,
        { category: 'queryError', reason: 'QUERY_ERROR', message: 'The query is empty.' },
        requestId,
      );
    let rows: SearchResultRow[];
    let fieldMask: string;
    try {
      const query = parseGaql(text);
      fieldMask = fieldMaskOf(query);
      const key = `${dataVersion}\n${customer.id}\n${text}`;
      rows = cache.get(key) ?? runSearch(data, customer, query);
      cache.set(key, rows);
    } catch (error) {
      if (!(error instanceof GaqlError)) throw error;
      return adsFailure(
        400,
        version,
        { category: 'queryError', reason: error.reason, message: error.message },
        requestId,
      );
    }
    const queryKey = createHash('sha256').update(`${customer.id}\n${text}`).digest('hex').slice(0, 16);
    let offset = 0;
    const pageToken = body['pageToken'];
    if (pageToken !== undefined) {
      const decoded =
        typeof pageToken === 'string'
          ? /^([0-9a-f]{16})\.(\d+)$/.exec(Buffer.from(pageToken, 'base64url').toString('utf8'))
          : null;
      if (decoded === null || decoded[1] !== queryKey)
        return adsFailure(
          400,
          version,
          { category: 'requestError', reason: 'INVALID_PAGE_TOKEN', message: 'Page token is invalid.' },
          requestId,
        );
      offset = Number(decoded[2]);
    }
    const page = rows.slice(offset, offset + pageSize).map(({ json, campaignId, date }) => {
      const copy = structuredClone(json);
      return options.tamper?.(copy, { customerId: customer.id, campaignId, date }) ?? copy;
    });
    const next =
      offset + pageSize < rows.length
        ? Buffer.from(`${queryKey}.${offset + pageSize}`).toString('base64url')
        : undefined;
    return {
      status: 200,
      body: {
        ...(page.length === 0 ? {} : { results: page }),
        ...(next === undefined ? {} : { nextPageToken: next }),
        fieldMask,
        requestId,
        queryResourceConsumption: String(50 + page.length),
      },
    };
  };

  const route = (
    method: string,
    path: string,
    headers: http.IncomingHttpHeaders,
    rawBody: string,
    requestId: string,
  ): FakeAnswer => {
    if (method === 'POST' && path === '/token') return tokenEndpoint(rawBody);
    const prefix = `/${version}/`;
    if (!path.startsWith(prefix)) return notFoundPage(path);
    const rest = path.slice(prefix.length);
    const unauthenticated = authenticate(headers, requestId);
    if (unauthenticated !== undefined) return unauthenticated;
    const injectedAnswer = injected[0];
    if (injectedAnswer !== undefined) {
      injectedAnswer.remaining -= 1;
      if (injectedAnswer.remaining <= 0) injected.shift();
      return injectedAnswer.answer(requestId);
    }
    if (method === 'GET' && rest === 'customers:listAccessibleCustomers') {
      const reachable = [...data.managers, ...data.customers.filter((c) => c.directAccess).map((c) => c.id)];
      return { status: 200, body: { resourceNames: reachable.map((id) => `customers/${id}`) } };
    }
    const match = /^customers\/([^/]+)\/(googleAds:search|campaigns:mutate|campaignBudgets:mutate)$/.exec(
      rest,
    );
    if (method !== 'POST' || match === null) return notFoundPage(path);
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return frontEndError(400, 'Invalid JSON payload received. Unexpected token.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return frontEndError(400, 'Invalid JSON payload received. Expected an object.');
    const customer = authorize(match[1] ?? '', headers, requestId);
    if (!('id' in customer)) return customer;
    const operation = match[2];
    if (operation === 'googleAds:search') return search(customer, body as Record<string, unknown>, requestId);
    const answer = mutate(
      { data, customerId: customer.id, apiVersion: version, requestId },
      operation === 'campaigns:mutate' ? 'campaigns' : 'campaignBudgets',
      body as Record<string, unknown>,
    );
    if (answer.status === 200) {
      dataVersion += 1;
      cache.clear();
    }
    return answer;
  };

  const server = http.createServer((request, response) => {
    const atMs = nowMs();
    void (async () => {
      const rawBody = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://fake.invalid');
      const requestId = nextRequestId();
      let parsedBody: unknown;
      try {
        parsedBody = rawBody === '' ? undefined : JSON.parse(rawBody);
      } catch {
        parsedBody = rawBody;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers[name] = value;
      const record: RecordedRequest = {
        atMs,
        method: request.method ?? 'GET',
        path: url.pathname,
        headers,
        body: parsedBody,
        status: 0,
      };
      requests.push(record);
      let answer: FakeAnswer;
      try {
        answer = route(record.method, url.pathname, request.headers, rawBody, requestId);
      } catch (error) {
        answer = frontEndError(500, error instanceof Error ? error.message : String(error));
      }
      record.status = answer.status;
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      response.writeHead(answer.status, {
        'content-type': answer.contentType ?? 'application/json; charset=UTF-8',
        'request-id': requestId,
      });
      response.end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    tokenUrl: `${url}/token`,
    data,
    requests,
    issuedAccessTokens,
    apiRequests: () => requests.filter((request) => request.path !== '/token'),
    rateLimitNext(count, rateOptions = {}) {
      const delay = rateOptions.retryDelaySeconds ?? 1;
      const reason = rateOptions.reason ?? 'RESOURCE_TEMPORARILY_EXHAUSTED';
      injected.push({
        remaining: count,
        answer: (requestId) =>
          adsFailure(
            429,
            version,
            {
              category: 'quotaError',
              reason,
              message:
                reason === 'RESOURCE_EXHAUSTED'
                  ? 'Number of operations for basic access has been exceeded.'
                  : 'Too many requests. Retry in the time period specified in retryDelay.',
              details: {
                quotaErrorDetails: {
                  rateScope: 'ACCOUNT',
                  rateName: 'Requests per account',
                  retryDelay: `${delay}s`,
                },
              },
            },
            requestId,
          ),
      });
    },
    failNext(count, status = 503) {
      injected.push({
        remaining: count,
        answer: (requestId) =>
          adsFailure(
            status,
            version,
            {
              category: 'internalError',
              reason: status === 500 ? 'INTERNAL_ERROR' : 'TRANSIENT_ERROR',
              message:
                status === 500
                  ? 'An internal error has occurred.'
                  : 'The service is temporarily unavailable.',
            },
            requestId,
          ),
      });
    },
    revokeRefreshToken(token) {
      refreshTokens.set(token, false);
    },
    expireAccessTokens() {
      for (const token of accessTokens.keys()) accessTokens.set(token, Date.now() - 1);
    },
    restate(customerId, campaignId, date, patch) {
      const row = data.daily.find(
        (r) => r.customerId === customerId && r.campaignId === campaignId && r.date === date,
      );
      if (row === undefined) throw new Error(`No fake row ${customerId}/${campaignId}/${date}`);
      Object.assign(row, patch);
      dataVersion += 1;
      cache.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
