import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitError } from '../errors/errors.js';

/**
 * Failed sign-ins allowed per account (an email, whether it exists or not) and per client IP
 * within a window. A success clears the account's counter; the IP's keeps counting failures.
 */
export interface LoginThrottlePolicy {
  readonly accountFailures: number;
  readonly accountWindowSec: number;
  readonly ipFailures: number;
  readonly ipWindowSec: number;
}

export const DEFAULT_LOGIN_THROTTLE_POLICY: LoginThrottlePolicy = {
  accountFailures: 10,
  accountWindowSec: 15 * 60,
  ipFailures: 100,
  ipWindowSec: 60 * 60,
};

export interface LoginThrottle {
  /** Throws RateLimitError (429, Retry-After) while the account or the IP is locked out. */
  assertAllowed(email: string, ip: string): Promise<void>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

export interface LoginThrottleOptions {
  readonly policy?: LoginThrottlePolicy;
  readonly redis?: Redis | undefined;
  readonly keyPrefix?: string;
}

function makeLimiter(
  points: number,
  duration: number,
  keyPrefix: string,
  redis: Redis | undefined,
): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix });
  if (redis === undefined) return memory;
  return new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, insuranceLimiter: memory });
}

// Redis keys must not carry an email address.
const accountKey = (email: string) =>
  createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32);

async function consumeIgnoringRejection(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  }
}

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const policy = options.policy ?? DEFAULT_LOGIN_THROTTLE_POLICY;
  const prefix = options.keyPrefix ?? 'stratum:login:';
  const byAccount = makeLimiter(
    policy.accountFailures,
    policy.accountWindowSec,
    `${prefix}account`,
    options.redis,
  );
  const byIp = makeLimiter(policy.ipFailures, policy.ipWindowSec, `${prefix}ip`, options.redis);

  const waitOf = (state: RateLimiterRes | null, limit: number): number | undefined =>
    state !== null && state.consumedPoints >= limit ? state.msBeforeNext : undefined;

  return {
    async assertAllowed(email, ip) {
      const [account, client] = await Promise.all([byAccount.get(accountKey(email)), byIp.get(ip)]);
      const waits = [waitOf(account, policy.accountFailures), waitOf(client, policy.ipFailures)].filter(
        (wait): wait is number => wait !== undefined,
      );
      if (waits.length > 0) {
        throw new RateLimitError('Too many failed sign-in attempts; try again later', {
          code: 'AUTH_LOGIN_THROTTLED',
          retryAfterMs: Math.max(...waits, 1000),
        });
      }
    },
    async recordFailure(email, ip) {
      await Promise.all([
        consumeIgnoringRejection(byAccount, accountKey(email)),
        consumeIgnoringRejection(byIp, ip),
      ]);
    },
    async recordSuccess(email) {
      await byAccount.delete(accountKey(email));
    },
  };
}
