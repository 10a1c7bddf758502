/** One attempt of a sync run: accounts, then per account campaigns and metrics, each batch checkpointed. */
import type { HostEventMap, HostEventName } from '../events/event-bus.js';
import { isCalendarDay, isPluginError } from '../plugin-api/index.js';
import type { AdAccount, CallContext, DayRange } from '../plugin-api/index.js';
import type { FxDayTable } from './fx/fx-table.js';
import { ERROR_SAMPLES_PER_BATCH } from './ingest-writer.js';
import type { BatchResult, IngestTarget, IngestWriter } from './ingest-writer.js';
import { accountKey, cursorOf, pluginStateOf, withAccountDone, withCursor } from './sync-checkpoint.js';
import type { SyncCheckpointState, SyncStream } from './sync-checkpoint.js';
import { createThrottle, runFraction } from './sync-progress.js';
import type { SyncProgress } from './sync-progress.js';
import type { SyncPhase, SyncRowCounts } from './sync-run.model.js';
import type { SyncRunnerDeps, SyncRunRequest, SyncSummary } from './sync-runner.js';
import type { SyncRunError, SyncRuns } from './sync-runs.js';
import { addDays } from './sync-range.js';
import { drainBatches, SyncAbortedError, throwIfAborted } from './sync-stream.js';

/** How far before a run's range rates are loaded: the longest late-data lookback a connector may use, and some. */
const FX_LOOKBACK_DAYS = 100;

const MAX_MESSAGE_LENGTH = 500;
const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && CODE_PATTERN.test(code) ? code : 'SYNC_FAILED';
}

function syncError(error: unknown, phase: SyncPhase, at: Date, account?: AdAccount): SyncRunError {
  return {
    at,
    code: codeOf(error),
    message: (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE_LENGTH),
    phase,
    ...(account === undefined ? {} : { accountExternalId: account.externalId }),
  };
}

/** One attempt of one run: the bookkeeping of `run`, kept out of the factory. */
export class SyncAttempt {
  /** Run-level errors not yet stored (flushed with the next checkpoint or at finish). */
  private pendingErrors: SyncRunError[] = [];
  private readonly failures: unknown[] = [];
  private aborted = false;
  private wroteRows = false;
  private accountsTotal = 0;
  private phase: SyncPhase = 'accounts';
  private totals = { rows: 0, apiCalls: 0 };
  private readonly target: IngestTarget;
  private readonly publishAllowed: () => boolean;

  constructor(
    private readonly deps: SyncRunnerDeps,
    private readonly runs: SyncRuns,
    private readonly writer: IngestWriter,
    private readonly request: SyncRunRequest,
    private readonly range: DayRange,
    private state: SyncCheckpointState,
  ) {
    this.target = {
      tenantId: request.tenant.id,
      tenantCurrency: request.tenant.currency,
      installationId: request.installationId,
      pluginId: request.pluginId,
      syncedAt: deps.now(),
    };
    this.publishAllowed = createThrottle(deps.progressIntervalMs ?? 500, deps.now);
  }

  status(): SyncSummary['status'] {
    if (this.aborted) return 'cancelled';
    return this.failures.length > 0 ? 'failed' : 'succeeded';
  }

  retryable(): boolean {
    return this.failures.every((failure) => isPluginError(failure) && failure.kind === 'transient');
  }

  takeErrors(): SyncRunError[] {
    return this.pendingErrors.splice(0);
  }

  async execute(): Promise<void> {
    const { signal } = this.request;
    const ctx: CallContext = { signal, runId: this.request.runId };
    try {
      throwIfAborted(signal);
      const accounts = await this.syncAccounts(ctx);
      // Connectors re-read a late-data lookback before the range (up to 90 days): their rows
      // need that day's rates as much as the range's own.
      const fx = await this.deps.fx.loadTable({
        from: addDays(this.range.from, -FX_LOOKBACK_DAYS),
        to: this.range.to,
      });
      let done = accounts.filter((account) => this.isDone(account)).length;
      for (const account of accounts) {
        if (this.isDone(account)) continue;
        try {
          await this.syncAccount(account, ctx, fx, done);
          done += 1;
        } catch (error) {
          if (signal.aborted) throw error;
          this.fail(error, account);
        }
      }
    } catch (error) {
      if (!signal.aborted) this.fail(error);
      else {
        this.aborted = true;
        this.pendingErrors.push(syncError(new SyncAbortedError(signal.reason), this.phase, this.deps.now()));
      }
    }
  }

