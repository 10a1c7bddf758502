import { PluginError } from '../plugin-api/index.js';
import type { JsonValue, PluginStateStore } from '../plugin-api/index.js';
import { isEncryptedField } from '../security/field-encryption.js';
import type { FieldCipher } from '../security/field-encryption.js';
import type { PluginStateModel, PluginStateRecord } from './plugin-state.model.js';

/** Per value; plugin state holds cursors and notes, not data sets. */
export const MAX_STATE_VALUE_BYTES = 1024 * 1024;
const MAX_KEY_LENGTH = 200;

export interface PluginStateRepository {
  get(tenantId: string, pluginId: string, key: string): Promise<JsonValue | undefined>;
  set(tenantId: string, pluginId: string, key: string, value: JsonValue, at: Date): Promise<void>;
  delete(tenantId: string, pluginId: string, key: string): Promise<void>;
  /** Every entry of the plugin for the tenant (uninstall with purge); returns how many went. */
  deleteAll(tenantId: string, pluginId: string): Promise<number>;
}

/**
 * Plugins keep cursors here, but also refreshed OAuth tokens: every value is stored as an
 * AES-256-GCM envelope bound to tenant, plugin and key, so the collection holds no credential in
 * clear and a value copied to another key or tenant does not decrypt.
 */
export function createPluginStateRepository(
  model: PluginStateModel,
  cipher: FieldCipher,
): PluginStateRepository {
  const contextOf = (tenantId: string, pluginId: string, key: string) => ({
    tenantId,
    field: `pluginState.${pluginId}.${key}`,
  });
  return {
    async get(tenantId, pluginId, key) {
      const record = await model.findOne({ tenantId, pluginId, key }).lean<PluginStateRecord>();
      if (record === null) return undefined;
      // Values written before state was sealed are plain JSON; the next write seals them.
      const json = isEncryptedField(record.value)
        ? cipher.decryptField(record.value, contextOf(tenantId, pluginId, key))
        : record.value;
      return JSON.parse(json) as JsonValue;
    },
    async set(tenantId, pluginId, key, value, at) {
      const sealed = cipher.encryptField(JSON.stringify(value), contextOf(tenantId, pluginId, key));
      await model.updateOne(
        { tenantId, pluginId, key },
        { $set: { value: sealed, updatedAt: at } },
        { upsert: true },
      );
    },
    async delete(tenantId, pluginId, key) {
      await model.deleteOne({ tenantId, pluginId, key });
    },
    async deleteAll(tenantId, pluginId) {
      const result = await model.deleteMany({ tenantId, pluginId });
      return result.deletedCount;
    },
  };
}

function checkedKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH)
    throw new PluginError('system', `State keys are 1–${MAX_KEY_LENGTH} characters`, {
      code: 'PLUGINS_STATE_KEY_INVALID',
    });
  return key;
}

function checkedValue(value: JsonValue): JsonValue {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new PluginError('system', 'State values must be JSON', {
      code: 'PLUGINS_STATE_VALUE_INVALID',
      cause: error,
    });
  }
  if (json === undefined)
    throw new PluginError('system', 'State values must be JSON', { code: 'PLUGINS_STATE_VALUE_INVALID' });
  if (Buffer.byteLength(json) > MAX_STATE_VALUE_BYTES)
    throw new PluginError('system', `State values are at most ${MAX_STATE_VALUE_BYTES} bytes`, {
      code: 'PLUGINS_STATE_VALUE_TOO_LARGE',
    });
  return value;
}

/** The installation's state store: bound to one tenant and plugin, with no way to name others. */
export function createPluginStateStore(
  repository: PluginStateRepository,
  scope: { readonly tenantId: string; readonly pluginId: string },
  now: () => Date,
): PluginStateStore {
  const { tenantId, pluginId } = scope;
  return {
    get: (key) => repository.get(tenantId, pluginId, checkedKey(key)),
    set: (key, value) => repository.set(tenantId, pluginId, checkedKey(key), checkedValue(value), now()),
    delete: (key) => repository.delete(tenantId, pluginId, checkedKey(key)),
  };
}
