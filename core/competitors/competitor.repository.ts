import { Types } from 'mongoose';
import { toPage } from '../audit/paging.js';
import type { Page, PageRequest } from '../audit/paging.js';
import type { CompetitorModels, CompetitorRecord } from './competitor.model.js';

export interface Competitor {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly domains: readonly string[];
  readonly metaPageIds: readonly string[];
  readonly searchTerms: readonly string[];
  readonly countries: readonly string[];
  readonly tags: readonly string[];
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type CompetitorFields = Pick<
  Competitor,
  'name' | 'domains' | 'metaPageIds' | 'searchTerms' | 'countries' | 'tags'
>;

export interface CompetitorRepository {
  create(tenantId: string, fields: CompetitorFields, createdBy: string, at: Date): Promise<Competitor>;
  get(tenantId: string, id: string): Promise<Competitor | undefined>;
  list(
    tenantId: string,
    page: PageRequest & { readonly tag?: string | undefined },
  ): Promise<Page<Competitor>>;
  /** Every live competitor of the tenant (ingest jobs walk them all). */
  all(tenantId: string): Promise<Competitor[]>;
  update(
    tenantId: string,
    id: string,
    fields: Partial<CompetitorFields>,
    at: Date,
  ): Promise<Competitor | undefined>;
  /** Soft delete; `false` when there was nothing to delete. */
  remove(tenantId: string, id: string): Promise<boolean>;
  sourceState(tenantId: string, id: string, source: string): Promise<unknown>;
  saveSourceState(tenantId: string, id: string, source: string, state: unknown): Promise<void>;
}

function toCompetitor(record: CompetitorRecord): Competitor {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    name: record.name,
    domains: record.domains,
    metaPageIds: record.metaPageIds,
    searchTerms: record.searchTerms,
    countries: record.countries,
    tags: record.tags,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

const objectId = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined);

/** Plugin ids are kebab-case, so they are safe as a path segment; anything else is refused. */
function statePath(source: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(source)) throw new TypeError(`Invalid source id "${source}"`);
  return `sourceStates.${source}`;
}

export function createCompetitorRepository(models: CompetitorModels): CompetitorRepository {
  const { competitors } = models;
  return {
    async create(tenantId, fields, createdBy, at) {
      const created = await competitors.create({
        tenantId,
        name: fields.name,
        domains: [...fields.domains],
        metaPageIds: [...fields.metaPageIds],
        searchTerms: [...fields.searchTerms],
        countries: [...fields.countries],
        tags: [...fields.tags],
        sourceStates: {},
        createdBy,
        createdAt: at,
        updatedAt: at,
        deletedAt: null,
      });
      return toCompetitor(created.toObject());
    },
    async get(tenantId, id) {
      const _id = objectId(id);
      if (_id === undefined) return undefined;
      const record = await competitors.findOne({ tenantId, _id }).lean<CompetitorRecord>();
      return record === null ? undefined : toCompetitor(record);
    },
    async list(tenantId, { limit, cursor, tag }) {
      const after = cursor === undefined ? undefined : objectId(cursor);
      const rows = await competitors
        .find({
          tenantId,
          ...(after === undefined ? {} : { _id: { $lt: after } }),
          ...(tag === undefined ? {} : { tags: tag }),
        })
        .sort({ _id: -1 })
        .limit(limit + 1)
        .lean<CompetitorRecord[]>();
      return toPage(rows.map(toCompetitor), limit);
    },
    async all(tenantId) {
      const rows = await competitors.find({ tenantId }).sort({ _id: 1 }).lean<CompetitorRecord[]>();
      return rows.map(toCompetitor);
    },
    async update(tenantId, id, fields, at) {
      const _id = objectId(id);
      if (_id === undefined) return undefined;
      const record = await competitors
        .findOneAndUpdate(
          { tenantId, _id },
          { $set: { ...fields, updatedAt: at } },
          { returnDocument: 'after' },
        )
        .lean<CompetitorRecord>();
      return record === null ? undefined : toCompetitor(record);
    },
    async remove(tenantId, id) {
      const _id = objectId(id);
      if (_id === undefined) return false;
      const result = await competitors.updateOne({ tenantId, _id }, { $set: { deletedAt: new Date() } });
      return result.modifiedCount > 0;
    },
    async sourceState(tenantId, id, source) {
      const _id = objectId(id);
      if (_id === undefined) return undefined;
      const record = await competitors
        .findOne({ tenantId, _id }, { sourceStates: 1 })
        .lean<CompetitorRecord>();
      return record?.sourceStates?.[source];
    },
    async saveSourceState(tenantId, id, source, state) {
      const _id = objectId(id);
      if (_id === undefined) return;
      await competitors.updateOne({ tenantId, _id }, { $set: { [statePath(source)]: state } });
    },
  };
}
