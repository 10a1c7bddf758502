import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { cacheContract } from '../../core/cache/cache.contract.js';
import { createCache } from '../../core/cache/create-cache.js';
import { createRedisCache } from '../../core/cache/redis-cache.js';
import { connectRedis, describeRedisUrl, redisHealthCheck } from '../../core/cache/redis-connection.js';
import { UnavailableError } from '../../core/errors/errors.js';
import { connectTestRedis, deleteKeys, uniqueKeyPrefix } from './support/redis.js';

describe('RedisCache (real Redis)', () => {
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

  cacheContract(() => createRedisCache(redis, { keyPrefix: prefix }));

  it('when an entry is stored, its key is namespaced by prefix and tenant hash tag with a PX TTL', async () => {
    const cache = createRedisCache(redis, { keyPrefix: prefix });
    await cache.set({ tenantId: 'acme', key: 'kpis:q1' }, { roas: 2 }, 60_000);
    const key = `${prefix}cache:{acme}:kpis:q1`;
    expect(await redis.get(key)).to.equal('0|{"roas":2}');
    const ttl = await redis.pttl(key);
    expect(ttl).to.be.within(1, 60_000);
  });

  it('when two processes share Redis, a bump in one invalidates entries seen by the other', async () => {
    const first = createRedisCache(redis, { keyPrefix: prefix });
    const second = createCache({ redis, keyPrefix: prefix });
    await first.set({ tenantId: 'shared', key: 'kpis' }, 'v0', 60_000);
    expect(await second.get({ tenantId: 'shared', key: 'kpis' })).to.equal('v0');
    await second.bumpDataVersion('shared');
    expect(await first.get({ tenantId: 'shared', key: 'kpis' })).to.equal(undefined);
  });

  it('when Redis is unreachable, connectRedis fails with REDIS_UNAVAILABLE without leaking the password', async () => {
    const error = await connectRedis('redis://user:hunter2@127.0.0.1:1/0', { connectTimeoutMs: 300 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(UnavailableError).with.property('code', 'REDIS_UNAVAILABLE');
    expect((error as Error).message).to.equal('Redis is unreachable at redis://127.0.0.1:1/0');
    expect(describeRedisUrl('rediss://:pw@h:6380')).to.equal('rediss://h:6380');
  });

  it('when Redis answers PING, its health check is up with a latency; when disconnected, down', async () => {
    const result = await redisHealthCheck(redis)();
    expect(result.status).to.equal('up');
    expect(result.latencyMs).to.be.a('number');
    const closed = await connectRedis('redis://127.0.0.1:6379/0', { connectTimeoutMs: 500 });
    closed.disconnect();
    expect(await redisHealthCheck(closed)()).to.deep.include({ status: 'down' });
  });
});
