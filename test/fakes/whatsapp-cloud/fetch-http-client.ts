/**
 * A plain fetch-based HttpClient for connector-level tests (the host's egress client is used
 * wherever a whole host runs): one attempt per request, non-2xx answers returned.
 */
import type { HttpClient } from '../../../connectors/shared/index.js';

export function createFetchHttpClient(): HttpClient {
  return {
    async request(request) {
      const url = new URL(request.url);
      for (const [key, value] of Object.entries(request.query ?? {}))
        url.searchParams.set(key, String(value));
      const isJson = request.body !== undefined && typeof request.body !== 'string';
      const response = await fetch(url, {
        method: request.method,
        headers: { ...(isJson ? { 'content-type': 'application/json' } : {}), ...request.headers },
        ...(request.body === undefined
          ? {}
          : { body: isJson ? JSON.stringify(request.body) : (request.body as string) }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
      const text = await response.text();
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return { status: response.status, headers, text, json: () => JSON.parse(text) as unknown, attempts: 1 };
    },
  };
}
