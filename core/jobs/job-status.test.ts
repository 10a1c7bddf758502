import { expect } from 'chai';
import { JOB_STATES, statusFilter, statusOf } from './job-status.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const past = new Date('2026-03-01T11:59:00.000Z');
const future = new Date('2026-03-01T12:01:00.000Z');

describe('statusOf', () => {
  it('when running, failed or completed, the status is the state', () => {
    for (const state of ['running', 'failed', 'completed'] as const) {
      expect(statusOf({ state, nextRunAt: future }, now)).to.equal(state);
      expect(statusOf({ state, nextRunAt: null }, now)).to.equal(state);
    }
  });

  it('when waiting, it is queued once due and scheduled before', () => {
    for (const state of ['queued', 'scheduled', 'retrying'] as const) {
      expect(statusOf({ state, nextRunAt: past }, now), state).to.equal('queued');
      expect(statusOf({ state, nextRunAt: now }, now), state).to.equal('queued');
      expect(statusOf({ state, nextRunAt: null }, now), state).to.equal('queued');
      expect(statusOf({ state, nextRunAt: future }, now), state).to.equal('scheduled');
    }
  });
});

/** Evaluates the few operators statusFilter uses, to check it against statusOf on every case. */
function matches(filter: Record<string, unknown>, doc: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$or') return (condition as Record<string, unknown>[]).some((branch) => matches(branch, doc));
    const value = doc[key];
    if (condition === null) return value === null || value === undefined;
    if (condition instanceof Date || typeof condition !== 'object') return value === condition;
    const ops = condition as Record<string, unknown>;
    if ('$in' in ops) return (ops.$in as unknown[]).includes(value);
    if ('$lte' in ops) return value instanceof Date && value.getTime() <= (ops.$lte as Date).getTime();
    if ('$gt' in ops) return value instanceof Date && value.getTime() > (ops.$gt as Date).getTime();
    throw new Error(`operator not understood: ${JSON.stringify(ops)}`);
  });
}

describe('statusFilter', () => {
  it('when applied to every state and run time, it selects exactly the documents statusOf maps to its status', () => {
    for (const state of JOB_STATES) {
      for (const nextRunAt of [null, past, now, future]) {
        const doc = { state, nextRunAt };
        const status = statusOf(doc, now);
        for (const candidate of ['queued', 'scheduled', 'running', 'failed', 'completed'] as const) {
          expect(
            matches(statusFilter(candidate, now), doc),
            `${state} ${String(nextRunAt)} as ${candidate}`,
          ).to.equal(candidate === status);
        }
      }
    }
  });
});