  private isDone(account: AdAccount): boolean {
    return this.state.accountsDone.includes(accountKey(account));
  }

  private fail(error: unknown, account?: AdAccount): void {
    this.failures.push(error);
    this.pendingErrors.push(syncError(error, this.phase, this.deps.now(), account));
    this.deps.logger.warn(
      { runId: this.request.runId, accountExternalId: account?.externalId, phase: this.phase, err: error },
      'sync step failed',
    );
  }

  private async syncAccounts(ctx: CallContext): Promise<readonly AdAccount[]> {
    this.phase = 'accounts';
    let reported: number | undefined;
    const listed = await this.request.source.listAccounts({
      ...ctx,
      reportApiCalls: (count) => {
        reported = (reported ?? 0) + count;
      },
    });
    const result = await this.writer.writeAccounts(this.target, listed);
    this.accountsTotal = result.accounts.length;
    this.wroteRows ||= result.written > 0;
    // A plugin that does not report its requests is counted as one.
    const apiCalls = reported ?? 1;
    await this.commit({ apiCalls, rows: {}, accounts: result.written, batch: result }, null);
    return result.accounts;
  }

  private async syncAccount(
    account: AdAccount,
    ctx: CallContext,
    fx: FxDayTable,
    done: number,
  ): Promise<void> {
    const key = accountKey(account);
    const { source } = this.request;
    const cursor = cursorOf(this.state, key);
    if (cursor === undefined || cursor.stream === 'campaigns') {
      this.phase = 'campaigns';
      await drainBatches(
        source.campaigns(account, pluginStateOf(cursor, 'campaigns'), ctx),
        this.request.signal,
        (rows) => this.writer.prepareCampaigns(this.target, account, rows),
        async (prepared, batch) => {
          const result = await this.writer.writeCampaigns(prepared);
          await this.committed(
            key,
            'campaigns',
            batch,
            result,
            runFraction(this.position(done, 'campaigns')),
          );
        },
      );
      this.state = withCursor(this.state, { account: key, stream: 'metrics', pluginState: null });
    }
    this.phase = 'metrics';
    const campaignIds = await this.writer.campaignIdsOf(this.target, account);
    await drainBatches(
      source.dailyMetrics(account, this.range, pluginStateOf(cursorOf(this.state, key), 'metrics'), ctx),
      this.request.signal,
      (rows) => this.writer.prepareMetrics(this.target, account, campaignIds, fx, rows),
      async (prepared, batch) => {
        const result = await this.writer.writeMetrics(prepared);
        if (result.written > 0) this.touched(account.platform, batch.rows);
        const lastDay = batch.rows.at(-1)?.date;
        await this.committed(
          key,
          'metrics',
          batch,
          result,
          runFraction(this.position(done, 'metrics', lastDay)),
        );
      },
    );
    this.state = withAccountDone(this.state, key);
    await this.commit({ apiCalls: 0, rows: {} }, runFraction(this.position(done + 1, 'campaigns')));
  }

  /** Which days and platforms this attempt wrote metrics for (`kpis.changed` says so). */
  private readonly changes: { firstDay?: string; lastDay?: string; platforms: Set<string> } = {
    platforms: new Set(),
  };

  private touched(platform: string, rows: readonly { readonly date: string }[]): void {
    this.changes.platforms.add(platform);
    for (const { date } of rows) {
      if (typeof date !== 'string' || !isCalendarDay(date)) continue;
      if (this.changes.firstDay === undefined || date < this.changes.firstDay) this.changes.firstDay = date;
      if (this.changes.lastDay === undefined || date > this.changes.lastDay) this.changes.lastDay = date;
    }
  }

  private position(done: number, stream: SyncStream, lastDay?: string) {
    return { accountsTotal: this.accountsTotal, accountsDone: done, stream, range: this.range, lastDay };
  }

