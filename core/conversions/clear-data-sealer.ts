import type { ClearIdentifiers } from '../plugin-api/index.js';
import type { FieldCipher } from '../security/field-encryption.js';

const FIELD = 'capiEvents.clear';

/** Keeps the clear fields platforms need encrypted at rest (bound to tenant and field) until sent. */
export interface ClearDataSealer {
  seal(tenantId: string, clear: ClearIdentifiers): string;
  open(tenantId: string, sealed: string): ClearIdentifiers;
}

export function createClearDataSealer(cipher: FieldCipher): ClearDataSealer {
  return {
    seal: (tenantId, clear) => cipher.encryptField(JSON.stringify(clear), { tenantId, field: FIELD }),
    open: (tenantId, sealed) =>
      JSON.parse(cipher.decryptField(sealed, { tenantId, field: FIELD })) as ClearIdentifiers,
  };
}
