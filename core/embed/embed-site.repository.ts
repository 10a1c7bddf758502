import { Types } from 'mongoose';
import type { PageRequest } from '../audit/paging.js';
import type { EmbedSiteModel, EmbedSiteRecord } from './embed-site.model.js';
import type { EmbedLocale, EmbedTheme, EmbedWidget } from './embed-site.schemas.js';

export interface EmbedSite {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly allowedOrigins: readonly string[];
  readonly widgets: readonly EmbedWidget[];
  readonly theme: EmbedTheme;
  readonly defaultLocale: EmbedLocale;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewEmbedSite = Omit<EmbedSite, 'id'>;
export type EmbedSiteChanges = Partial<
  Pick<EmbedSite, 'name' | 'allowedOrigins' | 'widgets' | 'theme' | 'defaultLocale'>
> & { readonly updatedAt: Date };

function toEmbedSite(record: EmbedSiteRecord): EmbedSite {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    name: record.name,
    allowedOrigins: [...record.allowedOrigins],
    widgets: [...record.widgets],
    theme: { ...record.theme },
    defaultLocale: record.defaultLocale,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

const idOf = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined);

export interface EmbedSiteRepository {
  insert(site: NewEmbedSite): Promise<EmbedSite>;
  /** Newest first, `limit + 1` rows. */
  list(tenantId: string, page: PageRequest): Promise<EmbedSite[]>;
  findById(tenantId: string, id: string): Promise<EmbedSite | undefined>;
  findByName(tenantId: string, name: string): Promise<EmbedSite | undefined>;
  update(tenantId: string, id: string, changes: EmbedSiteChanges): Promise<EmbedSite | undefined>;
  softDelete(tenantId: string, id: string, at: Date): Promise<boolean>;
  /** Preflights carry only an Origin, so this lookup crosses tenants (through the driver). */
  anyAllowsOrigin(origin: string): Promise<boolean>;
}

export function createEmbedSiteRepository(model: EmbedSiteModel): EmbedSiteRepository {
  return {
    async insert(site) {
      const created = await model.create({
        ...site,
        allowedOrigins: [...site.allowedOrigins],
        widgets: [...site.widgets],
        deletedAt: null,
      });
      return toEmbedSite(created.toObject());
    },
    async list(tenantId, page) {
      const query: Record<string, unknown> = { tenantId, deletedAt: null };
      if (page.cursor !== undefined) query._id = { $lt: new Types.ObjectId(page.cursor) };
      const rows = await model
        .find(query)
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<EmbedSiteRecord[]>();
      return rows.map(toEmbedSite);
    },
    async findById(tenantId, id) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await model.findOne({ tenantId, _id, deletedAt: null }).lean<EmbedSiteRecord>();
      return record === null ? undefined : toEmbedSite(record);
    },
    async findByName(tenantId, name) {
      const record = await model.findOne({ tenantId, name, deletedAt: null }).lean<EmbedSiteRecord>();
      return record === null ? undefined : toEmbedSite(record);
    },
    async update(tenantId, id, changes) {
      const _id = idOf(id);
      if (_id === undefined) return undefined;
      const record = await model
        .findOneAndUpdate(
          { tenantId, _id, deletedAt: null },
          { $set: { ...changes } as Partial<EmbedSiteRecord> },
          { returnDocument: 'after' },
        )
        .lean<EmbedSiteRecord>();
      return record === null ? undefined : toEmbedSite(record);
    },
    async softDelete(tenantId, id, at) {
      const _id = idOf(id);
      if (_id === undefined) return false;
      const result = await model.updateOne({ tenantId, _id, deletedAt: null }, { $set: { deletedAt: at } });
      return result.modifiedCount === 1;
    },
    async anyAllowsOrigin(origin) {
      const found = await model.collection.findOne(
        { allowedOrigins: origin, deletedAt: null },
        { projection: { _id: 1 } },
      );
      return found !== null;
    },
  };
}
