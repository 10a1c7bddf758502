import { Types } from 'mongoose';
import type { AuditEntry, AuditFilter } from './audit-event.js';
import type { AuditLogModel, AuditLogRecord } from './audit-log.model.js';
import type { PageRequest } from './paging.js';

export type NewAuditLog = Omit<AuditLogRecord, '_id'>;

function toEntry(record: AuditLogRecord): AuditEntry {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    actor: {
      type: record.actor.type,
      id: record.actor.id,
      email: record.actor.email ?? undefined,
    },
    action: record.action,
    target: { type: record.target.type, id: record.target.id },
    changes: record.changes ?? {},
    reason: record.reason ?? undefined,
    outcome: record.outcome,
    ip: record.ip ?? undefined,
    userAgent: record.userAgent ?? undefined,
    requestId: record.requestId ?? undefined,
    at: record.at,
  };
}

function filterOf(
  tenantId: string,
  filter: AuditFilter,
  cursor: string | undefined,
): Record<string, unknown> {
  const query: Record<string, unknown> = { tenantId };
  if (filter.actorType !== undefined) query['actor.type'] = filter.actorType;
  if (filter.actorId !== undefined) query['actor.id'] = filter.actorId;
  if (filter.action !== undefined) query.action = filter.action;
  if (filter.targetType !== undefined) query['target.type'] = filter.targetType;
  if (filter.targetId !== undefined) query['target.id'] = filter.targetId;
  if (filter.outcome !== undefined) query.outcome = filter.outcome;
  if (filter.from !== undefined || filter.to !== undefined) {
    query.at = {
      ...(filter.from === undefined ? {} : { $gte: new Date(filter.from) }),
      ...(filter.to === undefined ? {} : { $lte: new Date(filter.to) }),
    };
  }
  if (cursor !== undefined) query._id = { $lt: new Types.ObjectId(cursor) };
  return query;
}

export interface AuditLogRepository {
  insert(entry: NewAuditLog): Promise<AuditEntry>;
  /** Newest first; fetches `limit + 1` so the caller can tell whether more exist. */
  list(tenantId: string, filter: AuditFilter, page: PageRequest): Promise<AuditEntry[]>;
}

export function createAuditLogRepository(model: AuditLogModel): AuditLogRepository {
  return {
    async insert(entry) {
      const created = await model.create(entry);
      return toEntry(created.toObject());
    },
    async list(tenantId, filter, page) {
      const rows = await model
        .find(filterOf(tenantId, filter, page.cursor))
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<AuditLogRecord[]>();
      return rows.map(toEntry);
    },
  };
}
