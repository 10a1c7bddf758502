import { CONVERSION_PLATFORMS } from '../plugin-api/index.js';
import type { HashedIdentifiers } from '../plugin-api/index.js';
import type { CapiEventModel, CapiEventRecord, DeliveryRecord, QualityRecord } from './capi-event.model.js';

/** A stored conversion event, as services see it. */
export interface StoredCapiEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly source: string;
  readonly eventName: string;
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly receivedAt: Date;
  readonly actionSource: string;
  readonly pageUrl: string | null;
  readonly orderId: string | null;
  readonly valueCents: number | null;
  readonly currency: string | null;
  readonly consent: boolean;
  readonly hashed: HashedIdentifiers;
  readonly clearSealed: string | null;
  readonly quality: QualityRecord;
  readonly deliveries: Readonly<Record<string, DeliveryRecord>>;
}

export type NewCapiEvent = Omit<StoredCapiEvent, 'id'> & { readonly expiresAt: Date };

export interface DeliveryChange {
  readonly id: string;
  readonly delivery: DeliveryRecord;
}

export interface SourceQualityRow {
  readonly source: string;
  readonly events: number;
  readonly scoreSum: number;
  readonly missing: Readonly<Record<string, number>>;
  readonly malformed: Readonly<Record<string, number>>;
}

export interface CapiEventRepository {
  insertMany(events: readonly NewCapiEvent[]): Promise<StoredCapiEvent[]>;
  /** Events with this (name, id) received since `since`. */
  findRecentByKey(
    tenantId: string,
    keys: readonly { eventName: string; eventId: string }[],
    since: Date,
  ): Promise<StoredCapiEvent[]>;
  /** Pending deliveries to `platform` due by `now`, oldest first. */
  findDue(tenantId: string, platform: string, now: Date, limit: number): Promise<StoredCapiEvent[]>;
  /** Earliest `nextAttemptAt` of a pending delivery, over every platform. */
  nextDueAt(tenantId: string, platforms: readonly string[]): Promise<Date | undefined>;
  setDeliveries(tenantId: string, platform: string, changes: readonly DeliveryChange[]): Promise<void>;
  /** Drops the sealed clear fields of events whose deliveries are all final. */
  clearFinished(tenantId: string, ids: readonly string[]): Promise<number>;
  listBySource(tenantId: string, since: Date): Promise<SourceQualityRow[]>;
  listDeadLetters(tenantId: string, limit: number): Promise<StoredCapiEvent[]>;
}

function toStored(record: CapiEventRecord): StoredCapiEvent {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    source: record.source,
    eventName: record.eventName,
    eventId: record.eventId,
    occurredAt: record.occurredAt,
    receivedAt: record.receivedAt,
    actionSource: record.actionSource,
    pageUrl: record.pageUrl,
    orderId: record.orderId,
    valueCents: record.valueCents,
    currency: record.currency,
    consent: record.consent,
    hashed: record.hashed,
    clearSealed: record.clearSealed,
    quality: record.quality,
    deliveries: record.deliveries,
  };
}

const isFinal = (delivery: DeliveryRecord) => delivery.status !== 'pending';

export function createCapiEventRepository(model: CapiEventModel): CapiEventRepository {
  return {
    async insertMany(events) {
      if (events.length === 0) return [];
      const inserted = await model.insertMany(events.map((event) => ({ ...event })));
      return inserted.map((document) => toStored(document.toObject() as CapiEventRecord));
    },
    async findRecentByKey(tenantId, keys, since) {
      if (keys.length === 0) return [];
      const records = await model
        .find({ tenantId, receivedAt: { $gte: since }, $or: keys.map((key) => ({ ...key })) })
        .lean<CapiEventRecord[]>();
      return records.map(toStored);
    },
    async findDue(tenantId, platform, now, limit) {
      const records = await model
        .find({
          tenantId,
          [`deliveries.${platform}.status`]: 'pending',
          [`deliveries.${platform}.nextAttemptAt`]: { $lte: now },
        })
        .sort({ receivedAt: 1, _id: 1 })
        .limit(limit)
        .lean<CapiEventRecord[]>();
      return records.map(toStored);
    },
    async nextDueAt(tenantId, platforms) {
      let earliest: Date | undefined;
      for (const platform of platforms) {
        const record = await model
          .findOne({ tenantId, [`deliveries.${platform}.status`]: 'pending' })
          .sort({ [`deliveries.${platform}.nextAttemptAt`]: 1 })
          .lean<CapiEventRecord>();
        const at = record?.deliveries[platform]?.nextAttemptAt ?? undefined;
        if (at !== undefined && at !== null && (earliest === undefined || at < earliest)) earliest = at;
      }
      return earliest;
    },
    async setDeliveries(tenantId, platform, changes) {
      if (changes.length === 0) return;
      await model.bulkWrite(
        changes.map((change) => ({
          updateOne: {
            filter: { tenantId, _id: change.id },
            update: { $set: { [`deliveries.${platform}`]: change.delivery } },
          },
        })),
      );
    },
    async clearFinished(tenantId, ids) {
      if (ids.length === 0) return 0;
      const records = await model
        .find({ tenantId, _id: { $in: [...ids] }, clearSealed: { $ne: null } })
        .lean<CapiEventRecord[]>();
      const finished = records
        .filter((record) => Object.values(record.deliveries).every(isFinal))
        .map((record) => record._id);
      if (finished.length === 0) return 0;
      const result = await model.updateMany(
        { tenantId, _id: { $in: finished } },
        { $set: { clearSealed: null } },
      );
      return result.modifiedCount;
    },
    async listBySource(tenantId, since) {
      const records = await model
        .find({ tenantId, receivedAt: { $gte: since } }, { source: 1, quality: 1 })
        .lean<Pick<CapiEventRecord, 'source' | 'quality'>[]>();
      const rows = new Map<
        string,
        {
          events: number;
          scoreSum: number;
          missing: Record<string, number>;
          malformed: Record<string, number>;
        }
      >();
      for (const record of records) {
        const row = rows.get(record.source) ?? { events: 0, scoreSum: 0, missing: {}, malformed: {} };
        row.events += 1;
        row.scoreSum += record.quality.score;
        for (const key of record.quality.missing) row.missing[key] = (row.missing[key] ?? 0) + 1;
        for (const key of record.quality.malformed) row.malformed[key] = (row.malformed[key] ?? 0) + 1;
        rows.set(record.source, row);
      }
      return [...rows.entries()].map(([source, row]) => ({ source, ...row }));
    },
    async listDeadLetters(tenantId, limit) {
      const records = await model
        .find({
          tenantId,
          $or: CONVERSION_PLATFORMS.map((platform) => ({ [`deliveries.${platform}.status`]: 'dead' })),
        })
        .sort({ receivedAt: -1 })
        .limit(limit)
        .lean<CapiEventRecord[]>();
      return records.map(toStored);
    },
  };
}
