/**
 * The only module that touches the `agendaJobs` collection besides agenda itself. Documents are
 * agenda's (name, data, nextRunAt, lockedAt, lastRunAt, failReason…) plus a few fields of ours
 * that agenda never writes (its state saves `$set` only its own fields): `queue`, `state`,
 * `attempt`, `maxAttempts`, `uniqueKey`, `scheduleKey`, `createdAt`.
 */
import { ObjectId } from 'mongodb';
import type { Collection, Db, Filter } from 'mongodb';
import type { JobQueue } from '../plugin-api/index.js';
import type { JobState } from './job-status.js';

export const JOBS_COLLECTION = 'agendaJobs';

export interface JobDocument {
  _id: ObjectId;
  name: string;
  type: 'normal';
  priority: number;
  data: { tenantId: string; [key: string]: unknown };
  nextRunAt: Date | null;
  lockedAt: Date | null;
  lastRunAt: Date | null;
  lastFinishedAt: Date | null;
  failedAt: Date | null;
  failCount: number | null;
  failReason: string | null;
  repeatInterval: string | number | null;
  repeatTimezone: string | null;
  disabled: boolean | null;
  lastModifiedBy: string | null;
  queue: JobQueue;
  state: JobState;
  /** Attempts started for the current run (a crash counts: the attempt started). */
  attempt: number;
  maxAttempts: number;
  uniqueKey: string | null;
  /** `name|tenantId|uniqueKey` of a repeating job; unique (sparse). */
  scheduleKey?: string;
  createdAt: Date;
}

export type NewJobDocument = Omit<JobDocument, '_id'>;

/** Fields agenda expects on a fresh document, all empty. */
export const EMPTY_AGENDA_FIELDS = {
  type: 'normal',
  lockedAt: null,
  lastRunAt: null,
  lastFinishedAt: null,
  failedAt: null,
  failCount: null,
  failReason: null,
  repeatInterval: null,
  repeatTimezone: null,
  disabled: null,
  lastModifiedBy: null,
} as const;

export interface BegunAttempt {
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly data: unknown;
  readonly repeating: boolean;
}

export type AttemptOutcome = 'completed' | 'retrying' | 'failed' | 'interrupted';

export interface JobRepository {
  ensureIndexes(): Promise<void>;
  insert(job: NewJobDocument): Promise<string>;
  /** Replaces data and run time of a queued one-off job with this key; undefined when there is none. */
  replaceQueued(
    key: { name: string; tenantId: string; uniqueKey: string },
    update: { data: JobDocument['data']; nextRunAt: Date },
  ): Promise<string | undefined>;
  upsertSchedule(
    scheduleKey: string,
    set: Partial<NewJobDocument>,
    setOnInsert: Partial<NewJobDocument>,
  ): Promise<string>;
  remove(filter: Filter<JobDocument>): Promise<number>;
  /** Newest first, `limit + 1` rows. */
  list(tenantId: string, filter: Filter<JobDocument>, limit: number, cursor?: string): Promise<JobDocument[]>;
  findForTenant(tenantId: string, id: string): Promise<JobDocument | undefined>;
  /** A failed job of this tenant back to the queue; undefined when it is not (or no longer) failed. */
  requeueFailed(tenantId: string, id: string, at: Date): Promise<JobDocument | undefined>;
  /** Counts the attempt and marks the job running; undefined when the job is gone. */
  beginAttempt(id: string): Promise<BegunAttempt | undefined>;
  recordOutcome(id: string, outcome: AttemptOutcome, repeating: boolean): Promise<void>;
  /** Unlocks jobs a stopping worker could not finish, so another worker takes them now. */
  release(ids: readonly string[], at: Date): Promise<void>;
  countFailedSince(since: Date): Promise<number>;
}

const idOf = (id: string) =>
  ObjectId.isValid(id) && /^[a-f0-9]{24}$/i.test(id) ? new ObjectId(id) : undefined;

