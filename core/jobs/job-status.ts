/**
 * A job's status as admins see it, derived from the `state` our wrapper records and agenda's
 * `nextRunAt`. The same rule exists twice — as a filter for the database and as a function of
 * one document — and the unit test keeps them in step.
 */
import { assertNever } from '../errors/assert-never.js';

/** Statuses of the API (`GET /jobs?status=`). */
export const JOB_STATUSES = ['queued', 'scheduled', 'running', 'failed', 'completed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * What the service stores in `state`:
 * - `queued`: waiting to run (new, re-queued by retry() or by a worker's shutdown);
 * - `scheduled`: a repeating job between runs;
 * - `retrying`: failed, with another attempt at `nextRunAt`;
 * - `running`: an attempt started and has not ended (or its worker died and the lock has not expired);
 * - `completed`: a one-off job that succeeded;
 * - `failed`: failed for good (a repeating job stays scheduled: `nextRunAt` is its next run).
 */
export const JOB_STATES = ['queued', 'scheduled', 'retrying', 'running', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

const WAITING_STATES: readonly JobState[] = ['queued', 'scheduled', 'retrying'];

export interface StatusFields {
  readonly state: JobState;
  readonly nextRunAt: Date | null;
}

export function statusOf(job: StatusFields, now: Date): JobStatus {
  switch (job.state) {
    case 'running':
    case 'failed':
    case 'completed':
      return job.state;
    case 'queued':
    case 'scheduled':
    case 'retrying':
      return job.nextRunAt !== null && job.nextRunAt.getTime() > now.getTime() ? 'scheduled' : 'queued';
    default:
      return assertNever(job.state);
  }
}

/** The database filter matching exactly the documents {@link statusOf} maps to `status`. */
export function statusFilter(status: JobStatus, now: Date): Record<string, unknown> {
  switch (status) {
    case 'running':
    case 'failed':
    case 'completed':
      return { state: status };
    case 'queued':
      return {
        state: { $in: [...WAITING_STATES] },
        $or: [{ nextRunAt: null }, { nextRunAt: { $lte: now } }],
      };
    case 'scheduled':
      return { state: { $in: [...WAITING_STATES] }, nextRunAt: { $gt: now } };
    default:
      return assertNever(status);
  }
}
