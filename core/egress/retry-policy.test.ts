import { expect } from 'chai';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  decideFailureRetry,
  decideStatusRetry,
  parseRetryAfterMs,
  resolveRetryPolicy,
} from './retry-policy.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const half = () => 0.5;

describe('parseRetryAfterMs', () => {
  it('when Retry-After is delta seconds, it is converted to milliseconds', () => {
    expect(parseRetryAfterMs('3', NOW)).to.equal(3000);
    expect(parseRetryAfterMs(' 0 ', NOW)).to.equal(0);
  });

  it('when Retry-After is an HTTP date, it is the time until then (never negative)', () => {
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 12:00:07 GMT', NOW)).to.equal(7000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).to.equal(0);
  });

  it('when Retry-After is absent or unreadable, it is undefined', () => {
    expect(parseRetryAfterMs(undefined, NOW)).to.equal(undefined);
    expect(parseRetryAfterMs('soon', NOW)).to.equal(undefined);
    expect(parseRetryAfterMs('1.5', NOW)).to.equal(undefined);
    expect(parseRetryAfterMs('-1', NOW)).to.equal(undefined);
  });
});

describe('backoffDelayMs', () => {
  it('when jitter is drawn, the delay is uniform below base · 2^retry, capped at the maximum', () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect(backoffDelayMs(0, policy, half)).to.equal(50);
    expect(backoffDelayMs(2, policy, half)).to.equal(200);
    expect(backoffDelayMs(10, policy, half)).to.equal(500);
    expect(backoffDelayMs(10, policy, () => 0.999999)).to.be.below(1000);
    expect(backoffDelayMs(3, policy, () => 0)).to.equal(0);
  });
});

describe('decideStatusRetry', () => {
  const base = { retryAfterMs: undefined, retryIndex: 0, policy: DEFAULT_RETRY_POLICY, random: half };

  it('when a GET answers a retry status, it is retried with back-off until retries run out', () => {
    expect(decideStatusRetry({ ...base, method: 'GET', status: 503 })).to.deep.equal({
      retry: true,
      delayMs: 125,
    });
    expect(decideStatusRetry({ ...base, method: 'GET', status: 503, retryIndex: 2 })).to.deep.equal({
      retry: false,
    });
  });

  it('when the status is not a retry status, it is not retried', () => {
    for (const status of [200, 400, 401, 404, 501])
      expect(decideStatusRetry({ ...base, method: 'GET', status }).retry).to.equal(false);
  });

  it('when Retry-After is within the maximum, it is the delay; beyond it, no retry', () => {
    expect(decideStatusRetry({ ...base, method: 'GET', status: 429, retryAfterMs: 4000 })).to.deep.equal({
      retry: true,
      delayMs: 4000,
    });
    expect(decideStatusRetry({ ...base, method: 'GET', status: 429, retryAfterMs: 60_000 }).retry).to.equal(
      false,
    );
  });

  it('when a POST or PATCH fails, only 429/503 with Retry-After are retried', () => {
    for (const method of ['POST', 'PATCH'] as const) {
      expect(decideStatusRetry({ ...base, method, status: 500 }).retry).to.equal(false);
      expect(decideStatusRetry({ ...base, method, status: 503 }).retry).to.equal(false);
      expect(decideStatusRetry({ ...base, method, status: 502, retryAfterMs: 1000 }).retry).to.equal(false);
      expect(decideStatusRetry({ ...base, method, status: 503, retryAfterMs: 1000 }).retry).to.equal(true);
      expect(decideStatusRetry({ ...base, method, status: 429, retryAfterMs: 0 }).retry).to.equal(true);
    }
  });

  it('when the caller narrows the statuses or disables retries, that wins', () => {
    const onlyFiveOhTwo = resolveRetryPolicy({ retryOnStatuses: [502] });
    expect(decideStatusRetry({ ...base, policy: onlyFiveOhTwo, method: 'GET', status: 503 }).retry).to.equal(
      false,
    );
    expect(decideStatusRetry({ ...base, policy: onlyFiveOhTwo, method: 'GET', status: 502 }).retry).to.equal(
      true,
    );
    const none = resolveRetryPolicy({ retries: 0 });
    expect(decideStatusRetry({ ...base, policy: none, method: 'GET', status: 503 }).retry).to.equal(false);
  });
});

describe('decideFailureRetry', () => {
  const base = { retryIndex: 1, policy: DEFAULT_RETRY_POLICY, random: half };

  it('when an idempotent request failed on the network, it is retried even after sending', () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const)
      expect(decideFailureRetry({ ...base, method, requestSent: true })).to.deep.equal({
        retry: true,
        delayMs: 250,
      });
  });

  it('when a POST or PATCH failed after its request may have been sent, it is not retried', () => {
    expect(decideFailureRetry({ ...base, method: 'POST', requestSent: true }).retry).to.equal(false);
    expect(decideFailureRetry({ ...base, method: 'PATCH', requestSent: true }).retry).to.equal(false);
    expect(decideFailureRetry({ ...base, method: 'POST', requestSent: false }).retry).to.equal(true);
  });

  it('when the retries are used up, it is not retried', () => {
    expect(decideFailureRetry({ ...base, retryIndex: 2, method: 'GET', requestSent: false }).retry).to.equal(
      false,
    );
  });
});
