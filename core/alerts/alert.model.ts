import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertRecord {
  _id: Types.ObjectId;
  tenantId: string;
  /** Who raised it: `rules`, `rules:<ruleId>`, a plugin id, `bus`. */
  source: string;
  severity: AlertSeverity;
  title: string;
  details: Record<string, unknown>;
  status: AlertStatus;
  /** The bus event it came from, so a Redis bus seen by N processes stores it once. */
  eventId: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  createdAt: Date;
}

/**
 * A request to tell the tenant's managers something on WhatsApp. Core does not send WhatsApp
 * itself: the WhatsApp channel drains this outbox (claim → send → mark), which survives restarts
 * and never sends twice from two workers.
 */
export interface NotificationRequestRecord {
  _id: Types.ObjectId;
  tenantId: string;
  channel: 'whatsapp';
  audience: 'managers';
  severity: AlertSeverity;
  title: string;
  text: string;
  source: string;
  alertId: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  claimedAt: Date | null;
  createdAt: Date;
}

export type AlertModel = Model<AlertRecord>;
export type NotificationRequestModel = Model<NotificationRequestRecord>;

const OPTIONS = { versionKey: false, autoIndex: false, autoCreate: false } as const;

export function createAlertModels(
  connection: Connection,
  tenantContext: TenantContext,
): { alerts: AlertModel; notificationRequests: NotificationRequestModel } {
  const alerts = new Schema<AlertRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      source: { type: String, required: true },
      severity: { type: String, enum: ALERT_SEVERITIES, required: true },
      title: { type: String, required: true },
      details: { type: Schema.Types.Mixed, default: {} },
      status: { type: String, enum: ALERT_STATUSES, required: true },
      eventId: { type: String, default: null },
      acknowledgedBy: { type: String, default: null },
      acknowledgedAt: { type: Date, default: null },
      createdAt: { type: Date, required: true },
    },
    { collection: 'alerts', minimize: false, ...OPTIONS },
  );
  alerts.plugin(tenancyPlugin, { context: tenantContext });
  alerts.index({ tenantId: 1, _id: -1 });
  alerts.index({ tenantId: 1, status: 1, _id: -1 });
  alerts.index(
    { tenantId: 1, eventId: 1 },
    { unique: true, partialFilterExpression: { eventId: { $type: 'string' } } },
  );

  const requests = new Schema<NotificationRequestRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      channel: { type: String, enum: ['whatsapp'], required: true },
      audience: { type: String, enum: ['managers'], required: true },
      severity: { type: String, enum: ALERT_SEVERITIES, required: true },
      title: { type: String, required: true },
      text: { type: String, required: true },
      source: { type: String, required: true },
      alertId: { type: String, default: null },
      status: { type: String, enum: ['pending', 'sending', 'sent', 'failed'], required: true },
      claimedAt: { type: Date, default: null },
      createdAt: { type: Date, required: true },
    },
    { collection: 'notificationRequests', ...OPTIONS },
  );
  requests.plugin(tenancyPlugin, { context: tenantContext });
  requests.index({ tenantId: 1, channel: 1, status: 1, _id: 1 });

  for (const name of ['Alert', 'NotificationRequest'])
    if (connection.models[name] !== undefined) connection.deleteModel(name);
  return {
    alerts: connection.model<AlertRecord>('Alert', alerts),
    notificationRequests: connection.model<NotificationRequestRecord>('NotificationRequest', requests),
  };
}
