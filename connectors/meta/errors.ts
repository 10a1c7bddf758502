/**
 * Classification of every error shape the Marketing API documents (reference §1.5): the Graph
 * error envelope `{error:{message,type,code,error_subcode,…}}`, usually with HTTP 400 even when
 * it is throttling, so the decision is made on `error.code`, never on the HTTP status.
 */
import { ConnectorError } from '../shared/index.js';
import type { ConnectorErrorKind } from '../shared/index.js';
import { parseMetaUsage } from './usage.js';

/** The Graph error envelope's inner object, as far as the connector reads it. */
export interface MetaGraphError {
  readonly message: string;
  readonly type: string | undefined;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly userMessage: string | undefined;
  readonly isTransient: boolean | undefined;
  readonly fbtraceId: string | undefined;
}

/** Reads `{error:{…}}` from a parsed body; `undefined` when the body is no Graph error. */
export function readGraphError(body: unknown): MetaGraphError | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const int = (key: string) => {
    const value = record[key];
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    return undefined;
  };
  return {
    message: text('message') ?? 'Unknown Graph API error',
    type: text('type'),
    code: int('code'),
    subcode: int('error_subcode'),
    userMessage: text('error_user_msg'),
    isTransient:
      typeof record['is_transient'] === 'boolean' ? (record['is_transient'] as boolean) : undefined,
    fbtraceId: text('fbtrace_id'),
  };
}

/** Throttling codes: app (4), user/account (17), ad account (613), business use cases (80000–80014). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const isBusinessUseCaseCode = (code: number) => code >= 80000 && code <= 80014;
/** Missing permissions (`ads_read` / `ads_management`): 10, 200–299. */
const isPermissionCode = (code: number) => code === 10 || (code >= 200 && code <= 299);
/** "Insights request timed out / too much data": retry smaller or switch to the async job. */
const QUERY_TOO_LARGE = new Set(['100/1504018', '2/1504038']);

interface Classified {
  readonly kind: ConnectorErrorKind;
  readonly code: string;
  readonly message: string;
}

const TOKEN_SUBCODE_MESSAGES: Readonly<Record<number, string>> = {
  458: 'the app was removed by the user',
  459: 'the user must log in to Facebook to confirm their account',
  460: 'the password of the token owner changed',
  463: 'it has expired',
  464: 'the token owner is unconfirmed',
  467: 'it is no longer valid',
};

function tokenProblem(error: MetaGraphError): Classified {
  const reason =
    (error.subcode === undefined ? undefined : TOKEN_SUBCODE_MESSAGES[error.subcode]) ?? 'it was refused';
  return {
    kind: 'auth',
    code: error.subcode === 463 ? 'META_TOKEN_EXPIRED' : 'META_TOKEN_INVALID',
    message: `Meta refused the access token because ${reason}. Generate a new long-lived or System User token (Business Settings → System users → Generate token, with ads_read and ads_management) and save it in the installation's accessToken.`,
  };
}

function classifyCode(error: MetaGraphError): Classified {
  const code = error.code ?? 0;
  const pair = `${code}/${error.subcode ?? ''}`;
  if (code === 190 || code === 102 || code === 104) return tokenProblem(error);
  if (RATE_LIMIT_CODES.has(code) || isBusinessUseCaseCode(code))
    return {
      kind: 'rate_limit',
      code: 'META_RATE_LIMITED',
      message: `Meta throttled the request (${pair}): ${error.message}`,
    };
  if (isPermissionCode(code))
    return {
      kind: 'permission',
      code: 'META_PERMISSION_MISSING',
      message: `Meta refused the request for missing permissions (${pair}): ${error.message}. Grant the token's owner access to the ad account and the ads_read / ads_management permissions.`,
    };
  if (code === 2635)
    return {
      kind: 'invalid_request',
      code: 'META_API_VERSION_DEPRECATED',
      message: `Meta no longer serves this Marketing API version: ${error.message}`,
    };
  if (QUERY_TOO_LARGE.has(pair))
    // Not retried as is: the same query would time out again (reference §1.5: ask for less).
    return {
      kind: 'invalid_request',
      code: 'META_QUERY_TOO_LARGE',
      message: `Meta timed out on the insights query (${pair}); ask for less or use an async report`,
    };
  if (code === 100 && error.subcode === 33)
    return { kind: 'not_found', code: 'META_OBJECT_NOT_FOUND', message: `Meta: ${error.message}` };
  if (code === 1 || code === 2 || error.isTransient === true)
    return {
      kind: 'transient',
      code: 'META_TEMPORARY_ERROR',
      message: `Meta had a temporary problem (${pair}): ${error.message}`,
    };
  return {
    kind: 'invalid_request',
    code: 'META_REQUEST_INVALID',
    message: `Meta rejected the request (${pair}): ${error.message}`,
  };
}

/**
 * The error an answer stands for, or `undefined` when it is a success. Rate limits carry the
 * advised wait from the usage headers (`estimated_time_to_regain_access`).
 */
export function classifyMetaResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): ConnectorError | undefined {
  const graph = readGraphError(body);
  if (graph === undefined) {
    if (status >= 200 && status < 300) return undefined;
    const kind: ConnectorErrorKind =
      status === 429 || status >= 500
        ? status === 429
          ? 'rate_limit'
          : 'transient'
        : status === 404
          ? 'not_found'
          : 'invalid_request';
    return new ConnectorError(kind, `Meta answered HTTP ${status} without an error body`, {
      code:
        kind === 'rate_limit'
          ? 'META_RATE_LIMITED'
          : kind === 'transient'
            ? 'META_UNAVAILABLE'
            : 'META_HTTP_ERROR',
      status,
    });
  }
  const classified = classifyCode(graph);
  const regain = classified.kind === 'rate_limit' ? parseMetaUsage(headers).regainAccessMs : 0;
  return new ConnectorError(classified.kind, classified.message, {
    code: classified.code,
    status,
    platformCode: `${graph.code ?? '?'}${graph.subcode === undefined ? '' : `/${graph.subcode}`}`,
    ...(regain > 0 ? { retryAfterMs: regain } : {}),
  });
}
