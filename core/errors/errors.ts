import { AppError } from './app-error.js';
import type { AppErrorOptions } from './app-error.js';

/** One invalid field of a request or command, as listed in `InputError.details`. */
export interface FieldIssue {
  /** Dotted path inside the location, `''` for the whole value. */
  readonly path: string;
  readonly message: string;
  /** Where the field was: `body`, `query`, `params`, `headers`, or a domain-specific place. */
  readonly in?: string;
}

/** The caller sent something malformed or invalid (400). */
export class InputError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('input', 'INPUT_INVALID', message, options);
  }
}

/** No or bad credentials (401). */
export class AuthenticationError extends AppError {
  constructor(message = 'Authentication required', options: AppErrorOptions = {}) {
    super('authentication', 'AUTH_UNAUTHENTICATED', message, options);
  }
}

/** Authenticated but not allowed (403). */
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed', options: AppErrorOptions = {}) {
    super('forbidden', 'AUTH_FORBIDDEN', message, options);
  }
}

/** Missing, or belonging to another tenant: both look the same to the caller (404). */
export class NotFoundError extends AppError {
  constructor(message = 'Not found', options: AppErrorOptions = {}) {
    super('not-found', 'RESOURCE_NOT_FOUND', message, options);
  }
}

/** The change clashes with the current state, e.g. a duplicate (409). */
export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('conflict', 'RESOURCE_CONFLICT', message, options);
  }
}

/** The payload exceeds a size limit (413). */
export class PayloadTooLargeError extends AppError {
  constructor(message = 'Payload too large', options: AppErrorOptions = {}) {
    super('payload-too-large', 'HTTP_PAYLOAD_TOO_LARGE', message, options);
  }
}

/** The payload's media type is not accepted (415). */
export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Unsupported media type', options: AppErrorOptions = {}) {
    super('unsupported-media-type', 'HTTP_UNSUPPORTED_MEDIA_TYPE', message, options);
  }
}

/** Well-formed and valid, yet impossible in the current state (422). */
export class UnprocessableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('unprocessable', 'INPUT_UNPROCESSABLE', message, options);
  }
}

/** Options of errors that tell the caller when to come back. */
export interface RetryableErrorOptions extends AppErrorOptions {
  readonly retryAfterMs?: number;
}

/** Too many requests; `retryAfterMs` says when the next attempt can succeed (429). */
export class RateLimitError extends AppError {
  readonly retryAfterMs: number;

  constructor(message = 'Too many requests', options: RetryableErrorOptions = {}) {
    super('rate-limit', 'RATE_LIMIT_EXCEEDED', message, options);
    this.retryAfterMs = Math.max(0, options.retryAfterMs ?? 1000);
  }
}

/** A dependency or the host itself is not able to serve right now (503). */
export class UnavailableError extends AppError {
  readonly retryAfterMs: number | undefined;

  constructor(message = 'Service unavailable', options: RetryableErrorOptions = {}) {
    super('unavailable', 'SERVICE_UNAVAILABLE', message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}
