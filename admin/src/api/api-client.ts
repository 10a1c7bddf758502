/**
 * The console's only door to the API. The access token lives in this object's memory, nothing
 * is written to storage; a reload restores the session through the httpOnly refresh cookie
 * (`/auth/console/refresh`). Every 401 is retried once after a refresh.
 */
const API_BASE = '/api/v1';
const CONSOLE_HEADER = { 'x-stratum-console': '1' } as const;

/** One field problem from a 400: dotted path inside `in` (body, query…), message. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldIssue[],
  ) {
    super(message);
  }
}

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly locale: string;
}

export interface Me {
  readonly user: SessionUser;
  readonly permissions: readonly string[];
}

interface SessionBody {
  readonly accessToken: string;
  readonly user: SessionUser;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fieldsOf(details: unknown): FieldIssue[] {
  const list = Array.isArray(details)
    ? details
    : isRecord(details) && Array.isArray(details.fields)
      ? details.fields
      : [];
  return list.flatMap((item: unknown) =>
    isRecord(item) && typeof item.path === 'string' && typeof item.message === 'string'
      ? [{ path: item.path, message: item.message }]
      : [],
  );
}

async function errorOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  return new ApiError(
    response.status,
    typeof error.code === 'string' ? error.code : `HTTP_${response.status}`,
    typeof error.message === 'string' ? error.message : response.statusText,
    fieldsOf(error.details),
  );
}

export class ApiClient {
  private accessToken: string | undefined;
  private refreshing: Promise<boolean> | undefined;

  get signedIn(): boolean {
    return this.accessToken !== undefined;
  }

  async login(email: string, password: string): Promise<void> {
    const response = await fetch(`${API_BASE}/auth/console/login`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...CONSOLE_HEADER },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw await errorOf(response);
    this.accessToken = ((await response.json()) as SessionBody).accessToken;
  }

  /** Restores or renews the session from the refresh cookie; false when there is none. */
  restore(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const response = await fetch(`${API_BASE}/auth/console/refresh`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: CONSOLE_HEADER,
        });
        if (!response.ok) {
          this.accessToken = undefined;
          return false;
        }
        this.accessToken = ((await response.json()) as SessionBody).accessToken;
        return true;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  async logout(): Promise<void> {
    this.accessToken = undefined;
    await fetch(`${API_BASE}/auth/console/logout`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: CONSOLE_HEADER,
    });
  }

  me(): Promise<Me> {
    return this.request<Me>('GET', '/me');
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response = await this.send(method, path, body);
    if (response.status === 401 && (await this.restore())) response = await this.send(method, path, body);
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** Raw text (CSV exports). */
  async text(path: string): Promise<string> {
    let response = await this.send('GET', path, undefined);
    if (response.status === 401 && (await this.restore())) response = await this.send('GET', path, undefined);
    if (!response.ok) throw await errorOf(response);
    return response.text();
  }

  private send(method: string, path: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.accessToken !== undefined) headers.authorization = `Bearer ${this.accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'omit',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
