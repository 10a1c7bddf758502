/**
 * Where the plugin host meets the job queues and ingest: the jobs that run syncs and plugins'
 * own scheduled jobs, and the ports core/plugins declares (`PluginJobsPort`, `SyncStarter`,
 * `PluginDataPurger`) implemented over core/jobs and core/ingest.
 *
 * - `plugin.sync` (queue `sync`) runs one sync run of one installation. A manual or CLI sync
 *   creates its `syncRuns` row first and carries its id; a scheduled one resumes the
 *   installation's unfinished scheduled run if a dead worker left one, else starts a new run.
 *   A retried attempt therefore continues from the run's last checkpoint.
 * - `plugin.job.<queue>` runs a job a plugin declared in its manifest (anything but an ad
 *   platform's `sync`, which is the host's), on the queue the manifest names.
 */
import { z } from 'zod';
import type { JobService } from '../jobs/job-service.js';
import type { JobRunContext } from '../jobs/job-runner.js';
import type { IngestModels } from '../ingest/ingest-models.js';
import type { SyncRunner, SyncSummary } from '../ingest/sync-runner.js';
import type { SyncRuns } from '../ingest/sync-runs.js';
import { JOB_QUEUES, PluginError } from '../plugin-api/index.js';
import type { JobQueue, JobSchedule, JsonObject, TenantInfo } from '../plugin-api/index.js';
import type { PluginCatalog } from '../plugins/plugin-catalog.js';
import type { PluginRuntime } from '../plugins/plugin-runtime.js';
import type { PluginService } from '../plugins/plugin.service.js';
import type {
  InstallationJobRef,
  InstallationRef,
  PluginDataPurger,
  PluginJobsPort,
  SyncStarter,
} from '../plugins/ports.js';

export const SYNC_JOB_NAME = 'plugin.sync';
/** The job name of a plugin's own jobs on `queue`. */
export const pluginJobName = (queue: JobQueue): string => `plugin.job.${queue}`;

/** A whole sync may run long; the worker extends its lock while batches commit. */
const SYNC_TIMEOUT_MS = 6 * 60 * 60_000;
const TOUCH_EVERY_MS = 60_000;

const installationRefSchema = z.object({
  tenantId: z.string().min(1),
  pluginId: z.string().min(1),
  installationId: z.string().min(1),
});
const syncJobDataSchema = installationRefSchema.extend({
  runId: z.string().min(1).optional(),
});
const pluginJobDataSchema = installationRefSchema.extend({
  jobName: z.string().min(1),
  payload: z.record(z.string(), z.json()).optional(),
});

const uniqueKeyOf = (ref: InstallationRef, jobName: string) => `${ref.installationId}:${jobName}`;

export interface PluginJobDeps {
  readonly jobs: JobService;
  readonly catalog: PluginCatalog;
  readonly models: Pick<IngestModels, 'adAccounts' | 'campaigns' | 'metricsDaily' | 'syncRuns'>;
  readonly syncRuns: SyncRuns;
  readonly runner: SyncRunner;
  readonly tenants: { get(tenantId: string): Promise<TenantInfo> };
  readonly now: () => Date;
}

/** The plugin host's view of the job queues. */
export function createPluginJobsPort(deps: Pick<PluginJobDeps, 'jobs' | 'catalog'>): PluginJobsPort {
  const { jobs, catalog } = deps;
  const isHostSync = (pluginId: string, jobName: string) =>
    jobName === 'sync' && catalog.get(pluginId)?.manifest.kind === 'ad-platform';

  const scheduleOne = async (ref: InstallationJobRef, schedule: JobSchedule, payload?: JsonObject) => {
    const base = { tenantId: ref.tenantId, pluginId: ref.pluginId, installationId: ref.installationId };
    if (isHostSync(ref.pluginId, ref.jobName)) {
      await jobs.schedule(SYNC_JOB_NAME, schedule, base, { uniqueKey: uniqueKeyOf(ref, ref.jobName) });
      return;
    }
    await jobs.schedule(
      pluginJobName(schedule.queue ?? 'default'),
      schedule,
      { ...base, jobName: ref.jobName, ...(payload === undefined ? {} : { payload }) },
      { uniqueKey: uniqueKeyOf(ref, ref.jobName) },
    );
  };

  const cancelOne = async (ref: InstallationJobRef) => {
    await jobs.cancel({ tenantId: ref.tenantId, uniqueKey: uniqueKeyOf(ref, ref.jobName) });
  };

  const jobNamesOf = (pluginId: string) => Object.keys(catalog.get(pluginId)?.manifest.schedules ?? {});

  return {
    async scheduleInstallation({ schedules, ...ref }) {
      for (const [jobName, schedule] of Object.entries(schedules)) {
        await scheduleOne({ ...ref, jobName }, schedule);
      }
    },
    async unscheduleInstallation(ref) {
      for (const jobName of jobNamesOf(ref.pluginId)) await cancelOne({ ...ref, jobName });
    },
    async scheduleJob({ schedule, data, ...ref }) {
      await scheduleOne(ref, schedule, data);
    },
    async runJobNow({ data, ...ref }) {
      const schedule = catalog.get(ref.pluginId)?.manifest.schedules[ref.jobName];
      const base = { tenantId: ref.tenantId, pluginId: ref.pluginId, installationId: ref.installationId };
      const runId = isHostSync(ref.pluginId, ref.jobName)
        ? await jobs.enqueue(SYNC_JOB_NAME, base)
        : await jobs.enqueue(pluginJobName(schedule?.queue ?? 'default'), {
            ...base,
            jobName: ref.jobName,
            payload: data,
          });
      return { runId };
    },
    cancelJob: cancelOne,
  };
}

