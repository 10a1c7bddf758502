/**
 * A local LinkedIn Marketing API and OAuth token endpoint, written from the contract
 * (ad-platform-apis.md §5): Bearer token, `LinkedIn-Version` (400 when missing, 426 when not
 * active) and `X-Restli-Protocol-Version: 2.0.0` checks; Rest.li 2.0 query syntax parsed from the
 * raw query string (structure literal, URNs percent-encoded: `List(urn%3Ali%3A…)`), 400 on
 * anything else; campaign search with `pageToken` / `metadata.nextPageToken`; daily analytics with
 * `dateRange` records, ≤ 20 fields and silent truncation at 15,000 elements; partial updates;
 * HTTP 429 with no headers; error bodies `{status, serviceErrorCode, code, message}`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeAnalytics } from './analytics.js';
import { LinkedInApiError, STATUS_SEARCH, allowOnly, badParam, rawParams } from './restli-params.js';

export interface FakeLinkedInAccount {
  readonly id: number;
  readonly name: string;
  readonly currency: string;
}

export interface FakeLinkedInCampaign {
  readonly id: number;
  readonly accountId: number;
  name: string;
  status: string;
  objectiveType: string;
  dailyBudget?: { amount: string; currencyCode: string };
}

/** One campaign-day as LinkedIn reports it (money as decimal strings; anything else simulates garbage). */
export interface FakeLinkedInRow {
  readonly campaignId: number;
  readonly date: string;
  values: Record<string, unknown>;
}

export interface FakeLinkedInData {
  readonly accounts: FakeLinkedInAccount[];
  readonly campaigns: FakeLinkedInCampaign[];
  readonly rows: FakeLinkedInRow[];
}

export interface RecordedLinkedInRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** The raw (undecoded) query string. */
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  status: number;
  readonly early: boolean;
}

export interface LinkedInFake {
  readonly baseUrl: string;
  readonly data: FakeLinkedInData;
  readonly requests: RecordedLinkedInRequest[];
  /** Access tokens accepted; clear to simulate expiry or revocation. */
  readonly accessTokens: Set<string>;
  readonly refreshTokens: Set<string>;
  /** Versions answered; anything else gets 426. */
  readonly activeVersions: Set<string>;
  rateLimit(options: { readonly requests: number; readonly windowMs: number }): void;
  close(): Promise<void>;
}

