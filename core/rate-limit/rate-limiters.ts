import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { assertPolicy } from './rate-limit-policy.js';
import type { RateLimitPolicy } from './rate-limit-policy.js';

/** The outcome of one consumption, with what the RateLimit-* headers need. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Sustained points per window. */
  readonly limit: number;
  readonly remaining: number;
  /** Until the current window resets. */
  readonly resetMs: number;
}

export interface RateLimiters<S extends string> {
  consume(scope: S, key: string, points?: number): Promise<RateLimitDecision>;
  /** Forgets a key, e.g. a successful login clears its failed-attempt counter. */
  reset(scope: S, key: string): Promise<void>;
}

export interface RateLimitersOptions<S extends string> {
  readonly policies: Readonly<Record<S, RateLimitPolicy>>;
  /** Shared counters across processes; otherwise counters live in this process. */
  readonly redis?: Redis | undefined;
  readonly keyPrefix?: string;
}

interface Bucket {
  readonly limiter: BurstyRateLimiter | RateLimiterAbstract;
  readonly parts: readonly RateLimiterAbstract[];
  readonly policy: RateLimitPolicy;
}

function makeLimiter(
  points: number,
  durationSec: number,
  keyPrefix: string,
  redis: Redis | undefined,
): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: durationSec, keyPrefix });
  if (redis === undefined) return memory;
  // While Redis is unreachable each process falls back to its own in-memory counter.
  return new RateLimiterRedis({
    storeClient: redis,
    points,
    duration: durationSec,
    keyPrefix,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

function makeBucket(
  scope: string,
  policy: RateLimitPolicy,
  prefix: string,
  redis: Redis | undefined,
): Bucket {
  assertPolicy(scope, policy);
  const sustained = makeLimiter(policy.points, policy.durationSec, `${prefix}${scope}`, redis);
  if (policy.burstPoints === undefined || policy.burstDurationSec === undefined)
    return { limiter: sustained, parts: [sustained], policy };
  const burst = makeLimiter(policy.burstPoints, policy.burstDurationSec, `${prefix}${scope}:burst`, redis);
  return { limiter: new BurstyRateLimiter(sustained, burst), parts: [sustained, burst], policy };
}

function decision(allowed: boolean, result: RateLimiterRes, policy: RateLimitPolicy): RateLimitDecision {
  return {
    allowed,
    limit: policy.points,
    remaining: Math.max(0, result.remainingPoints),
    resetMs: Math.max(0, result.msBeforeNext),
  };
}

/**
 * One limiter per named scope (`ip`, `principal`, `tenant`, or e.g. `login-account`), backed by
 * rate-limiter-flexible in memory or in Redis. Keys are whatever identifies the caller in that
 * scope. While Redis is unreachable, each process counts in memory instead (insurance limiter).
 */
export function createRateLimiters<S extends string>(options: RateLimitersOptions<S>): RateLimiters<S> {
  const prefix = options.keyPrefix ?? 'stratum:rl:';
  const buckets = new Map<string, Bucket>();
  for (const [scope, policy] of Object.entries(options.policies) as [S, RateLimitPolicy][]) {
    buckets.set(scope, makeBucket(scope, policy, prefix, options.redis));
  }
  const bucketOf = (scope: S): Bucket => {
    const bucket = buckets.get(scope);
    if (bucket === undefined) throw new TypeError(`Unknown rate limit scope "${scope}"`);
    return bucket;
  };

  return {
    async consume(scope, key, points = 1) {
      const bucket = bucketOf(scope);
      try {
        return decision(true, await bucket.limiter.consume(key, points), bucket.policy);
      } catch (rejection) {
        // Store outages are absorbed by the in-memory insurance limiter; anything else is a bug.
        if (rejection instanceof RateLimiterRes) return decision(false, rejection, bucket.policy);
        throw rejection;
      }
    },
    async reset(scope, key) {
      await Promise.all(bucketOf(scope).parts.map((part) => part.delete(key)));
    },
  };
}
