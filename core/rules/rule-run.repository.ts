import { Types } from 'mongoose';
import type { PageRequest } from '../audit/paging.js';
import type { RuleActionRecord, RuleModels, RuleRunActionEntry, RuleRunRecord } from './rule.model.js';
import { idOf } from './rule.repository.js';

export type RuleRun = Omit<RuleRunRecord, '_id'> & { readonly id: string };
export type RuleActionEntry = Omit<RuleActionRecord, '_id'> & { readonly id: string };

export type NewRuleRun = Pick<
  RuleRun,
  'tenantId' | 'ruleId' | 'trigger' | 'triggerKey' | 'mode' | 'day' | 'startedAt'
>;
export type RuleRunOutcome = Pick<
  RuleRun,
  'status' | 'campaignsEvaluated' | 'campaignsMatched' | 'matches' | 'actions' | 'errors' | 'finishedAt'
>;
/** A campaign change made by a rule: what the platform holds since `at`. */
export interface RecentChange {
  readonly campaignKey: string;
  readonly at: Date;
  readonly value: { readonly status?: string; readonly dailyBudgetCents?: number | null };
}
export type NewRuleAction = Omit<RuleActionEntry, 'id' | 'undoneAt' | 'undoneBy'>;

const isDuplicateKey = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;

/** Indexes of a bulk write's operations that hit a unique index; other failures are thrown. */
async function failedIndexes(write: () => Promise<unknown>): Promise<Set<number>> {
  try {
    await write();
    return new Set();
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors === undefined ? [] : [writeErrors];
    if (list.length === 0 || list.some((entry) => (entry as { code?: unknown }).code !== 11000)) throw error;
    return new Set(list.map((entry) => Number((entry as { index?: unknown }).index)));
  }
}

const toRun = ({ _id, ...rest }: RuleRunRecord): RuleRun => ({ ...rest, id: _id.toHexString() });
const toAction = ({ _id, ...rest }: RuleActionRecord): RuleActionEntry => ({
  ...rest,
  id: _id.toHexString(),
});

export interface RuleRunRepository {
  /** `undefined` when this rule already ran for this trigger (another worker, or a retry). */
  start(run: NewRuleRun): Promise<RuleRun | undefined>;
  /** Starts many runs in one write; returns those started (others ran for this trigger already). */
  startMany(runs: readonly NewRuleRun[]): Promise<RuleRun[]>;
  finish(tenantId: string, runId: string, outcome: RuleRunOutcome): Promise<void>;
  finishMany(
    tenantId: string,
    outcomes: readonly { readonly runId: string; readonly outcome: RuleRunOutcome }[],
  ): Promise<void>;
  insertActions(actions: readonly NewRuleAction[]): Promise<RuleActionEntry[]>;
  /** {@link claim} for many keys in one write; returns the keys taken. */
  claimMany(
    tenantId: string,
    claims: readonly { readonly key: string; readonly until: Date; readonly runId: string }[],
    now: Date,
  ): Promise<Set<string>>;
  /** Newest first, `limit + 1` rows. */
  listByRule(tenantId: string, ruleId: string, page: PageRequest): Promise<RuleRun[]>;
  insertAction(action: NewRuleAction): Promise<RuleActionEntry>;
  findAction(tenantId: string, id: string): Promise<RuleActionEntry | undefined>;
  /** Succeeded → undone, once; `undefined` when it was not (or no longer) succeeded. */
  markUndone(tenantId: string, id: string, by: string, at: Date): Promise<RuleActionEntry | undefined>;
  /** Budget before the first successful rule budget change of `day`, per campaign key. */
  budgetsAtStartOfDay(tenantId: string, day: string): Promise<Map<string, number>>;
  /** Campaign changes rules made since `since`, oldest first (an undone one counts as its previous value). */
  recentChanges(tenantId: string, since: Date): Promise<RecentChange[]>;
  /**
   * Takes the cooldown lock `key` until `until` unless another run holds it past `now`: one
   * atomic upsert, so of two workers at most one gets it.
   */
  claim(tenantId: string, key: string, now: Date, until: Date, runId: string): Promise<boolean>;
  /** Gives a lock back (its action failed: nothing changed, the next run may try again). */
  release(tenantId: string, key: string, runId: string): Promise<void>;
}

