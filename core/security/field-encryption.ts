import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

/** What an encrypted value is bound to; decrypting it under another context fails. */
export interface EncryptionContext {
  readonly tenantId: string;
  /** The field, qualified by its collection: `users.phone`. */
  readonly field: string;
}

/** AES-256-GCM for single fields; the envelope is `v1:<iv>:<tag>:<ciphertext>` in base64url. */
export interface FieldCipher {
  encryptField(plaintext: string, context: EncryptionContext): string;
  decryptField(envelope: string, context: EncryptionContext): string;
}

const VERSION = 'v1';
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

function additionalData(context: EncryptionContext): Buffer {
  // Length prefixes keep ("a:b", "c") and ("a", "b:c") from producing the same bytes.
  return Buffer.from(
    `${VERSION}|${context.tenantId.length}:${context.tenantId}|${context.field.length}:${context.field}`,
    'utf8',
  );
}

function decodePart(part: string | undefined): Buffer | undefined {
  if (part === undefined || !BASE64URL.test(part)) return undefined;
  return Buffer.from(part, 'base64url');
}

/**
 * Derives the field key from ENCRYPTION_KEY with HKDF-SHA256 once; the returned cipher is
 * stateless otherwise. A fresh random 96-bit IV per value is safe far beyond our volumes.
 */
export function createFieldCipher(encryptionKey: string): FieldCipher {
  if (encryptionKey.length < 32) throw new TypeError('ENCRYPTION_KEY must be at least 32 characters');
  const key = Buffer.from(hkdfSync('sha256', encryptionKey, HKDF_SALT, HKDF_INFO, 32));

  return {
    encryptField(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${VERSION}:${iv.toString('base64url')}:${tag.toString('base64url')}:${ciphertext.toString('base64url')}`;
    },
    decryptField(envelope, context) {
      const [version, ivPart, tagPart, dataPart, extra] = envelope.split(':');
      const iv = decodePart(ivPart);
      const tag = decodePart(tagPart);
      const data = decodePart(dataPart);
      if (
        version !== VERSION ||
        extra !== undefined ||
        iv?.length !== IV_BYTES ||
        tag?.length !== TAG_BYTES ||
        data === undefined
      ) {
        throw new DecryptionError();
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(additionalData(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new DecryptionError(error);
      }
    },
  };
}

/** True when a stored value already is an envelope (lets migrations skip encrypted rows). */
export function isEncryptedField(value: string): boolean {
  return value.startsWith(`${VERSION}:`) && value.split(':').length === 4;
}
