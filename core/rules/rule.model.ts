/**
 * The rules collections: `rules` (definitions), `ruleRuns` (one per rule and trigger),
 * `ruleActions` (one per action carried out or simulated, with the previous value for undo)
 * and `ruleClaims` (the cooldown lock of one rule on one campaign).
 */
import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export interface RuleRecord {
  _id: Types.ObjectId;
  tenantId: string;
  /** The parsed `RuleDefinition` (plugin-api), stored whole. */
  definition: Record<string, unknown>;
  /** Mirrors of definition fields the scheduler queries by. */
  enabled: boolean;
  scheduleType: 'after_sync' | 'cron';
  /** Latest cron fire time already turned into a run (claimed atomically by one worker). */
  lastCronFireAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export const RULE_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'skipped'] as const;
export type RuleRunStatus = (typeof RULE_RUN_STATUSES)[number];

export interface RuleRunActionEntry {
  campaignKey: string;
  type: string;
  status: string;
  actionId: string | null;
  blockedBy: string | null;
  clippedBy: string[];
  error: string | null;
}

export interface RuleRunRecord {
  _id: Types.ObjectId;
  tenantId: string;
  ruleId: string;
  trigger: 'sync' | 'schedule' | 'manual';
  /** Unique per rule: the sync run id, the cron fire instant, or a fresh id. */
  triggerKey: string;
  mode: 'live' | 'shadow';
  status: RuleRunStatus;
  /** The tenant's calendar day the numbers were read for. */
  day: string;
  campaignsEvaluated: number;
  campaignsMatched: number;
  /** Matched campaigns with their numbers and the explanation (first 50). */
  matches: { campaignKey: string; explanation: string; conditions: unknown[] }[];
  actions: RuleRunActionEntry[];
  errors: string[];
  startedAt: Date;
  finishedAt: Date | null;
}

export const RULE_ACTION_STATUSES = ['succeeded', 'failed', 'shadow', 'undone'] as const;
export type RuleActionStatus = (typeof RULE_ACTION_STATUSES)[number];

export interface RuleActionRecord {
  _id: Types.ObjectId;
  tenantId: string;
  ruleId: string;
  runId: string;
  day: string;
  campaignKey: string;
  platform: string;
  pluginId: string;
  accountExternalId: string;
  campaignExternalId: string;
  type: 'pause' | 'resume' | 'set_budget' | 'change_budget' | 'notify';
  status: RuleActionStatus;
  /** Campaign status, or daily budget in minor units of `currency` (the campaign's). */
  previous: { status?: string; dailyBudgetCents?: number | null };
  current: { status?: string; dailyBudgetCents?: number | null };
  currency: string;
  clippedBy: string[];
  explanation: string;
  platformResponse: unknown;
  effectiveFrom: string | null;
  attempts: number;
  error: string | null;
  undoneAt: Date | null;
  undoneBy: string | null;
  createdAt: Date;
}

export interface RuleClaimRecord {
  _id: Types.ObjectId;
  tenantId: string;
  /** `<ruleId>|<mode>|<campaignKey>`: shadow runs rest apart from live ones. */
  key: string;
  until: Date;
  runId: string;
}

export interface RuleModels {
  readonly rules: Model<RuleRecord>;
  readonly runs: Model<RuleRunRecord>;
  readonly actions: Model<RuleActionRecord>;
  readonly claims: Model<RuleClaimRecord>;
  ensureIndexes(): Promise<void>;
}

const OPTIONS = { versionKey: false, autoIndex: false, autoCreate: false, minimize: false } as const;

function model<T>(connection: Connection, name: string, schema: Schema<T>, context: TenantContext): Model<T> {
  schema.plugin(tenancyPlugin, { context });
  if (connection.models[name] !== undefined) connection.deleteModel(name);
  return connection.model<T>(name, schema);
}

export function createRuleModels(connection: Connection, context: TenantContext): RuleModels {
  const rules = new Schema<RuleRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      definition: { type: Schema.Types.Mixed, required: true },
      enabled: { type: Boolean, required: true },
      scheduleType: { type: String, enum: ['after_sync', 'cron'], required: true },
      lastCronFireAt: { type: Date, default: null },
      createdBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      deletedAt: { type: Date, default: null },
    },
    { collection: 'rules', ...OPTIONS },
  );
  rules.index({ tenantId: 1, deletedAt: 1, _id: -1 });
  rules.index({ tenantId: 1, enabled: 1, scheduleType: 1 });

  const runs = new Schema<RuleRunRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      ruleId: { type: String, required: true },
      trigger: { type: String, enum: ['sync', 'schedule', 'manual'], required: true },
      triggerKey: { type: String, required: true },
      mode: { type: String, enum: ['live', 'shadow'], required: true },
      status: { type: String, enum: RULE_RUN_STATUSES, required: true },
      day: { type: String, required: true },
      campaignsEvaluated: { type: Number, default: 0 },
      campaignsMatched: { type: Number, default: 0 },
      matches: { type: Schema.Types.Mixed, default: [] },
      actions: { type: Schema.Types.Mixed, default: [] },
      errors: { type: [String], default: [] },
      startedAt: { type: Date, required: true },
      finishedAt: { type: Date, default: null },
    },
    // `errors` is the API's name for a run's error list; the document never uses mongoose's `errors`.
    { collection: 'ruleRuns', suppressReservedKeysWarning: true, ...OPTIONS },
  );
  // Two workers handling the same trigger: the second insert fails, so a trigger runs once.
  runs.index({ tenantId: 1, ruleId: 1, triggerKey: 1 }, { unique: true });
  runs.index({ tenantId: 1, ruleId: 1, _id: -1 });

  const actions = new Schema<RuleActionRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      ruleId: { type: String, required: true },
      runId: { type: String, required: true },
      day: { type: String, required: true },
      campaignKey: { type: String, required: true },
      platform: { type: String, required: true },
      pluginId: { type: String, required: true },
      accountExternalId: { type: String, required: true },
      campaignExternalId: { type: String, required: true },
      type: { type: String, required: true },
      status: { type: String, enum: RULE_ACTION_STATUSES, required: true },
      previous: { type: Schema.Types.Mixed, default: {} },
      current: { type: Schema.Types.Mixed, default: {} },
      currency: { type: String, required: true },
      clippedBy: { type: [String], default: [] },
      explanation: { type: String, default: '' },
      platformResponse: { type: Schema.Types.Mixed, default: null },
      effectiveFrom: { type: String, default: null },
      attempts: { type: Number, default: 0 },
      error: { type: String, default: null },
      undoneAt: { type: Date, default: null },
      undoneBy: { type: String, default: null },
      createdAt: { type: Date, required: true },
    },
    { collection: 'ruleActions', ...OPTIONS },
  );
  actions.index({ tenantId: 1, runId: 1 });
  actions.index({ tenantId: 1, day: 1, campaignKey: 1 });

  const claims = new Schema<RuleClaimRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      key: { type: String, required: true },
      until: { type: Date, required: true },
      runId: { type: String, required: true },
    },
    { collection: 'ruleClaims', ...OPTIONS },
  );
  claims.index({ tenantId: 1, key: 1 }, { unique: true });

  const models = {
    rules: model(connection, 'Rule', rules, context),
    runs: model(connection, 'RuleRun', runs, context),
    actions: model(connection, 'RuleAction', actions, context),
    claims: model(connection, 'RuleClaim', claims, context),
  };
  return {
    ...models,
    async ensureIndexes() {
      for (const each of Object.values(models)) await (each as Model<unknown>).createIndexes();
    },
  };
}
