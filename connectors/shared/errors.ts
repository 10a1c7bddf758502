/**
 * What went wrong, in the terms a sync and an admin need: every platform's error shapes (errors
 * in HTTP 200 bodies, throttling in HTTP 400 bodies…) are classified into these kinds by the
 * connector. Plugins map them to the plugin API's `PluginError` (auth/permission → `auth`,
 * rate_limit/transient → `transient`, invalid_request/not_found → `config` or `system`).
 */
export const CONNECTOR_ERROR_KINDS = [
  'auth',
  'permission',
  'rate_limit',
  'transient',
  'invalid_request',
  'not_found',
] as const;

export type ConnectorErrorKind = (typeof CONNECTOR_ERROR_KINDS)[number];

export interface ConnectorErrorOptions {
  /** Stable `PLATFORM_WHAT` code, e.g. `META_TOKEN_EXPIRED`. */
  readonly code: string;
  /** HTTP status of the answer, when there was one. */
  readonly status?: number;
  /** The platform's own error code/subcode/reason, for logs and the console (never secrets). */
  readonly platformCode?: string;
  /** How long the platform asked us to wait (Retry-After, Google's retryDelay, Meta's usage headers). */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly code: string;
  readonly status: number | undefined;
  readonly platformCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(kind: ConnectorErrorKind, message: string, options: ConnectorErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.kind = kind;
    this.code = options.code;
    this.status = options.status;
    this.platformCode = options.platformCode;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Rate limits and transient failures may succeed later; nothing else is retried. */
  get retryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'transient';
  }
}

export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof ConnectorError;
}
