import { expect } from 'chai';
import { InputError, RateLimitError, UnavailableError } from '../errors/errors.js';
import { PluginError } from '../plugin-api/index.js';
import {
  JobTimeoutError,
  MAX_FAIL_REASON_CHARS,
  MAX_RETRY_AFTER_MS,
  backoffDelayMs,
  failReasonOf,
  isRetryableByDefault,
  retryAfterOf,
} from './job-failure.js';

describe('backoffDelayMs', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 30_000 };

  it('when the jitter draws its maximum, the delay is base × 2^(attempt-1)', () => {
    const top = () => 0.999_999_9;
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs({ attempt, ...policy, random: top }))).to.deep.equal([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('when the exponential outgrows maxDelayMs, the ceiling is maxDelayMs', () => {
    expect(backoffDelayMs({ attempt: 10, ...policy, random: () => 0.999_999_9 })).to.equal(30_000);
    expect(backoffDelayMs({ attempt: 500, ...policy, random: () => 0.999_999_9 })).to.equal(30_000);
  });

  it('when the jitter draws 0 or a middle value, the delay is full jitter within [0, ceiling]', () => {
    expect(backoffDelayMs({ attempt: 3, ...policy, random: () => 0 })).to.equal(0);
    expect(backoffDelayMs({ attempt: 3, ...policy, random: () => 0.5 })).to.equal(2000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs({ attempt: 2, ...policy });
      expect(delay).to.be.within(0, 2000);
    }
  });

  it('when the error asks for retryAfterMs, that is the floor, capped at six hours', () => {
    expect(backoffDelayMs({ attempt: 1, ...policy, retryAfterMs: 7000, random: () => 0 })).to.equal(7000);
    expect(backoffDelayMs({ attempt: 5, ...policy, retryAfterMs: 10, random: () => 0.999_999_9 })).to.equal(
      16_000,
    );
    expect(
      backoffDelayMs({ attempt: 1, ...policy, retryAfterMs: 10 * MAX_RETRY_AFTER_MS, random: () => 0 }),
    ).to.equal(MAX_RETRY_AFTER_MS);
  });
});

describe('isRetryableByDefault', () => {
  it('when a PluginError is transient it is retried; config, auth and system ones are not', () => {
    expect(isRetryableByDefault(new PluginError('transient', 'busy'))).to.equal(true);
    for (const kind of ['config', 'auth', 'system'] as const)
      expect(isRetryableByDefault(new PluginError(kind, 'no')), kind).to.equal(false);
  });

  it('when the host says rate-limited or unavailable it is retried; an input error is not', () => {
    expect(isRetryableByDefault(new RateLimitError())).to.equal(true);
    expect(isRetryableByDefault(new UnavailableError())).to.equal(true);
    expect(isRetryableByDefault(new InputError('bad'))).to.equal(false);
  });

  it('when the failure is network-ish (socket code, fetch cause, driver name, timeout) it is retried', () => {
    expect(isRetryableByDefault(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).to.equal(true);
    const fetchFailure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(isRetryableByDefault(fetchFailure)).to.equal(true);
    expect(isRetryableByDefault(Object.assign(new Error('x'), { name: 'MongoNetworkError' }))).to.equal(true);
    expect(isRetryableByDefault(new JobTimeoutError(100))).to.equal(true);
  });

  it('when the failure is a plain bug or not an error at all, it is not retried', () => {
    expect(isRetryableByDefault(new TypeError('undefined is not a function'))).to.equal(false);
    expect(isRetryableByDefault('ECONNRESET')).to.equal(false);
    expect(isRetryableByDefault(null)).to.equal(false);
    expect(
      isRetryableByDefault(Object.assign(new Error('x'), { code: 'ECONNRESET', retryable: false })),
    ).to.equal(false);
  });
});

describe('retryAfterOf and failReasonOf', () => {
  it('when retryAfterMs is a sane number it is read; otherwise ignored', () => {
    expect(retryAfterOf(new PluginError('transient', 'x', { retryAfterMs: 1200 }))).to.equal(1200);
    expect(retryAfterOf({ retryAfterMs: -1 })).to.equal(undefined);
    expect(retryAfterOf({ retryAfterMs: '5' })).to.equal(undefined);
    expect(retryAfterOf(new Error('x'))).to.equal(undefined);
  });

  it('when an error has a stable code, the reason is "CODE: message" on one line without the stack', () => {
    const error = new PluginError('config', 'Missing\n  account id', { code: 'META_ACCOUNT_MISSING' });
    expect(failReasonOf(error)).to.equal('META_ACCOUNT_MISSING: Missing account id');
    expect(failReasonOf(new Error('plain'))).to.equal('plain');
    expect(failReasonOf(Object.assign(new Error('odd'), { code: 'not a code' }))).to.equal('odd');
    expect(failReasonOf(42)).to.equal('Job failed');
  });

  it('when the message is huge, the reason is cut to its limit', () => {
    const reason = failReasonOf(new Error('x'.repeat(5000)));
    expect(reason).to.have.lengthOf(MAX_FAIL_REASON_CHARS);
    expect(reason.endsWith('…')).to.equal(true);
  });
});
