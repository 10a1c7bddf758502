/**
 * Per-key (tenant + platform) concurrency limits and a circuit breaker, so one tenant's large
 * sync cannot flood a platform's quota and a failing platform is left alone for a while.
 */
import { ConnectorError } from './errors.js';

export interface KeyedLimiter {
  /** Runs `work` once fewer than `maxConcurrent` calls of `key` are running. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  active(key: string): number;
}

export function createKeyedLimiter(maxConcurrent: number): KeyedLimiter {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
    throw new RangeError('maxConcurrent must be ≥ 1');
  const running = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  const release = (key: string) => {
    const queue = waiting.get(key);
    const next = queue?.shift();
    if (queue !== undefined && queue.length === 0) waiting.delete(key);
    if (next !== undefined) {
      next();
      return;
    }
    const count = (running.get(key) ?? 1) - 1;
    if (count === 0) running.delete(key);
    else running.set(key, count);
  };
  return {
    async run(key, work) {
      const count = running.get(key) ?? 0;
      if (count < maxConcurrent) running.set(key, count + 1);
      else
        await new Promise<void>((resolve) => {
          const queue = waiting.get(key) ?? [];
          queue.push(resolve);
          waiting.set(key, queue);
        });
      try {
        return await work();
      } finally {
        release(key);
      }
    },
    active: (key) => running.get(key) ?? 0,
  };
}

export interface CircuitBreakerOptions {
  /** Consecutive retryable failures that open the circuit (default 10). */
  readonly threshold?: number;
  /** How long an open circuit refuses calls before letting one through (default 60 s). */
  readonly cooldownMs?: number;
  readonly now?: () => number;
}

export interface CircuitBreaker {
  /** Throws a transient ConnectorError (`CONNECTOR_CIRCUIT_OPEN`) while open; else runs `work`. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  state(key: string): 'closed' | 'open' | 'half-open';
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.threshold ?? 10;
  const cooldownMs = options.cooldownMs ?? 60_000;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number>();
  const openedAt = new Map<string, number>();
  const state = (key: string): 'closed' | 'open' | 'half-open' => {
    const opened = openedAt.get(key);
    if (opened === undefined) return 'closed';
    return now() - opened >= cooldownMs ? 'half-open' : 'open';
  };
  return {
    state,
    async run(key, work) {
      const current = state(key);
      if (current === 'open') {
        const waitMs = cooldownMs - (now() - (openedAt.get(key) ?? now()));
        throw new ConnectorError(
          'transient',
          'The platform failed repeatedly; calls are paused for a while',
          {
            code: 'CONNECTOR_CIRCUIT_OPEN',
            retryAfterMs: Math.max(0, waitMs),
          },
        );
      }
      try {
        const result = await work();
        failures.delete(key);
        openedAt.delete(key);
        return result;
      } catch (error) {
        const retryable = error instanceof ConnectorError && error.retryable;
        if (retryable) {
          const count = (failures.get(key) ?? 0) + 1;
          failures.set(key, count);
          if (count >= threshold || current === 'half-open') openedAt.set(key, now());
        }
        throw error;
      }
    },
  };
}
