import type { EgressRequest, EgressRetryOptions } from '../plugin-api/context.js';

/** Retry options with every default filled in. */
export interface RetryPolicy {
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly retryOnStatuses: ReadonlySet<number>;
}

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly delayMs: number };

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 2,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  retryOnStatuses: new Set([429, 500, 502, 503, 504]),
});

const NO_RETRY: RetryDecision = { retry: false };
const IDEMPOTENT_METHODS: ReadonlySet<EgressRequest['method']> = new Set(['GET', 'PUT', 'DELETE']);
/** Statuses by which a server says it did not process the request (with `Retry-After`). */
const NOT_PROCESSED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export function resolveRetryPolicy(options: EgressRetryOptions | undefined): RetryPolicy {
  return {
    retries: options?.retries ?? DEFAULT_RETRY_POLICY.retries,
    baseDelayMs: options?.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options?.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    retryOnStatuses:
      options?.retryOnStatuses === undefined
        ? DEFAULT_RETRY_POLICY.retryOnStatuses
        : new Set(options.retryOnStatuses),
  };
}

export function isIdempotentMethod(method: EgressRequest['method']): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

/** `Retry-After` as milliseconds from now: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Full-jitter exponential back-off: uniform in [0, min(max, base · 2^retryIndex)). */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

export interface StatusRetryInput {
  readonly method: EgressRequest['method'];
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  /** Retries already made (0 after the first attempt). */
  readonly retryIndex: number;
  readonly policy: RetryPolicy;
  readonly random: () => number;
}

/**
 * Whether an answered attempt is repeated. POST and PATCH are repeated only on 429/503 that
 * carry `Retry-After` (the server says it did not act on the request). A `Retry-After` beyond
 * `maxDelayMs` ends the retries: the caller gets the response and can schedule a later run.
 */
export function decideStatusRetry(input: StatusRetryInput): RetryDecision {
  const { method, status, retryAfterMs, policy } = input;
  if (input.retryIndex >= policy.retries || !policy.retryOnStatuses.has(status)) return NO_RETRY;
  if (!isIdempotentMethod(method) && !(NOT_PROCESSED_STATUSES.has(status) && retryAfterMs !== undefined))
    return NO_RETRY;
  if (retryAfterMs !== undefined)
    return retryAfterMs > policy.maxDelayMs ? NO_RETRY : { retry: true, delayMs: retryAfterMs };
  return { retry: true, delayMs: backoffDelayMs(input.retryIndex, policy, input.random) };
}

export interface FailureRetryInput {
  readonly method: EgressRequest['method'];
  /** Whether the request may have reached the server (the socket had connected). */
  readonly requestSent: boolean;
  readonly retryIndex: number;
  readonly policy: RetryPolicy;
  readonly random: () => number;
}

/**
 * Whether a network failure or timeout is repeated. POST and PATCH only when nothing was sent
 * (refused connection, DNS failure, connect timeout), so a repeat cannot act twice.
 */
export function decideFailureRetry(input: FailureRetryInput): RetryDecision {
  if (input.retryIndex >= input.policy.retries) return NO_RETRY;
  if (!isIdempotentMethod(input.method) && input.requestSent) return NO_RETRY;
  return { retry: true, delayMs: backoffDelayMs(input.retryIndex, input.policy, input.random) };
}
