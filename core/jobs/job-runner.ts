/**
 * Wraps a job handler as an agenda processor: counts the attempt, gives the handler its context
 * (data, attempt, an AbortSignal, touch), enforces the timeout, decides retry or failure, and
 * records the outcome. Agenda then saves its own fields and applies the back-off this module
 * decided (through the definition's `backoff` hook reading {@link JobAttemptFailure}).
 */
import type { Job } from 'agenda';
import type { Logger } from 'pino';
import type { JobQueue, JsonObject } from '../plugin-api/index.js';
import {
  JobAttemptFailure,
  JobInterruptedError,
  JobTimeoutError,
  backoffDelayMs,
  failReasonOf,
  isRetryableByDefault,
  retryAfterOf,
} from './job-failure.js';
import { jobDataSchema } from './job.schemas.js';
import type { AttemptOutcome, BegunAttempt, JobRepository } from './job.repository.js';
import type { JobQueuePolicy } from './queues.js';

/** A job's payload: JSON, always naming its tenant. */
export type JobData = JsonObject & { readonly tenantId: string };

/** What a handler receives for one attempt. */
export interface JobRunContext {
  readonly jobId: string;
  readonly name: string;
  readonly queue: JobQueue;
  readonly data: JobData;
  /** 1-based; a run whose worker died counts, so the next worker sees the number go up. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when the attempt times out or the worker shuts down; pass it to I/O. */
  readonly signal: AbortSignal;
  /** Extends the job's lock; call it more often than the lock lifetime in long jobs. */
  touch(): Promise<void>;
}

export type JobHandler = (job: JobRunContext) => Promise<void> | void;

/** A job as the service defines it. */
export interface JobDefinition {
  readonly name: string;
  readonly queue: JobQueue;
  readonly handler: JobHandler;
  /** Attempts in all, first included; the queue's default when absent. */
  readonly maxAttempts?: number;
  /** Per attempt; defaults to 90% of the lock lifetime. Longer jobs set it and call touch(). */
  readonly timeoutMs?: number;
  readonly lockLifetimeMs?: number;
  /** Which failures are worth another attempt; {@link isRetryableByDefault} when absent. */
  readonly isRetryable?: (error: unknown) => boolean;
}

/** Reported once per attempt, for metrics. */
export interface JobFinishedSummary {
  readonly name: string;
  readonly queue: JobQueue;
  readonly status: AttemptOutcome;
  readonly durationMs: number;
}

export interface JobRunnerDeps {
  readonly repository: JobRepository;
  readonly logger: Logger;
  readonly policy: JobQueuePolicy;
  /** True once the worker stops taking jobs. */
  readonly isDraining: () => boolean;
  /** Registers a running attempt so stop() can wait for it or abort it. */
  readonly track: (jobId: string, controller: AbortController) => void;
  readonly onJobFinished?: ((summary: JobFinishedSummary) => void) | undefined;
  readonly random?: (() => number) | undefined;
}

/** A job that cannot run at all: never retried, whatever `isRetryable` says. */
class UnrunnableJobError extends Error {
  readonly code: string;
  readonly retryable = false;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'UnrunnableJobError';
    this.code = code;
  }
}

/** Agenda's back-off hook: the delay the processor decided, or none. */
export function backoffFromFailure(context: { error: Error }): number | null {
  return context.error instanceof JobAttemptFailure ? context.error.retryDelayMs : null;
}

/**
 * The attempt's time limit: `timeoutMs`, else 90% of the lock lifetime, so a handler that never
 * touches is stopped before agenda could deem its lock expired and hand the job to another worker.
 */
export function timeoutOf(definition: JobDefinition, policy: JobQueuePolicy): number {
  return definition.timeoutMs ?? Math.floor((definition.lockLifetimeMs ?? policy.lockLifetimeMs) * 0.9);
}

interface Decision {
  readonly outcome: Exclude<AttemptOutcome, 'completed'>;
  readonly delayMs: number | null;
}

function decide(
  error: unknown,
  begun: BegunAttempt,
  signal: AbortSignal,
  definition: JobDefinition,
  deps: JobRunnerDeps,
): Decision {
  if (signal.aborted && signal.reason instanceof JobInterruptedError)
    return { outcome: 'interrupted', delayMs: 0 };
  if (error instanceof UnrunnableJobError) return { outcome: 'failed', delayMs: null };
  let retryable: boolean;
  try {
    retryable =
      definition.isRetryable === undefined ? isRetryableByDefault(error) : definition.isRetryable(error);
  } catch {
    retryable = false;
  }
  if (!retryable || begun.attempt >= begun.maxAttempts) return { outcome: 'failed', delayMs: null };
  const delayMs = backoffDelayMs({
    attempt: begun.attempt,
    ...deps.policy.backoff,
    retryAfterMs: retryAfterOf(error),
    random: deps.random,
  });
  return { outcome: 'retrying', delayMs };
}

