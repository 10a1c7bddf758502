import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../../core/cache/redis-connection.js';

/** The Redis that integration tests use; the machine and CI both run one here. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379/0';

// Test-only: CI is the one variable a test may read, to turn "Redis missing" into a failure.
const RUNNING_IN_CI = process.env.CI === 'true';

/**
 * Connects to the test Redis. When it is unreachable: under CI=true the hook fails (a missing
 * service must never look green); elsewhere the suite is skipped with the reason printed.
 */
export async function connectTestRedis(context: Mocha.Context): Promise<Redis> {
  try {
    return await connectRedis(TEST_REDIS_URL, { connectTimeoutMs: 1000, connectionName: 'stratum-test' });
  } catch (error) {
    if (RUNNING_IN_CI)
      throw new Error(`Redis is required under CI=true but unreachable at ${TEST_REDIS_URL}`, {
        cause: error,
      });
    console.warn(
      `      skipped: Redis unreachable at ${TEST_REDIS_URL} (set CI=true to make this a failure)`,
    );
    context.skip();
  }
}

/** A key prefix no other test run uses, so runs in parallel cannot see each other's keys. */
export function uniqueKeyPrefix(): string {
  return `stratum-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS, even in tests). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
