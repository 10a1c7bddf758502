/**
 * Google Ads error answers (a google.rpc.Status JSON whose `details` hold a GoogleAdsFailure with
 * `errors[].errorCode`, reference §2.5) classified into connector error kinds. Bodies from
 * Google's front end carry no GoogleAdsFailure (e.g. a missing credential): the HTTP status and
 * canonical `status` decide then.
 */
import { z } from 'zod';
import { ConnectorError } from '../shared/index.js';
import type { ConnectorErrorKind } from '../shared/index.js';

const googleAdsErrorSchema = z.looseObject({
  errorCode: z.record(z.string(), z.string()).optional(),
  message: z.string().optional(),
  details: z
    .looseObject({
      quotaErrorDetails: z
        .looseObject({
          rateScope: z.string().optional(),
          rateName: z.string().optional(),
          retryDelay: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

const statusBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z
      .array(
        z.looseObject({
          '@type': z.string().optional(),
          errors: z.array(googleAdsErrorSchema).optional(),
          requestId: z.string().optional(),
        }),
      )
      .optional(),
  }),
});

/** The first GoogleAdsFailure error of an answer, flattened for classification and logs. */
export interface GoogleAdsErrorInfo {
  readonly canonicalStatus: string | undefined;
  readonly message: string;
  /** `quotaError`, `authenticationError`… */
  readonly category: string | undefined;
  /** `RESOURCE_TEMPORARILY_EXHAUSTED`, `OAUTH_TOKEN_EXPIRED`… */
  readonly reason: string | undefined;
  readonly retryDelayMs: number | undefined;
  readonly requestId: string | undefined;
}

/** A protobuf Duration in JSON (`"30s"`, `"1.500s"`) in milliseconds. */
export function parseDurationMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?:\.(\d{1,9}))?s$/.exec(value.trim());
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Number(match[1]) * 1_000 + Number(fraction);
}

export function readGoogleAdsError(text: string): GoogleAdsErrorInfo | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = statusBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { error } = parsed.data;
  const failure = error.details?.find((detail) => detail.errors !== undefined && detail.errors.length > 0);
  const first = failure?.errors?.[0];
  const [category, reason] = Object.entries(first?.errorCode ?? {})[0] ?? [undefined, undefined];
  return {
    canonicalStatus: error.status,
    message: first?.message ?? error.message ?? 'no message',
    category,
    reason,
    retryDelayMs: parseDurationMs(first?.details?.quotaErrorDetails?.retryDelay),
    requestId: failure?.requestId,
  };
}

/** When the daily operations quota is spent and Google names no delay: try again in an hour. */
const DAILY_QUOTA_WAIT_MS = 60 * 60_000;
/** Expensive-query throttling without a delay: a minute, then lighter queries. */
const QUERY_COST_WAIT_MS = 60_000;

function retryAfterHeaderMs(headers: Readonly<Record<string, string>>): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1_000;
}

interface Classified {
  readonly kind: ConnectorErrorKind;
  readonly code: string;
  readonly message: string;
  readonly retryAfterMs?: number;
}

function classifyQuota(info: GoogleAdsErrorInfo, headerWaitMs: number | undefined): Classified {
  const advised = info.retryDelayMs ?? headerWaitMs;
  switch (info.reason) {
    case 'RESOURCE_EXHAUSTED':
      return {
        kind: 'rate_limit',
        code: 'GOOGLE_ADS_DAILY_QUOTA_EXHAUSTED',
        message: 'The Google Ads daily operations quota is used up; syncing resumes after the quota resets',
        retryAfterMs: advised ?? DAILY_QUOTA_WAIT_MS,
      };
    case 'EXCESSIVE_SHORT_TERM_QUERY_RESOURCE_CONSUMPTION':
    case 'EXCESSIVE_LONG_TERM_QUERY_RESOURCE_CONSUMPTION':
      return {
        kind: 'rate_limit',
        code: 'GOOGLE_ADS_QUERY_COST_EXHAUSTED',
        message: 'Google Ads throttled expensive queries',
        retryAfterMs: advised ?? QUERY_COST_WAIT_MS,
      };
    default:
      return {
        kind: 'rate_limit',
        code: 'GOOGLE_ADS_RATE_LIMITED',
        message: 'Google Ads is rate limiting requests',
        ...(advised === undefined ? {} : { retryAfterMs: advised }),
      };
  }
}

