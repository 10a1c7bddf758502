import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../db/tenancy-plugin.js';
import type { HashedIdentifiers } from '../plugin-api/index.js';
import type { TenantContext } from '../tenancy/tenant-context.js';

export const CAPI_EVENT_MODEL_NAME = 'CapiEvent';

/** Where one event stands with one platform. `pending` is the only non-final status. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'duplicate', 'skipped', 'refused', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRecord {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  reason: string | null;
  finishedAt: Date | null;
}

export interface QualityRecord {
  score: number;
  /** Component keys missing or malformed on this event (see quality-score.ts). */
  missing: string[];
  malformed: string[];
}

/**
 * `capiEvents`: hashes only. The clear fields platforms need (IP, user agent, click ids, Google's
 * address parts) sit in `clearSealed`, AES-256-GCM encrypted, until every delivery is final.
 */
export interface CapiEventRecord {
  _id: Types.ObjectId;
  tenantId: string;
  source: string;
  eventName: string;
  eventId: string;
  occurredAt: Date;
  receivedAt: Date;
  actionSource: string;
  pageUrl: string | null;
  orderId: string | null;
  valueCents: number | null;
  currency: string | null;
  consent: boolean;
  hashed: HashedIdentifiers;
  clearSealed: string | null;
  quality: QualityRecord;
  deliveries: Record<string, DeliveryRecord>;
  /** Retention: the TTL index removes the event after this instant. */
  expiresAt: Date;
}

export type CapiEventModel = Model<CapiEventRecord>;

export function createCapiEventModel(connection: Connection, tenantContext: TenantContext): CapiEventModel {
  const existing = connection.models[CAPI_EVENT_MODEL_NAME] as CapiEventModel | undefined;
  if (existing !== undefined) return existing;
  const schema = new Schema<CapiEventRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      source: { type: String, required: true },
      eventName: { type: String, required: true },
      eventId: { type: String, required: true },
      occurredAt: { type: Date, required: true },
      receivedAt: { type: Date, required: true },
      actionSource: { type: String, required: true },
      pageUrl: { type: String, default: null },
      orderId: { type: String, default: null },
      valueCents: { type: Number, default: null },
      currency: { type: String, default: null },
      consent: { type: Boolean, required: true },
      hashed: { type: Schema.Types.Mixed, default: {} },
      clearSealed: { type: String, default: null },
      quality: { type: Schema.Types.Mixed, required: true },
      deliveries: { type: Schema.Types.Mixed, default: {} },
      expiresAt: { type: Date, required: true },
    },
    { collection: 'capiEvents', versionKey: false, autoIndex: false, autoCreate: false, minimize: false },
  );
  schema.index({ tenantId: 1, eventName: 1, eventId: 1, receivedAt: -1 });
  schema.index({ tenantId: 1, source: 1, receivedAt: -1 });
  schema.index({ tenantId: 1, 'hashed.email': 1 });
  schema.index({ tenantId: 1, 'hashed.phoneDigits': 1 });
  schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  schema.plugin(tenancyPlugin, { context: tenantContext });
  return connection.model<CapiEventRecord>(CAPI_EVENT_MODEL_NAME, schema);
}
