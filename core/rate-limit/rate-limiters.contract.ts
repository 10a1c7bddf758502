import { expect } from 'chai';
import type { RateLimitPolicy } from './rate-limit-policy.js';
import type { RateLimiters } from './rate-limiters.js';

type Scope = 'tight' | 'bursty' | 'other';
const POLICIES: Record<Scope, RateLimitPolicy> = {
  tight: { points: 3, durationSec: 60 },
  bursty: { points: 2, durationSec: 60, burstPoints: 2, burstDurationSec: 120 },
  other: { points: 3, durationSec: 60 },
};

/** Behaviour shared by the in-memory and Redis limiters; `make` builds a fresh namespace. */
export function rateLimitersContract(
  make: (policies: Record<Scope, RateLimitPolicy>) => RateLimiters<Scope>,
): void {
  let limiters: RateLimiters<Scope>;
  beforeEach(() => {
    limiters = make(POLICIES);
  });

  it('when a key stays within its points, every call is allowed and remaining counts down', async () => {
    const results = [
      await limiters.consume('tight', 'k'),
      await limiters.consume('tight', 'k'),
      await limiters.consume('tight', 'k'),
    ];
    expect(results.map((result) => result.allowed)).to.deep.equal([true, true, true]);
    expect(results.map((result) => result.remaining)).to.deep.equal([2, 1, 0]);
    expect(results[0]?.limit).to.equal(3);
  });

  it('when a key exceeds its points, the call is refused with the time until the window resets', async () => {
    for (let call = 0; call < 3; call += 1) await limiters.consume('tight', 'k');
    const refused = await limiters.consume('tight', 'k');
    expect(refused.allowed).to.equal(false);
    expect(refused.remaining).to.equal(0);
    expect(refused.resetMs).to.be.within(58_000, 60_000);
  });

  it('when one key is exhausted, other keys and other scopes are unaffected', async () => {
    for (let call = 0; call < 4; call += 1) await limiters.consume('tight', 'a');
    expect((await limiters.consume('tight', 'b')).allowed).to.equal(true);
    expect((await limiters.consume('other', 'a')).allowed).to.equal(true);
  });

  it('when the sustained budget is spent, the burst allowance admits extra calls, then refuses', async () => {
    const allowed: boolean[] = [];
    for (let call = 0; call < 5; call += 1) allowed.push((await limiters.consume('bursty', 'k')).allowed);
    expect(allowed).to.deep.equal([true, true, true, true, false]);
  });

  it('when a key is reset, its budget is whole again', async () => {
    for (let call = 0; call < 4; call += 1) await limiters.consume('bursty', 'k');
    await limiters.reset('bursty', 'k');
    expect((await limiters.consume('bursty', 'k')).remaining).to.equal(1);
  });

  it('when several points are consumed at once, they count as several', async () => {
    expect((await limiters.consume('tight', 'k', 3)).remaining).to.equal(0);
    expect((await limiters.consume('tight', 'k')).allowed).to.equal(false);
  });

  it('when an unknown scope is used, the call rejects', async () => {
    const error = await limiters.consume('nope' as Scope, 'k').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(TypeError);
  });
}
