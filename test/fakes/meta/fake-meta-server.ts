/**
 * A local Marketing API (Graph v25.0-style) for tests: node:http on port 0, strict like the real
 * API (auth, field and parameter checks, deprecated versions), cursor paging with `paging.next`,
 * throttling answered as Meta does (HTTP 400 with code 4/17/613/80000…, usage headers with
 * `estimated_time_to_regain_access`), async insights report jobs, account time zones and
 * campaign changes that later reads return. Every request is recorded.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ACCOUNT_FIELDS,
  CAMPAIGN_FIELDS,
  EFFECTIVE_STATUSES,
  GraphError,
  invalidParameter,
  objectNotFound,
  pageOf,
  pick,
  requestedFields,
  usageHeaders,
} from './graph.js';
import type { FakeMetaAccount, FakeMetaCampaign, FakeMetaToken } from './model.js';
import { accountObject, campaignObject, insightsRows } from './objects.js';

export interface FakeMetaOptions {
  readonly accounts: FakeMetaAccount[];
  readonly tokens: readonly FakeMetaToken[];
  readonly appId?: string;
  readonly appSecret?: string;
  /** Refuse user-token calls without a valid `appsecret_proof` (the app setting "require app secret"). */
  readonly requireAppSecretProof?: boolean;
  readonly supportedVersions?: readonly string[];
  /** Versions answered with code 2635 ("deprecated version"). */
  readonly deprecatedVersions?: readonly string[];
  /** Synchronous insights queries covering more campaign-days than this time out (100/1504018). */
  readonly maxSyncInsightsRows?: number;
  /** Polls an async job reports `Job Running` before `Job Completed` (default 2). */
  readonly reportPollsToComplete?: number;
  /** Largest `limit` served; larger ones are cut down (default 5,000). */
  readonly maxPageSize?: number;
}

export interface FakeMetaRequest {
  /** `Date.now()` when the request arrived. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number;
  readonly errorCode: number | undefined;
  /** Answered with a throttling error. */
  readonly rateLimited: boolean;
  /** Arrived while a throttle the fake announced was still running (the client did not wait). */
  readonly early: boolean;
}

export interface RateLimitPlan {
  /** 4 (app), 17 (user), 613 (ad account), 80000 (ads_insights BUC), 80004 (ads_management BUC)… */
  readonly code?: number;
  readonly subcode?: number;
  /** Advised wait, sent as `estimated_time_to_regain_access` (Meta sends whole minutes; the fake sends the exact fraction so tests stay fast). */
  readonly regainMs: number;
  /** Only requests whose path contains this are throttled. */
  readonly pathIncludes?: string;
}

interface ReportJob {
  readonly id: string;
  readonly accountId: string;
  readonly rows: readonly unknown[];
  readonly range: { since: string; until: string };
  pollsLeft: number;
  readonly fails: boolean;
}

export interface FakeMeta {
  readonly url: string;
  readonly requests: FakeMetaRequest[];
  readonly accounts: FakeMetaAccount[];
  readonly reports: ReadonlyMap<string, ReportJob>;
  /** Throttles the next `count` matching requests (and any that arrive before the advised wait ends). */
  rateLimitNext(count: number, plan: RateLimitPlan): void;
  /** The next `count` async jobs end `Job Failed`. */
  failNextReports(count: number): void;
  campaign(id: string): FakeMetaCampaign | undefined;
  close(): Promise<void>;
}

const RATE_LIMIT_MESSAGES: Readonly<Record<number, string>> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80000: 'There have been too many calls from this ad-account. Wait a bit and try again.',
  80004: 'There have been too many calls to this ad-account. Wait a bit and try again.',
};

type Params = Record<string, string>;

async function readParams(request: http.IncomingMessage, url: URL): Promise<Params> {
  const params: Params = Object.fromEntries(url.searchParams.entries());
  if (request.method !== 'POST') return params;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return params;
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    const body = JSON.parse(text) as Record<string, unknown>;
    for (const [key, value] of Object.entries(body))
      params[key] = typeof value === 'string' ? value : JSON.stringify(value);
  } else for (const [key, value] of new URLSearchParams(text)) params[key] = value;
  return params;
}

