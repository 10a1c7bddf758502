/**
 * The job system: definitions, enqueueing, repeating schedules, workers per queue (one agenda
 * instance per queue; see queues.ts), draining shutdown, failed-job visibility and health.
 * Enqueueing writes agenda-shaped documents directly, so an API node needs no running worker.
 */
import { hostname } from 'node:os';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { z } from 'zod';
import { toPage } from '../audit/paging.js';
import type { Page } from '../audit/paging.js';
import { ConflictError, InputError, NotFoundError, UnavailableError } from '../errors/errors.js';
import type { HealthCheckResult } from '../observability/health-registry.js';
import { JOB_QUEUES } from '../plugin-api/index.js';
import type { JobQueue, JobSchedule } from '../plugin-api/index.js';
import { parseInput } from '../tenants/parse-input.js';
import type { JobData, JobDefinition, JobFinishedSummary } from './job-runner.js';
import { statusFilter, statusOf } from './job-status.js';
import type { JobStatus } from './job-status.js';
import { EMPTY_AGENDA_FIELDS, createJobRepository } from './job.repository.js';
import type { JobDocument, JobRepository } from './job.repository.js';
import {
  cancelCriteriaSchema,
  enqueueOptionsSchema,
  jobDataSchema,
  jobDefinitionSchema,
  jobNameSchema,
  listJobsInputSchema,
  scheduleInputSchema,
} from './job.schemas.js';
import type { CancelCriteria, EnqueueOptions, ListJobsInput } from './job.schemas.js';
import { createJobWorkers } from './job-workers.js';
import { JOB_PRIORITIES, resolveQueuePolicies } from './queues.js';
import type { JobQueuePolicy, QueuePolicyOverrides } from './queues.js';

export interface JobSummary {
  readonly id: string;
  readonly name: string;
  readonly queue: JobQueue;
  readonly status: JobStatus;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly lastRunAt: Date | null;
  readonly nextRunAt: Date | null;
  readonly failedAt: Date | null;
  /** `CODE: message` of the last failure; never a stack trace. */
  readonly failReason: string | null;
  readonly createdAt: Date;
}

export interface JobService {
  /** Registers a handler; define every job in every process that enqueues or runs it. */
  define(definition: JobDefinition): void;
  /** Queues one run; with `uniqueKey`, a still-queued run with that key is updated instead. */
  enqueue(name: string, data: JobData, options?: EnqueueOptions): Promise<string>;
  /** A repeating job, unique per (name, tenant, uniqueKey); calling again replaces its schedule. */
  schedule(
    name: string,
    schedule: JobSchedule,
    data: JobData,
    options: { uniqueKey: string },
  ): Promise<string>;
  /** Removes matching jobs (queued, scheduled, finished); returns how many. */
  cancel(criteria: CancelCriteria): Promise<number>;
  /** Starts workers for these queues (all by default). */
  start(options?: { queues?: readonly JobQueue[] }): Promise<void>;
  /** Drains: takes no new jobs, waits up to `timeoutMs`, then aborts the rest and releases their locks. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  list(input: ListJobsInput): Promise<Page<JobSummary>>;
  /** Re-queues a failed job; NotFoundError for unknown and other tenants' ids, ConflictError when not failed. */
  retry(tenantId: string, jobId: string): Promise<JobSummary>;
  health(): Promise<HealthCheckResult>;
  ensureIndexes(): Promise<void>;
}

export interface JobServiceDeps {
  /** The app's connection; jobs live in its database, collection `agendaJobs`. */
  readonly connection: Connection;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly queuePolicies?: QueuePolicyOverrides;
  /** Base poll interval of every queue (scaled by priority), instead of each queue's own. */
  readonly processEveryMs?: number;
  readonly onJobFinished?: (summary: JobFinishedSummary) => void;
  /** More failures than this in the last hour make health `degraded` (default 10). */
  readonly failedJobsDegradedThreshold?: number;
  /** Identifies this process in `lastModifiedBy` (default `host:pid`). */
  readonly workerName?: string;
  /** Jitter source of the back-off, for tests. */
  readonly random?: () => number;
}

const DEFAULT_STOP_TIMEOUT_MS = 30_000;
const HOUR_MS = 3_600_000;

const startOptionsSchema = z.strictObject({ queues: z.array(z.enum(JOB_QUEUES)).min(1).optional() });
const stopOptionsSchema = z.strictObject({ timeoutMs: z.number().int().min(0).max(3_600_000).optional() });

