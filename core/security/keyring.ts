/**
 * Envelope encryption: every tenant has random 256-bit data keys; they are stored only wrapped
 * (AES-256-GCM) under a key-encryption key (KEK) derived from ENCRYPTION_KEY. Unwrapped keys live
 * in an in-memory cache so that field decryption stays synchronous once a tenant is loaded.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import { legacyFieldKey } from './field-encryption.js';

/** One row of the `dataKeys` collection. */
export interface DataKeyRecord {
  readonly tenantId: string;
  /** Short random id, named in every `v2:<keyId>:…` value. */
  readonly keyId: string;
  /** `w1:<kekId>:<iv>:<tag>:<ciphertext>` (base64url), bound to tenant and keyId. */
  readonly wrappedKey: string;
  readonly createdAt: Date;
  /** Set once a rotation re-encrypted every value away from it; it stays readable (late writers). */
  readonly retiredAt: Date | null;
}

/** Persistence of data keys (implemented over mongoose in keyring-store.ts). */
export interface DataKeyStore {
  list(tenantId?: string): Promise<DataKeyRecord[]>;
  insert(record: DataKeyRecord): Promise<void>;
  /** Compare-and-set of the wrapped key (KEK rotation); false when someone else changed it. */
  replaceWrapped(tenantId: string, keyId: string, expected: string, next: string): Promise<boolean>;
  retire(tenantId: string, keyIds: readonly string[], at: Date): Promise<void>;
}

export interface UnwrappedKey {
  readonly keyId: string;
  readonly key: Buffer;
}

export interface Keyring {
  /** Loads the tenant's keys, creating its first data key when it has none. */
  ready(tenantId: string): Promise<void>;
  /** Loads every tenant's keys (at start), then keeps them fresh while the process runs. */
  preload(): Promise<void>;
  /** Re-reads keys from the store (all tenants, or one). */
  refresh(tenantId?: string): Promise<void>;
  /** The key new values are sealed with; undefined until the tenant is loaded (a load starts). */
  activeKey(tenantId: string): UnwrappedKey | undefined;
  /** A key by id, for decryption; undefined when unknown here (a reload starts). */
  key(tenantId: string, keyId: string): Buffer | undefined;
  /** The tenant's key records as stored (newest last). */
  keys(tenantId: string): Promise<DataKeyRecord[]>;
  /** Adds a new data key, which becomes the active one (rotation). */
  createKey(tenantId: string): Promise<string>;
  /** Re-wraps every data key (of one tenant, or all) still wrapped under a previous KEK. */
  rewrapKeys(tenantId?: string): Promise<{ readonly rewrapped: number; readonly total: number }>;
  /** Marks every key of the tenant but `keepKeyId` retired. */
  retireOthers(tenantId: string, keepKeyId: string): Promise<number>;
  /** Keys derived the v1 way from the current and previous ENCRYPTION_KEY (v1 values). */
  readonly legacyFieldKeys: readonly Buffer[];
  /** Whether this keyring's KEK is derived from `encryptionKey` (wiring check). */
  usesEncryptionKey(encryptionKey: string): boolean;
  /** Stops the background refresh. */
  close(): void;
}

export interface KeyringOptions {
  readonly store: DataKeyStore;
  readonly encryptionKey: string;
  /** ENCRYPTION_KEY_PREVIOUS: unwraps data keys (and reads v1 values) from before a KEK change. */
  readonly previousEncryptionKey?: string;
  /** How often a running process re-reads data keys; `stratum keys rotate` waits longer than this. */
  readonly refreshEveryMs?: number;
  readonly now?: () => Date;
  readonly onError?: (error: unknown) => void;
}

export const DEFAULT_KEY_REFRESH_MS = 30_000;
const WRAP_VERSION = 'w1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeyUnwrapError extends AppError {
  constructor(cause?: unknown) {
    super('internal', 'SECURITY_KEY_UNWRAP_FAILED', 'A data key could not be unwrapped', { cause });
  }
}

interface Kek {
  readonly id: string;
  readonly key: Buffer;
}

function deriveKek(secret: string): Kek {
  if (secret.length < 32) throw new TypeError('ENCRYPTION_KEY must be at least 32 characters');
  const key = Buffer.from(hkdfSync('sha256', secret, 'stratum/keyring', 'kek/aes-256-gcm', 32));
  // A public fingerprint, so a wrapped key names the KEK that opens it without revealing it.
  const id = createHmac('sha256', key).update('kek-id').digest('base64url').slice(0, 11);
  return { id, key };
}

const wrapAad = (tenantId: string, keyId: string) =>
  Buffer.from(`${WRAP_VERSION}|${tenantId.length}:${tenantId}|${keyId}`, 'utf8');

