/**
 * The privacy jobs' access to every mapped collection, through the native driver: erasure must
 * reach collections whose modules refuse updates (the append-only audit log) or are owned by
 * other areas. Every call but retention takes the tenant.
 */
import type { Connection } from 'mongoose';

type Filter = Record<string, unknown>;
export type PlainDocument = Record<string, unknown>;

export interface PrivacyRepository {
  find(
    collection: string,
    tenantId: string,
    filter: Filter,
    omit: readonly string[],
  ): Promise<PlainDocument[]>;
  deleteMany(collection: string, tenantId: string, filter: Filter): Promise<number>;
  /** Blanks `fields` (null; `changes` → {}) on matching documents not yet blanked. */
  redact(collection: string, tenantId: string, filter: Filter, fields: readonly string[]): Promise<number>;
  /** Retention: removes documents whose `field` is before `before`, every tenant. */
  deleteOlderThan(collection: string, field: string, before: Date): Promise<number>;
  updateManyUnscoped(collection: string, filter: Filter, set: Record<string, unknown>): Promise<number>;
  /** Tenants soft-deleted before `before`. */
  deletedTenantsBefore(before: Date): Promise<string[]>;
  deleteTenantDocuments(collection: string, tenantId: string): Promise<number>;
  collectionNames(): Promise<string[]>;
}

function db(connection: Connection) {
  const database = connection.db;
  if (database === undefined) throw new Error('The database connection is not open');
  return database;
}

export function createPrivacyRepository(connection: Connection): PrivacyRepository {
  const collection = (name: string) => db(connection).collection(name);
  return {
    async find(name, tenantId, filter, omit) {
      const projection = Object.fromEntries(omit.map((field) => [field, 0]));
      return (await collection(name)
        .find({ ...filter, tenantId }, { projection })
        .toArray()) as PlainDocument[];
    },
    async deleteMany(name, tenantId, filter) {
      return (await collection(name).deleteMany({ ...filter, tenantId })).deletedCount;
    },
    async redact(name, tenantId, filter, fields) {
      const blank = Object.fromEntries(fields.map((field) => [field, field === 'changes' ? {} : null]));
      const notBlank = fields.map((field) =>
        field === 'changes' ? { changes: { $nin: [{}, null] } } : { [field]: { $nin: [null] } },
      );
      const result = await collection(name).updateMany(
        { $and: [{ ...filter, tenantId }, { $or: notBlank }] },
        { $set: blank },
      );
      return result.modifiedCount;
    },
    async deleteOlderThan(name, field, before) {
      return (await collection(name).deleteMany({ [field]: { $lt: before } })).deletedCount;
    },
    async updateManyUnscoped(name, filter, set) {
      return (await collection(name).updateMany(filter, { $set: set })).modifiedCount;
    },
    async deletedTenantsBefore(before) {
      const tenants = await collection('tenants')
        .find({ deletedAt: { $ne: null, $lt: before } }, { projection: { _id: 1 } })
        .toArray();
      return tenants.map((tenant) => String(tenant._id));
    },
    async deleteTenantDocuments(name, tenantId) {
      return (await collection(name).deleteMany({ tenantId })).deletedCount;
    },
    async collectionNames() {
      const collections = await db(connection).listCollections({}, { nameOnly: true }).toArray();
      return collections.map((entry) => entry.name).filter((name) => !name.startsWith('system.'));
    },
  };
}
