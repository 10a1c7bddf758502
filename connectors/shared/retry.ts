/**
 * Retries of a connector call: only rate-limit and transient failures, with full-jitter
 * exponential back-off, never before the wait the platform advised (`retryAfterMs`), never after
 * the caller aborted. Auth, permission, invalid-request and not-found failures are thrown at once.
 */
import { isConnectorError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 5). */
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A platform's advised wait longer than this is not waited for: the error is thrown (default 15 min). */
  readonly maxAdvisedWaitMs?: number;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  /** Called before each wait (metrics: time spent waiting on rate limits). */
  readonly onWait?: (info: {
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: unknown;
  }) => void;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before retry number `retryIndex` (0-based): at least the advised wait, else full jitter. */
export function retryDelayMs(
  retryIndex: number,
  advisedMs: number | undefined,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {},
): number {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 60_000;
  const jitter = Math.floor((options.random ?? Math.random)() * Math.min(max, base * 2 ** retryIndex));
  return advisedMs === undefined ? jitter : Math.max(advisedMs, jitter);
}

export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? 5;
  const sleep = options.sleep ?? abortableSleep;
  const maxAdvised = options.maxAdvisedWaitMs ?? 15 * 60_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (!isConnectorError(error) || !error.retryable || attempt > retries) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > maxAdvised) throw error;
      const delayMs = retryDelayMs(attempt - 1, error.retryAfterMs, options);
      options.onWait?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
