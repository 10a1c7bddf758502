import { expect } from 'chai';
import { createFieldCipher, DecryptionError, isEncryptedField } from './field-encryption.js';

const KEY = 'an-encryption-key-of-sufficient-length-0123456789';
const CONTEXT = { tenantId: 't1', field: 'users.phone' };

describe('field encryption', () => {
  const cipher = createFieldCipher(KEY);

  it('when a value is encrypted and decrypted with the same context, the plaintext comes back', () => {
    const envelope = cipher.encryptField('+15551234567', CONTEXT);
    expect(cipher.decryptField(envelope, CONTEXT)).to.equal('+15551234567');
  });

  it('when a value is encrypted, the envelope is v1:<iv>:<tag>:<ciphertext> in base64url and hides the plaintext', () => {
    const envelope = cipher.encryptField('+15551234567', CONTEXT);
    expect(envelope).to.match(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(envelope).not.to.include('5551234567');
    expect(isEncryptedField(envelope)).to.equal(true);
    expect(isEncryptedField('+15551234567')).to.equal(false);
  });

  it('when the same value is encrypted twice, the envelopes differ (fresh IV)', () => {
    expect(cipher.encryptField('x', CONTEXT)).not.to.equal(cipher.encryptField('x', CONTEXT));
  });

  it('when unicode and empty strings are encrypted, they round-trip', () => {
    for (const value of ['', 'Grüße 🌍', 'a'.repeat(10_000)]) {
      expect(cipher.decryptField(cipher.encryptField(value, CONTEXT), CONTEXT)).to.equal(value);
    }
  });

  it('when decrypted under another tenant, fails (AAD binding)', () => {
    const envelope = cipher.encryptField('secret', CONTEXT);
    expect(() => cipher.decryptField(envelope, { tenantId: 't2', field: 'users.phone' })).to.throw(
      DecryptionError,
    );
  });

  it('when decrypted as another field, fails (AAD binding)', () => {
    const envelope = cipher.encryptField('secret', CONTEXT);
    expect(() => cipher.decryptField(envelope, { tenantId: 't1', field: 'users.email' })).to.throw(
      DecryptionError,
    );
  });

  it('when context parts are shifted across the separator, fails (no ambiguity)', () => {
    const envelope = cipher.encryptField('secret', { tenantId: 'a|1:b', field: 'c' });
    expect(() => cipher.decryptField(envelope, { tenantId: 'a', field: 'b|1:c' })).to.throw(DecryptionError);
  });

  it('when decrypted with another key, fails', () => {
    const envelope = cipher.encryptField('secret', CONTEXT);
    const other = createFieldCipher(`${KEY}-other`);
    expect(() => other.decryptField(envelope, CONTEXT)).to.throw(DecryptionError);
  });

  it('when any part of the envelope is tampered with, fails with SECURITY_DECRYPT_FAILED', () => {
    const envelope = cipher.encryptField('secret value', CONTEXT);
    const parts = envelope.split(':');
    for (let index = 1; index < 4; index += 1) {
      const tampered = [...parts];
      const part = tampered[index] ?? '';
      tampered[index] = `${part.slice(0, 2)}${part[2] === 'A' ? 'B' : 'A'}${part.slice(3)}`;
      expect(() => cipher.decryptField(tampered.join(':'), CONTEXT))
        .to.throw(DecryptionError)
        .with.property('code', 'SECURITY_DECRYPT_FAILED');
    }
  });

  for (const garbage of ['', 'v1', 'v2:a:b:c', 'v1:a:b:c', 'v1:a:b:c:d', 'plain text', 'v1:!!!!:b:c']) {
    it(`when the envelope is "${garbage}", fails without leaking details`, () => {
      expect(() => cipher.decryptField(garbage, CONTEXT)).to.throw(
        DecryptionError,
        'Encrypted field could not be decrypted',
      );
    });
  }

  it('when the key is shorter than 32 characters, refuses to build a cipher', () => {
    expect(() => createFieldCipher('short')).to.throw(TypeError);
  });
});
