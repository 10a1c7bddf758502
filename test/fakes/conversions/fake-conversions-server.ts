/**
 * One local server playing the five conversion APIs of reference §7 (node:http, port 0): token
 * checks, strict bodies (see validation.ts), batch limits, and planned failures answered in each
 * platform's own error shape (Meta's Graph envelope with code 4/2/190, Google's google.rpc.Status
 * with `retryDelay`, TikTok's HTTP-200 `code`, Snapchat's and LinkedIn's HTTP statuses).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  googleConversionProblem,
  linkedinEventProblem,
  metaEventProblem,
  snapchatEventProblem,
  tiktokEventProblem,
} from './validation.js';

export type FakePlatform = 'meta' | 'google-ads' | 'tiktok' | 'snapchat' | 'linkedin';
export type PlannedFailure = 'rate_limit' | 'server_error' | 'auth';

export interface FakeConversionsOptions {
  readonly token: string;
  readonly now?: () => number;
}

export interface FakeConversions {
  readonly url: string;
  /** Events each platform accepted, in its own shape. */
  readonly received: Readonly<Record<FakePlatform, unknown[]>>;
  /** Requests each platform answered (including failures). */
  readonly requests: Readonly<Record<FakePlatform, number>>;
  /** The next `count` requests to `platform` fail this way. */
  fail(platform: FakePlatform, failure: PlannedFailure, count?: number): void;
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const META_FAILURES: Record<PlannedFailure, Reply> = {
  rate_limit: {
    status: 400,
    body: {
      error: {
        message: 'Application request limit reached',
        type: 'OAuthException',
        code: 4,
        error_subcode: 1504022,
        fbtrace_id: 'fake',
      },
    },
  },
  server_error: {
    status: 500,
    body: {
      error: {
        message: 'An unexpected error has occurred',
        type: 'OAuthException',
        code: 2,
        is_transient: true,
        fbtrace_id: 'fake',
      },
    },
  },
  auth: {
    status: 400,
    body: {
      error: {
        message: 'Error validating access token',
        type: 'OAuthException',
        code: 190,
        fbtrace_id: 'fake',
      },
    },
  },
};