export const LINKEDIN_CLIENT_ID = 'li-client-id';
export const LINKEDIN_CLIENT_SECRET = 'li-client-secret';
export async function startLinkedInFake(
  data: FakeLinkedInData,
  options: {
    readonly accessTokens: readonly string[];
    readonly refreshTokens?: readonly string[];
    readonly versions: readonly string[];
    /** Longest request target (path and query) served; longer ones get 414 (default 8,192). */
    readonly maxUrlLength?: number;
  },
): Promise<LinkedInFake> {
  const requests: RecordedLinkedInRequest[] = [];
  const accessTokens = new Set(options.accessTokens);
  const refreshTokens = new Set(options.refreshTokens ?? []);
  const activeVersions = new Set(options.versions);
  let limitedLeft = 0;
  let limitWindowMs = 0;
  let windowEndsAt = 0;
  let issued = 0;
  const maxUrlLength = options.maxUrlLength ?? 8_192;

  const account = (id: string | undefined) => {
    const found = data.accounts.find((candidate) => String(candidate.id) === id);
    if (found === undefined)
      throw new LinkedInApiError(404, 0, 'NOT_FOUND', `Ad account ${String(id)} not found`);
    return found;
  };
  const campaignJson = (campaign: FakeLinkedInCampaign) => ({
    id: campaign.id,
    name: campaign.name,
    account: `urn:li:sponsoredAccount:${campaign.accountId}`,
    campaignGroup: `urn:li:sponsoredCampaignGroup:${campaign.accountId}00`,
    status: campaign.status,
    type: 'SPONSORED_UPDATES',
    objectiveType: campaign.objectiveType,
    costType: 'CPM',
    ...(campaign.dailyBudget === undefined ? {} : { dailyBudget: campaign.dailyBudget }),
    runSchedule: { start: 1_767_225_600_000 },
  });

  const searchCampaigns = (accountId: string, params: Map<string, string>) => {
    allowOnly(params, ['q', 'search', 'pageSize', 'pageToken']);
    const owner = account(accountId);
    if (params.get('q') !== 'search') throw badParam('q must be search');
    const search = params.get('search');
    const statuses = search === undefined ? undefined : STATUS_SEARCH.exec(search)?.[1]?.split(',');
    if (search !== undefined && statuses === undefined) throw badParam('Invalid Rest.li syntax in search');
    const pageSize = Number(params.get('pageSize') ?? '100');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
      throw badParam('pageSize must be between 1 and 1000');
    const token = params.get('pageToken');
    const offset =
      token === undefined ? 0 : Number(Buffer.from(decodeURIComponent(token), 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw badParam('Invalid pageToken');
    const matching = data.campaigns.filter(
      (campaign) =>
        campaign.accountId === owner.id && (statuses === undefined || statuses.includes(campaign.status)),
    );
    const page = matching.slice(offset, offset + pageSize);
    const next =
      offset + pageSize < matching.length
        ? Buffer.from(String(offset + pageSize)).toString('base64url')
        : undefined;
    return {
      paging: { start: 0, count: page.length, links: [] },
      elements: page.map(campaignJson),
      metadata: next === undefined ? {} : { nextPageToken: next },
    };
  };

  const analytics = (params: Map<string, string>) => fakeAnalytics(data, params);

  const updateCampaign = (
    accountId: string,
    campaignId: string,
    method: string | undefined,
    body: unknown,
  ) => {
    if (method !== 'PARTIAL_UPDATE') throw badParam('X-RestLi-Method: PARTIAL_UPDATE is required');
    const owner = account(accountId);
    const campaign = data.campaigns.find(
      (candidate) => String(candidate.id) === campaignId && candidate.accountId === owner.id,
    );
    if (campaign === undefined)
      throw new LinkedInApiError(404, 0, 'NOT_FOUND', `Campaign ${campaignId} not found`);
    const set = (body as { patch?: { $set?: Record<string, unknown> } } | undefined)?.patch?.$set;
    if (set === undefined || typeof set !== 'object') throw badParam('Body must be {"patch":{"$set":{…}}}');
    for (const [field, value] of Object.entries(set)) {
      if (field === 'status') {
        if (!['ACTIVE', 'PAUSED', 'ARCHIVED', 'CANCELED', 'DRAFT'].includes(String(value)))
          throw badParam('Invalid status');
        campaign.status = String(value);
      } else if (field === 'dailyBudget') {
        const budget = value as { amount?: unknown; currencyCode?: unknown };
        if (
          typeof budget.amount !== 'string' ||
          !/^\d+(\.\d+)?$/.test(budget.amount) ||
          budget.currencyCode !== owner.currency
        )
          throw badParam('dailyBudget must be {amount: decimal string, currencyCode: the account currency}');
        campaign.dailyBudget = { amount: budget.amount, currencyCode: owner.currency };
      } else if (field === 'name' && typeof value === 'string') campaign.name = value;
      else throw badParam(`Field ${field} cannot be updated`);
    }
  };

  const route = (
    method: string,
    path: string,
    params: Map<string, string>,
    headers: IncomingMessage['headers'],
    body: unknown,
  ) => {
    const segments = path.split('/').filter((segment) => segment !== '');
    if (segments[0] !== 'rest') throw new LinkedInApiError(404, 0, 'NOT_FOUND', 'Not found');
    const [, resource, id, child, childId, extra] = segments;
    if (method === 'GET' && resource === 'adAnalytics' && id === undefined)
      return { status: 200, body: analytics(params) };
    if (resource !== 'adAccounts' || id === undefined || extra !== undefined)
      throw new LinkedInApiError(404, 0, 'NOT_FOUND', 'Not found');
    if (method === 'GET' && child === undefined) {
      allowOnly(params, []);
      const found = account(id);
      return {
        status: 200,
        body: {
          id: found.id,
          name: found.name,
          currency: found.currency,
          status: 'ACTIVE',
          type: 'BUSINESS',
          reference: 'urn:li:organization:1',
        },
      };
    }
    if (child !== 'adCampaigns') throw new LinkedInApiError(404, 0, 'NOT_FOUND', 'Not found');
    if (method === 'GET' && childId === undefined) return { status: 200, body: searchCampaigns(id, params) };
    if (method === 'GET' && childId !== undefined) {
      allowOnly(params, []);
      const owner = account(id);
      const campaign = data.campaigns.find(
        (candidate) => String(candidate.id) === childId && candidate.accountId === owner.id,
      );
      if (campaign === undefined)
        throw new LinkedInApiError(404, 0, 'NOT_FOUND', `Campaign ${childId} not found`);
      return { status: 200, body: campaignJson(campaign) };
    }
    if (method === 'POST' && childId !== undefined) {
      const restliMethod = headers['x-restli-method'];
      updateCampaign(id, childId, Array.isArray(restliMethod) ? restliMethod[0] : restliMethod, body);
      return { status: 204, body: undefined };
    }
    throw new LinkedInApiError(405, 0, 'METHOD_NOT_ALLOWED', 'Method not allowed');
  };

  const tokenGrant = (text: string): { status: number; body: unknown } => {
    const form = new URLSearchParams(text);
    if (form.get('client_id') !== LINKEDIN_CLIENT_ID || form.get('client_secret') !== LINKEDIN_CLIENT_SECRET)
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed' },
      };
    const refreshToken = form.get('refresh_token') ?? '';
    if (form.get('grant_type') !== 'refresh_token' || !refreshTokens.has(refreshToken))
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid' },
      };
    issued += 1;
    const accessToken = `li-access-refreshed-${issued}-${Math.random().toString(36).slice(2)}`;
    accessTokens.add(accessToken);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        expires_in: 5_184_000,
        refresh_token: refreshToken,
        refresh_token_expires_in: 31_536_000,
      },
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const [path = '/', rawQuery = ''] = (request.url ?? '/').split('?', 2);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const now = Date.now();
    const entry: RecordedLinkedInRequest = {
      at: now,
      method: request.method ?? 'GET',
      path,
      rawQuery,
      headers: {
        authorization: request.headers['authorization'],
        'linkedin-version': request.headers['linkedin-version'] as string | undefined,
        'x-restli-protocol-version': request.headers['x-restli-protocol-version'] as string | undefined,
        'x-restli-method': request.headers['x-restli-method'] as string | undefined,
        'x-http-method-override': request.headers['x-http-method-override'] as string | undefined,
        'content-type': request.headers['content-type'],
      },
      body: text,
      status: 200,
      early: now < windowEndsAt,
    };
    requests.push(entry);
    const send = (status: number, body: unknown) => {
      entry.status = status;
      response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const fail = (error: LinkedInApiError) =>
      send(error.status, {
        status: error.status,
        serviceErrorCode: error.serviceErrorCode,
        code: error.code,
        message: error.message,
      });
    if ((request.url ?? '').length > maxUrlLength)
      return fail(new LinkedInApiError(414, 0, 'URI_TOO_LONG', 'Request-URI Too Long'));
    if (limitedLeft > 0 || now < windowEndsAt) {
      if (limitedLeft > 0) limitedLeft -= 1;
      windowEndsAt = Math.max(windowEndsAt, now + limitWindowMs);
      return fail(
        new LinkedInApiError(
          429,
          101,
          'TOO_MANY_REQUESTS',
          'Resource level throttle limit for calls to this resource is reached.',
        ),
      );
    }
    if (path === '/oauth/v2/accessToken' && entry.method === 'POST') {
      const grant = tokenGrant(text);
      return send(grant.status, grant.body);
    }
    const authorization = request.headers['authorization'] ?? '';
    if (!authorization.startsWith('Bearer ') || !accessTokens.has(authorization.slice('Bearer '.length)))
      return fail(new LinkedInApiError(401, 65600, 'INVALID_ACCESS_TOKEN', 'Invalid access token'));
    const version = entry.headers['linkedin-version'];
    if (version === undefined)
      return fail(
        new LinkedInApiError(
          400,
          0,
          'VERSION_MISSING',
          'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
        ),
      );
    if (!activeVersions.has(version))
      return fail(
        new LinkedInApiError(426, 0, 'NONEXISTENT_VERSION', `Requested version ${version} is not active`),
      );
    if (entry.headers['x-restli-protocol-version'] !== '2.0.0')
      return fail(badParam('This endpoint needs X-Restli-Protocol-Version: 2.0.0'));
    // Query tunnelling (§5.3): a POST overridden to GET carries the whole query as a form body.
    const override = entry.headers['x-http-method-override'];
    const tunnelled = entry.method === 'POST' && override !== undefined;
    if (tunnelled) {
      if (override !== 'GET') return fail(badParam('X-HTTP-Method-Override must be GET'));
      if (!(entry.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
        return fail(badParam('A tunnelled query needs Content-Type: application/x-www-form-urlencoded'));
      if (rawQuery !== '') return fail(badParam('A tunnelled query carries its parameters in the body'));
    }
    let body: unknown;
    try {
      body = tunnelled || text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return fail(badParam('Malformed JSON body'));
    }
    try {
      const answer = tunnelled
        ? route('GET', path, rawParams(text), request.headers, undefined)
        : route(entry.method, path, rawParams(rawQuery), request.headers, body);
      return send(answer.status, answer.body);
    } catch (error) {
      if (error instanceof LinkedInApiError) return fail(error);
      return fail(new LinkedInApiError(500, 0, 'INTERNAL_SERVER_ERROR', 'Internal error'));
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.statusCode = 500;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    data,
    requests,
    accessTokens,
    refreshTokens,
    activeVersions,
    rateLimit({ requests: count, windowMs }) {
      limitedLeft = count;
      limitWindowMs = windowMs;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
