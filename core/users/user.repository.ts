import { Types } from 'mongoose';
import type { PageRequest } from '../audit/paging.js';
import { ConflictError } from '../errors/errors.js';
import type { Role } from '../security/access-tokens.js';
import { isDuplicateKeyError } from '../tenants/tenant.repository.js';
import type { UserModel, UserRecord } from './user.model.js';

/** A user row as stored (the phone still sealed). */
export interface StoredUser {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly role: Role;
  readonly name: string;
  readonly locale: string;
  readonly phoneEnvelope: string | undefined;
  readonly deactivatedAt: Date | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What login needs, and nothing a list would show. */
export interface UserCredentials {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly deactivatedAt: Date | undefined;
}

export interface NewUser {
  readonly tenantId: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly name: string;
  readonly locale: string;
  readonly phone?: { readonly envelope: string; readonly blindIndex: string } | undefined;
}

export interface UserChanges {
  readonly role?: Role;
  readonly name?: string;
  readonly locale?: string;
  /** `null` removes the number. */
  readonly phone?: { readonly envelope: string; readonly blindIndex: string } | null;
  readonly deactivatedAt?: Date;
}

function toStoredUser(record: UserRecord): StoredUser {
  return {
    id: record._id.toHexString(),
    tenantId: record.tenantId,
    email: record.email,
    role: record.role,
    name: record.name,
    locale: record.locale,
    phoneEnvelope: record.phone ?? undefined,
    deactivatedAt: record.deactivatedAt ?? undefined,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function updateOf(changes: UserChanges): Record<string, unknown> {
  const { phone, ...plain } = changes;
  const set: Record<string, unknown> = { ...plain };
  if (phone === null) return { $set: set, $unset: { phone: '', phoneBlindIndex: '' } };
  if (phone !== undefined) Object.assign(set, { phone: phone.envelope, phoneBlindIndex: phone.blindIndex });
  return { $set: set };
}

const idOf = (userId: string) => (Types.ObjectId.isValid(userId) ? new Types.ObjectId(userId) : undefined);

export interface UserRepository {
  insert(user: NewUser): Promise<StoredUser>;
  findById(tenantId: string, userId: string): Promise<StoredUser | undefined>;
  list(
    tenantId: string,
    filter: { readonly role?: Role | undefined },
    page: PageRequest,
  ): Promise<StoredUser[]>;
  update(tenantId: string, userId: string, changes: UserChanges): Promise<StoredUser | undefined>;
  setPasswordHash(tenantId: string, userId: string, passwordHash: string): Promise<void>;
  countActiveAdmins(tenantId: string): Promise<number>;
  /**
   * Login does not know the tenant yet, so this lookup crosses tenants on purpose. It goes
   * through the driver (the tenancy plugin would refuse it) and is the only way to read a hash.
   */
  findCredentialsByEmail(email: string): Promise<UserCredentials | undefined>;
  /** Cross-tenant as well: an inbound message names a phone number, not a tenant. */
  findByPhoneBlindIndex(blindIndex: string): Promise<StoredUser[]>;
}

export function createUserRepository(model: UserModel): UserRepository {
  return {
    async insert(user) {
      try {
        const { phone, ...rest } = user;
        const document =
          phone === undefined ? rest : { ...rest, phone: phone.envelope, phoneBlindIndex: phone.blindIndex };
        const created = await model.create(document);
        return toStoredUser(created.toObject());
      } catch (error) {
        if (isDuplicateKeyError(error)) {
          throw new ConflictError('A user with this email exists', { code: 'USERS_EMAIL_TAKEN' });
        }
        throw error;
      }
    },
    async findById(tenantId, userId) {
      const _id = idOf(userId);
      if (_id === undefined) return undefined;
      const record = await model.findOne({ tenantId, _id }).lean<UserRecord>();
      return record === null ? undefined : toStoredUser(record);
    },
    async list(tenantId, filter, page) {
      const query: Record<string, unknown> = { tenantId };
      if (filter.role !== undefined) query.role = filter.role;
      if (page.cursor !== undefined) query._id = { $gt: new Types.ObjectId(page.cursor) };
      const rows = await model
        .find(query)
        .sort({ _id: 1 })
        .limit(page.limit + 1)
        .lean<UserRecord[]>();
      return rows.map(toStoredUser);
    },
    async update(tenantId, userId, changes) {
      const _id = idOf(userId);
      if (_id === undefined) return undefined;
      const record = await model
        .findOneAndUpdate({ tenantId, _id }, updateOf(changes), {
          returnDocument: 'after',
          runValidators: true,
        })
        .lean<UserRecord>();
      return record === null ? undefined : toStoredUser(record);
    },
    async setPasswordHash(tenantId, userId, passwordHash) {
      const _id = idOf(userId);
      if (_id !== undefined) await model.updateOne({ tenantId, _id }, { $set: { passwordHash } });
    },
    countActiveAdmins: (tenantId) => model.countDocuments({ tenantId, role: 'admin', deactivatedAt: null }),
    async findCredentialsByEmail(email) {
      const record = await model.collection.findOne<UserRecord>({ email, deletedAt: null });
      if (record === null) return undefined;
      return {
        id: record._id.toHexString(),
        tenantId: record.tenantId,
        email: record.email,
        role: record.role,
        passwordHash: record.passwordHash,
        deactivatedAt: record.deactivatedAt ?? undefined,
      };
    },
    async findByPhoneBlindIndex(blindIndex) {
      const rows = await model.collection
        .find<UserRecord>({ phoneBlindIndex: blindIndex, deletedAt: null, deactivatedAt: null })
        .limit(20)
        .toArray();
      return rows.map(toStoredUser);
    },
  };
}
