import { expect } from 'chai';
import {
  createFieldCipher,
  DecryptionError,
  envelopeKeyId,
  isEncryptedField,
  KeyUnavailableError,
} from './field-encryption.js';
import { createKeyring, KeyUnwrapError } from './keyring.js';
import type { DataKeyRecord, DataKeyStore } from './keyring.js';

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

/** The DataKeyStore contract in memory; the mongoose store runs in the key-rotation integration test. */
function memoryStore(): DataKeyStore & { rows: DataKeyRecord[] } {
  const rows: DataKeyRecord[] = [];
  return {
    rows,
    list: async (tenantId) => rows.filter((row) => tenantId === undefined || row.tenantId === tenantId),
    insert: async (record) => {
      rows.push(record);
    },
    replaceWrapped: async (tenantId, keyId, expected, next) => {
      const index = rows.findIndex(
        (row) => row.tenantId === tenantId && row.keyId === keyId && row.wrappedKey === expected,
      );
      if (index < 0) return false;
      rows[index] = { ...(rows[index] as DataKeyRecord), wrappedKey: next };
      return true;
    },
    retire: async (tenantId, keyIds, at) => {
      rows.forEach((row, index) => {
        if (row.tenantId === tenantId && keyIds.includes(row.keyId)) rows[index] = { ...row, retiredAt: at };
      });
    },
  };
}

describe('field encryption with a keyring (envelope encryption)', () => {
  const OTHER = { tenantId: 't2', field: 'users.phone' };

  it('when the tenant is ready, new values are v2 under its data key and v1 values stay readable', async () => {
    const keyring = createKeyring({ store: memoryStore(), encryptionKey: KEY, refreshEveryMs: 0 });
    const cipher = createFieldCipher(KEY, keyring);
    const legacy = createFieldCipher(KEY).encryptField('+15550000001', CONTEXT);
    await keyring.ready('t1');
    const sealed = cipher.encryptField('+15550000002', CONTEXT);
    expect(sealed.split(':')[0]).to.equal('v2');
    expect(envelopeKeyId(sealed)).to.equal(keyring.activeKey('t1')?.keyId);
    expect(isEncryptedField(sealed)).to.equal(true);
    expect(cipher.decryptField(sealed, CONTEXT)).to.equal('+15550000002');
    expect(cipher.decryptField(legacy, CONTEXT)).to.equal('+15550000001');
  });

  it("when a value of tenant B is opened with tenant A's data key, it fails", async () => {
    const keyring = createKeyring({ store: memoryStore(), encryptionKey: KEY, refreshEveryMs: 0 });
    const cipher = createFieldCipher(KEY, keyring);
    await keyring.ready('t1');
    await keyring.ready('t2');
    const ofB = cipher.encryptField('secret', OTHER);
    const keyIdOfA = keyring.activeKey('t1')?.keyId as string;
    const underAsKeyId = ['v2', keyIdOfA, ...ofB.split(':').slice(2)].join(':');
    expect(() => cipher.decryptField(underAsKeyId, CONTEXT)).to.throw(DecryptionError);
    expect(() => cipher.decryptField(ofB, CONTEXT)).to.throw(KeyUnavailableError);
  });

  it('when the key of a value is not loaded in this process, decryption is retryable and loads it', async () => {
    const store = memoryStore();
    const writer = createKeyring({ store, encryptionKey: KEY, refreshEveryMs: 0 });
    await writer.ready('t1');
    const sealed = createFieldCipher(KEY, writer).encryptField('x', CONTEXT);
    const reader = createKeyring({ store, encryptionKey: KEY, refreshEveryMs: 0 });
    const cipher = createFieldCipher(KEY, reader);
    expect(() => cipher.decryptField(sealed, CONTEXT)).to.throw(KeyUnavailableError);
    await reader.ready('t1');
    expect(cipher.decryptField(sealed, CONTEXT)).to.equal('x');
  });

  it('when ENCRYPTION_KEY changed, data keys unwrap only with the previous key given, and --kek re-wraps them', async () => {
    const store = memoryStore();
    const old = createKeyring({ store, encryptionKey: KEY, refreshEveryMs: 0 });
    await old.ready('t1');
    const sealed = createFieldCipher(KEY, old).encryptField('x', CONTEXT);
    const legacy = createFieldCipher(KEY).encryptField('y', CONTEXT);
    const NEW = `${KEY}-new`;
    const failure = await createKeyring({ store, encryptionKey: NEW, refreshEveryMs: 0 })
      .refresh()
      .catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(KeyUnwrapError);
    const both = createKeyring({ store, encryptionKey: NEW, previousEncryptionKey: KEY, refreshEveryMs: 0 });
    expect(await both.rewrapKeys()).to.deep.equal({ rewrapped: 1, total: 1 });
    const fresh = createKeyring({ store, encryptionKey: NEW, refreshEveryMs: 0 });
    await fresh.refresh();
    expect(createFieldCipher(NEW, fresh).decryptField(sealed, CONTEXT)).to.equal('x');
    await both.refresh();
    expect(createFieldCipher(NEW, both).decryptField(legacy, CONTEXT)).to.equal('y');
  });
});
