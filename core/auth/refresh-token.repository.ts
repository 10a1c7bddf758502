import { Types } from 'mongoose';
import type { RefreshTokenModel, RefreshTokenRecord } from './refresh-token.model.js';

export interface RefreshTokenRow {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly revokedAt: Date | undefined;
  readonly replacedBy: string | undefined;
}

export interface NewRefreshToken {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly familyId: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
  readonly createdAt: Date;
}

export interface RefreshTokenRepository {
  insert(token: NewRefreshToken): Promise<void>;
  /** The caller holds only the token, so this lookup crosses tenants (through the driver). */
  findByHash(tokenHash: string): Promise<RefreshTokenRow | undefined>;
  /** Marks an unrevoked token as rotated; false when it was revoked or rotated meanwhile. */
  markRotated(tenantId: string, id: string, replacedBy: string, at: Date): Promise<boolean>;
  revokeFamily(tenantId: string, familyId: string, at: Date): Promise<number>;
  revokeAllOfUser(tenantId: string, userId: string, at: Date): Promise<number>;
}

export function newRefreshTokenId(): string {
  return new Types.ObjectId().toHexString();
}

export function createRefreshTokenRepository(model: RefreshTokenModel): RefreshTokenRepository {
  return {
    async insert(token) {
      const { id, ...rest } = token;
      await model.create({ _id: new Types.ObjectId(id), ...rest, revokedAt: null, replacedBy: null });
    },
    async findByHash(tokenHash) {
      const record = await model.collection.findOne<RefreshTokenRecord>({ tokenHash });
      if (record === null) return undefined;
      return {
        id: record._id.toHexString(),
        tenantId: record.tenantId,
        userId: record.userId,
        familyId: record.familyId,
        expiresAt: record.expiresAt,
        revokedAt: record.revokedAt ?? undefined,
        replacedBy: record.replacedBy ?? undefined,
      };
    },
    async markRotated(tenantId, id, replacedBy, at) {
      const result = await model.updateOne(
        { tenantId, _id: new Types.ObjectId(id), revokedAt: null },
        { $set: { revokedAt: at, replacedBy } },
      );
      return result.modifiedCount === 1;
    },
    async revokeFamily(tenantId, familyId, at) {
      const result = await model.updateMany(
        { tenantId, familyId, revokedAt: null },
        { $set: { revokedAt: at } },
      );
      return result.modifiedCount;
    },
    async revokeAllOfUser(tenantId, userId, at) {
      const result = await model.updateMany(
        { tenantId, userId, revokedAt: null },
        { $set: { revokedAt: at } },
      );
      return result.modifiedCount;
    },
  };
}
