/**
 * What the plugin host needs from modules built beside it (jobs, ingest, egress). Declared here
 * as small ports so core/plugins imports none of their implementations; the composition root
 * wires them.
 */
import type { EgressHttpClient, JobSchedule, JsonObject } from '../plugin-api/index.js';

/** Which installation a job or a sync belongs to. */
export interface InstallationRef {
  readonly tenantId: string;
  readonly pluginId: string;
  /** The `pluginInstallations` _id as a hex string. */
  readonly installationId: string;
}

/** One named job of an installation (a key of the manifest's `schedules`). */
export interface InstallationJobRef extends InstallationRef {
  readonly jobName: string;
}

/** The job queues as the plugin host uses them. */
export interface PluginJobsPort {
  /** Schedules (or re-schedules, replacing) every job of the installation. */
  scheduleInstallation(
    request: InstallationRef & { readonly schedules: Readonly<Record<string, JobSchedule>> },
  ): Promise<void>;
  /** Removes every schedule of the installation; idempotent. */
  unscheduleInstallation(request: InstallationRef): Promise<void>;
  /** Replaces one job's schedule (a plugin's own `ctx.scheduler.schedule`). */
  scheduleJob(
    request: InstallationJobRef & { readonly schedule: JobSchedule; readonly data: JsonObject },
  ): Promise<void>;
  /** Queues one run of the job now; resolves with the run's id. */
  runJobNow(request: InstallationJobRef & { readonly data: JsonObject }): Promise<{ readonly runId: string }>;
  /** Removes one job's schedule; idempotent. */
  cancelJob(request: InstallationJobRef): Promise<void>;
}

export const SYNC_TRIGGERS = ['manual', 'cli', 'schedule', 'first-start'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

/** Who asked for a sync (`null` for the scheduler). */
export interface SyncRequester {
  readonly type: string;
  readonly id: string;
}

export interface SyncStartRequest extends InstallationRef {
  /** Inclusive calendar days; absent: ingest's default window. */
  readonly range?: { readonly from: string; readonly to: string };
  readonly trigger: SyncTrigger;
  readonly requestedBy: SyncRequester | null;
}

/** Queues a sync run (core/ingest). */
export interface SyncStarter {
  start(request: SyncStartRequest): Promise<{ readonly runId: string }>;
}

/** Deletes an installation's synced data (adAccounts, campaigns, metricsDaily, syncRuns). */
export interface PluginDataPurger {
  purge(request: InstallationRef): Promise<{ readonly deleted: number }>;
}

/** Builds the egress client of one plugin for one tenant (core/egress). */
export type EgressClientFactory = (pluginId: string, tenantId: string) => EgressHttpClient;
