/**
 * Runs one sync of one installation: accounts → per account its campaigns, then its daily
 * metrics for the range, each batch validated, converted and upserted by ingest, then
 * checkpointed. A run that stopped (crash, abort, retried job) resumes from its checkpoint:
 * finished accounts are skipped and the plugin gets its last committed state back, so nothing
 * is missed and nothing is stored twice. Preparing a batch overlaps with writing the previous
 * one; a batch's checkpoint is only written once that batch is committed.
 */
import type { Cache } from '../cache/cache.js';
import type { EventBus } from '../events/event-bus.js';
import { NotFoundError } from '../errors/errors.js';
import type { AdsSource, DayRange, TenantInfo } from '../plugin-api/index.js';
import type { FxService } from './fx/fx-table.js';
import type { IngestModels } from './ingest-models.js';
import { createIngestWriter } from './ingest-writer.js';
import { SyncAttempt } from './sync-attempt.js';
import { readCheckpoint } from './sync-checkpoint.js';
import type { SyncProgress } from './sync-progress.js';
import { resolveSyncRange } from './sync-range.js';
import type { SyncRowCounts, SyncRunStatus } from './sync-run.model.js';
import { createSyncRuns } from './sync-runs.js';
import type { SyncRun, SyncRunError, SyncRunId, SyncRuns } from './sync-runs.js';

export interface SyncRunnerLogger {
  info(fields: Readonly<Record<string, unknown>>, message: string): void;
  warn(fields: Readonly<Record<string, unknown>>, message: string): void;
}

export interface SyncRunnerDeps {
  readonly models: IngestModels;
  readonly fx: FxService;
  readonly bus: Pick<EventBus, 'publish'>;
  readonly cache: Pick<Cache, 'bumpDataVersion'>;
  readonly now: () => Date;
  readonly logger: SyncRunnerLogger;
  /** Least time between two `sync.progress` events of a run (default 500 ms: at most 2/s). */
  readonly progressIntervalMs?: number;
}

export interface SyncRunRequest {
  readonly runId: SyncRunId;
  readonly tenant: TenantInfo;
  readonly installationId: string;
  readonly pluginId: string;
  readonly source: AdsSource;
  /** Overrides the run's stored range; otherwise the stored one, else the default (resolveSyncRange). */
  readonly range?: DayRange;
  readonly signal: AbortSignal;
  /** Called after every committed batch (not throttled): the CLI's progress bar. */
  onProgress?(progress: SyncProgress): void;
}

export interface SyncSummary {
  readonly runId: SyncRunId;
  readonly status: Extract<SyncRunStatus, 'succeeded' | 'failed' | 'cancelled'>;
  readonly range: DayRange;
  readonly attempt: number;
  readonly apiCalls: number;
  readonly rows: Readonly<SyncRowCounts>;
  readonly invalidRows: number;
  readonly durationMs: number;
  readonly errors: readonly SyncRunError[];
  /** Every failure of this attempt was transient (or an abort): retrying the same run may succeed. */
  readonly retryable: boolean;
}

export interface SyncRunner {
  run(request: SyncRunRequest): Promise<SyncSummary>;
}

async function resolveRange(
  deps: SyncRunnerDeps,
  runs: SyncRuns,
  request: SyncRunRequest,
  stored: SyncRun,
): Promise<DayRange> {
  const requested = request.range ?? stored.range ?? undefined;
  const lastSucceeded =
    requested === undefined ? await runs.lastSucceeded(request.tenant.id, request.installationId) : undefined;
  return resolveSyncRange({
    requested,
    now: deps.now(),
    tenantTimezone: request.tenant.timezone,
    lastSucceededTo: lastSucceeded?.range?.to,
  });
}

export function createSyncRunner(deps: SyncRunnerDeps): SyncRunner {
  const runs = createSyncRuns(deps.models.syncRuns);
  const writer = createIngestWriter(deps.models);
  return {
    async run(request) {
      const tenantId = request.tenant.id;
      const stored = await runs.get(tenantId, request.runId);
      if (stored === undefined) throw new NotFoundError('Sync run not found', { code: 'SYNC_RUN_NOT_FOUND' });
      const range = await resolveRange(deps, runs, request, stored);
      const started = await runs.start(tenantId, request.runId, { range, startedAt: deps.now() });
      const checkpoint = readCheckpoint(stored.state);
      if (!checkpoint.readable)
        deps.logger.warn({ runId: request.runId }, 'unreadable sync checkpoint; starting the run over');
      const attempt = new SyncAttempt(deps, runs, writer, request, range, checkpoint.state);
      await attempt.execute();
      const finished = await runs.finish(tenantId, request.runId, {
        status: attempt.status(),
        finishedAt: deps.now(),
        errors: attempt.takeErrors(),
      });
      await attempt.announce(finished.rows);
      deps.logger.info(
        { runId: request.runId, status: finished.status, rows: finished.rows, attempt: started.attempt },
        'sync run finished',
      );
      return {
        runId: finished.id,
        status: attempt.status(),
        range,
        attempt: started.attempt,
        apiCalls: finished.apiCalls,
        rows: finished.rows,
        invalidRows: finished.invalidRows,
        durationMs: finished.durationMs ?? 0,
        errors: finished.errors,
        retryable: attempt.retryable(),
      };
    },
  };
}
