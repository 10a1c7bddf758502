import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { createRateLimiters } from '../../core/rate-limit/rate-limiters.js';
import { rateLimitersContract } from '../../core/rate-limit/rate-limiters.contract.js';
import { connectTestRedis, deleteKeys, uniqueKeyPrefix } from './support/redis.js';

describe('rate limiters (real Redis)', () => {
  let redis: Redis;
  const prefix = uniqueKeyPrefix();
  before(async function () {
    redis = await connectTestRedis(this);
  });
  after(async () => {
    if (redis === undefined) return;
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  let run = 0;
  rateLimitersContract((policies) =>
    createRateLimiters({ policies, redis, keyPrefix: `${prefix}${(run += 1)}:` }),
  );

  it('when two processes share Redis, they share one budget', async () => {
    const keyPrefix = `${prefix}shared:`;
    const policies = { s: { points: 2, durationSec: 60 } };
    const first = createRateLimiters({ policies, redis, keyPrefix });
    const second = createRateLimiters({ policies, redis, keyPrefix });
    await first.consume('s', 'k');
    await second.consume('s', 'k');
    expect((await first.consume('s', 'k')).allowed).to.equal(false);
    expect(await redis.exists(`${keyPrefix}s:k`)).to.equal(1);
  });
});
