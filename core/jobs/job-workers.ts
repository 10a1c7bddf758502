/**
 * The worker side of the job system: one agenda instance per queue (see queues.ts for why),
 * the attempts running in this process, and the draining stop.
 */
import { Agenda } from 'agenda';
import type { JobWithId } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { JobQueue } from '../plugin-api/index.js';
import { JobInterruptedError } from './job-failure.js';
import { backoffFromFailure, createJobProcessor } from './job-runner.js';
import type { JobDefinition, JobFinishedSummary } from './job-runner.js';
import { JOBS_COLLECTION } from './job.repository.js';
import type { JobRepository } from './job.repository.js';
import { JOB_PRIORITIES, lockLimitOf, pollIntervalOf } from './queues.js';
import type { JobQueuePolicy } from './queues.js';

/** After aborting, how long a stopping worker waits for handlers to hand their jobs back. */
const RELEASE_GRACE_MS = 2000;

export type WorkerLifecycle = 'idle' | 'running' | 'draining' | 'stopped';

export interface JobWorkersDeps {
  readonly database: () => Db;
  readonly repository: () => JobRepository;
  readonly policies: Readonly<Record<JobQueue, JobQueuePolicy>>;
  readonly logger: Logger;
  readonly workerName: string;
  readonly now: () => Date;
  readonly processEveryMs?: number | undefined;
  readonly onJobFinished?: ((summary: JobFinishedSummary) => void) | undefined;
  readonly random?: (() => number) | undefined;
}

export interface JobWorkers {
  /** Defines the job on its queue's instance, now if it exists, else when it is made. */
  define(definition: JobDefinition): void;
  /** The queue's agenda instance, made and connected on first use (not started). */
  agendaFor(queue: JobQueue): Promise<Agenda>;
  start(queues: readonly JobQueue[]): Promise<void>;
  stop(timeoutMs: number): Promise<void>;
  lifecycle(): WorkerLifecycle;
  startedQueues(): JobQueue[];
  /** Started queues whose agenda processor is no longer running. */
  deadQueues(): JobQueue[];
}

interface InFlight {
  readonly controller: AbortController;
  readonly done: Promise<void>;
  readonly resolve: () => void;
}

async function within(promises: readonly Promise<void>[], ms: number): Promise<boolean> {
  if (promises.length === 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([Promise.all(promises).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createJobWorkers(deps: JobWorkersDeps): JobWorkers {
  const { policies, logger: log } = deps;
  const definitions = new Map<string, JobDefinition>();
  const agendas = new Map<JobQueue, Agenda>();
  const started = new Set<JobQueue>();
  const inFlight = new Map<string, InFlight>();
  let lifecycle: WorkerLifecycle = 'idle';

  const track = (jobId: string, controller: AbortController) => {
    let resolve: () => void = () => undefined;
    const done = new Promise<void>((settle) => {
      resolve = settle;
    });
    inFlight.set(jobId, { controller, done, resolve });
  };
  const untrack = (jobId: string) => {
    inFlight.get(jobId)?.resolve();
    inFlight.delete(jobId);
  };
  const running = () => [...inFlight.values()].map((run) => run.done);

  const defineOn = (agenda: Agenda, definition: JobDefinition) => {
    const policy = policies[definition.queue];
    const processor = createJobProcessor(definition, {
      repository: deps.repository(),
      logger: log,
      policy,
      isDraining: () => lifecycle !== 'running',
      track,
      onJobFinished: deps.onJobFinished,
      random: deps.random,
    });
    agenda.define(definition.name, processor, {
      concurrency: policy.concurrency,
      lockLifetime: definition.lockLifetimeMs ?? policy.lockLifetimeMs,
      priority: JOB_PRIORITIES[policy.priority],
      backoff: backoffFromFailure,
    });
  };

  const agendaFor = async (queue: JobQueue): Promise<Agenda> => {
    const existing = agendas.get(queue);
    if (existing !== undefined) return existing;
    const policy = policies[queue];
    const agenda = new Agenda({
      backend: new MongoBackend({ mongo: deps.database(), collection: JOBS_COLLECTION }),
      name: `${deps.workerName}:${queue}`,
      processEvery: pollIntervalOf(policy, deps.processEveryMs),
      maxConcurrency: policy.concurrency,
      defaultConcurrency: policy.concurrency,
      lockLimit: lockLimitOf(policy),
      defaultLockLifetime: policy.lockLifetimeMs,
    });
    agenda.on('error', (error: Error) => log.warn({ err: error, queue }, 'job queue error'));
    // Emitted after agenda saved the attempt's state: only then is a stopping worker done with it.
    agenda.on('complete', (job: JobWithId) => untrack(String(job.attrs._id)));
    agendas.set(queue, agenda);
    for (const definition of definitions.values())
      if (definition.queue === queue) defineOn(agenda, definition);
    await agenda.ready;
    return agenda;
  };

  return {
    define(definition) {
      definitions.set(definition.name, definition);
      const agenda = agendas.get(definition.queue);
      if (agenda !== undefined) defineOn(agenda, definition);
    },
    agendaFor,
    async start(queues) {
      lifecycle = 'running';
      for (const queue of queues) {
        await (await agendaFor(queue)).start();
        started.add(queue);
      }
      log.info({ queues: [...started], worker: deps.workerName }, 'job workers started');
    },
    async stop(timeoutMs) {
      if (lifecycle !== 'running') return;
      lifecycle = 'draining';
      // agenda.stop() ends polling and unlocks jobs locked ahead; running ones keep going.
      await Promise.all(
        [...started].map((queue) =>
          agendas
            .get(queue)
            ?.stop(false)
            .catch((error: unknown) => log.warn({ err: error, queue }, 'could not stop job queue')),
        ),
      );
      if (!(await within(running(), timeoutMs))) {
        log.warn({ running: inFlight.size }, 'jobs still running at the stop deadline; aborting them');
        for (const run of inFlight.values()) run.controller.abort(new JobInterruptedError());
        if (!(await within(running(), RELEASE_GRACE_MS)))
          await deps
            .repository()
            .release([...inFlight.keys()], deps.now())
            .catch((error: unknown) => log.error({ err: error }, 'could not release job locks'));
      }
      for (const jobId of [...inFlight.keys()]) untrack(jobId);
      started.clear();
      lifecycle = 'stopped';
      log.info('job workers stopped');
    },
    lifecycle: () => lifecycle,
    startedQueues: () => [...started],
    deadQueues: () => [...started].filter((queue) => agendas.get(queue)?.isActiveJobProcessor() !== true),
  };
}
