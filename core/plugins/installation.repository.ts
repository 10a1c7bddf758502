import type { HealthStatus, JsonObject } from '../plugin-api/index.js';
import { isDuplicateKeyError } from '../tenants/tenant.repository.js';
import type {
  FailuresRecord,
  HistoryEntryRecord,
  InstallationModel,
  InstallationRecord,
  InstallationStatus,
  LastCheckRecord,
  LastSyncRecord,
} from './installation.model.js';

export const HISTORY_LIMIT = 100;

export interface HistoryEntry {
  readonly at: Date;
  readonly action: string;
  readonly from: InstallationStatus | null;
  readonly to: InstallationStatus;
  readonly actor: { readonly type: string; readonly id: string } | null;
  readonly message: string | undefined;
}

export interface LastCheck {
  readonly status: HealthStatus;
  readonly message: string;
  readonly details: JsonObject | undefined;
  readonly at: Date;
  readonly durationMs: number;
  readonly configVersion: number;
}

export interface LastSync {
  readonly runId: string;
  readonly status: string;
  readonly at: Date;
  readonly finishedAt: Date | undefined;
}

/** One tenant's installation of one plugin, as the service sees it (secrets still encrypted). */
export interface Installation {
  readonly id: string;
  readonly tenantId: string;
  readonly pluginId: string;
  readonly version: string;
  readonly enabled: boolean;
  readonly status: InstallationStatus;
  readonly statusMessage: string | undefined;
  readonly config: Readonly<Record<string, unknown>>;
  readonly secretEnvelopes: Readonly<Record<string, string>>;
  readonly configVersion: number;
  readonly lastCheck: LastCheck | undefined;
  readonly lastSync: LastSync | undefined;
  readonly failures: { readonly consecutive: number; readonly lastAt: Date | undefined };
  readonly history: readonly HistoryEntry[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Fields a change may set (whole values). */
export interface InstallationFields {
  readonly version?: string;
  readonly enabled?: boolean;
  readonly status?: InstallationStatus;
  readonly statusMessage?: string | null;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly configVersion?: number;
  readonly lastCheck?: LastCheck;
  readonly lastSync?: LastSync;
  /** Resets the failure count (a success, or an admin's enable). */
  readonly resetFailures?: boolean;
}

export interface InstallationChange {
  readonly at: Date;
  readonly set: InstallationFields;
  readonly history?: Omit<HistoryEntry, 'at'>;
}

/** Preconditions of a change (optimistic concurrency); unmet → the change is not applied. */
export interface ChangeCondition {
  readonly statusIn?: readonly InstallationStatus[];
  readonly configVersion?: number;
}

export type NewInstallation = Pick<Installation, 'tenantId' | 'pluginId' | 'version'> & {
  readonly at: Date;
  readonly actor: HistoryEntry['actor'];
};

function toHistoryEntry(record: HistoryEntryRecord): HistoryEntry {
  return {
    at: record.at,
    action: record.action,
    from: record.from ?? null,
    to: record.to,
    actor:
      record.actor === null || record.actor === undefined
        ? null
        : { type: record.actor.type, id: record.actor.id },
    message: record.message ?? undefined,
  };
}

function toLastCheck(record: LastCheckRecord | null | undefined): LastCheck | undefined {
  if (record === null || record === undefined) return undefined;
  return { ...record, details: record.details ?? undefined };
}

function toLastSync(record: LastSyncRecord | null | undefined): LastSync | undefined {
  if (record === null || record === undefined) return undefined;
  return { ...record, finishedAt: record.finishedAt ?? undefined };
}

function toInstallation(record: InstallationRecord): Installation {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    pluginId: record.pluginId,
    version: record.version,
    enabled: record.enabled,
    status: record.status,
    statusMessage: record.statusMessage ?? undefined,
    config: { ...record.config },
    secretEnvelopes: { ...record.secrets },
    configVersion: record.configVersion,
    lastCheck: toLastCheck(record.lastCheck),
    lastSync: toLastSync(record.lastSync),
    failures: {
      consecutive: record.failures?.consecutive ?? 0,
      lastAt: record.failures?.lastAt ?? undefined,
    },
    history: (record.history ?? []).map(toHistoryEntry),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function historyRecord(entry: Omit<HistoryEntry, 'at'>, at: Date): HistoryEntryRecord {
  return {
    at,
    action: entry.action,
    from: entry.from,
    to: entry.to,
    actor: entry.actor === null ? null : { type: entry.actor.type, id: entry.actor.id },
    message: entry.message ?? null,
  };
}

function setOf(change: InstallationChange): Record<string, unknown> {
  const { resetFailures, lastCheck, lastSync, ...plain } = change.set;
  const set: Record<string, unknown> = { ...plain, updatedAt: change.at };
  if (lastCheck !== undefined) set.lastCheck = { ...lastCheck, details: lastCheck.details ?? null };
  if (lastSync !== undefined) set.lastSync = { ...lastSync, finishedAt: lastSync.finishedAt ?? null };
  if (resetFailures === true) set['failures.consecutive'] = 0;
  return set;
}

export interface InstallationRepository {
  /** Returns `undefined` when the tenant already has the plugin installed. */
  insert(installation: NewInstallation): Promise<Installation | undefined>;
  find(tenantId: string, pluginId: string): Promise<Installation | undefined>;
  listByTenant(tenantId: string): Promise<Installation[]>;
  /** Applies the change when the condition holds; `undefined` when absent or the condition failed. */
  update(
    tenantId: string,
    pluginId: string,
    change: InstallationChange,
    condition?: ChangeCondition,
  ): Promise<Installation | undefined>;
  /** Counts one more failure in a row; returns the installation after the increment. */
  incrementFailures(
    tenantId: string,
    pluginId: string,
    failure: { readonly at: Date; readonly code: string },
  ): Promise<Installation | undefined>;
  remove(tenantId: string, pluginId: string): Promise<boolean>;
}

export function createInstallationRepository(model: InstallationModel): InstallationRepository {
  return {
    async insert({ tenantId, pluginId, version, at, actor }) {
      const failures: FailuresRecord = { consecutive: 0, lastAt: null, lastCode: null };
      try {
        const created = await model.create({
          tenantId,
          pluginId,
          version,
          enabled: false,
          status: 'installed',
          statusMessage: null,
          config: {},
          secrets: {},
          configVersion: 0,
          lastCheck: null,
          lastSync: null,
          failures,
          history: [
            historyRecord({ action: 'install', from: null, to: 'installed', actor, message: undefined }, at),
          ],
          createdAt: at,
          updatedAt: at,
        });
        return toInstallation(created.toObject());
      } catch (error) {
        if (isDuplicateKeyError(error)) return undefined;
        throw error;
      }
    },
    async find(tenantId, pluginId) {
      const record = await model.findOne({ tenantId, pluginId }).lean<InstallationRecord>();
      return record === null ? undefined : toInstallation(record);
    },
    async listByTenant(tenantId) {
      const records = await model.find({ tenantId }).sort({ pluginId: 1 }).lean<InstallationRecord[]>();
      return records.map(toInstallation);
    },
    async update(tenantId, pluginId, change, condition = {}) {
      const filter: Record<string, unknown> = { tenantId, pluginId };
      if (condition.statusIn !== undefined) filter.status = { $in: [...condition.statusIn] };
      if (condition.configVersion !== undefined) filter.configVersion = condition.configVersion;
      const update: Record<string, unknown> = { $set: setOf(change) };
      if (change.history !== undefined)
        update.$push = {
          history: { $each: [historyRecord(change.history, change.at)], $slice: -HISTORY_LIMIT },
        };
      const record = await model
        .findOneAndUpdate(filter, update, { returnDocument: 'after' })
        .lean<InstallationRecord>();
      return record === null ? undefined : toInstallation(record);
    },
    async incrementFailures(tenantId, pluginId, failure) {
      const record = await model
        .findOneAndUpdate(
          { tenantId, pluginId },
          {
            $inc: { 'failures.consecutive': 1 },
            $set: { 'failures.lastAt': failure.at, 'failures.lastCode': failure.code },
          },
          { returnDocument: 'after' },
        )
        .lean<InstallationRecord>();
      return record === null ? undefined : toInstallation(record);
    },
    async remove(tenantId, pluginId) {
      const result = await model.deleteOne({ tenantId, pluginId });
      return result.deletedCount > 0;
    },
  };
}
