import type { EgressRequest } from '../plugin-api/context.js';
import { EGRESS_ERROR_CODES, egressConfigError } from './egress-errors.js';
import type { WireRequest } from './http-exchange.js';

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials; they never follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'] as const;
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language', 'content-location'] as const;

export function isFollowableRedirect(status: number, location: string | undefined): boolean {
  return REDIRECT_STATUSES.has(status) && location !== undefined && location !== '';
}

function redirectedMethod(status: number, method: EgressRequest['method']): EgressRequest['method'] {
  // 303 always turns into GET; 301/302 do for POST (what every client does, RFC 9110 §15.4.2).
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) return 'GET';
  return method;
}

function withoutHeaders(
  headers: Readonly<Record<string, string>>,
  names: readonly string[],
): Record<string, string> {
  const kept: Record<string, string> = { ...headers };
  for (const name of names) delete kept[name];
  return kept;
}

/**
 * The request a redirect asks for (the guard checks its URL again before it is sent).
 * 301/302 turn POST into GET, 303 turns anything into GET, 307/308 keep method and body. To
 * another origin the body and the credential headers (`authorization`, `cookie`…) are dropped.
 */
export function planRedirect(previous: WireRequest, status: number, location: string): WireRequest {
  let url: URL;
  try {
    url = new URL(location, previous.url);
  } catch {
    throw egressConfigError(EGRESS_ERROR_CODES.urlInvalid, 'A redirect pointed to an invalid URL', {
      host: previous.url.host,
      status,
    });
  }
  url.hash = '';
  const method = redirectedMethod(status, previous.method);
  const crossOrigin = url.origin !== previous.url.origin;
  const keepBody = method === previous.method && !crossOrigin;
  let headers: Record<string, string> = { ...previous.headers };
  if (crossOrigin) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
  if (!keepBody) headers = withoutHeaders(headers, BODY_HEADERS);
  return { method, url, headers, body: keepBody ? previous.body : undefined };
}
