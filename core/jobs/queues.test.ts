import { expect } from 'chai';
import { InputError } from '../errors/errors.js';
import {
  DEFAULT_QUEUE_POLICIES,
  JOB_QUEUES,
  lockLimitOf,
  pollIntervalOf,
  resolveQueuePolicies,
} from './queues.js';

describe('job queue policies', () => {
  it('when no overrides are given, each of the five queues has its own concurrency and priority', () => {
    const policies = resolveQueuePolicies();
    expect(Object.keys(policies)).to.deep.equal([...JOB_QUEUES]);
    expect(policies.ml).to.include({ concurrency: 1, priority: 'low' });
    expect(policies.rules).to.include({ concurrency: 4, priority: 'high' });
    expect(policies.sync).to.include({ concurrency: 2, lockLifetimeMs: 600_000 });
    expect(policies.intel.concurrency).to.equal(2);
    expect(policies.default.concurrency).to.equal(5);
  });

  it('when a queue is overridden, only the named fields change', () => {
    const policies = resolveQueuePolicies({ ml: { concurrency: 3, backoff: { baseDelayMs: 5 } } });
    expect(policies.ml).to.deep.equal({
      ...DEFAULT_QUEUE_POLICIES.ml,
      concurrency: 3,
      backoff: { ...DEFAULT_QUEUE_POLICIES.ml.backoff, baseDelayMs: 5 },
    });
    expect(policies.sync).to.deep.equal(DEFAULT_QUEUE_POLICIES.sync);
  });

  it('when an override is invalid, an InputError names the queue and field', () => {
    let error: unknown;
    try {
      resolveQueuePolicies({ rules: { concurrency: 0 } });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(InputError);
    expect(error).to.have.property('code', 'JOBS_QUEUE_POLICY_INVALID');
    expect((error as InputError).details).to.deep.equal([
      { path: 'rules.concurrency', message: 'Too small: expected number to be >=1' },
    ]);
    expect(() => resolveQueuePolicies({ sync: { backoff: { baseDelayMs: 10, maxDelayMs: 5 } } })).to.throw(
      InputError,
    );
  });

  it('when a queue has a higher priority it is polled more often; a worker locks at most twice its concurrency', () => {
    const policies = resolveQueuePolicies();
    expect(pollIntervalOf(policies.rules)).to.equal(1000);
    expect(pollIntervalOf(policies.default)).to.equal(2000);
    expect(pollIntervalOf(policies.ml)).to.equal(4000);
    expect(pollIntervalOf(policies.ml, 50)).to.equal(100);
    expect(lockLimitOf(policies.ml)).to.equal(2);
  });
});