/** Rejects with the signal's reason once it aborts; `dispose` removes the listener. */
function abortion(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort: () => void = () => undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

async function runHandler(
  job: Job<unknown>,
  begun: BegunAttempt,
  definition: JobDefinition,
  controller: AbortController,
  jobId: string,
): Promise<void> {
  if (begun.attempt > begun.maxAttempts) {
    throw new UnrunnableJobError(
      'JOBS_ATTEMPTS_EXHAUSTED',
      `Gave up after ${begun.maxAttempts} attempts (earlier workers died while running it)`,
    );
  }
  const parsed = jobDataSchema.safeParse(begun.data);
  if (!parsed.success) throw new UnrunnableJobError('JOBS_DATA_INVALID', 'The job data is not valid');
  const context: JobRunContext = {
    jobId,
    name: definition.name,
    queue: definition.queue,
    data: parsed.data as JobData,
    attempt: begun.attempt,
    maxAttempts: begun.maxAttempts,
    signal: controller.signal,
    touch: () => job.touch(),
  };
  const aborted = abortion(controller.signal);
  try {
    await Promise.race([Promise.resolve().then(() => definition.handler(context)), aborted.promise]);
  } finally {
    aborted.dispose();
  }
}

/** The agenda processor of one job definition. */
export function createJobProcessor(
  definition: JobDefinition,
  deps: JobRunnerDeps,
): (job: Job<unknown>) => Promise<void> {
  const { repository, policy } = deps;
  const timeoutMs = timeoutOf(definition, policy);
  const report = (status: AttemptOutcome, durationMs: number) => {
    try {
      deps.onJobFinished?.({ name: definition.name, queue: definition.queue, status, durationMs });
    } catch {
      // A metrics hook must never change a job's outcome.
    }
  };

  return async (job) => {
    const jobId = String(job.attrs._id);
    // Tracked from the start: a stopping worker waits until agenda has saved even a handed-back job.
    const controller = new AbortController();
    deps.track(jobId, controller);
    if (deps.isDraining())
      throw new JobAttemptFailure(
        failReasonOf(new JobInterruptedError('Worker stopping; job handed back')),
        0,
      );
    const begun = await repository.beginAttempt(jobId).catch((error: unknown) => {
      // The store hiccupped before the attempt began: try again later rather than lose the job.
      throw new JobAttemptFailure(failReasonOf(error), backoffDelayMs({ attempt: 1, ...policy.backoff }));
    });
    if (begun === undefined) throw new JobAttemptFailure('JOBS_GONE: the job was removed', null);
    const log = deps.logger.child({
      jobId,
      job: definition.name,
      queue: definition.queue,
      attempt: begun.attempt,
    });
    const timer = setTimeout(() => controller.abort(new JobTimeoutError(timeoutMs)), timeoutMs);
    const started = performance.now();
    try {
      await runHandler(job, begun, definition, controller, jobId);
    } catch (error) {
      const decision = decide(error, begun, controller.signal, definition, deps);
      const reason = failReasonOf(decision.outcome === 'interrupted' ? controller.signal.reason : error);
      await repository
        .recordOutcome(jobId, decision.outcome, begun.repeating)
        .catch((recordError: unknown) => log.error({ err: recordError }, 'could not record job outcome'));
      report(decision.outcome, performance.now() - started);
      if (decision.outcome === 'retrying')
        log.warn({ err: error, retryInMs: decision.delayMs }, 'job attempt failed; retrying');
      else if (decision.outcome === 'failed') log.error({ err: error }, 'job failed');
      else log.info('job interrupted by shutdown; handed back to the queue');
      throw new JobAttemptFailure(reason, decision.delayMs);
    } finally {
      clearTimeout(timer);
    }
    await repository
      .recordOutcome(jobId, 'completed', begun.repeating)
      .catch((recordError: unknown) => log.error({ err: recordError }, 'could not record job outcome'));
    report('completed', performance.now() - started);
    log.debug('job completed');
  };
}