function wrap(kek: Kek, tenantId: string, keyId: string, dataKey: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(wrapAad(tenantId, keyId));
  const data = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return [WRAP_VERSION, kek.id, iv, cipher.getAuthTag(), data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

function unwrap(keks: readonly Kek[], record: DataKeyRecord): Buffer {
  const [version, kekId, iv, tag, data] = record.wrappedKey.split(':');
  const kek = keks.find((candidate) => candidate.id === kekId);
  if (version !== WRAP_VERSION || kek === undefined || iv === undefined || tag === undefined || !data)
    throw new KeyUnwrapError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(wrapAad(record.tenantId, record.keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  } catch (error) {
    throw new KeyUnwrapError(error);
  }
}

interface TenantKeys {
  readonly keys: ReadonlyMap<string, Buffer>;
  readonly active: UnwrappedKey | undefined;
}

/** The newest non-retired key seals; all keys open (values written late under an older key). */
function toTenantKeys(keks: readonly Kek[], records: readonly DataKeyRecord[]): TenantKeys {
  const keys = new Map<string, Buffer>();
  let active: (UnwrappedKey & { createdAt: number }) | undefined;
  for (const record of records) {
    const key = unwrap(keks, record);
    keys.set(record.keyId, key);
    const createdAt = record.createdAt.getTime();
    if (record.retiredAt === null && (active === undefined || createdAt > active.createdAt))
      active = { keyId: record.keyId, key, createdAt };
  }
  return { keys, active: active === undefined ? undefined : { keyId: active.keyId, key: active.key } };
}

export function createKeyring(options: KeyringOptions): Keyring {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? (() => undefined);
  const current = deriveKek(options.encryptionKey);
  const keks = [
    current,
    ...(options.previousEncryptionKey === undefined ? [] : [deriveKek(options.previousEncryptionKey)]),
  ];
  const cache = new Map<string, TenantKeys>();
  const loading = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;

  const group = (records: readonly DataKeyRecord[]) => {
    const byTenant = new Map<string, DataKeyRecord[]>();
    for (const record of records)
      byTenant.set(record.tenantId, [...(byTenant.get(record.tenantId) ?? []), record]);
    return byTenant;
  };

  async function load(tenantId: string): Promise<void> {
    const records = await store.list(tenantId);
    if (records.length > 0) cache.set(tenantId, toTenantKeys(keks, records));
  }

  /** One load per tenant at a time; sync callers start it and carry on. */
  function loadSoon(tenantId: string, create: boolean): Promise<void> {
    const pending = loading.get(tenantId);
    if (pending !== undefined) return pending;
    const run = (async () => {
      await load(tenantId);
      if (create && cache.get(tenantId)?.active === undefined) {
        await keyring.createKey(tenantId);
      }
    })().finally(() => loading.delete(tenantId));
    loading.set(tenantId, run);
    return run;
  }

  const keyring: Keyring = {
    legacyFieldKeys: [options.encryptionKey, options.previousEncryptionKey]
      .filter((secret): secret is string => secret !== undefined)
      .map(legacyFieldKey),
    ready: (tenantId) => loadSoon(tenantId, true),
    async preload() {
      await keyring.refresh();
      if (timer === undefined && (options.refreshEveryMs ?? DEFAULT_KEY_REFRESH_MS) > 0) {
        timer = setInterval(() => {
          keyring.refresh().catch(onError);
        }, options.refreshEveryMs ?? DEFAULT_KEY_REFRESH_MS);
        timer.unref();
      }
    },
    async refresh(tenantId) {
      if (tenantId !== undefined) return load(tenantId);
      for (const [id, records] of group(await store.list())) cache.set(id, toTenantKeys(keks, records));
    },
    activeKey(tenantId) {
      const entry = cache.get(tenantId);
      if (entry?.active === undefined) loadSoon(tenantId, true).catch(onError);
      return entry?.active;
    },
    key(tenantId, keyId) {
      const key = cache.get(tenantId)?.keys.get(keyId);
      if (key === undefined) loadSoon(tenantId, false).catch(onError);
      return key;
    },
    keys: (tenantId) => store.list(tenantId),
    async createKey(tenantId) {
      const keyId = randomBytes(6).toString('base64url');
      const dataKey = randomBytes(32);
      await store.insert({
        tenantId,
        keyId,
        wrappedKey: wrap(current, tenantId, keyId, dataKey),
        createdAt: now(),
        retiredAt: null,
      });
      await load(tenantId);
      return keyId;
    },
    async rewrapKeys(tenantId) {
      const records = await store.list(tenantId);
      let rewrapped = 0;
      for (const record of records) {
        if (record.wrappedKey.split(':')[1] === current.id) continue;
        const next = wrap(current, record.tenantId, record.keyId, unwrap(keks, record));
        if (await store.replaceWrapped(record.tenantId, record.keyId, record.wrappedKey, next))
          rewrapped += 1;
      }
      return { rewrapped, total: records.length };
    },
    async retireOthers(tenantId, keepKeyId) {
      const others = (await store.list(tenantId)).filter(
        (record) => record.keyId !== keepKeyId && record.retiredAt === null,
      );
      if (others.length > 0)
        await store.retire(
          tenantId,
          others.map((record) => record.keyId),
          now(),
        );
      await load(tenantId);
      return others.length;
    },
    usesEncryptionKey: (encryptionKey) => deriveKek(encryptionKey).id === current.id,
    close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
  return keyring;
}
