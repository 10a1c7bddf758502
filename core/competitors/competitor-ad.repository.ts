import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { toPage } from '../audit/paging.js';
import type { Page, PageRequest } from '../audit/paging.js';
import type { CompetitorAd as SourceAd } from '../plugin-api/index.js';
import type { CompetitorAdRecord, CompetitorModels } from './competitor.model.js';

export interface StoredCompetitorAd {
  readonly id: string;
  readonly competitorId: string;
  readonly source: string;
  readonly externalId: string;
  readonly advertiserName: string | null;
  readonly platforms: readonly string[];
  readonly languages: readonly string[];
  readonly deliveryStart: Date | null;
  readonly deliveryStop: Date | null;
  readonly creative: CompetitorAdRecord['creative'];
  readonly snapshotUrl: string | null;
  readonly spendRange: CompetitorAdRecord['spendRange'];
  readonly impressionsRange: CompetitorAdRecord['impressionsRange'];
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly changedAt: Date;
}

/** What one stored page did: ads never seen, ads whose content changed, ads seen again unchanged. */
export interface AdUpsertOutcome {
  readonly created: number;
  readonly changed: number;
  readonly unchanged: number;
}

export interface CompetitorAdRepository {
  upsert(tenantId: string, source: string, ads: readonly SourceAd[], seenAt: Date): Promise<AdUpsertOutcome>;
  list(tenantId: string, competitorId: string, page: PageRequest): Promise<Page<StoredCompetitorAd>>;
  count(tenantId: string, competitorId: string): Promise<number>;
}

/** The fields a change is judged by: what the advertiser can alter, plus the delivery window. */
function contentHash(ad: SourceAd): string {
  const judged = [
    ad.creative,
    ad.platforms,
    ad.languages,
    ad.deliveryStart,
    ad.deliveryStop,
    ad.spendRange,
    ad.impressionsRange,
  ];
  return createHash('sha256').update(JSON.stringify(judged)).digest('hex');
}

const date = (value: string | null) => (value === null ? null : new Date(value));

function toStored(record: CompetitorAdRecord): StoredCompetitorAd {
  return {
    id: record._id.toHexString(),
    competitorId: record.competitorId,
    source: record.source,
    externalId: record.externalId,
    advertiserName: record.advertiserName,
    platforms: record.platforms,
    languages: record.languages,
    deliveryStart: record.deliveryStart,
    deliveryStop: record.deliveryStop,
    creative: record.creative,
    snapshotUrl: record.snapshotUrl,
    spendRange: record.spendRange,
    impressionsRange: record.impressionsRange,
    firstSeenAt: record.firstSeenAt,
    lastSeenAt: record.lastSeenAt,
    changedAt: record.changedAt,
  };
}

export function createCompetitorAdRepository(models: CompetitorModels): CompetitorAdRepository {
  const { ads } = models;
  return {
    async upsert(tenantId, source, batch, seenAt) {
      if (batch.length === 0) return { created: 0, changed: 0, unchanged: 0 };
      const known = await ads
        .find(
          { tenantId, source, externalId: { $in: batch.map((ad) => ad.externalId) } },
          { externalId: 1, contentHash: 1 },
        )
        .lean<Pick<CompetitorAdRecord, 'externalId' | 'contentHash'>[]>();
      const hashes = new Map(known.map((row) => [row.externalId, row.contentHash]));
      const outcome = { created: 0, changed: 0, unchanged: 0 };
      const operations = batch.map((ad) => {
        const hash = contentHash(ad);
        const previous = hashes.get(ad.externalId);
        const isChange = previous !== undefined && previous !== hash;
        if (previous === undefined) outcome.created += 1;
        else if (isChange) outcome.changed += 1;
        else outcome.unchanged += 1;
        hashes.set(ad.externalId, hash);
        return {
          updateOne: {
            filter: { tenantId, source, externalId: ad.externalId },
            update: {
              $set: {
                competitorId: ad.competitorId,
                advertiserId: ad.advertiserId,
                advertiserName: ad.advertiserName,
                platforms: [...ad.platforms],
                languages: [...ad.languages],
                adCreatedAt: date(ad.createdAt),
                deliveryStart: date(ad.deliveryStart),
                deliveryStop: date(ad.deliveryStop),
                creative: ad.creative,
                snapshotUrl: ad.snapshotUrl,
                spendRange: ad.spendRange,
                impressionsRange: ad.impressionsRange,
                contentHash: hash,
                lastSeenAt: seenAt,
                ...(previous === undefined || isChange ? { changedAt: seenAt } : {}),
              },
              $setOnInsert: { firstSeenAt: seenAt },
            },
            upsert: true,
          },
        };
      });
      await ads.bulkWrite(operations, { ordered: false });
      return outcome;
    },
    async list(tenantId, competitorId, { limit, cursor }) {
      const after =
        cursor !== undefined && Types.ObjectId.isValid(cursor) ? new Types.ObjectId(cursor) : undefined;
      const rows = await ads
        .find({ tenantId, competitorId, ...(after === undefined ? {} : { _id: { $lt: after } }) })
        .sort({ _id: -1 })
        .limit(limit + 1)
        .lean<CompetitorAdRecord[]>();
      return toPage(rows.map(toStored), limit);
    },
    count: (tenantId, competitorId) => ads.countDocuments({ tenantId, competitorId }),
  };
}
