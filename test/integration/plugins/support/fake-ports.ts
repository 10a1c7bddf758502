/**
 * Small real implementations of the ports the plugin host depends on (jobs, ingest, purge,
 * event bus), recording what they were asked, for the plugin host's integration tests.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type {
  BusEvent,
  BusEventHandler,
  EventBus,
  HostEventMap,
  HostEventName,
} from '../../../../core/events/event-bus.js';
import type { JobSchedule } from '../../../../core/plugin-api/index.js';
import type {
  InstallationRef,
  PluginDataPurger,
  PluginJobsPort,
  SyncStartRequest,
  SyncStarter,
} from '../../../../core/plugins/ports.js';

export interface RecordingJobs extends PluginJobsPort {
  /** Current schedules by installation id. */
  readonly scheduled: Map<string, Readonly<Record<string, JobSchedule>>>;
  readonly calls: { readonly op: string; readonly installationId: string; readonly jobName?: string }[];
}

export function createRecordingJobs(): RecordingJobs {
  const scheduled = new Map<string, Readonly<Record<string, JobSchedule>>>();
  const calls: RecordingJobs['calls'] = [];
  return {
    scheduled,
    calls,
    async scheduleInstallation(request) {
      calls.push({ op: 'schedule', installationId: request.installationId });
      scheduled.set(request.installationId, { ...request.schedules });
    },
    async unscheduleInstallation(request) {
      calls.push({ op: 'unschedule', installationId: request.installationId });
      scheduled.delete(request.installationId);
    },
    async scheduleJob(request) {
      calls.push({ op: 'scheduleJob', installationId: request.installationId, jobName: request.jobName });
      scheduled.set(request.installationId, {
        ...scheduled.get(request.installationId),
        [request.jobName]: request.schedule,
      });
    },
    async runJobNow(request) {
      calls.push({ op: 'runJobNow', installationId: request.installationId, jobName: request.jobName });
      return { runId: randomUUID() };
    },
    async cancelJob(request) {
      calls.push({ op: 'cancelJob', installationId: request.installationId, jobName: request.jobName });
      const { [request.jobName]: _dropped, ...rest } = scheduled.get(request.installationId) ?? {};
      scheduled.set(request.installationId, rest);
    },
  };
}

export interface RecordingSyncStarter extends SyncStarter {
  readonly started: (SyncStartRequest & { readonly runId: string })[];
}

export function createRecordingSyncStarter(): RecordingSyncStarter {
  const started: RecordingSyncStarter['started'] = [];
  return {
    started,
    async start(request) {
      const runId = randomUUID();
      started.push({ ...request, runId });
      return { runId };
    },
  };
}

const SYNCED = ['adAccounts', 'campaigns', 'metricsDaily', 'syncRuns'] as const;

/** Deletes an installation's rows from the synced collections of the test database. */
export function createCollectionPurger(connection: Connection): PluginDataPurger {
  return {
    async purge(ref: InstallationRef) {
      let deleted = 0;
      for (const name of SYNCED) {
        const result = await connection
          .collection(name)
          .deleteMany({ tenantId: ref.tenantId, installationId: ref.installationId });
        deleted += result.deletedCount;
      }
      return { deleted };
    },
  };
}

export interface MemoryEventBus extends EventBus {
  readonly published: BusEvent[];
}

/** An in-process bus delivering synchronously to subscribers, recording every event. */
export function createMemoryEventBus(): MemoryEventBus {
  const published: BusEvent[] = [];
  const handlers = new Map<string, Set<BusEventHandler<HostEventName>>>();
  let sequence = 0;
  const add = (name: string, handler: BusEventHandler<HostEventName>) => {
    const set = handlers.get(name) ?? new Set();
    set.add(handler);
    handlers.set(name, set);
    return () => void set.delete(handler);
  };
  return {
    published,
    async publish<TName extends HostEventName>(tenantId: string, name: TName, payload: HostEventMap[TName]) {
      sequence += 1;
      const event = {
        id: String(sequence),
        name,
        tenantId,
        at: new Date().toISOString(),
        payload,
      } as BusEvent<TName>;
      published.push(event as unknown as BusEvent);
      for (const handler of [...(handlers.get(name) ?? []), ...(handlers.get('*') ?? [])]) {
        try {
          await handler(event as unknown as BusEvent<HostEventName>);
        } catch {
          // A throwing handler never reaches the publisher (the contract of EventBus).
        }
      }
      return event;
    },
    subscribe(name, handler) {
      return add(name, handler as BusEventHandler<HostEventName>);
    },
    subscribeAll(handler) {
      return add('*', handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
