/**
 * What went wrong, as far as the host's reaction is concerned:
 * - `config`: the installation's configuration is wrong or incomplete (an admin must fix it; no retry);
 * - `auth`: credentials were refused or expired (status `auth_error`; never retried in a loop);
 * - `transient`: worth retrying later (rate limit, timeout, 5xx); honour `retryAfterMs` when set;
 * - `system`: a bug or an unexpected answer; counted by the failure breaker.
 */
export type PluginErrorKind = 'config' | 'auth' | 'transient' | 'system';

/** Where the failure started: in the plugin's own code, or downstream (the platform's API). */
export type PluginErrorSource = 'plugin' | 'downstream';

/** Options of {@link PluginError}. */
export interface PluginErrorOptions {
  /** Stable `AREA_WHAT` code, e.g. `META_TOKEN_EXPIRED`; defaults to `PLUGIN_<KIND>`. */
  readonly code?: string;
  /** Milliseconds to wait before retrying, when the platform said so (`Retry-After`, Meta usage headers…). */
  readonly retryAfterMs?: number;
  /** Defaults to `downstream` for `auth` and `transient`, `plugin` otherwise. */
  readonly source?: PluginErrorSource;
  /** JSON-serialisable context safe to show an admin (never tokens or PII). */
  readonly details?: unknown;
  /** The original error, for logs only. */
  readonly cause?: unknown;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * The one error type plugins throw. The host maps it to installation status, retries and the
 * breaker by `kind`, never by message. Anything else a plugin throws is treated as `system`.
 */
export class PluginError extends Error {
  /** How the host should react; see {@link PluginErrorKind}. */
  readonly kind: PluginErrorKind;
  /** Stable `AREA_WHAT` code. */
  readonly code: string;
  /** Suggested wait before a retry, in milliseconds, when known. */
  readonly retryAfterMs: number | undefined;
  /** Whether the plugin or the platform behind it failed. */
  readonly source: PluginErrorSource;
  /** JSON-serialisable context safe to show an admin. */
  readonly details: unknown;

  constructor(kind: PluginErrorKind, message: string, options: PluginErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const code = options.code ?? `PLUGIN_${kind.toUpperCase()}_ERROR`;
    if (!CODE_PATTERN.test(code)) throw new TypeError(`Error code "${code}" is not AREA_WHAT`);
    if (options.retryAfterMs !== undefined && !(options.retryAfterMs >= 0))
      throw new TypeError('retryAfterMs must be a non-negative number');
    this.name = 'PluginError';
    this.kind = kind;
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.source = options.source ?? (kind === 'auth' || kind === 'transient' ? 'downstream' : 'plugin');
    this.details = options.details;
  }

  /** Only transient failures are worth retrying automatically. */
  get retryable(): boolean {
    return this.kind === 'transient';
  }
}

/** Narrowing helper for `catch (error: unknown)` blocks. */
export function isPluginError(value: unknown): value is PluginError {
  return value instanceof PluginError;
}
