import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { assertPolicy, DEFAULT_RATE_LIMIT_POLICIES } from './rate-limit-policy.js';
import { createRateLimiters } from './rate-limiters.js';
import { rateLimitersContract } from './rate-limiters.contract.js';

describe('rate limiters (memory)', () => {
  rateLimitersContract((policies) => createRateLimiters({ policies }));

  it('when the default policies are built, every scope is usable', async () => {
    const limiters = createRateLimiters({ policies: DEFAULT_RATE_LIMIT_POLICIES });
    for (const scope of ['ip', 'principal', 'tenant'] as const)
      expect((await limiters.consume(scope, 'x')).allowed).to.equal(true);
  });

  it('when two limiter sets exist, their counters are independent (no shared state)', async () => {
    const first = createRateLimiters({ policies: { s: { points: 1, durationSec: 60 } } });
    const second = createRateLimiters({ policies: { s: { points: 1, durationSec: 60 } } });
    await first.consume('s', 'k');
    expect((await first.consume('s', 'k')).allowed).to.equal(false);
    expect((await second.consume('s', 'k')).allowed).to.equal(true);
  });

  it('when Redis is not ready, the in-memory insurance limiter keeps limiting', async () => {
    const notReady = { status: 'reconnecting', defineCommand: () => undefined } as unknown as Redis;
    const limiters = createRateLimiters({ policies: { s: { points: 2, durationSec: 60 } }, redis: notReady });
    const allowed = [];
    for (let call = 0; call < 3; call += 1) allowed.push((await limiters.consume('s', 'k')).allowed);
    expect(allowed).to.deep.equal([true, true, false]);
  });

  for (const bad of [
    { points: 0, durationSec: 1 },
    { points: 1.5, durationSec: 1 },
    { points: 1, durationSec: -1 },
    { points: 1, durationSec: 1, burstPoints: 5 },
  ]) {
    it(`when a policy is ${JSON.stringify(bad)}, it is refused`, () => {
      expect(() => assertPolicy('s', bad)).to.throw(TypeError);
      expect(() => createRateLimiters({ policies: { s: bad } })).to.throw(TypeError);
    });
  }
});
