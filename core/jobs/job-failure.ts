/**
 * What a failed attempt means for the job: retried after a back-off, failed for good, or handed
 * back to the queue because the worker is shutting down.
 */
import { isAppError } from '../errors/app-error.js';

/** The cap on a delay an error asks for (`retryAfterMs`), so a bogus header cannot park a job for ever. */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;
/** failReason is shown to admins: one line, bounded. */
export const MAX_FAIL_REASON_CHARS = 500;

export interface BackoffInput {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** What the failed call asked for (Retry-After), if anything. */
  readonly retryAfterMs?: number | undefined;
  /** Uniform in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/**
 * Exponential back-off with full jitter: uniform in [0, min(max, base × 2^(attempt-1))], so
 * workers that failed together do not retry together. An error's `retryAfterMs` is a floor
 * (the platform said when it will answer again), capped at {@link MAX_RETRY_AFTER_MS}.
 */
export function backoffDelayMs(input: BackoffInput): number {
  const random = input.random ?? Math.random;
  const exponent = Math.min(Math.max(input.attempt - 1, 0), 40);
  const ceiling = Math.min(input.maxDelayMs, input.baseDelayMs * 2 ** exponent);
  const jittered = Math.floor(random() * (ceiling + 1));
  const floor =
    input.retryAfterMs === undefined ? 0 : Math.min(Math.max(input.retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  return Math.max(floor, Math.min(jittered, ceiling));
}

/** A handler ran past its `timeoutMs`; its signal was aborted with this reason. */
export class JobTimeoutError extends Error {
  readonly code = 'JOBS_TIMEOUT';
  /** A timeout is worth another try: the next attempt may find the downstream faster. */
  readonly retryable = true;

  constructor(timeoutMs: number) {
    super(`Job timed out after ${timeoutMs} ms`);
    this.name = 'JobTimeoutError';
  }
}

/** The worker is stopping; the job goes back to the queue for another worker. */
export class JobInterruptedError extends Error {
  readonly code = 'JOBS_INTERRUPTED';

  constructor(message = 'Worker shut down while the job was running') {
    super(message);
    this.name = 'JobInterruptedError';
  }
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const NETWORK_ERROR_NAMES = new Set([
  'TimeoutError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
]);

function fieldOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function isNetworkish(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 3) return false;
  const code = fieldOf(error, 'code');
  const name = fieldOf(error, 'name');
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  if (typeof name === 'string' && NETWORK_ERROR_NAMES.has(name)) return true;
  // fetch() rejects with TypeError('fetch failed') and the socket error as its cause.
  return isNetworkish(fieldOf(error, 'cause'), depth + 1);
}

/**
 * The default retry rule: errors that say `retryable === true` (a PluginError of kind
 * `transient`, a job timeout), the host's `rate-limit` and `unavailable` errors, and network-ish
 * failures (socket codes, fetch failures, driver network errors). `retryable === false` wins.
 */
export function isRetryableByDefault(error: unknown): boolean {
  const retryable = fieldOf(error, 'retryable');
  if (retryable === false) return false;
  if (retryable === true) return true;
  if (isAppError(error)) return error.kind === 'rate-limit' || error.kind === 'unavailable';
  return isNetworkish(error);
}

/** The delay an error asks for, when it carries a sane `retryAfterMs`. */
export function retryAfterOf(error: unknown): number | undefined {
  const value = fieldOf(error, 'retryAfterMs');
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The reason stored and shown to admins: the error's stable code and its message, one line,
 * bounded. Never a stack trace.
 */
export function failReasonOf(error: unknown): string {
  const code = fieldOf(error, 'code');
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Job failed';
  const prefix = typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? `${code}: ` : '';
  const line = `${prefix}${message}`.replace(/\s+/g, ' ').trim();
  return line.length > MAX_FAIL_REASON_CHARS ? `${line.slice(0, MAX_FAIL_REASON_CHARS - 1)}…` : line;
}

/**
 * What the job wrapper throws back to agenda after a failed attempt: agenda records `message`
 * as failReason, and the back-off hook reads `retryDelayMs` (null: no retry).
 */
export class JobAttemptFailure extends Error {
  readonly retryDelayMs: number | null;

  constructor(reason: string, retryDelayMs: number | null) {
    super(reason);
    this.name = 'JobAttemptFailure';
    this.retryDelayMs = retryDelayMs;
  }
}
