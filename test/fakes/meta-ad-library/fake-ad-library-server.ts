/**
 * A local Meta Ad Library (`GET /vNN.0/ads_archive`) for tests, written from reference §6 and the
 * Graph conventions of §1.3–1.5: a bearer token is required; `ad_reached_countries` is required;
 * `search_page_ids` (≤ 10) or `search_terms` is required; `fields` must be named; cursor paging
 * with `paging.next` absent on the last page; `ad_delivery_date_min` filters on the delivery
 * start day; throttling answered as Graph does (HTTP 400, code 613); rows may lack any optional
 * field (commercial ads carry no spend). Every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One ad as the fake stores it: raw Graph fields, any of which but `id` may be absent. */
export type FakeLibraryAd = Readonly<Record<string, unknown>> & {
  readonly id: string;
  readonly page_id?: string;
  readonly ad_delivery_start_time?: string;
};

export interface FakeAdLibraryRequest {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number;
  readonly returned: number;
}

export interface FakeAdLibrary {
  readonly url: string;
  readonly requests: FakeAdLibraryRequest[];
  ads: FakeLibraryAd[];
  /** The next `count` requests are answered with a Graph throttling error (code 613). */
  throttleNext(count: number): void;
  /** The next request is answered with this HTTP status and Graph error code. */
  failNext(status: number, code: number, message: string): void;
  close(): Promise<void>;
}

export interface FakeAdLibraryOptions {
  readonly token: string;
  readonly ads?: FakeLibraryAd[];
  readonly maxPageSize?: number;
}

const graphError = (code: number, message: string, type = 'OAuthException') => ({
  error: { message, type, code, fbtrace_id: 'FAKEtrace' },
});

function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function matches(ad: FakeLibraryAd, params: Record<string, string>, pageIds: string[] | undefined): boolean {
  if (pageIds !== undefined && !pageIds.includes(ad.page_id ?? '')) return false;
  const terms = params['search_terms'];
  if (terms !== undefined) {
    const haystack = JSON.stringify(ad['ad_creative_bodies'] ?? []).toLowerCase();
    if (
      !terms
        .toLowerCase()
        .split(/\s+/)
        .every((term) => haystack.includes(term))
    )
      return false;
  }
  const since = params['ad_delivery_date_min'];
  if (since !== undefined && (ad.ad_delivery_start_time ?? '').slice(0, 10) < since) return false;
  return true;
}

export async function startFakeAdLibrary(options: FakeAdLibraryOptions): Promise<FakeAdLibrary> {
  const requests: FakeAdLibraryRequest[] = [];
  const failures: { status: number; body: unknown }[] = [];
  const maxPageSize = options.maxPageSize ?? 100;
  const state = { ads: options.ads ?? [] };

  const answer = (
    res: http.ServerResponse,
    path: string,
    params: Record<string, string>,
    status: number,
    body: unknown,
    returned = 0,
  ) => {
    requests.push({ path, params, status, returned });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const params = Object.fromEntries(url.searchParams.entries());
    const path = url.pathname;
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return answer(res, path, params, 400, graphError(190, 'Invalid OAuth access token.'));
    const failure = failures.shift();
    if (failure !== undefined) return answer(res, path, params, failure.status, failure.body);
    if (!/^\/v\d{2,3}\.0\/ads_archive$/.test(path))
      return answer(
        res,
        path,
        params,
        400,
        graphError(100, 'Unknown path components', 'GraphMethodException'),
      );
    const countries = parseList(params['ad_reached_countries']);
    if (countries === undefined || countries.length === 0)
      return answer(
        res,
        path,
        params,
        400,
        graphError(100, 'The parameter ad_reached_countries is required'),
      );
    const pageIds = parseList(params['search_page_ids']);
    if (params['search_page_ids'] !== undefined && (pageIds === undefined || pageIds.length > 10))
      return answer(res, path, params, 400, graphError(100, 'Invalid parameter search_page_ids'));
    if (pageIds === undefined && params['search_terms'] === undefined)
      return answer(res, path, params, 400, graphError(100, 'search_terms or search_page_ids is required'));
    if (params['fields'] === undefined)
      return answer(res, path, params, 400, graphError(100, 'The parameter fields is required'));
    const fields = params['fields'].split(',');
    const all = state.ads.filter((ad) => matches(ad, params, pageIds));
    const limit = Math.min(Number(params['limit'] ?? 25), maxPageSize);
    const offset =
      params['after'] === undefined ? 0 : Number(Buffer.from(params['after'], 'base64url').toString());
    const rows = all
      .slice(offset, offset + limit)
      .map((ad) =>
        Object.fromEntries(Object.entries(ad).filter(([key]) => key === 'id' || fields.includes(key))),
      );
    const end = offset + rows.length;
    const after = Buffer.from(String(end)).toString('base64url');
    const next = new URL(url.href);
    next.searchParams.set('after', after);
    const paging = {
      cursors: { before: Buffer.from(String(offset)).toString('base64url'), after },
      ...(end < all.length
        ? { next: next.href.replace('http://fake', `http://${req.headers.host ?? 'localhost'}`) }
        : {}),
    };
    return answer(res, path, params, 200, { data: rows, paging }, rows.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get ads() {
      return state.ads;
    },
    set ads(value) {
      state.ads = value;
    },
    throttleNext(count) {
      for (let index = 0; index < count; index += 1)
        failures.push({
          status: 400,
          body: graphError(613, 'Calls to this api have exceeded the rate limit.'),
        });
    },
    failNext(status, code, message) {
      failures.push({ status, body: graphError(code, message) });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
