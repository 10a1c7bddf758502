import { Types } from 'mongoose';
import type { Page, PageRequest } from '../audit/paging.js';
import { ConflictError, NotFoundError } from '../errors/errors.js';
import type { DayRange } from '../plugin-api/index.js';
import { MAX_SYNC_RUN_ERRORS } from './sync-run.model.js';
import type {
  SyncPhase,
  SyncRowCounts,
  SyncRunErrorRecord,
  SyncRunModel,
  SyncRunRecord,
  SyncRunStatus,
  SyncTrigger,
} from './sync-run.model.js';

export type SyncRunId = string;

export interface SyncRunError {
  readonly at: Date;
  readonly code: string;
  readonly message: string;
  readonly phase: SyncPhase;
  readonly accountExternalId?: string;
}

/** A sync run as the rest of the host sees it (plain values, id as a string). */
export interface SyncRun {
  readonly id: SyncRunId;
  readonly tenantId: string;
  readonly installationId: string;
  readonly pluginId: string;
  readonly trigger: SyncTrigger;
  readonly range: DayRange | null;
  readonly status: SyncRunStatus;
  readonly attempt: number;
  readonly queuedAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly durationMs: number | null;
  readonly apiCalls: number;
  readonly rows: Readonly<SyncRowCounts>;
  readonly invalidRows: number;
  readonly errors: readonly SyncRunError[];
  /** The checkpoint of the last committed batch (JSON); `null` before the first. */
  readonly state: Readonly<Record<string, unknown>> | null;
  readonly progress: { readonly phase: SyncPhase; readonly fraction: number | null };
  readonly requestedBy: { readonly type: string; readonly id: string } | null;
}

export interface NewSyncRun {
  readonly tenantId: string;
  readonly installationId: string;
  readonly pluginId: string;
  readonly trigger: SyncTrigger;
  readonly range?: DayRange;
  readonly requestedBy?: { readonly type: string; readonly id: string };
}

/** What one committed batch adds to its run: counters are increments, `state` replaces. */
export interface SyncCheckpoint {
  readonly state: Readonly<Record<string, unknown>>;
  readonly apiCalls: number;
  readonly rows: Partial<SyncRowCounts>;
  /** Accounts listed by this attempt: set, not added (every attempt lists them again). */
  readonly accounts?: number;
  readonly invalidRows: number;
  readonly errors: readonly SyncRunError[];
  readonly progress: { readonly phase: SyncPhase; readonly fraction: number | null };
}

export interface SyncRunListQuery extends PageRequest {
  readonly installationId?: string | undefined;
  readonly status?: SyncRunStatus | undefined;
}

export interface SyncRunFinish {
  readonly status: Extract<SyncRunStatus, 'succeeded' | 'failed' | 'cancelled'>;
  readonly finishedAt: Date;
  readonly errors?: readonly SyncRunError[];
}

/** The `syncRuns` collection: every method names the tenant, so isolation never rests on context. */
export interface SyncRuns {
  create(run: NewSyncRun, queuedAt: Date): Promise<SyncRun>;
  /**
   * Marks an attempt running (attempt + 1) with its resolved range. A finished successful run
   * cannot start again (ConflictError); an unknown id is a NotFoundError.
   */
  start(tenantId: string, id: SyncRunId, attempt: { range: DayRange; startedAt: Date }): Promise<SyncRun>;
  /** One small update after a committed batch. */
  checkpoint(tenantId: string, id: SyncRunId, checkpoint: SyncCheckpoint): Promise<void>;
  finish(tenantId: string, id: SyncRunId, finish: SyncRunFinish): Promise<SyncRun>;
  get(tenantId: string, id: string): Promise<SyncRun | undefined>;
  /** Newest first (queuedAt, then id). */
  list(tenantId: string, query: SyncRunListQuery): Promise<Page<SyncRun>>;
  /**
   * The installation's latest succeeded run over the default window (by the end of its range),
   * for the next default range; runs over a requested range do not count.
   */
  lastSucceeded(tenantId: string, installationId: string): Promise<SyncRun | undefined>;
}

function toSyncRun(record: SyncRunRecord): SyncRun {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    installationId: record.installationId,
    pluginId: record.pluginId,
    trigger: record.trigger,
    range: record.range?.from ? { from: record.range.from, to: record.range.to } : null,
    status: record.status,
    attempt: record.attempt,
    queuedAt: record.queuedAt,
    startedAt: record.startedAt ?? null,
    finishedAt: record.finishedAt ?? null,
    durationMs: record.durationMs ?? null,
    apiCalls: record.apiCalls,
    rows: {
      accounts: record.rows?.accounts ?? 0,
      campaigns: record.rows?.campaigns ?? 0,
      metrics: record.rows?.metrics ?? 0,
    },
    invalidRows: record.invalidRows,
    errors: (record.errors ?? []).map((error) => ({ ...error })),
    state: record.state ?? null,
    progress: { phase: record.progress?.phase ?? 'accounts', fraction: record.progress?.fraction ?? null },
    requestedBy: record.requestedBy ?? null,
  };
}

const idOf = (id: string) => (/^[a-f0-9]{24}$/.test(id) ? new Types.ObjectId(id) : undefined);

function errorRecords(errors: readonly SyncRunError[]): SyncRunErrorRecord[] {
  return errors.map((error) => ({ ...error }));
}