const googleError = (code: number, status: string, message: string, retryDelay?: string): Reply => ({
  status: code,
  body: {
    error: {
      code,
      message,
      status,
      details: [
        {
          '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure',
          errors: [
            {
              errorCode:
                code === 429
                  ? { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' }
                  : { internalError: 'INTERNAL_ERROR' },
              message,
              ...(retryDelay === undefined
                ? {}
                : {
                    details: {
                      quotaErrorDetails: {
                        rateScope: 'ACCOUNT',
                        rateName: 'Requests per account',
                        retryDelay,
                      },
                    },
                  }),
            },
          ],
          requestId: 'fake',
        },
      ],
    },
  },
});

const GOOGLE_FAILURES: Record<PlannedFailure, Reply> = {
  rate_limit: googleError(429, 'RESOURCE_EXHAUSTED', 'Too many requests', '1s'),
  server_error: googleError(500, 'INTERNAL', 'Internal error encountered.'),
  auth: googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
};

const TIKTOK_FAILURES: Record<PlannedFailure, Reply> = {
  rate_limit: {
    status: 200,
    body: { code: 40100, message: 'Too many requests', request_id: 'fake', data: {} },
  },
  server_error: { status: 200, body: { code: 50000, message: 'System error', request_id: 'fake', data: {} } },
  auth: {
    status: 200,
    body: {
      code: 40105,
      message: 'Access token is incorrect or has been revoked',
      request_id: 'fake',
      data: {},
    },
  },
};

const statusFailure = (status: number, message: string): Reply => ({
  status,
  body: { request_status: 'ERROR', request_id: 'fake', display_message: message, error_code: `E${status}` },
});
const SNAP_FAILURES: Record<PlannedFailure, Reply> = {
  rate_limit: statusFailure(429, 'Rate limited'),
  server_error: statusFailure(503, 'Service unavailable'),
  auth: statusFailure(401, 'Invalid token'),
};
const LINKEDIN_FAILURES: Record<PlannedFailure, Reply> = {
  rate_limit: {
    status: 429,
    body: { status: 429, code: 'TOO_MANY_REQUESTS', message: 'Resource level throttle limit reached' },
  },
  server_error: {
    status: 503,
    body: { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' },
  },
  auth: {
    status: 401,
    body: {
      status: 401,
      serviceErrorCode: 65600,
      code: 'INVALID_ACCESS_TOKEN',
      message: 'Invalid access token',
    },
  },
};
const FAILURES: Record<FakePlatform, Record<PlannedFailure, Reply>> = {
  meta: META_FAILURES,
  'google-ads': GOOGLE_FAILURES,
  tiktok: TIKTOK_FAILURES,
  snapchat: SNAP_FAILURES,
  linkedin: LINKEDIN_FAILURES,
};

function platformOf(method: string, path: string): FakePlatform | undefined {
  if (method !== 'POST') return undefined;
  if (/^\/v\d+\.0\/[^/]+\/events$/.test(path)) return 'meta';
  if (/^\/v\d+\/customers\/\d+:uploadClickConversions$/.test(path)) return 'google-ads';
  if (path === '/open_api/v1.3/event/track/') return 'tiktok';
  if (/^\/v3\/[^/]+\/events$/.test(path)) return 'snapchat';
  if (path === '/rest/conversionEvents') return 'linkedin';
  return undefined;
}

function authorised(platform: FakePlatform, request: http.IncomingMessage, url: URL, token: string): boolean {
  switch (platform) {
    case 'meta':
    case 'snapchat':
      return url.searchParams.get('access_token') === token;
    case 'tiktok':
      return request.headers['access-token'] === token;
    case 'google-ads':
      return request.headers.authorization === `Bearer ${token}`;
    case 'linkedin':
      return (
        request.headers.authorization === `Bearer ${token}` &&
        typeof request.headers['linkedin-version'] === 'string' &&
        request.headers['x-restli-method'] === 'BATCH_CREATE'
      );
  }
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const field = (body: unknown, key: string): unknown =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;

function answer(platform: FakePlatform, body: unknown, nowMs: number, received: unknown[]): Reply {
  const nowS = Math.floor(nowMs / 1000);
  switch (platform) {
    case 'meta': {
      const data = asArray(field(body, 'data'));
      if (data.length === 0 || data.length > 1_000)
        return {
          status: 400,
          body: {
            error: {
              message: 'data must hold 1 to 1,000 events',
              type: 'OAuthException',
              code: 100,
              fbtrace_id: 'fake',
            },
          },
        };
      const problem = data.map((event) => metaEventProblem(event, nowS)).find((entry) => entry !== undefined);
      if (problem !== undefined)
        return {
          status: 400,
          body: {
            error: {
              message: `Invalid parameter: ${problem}`,
              type: 'OAuthException',
              code: 100,
              error_subcode: 2804003,
              fbtrace_id: 'fake',
            },
          },
        };
      received.push(...data);
      return { status: 200, body: { events_received: data.length, messages: [], fbtrace_id: 'fake' } };
    }
    case 'google-ads': {
      const rows = asArray(field(body, 'conversions'));
      if (field(body, 'partialFailure') !== true) return googleErrorReply(400, 'partialFailure must be true');
      if (rows.length === 0 || rows.length > 2_000)
        return googleErrorReply(400, 'Too many conversions in request');
      const errors = rows.flatMap((row, index) => {
        const problem = googleConversionProblem(row);
        if (problem === undefined) return [];
        return [
          {
            errorCode: { conversionUploadError: 'INVALID_CONVERSION' },
            message: problem,
            location: { fieldPathElements: [{ fieldName: 'conversions', index }] },
          },
        ];
      });
      received.push(...rows.filter((row) => googleConversionProblem(row) === undefined));
      return {
        status: 200,
        body: {
          results: rows.map((row) =>
            googleConversionProblem(row) === undefined
              ? { conversionAction: field(row, 'conversionAction') }
              : {},
          ),
          ...(errors.length === 0
            ? {}
            : { partialFailureError: { code: 3, message: 'partial failure', details: [{ errors }] } }),
        },
      };
    }
    case 'tiktok': {
      const data = asArray(field(body, 'data'));
      if (
        typeof field(body, 'event_source_id') !== 'string' ||
        !['web', 'app', 'offline', 'crm'].includes(String(field(body, 'event_source')))
      )
        return {
          status: 200,
          body: {
            code: 40002,
            message: 'event_source and event_source_id are required',
            request_id: 'fake',
            data: {},
          },
        };
      const problem =
        data.length === 0 || data.length > 1_000
          ? 'data must hold 1 to 1,000 events'
          : data.map(tiktokEventProblem).find((entry) => entry !== undefined);
      if (problem !== undefined)
        return { status: 200, body: { code: 40002, message: problem, request_id: 'fake', data: {} } };
      received.push(...data);
      return { status: 200, body: { code: 0, message: 'OK', request_id: 'fake', data: {} } };
    }
    case 'snapchat': {
      const data = asArray(field(body, 'data'));
      const problem =
        data.length === 0
          ? 'data is required'
          : data.map((event) => snapchatEventProblem(event, nowS)).find((entry) => entry !== undefined);
      if (problem !== undefined) return statusFailure(400, problem);
      received.push(...data);
      return { status: 200, body: { request_status: 'SUCCESS', request_id: 'fake' } };
    }
    case 'linkedin': {
      const elements = asArray(field(body, 'elements'));
      if (elements.length === 0 || elements.length > 5_000)
        return {
          status: 400,
          body: { status: 400, code: 'BAD_REQUEST', message: 'elements must hold 1 to 5,000 events' },
        };
      return {
        status: 200,
        body: {
          elements: elements.map((element) => {
            const problem = linkedinEventProblem(element, nowMs);
            if (problem === undefined) {
              received.push(element);
              return { status: 201 };
            }
            return { status: 400, error: { message: problem } };
          }),
        },
      };
    }
  }
}

function googleErrorReply(status: number, message: string): Reply {
  return { status, body: { error: { code: status, message, status: 'INVALID_ARGUMENT' } } };
}

export async function startFakeConversions(options: FakeConversionsOptions): Promise<FakeConversions> {
  const now = options.now ?? Date.now;
  const received: Record<FakePlatform, unknown[]> = {
    meta: [],
    'google-ads': [],
    tiktok: [],
    snapchat: [],
    linkedin: [],
  };
  const requests: Record<FakePlatform, number> = {
    meta: 0,
    'google-ads': 0,
    tiktok: 0,
    snapchat: 0,
    linkedin: 0,
  };
  const planned: Record<FakePlatform, PlannedFailure[]> = {
    meta: [],
    'google-ads': [],
    tiktok: [],
    snapchat: [],
    linkedin: [],
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const platform = platformOf(request.method ?? 'GET', url.pathname);
      const reply = (value: Reply) => {
        response.writeHead(value.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value.body));
      };
      if (platform === undefined) return reply({ status: 404, body: { message: 'not found' } });
      requests[platform] += 1;
      if (!authorised(platform, request, url, options.token)) return reply(FAILURES[platform].auth);
      const failure = planned[platform].shift();
      if (failure !== undefined) return reply(FAILURES[platform][failure]);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply({ status: 400, body: { message: 'body must be JSON' } });
      }
      reply(answer(platform, body, now(), received[platform]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    requests,
    fail(platform, failure, count = 1) {
      for (let index = 0; index < count; index += 1) planned[platform].push(failure);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
