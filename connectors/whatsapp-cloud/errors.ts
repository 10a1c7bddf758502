/**
 * Classification of the Graph error envelope as the WhatsApp Cloud API sends it
 * (`{error:{message,type,code,error_subcode,error_data:{details},fbtrace_id}}`). Decisions are made
 * on `error.code`, never on the HTTP status alone: throttling also arrives as HTTP 400.
 */
import { ConnectorError } from '../shared/index.js';
import type { ConnectorErrorKind } from '../shared/index.js';

/** The inner Graph error, as far as the connector reads it. */
export interface WhatsappGraphError {
  readonly message: string;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly details: string | undefined;
}

export function readWhatsappGraphError(body: unknown): WhatsappGraphError | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const int = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);
  const data = record['error_data'];
  const details =
    typeof data === 'object' && data !== null && typeof (data as { details?: unknown }).details === 'string'
      ? (data as { details: string }).details
      : undefined;
  return {
    message: typeof record['message'] === 'string' ? record['message'] : 'Unknown Graph API error',
    code: int(record['code']),
    subcode: int(record['error_subcode']),
    details,
  };
}

/** Throttling: app (4), WABA/phone throughput (80007, 130429), pair rate (131056). */
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131056]);
/** Temporary failures Meta asks to retry: unknown error (1, 2, 131000), service unavailable (131016). */
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016]);

interface Classified {
  readonly kind: ConnectorErrorKind;
  readonly code: string;
  readonly message: string;
}

function classifyCode(error: WhatsappGraphError): Classified {
  const code = error.code ?? 0;
  const label = `${code}${error.subcode === undefined ? '' : `/${error.subcode}`}`;
  if (code === 190)
    return {
      kind: 'auth',
      code: 'WHATSAPP_TOKEN_INVALID',
      message: `Meta refused the access token (${label}): generate a new System User token with whatsapp_business_messaging and save it in the installation`,
    };
  if (code === 10 || code === 200 || (code >= 200 && code <= 299))
    return {
      kind: 'permission',
      code: 'WHATSAPP_PERMISSION_MISSING',
      message: `Meta refused the request for missing permissions (${label}): ${error.message}`,
    };
  if (RATE_LIMIT_CODES.has(code))
    return {
      kind: 'rate_limit',
      code: code === 131056 ? 'WHATSAPP_PAIR_RATE_LIMITED' : 'WHATSAPP_RATE_LIMITED',
      message: `WhatsApp throttled the request (${label}): ${error.message}`,
    };
  if (TRANSIENT_CODES.has(code))
    return {
      kind: 'transient',
      code: 'WHATSAPP_TEMPORARY_ERROR',
      message: `WhatsApp had a temporary problem (${label}): ${error.message}`,
    };
  if (code === 131047)
    return {
      kind: 'invalid_request',
      code: 'WHATSAPP_OUTSIDE_WINDOW',
      message: 'The 24-hour customer service window is closed: only template messages can be sent',
    };
  if (code === 131026)
    return {
      kind: 'invalid_request',
      code: 'WHATSAPP_RECIPIENT_UNAVAILABLE',
      message: `The recipient cannot receive this message (${label})`,
    };
  if (code === 100 && error.subcode === 33)
    return {
      kind: 'not_found',
      code: 'WHATSAPP_PHONE_NUMBER_NOT_FOUND',
      message: `Meta does not know this phone number id, or the token cannot reach it (${label})`,
    };
  return {
    kind: 'invalid_request',
    code: 'WHATSAPP_REQUEST_INVALID',
    message: `WhatsApp rejected the request (${label}): ${error.message}`,
  };
}

function retryAfterHeaderMs(headers: Readonly<Record<string, string>>): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/** The error an answer stands for, or `undefined` for a success. */
export function classifyWhatsappResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): ConnectorError | undefined {
  const graph = readWhatsappGraphError(body);
  const retryAfterMs = retryAfterHeaderMs(headers);
  if (graph === undefined) {
    if (status >= 200 && status < 300) return undefined;
    const kind: ConnectorErrorKind =
      status === 429
        ? 'rate_limit'
        : status >= 500
          ? 'transient'
          : status === 404
            ? 'not_found'
            : 'invalid_request';
    return new ConnectorError(kind, `WhatsApp answered HTTP ${status} without an error body`, {
      code:
        kind === 'rate_limit'
          ? 'WHATSAPP_RATE_LIMITED'
          : kind === 'transient'
            ? 'WHATSAPP_UNAVAILABLE'
            : 'WHATSAPP_HTTP_ERROR',
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  const classified = classifyCode(graph);
  return new ConnectorError(classified.kind, classified.message, {
    code: classified.code,
    status,
    platformCode: `${graph.code ?? '?'}${graph.subcode === undefined ? '' : `/${graph.subcode}`}`,
    ...(retryAfterMs === undefined || classified.kind !== 'rate_limit' ? {} : { retryAfterMs }),
  });
}
