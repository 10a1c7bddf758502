/**
 * The `dataKeys` collection and the one keyring per database connection. Every module that seals
 * fields asks {@link keyringFor} with the connection it already has, so they share one cache.
 */
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { createKeyring } from './keyring.js';
import type { DataKeyRecord, DataKeyStore, Keyring, KeyringOptions } from './keyring.js';

export const DATA_KEY_MODEL_NAME = 'DataKey';

export type DataKeyModel = Model<DataKeyRecord>;

/**
 * No tenancy plugin: a process loads every tenant's keys at start; each query names its tenant
 * explicitly instead.
 */
export function createDataKeyModel(connection: Connection): DataKeyModel {
  const existing = connection.models[DATA_KEY_MODEL_NAME] as DataKeyModel | undefined;
  if (existing !== undefined) return existing;
  const schema = new Schema<DataKeyRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      keyId: { type: String, required: true, immutable: true },
      wrappedKey: { type: String, required: true },
      createdAt: { type: Date, required: true, immutable: true },
      retiredAt: { type: Date, default: null },
    },
    { collection: 'dataKeys', versionKey: false, autoIndex: false, autoCreate: false },
  );
  schema.index({ tenantId: 1, keyId: 1 }, { unique: true });
  return connection.model<DataKeyRecord>(DATA_KEY_MODEL_NAME, schema);
}

export function createDataKeyRepository(model: DataKeyModel): DataKeyStore {
  const toRecord = (doc: DataKeyRecord): DataKeyRecord => ({
    tenantId: doc.tenantId,
    keyId: doc.keyId,
    wrappedKey: doc.wrappedKey,
    createdAt: doc.createdAt,
    retiredAt: doc.retiredAt ?? null,
  });
  return {
    async list(tenantId) {
      const docs = await model
        .find(tenantId === undefined ? {} : { tenantId })
        .sort({ createdAt: 1 })
        .lean<DataKeyRecord[]>();
      return docs.map(toRecord);
    },
    async insert(record) {
      await model.create(record);
    },
    async replaceWrapped(tenantId, keyId, expected, next) {
      const result = await model.updateOne(
        { tenantId, keyId, wrappedKey: expected },
        { $set: { wrappedKey: next } },
      );
      return result.modifiedCount === 1;
    },
    async retire(tenantId, keyIds, at) {
      await model.updateMany(
        { tenantId, keyId: { $in: [...keyIds] }, retiredAt: null },
        { $set: { retiredAt: at } },
      );
    },
  };
}

const keyrings = new WeakMap<Connection, Keyring>();

/**
 * The connection's keyring, created on first use. Later callers get the same instance (and its
 * cache) whatever options they pass, except that a different ENCRYPTION_KEY is a wiring error.
 */
export function keyringFor(connection: Connection, options: Omit<KeyringOptions, 'store'>): Keyring {
  const existing = keyrings.get(connection);
  if (existing !== undefined) {
    if (!existing.usesEncryptionKey(options.encryptionKey))
      throw new TypeError('One database connection, two ENCRYPTION_KEYs');
    return existing;
  }
  const keyring = createKeyring({
    ...options,
    store: createDataKeyRepository(createDataKeyModel(connection)),
  });
  keyrings.set(connection, keyring);
  // The refresh timer must not outlive the connection it reads through.
  connection.once('close', () => keyring.close());
  return keyring;
}