export async function startFakeMeta(options: FakeMetaOptions): Promise<FakeMeta> {
  const supported = new Set(options.supportedVersions ?? ['v25.0', 'v26.0', 'v27.0']);
  const deprecated = new Set(options.deprecatedVersions ?? ['v22.0', 'v23.0', 'v24.0']);
  const maxPage = options.maxPageSize ?? 5_000;
  const requests: FakeMetaRequest[] = [];
  const reports = new Map<string, ReportJob>();
  let throttle: { left: number; plan: RateLimitPlan } | undefined;
  let blockedUntil = 0;
  let blockPlan: RateLimitPlan | undefined;
  let failReports = 0;
  let nextReportId = 9_000_000_001;
  let calls = 0;

  const findAccount = (actId: string) => options.accounts.find((account) => `act_${account.id}` === actId);
  const findCampaign = (id: string) =>
    options.accounts
      .flatMap((account) => account.campaigns.map((campaign) => ({ account, campaign })))
      .find((entry) => entry.campaign.id === id);
  const mayUse = (token: FakeMetaToken, accountId: string) =>
    token.accounts === undefined || token.accounts.includes(accountId);

  const authenticate = (
    request: http.IncomingMessage,
    params: Params,
  ): { token?: FakeMetaToken; app: boolean } => {
    const header = request.headers['authorization'];
    const value = header?.startsWith('Bearer ') ? header.slice(7) : params['access_token'];
    if (value === undefined || value === '')
      throw new GraphError(400, 104, 'An access token is required to request this resource.');
    if (options.appId !== undefined && value === `${options.appId}|${options.appSecret ?? ''}`)
      return { app: true };
    const token = options.tokens.find((candidate) => candidate.token === value);
    if (token === undefined)
      throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (token.expiresAt !== 0 && token.expiresAt * 1000 <= Date.now())
      throw new GraphError(
        400,
        190,
        `Error validating access token: Session has expired on ${new Date(token.expiresAt * 1000).toUTCString()}. The current time is ${new Date().toUTCString()}.`,
        { subcode: 463 },
      );
    if (options.requireAppSecretProof === true) {
      const expected = createHmac('sha256', options.appSecret ?? '')
        .update(value)
        .digest('hex');
      if (params['appsecret_proof'] !== expected)
        throw invalidParameter(
          params['appsecret_proof'] === undefined
            ? 'API calls from the server require an appsecret_proof argument'
            : 'Invalid appsecret_proof provided in the API argument',
        );
    }
    return { token, app: false };
  };

  const throttled = (path: string): { error: GraphError; early: boolean } | undefined => {
    const now = Date.now();
    const answer = (plan: RateLimitPlan) => {
      const code = plan.code ?? 80000;
      const accountId = /act_(\d+)/.exec(path)?.[1] ?? options.accounts[0]?.id ?? '0';
      const minutes = plan.regainMs / 60_000;
      const headers =
        code === 4
          ? usageHeaders(undefined, 0, 100)
          : usageHeaders(accountId, minutes, 100, code === 80004 ? 'ads_management' : 'ads_insights');
      return new GraphError(400, code, RATE_LIMIT_MESSAGES[code] ?? `(#${code}) Rate limited`, {
        ...(plan.subcode === undefined ? {} : { subcode: plan.subcode }),
        headers,
      });
    };
    if (blockPlan !== undefined && now < blockedUntil) return { error: answer(blockPlan), early: true };
    if (
      throttle !== undefined &&
      throttle.left > 0 &&
      (throttle.plan.pathIncludes === undefined || path.includes(throttle.plan.pathIncludes))
    ) {
      throttle.left -= 1;
      blockPlan = throttle.plan;
      blockedUntil = now + throttle.plan.regainMs;
      return { error: answer(throttle.plan), early: false };
    }
    return undefined;
  };

  const updateCampaign = (token: FakeMetaToken, id: string, params: Params) => {
    const found = findCampaign(id);
    if (found === undefined || !mayUse(token, found.account.id)) throw objectNotFound(id);
    if (!token.scopes.includes('ads_management'))
      throw new GraphError(400, 200, '(#200) Requires ads_management permission to manage the object', {
        type: 'OAuthException',
      });
    const allowed = new Set([
      'status',
      'daily_budget',
      'lifetime_budget',
      'name',
      'access_token',
      'appsecret_proof',
    ]);
    for (const key of Object.keys(params))
      if (!allowed.has(key)) throw invalidParameter(`Param ${key} is not a field of Campaign`);
    const { campaign } = found;
    if (campaign.status === 'DELETED') throw invalidParameter('A deleted campaign cannot be edited', 1487390);
    if (params['status'] !== undefined) {
      if (!['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED'].includes(params['status']))
        throw invalidParameter('Param status must be one of {ACTIVE, PAUSED, DELETED, ARCHIVED}');
      campaign.status = params['status'] as FakeMetaCampaign['status'];
    }
    if (params['daily_budget'] !== undefined) {
      if (!/^\d+$/.test(params['daily_budget']))
        throw invalidParameter('Param daily_budget must be an integer');
      if (campaign.daily_budget === undefined)
        throw new GraphError(400, 100, 'Invalid parameter', {
          subcode: 1885621,
          userMessage: 'This campaign does not use campaign budget optimization; set budgets on its ad sets.',
        });
      campaign.daily_budget = params['daily_budget'];
    }
    return { success: true };
  };

  const route = (
    method: string,
    segments: string[],
    params: Params,
    url: URL,
    token: FakeMetaToken | undefined,
    app: boolean,
  ) => {
    const [first, second] = segments;
    if (first === 'debug_token' && method === 'GET') {
      if (!app)
        throw new GraphError(
          400,
          100,
          '(#100) You must provide an app access token, or a user access token that is an owner or developer of the app',
        );
      const inspected = options.tokens.find((candidate) => candidate.token === params['input_token']);
      if (inspected === undefined)
        return { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' } } };
      const expired = inspected.expiresAt !== 0 && inspected.expiresAt * 1000 <= Date.now();
      return {
        data: {
          app_id: options.appId,
          type: 'USER',
          application: 'Stratum test app',
          expires_at: inspected.expiresAt,
          data_access_expires_at: inspected.dataAccessExpiresAt ?? 0,
          is_valid: !expired,
          scopes: inspected.scopes,
          user_id: '555',
          ...(expired ? { error: { code: 190, subcode: 463, message: 'Session has expired' } } : {}),
        },
      };
    }
    if (token === undefined) throw new GraphError(400, 190, 'An app access token cannot read this object');
    if (first === 'me' && second === undefined) return { id: '555', name: 'Test User' };
    if (first === 'me' && second === 'adaccounts') {
      const fields = requestedFields(params, ACCOUNT_FIELDS, 'AdAccount', ['id', 'account_id']);
      const rows = options.accounts
        .filter((account) => mayUse(token, account.id))
        .map((account) => pick(accountObject(account), fields));
      return pageOf(rows, params, url, maxPage);
    }
    if (first?.startsWith('act_') === true) {
      const account = findAccount(first);
      if (account === undefined || !mayUse(token, account.id)) throw objectNotFound(first);
      if (!token.scopes.includes('ads_read') && !token.scopes.includes('ads_management'))
        throw new GraphError(
          400,
          200,
          '(#200) Ad account owner has NOT grant ads_management or ads_read permission',
        );
      if (second === undefined && method === 'GET')
        return pick(accountObject(account), requestedFields(params, ACCOUNT_FIELDS, 'AdAccount', ['id']));
      if (second === 'campaigns' && method === 'GET') {
        const fields = requestedFields(params, CAMPAIGN_FIELDS, 'Campaign', ['id']);
        let wanted = new Set(['ACTIVE', 'PAUSED', 'CAMPAIGN_PAUSED', 'IN_PROCESS', 'WITH_ISSUES']);
        if (params['effective_status'] !== undefined) {
          const list = JSON.parse(params['effective_status']) as unknown;
          if (!Array.isArray(list)) throw invalidParameter('Param effective_status must be an array');
          list.forEach((value, index) => {
            if (typeof value !== 'string' || !EFFECTIVE_STATUSES.has(value))
              throw invalidParameter(
                `Param effective_status[${index}] must be one of {${[...EFFECTIVE_STATUSES].join(', ')}}`,
              );
          });
          wanted = new Set(list as string[]);
        }
        const rows = account.campaigns
          .filter((campaign) => campaign.raw !== undefined || wanted.has(campaign.status))
          .map((campaign) =>
            campaign.raw !== undefined ? campaign.raw : pick(campaignObject(account, campaign), fields),
          );
        return pageOf(rows, params, url, maxPage);
      }
      if (second === 'insights' && method === 'GET') {
        const { rows } = insightsRows(account, params);
        if (options.maxSyncInsightsRows !== undefined && rows.length > options.maxSyncInsightsRows)
          throw new GraphError(
            400,
            100,
            "Please reduce the amount of data you're asking for, then retry your request",
            { subcode: 1504018 },
          );
        return pageOf(rows, params, url, maxPage);
      }
      if (second === 'insights' && method === 'POST') {
        const { rows, range } = insightsRows(account, params);
        const id = String(nextReportId++);
        reports.set(id, {
          id,
          accountId: account.id,
          rows,
          range,
          pollsLeft: options.reportPollsToComplete ?? 2,
          fails: failReports > 0,
        });
        if (failReports > 0) failReports -= 1;
        return { report_run_id: id };
      }
      throw new GraphError(400, 2500, `Unknown path components: /${segments.slice(1).join('/')}`);
    }
    const report = first === undefined ? undefined : reports.get(first);
    if (report !== undefined) {
      if (!mayUse(token, report.accountId)) throw objectNotFound(report.id);
      const done = report.pollsLeft <= 0;
      if (second === undefined && method === 'GET') {
        if (!done) report.pollsLeft -= 1;
        const status = !done ? 'Job Running' : report.fails ? 'Job Failed' : 'Job Completed';
        return {
          id: report.id,
          account_id: report.accountId,
          async_status: status,
          async_percent_completion: !done ? 50 : 100,
          date_start: report.range.since,
          date_stop: report.range.until,
          ...(status === 'Job Failed'
            ? {
                error_code: -2,
                error_subcode: 2490547,
                error_message: 'The async job failed',
                error_user_title: 'Report failed',
                error_user_msg: 'Please try again later',
              }
            : {}),
        };
      }
      if (second === 'insights' && method === 'GET') {
        if (!done || report.fails) throw invalidParameter('The report is not ready or failed');
        return pageOf(report.rows, params, url, maxPage);
      }
    }
    const found = first === undefined ? undefined : findCampaign(first);
    if (found !== undefined && second === undefined) {
      if (method === 'POST') return updateCampaign(token, found.campaign.id, params);
      if (!mayUse(token, found.account.id)) throw objectNotFound(found.campaign.id);
      return pick(
        campaignObject(found.account, found.campaign),
        requestedFields(params, CAMPAIGN_FIELDS, 'Campaign', ['id']),
      );
    }
    throw objectNotFound(first ?? '');
  };

  const server = http.createServer((request, response) => {
    const at = Date.now();
    const url = new URL(request.url ?? '/', 'http://fake.local');
    const selfUrl = new URL(url.pathname + url.search, `http://${request.headers.host ?? 'localhost'}`);
    const [version, ...segments] = url.pathname.split('/').filter((part) => part.length > 0);
    let params: Params = {};
    let early = false;
    const send = (status: number, body: unknown, headers: Record<string, string>, error?: GraphError) => {
      requests.push({
        at,
        method: request.method ?? 'GET',
        path: url.pathname,
        params,
        status,
        errorCode: error?.code,
        rateLimited: error !== undefined && error.code in RATE_LIMIT_MESSAGES,
        early,
      });
      response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      try {
        params = await readParams(request, url);
        if (version === undefined || !supported.has(version)) {
          if (version !== undefined && deprecated.has(version))
            throw new GraphError(
              400,
              2635,
              `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: v25.0.`,
            );
          throw new GraphError(400, 2500, `Unknown path components: /${version ?? ''}`);
        }
        const { token, app } = authenticate(request, params);
        const limited = throttled(url.pathname);
        if (limited !== undefined) {
          early = limited.early;
          throw limited.error;
        }
        calls += 1;
        const body = route(request.method ?? 'GET', segments, params, selfUrl, token, app);
        const accountId = /act_(\d+)/.exec(url.pathname)?.[1];
        send(200, body, usageHeaders(accountId, 0, Math.min(99, calls % 40)));
      } catch (error) {
        if (error instanceof GraphError)
          send(
            error.status,
            error.body(randomBytes(8).toString('base64url')),
            error.extra.headers ?? {},
            error,
          );
        else
          send(
            500,
            {
              error: {
                message: 'An unknown error has occurred.',
                type: 'OAuthException',
                code: 1,
                fbtrace_id: 'x',
              },
            },
            {},
          );
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accounts: options.accounts,
    reports,
    rateLimitNext(count, plan) {
      throttle = { left: count, plan };
    },
    failNextReports(count) {
      failReports = count;
    },
    campaign: (id) => findCampaign(id)?.campaign,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
