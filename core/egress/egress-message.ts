import type { EgressRequest, EgressResponse } from '../plugin-api/context.js';
import { PluginError } from '../plugin-api/plugin-error.js';
import { EGRESS_ERROR_CODES } from './egress-errors.js';
import type { WireFailure } from './egress-errors.js';
import type { WireRequest, WireResponse } from './http-exchange.js';
import { parseEgressUrl } from './url-guard.js';

function encodeBody(request: EgressRequest, headers: Record<string, string>): Buffer | undefined {
  if (request.body === undefined) return undefined;
  if (typeof request.body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return Buffer.from(request.body, 'utf8');
  }
  headers['content-type'] ??= 'application/json';
  try {
    return Buffer.from(JSON.stringify(request.body), 'utf8');
  } catch (error) {
    throw new PluginError('system', 'The egress request body is not serialisable as JSON', {
      code: EGRESS_ERROR_CODES.requestInvalid,
      cause: error,
    });
  }
}

// Framing and routing headers are the client's: a caller's `host` or `content-length` could
// desynchronise the message or address another virtual host than the one the guard checked.
// Responses are not decompressed, so the client keeps `accept-encoding` (identity) too.
const RESERVED_REQUEST_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'accept-encoding',
]);

export function buildWireRequest(request: EgressRequest, userAgent: string): WireRequest {
  const url = parseEgressUrl(request.url);
  for (const [name, value] of Object.entries(request.query ?? {}))
    url.searchParams.append(name, String(value));
  url.hash = '';
  const headers: Record<string, string> = { 'user-agent': userAgent };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!RESERVED_REQUEST_HEADERS.has(lower)) headers[lower] = value;
  }
  const body = encodeBody(request, headers);
  return { method: request.method, url, headers, body };
}

export function toEgressResponse(wire: WireResponse, attempts: number, host: string): EgressResponse {
  const text = wire.body.toString('utf8');
  return Object.freeze({
    status: wire.status,
    headers: Object.freeze({ ...wire.headers }),
    text,
    attempts,
    json(): unknown {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new PluginError('system', `The response from ${host} is not JSON`, {
          code: EGRESS_ERROR_CODES.responseNotJson,
          source: 'downstream',
          details: { host, status: wire.status, contentType: wire.headers['content-type'] ?? null },
          cause: error,
        });
      }
    },
  });
}

export function transientFailure(
  wire: WireRequest,
  outcome: { failure: WireFailure; timedOut: boolean },
  attempts: number,
): PluginError {
  const host = wire.url.host;
  const code = outcome.timedOut
    ? EGRESS_ERROR_CODES.timeout
    : outcome.failure.code.startsWith(EGRESS_ERROR_CODES.dnsFailed)
      ? EGRESS_ERROR_CODES.dnsFailed
      : EGRESS_ERROR_CODES.networkError;
  const what = outcome.timedOut ? 'timed out' : `failed (${outcome.failure.code})`;
  return new PluginError(
    'transient',
    `${wire.method} ${host}${wire.url.pathname} ${what} after ${attempts} attempt(s)`,
    {
      code,
      source: 'downstream',
      details: {
        host,
        method: wire.method,
        path: wire.url.pathname,
        attempts,
        reason: outcome.timedOut ? 'TIMEOUT' : outcome.failure.code,
      },
      cause: outcome.failure,
    },
  );
}