function classifyAuth(info: GoogleAdsErrorInfo): Classified {
  const expired = info.reason === 'OAUTH_TOKEN_EXPIRED';
  return {
    kind: 'auth',
    code: expired ? 'GOOGLE_ADS_TOKEN_EXPIRED' : 'GOOGLE_ADS_TOKEN_INVALID',
    message: `Google Ads refused the access token (${info.reason ?? info.canonicalStatus ?? 'UNAUTHENTICATED'}): reconnect the Google account or enter a valid refresh token in the plugin settings`,
  };
}

function classifyPermission(info: GoogleAdsErrorInfo): Classified {
  const reason = info.reason ?? info.canonicalStatus ?? 'PERMISSION_DENIED';
  const hint =
    reason === 'USER_PERMISSION_DENIED'
      ? 'check the customer id and, for accounts reached through a manager account, the login customer id'
      : reason === 'CUSTOMER_NOT_ENABLED'
        ? 'the Google Ads account is not enabled (cancelled or suspended)'
        : 'the Google Cloud project or user lacks access to this account';
  return {
    kind: 'permission',
    code: 'GOOGLE_ADS_PERMISSION_DENIED',
    message: `Google Ads denied access (${reason}): ${hint}`,
  };
}

function classify(status: number, info: GoogleAdsErrorInfo, headerWaitMs: number | undefined): Classified {
  if (info.category === 'quotaError' || status === 429 || info.canonicalStatus === 'RESOURCE_EXHAUSTED')
    return classifyQuota(info, headerWaitMs);
  if (info.category === 'authenticationError' || status === 401) return classifyAuth(info);
  if (info.category === 'authorizationError' || status === 403) return classifyPermission(info);
  if (info.category === 'internalError' || status >= 500)
    return {
      kind: 'transient',
      code: 'GOOGLE_ADS_UNAVAILABLE',
      message: `Google Ads failed on its side (${info.reason ?? status})`,
    };
  if (
    info.category === 'requestError' &&
    (info.reason === 'INVALID_PAGE_TOKEN' || info.reason === 'EXPIRED_PAGE_TOKEN')
  )
    return {
      kind: 'invalid_request',
      code: 'GOOGLE_ADS_PAGE_TOKEN_INVALID',
      message: `Google Ads refused the page token (${info.reason})`,
    };
  if ((info.category === 'mutateError' && info.reason === 'RESOURCE_NOT_FOUND') || status === 404)
    return {
      kind: 'not_found',
      code: 'GOOGLE_ADS_NOT_FOUND',
      message: `Google Ads found no such resource: ${info.message}`,
    };
  return {
    kind: 'invalid_request',
    code: 'GOOGLE_ADS_REQUEST_INVALID',
    message: `Google Ads rejected the request (${info.category ?? info.canonicalStatus ?? status}: ${info.reason ?? info.message})`,
  };
}

/** Classifies a non-2xx answer; never reads or repeats credentials. */
export function googleAdsErrorFromResponse(
  status: number,
  text: string,
  headers: Readonly<Record<string, string>>,
): ConnectorError {
  const info = readGoogleAdsError(text) ?? {
    canonicalStatus: undefined,
    message: `HTTP ${status}`,
    category: undefined,
    reason: undefined,
    retryDelayMs: undefined,
    requestId: undefined,
  };
  const classified = classify(status, info, retryAfterHeaderMs(headers));
  const platformCode =
    info.category === undefined ? info.canonicalStatus : `${info.category}.${info.reason ?? ''}`;
  return new ConnectorError(classified.kind, classified.message, {
    code: classified.code,
    status,
    ...(platformCode === undefined ? {} : { platformCode }),
    ...(classified.retryAfterMs === undefined ? {} : { retryAfterMs: classified.retryAfterMs }),
  });
}