function pushErrors(errors: readonly SyncRunError[] | undefined): Record<string, unknown> {
  if (errors === undefined || errors.length === 0) return {};
  return { $push: { errors: { $each: errorRecords(errors), $slice: MAX_SYNC_RUN_ERRORS } } };
}

export function createSyncRuns(model: SyncRunModel): SyncRuns {
  const collection = model.collection;
  const requireRun = async (tenantId: string, id: string): Promise<SyncRunRecord> => {
    const _id = idOf(id);
    const record = _id === undefined ? null : await collection.findOne<SyncRunRecord>({ tenantId, _id });
    if (record === null) throw new NotFoundError('Sync run not found', { code: 'SYNC_RUN_NOT_FOUND' });
    return record;
  };
  return {
    async create(run, queuedAt) {
      const record: SyncRunRecord = {
        _id: new Types.ObjectId(),
        tenantId: run.tenantId,
        installationId: run.installationId,
        pluginId: run.pluginId,
        trigger: run.trigger,
        range: run.range === undefined ? null : { from: run.range.from, to: run.range.to },
        rangeRequested: run.range !== undefined,
        status: 'queued',
        attempt: 0,
        queuedAt,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        apiCalls: 0,
        rows: { accounts: 0, campaigns: 0, metrics: 0 },
        invalidRows: 0,
        errors: [],
        state: null,
        progress: { phase: 'accounts', fraction: null },
        requestedBy: run.requestedBy === undefined ? null : { ...run.requestedBy },
      };
      await collection.insertOne(record);
      return toSyncRun(record);
    },
    async start(tenantId, id, attempt) {
      const existing = await requireRun(tenantId, id);
      if (existing.status === 'succeeded')
        throw new ConflictError('This sync run already succeeded', { code: 'SYNC_RUN_FINISHED' });
      const record = await collection.findOneAndUpdate(
        { tenantId, _id: existing._id },
        {
          $set: {
            status: 'running',
            range: { from: attempt.range.from, to: attempt.range.to },
            startedAt: attempt.startedAt,
            finishedAt: null,
            durationMs: null,
          },
          $inc: { attempt: 1 },
        },
        { returnDocument: 'after' },
      );
      if (record === null) throw new NotFoundError('Sync run not found', { code: 'SYNC_RUN_NOT_FOUND' });
      return toSyncRun(record as unknown as SyncRunRecord);
    },
    async checkpoint(tenantId, id, checkpoint) {
      const inc: Record<string, number> = {
        apiCalls: checkpoint.apiCalls,
        invalidRows: checkpoint.invalidRows,
      };
      for (const [key, value] of Object.entries(checkpoint.rows)) if (value) inc[`rows.${key}`] = value;
      const set: Record<string, unknown> = { state: checkpoint.state, progress: checkpoint.progress };
      if (checkpoint.accounts !== undefined) set['rows.accounts'] = checkpoint.accounts;
      await collection.updateOne(
        { tenantId, _id: idOf(id) },
        {
          $set: set,
          $inc: inc,
          ...pushErrors(checkpoint.errors),
        },
      );
    },
    async finish(tenantId, id, finish) {
      const existing = await requireRun(tenantId, id);
      const durationMs =
        existing.startedAt === null ? null : finish.finishedAt.getTime() - existing.startedAt.getTime();
      const record = await collection.findOneAndUpdate(
        { tenantId, _id: existing._id },
        {
          $set: {
            status: finish.status,
            finishedAt: finish.finishedAt,
            durationMs,
            progress: {
              phase: finish.status === 'succeeded' ? 'done' : 'failed',
              fraction: existing.progress.fraction,
            },
          },
          ...pushErrors(finish.errors),
        },
        { returnDocument: 'after' },
      );
      if (record === null) throw new NotFoundError('Sync run not found', { code: 'SYNC_RUN_NOT_FOUND' });
      return toSyncRun(record as unknown as SyncRunRecord);
    },
    async get(tenantId, id) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await collection.findOne<SyncRunRecord>({ tenantId, _id });
      return record === null ? undefined : toSyncRun(record);
    },
    async list(tenantId, query) {
      const filter: Record<string, unknown> = { tenantId };
      if (query.installationId !== undefined) filter['installationId'] = query.installationId;
      if (query.status !== undefined) filter['status'] = query.status;
      const cursorId = query.cursor === undefined ? undefined : idOf(query.cursor);
      if (cursorId !== undefined) {
        const after = await collection.findOne<SyncRunRecord>({ tenantId, _id: cursorId });
        if (after === null) return { data: [], nextCursor: null };
        filter['$or'] = [
          { queuedAt: { $lt: after.queuedAt } },
          { queuedAt: after.queuedAt, _id: { $lt: after._id } },
        ];
      }
      const records = await collection
        .find<SyncRunRecord>(filter)
        .sort({ queuedAt: -1, _id: -1 })
        .limit(query.limit + 1)
        .toArray();
      const data = records.slice(0, query.limit).map(toSyncRun);
      const last = data.at(-1);
      return { data, nextCursor: records.length > query.limit && last !== undefined ? last.id : null };
    },
    async lastSucceeded(tenantId, installationId) {
      const [record] = await collection
        .find<SyncRunRecord>({ tenantId, installationId, status: 'succeeded', rangeRequested: { $ne: true } })
        .sort({ 'range.to': -1, queuedAt: -1 })
        .limit(1)
        .toArray();
      return record === undefined ? undefined : toSyncRun(record);
    },
  };
}
