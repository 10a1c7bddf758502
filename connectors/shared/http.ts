/**
 * The HTTP client a connector is given: structurally the plugin API's `EgressHttpClient` (the
 * host's SSRF-guarded client), declared here so connectors import nothing of the host. Connectors
 * pass `retry: { retries: 0 }` and retry themselves (see retry.ts): only they know that an HTTP
 * 200 may carry a throttling error, or an HTTP 400 a rate limit.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type JsonLike = string | number | boolean | null | JsonLike[] | { [key: string]: JsonLike };

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number | boolean>>;
  readonly body?: JsonLike | string;
  readonly timeoutMs?: number;
  readonly retry?: { readonly retries?: number };
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  json(): unknown;
  readonly attempts: number;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}
