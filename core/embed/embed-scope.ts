/**
 * The HTTP face of embed tokens inside `/api/v1`:
 * - CORS, answered per site: a preflight (which carries no credential) is allowed only for an
 *   origin some live embed site lists; real replies to embed requests name that exact origin.
 *   Never `*`, never credentials, so no cookie of ours is ever involved.
 * - Scope: an embed principal may only GET the endpoints its widgets need, and the token's
 *   platform/campaign filters are forced onto the query (intersected with what was asked).
 */
import type { Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { principalOf } from '../auth/principal.js';
import type { EmbedPrincipal } from '../auth/principal.js';
import { ForbiddenError } from '../errors/errors.js';
import { normalizeOrigin } from '../security/embed-tokens.js';
import type { EmbedWidget } from './embed-site.schemas.js';

/** Paths relative to `/api/v1` each widget reads. */
export const WIDGET_ENDPOINTS: Readonly<Record<EmbedWidget, readonly string[]>> = {
  kpi: ['/kpis'],
  trend: ['/kpis/timeseries'],
  campaigns: ['/kpis/breakdown'],
  'platform-mix': ['/kpis/breakdown'],
  alerts: ['/alerts'],
  // The chat box talks over socket.io (`/chat`), not this API.
  chat: [],
  dashboard: ['/kpis', '/kpis/timeseries', '/kpis/breakdown', '/alerts'],
};
/** Every embed token may read its site's config and follow the live events. */
const COMMON_ENDPOINTS = ['/embed/config', '/events'];
const FILTERED_PREFIX = '/kpis';
const PREFLIGHT_MAX_AGE_SEC = 600;
const ALLOWED_REQUEST_HEADERS = 'authorization, last-event-id, content-type';

export function endpointsOf(widgets: readonly string[]): ReadonlySet<string> {
  const endpoints = new Set(COMMON_ENDPOINTS);
  for (const widget of widgets) {
    for (const path of WIDGET_ENDPOINTS[widget as EmbedWidget] ?? []) endpoints.add(path);
  }
  return endpoints;
}

export interface EmbedCorsDeps {
  /** Whether any live embed site lists this exact origin. */
  readonly anyAllowsOrigin: (origin: string) => Promise<boolean>;
  /** How long an answer is remembered (default 30 s). */
  readonly cacheTtlMs?: number;
}

function allowOrigin(res: Response, origin: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
  res.append('Vary', 'Origin');
}

/** First of the `/api/v1` middleware: preflights and CORS headers for known portal origins. */
export function embedCorsMiddleware(deps: EmbedCorsDeps): RequestHandler {
  const known = new LRUCache<string, boolean>({ max: 5_000, ttl: deps.cacheTtlMs ?? 30_000 });
  const isKnown = async (origin: string) => {
    const cached = known.get(origin);
    if (cached !== undefined) return cached;
    const allowed = await deps.anyAllowsOrigin(origin);
    known.set(origin, allowed);
    return allowed;
  };
  return async (req: Request, res: Response, next) => {
    const header = req.headers.origin;
    const origin = header === undefined ? undefined : normalizeOrigin(header);
    if (origin === undefined || origin !== header) return next();
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!preflight && !/^Bearer\s/i.test(req.headers.authorization ?? '')) return next();
    if (!(await isKnown(origin))) {
      if (preflight) res.status(204).end();
      else next();
      return;
    }
    allowOrigin(res, origin);
    if (!preflight) return next();
    res.setHeader('Access-Control-Allow-Methods', 'GET');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS);
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SEC));
    res.status(204).end();
  };
}

function forceFilter(url: URL, param: string, allowed: readonly string[] | undefined): void {
  if (allowed === undefined) return;
  const asked = (url.searchParams.get(param) ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const effective = asked.length === 0 ? [...allowed] : asked.filter((value) => allowed.includes(value));
  if (effective.length === 0) {
    throw new ForbiddenError(`This embed token does not cover these ${param}`, {
      code: 'EMBED_SCOPE_FORBIDDEN',
    });
  }
  url.searchParams.set(param, effective.join(','));
}

function enforce(req: Request, principal: EmbedPrincipal): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new ForbiddenError('Embed tokens are read-only', { code: 'EMBED_READ_ONLY' });
  }
  // Express matching ignores case and a trailing slash; so does this check.
  const path = req.path.toLowerCase().replace(/\/+$/, '');
  if (!endpointsOf(principal.widgets).has(path)) {
    throw new ForbiddenError('This embed token does not cover this endpoint', {
      code: 'EMBED_SCOPE_FORBIDDEN',
      details: { path },
    });
  }
  if (!path.startsWith(FILTERED_PREFIX)) return;
  const url = new URL(req.url, 'http://embed.invalid');
  forceFilter(url, 'platforms', principal.platforms);
  forceFilter(url, 'campaignIds', principal.campaignIds);
  // The router and `req.query` read the URL afresh, so every later layer sees the forced filters.
  req.url = `${url.pathname}${url.search}`;
}

/** After authentication: holds embed principals to their scope; others pass untouched. */
export function embedScopeMiddleware(): RequestHandler {
  return (req, res, next) => {
    const principal = principalOf(res);
    if (principal?.kind !== 'embed') return next();
    enforce(req, principal);
    next();
  };
}
