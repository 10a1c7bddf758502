import { expect } from 'chai';
import { daysUntil } from './api-version.js';
import { ConnectorError } from './errors.js';
import { createCircuitBreaker, createKeyedLimiter } from './limits.js';
import { retryDelayMs, withRetries } from './retry.js';

const rateLimited = (retryAfterMs?: number) =>
  new ConnectorError('rate_limit', 'slow down', {
    code: 'TEST_RATE_LIMIT',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe('connectors/shared', () => {
  it('when a call is rate limited with an advised wait, the retry waits at least that long and then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw rateLimited(2_000);
        return 'ok';
      },
      { sleep: async (ms) => void waits.push(ms), random: () => 0 },
    );
    expect(result).to.equal('ok');
    expect(waits).to.deep.equal([2_000, 2_000]);
  });

  it('when an auth error is thrown, it is not retried', async () => {
    let calls = 0;
    const failure = await withRetries(
      async () => {
        calls += 1;
        throw new ConnectorError('auth', 'token expired', { code: 'TEST_TOKEN_EXPIRED' });
      },
      { sleep: async () => undefined },
    ).catch((error: unknown) => error);
    expect(calls).to.equal(1);
    expect(failure).to.be.instanceOf(ConnectorError);
  });

  it('when the advised wait exceeds the cap or retries run out, the error is thrown', async () => {
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        throw rateLimited(3_600_000);
      },
      { sleep: async () => undefined },
    ).catch(() => undefined);
    expect(calls).to.equal(1);
    calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        throw rateLimited();
      },
      { retries: 2, sleep: async () => undefined },
    ).catch(() => undefined);
    expect(calls).to.equal(3);
  });

  it('when no wait is advised, the delay is full jitter under the exponential ceiling', () => {
    expect(
      retryDelayMs(3, undefined, { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.999 }),
    ).to.equal(799);
    expect(retryDelayMs(10, undefined, { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5 })).to.equal(
      5_000,
    );
  });

  it('when more calls of one key than the limit run, the rest wait; other keys are not held up', async () => {
    const limiter = createKeyedLimiter(2);
    let peak = 0;
    let running = 0;
    const gates: (() => void)[] = [];
    const work = () =>
      limiter.run('tenant-a:meta', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
      });
    const all = [work(), work(), work(), work()];
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.active('tenant-a:meta')).to.equal(2);
    expect(await limiter.run('tenant-b:meta', async () => 'free')).to.equal('free');
    while (gates.length > 0 || running > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    expect(peak).to.equal(2);
    expect(limiter.active('tenant-a:meta')).to.equal(0);
  });

  it('when retryable failures reach the threshold, the circuit opens, then lets one call through after the cooldown', async () => {
    let clock = 0;
    const breaker = createCircuitBreaker({ threshold: 2, cooldownMs: 1_000, now: () => clock });
    const fail = () => breaker.run('k', async () => Promise.reject(rateLimited()));
    await fail().catch(() => undefined);
    await fail().catch(() => undefined);
    expect(breaker.state('k')).to.equal('open');
    const refused = await breaker.run('k', async () => 'never').catch((error: unknown) => error);
    expect((refused as ConnectorError).code).to.equal('CONNECTOR_CIRCUIT_OPEN');
    clock = 1_000;
    expect(breaker.state('k')).to.equal('half-open');
    expect(await breaker.run('k', async () => 'ok')).to.equal('ok');
    expect(breaker.state('k')).to.equal('closed');
  });

  it('when a sunset date is given, days left are counted in whole UTC days', () => {
    expect(daysUntil('2026-12-01', new Date('2026-11-25T23:00:00Z'))).to.equal(6);
    expect(daysUntil(null, new Date())).to.equal(null);
  });
});