export function createRuleRunRepository(
  models: Pick<RuleModels, 'runs' | 'actions' | 'claims'>,
): RuleRunRepository {
  const { runs, actions, claims } = models;
  const repository: RuleRunRepository = {
    async start(run) {
      try {
        const created = await runs.create({
          ...run,
          status: 'running',
          campaignsEvaluated: 0,
          campaignsMatched: 0,
          matches: [],
          actions: [],
          errors: [],
          finishedAt: null,
        });
        return toRun(created.toObject());
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // A failed run of this trigger (e.g. the KPI read failed) may be taken again by the job's retry.
        const retaken = await runs
          .findOneAndUpdate(
            { tenantId: run.tenantId, ruleId: run.ruleId, triggerKey: run.triggerKey, status: 'failed' },
            {
              $set: { status: 'running', startedAt: run.startedAt, day: run.day, mode: run.mode, errors: [] },
            },
            { returnDocument: 'after' },
          )
          .lean<RuleRunRecord>();
        return retaken === null ? undefined : toRun(retaken);
      }
    },
    async startMany(list) {
      const docs = list.map((run) => ({
        _id: new Types.ObjectId(),
        ...run,
        status: 'running' as const,
        campaignsEvaluated: 0,
        campaignsMatched: 0,
        matches: [],
        actions: [],
        errors: [],
        finishedAt: null,
      }));
      const failed = await failedIndexes(() => runs.collection.insertMany(docs, { ordered: false }));
      const started = docs.filter((_, index) => !failed.has(index)).map((doc) => toRun(doc as RuleRunRecord));
      for (const index of failed) {
        const run = list[index];
        const retaken = run === undefined ? undefined : await repository.start(run);
        if (retaken !== undefined) started.push(retaken);
      }
      return started;
    },
    async finishMany(tenantId, outcomes) {
      if (outcomes.length === 0) return;
      // Straight to the driver, like startMany: the outcome fields are plain (matches and actions
      // are Mixed), and mongoose's per-operation casting of 500 outcomes with their entries
      // took longer than the write itself.
      await runs.collection.bulkWrite(
        outcomes.flatMap(({ runId, outcome }) => {
          const _id = idOf(runId);
          return _id === undefined
            ? []
            : [{ updateOne: { filter: { tenantId, _id }, update: { $set: { ...outcome } } } }];
        }),
        { ordered: false },
      );
    },
    async insertActions(list) {
      if (list.length === 0) return [];
      const docs = list.map((action) => ({
        _id: new Types.ObjectId(),
        ...action,
        undoneAt: null,
        undoneBy: null,
      }));
      await actions.collection.insertMany(docs, { ordered: true });
      return docs.map((doc) => toAction(doc as RuleActionRecord));
    },
    async claimMany(tenantId, list, now) {
      if (list.length === 0) return new Set();
      const failed = await failedIndexes(() =>
        claims.collection.bulkWrite(
          list.map(({ key, until, runId }) => ({
            updateOne: {
              filter: { tenantId, key, until: { $lte: now } },
              update: { $set: { until, runId } },
              upsert: true,
            },
          })),
          { ordered: false },
        ),
      );
      return new Set(list.filter((_, index) => !failed.has(index)).map((claim) => claim.key));
    },
    async finish(tenantId, runId, outcome) {
      const _id = idOf(runId);
      if (_id === undefined) return;
      await runs.updateOne({ tenantId, _id }, { $set: { ...outcome } });
    },
    async listByRule(tenantId, ruleId, page) {
      const query: Record<string, unknown> = { tenantId, ruleId };
      if (page.cursor !== undefined) query._id = { $lt: new Types.ObjectId(page.cursor) };
      const rows = await runs
        .find(query)
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<RuleRunRecord[]>();
      return rows.map(toRun);
    },
    async insertAction(action) {
      const created = await actions.create({ ...action, undoneAt: null, undoneBy: null });
      return toAction(created.toObject());
    },
    async findAction(tenantId, id) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await actions.findOne({ tenantId, _id }).lean<RuleActionRecord>();
      return record === null ? undefined : toAction(record);
    },
    async markUndone(tenantId, id, by, at) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await actions
        .findOneAndUpdate(
          { tenantId, _id, status: 'succeeded' },
          { $set: { status: 'undone', undoneAt: at, undoneBy: by } },
          { returnDocument: 'after' },
        )
        .lean<RuleActionRecord>();
      return record === null ? undefined : toAction(record);
    },
    async budgetsAtStartOfDay(tenantId, day) {
      const rows = await actions
        .find({
          tenantId,
          day,
          status: { $in: ['succeeded', 'undone'] },
          type: { $in: ['set_budget', 'change_budget'] },
        })
        .sort({ createdAt: 1, _id: 1 })
        .lean<RuleActionRecord[]>();
      const budgets = new Map<string, number>();
      for (const row of rows) {
        const previous = row.previous.dailyBudgetCents;
        if (!budgets.has(row.campaignKey) && typeof previous === 'number')
          budgets.set(row.campaignKey, previous);
      }
      return budgets;
    },
    async recentChanges(tenantId, since) {
      const rows = await actions
        .find({
          tenantId,
          createdAt: { $gte: since },
          status: { $in: ['succeeded', 'undone'] },
          type: { $ne: 'notify' },
        })
        .sort({ createdAt: 1, _id: 1 })
        .lean<RuleActionRecord[]>();
      return rows.map((row) => ({
        campaignKey: row.campaignKey,
        at: row.undoneAt ?? row.createdAt,
        value: row.status === 'undone' ? row.previous : row.current,
      }));
    },
    async claim(tenantId, key, now, until, runId) {
      try {
        await claims.updateOne(
          { tenantId, key, until: { $lte: now } },
          { $set: { until, runId } },
          { upsert: true },
        );
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async release(tenantId, key, runId) {
      await claims.updateOne({ tenantId, key, runId }, { $set: { until: new Date(0) } });
    },
  };
  return repository;
}

export type { RuleRunActionEntry };
