/**
 * GET requests to Stratum's API with the embed token in the Authorization header (never in the
 * URL, never a cookie). A 401 gets one retry with a renewed token.
 */
import { config } from './config.js';
import { currentToken, renewToken } from './token-store.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

export type Query = Readonly<Record<string, string | number | undefined>>;

function urlOf(path: string, query: Query): string {
  const url = new URL(`${config.apiBase}/api/v1${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return url.href;
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = 'HTTP_ERROR';
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
  } catch {
    // Not JSON: the status alone tells the state.
  }
  return new ApiError(response.status, code);
}

export async function apiGet<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  const url = urlOf(path, query);
  const send = (token: string) =>
    fetch(url, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', signal });
  let response = await send(await currentToken());
  if (response.status === 401) response = await send(await renewToken());
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}
