import { Types } from 'mongoose';
import { ConflictError } from '../errors/errors.js';
import type { TenantModel, TenantRecord } from './tenant.model.js';
import type { TenantSettings } from './tenant.schemas.js';

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly currency: string;
  readonly timezone: string;
  readonly locale: string;
  readonly settings: TenantSettings;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewTenant = Omit<Tenant, 'id' | 'createdAt' | 'updatedAt'>;
export type TenantChanges = Partial<Omit<NewTenant, 'slug'>>;

function toTenant(record: TenantRecord): Tenant {
  return {
    id: record._id.toHexString(),
    name: record.name,
    slug: record.slug,
    currency: record.currency,
    timezone: record.timezone,
    locale: record.locale,
    settings: record.settings ?? {},
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function isDuplicateKeyError(error: unknown): boolean {
  return error !== null && typeof error === 'object' && 'code' in error && error.code === 11000;
}

export interface TenantRepository {
  insert(tenant: NewTenant): Promise<Tenant>;
  findById(tenantId: string): Promise<Tenant | undefined>;
  findBySlug(slug: string): Promise<Tenant | undefined>;
  update(tenantId: string, changes: TenantChanges): Promise<Tenant | undefined>;
}

export function createTenantRepository(model: TenantModel): TenantRepository {
  return {
    async insert(tenant) {
      try {
        const created = await model.create(tenant);
        return toTenant(created.toObject());
      } catch (error) {
        if (isDuplicateKeyError(error)) {
          throw new ConflictError(`A tenant with slug "${tenant.slug}" exists`, {
            code: 'TENANTS_SLUG_TAKEN',
          });
        }
        throw error;
      }
    },
    async findById(tenantId) {
      if (!Types.ObjectId.isValid(tenantId)) return undefined;
      const record = await model.findOne({ _id: new Types.ObjectId(tenantId) }).lean<TenantRecord>();
      return record === null ? undefined : toTenant(record);
    },
    async findBySlug(slug) {
      const record = await model.findOne({ slug }).lean<TenantRecord>();
      return record === null ? undefined : toTenant(record);
    },
    async update(tenantId, changes) {
      if (!Types.ObjectId.isValid(tenantId)) return undefined;
      const record = await model
        .findOneAndUpdate(
          { _id: new Types.ObjectId(tenantId) },
          { $set: changes },
          { returnDocument: 'after' },
        )
        .lean<TenantRecord>();
      return record === null ? undefined : toTenant(record);
    },
  };
}