export function createJobRepository(db: Db): JobRepository {
  const jobs: Collection<JobDocument> = db.collection<JobDocument>(JOBS_COLLECTION);
  return {
    async ensureIndexes() {
      await jobs.createIndex(
        { scheduleKey: 1 },
        { unique: true, sparse: true, name: 'stratum_schedule_key' },
      );
      await jobs.createIndex({ 'data.tenantId': 1, state: 1, _id: -1 }, { name: 'stratum_tenant_state' });
      await jobs.createIndex({ state: 1, failedAt: -1 }, { name: 'stratum_state_failed_at' });
    },
    async insert(job) {
      const result = await jobs.insertOne({ _id: new ObjectId(), ...job });
      return result.insertedId.toHexString();
    },
    async replaceQueued(key, update) {
      const found = await jobs.findOneAndUpdate(
        {
          name: key.name,
          'data.tenantId': key.tenantId,
          uniqueKey: key.uniqueKey,
          state: 'queued',
          lockedAt: null,
          scheduleKey: { $exists: false },
        },
        { $set: { data: update.data, nextRunAt: update.nextRunAt } },
        { returnDocument: 'after' },
      );
      return found === null ? undefined : found._id.toHexString();
    },
    async upsertSchedule(scheduleKey, set, setOnInsert) {
      const saved = await jobs.findOneAndUpdate(
        { scheduleKey },
        { $set: set, $setOnInsert: setOnInsert },
        { upsert: true, returnDocument: 'after' },
      );
      if (saved === null) throw new Error('upsert returned no document');
      return saved._id.toHexString();
    },
    async remove(filter) {
      return (await jobs.deleteMany(filter)).deletedCount;
    },
    async list(tenantId, filter, limit, cursor) {
      const query: Filter<JobDocument> = { ...filter, 'data.tenantId': tenantId };
      const after = cursor === undefined ? undefined : idOf(cursor);
      if (after !== undefined) query._id = { $lt: after };
      return jobs
        .find(query)
        .sort({ _id: -1 })
        .limit(limit + 1)
        .toArray();
    },
    async findForTenant(tenantId, id) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      return (await jobs.findOne({ _id, 'data.tenantId': tenantId })) ?? undefined;
    },
    async requeueFailed(tenantId, id, at) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const saved = await jobs.findOneAndUpdate(
        { _id, 'data.tenantId': tenantId, state: 'failed' },
        { $set: { state: 'queued', attempt: 0, nextRunAt: at, lockedAt: null } },
        { returnDocument: 'after' },
      );
      return saved ?? undefined;
    },
    async beginAttempt(id) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const current = await jobs.findOne({ _id });
      if (current === null) return undefined;
      const repeating = current.scheduleKey !== undefined;
      // A repeating job starts each run afresh; anything else counts on (a crash included).
      const fresh = repeating && (current.state === 'scheduled' || current.state === 'failed');
      const attempt = fresh ? 1 : (current.attempt ?? 0) + 1;
      await jobs.updateOne({ _id }, { $set: { attempt, state: 'running' } });
      return { attempt, maxAttempts: current.maxAttempts, data: current.data, repeating };
    },
    async recordOutcome(id, outcome, repeating) {
      const _id = idOf(id);
      if (_id === undefined) return;
      switch (outcome) {
        case 'completed':
          await jobs.updateOne({ _id }, { $set: { state: repeating ? 'scheduled' : 'completed' } });
          return;
        case 'retrying':
          await jobs.updateOne({ _id }, { $set: { state: 'retrying' } });
          return;
        case 'failed':
          await jobs.updateOne({ _id }, { $set: { state: 'failed' } });
          return;
        case 'interrupted':
          // Not the job's fault: the attempt is handed back rather than spent.
          await jobs.updateOne({ _id }, { $set: { state: 'queued' }, $inc: { attempt: -1 } });
          return;
      }
    },
    async release(ids, at) {
      const objectIds = ids.map(idOf).filter((id): id is ObjectId => id !== undefined);
      if (objectIds.length === 0) return;
      await jobs.updateMany(
        { _id: { $in: objectIds }, state: 'running' },
        { $set: { lockedAt: null, nextRunAt: at, state: 'queued' } },
      );
    },
    async countFailedSince(since) {
      return jobs.countDocuments({ state: 'failed', failedAt: { $gte: since } });
    },
  };
}
