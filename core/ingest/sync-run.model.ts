import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export const SYNC_RUN_MODEL_NAME = 'SyncRun';

export const SYNC_TRIGGERS = ['manual', 'schedule', 'cli', 'first-start'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export const SYNC_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

export const SYNC_PHASES = ['accounts', 'campaigns', 'metrics', 'done', 'failed'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

/** Errors kept per run; later ones are counted in the totals but not stored. */
export const MAX_SYNC_RUN_ERRORS = 50;

export interface SyncRunErrorRecord {
  at: Date;
  code: string;
  message: string;
  phase: SyncPhase;
  accountExternalId?: string;
}

export interface SyncRowCounts {
  accounts: number;
  campaigns: number;
  metrics: number;
}

export interface SyncRunRecord {
  _id: Types.ObjectId;
  tenantId: string;
  installationId: string;
  pluginId: string;
  trigger: SyncTrigger;
  /** Resolved when the run starts, unless the request named it. */
  range: { from: string; to: string } | null;
  /**
   * The request named the range (a backfill or a slice): such a run says nothing about what the
   * default window already covers, so the next default sync does not start from its end.
   */
  rangeRequested: boolean;
  status: SyncRunStatus;
  attempt: number;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  apiCalls: number;
  rows: SyncRowCounts;
  invalidRows: number;
  errors: SyncRunErrorRecord[];
  /** The checkpoint (JSON) a resumed attempt continues from; see sync-checkpoint.ts. */
  state: Record<string, unknown> | null;
  progress: { phase: SyncPhase; fraction: number | null };
  requestedBy: { type: string; id: string } | null;
}

export type SyncRunModel = Model<SyncRunRecord>;

export function createSyncRunModel(connection: Connection, tenantContext: TenantContext): SyncRunModel {
  const schema = new Schema<SyncRunRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      installationId: { type: String, required: true },
      pluginId: { type: String, required: true },
      trigger: { type: String, enum: SYNC_TRIGGERS, required: true },
      range: { type: new Schema({ from: String, to: String }, { _id: false }), default: null },
      rangeRequested: { type: Boolean, default: false },
      status: { type: String, enum: SYNC_RUN_STATUSES, required: true },
      attempt: { type: Number, required: true },
      queuedAt: { type: Date, required: true },
      startedAt: { type: Date, default: null },
      finishedAt: { type: Date, default: null },
      durationMs: { type: Number, default: null },
      apiCalls: { type: Number, required: true },
      rows: { accounts: Number, campaigns: Number, metrics: Number },
      invalidRows: { type: Number, required: true },
      errors: { type: Schema.Types.Mixed, default: [] },
      state: { type: Schema.Types.Mixed, default: null },
      progress: { phase: String, fraction: { type: Number, default: null } },
      requestedBy: {
        type: new Schema({ type: { type: String }, id: String }, { _id: false }),
        default: null,
      },
    },
    {
      collection: 'syncRuns',
      versionKey: false,
      autoIndex: false,
      autoCreate: false,
      // Runs are read lean and written through the driver; `errors` is never a document method here.
      suppressReservedKeysWarning: true,
    },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  schema.index({ tenantId: 1, queuedAt: -1 });
  schema.index({ tenantId: 1, installationId: 1, queuedAt: -1 });
  if (connection.models[SYNC_RUN_MODEL_NAME] !== undefined) connection.deleteModel(SYNC_RUN_MODEL_NAME);
  return connection.model<SyncRunRecord>(SYNC_RUN_MODEL_NAME, schema);
}
