import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import { AUDIT_ACTOR_TYPES, AUDIT_OUTCOMES } from './audit-event.js';
import type { AuditActorType, AuditChanges, AuditOutcome } from './audit-event.js';

export const AUDIT_LOG_MODEL_NAME = 'AuditLog';
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

export interface AuditLogRecord {
  _id: Types.ObjectId;
  tenantId: string;
  actor: { type: AuditActorType; id: string; email?: string | null };
  action: string;
  target: { type: string; id: string };
  changes: AuditChanges;
  reason?: string | null;
  outcome: AuditOutcome;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  at: Date;
}

export type AuditLogModel = Model<AuditLogRecord>;

const WRITE_HOOKS = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'replaceOne',
  'deleteOne',
  'deleteMany',
] as const;

export class AppendOnlyViolationError extends Error {
  constructor(operation: string) {
    super(`auditLogs is append-only: ${operation} is not allowed`);
    this.name = 'AppendOnlyViolationError';
  }
}

export interface AuditLogModelOptions {
  readonly retentionDays?: number;
}

/**
 * `auditLogs`: append-only (updates and deletes through the model are refused; only the TTL
 * index removes entries, after the retention period).
 */
export function createAuditLogModel(
  connection: Connection,
  tenantContext: TenantContext,
  options: AuditLogModelOptions = {},
): AuditLogModel {
  const retentionDays = options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const schema = new Schema<AuditLogRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      actor: {
        type: { type: String, enum: AUDIT_ACTOR_TYPES, required: true },
        id: { type: String, required: true },
        email: { type: String, default: null },
      },
      action: { type: String, required: true },
      target: { type: { type: String, required: true }, id: { type: String, required: true } },
      changes: { type: Schema.Types.Mixed, default: {} },
      reason: { type: String, default: null },
      outcome: { type: String, enum: AUDIT_OUTCOMES, required: true },
      ip: { type: String, default: null },
      userAgent: { type: String, default: null },
      requestId: { type: String, default: null },
      at: { type: Date, required: true },
    },
    { collection: 'auditLogs', versionKey: false, autoIndex: false, autoCreate: false, minimize: false },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  for (const hook of WRITE_HOOKS) {
    schema.pre(hook, { document: false, query: true }, () => {
      throw new AppendOnlyViolationError(hook);
    });
  }
  schema.pre('save', function refuseRewrite(this: { isNew: boolean }) {
    if (!this.isNew) throw new AppendOnlyViolationError('save of an existing entry');
  });
  schema.index({ tenantId: 1, _id: -1 });
  schema.index({ tenantId: 1, action: 1, _id: -1 });
  schema.index({ tenantId: 1, 'actor.id': 1, _id: -1 });
  schema.index({ tenantId: 1, 'target.id': 1, _id: -1 });
  schema.index({ at: 1 }, { expireAfterSeconds: retentionDays * 24 * 60 * 60 });
  if (connection.models[AUDIT_LOG_MODEL_NAME] !== undefined) connection.deleteModel(AUDIT_LOG_MODEL_NAME);
  return connection.model<AuditLogRecord>(AUDIT_LOG_MODEL_NAME, schema);
}
