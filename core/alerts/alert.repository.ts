import { Types } from 'mongoose';
import type { PageRequest } from '../audit/paging.js';
import type {
  AlertModel,
  AlertRecord,
  AlertSeverity,
  AlertStatus,
  NotificationRequestModel,
  NotificationRequestRecord,
} from './alert.model.js';

export interface Alert {
  readonly id: string;
  readonly tenantId: string;
  readonly source: string;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly status: AlertStatus;
  readonly acknowledgedBy: string | undefined;
  readonly acknowledgedAt: Date | undefined;
  readonly createdAt: Date;
}

export type NewAlert = Pick<Alert, 'tenantId' | 'source' | 'severity' | 'title' | 'details' | 'createdAt'> & {
  readonly eventId?: string;
};

export interface AlertFilter {
  readonly status?: AlertStatus | undefined;
  readonly severity?: AlertSeverity | undefined;
  readonly source?: string | undefined;
  readonly since?: Date | undefined;
}

export interface NotificationRequest {
  readonly id: string;
  readonly tenantId: string;
  readonly channel: 'whatsapp';
  readonly audience: 'managers';
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly text: string;
  readonly source: string;
  readonly alertId: string | undefined;
  readonly status: NotificationRequestRecord['status'];
  readonly createdAt: Date;
}

function toAlert(record: AlertRecord): Alert {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    source: record.source,
    severity: record.severity,
    title: record.title,
    details: record.details,
    status: record.status,
    acknowledgedBy: record.acknowledgedBy ?? undefined,
    acknowledgedAt: record.acknowledgedAt ?? undefined,
    createdAt: record.createdAt,
  };
}

function toRequest(record: NotificationRequestRecord): NotificationRequest {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    channel: record.channel,
    audience: record.audience,
    severity: record.severity,
    title: record.title,
    text: record.text,
    source: record.source,
    alertId: record.alertId ?? undefined,
    status: record.status,
    createdAt: record.createdAt,
  };
}

const idOf = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined);

const isDuplicateKey = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;

export interface AlertRepository {
  /** `undefined` when an alert of the same bus event is already stored. */
  insert(alert: NewAlert): Promise<Alert | undefined>;
  /** Newest first, `limit + 1` rows. */
  list(tenantId: string, filter: AlertFilter, page: PageRequest): Promise<Alert[]>;
  acknowledge(tenantId: string, id: string, by: string, at: Date): Promise<Alert | undefined>;
  findById(tenantId: string, id: string): Promise<Alert | undefined>;
  insertNotificationRequest(
    request: Omit<NotificationRequest, 'id' | 'status'>,
  ): Promise<NotificationRequest>;
  /** Takes the oldest pending request of a channel (atomically: one taker per request). */
  claimNotificationRequest(tenantId: string, at: Date): Promise<NotificationRequest | undefined>;
  markNotificationRequest(tenantId: string, id: string, status: 'sent' | 'failed'): Promise<void>;
}

export function createAlertRepository(models: {
  alerts: AlertModel;
  notificationRequests: NotificationRequestModel;
}): AlertRepository {
  const { alerts, notificationRequests } = models;
  return {
    async insert(alert) {
      try {
        const created = await alerts.create({
          ...alert,
          details: { ...alert.details },
          status: 'open',
          eventId: alert.eventId ?? null,
        });
        return toAlert(created.toObject());
      } catch (error) {
        if (alert.eventId !== undefined && isDuplicateKey(error)) return undefined;
        throw error;
      }
    },
    async list(tenantId, filter, page) {
      const query: Record<string, unknown> = { tenantId };
      if (filter.status !== undefined) query.status = filter.status;
      if (filter.severity !== undefined) query.severity = filter.severity;
      if (filter.source !== undefined) query.source = filter.source;
      if (filter.since !== undefined) query.createdAt = { $gte: filter.since };
      if (page.cursor !== undefined) query._id = { $lt: new Types.ObjectId(page.cursor) };
      const rows = await alerts
        .find(query)
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<AlertRecord[]>();
      return rows.map(toAlert);
    },
    async acknowledge(tenantId, id, by, at) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await alerts
        .findOneAndUpdate(
          { tenantId, _id, status: 'open' },
          { $set: { status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at } },
          { returnDocument: 'after' },
        )
        .lean<AlertRecord>();
      return record === null ? undefined : toAlert(record);
    },
    async findById(tenantId, id) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await alerts.findOne({ tenantId, _id }).lean<AlertRecord>();
      return record === null ? undefined : toAlert(record);
    },
    async insertNotificationRequest(request) {
      const created = await notificationRequests.create({
        ...request,
        alertId: request.alertId ?? null,
        status: 'pending',
        claimedAt: null,
      });
      return toRequest(created.toObject());
    },
    async claimNotificationRequest(tenantId, at) {
      const record = await notificationRequests
        .findOneAndUpdate(
          { tenantId, channel: 'whatsapp', status: 'pending' },
          { $set: { status: 'sending', claimedAt: at } },
          { sort: { _id: 1 }, returnDocument: 'after' },
        )
        .lean<NotificationRequestRecord>();
      return record === null ? undefined : toRequest(record);
    },
    async markNotificationRequest(tenantId, id, status) {
      const _id = idOf(id);
      if (_id === undefined) return;
      await notificationRequests.updateOne({ tenantId, _id }, { $set: { status } });
    },
  };
}
