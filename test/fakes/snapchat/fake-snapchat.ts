/**
 * A local Snapchat Marketing API and OAuth token endpoint, written from the contract
 * (ad-platform-apis.md §4): refresh-token grants issuing short-lived Bearer tokens, 401 for a
 * missing, unknown or expired token, wrapped list envelopes with `paging.next_link` (limit 50–1,000),
 * DAY stats per campaign whose windows must sit on the ad account's local midnights (400 otherwise),
 * micro-currency numbers, HTTP 429 with no headers, campaign updates by PUT of the whole object.
 * Every request is recorded.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SnapApiError } from './snap-api-error.js';
import { createFakeSnapStats } from './stats.js';

export interface FakeSnapAccount {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
}

export interface FakeSnapCampaign {
  readonly id: string;
  readonly adAccountId: string;
  name: string;
  status: string;
  objective: string;
  dailyBudgetMicro?: number;
  readonly startTime: string;
}

/** One campaign-day's stats as Snap sends them (JSON numbers; anything else simulates garbage). */
export interface FakeSnapStatsRow {
  readonly campaignId: string;
  readonly date: string;
  stats: Record<string, unknown>;
}

export interface FakeSnapData {
  readonly accounts: FakeSnapAccount[];
  readonly campaigns: FakeSnapCampaign[];
  readonly rows: FakeSnapStatsRow[];
}

export interface RecordedSnapRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  status: number;
  readonly early: boolean;
}

export interface SnapchatFake {
  readonly baseUrl: string;
  readonly data: FakeSnapData;
  readonly requests: RecordedSnapRequest[];
  /** Refresh tokens the token endpoint accepts. */
  readonly refreshTokens: Set<string>;
  /** Makes every access token issued so far expire now. */
  expireAccessTokens(): void;
  /** Lifetime of issued access tokens (default 1,800 s). */
  accessTokenLifetimeSeconds: number;
  rateLimit(options: { readonly requests: number; readonly windowMs: number }): void;
  close(): Promise<void>;
}

export const SNAP_CLIENT_ID = 'snap-client-id';
export const SNAP_CLIENT_SECRET = 'snap-client-secret';

