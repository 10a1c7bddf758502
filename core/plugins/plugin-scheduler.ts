import { PluginError, jobScheduleSchema } from '../plugin-api/index.js';
import type { JsonObject, PluginManifest, PluginScheduler } from '../plugin-api/index.js';
import type { InstallationRef, PluginJobsPort } from './ports.js';

function unknownJob(manifest: PluginManifest, jobName: string): PluginError {
  return new PluginError('config', `Job "${jobName}" is not declared in the manifest of ${manifest.id}`, {
    code: 'PLUGINS_JOB_UNKNOWN',
    details: { jobName, declared: Object.keys(manifest.schedules) },
  });
}

/** The installation's scheduler: only the job names its manifest declares, always for its own installation. */
export function createPluginScheduler(
  jobs: PluginJobsPort,
  manifest: PluginManifest,
  installation: InstallationRef,
): PluginScheduler {
  const checkedName = (jobName: string) => {
    if (!Object.hasOwn(manifest.schedules, jobName)) throw unknownJob(manifest, jobName);
    return jobName;
  };
  return {
    async schedule(jobName, schedule, data: JsonObject = {}) {
      const parsed = jobScheduleSchema.safeParse(schedule);
      if (!parsed.success)
        throw new PluginError('config', `Invalid schedule for job "${jobName}"`, {
          code: 'PLUGINS_SCHEDULE_INVALID',
        });
      await jobs.scheduleJob({ ...installation, jobName: checkedName(jobName), schedule: parsed.data, data });
    },
    async runNow(jobName, data: JsonObject = {}) {
      const { runId } = await jobs.runJobNow({ ...installation, jobName: checkedName(jobName), data });
      return runId;
    },
    async cancel(jobName) {
      await jobs.cancelJob({ ...installation, jobName: checkedName(jobName) });
    },
  };
}
