/**
 * The kinds of failure the host distinguishes. Each maps to exactly one HTTP status in
 * `core/http/error-mapping.ts`; nothing else in the code base names a status code.
 */
export type AppErrorKind =
  | 'internal'
  | 'input'
  | 'authentication'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'rate-limit'
  | 'unavailable';

/** Options every error accepts; `code` overrides the class default (`AREA_WHAT`). */
export interface AppErrorOptions {
  readonly code?: string;
  readonly details?: unknown;
  readonly cause?: unknown;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * Base of the typed error hierarchy. `code` is stable (`AREA_WHAT`, e.g. `AUTH_TOKEN_EXPIRED`)
 * and safe to show to API clients; `message` is human text safe to show as well; `details` is a
 * JSON-serialisable payload for clients (e.g. the invalid fields); `cause` is for logs only.
 */
export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly code: string;
  readonly details: unknown;

  constructor(kind: AppErrorKind, defaultCode: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const code = options.code ?? defaultCode;
    // A malformed code is a programming error; failing loudly keeps the catalogue consistent.
    if (!CODE_PATTERN.test(code)) throw new TypeError(`Error code "${code}" is not AREA_WHAT`);
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.details = options.details;
  }
}

/** Narrowing helper that also works across realms where `instanceof` might not. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