export async function startSnapchatFake(
  data: FakeSnapData,
  options: { readonly refreshTokens: readonly string[] },
): Promise<SnapchatFake> {
  const requests: RecordedSnapRequest[] = [];
  const refreshTokens = new Set(options.refreshTokens);
  const accessTokens = new Map<string, number>();
  let issued = 0;
  let limitedLeft = 0;
  let limitWindowMs = 0;
  let windowEndsAt = 0;
  let baseUrl = '';
  const fake = { accessTokenLifetimeSeconds: 1_800 };

  // Rows indexed by (campaign, day), rebuilt when rows are added (tests edit rows in place).
  let index = new Map<string, FakeSnapStatsRow>();
  let indexedRows = -1;
  const rowOf = (campaignId: string, day: string) => {
    if (indexedRows !== data.rows.length) {
      index = new Map(data.rows.map((row) => [`${row.campaignId}|${row.date}`, row]));
      indexedRows = data.rows.length;
    }
    return index.get(`${campaignId}|${day}`);
  };

  const account = (id: string) => {
    const found = data.accounts.find((candidate) => candidate.id === id);
    if (found === undefined) throw new SnapApiError(404, `Ad account ${id} not found`, 'E2002');
    return found;
  };
  const campaignOf = (id: string) => {
    const found = data.campaigns.find((candidate) => candidate.id === id);
    if (found === undefined) throw new SnapApiError(404, `Campaign ${id} not found`, 'E2002');
    return found;
  };
  const campaignJson = (campaign: FakeSnapCampaign) => ({
    id: campaign.id,
    name: campaign.name,
    ad_account_id: campaign.adAccountId,
    status: campaign.status,
    objective: campaign.objective,
    start_time: campaign.startTime,
    ...(campaign.dailyBudgetMicro === undefined ? {} : { daily_budget_micro: campaign.dailyBudgetMicro }),
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  });
  const ok = (rest: Record<string, unknown>) => ({
    request_status: 'SUCCESS',
    request_id: `req-${requests.length}`,
    ...rest,
  });
  const checkParams = (params: Readonly<Record<string, string>>, allowed: readonly string[]) => {
    for (const name of Object.keys(params))
      if (!allowed.includes(name)) throw new SnapApiError(400, `Unrecognized field ${name}`, 'E1001');
  };

  const listCampaigns = (accountId: string, params: Readonly<Record<string, string>>) => {
    checkParams(params, ['limit', 'cursor']);
    account(accountId);
    const limit = Number(params['limit'] ?? '1000');
    if (!Number.isInteger(limit) || limit < 50 || limit > 1000)
      throw new SnapApiError(400, 'limit must be between 50 and 1000', 'E1001');
    const offset =
      params['cursor'] === undefined
        ? 0
        : Number(Buffer.from(params['cursor'], 'base64url').toString('utf8'));
    const all = data.campaigns.filter((campaign) => campaign.adAccountId === accountId);
    const page = all.slice(offset, offset + limit);
    const next =
      offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
    return ok({
      paging:
        next === undefined
          ? {}
          : { next_link: `${baseUrl}/v1/adaccounts/${accountId}/campaigns?cursor=${next}&limit=${limit}` },
      campaigns: page.map((campaign) => ({
        sub_request_status: 'SUCCESS',
        campaign: campaignJson(campaign),
      })),
    });
  };

  const stats = createFakeSnapStats({
    account,
    campaignOf,
    rowOf,
    ok,
    campaignsOf: (accountId) => data.campaigns.filter((campaign) => campaign.adAccountId === accountId),
  });

  const updateCampaigns = (accountId: string, body: unknown) => {
    account(accountId);
    const list = (body as { campaigns?: unknown } | undefined)?.campaigns;
    if (!Array.isArray(list) || list.length === 0)
      throw new SnapApiError(400, 'campaigns is required', 'E1001');
    const allowed = [
      'id',
      'name',
      'ad_account_id',
      'status',
      'objective',
      'start_time',
      'end_time',
      'daily_budget_micro',
      'lifetime_spend_cap_micro',
    ];
    return ok({
      campaigns: list.map((item: Record<string, unknown>) => {
        for (const key of Object.keys(item))
          if (!allowed.includes(key)) throw new SnapApiError(400, `Unrecognized field ${key}`, 'E1001');
        for (const key of ['id', 'name', 'ad_account_id', 'status', 'start_time'])
          if (item[key] === undefined) throw new SnapApiError(400, `${key} is required`, 'E1001');
        const campaign = campaignOf(String(item['id']));
        if (campaign.adAccountId !== accountId)
          throw new SnapApiError(400, 'ad_account_id mismatch', 'E1001');
        if (item['status'] !== 'ACTIVE' && item['status'] !== 'PAUSED')
          throw new SnapApiError(400, 'status is invalid', 'E1001');
        campaign.status = item['status'];
        campaign.name = String(item['name']);
        if (item['daily_budget_micro'] !== undefined) {
          if (!Number.isSafeInteger(item['daily_budget_micro']))
            throw new SnapApiError(400, 'daily_budget_micro is invalid', 'E1001');
          campaign.dailyBudgetMicro = item['daily_budget_micro'] as number;
        }
        return { sub_request_status: 'SUCCESS', campaign: campaignJson(campaign) };
      }),
    });
  };

  const route = (
    method: string,
    path: string,
    params: Readonly<Record<string, string>>,
    body: unknown,
  ): unknown => {
    const segments = path.split('/').filter((segment) => segment !== '');
    if (segments[0] !== 'v1') throw new SnapApiError(404, 'Not found', 'E2002');
    if (
      method === 'GET' &&
      segments[1] === 'me' &&
      segments[2] === 'organizations' &&
      segments.length === 3
    ) {
      checkParams(params, ['with_ad_accounts']);
      const withAccounts = params['with_ad_accounts'] === 'true';
      return ok({
        organizations: [
          {
            sub_request_status: 'SUCCESS',
            organization: {
              id: 'f0000000-0000-4000-8000-00000000000f',
              name: 'Acme organisation',
              ...(withAccounts
                ? {
                    ad_accounts: data.accounts.map((found) => ({
                      ...found,
                      status: 'ACTIVE',
                      type: 'PARTNER',
                    })),
                  }
                : {}),
            },
          },
        ],
      });
    }
    const [, resource, id, child, extra] = segments;
    if (extra !== undefined || resource === undefined || id === undefined)
      throw new SnapApiError(404, 'Not found', 'E2002');
    if (method === 'GET' && resource === 'adaccounts' && child === undefined) {
      checkParams(params, []);
      const found = account(id);
      return ok({
        adaccounts: [
          { sub_request_status: 'SUCCESS', adaccount: { ...found, status: 'ACTIVE', type: 'PARTNER' } },
        ],
      });
    }
    if (method === 'GET' && resource === 'adaccounts' && child === 'campaigns')
      return listCampaigns(id, params);
    if (method === 'PUT' && resource === 'adaccounts' && child === 'campaigns')
      return updateCampaigns(id, body);
    if (method === 'GET' && resource === 'campaigns' && child === undefined) {
      checkParams(params, []);
      return ok({ campaigns: [{ sub_request_status: 'SUCCESS', campaign: campaignJson(campaignOf(id)) }] });
    }
    if (method === 'GET' && resource === 'campaigns' && child === 'stats') return stats.campaign(id, params);
    if (method === 'GET' && resource === 'adaccounts' && child === 'stats') return stats.account(id, params);
    throw new SnapApiError(404, 'Not found', 'E2002');
  };

  const tokenGrant = (text: string): { status: number; body: unknown } => {
    const form = new URLSearchParams(text);
    if (form.get('client_id') !== SNAP_CLIENT_ID || form.get('client_secret') !== SNAP_CLIENT_SECRET)
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed' },
      };
    if (form.get('grant_type') !== 'refresh_token')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    const refreshToken = form.get('refresh_token') ?? '';
    if (!refreshTokens.has(refreshToken))
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } };
    issued += 1;
    const token = `snap-access-${issued}-${Math.random().toString(36).slice(2)}`;
    accessTokens.set(token, Date.now() + fake.accessTokenLifetimeSeconds * 1_000);
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: fake.accessTokenLifetimeSeconds,
        refresh_token: refreshToken,
        scope: 'snapchat-marketing-api',
      },
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const now = Date.now();
    const entry: RecordedSnapRequest = {
      at: now,
      method: request.method ?? 'GET',
      path: url.pathname,
      params: Object.fromEntries(url.searchParams.entries()),
      body: text,
      status: 200,
      early: now < windowEndsAt,
    };
    requests.push(entry);
    const send = (status: number, body: unknown) => {
      entry.status = status;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const error = (status: number, message: string, errorCode: string) =>
      send(status, {
        request_status: 'ERROR',
        request_id: `req-${requests.length}`,
        debug_message: message,
        display_message: message,
        error_code: errorCode,
      });
    if (limitedLeft > 0 || now < windowEndsAt) {
      if (limitedLeft > 0) limitedLeft -= 1;
      windowEndsAt = Math.max(windowEndsAt, now + limitWindowMs);
      return error(429, 'Too many requests', 'E1008');
    }
    if (url.pathname === '/login/oauth2/access_token' && entry.method === 'POST') {
      const grant = tokenGrant(text);
      return send(grant.status, grant.body);
    }
    const authorization = request.headers['authorization'] ?? '';
    const token = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    const expiresAt = accessTokens.get(token);
    if (expiresAt === undefined || expiresAt <= now)
      return error(401, 'Unauthorized: invalid or expired access token', 'E3001');
    let body: unknown;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return error(400, 'Malformed JSON body', 'E1001');
    }
    try {
      return send(200, route(entry.method, url.pathname, entry.params, body));
    } catch (failure) {
      if (failure instanceof SnapApiError) return error(failure.status, failure.message, failure.errorCode);
      return error(500, 'Internal error', 'E5000');
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.statusCode = 500;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    baseUrl,
    data,
    requests,
    refreshTokens,
    expireAccessTokens: () => {
      for (const token of accessTokens.keys()) accessTokens.set(token, 0);
    },
    rateLimit({ requests: count, windowMs }: { readonly requests: number; readonly windowMs: number }) {
      limitedLeft = count;
      limitWindowMs = windowMs;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((failure) => (failure ? reject(failure) : resolve()));
      }),
  });
}
