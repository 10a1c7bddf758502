/**
 * The host's five job queues and their policies.
 *
 * How a queue gets its own concurrency and priority on agenda 6: agenda's concurrency knobs are
 * per *instance* (`maxConcurrency`, `lockLimit`) and per *job name* (`concurrency`); it has no
 * notion of a queue. So each queue is one Agenda instance, all sharing the `agendaJobs`
 * collection, and each instance defines only its own queue's job names. An instance polls only
 * for the names it defined, so:
 * - concurrency: the instance's `maxConcurrency` (and each name's `concurrency`) is the queue's
 *   concurrency: `ml` never runs two jobs at once in a process while `default` runs five;
 * - lock limit: an instance locks at most `2 × concurrency` jobs ahead, so a worker never hoards a
 *   queue's backlog that other worker processes could run (and a crash strands few jobs);
 * - priority: the queue's priority is written on each of its jobs (agenda's numeric priority,
 *   which orders jobs due at the same moment) and sets how often the queue is polled — a
 *   `highest` queue is polled 4× as often as the base interval, a `lowest` one 4× less — so
 *   higher-priority work is picked up sooner. Queues never wait on each other's slots.
 * The price is one poll per queue per interval; five cheap indexed queries.
 */
import { z } from 'zod';
import { JOB_QUEUES } from '../plugin-api/index.js';
import type { JobQueue } from '../plugin-api/index.js';
import { InputError } from '../errors/errors.js';

export { JOB_QUEUES };
export type { JobQueue };

/** Agenda's named priorities and the numbers it stores. */
export const JOB_PRIORITIES = { lowest: -20, low: -10, normal: 0, high: 10, highest: 20 } as const;
export type JobPriority = keyof typeof JOB_PRIORITIES;

const POLL_FACTOR: Readonly<Record<JobPriority, number>> = {
  lowest: 4,
  low: 2,
  normal: 1,
  high: 0.5,
  highest: 0.25,
};

const MINUTE = 60_000;

export const queuePolicySchema = z.strictObject({
  /** Jobs of this queue running at once in one process. */
  concurrency: z.number().int().min(1).max(100),
  priority: z.enum(['lowest', 'low', 'normal', 'high', 'highest']),
  /** A job not touched for this long is taken to be on a dead worker; another may take it. */
  lockLifetimeMs: z
    .number()
    .int()
    .min(500)
    .max(24 * 60 * MINUTE),
  /** Attempts in all (the first run included) unless a job definition says otherwise. */
  maxAttempts: z.number().int().min(1).max(100),
  /** Full-jitter exponential back-off: attempt n waits random(0, min(max, base × 2^(n-1))). */
  backoff: z.strictObject({
    baseDelayMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 * MINUTE),
    maxDelayMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 * MINUTE),
  }),
  /** Base poll interval, scaled by priority (see the module comment). */
  pollIntervalMs: z
    .number()
    .int()
    .min(10)
    .max(10 * MINUTE),
});
export type JobQueuePolicy = z.infer<typeof queuePolicySchema>;

export type QueuePolicyOverrides = Partial<
  Record<
    JobQueue,
    Partial<Omit<JobQueuePolicy, 'backoff'>> & { backoff?: Partial<JobQueuePolicy['backoff']> }
  >
>;

export const DEFAULT_QUEUE_POLICIES: Readonly<Record<JobQueue, JobQueuePolicy>> = {
  sync: {
    concurrency: 2,
    priority: 'normal',
    lockLifetimeMs: 10 * MINUTE,
    maxAttempts: 5,
    backoff: { baseDelayMs: 30_000, maxDelayMs: 30 * MINUTE },
    pollIntervalMs: 2000,
  },
  rules: {
    concurrency: 4,
    priority: 'high',
    lockLifetimeMs: 2 * MINUTE,
    maxAttempts: 3,
    backoff: { baseDelayMs: 5000, maxDelayMs: 5 * MINUTE },
    pollIntervalMs: 2000,
  },
  ml: {
    concurrency: 1,
    priority: 'low',
    lockLifetimeMs: 30 * MINUTE,
    maxAttempts: 2,
    backoff: { baseDelayMs: MINUTE, maxDelayMs: 60 * MINUTE },
    pollIntervalMs: 2000,
  },
  intel: {
    concurrency: 2,
    priority: 'normal',
    lockLifetimeMs: 10 * MINUTE,
    maxAttempts: 4,
    backoff: { baseDelayMs: MINUTE, maxDelayMs: 60 * MINUTE },
    pollIntervalMs: 2000,
  },
  default: {
    concurrency: 5,
    priority: 'normal',
    lockLifetimeMs: 5 * MINUTE,
    maxAttempts: 3,
    backoff: { baseDelayMs: 10_000, maxDelayMs: 10 * MINUTE },
    pollIntervalMs: 2000,
  },
};

/** Defaults merged with overrides, each queue validated; InputError lists the bad fields. */
export function resolveQueuePolicies(
  overrides: QueuePolicyOverrides = {},
): Readonly<Record<JobQueue, JobQueuePolicy>> {
  const resolved = {} as Record<JobQueue, JobQueuePolicy>;
  for (const queue of JOB_QUEUES) {
    const base = DEFAULT_QUEUE_POLICIES[queue];
    const override = overrides[queue] ?? {};
    const merged = { ...base, ...override, backoff: { ...base.backoff, ...override.backoff } };
    const result = queuePolicySchema.safeParse(merged);
    if (!result.success) {
      throw new InputError(`Invalid policy of job queue "${queue}"`, {
        code: 'JOBS_QUEUE_POLICY_INVALID',
        details: result.error.issues.map((issue) => ({
          path: [queue, ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      });
    }
    if (result.data.backoff.maxDelayMs < result.data.backoff.baseDelayMs) {
      throw new InputError(`Invalid policy of job queue "${queue}"`, {
        code: 'JOBS_QUEUE_POLICY_INVALID',
        details: [{ path: `${queue}.backoff.maxDelayMs`, message: 'must be at least baseDelayMs' }],
      });
    }
    resolved[queue] = result.data;
  }
  return resolved;
}

/** How often the queue's instance polls: the base interval scaled by the queue's priority. */
export function pollIntervalOf(policy: JobQueuePolicy, baseOverrideMs?: number): number {
  return Math.max(10, Math.round((baseOverrideMs ?? policy.pollIntervalMs) * POLL_FACTOR[policy.priority]));
}

/** Jobs an instance may lock ahead of running them. */
export function lockLimitOf(policy: JobQueuePolicy): number {
  return policy.concurrency * 2;
}