function toSummary(job: JobDocument, now: Date): JobSummary {
  return {
    id: job._id.toHexString(),
    name: job.name,
    queue: job.queue,
    status: statusOf({ state: job.state, nextRunAt: job.nextRunAt ?? null }, now),
    attempt: job.attempt ?? 0,
    maxAttempts: job.maxAttempts,
    lastRunAt: job.lastRunAt ?? null,
    nextRunAt: job.nextRunAt ?? null,
    failedAt: job.failedAt ?? null,
    failReason: job.failReason ?? null,
    createdAt: job.createdAt,
  };
}

// A schedule's $set names these; $setOnInsert must not name them too.
const { repeatInterval: _interval, repeatTimezone: _timezone, ...ONE_OFF_FIELDS } = EMPTY_AGENDA_FIELDS;

const notFound = () => new NotFoundError('Job not found', { code: 'JOBS_NOT_FOUND' });

export function createJobService(deps: JobServiceDeps): JobService {
  const now = deps.now ?? (() => new Date());
  const policies = resolveQueuePolicies(deps.queuePolicies);
  const log = deps.logger.child({ component: 'jobs' });
  const degradedThreshold = deps.failedJobsDegradedThreshold ?? 10;
  const definitions = new Map<string, JobDefinition>();
  let repositoryInstance: JobRepository | undefined;
  let indexes: Promise<void> | undefined;

  const database = (): Db => {
    const db = deps.connection.db;
    if (db === undefined)
      throw new UnavailableError('The database is not connected', { code: 'JOBS_DB_UNAVAILABLE' });
    return db;
  };
  const repository = (): JobRepository => (repositoryInstance ??= createJobRepository(database()));
  const ensureIndexes = async () => {
    indexes ??= repository()
      .ensureIndexes()
      .catch((error: unknown) => {
        indexes = undefined;
        throw error;
      });
    await indexes;
  };
  const workers = createJobWorkers({
    database,
    repository,
    policies,
    logger: log,
    workerName: deps.workerName ?? `${hostname()}:${process.pid}`,
    now,
    processEveryMs: deps.processEveryMs,
    onJobFinished: deps.onJobFinished,
    random: deps.random,
  });

  const definitionOf = (name: string): JobDefinition => {
    const definition = definitions.get(name);
    if (definition === undefined)
      throw new InputError(`No job is defined as "${name}"`, { code: 'JOBS_UNKNOWN_JOB', details: { name } });
    return definition;
  };
  const policyOf = (definition: JobDefinition): JobQueuePolicy => policies[definition.queue];

  return {
    define(definition) {
      const parsed = parseInput(jobDefinitionSchema, definition);
      const previous = definitions.get(parsed.name);
      if (previous !== undefined && previous.queue !== parsed.queue)
        throw new ConflictError(`Job "${parsed.name}" is already defined on queue "${previous.queue}"`, {
          code: 'JOBS_ALREADY_DEFINED',
        });
      definitions.set(definition.name, definition);
      workers.define(definition);
    },

    async enqueue(name, data, options = {}) {
      const definition = definitionOf(parseInput(jobNameSchema, name));
      const parsedData = parseInput(jobDataSchema, data) as JobData;
      const parsed = parseInput(enqueueOptionsSchema, options);
      await ensureIndexes();
      const policy = policyOf(definition);
      const runAt = parsed.runAt ?? now();
      if (parsed.uniqueKey !== undefined) {
        const key = { name, tenantId: parsedData.tenantId, uniqueKey: parsed.uniqueKey };
        const replaced = await repository().replaceQueued(key, { data: parsedData, nextRunAt: runAt });
        if (replaced !== undefined) return replaced;
      }
      return repository().insert({
        ...EMPTY_AGENDA_FIELDS,
        name,
        priority: JOB_PRIORITIES[policy.priority],
        data: parsedData,
        nextRunAt: runAt,
        queue: definition.queue,
        state: 'queued',
        attempt: 0,
        maxAttempts: definition.maxAttempts ?? policy.maxAttempts,
        uniqueKey: parsed.uniqueKey ?? null,
        createdAt: now(),
      });
    },

    async schedule(name, schedule, data, options) {
      const input = parseInput(scheduleInputSchema, { name, schedule, data, uniqueKey: options.uniqueKey });
      const definition = definitionOf(input.name);
      if (input.schedule.queue !== undefined && input.schedule.queue !== definition.queue)
        throw new InputError(`Job "${name}" runs on queue "${definition.queue}"`, {
          code: 'JOBS_QUEUE_MISMATCH',
          details: [{ path: 'schedule.queue', message: `must be "${definition.queue}" or absent` }],
        });
      await ensureIndexes();
      const interval = 'cron' in input.schedule ? input.schedule.cron : input.schedule.everyMs;
      const timezone = 'cron' in input.schedule ? 'UTC' : null;
      // Agenda computes the first run exactly as it will compute the later ones (cron in UTC).
      const probe = (await workers.agendaFor(definition.queue)).create(name, input.data);
      probe.repeatEvery(interval, { skipImmediate: true, ...(timezone === null ? {} : { timezone }) });
      const firstRun = probe.attrs.nextRunAt;
      if (!(firstRun instanceof Date) || probe.attrs.failReason !== undefined)
        throw new InputError('The schedule never runs', { code: 'JOBS_SCHEDULE_INVALID' });
      const policy = policyOf(definition);
      const parsedData = input.data as JobData;
      const scheduleKey = `${name}|${parsedData.tenantId}|${input.uniqueKey}`;
      return repository().upsertSchedule(
        scheduleKey,
        {
          data: parsedData,
          repeatInterval: interval,
          repeatTimezone: timezone,
          nextRunAt: firstRun,
          queue: definition.queue,
          priority: JOB_PRIORITIES[policy.priority],
          maxAttempts: definition.maxAttempts ?? policy.maxAttempts,
        },
        {
          ...ONE_OFF_FIELDS,
          name,
          state: 'scheduled',
          attempt: 0,
          uniqueKey: input.uniqueKey,
          createdAt: now(),
        },
      );
    },

    async cancel(criteria) {
      const parsed = parseInput(cancelCriteriaSchema, criteria);
      const filter: Record<string, unknown> = {};
      if (parsed.name !== undefined) filter.name = parsed.name;
      if (parsed.uniqueKey !== undefined) filter.uniqueKey = parsed.uniqueKey;
      if (parsed.tenantId !== undefined) filter['data.tenantId'] = parsed.tenantId;
      return repository().remove(filter);
    },

    async start(options = {}) {
      const parsed = parseInput(startOptionsSchema, options);
      if (workers.lifecycle() === 'draining')
        throw new ConflictError('The job workers are stopping', { code: 'JOBS_STOPPING' });
      await ensureIndexes();
      await workers.start(parsed.queues ?? JOB_QUEUES);
    },

    async stop(options = {}) {
      const { timeoutMs = DEFAULT_STOP_TIMEOUT_MS } = parseInput(stopOptionsSchema, options);
      await workers.stop(timeoutMs);
    },

    async list(input) {
      const parsed = parseInput(listJobsInputSchema, input);
      const at = now();
      const filter = parsed.status === undefined ? {} : statusFilter(parsed.status, at);
      const rows = await repository().list(parsed.tenantId, filter, parsed.limit, parsed.cursor);
      return toPage(
        rows.map((row) => toSummary(row, at)),
        parsed.limit,
      );
    },

    async retry(tenantId, jobId) {
      const requeued = await repository().requeueFailed(tenantId, jobId, now());
      if (requeued !== undefined) {
        log.info({ jobId, tenantId, job: requeued.name }, 'failed job re-queued');
        return toSummary(requeued, now());
      }
      const existing = await repository().findForTenant(tenantId, jobId);
      if (existing === undefined) throw notFound();
      throw new ConflictError('Only a failed job can be retried', {
        code: 'JOBS_NOT_FAILED',
        details: {
          status: statusOf({ state: existing.state, nextRunAt: existing.nextRunAt ?? null }, now()),
        },
      });
    },

    async health() {
      const lifecycle = workers.lifecycle();
      if (lifecycle === 'stopped') return { status: 'down', detail: 'job workers stopped' };
      if (lifecycle === 'draining') return { status: 'degraded', detail: 'job workers draining' };
      let failed: number;
      try {
        failed = await repository().countFailedSince(new Date(now().getTime() - HOUR_MS));
      } catch {
        return { status: 'down', detail: 'job store unreachable' };
      }
      const dead = workers.deadQueues();
      if (dead.length > 0) return { status: 'down', detail: `workers not running: ${dead.join(', ')}` };
      const queues = workers.startedQueues();
      const detail = queues.length === 0 ? 'no workers in this process' : `workers: ${queues.join(', ')}`;
      if (failed > degradedThreshold)
        return { status: 'degraded', detail: `${failed} jobs failed in the last hour; ${detail}` };
      return { status: 'up', detail };
    },

    ensureIndexes,
  };
}
