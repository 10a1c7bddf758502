import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { HealthStatus, JsonObject } from '../plugin-api/index.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export const INSTALLATION_MODEL_NAME = 'PluginInstallation';

/**
 * `installed` (no valid config yet) → `configured` → (check ok) `ready` → `enabled` ↔
 * `disabled`; `error`: the last call into the plugin failed (message kept); `auth_error`: the
 * platform refused the credentials (scheduled syncs are skipped, never retried in a loop, until
 * an admin fixes the config or a check passes); `suspended`: the breaker opened after repeated
 * failures, nothing is scheduled until an admin enables it again.
 */
export const INSTALLATION_STATUSES = [
  'installed',
  'configured',
  'ready',
  'enabled',
  'disabled',
  'error',
  'auth_error',
  'suspended',
] as const;
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number];

export interface ActorRecord {
  type: string;
  id: string;
}

export interface HistoryEntryRecord {
  at: Date;
  action: string;
  from: InstallationStatus | null;
  to: InstallationStatus;
  actor: ActorRecord | null;
  message: string | null;
}

export interface LastCheckRecord {
  status: HealthStatus;
  message: string;
  details: JsonObject | null;
  at: Date;
  durationMs: number;
  configVersion: number;
}

export interface LastSyncRecord {
  runId: string;
  status: string;
  at: Date;
  finishedAt: Date | null;
}

export interface FailuresRecord {
  /** Failed calls in a row; a success resets it, the breaker opens at the threshold. */
  consecutive: number;
  lastAt: Date | null;
  lastCode: string | null;
}

export interface InstallationRecord {
  _id: Types.ObjectId;
  tenantId: string;
  pluginId: string;
  /** The plugin version the installation was last configured with. */
  version: string;
  /** Whether its jobs are meant to be scheduled (an admin enabled it and nothing suspended it since). */
  enabled: boolean;
  status: InstallationStatus;
  /** Why the status is what it is (the failure message of `error` and `suspended`). */
  statusMessage: string | null;
  /** Non-secret config fields as last validated. */
  config: Record<string, unknown>;
  /** Secret fields: AES-256-GCM envelopes bound to tenant and `plugins.<pluginId>.<field>`. */
  secrets: Record<string, string>;
  /** 0 until the first valid config; +1 on every config write. */
  configVersion: number;
  lastCheck: LastCheckRecord | null;
  lastSync: LastSyncRecord | null;
  failures: FailuresRecord;
  /** Last 100 transitions, oldest first. */
  history: HistoryEntryRecord[];
  createdAt: Date;
  updatedAt: Date;
}

export type InstallationModel = Model<InstallationRecord>;

const actorSchema = new Schema<ActorRecord>(
  { type: { type: String, required: true }, id: { type: String, required: true } },
  { _id: false },
);

const historySchema = new Schema<HistoryEntryRecord>(
  {
    at: { type: Date, required: true },
    action: { type: String, required: true },
    from: { type: String, enum: [...INSTALLATION_STATUSES, null], default: null },
    to: { type: String, enum: INSTALLATION_STATUSES, required: true },
    actor: { type: actorSchema, default: null },
    message: { type: String, default: null },
  },
  { _id: false },
);

export function createInstallationModel(
  connection: Connection,
  tenantContext: TenantContext,
): InstallationModel {
  const schema = new Schema<InstallationRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      pluginId: { type: String, required: true, immutable: true },
      version: { type: String, required: true },
      enabled: { type: Boolean, required: true, default: false },
      status: { type: String, enum: INSTALLATION_STATUSES, required: true },
      statusMessage: { type: String, default: null },
      config: { type: Schema.Types.Mixed, default: () => ({}) },
      secrets: { type: Schema.Types.Mixed, default: () => ({}) },
      configVersion: { type: Number, required: true, default: 0 },
      lastCheck: { type: Schema.Types.Mixed, default: null },
      lastSync: { type: Schema.Types.Mixed, default: null },
      failures: {
        consecutive: { type: Number, required: true, default: 0 },
        lastAt: { type: Date, default: null },
        lastCode: { type: String, default: null },
      },
      history: { type: [historySchema], default: () => [] },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    {
      collection: 'pluginInstallations',
      versionKey: false,
      autoIndex: false,
      autoCreate: false,
      minimize: false,
    },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  schema.index({ tenantId: 1, pluginId: 1 }, { unique: true });
  if (connection.models[INSTALLATION_MODEL_NAME] !== undefined)
    connection.deleteModel(INSTALLATION_MODEL_NAME);
  return connection.model<InstallationRecord>(INSTALLATION_MODEL_NAME, schema);
}