  private async committed(
    key: string,
    stream: SyncStream,
    batch: {
      readonly state: unknown;
      readonly apiCalls: number;
      readonly rejected?: readonly { readonly reason: string; readonly key?: string }[];
    },
    written: BatchResult,
    fraction: number | null,
  ): Promise<void> {
    const result = withPluginRejections(written, batch.rejected ?? [], stream, this.deps.now());
    this.wroteRows ||= result.written > 0;
    this.state = withCursor(this.state, { account: key, stream, pluginState: JSON.stringify(batch.state) });
    await this.commit(
      { apiCalls: batch.apiCalls, rows: { [stream]: result.written }, batch: result },
      fraction,
    );
  }

  private async commit(
    counts: { apiCalls: number; rows: Partial<SyncRowCounts>; accounts?: number; batch?: BatchResult },
    fraction: number | null,
  ): Promise<void> {
    const written =
      Object.values(counts.rows).reduce((sum, value) => sum + (value ?? 0), 0) + (counts.accounts ?? 0);
    this.totals = { rows: this.totals.rows + written, apiCalls: this.totals.apiCalls + counts.apiCalls };
    await this.runs.checkpoint(this.target.tenantId, this.request.runId, {
      state: this.state,
      apiCalls: counts.apiCalls,
      rows: counts.rows,
      ...(counts.accounts === undefined ? {} : { accounts: counts.accounts }),
      invalidRows: counts.batch?.invalid ?? 0,
      errors: [...(counts.batch?.errors ?? []), ...this.takeErrors()],
      progress: { phase: this.phase, fraction },
    });
    await this.progress(this.phase, fraction, false);
  }

  private async progress(
    phase: SyncProgress['phase'],
    fraction: number | null,
    always: boolean,
  ): Promise<void> {
    const progress: SyncProgress = {
      runId: this.request.runId,
      pluginId: this.request.pluginId,
      phase,
      rows: this.totals.rows,
      apiCalls: this.totals.apiCalls,
      fraction,
    };
    this.request.onProgress?.(progress);
    if (always || this.publishAllowed()) await this.publish('sync.progress', progress);
  }

  private async publish<TName extends HostEventName>(
    name: TName,
    payload: HostEventMap[TName],
  ): Promise<void> {
    try {
      await this.deps.bus.publish(this.target.tenantId, name, payload);
    } catch (error) {
      // Live updates are best effort; the run's outcome is in syncRuns either way.
      this.deps.logger.warn(
        { runId: this.request.runId, event: name, err: error },
        'publishing a sync event failed',
      );
    }
  }

  /** After the run is recorded: final progress, cache invalidation and the completion event. */
  async announce(rows: Readonly<SyncRowCounts>): Promise<void> {
    const status = this.status();
    await this.progress(status === 'succeeded' ? 'done' : 'failed', status === 'succeeded' ? 1 : null, true);
    // Rows written by a failed or cancelled attempt are real data too: caches must not hide them.
    if (this.wroteRows || status === 'succeeded') {
      const dataVersion = await this.deps.cache.bumpDataVersion(this.target.tenantId);
      const { firstDay, lastDay, platforms } = this.changes;
      await this.publish('kpis.changed', {
        dataVersion,
        ...(firstDay === undefined || lastDay === undefined ? {} : { from: firstDay, to: lastDay }),
        ...(platforms.size === 0 ? {} : { platforms: [...platforms].sort() }),
      });
    }
    if (status === 'succeeded')
      await this.publish('sync.completed', {
        pluginId: this.request.pluginId,
        runId: this.request.runId,
        rows: rows.accounts + rows.campaigns + rows.metrics,
        from: this.range.from,
        to: this.range.to,
      });
  }
}

/** Adds the rows a plugin could not map to a batch's invalid count and error sample. */
function withPluginRejections(
  result: BatchResult,
  rejected: readonly { readonly reason: string; readonly key?: string }[],
  phase: SyncStream,
  at: Date,
): BatchResult {
  if (rejected.length === 0) return result;
  const room = Math.max(0, ERROR_SAMPLES_PER_BATCH - result.errors.length);
  const samples: SyncRunError[] = rejected.slice(0, room).map((row) => ({
    at,
    code: 'INGEST_ROW_INVALID',
    message:
      `Invalid row from the platform${row.key === undefined ? '' : ` (${row.key})`}: ${row.reason}`.slice(
        0,
        500,
      ),
    phase,
  }));
  return { ...result, invalid: result.invalid + rejected.length, errors: [...result.errors, ...samples] };
}