/** Queues a sync: the run row first (so the API can answer with its id), then its job. */
export function createSyncStarter(deps: Pick<PluginJobDeps, 'jobs' | 'syncRuns' | 'now'>): SyncStarter {
  return {
    async start(request) {
      const run = await deps.syncRuns.create(
        {
          tenantId: request.tenantId,
          installationId: request.installationId,
          pluginId: request.pluginId,
          trigger: request.trigger,
          ...(request.range === undefined ? {} : { range: request.range }),
          ...(request.requestedBy === null ? {} : { requestedBy: request.requestedBy }),
        },
        deps.now(),
      );
      await deps.jobs.enqueue(
        SYNC_JOB_NAME,
        {
          tenantId: request.tenantId,
          pluginId: request.pluginId,
          installationId: request.installationId,
          runId: run.id,
        },
        { uniqueKey: `run:${run.id}` },
      );
      return { runId: run.id };
    },
  };
}

/** Deletes what an installation synced (its accounts, campaigns, daily metrics and runs). */
export function createPluginDataPurger(deps: Pick<PluginJobDeps, 'models'>): PluginDataPurger {
  return {
    async purge({ tenantId, installationId }) {
      let deleted = 0;
      for (const model of [
        deps.models.metricsDaily,
        deps.models.campaigns,
        deps.models.adAccounts,
        deps.models.syncRuns,
      ]) {
        const result = await model.collection.deleteMany({ tenantId, installationId });
        deleted += result.deletedCount;
      }
      return { deleted };
    },
  };
}

/** A run a dead worker left unfinished, which a retried scheduled sync continues. */
async function unfinishedScheduledRun(
  models: PluginJobDeps['models'],
  ref: InstallationRef,
): Promise<string | undefined> {
  const row = await models.syncRuns.collection.findOne(
    {
      tenantId: ref.tenantId,
      installationId: ref.installationId,
      trigger: 'schedule',
      status: { $in: ['queued', 'running'] },
    },
    { sort: { queuedAt: -1 }, projection: { _id: 1 } },
  );
  return row === null ? undefined : String(row._id);
}

function keepLockAlive(job: JobRunContext): () => void {
  const timer = setInterval(() => {
    job.touch().catch(() => undefined);
  }, TOUCH_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function failureOf(summary: SyncSummary): PluginError {
  const first = summary.errors[0];
  const message = `Sync run ${summary.runId} ${summary.status}${first === undefined ? '' : `: ${first.message}`}`;
  return new PluginError(summary.retryable ? 'transient' : 'system', message, {
    code: summary.retryable ? 'SYNC_RUN_RETRYABLE' : 'SYNC_RUN_FAILED',
  });
}

export interface SyncJobHandlerDeps extends PluginJobDeps {
  readonly runtime: PluginRuntime;
  readonly plugins: Pick<PluginService, 'recordSyncResult' | 'get'>;
}

/** Runs one sync of one installation to its end; what the `plugin.sync` job and `stratum sync` share. */
export async function runInstallationSync(
  deps: SyncJobHandlerDeps,
  request: InstallationRef & {
    readonly runId: string;
    readonly signal: AbortSignal;
    readonly onProgress?: Parameters<SyncRunner['run']>[0]['onProgress'];
  },
): Promise<SyncSummary> {
  const tenant = await deps.tenants.get(request.tenantId);
  const source = await deps.runtime.adsSource(request.tenantId, request.pluginId);
  const summary = await deps.runner.run({
    runId: request.runId,
    tenant,
    installationId: request.installationId,
    pluginId: request.pluginId,
    source,
    signal: request.signal,
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
  });
  await deps.plugins
    .recordSyncResult(request.tenantId, request.pluginId, {
      runId: summary.runId,
      status: summary.status,
      finishedAt: deps.now(),
    })
    .catch(() => undefined);
  return summary;
}

/** Defines `plugin.sync` and `plugin.job.<queue>` (every process defines them: API nodes enqueue). */
export function definePluginJobs(deps: SyncJobHandlerDeps): void {
  deps.jobs.define({
    name: SYNC_JOB_NAME,
    queue: 'sync',
    timeoutMs: SYNC_TIMEOUT_MS,
    async handler(job) {
      const data = syncJobDataSchema.parse(job.data);
      if (data.runId === undefined) {
        // A schedule runs only while the installation is enabled and its credentials were not
        // refused: an auth error waits for an admin instead of failing every hour.
        const installation = (await deps.plugins.get(data.tenantId, data.pluginId)).installation;
        if (installation === undefined || !installation.enabled) return;
        if (installation.status === 'auth_error' || installation.status === 'suspended') return;
      }
      const runId =
        data.runId ??
        (await unfinishedScheduledRun(deps.models, data)) ??
        (
          await deps.syncRuns.create(
            {
              tenantId: data.tenantId,
              installationId: data.installationId,
              pluginId: data.pluginId,
              trigger: 'schedule',
            },
            deps.now(),
          )
        ).id;
      const stop = keepLockAlive(job);
      try {
        const summary = await runInstallationSync(deps, { ...data, runId, signal: job.signal });
        if (summary.status !== 'succeeded') throw failureOf(summary);
      } finally {
        stop();
      }
    },
  });
  for (const queue of JOB_QUEUES) {
    deps.jobs.define({
      name: pluginJobName(queue),
      queue,
      async handler(job) {
        const data = pluginJobDataSchema.parse(job.data);
        await deps.runtime.runJob(
          data.tenantId,
          data.pluginId,
          { jobName: data.jobName, runId: job.jobId, data: data.payload ?? {} },
          { signal: job.signal, runId: job.jobId },
        );
      },
    });
  }
}
