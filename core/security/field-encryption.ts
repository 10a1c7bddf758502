import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { Keyring } from './keyring.js';

/** What an encrypted value is bound to; decrypting it under another context fails. */
export interface EncryptionContext {
  readonly tenantId: string;
  /** The field, qualified by its collection: `users.phone`. */
  readonly field: string;
}

/**
 * AES-256-GCM for single fields. New values are `v2:<keyId>:<iv>:<tag>:<ciphertext>` (base64url)
 * under the tenant's data key from the {@link Keyring}; `v1:<iv>:<tag>:<ciphertext>` values, under
 * a key derived from ENCRYPTION_KEY itself, stay readable (and are what a cipher without a keyring
 * writes).
 */
export interface FieldCipher {
  encryptField(plaintext: string, context: EncryptionContext): string;
  decryptField(envelope: string, context: EncryptionContext): string;
}

const V1 = 'v1';
const V2 = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_SALT = 'stratum/field-encryption';
const HKDF_INFO = 'aes-256-gcm/v1';
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decryption failed: wrong key, wrong context, or tampered/garbled data. Never says which. */
export class DecryptionError extends AppError {
  constructor(cause?: unknown) {
    super('internal', 'SECURITY_DECRYPT_FAILED', 'Encrypted field could not be decrypted', { cause });
  }
}

/** A data key that is needed is not (yet) in this process's cache; retrying shortly succeeds. */
export class KeyUnavailableError extends AppError {
  constructor() {
    super('unavailable', 'SECURITY_KEY_UNAVAILABLE', 'Encryption key not loaded yet; retry shortly', {});
  }
}

function additionalData(context: EncryptionContext, keyId?: string): Buffer {
  // Length prefixes keep ("a:b", "c") and ("a", "b:c") from producing the same bytes.
  const head = keyId === undefined ? V1 : `${V2}|${keyId}`;
  return Buffer.from(
    `${head}|${context.tenantId.length}:${context.tenantId}|${context.field.length}:${context.field}`,
    'utf8',
  );
}

function decodePart(part: string | undefined): Buffer | undefined {
  if (part === undefined || !BASE64URL.test(part)) return undefined;
  return Buffer.from(part, 'base64url');
}

/** The v1 field key: HKDF-SHA256 of ENCRYPTION_KEY (the keyring also derives it from the previous key). */
export function legacyFieldKey(encryptionKey: string): Buffer {
  if (encryptionKey.length < 32) throw new TypeError('ENCRYPTION_KEY must be at least 32 characters');
  return Buffer.from(hkdfSync('sha256', encryptionKey, HKDF_SALT, HKDF_INFO, 32));
}

function seal(key: Buffer, plaintext: string, aad: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${iv.toString('base64url')}:${tag.toString('base64url')}:${ciphertext.toString('base64url')}`;
}

/** Opens `<iv>:<tag>:<ciphertext>` with the first key that authenticates it. */
function open(keys: readonly Buffer[], parts: readonly (string | undefined)[], aad: Buffer): string {
  const [ivPart, tagPart, dataPart, extra] = parts;
  const iv = decodePart(ivPart);
  const tag = decodePart(tagPart);
  const data = decodePart(dataPart);
  if (extra !== undefined || iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || data === undefined)
    throw new DecryptionError();
  let failure: unknown;
  for (const key of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (error) {
      failure = error;
    }
  }
  throw new DecryptionError(failure);
}

/**
 * With a keyring, values are sealed under the tenant's active data key; while a tenant's keys are
 * not loaded yet (the first write of a new tenant) the value is sealed v1 and the keyring loads or
 * creates the key in the background — `stratum keys rotate` later moves such values to v2.
 * Decrypting a v2 value whose key this process has not loaded throws {@link KeyUnavailableError}
 * (retryable) and starts the load.
 */
export function createFieldCipher(encryptionKey: string, keyring?: Keyring): FieldCipher {
  const legacyKeys = keyring?.legacyFieldKeys ?? [legacyFieldKey(encryptionKey)];

  return {
    encryptField(plaintext, context) {
      const active = keyring?.activeKey(context.tenantId);
      if (active === undefined)
        return `${V1}:${seal(legacyKeys[0] as Buffer, plaintext, additionalData(context))}`;
      return `${V2}:${active.keyId}:${seal(active.key, plaintext, additionalData(context, active.keyId))}`;
    },
    decryptField(envelope, context) {
      const [version, ...parts] = envelope.split(':');
      if (version === V1) return open(legacyKeys, parts, additionalData(context));
      const [keyId, ...rest] = parts;
      if (version !== V2 || keyring === undefined || keyId === undefined || !BASE64URL.test(keyId))
        throw new DecryptionError();
      const key = keyring.key(context.tenantId, keyId);
      if (key === undefined) throw new KeyUnavailableError();
      return open([key], rest, additionalData(context, keyId));
    },
  };
}

/** True when a stored value already is an envelope (lets migrations skip encrypted rows). */
export function isEncryptedField(value: string): boolean {
  const parts = value.split(':');
  return (parts[0] === V1 && parts.length === 4) || (parts[0] === V2 && parts.length === 5);
}

/** The data key a value is sealed with; `undefined` for v1 values (and anything else). */
export function envelopeKeyId(value: string): string | undefined {
  const parts = value.split(':');
  return parts[0] === V2 && parts.length === 5 ? parts[1] : undefined;
}
