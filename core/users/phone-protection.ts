import { createHmac, hkdfSync } from 'node:crypto';
import { createFieldCipher } from '../security/field-encryption.js';
import type { Keyring } from '../security/keyring.js';

const PHONE_FIELD = 'users.phone';

/** A phone number as stored: the AES-256-GCM envelope and the blind index to find it by. */
export interface SealedPhone {
  readonly envelope: string;
  readonly blindIndex: string;
}

export interface PhoneProtector {
  seal(tenantId: string, phone: string): SealedPhone;
  open(tenantId: string, envelope: string): string;
  /**
   * HMAC-SHA256 of the number under a key derived from ENCRYPTION_KEY. Not bound to a tenant:
   * an inbound WhatsApp message names a number, not a tenant.
   */
  blindIndex(phone: string): string;
}

/**
 * With a keyring, numbers are sealed under the tenant's data key. The blind index key is derived
 * from ENCRYPTION_KEY, not from a data key, so rotating data keys never changes an index.
 */
export function createPhoneProtector(encryptionKey: string, keyring?: Keyring): PhoneProtector {
  const cipher = createFieldCipher(encryptionKey, keyring);
  const indexKey = Buffer.from(hkdfSync('sha256', encryptionKey, 'stratum/blind-index', PHONE_FIELD, 32));
  const blindIndex = (phone: string) => createHmac('sha256', indexKey).update(phone, 'utf8').digest('hex');
  return {
    seal: (tenantId, phone) => ({
      envelope: cipher.encryptField(phone, { tenantId, field: PHONE_FIELD }),
      blindIndex: blindIndex(phone),
    }),
    open: (tenantId, envelope) => cipher.decryptField(envelope, { tenantId, field: PHONE_FIELD }),
    blindIndex,
  };
}
