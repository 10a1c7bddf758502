/**
 * `stratum keys rotate` against the whole product running: after a rotation (complete, or
 * interrupted and re-run) phones, plugin secrets and sealed conversion data stay readable, every
 * value sits under the tenant's new data key, blind indexes do not change, and one tenant's data
 * key does not open another's values.
 */
import { expect } from 'chai';
import { runKeysCommand, rotateKeys } from '../../../core/cli/keys-command.js';
import { createClearDataSealer } from '../../../core/conversions/clear-data-sealer.js';
import {
  createFieldCipher,
  DecryptionError,
  envelopeKeyId,
  KeyUnavailableError,
} from '../../../core/security/field-encryption.js';
import { PERSONAL_DATA_MAP } from '../../../core/privacy/personal-data-map.js';
import { SEALED_COLLECTIONS } from '../../../core/security/keyring-rotation.js';
import { keyringFor } from '../../../core/security/keyring-store.js';
import { createPhoneProtector } from '../../../core/users/phone-protection.js';
import { ENCRYPTION_KEY, get, startConversionsHost } from '../conversions/support-host.js';
import type { ConversionsHost } from '../conversions/support-host.js';

const PASSWORD = 'correct horse battery staple';
const PHONE_A = '+31612345001';
const PHONE_B = '+31612345002';
const CLEAR = { clientIp: '203.0.113.7', userAgent: 'rotation-agent' };

type Doc = Record<string, unknown>;

describe('privacy: data-key rotation (integration)', function () {
  this.timeout(60_000);
  let host: ConversionsHost;
  const tenant = { a: '', b: '' };
  const users = { a: '', b: '' };
  let adminToken = '';

  const collection = (name: string) => host.running.context.connection.collection<Doc>(name);
  const serverKeyring = () => keyringFor(host.running.context.connection, { encryptionKey: ENCRYPTION_KEY });
  const sealer = () => createClearDataSealer(createFieldCipher(ENCRYPTION_KEY, serverKeyring()));

  /** Every sealed value of the tenant, by collection. */
  async function sealedValues(tenantId: string): Promise<string[]> {
    const phones = await collection('users')
      .find({ tenantId, phone: { $type: 'string' } })
      .toArray();
    const events = await collection('capiEvents').find({ tenantId }).toArray();
    const installs = await collection('pluginInstallations').find({ tenantId }).toArray();
    return [
      ...phones.map((doc) => String(doc['phone'])),
      ...events.map((doc) => String(doc['clearSealed'])),
      ...installs.flatMap((doc) => Object.values(doc['secrets'] as Record<string, string>)),
    ];
  }

  async function phoneThroughApi(userId: string): Promise<unknown> {
    const response = await get(host.running.url, `/users/${userId}`, adminToken);
    expect(response.status).to.equal(200);
    return ((await response.json()) as { phone?: unknown }).phone;
  }

  async function expectReadable(): Promise<void> {
    expect(await phoneThroughApi(users.a)).to.equal(PHONE_A);
    const check = await host.running.context.platform.plugins.service.check(tenant.a, 'ads-demo');
    expect(check.result.status).to.equal('ok');
    const event = await collection('capiEvents').findOne({ tenantId: tenant.a });
    expect(sealer().open(tenant.a, String(event?.['clearSealed']))).to.deep.equal(CLEAR);
  }

  before(async () => {
    host = await startConversionsHost('keys-it');
    const { modules } = host.running.context;
    for (const side of ['a', 'b'] as const) {
      const created = await modules.services.tenants.create({
        name: side,
        slug: `keys-${side}`,
        currency: 'EUR',
        timezone: 'Europe/Amsterdam',
      });
      tenant[side] = created.id;
      const user = await modules.services.users.create(created.id, {
        email: `admin@keys-${side}.example`,
        password: PASSWORD,
        role: 'admin',
        name: side,
        phone: side === 'a' ? PHONE_A : PHONE_B,
      });
      users[side] = user.id;
    }
    const login = await fetch(`${host.running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@keys-a.example', password: PASSWORD }),
    });
    adminToken = ((await login.json()) as { accessToken: string }).accessToken;
    await host.running.context.platform.plugins.service.install(tenant.a, 'ads-demo', {
      config: { apiKey: 'demo-api-key-1', size: 'small' },
    });
    // Stands in for an event awaiting delivery (sealed by the conversions module's own sealer).
    await collection('capiEvents').insertOne({
      tenantId: tenant.a,
      clearSealed: sealer().seal(tenant.a, CLEAR),
    });
  });

  after(async () => {
    await host?.close();
  });

  it('when the personal-data map lists an encrypted field, the rotation re-encrypts it', () => {
    for (const entry of PERSONAL_DATA_MAP)
      for (const field of entry.fields.filter((candidate) => candidate.kind === 'encrypted')) {
        const covered = SEALED_COLLECTIONS.some(
          (sealed) => sealed.collection === entry.collection && sealed.mapPaths.includes(field.path),
        );
        expect(covered, `${entry.collection}.${field.path}`).to.equal(true);
      }
  });

  it('when keys are rotated by the command, everything stays readable under the new key and indexes stay', async () => {
    const indexBefore = (await collection('users').findOne({ tenantId: tenant.a }))?.['phoneBlindIndex'];
    const config = host.running.context.config;
    const output: string[] = [];
    const code = await runKeysCommand(['rotate', '--batch', '1', '--wait-ms', '0'], {
      env: {
        MONGODB_URI: config.mongodbUri,
        STRATUM_DATA_DIR: config.dataDir,
        NODE_ENV: 'production',
        JWT_SECRET: config.jwtSecret,
        ENCRYPTION_KEY,
        LOG_LEVEL: 'silent',
      },
      out: (text) => output.push(text),
    });
    expect(code, output.join('')).to.equal(0);
    expect(output.join(''))
      .to.match(/keys-a: new data key/)
      .and.match(/users: \d+ scanned, \d+ re-encrypted/);

    // The running server loads the new keys on its refresh timer; --wait-ms waits for it in production.
    await serverKeyring().refresh();
    const active = serverKeyring().activeKey(tenant.a)?.keyId;
    const values = await sealedValues(tenant.a);
    expect(values).to.have.length(3);
    for (const value of values) expect(envelopeKeyId(value)).to.equal(active);
    await expectReadable();

    const user = await collection('users').findOne({ tenantId: tenant.a });
    expect(user?.['phoneBlindIndex']).to.equal(indexBefore);
    expect(user?.['phoneBlindIndex']).to.equal(createPhoneProtector(ENCRYPTION_KEY).blindIndex(PHONE_A));
    const found = await collection('users').findOne({
      phoneBlindIndex: createPhoneProtector(ENCRYPTION_KEY).blindIndex(PHONE_A),
    });
    expect(String(found?.['_id'])).to.equal(users.a);
    const keys = await collection('dataKeys').find({ tenantId: tenant.a }).toArray();
    expect(keys.filter((key) => key['retiredAt'] === null).map((key) => key['keyId'])).to.deep.equal([
      active,
    ]);
  });

  it('when a rotation is interrupted half-way, values stay readable and a re-run resumes and completes', async () => {
    const keyring = serverKeyring();
    const lines: string[] = [];
    const deps = {
      connection: host.running.context.connection,
      keyring,
      encryptionKey: ENCRYPTION_KEY,
      say: (line: string) => lines.push(line),
    };
    const first = await rotateKeys(deps, {
      tenantSlug: 'keys-a',
      batchSize: 1,
      kek: false,
      waitMs: 0,
      stopAfter: 1,
    });
    expect(first.incomplete).to.equal(1);
    const active = keyring.activeKey(tenant.a)?.keyId;
    const mixed = (await sealedValues(tenant.a)).map(envelopeKeyId);
    expect(mixed.filter((keyId) => keyId === active)).to.have.length(1);
    await expectReadable();
    const keyCount = await collection('dataKeys').countDocuments({ tenantId: tenant.a });

    const second = await rotateKeys(deps, { tenantSlug: 'keys-a', batchSize: 2, kek: false, waitMs: 0 });
    expect(second).to.deep.equal({ completed: 1, incomplete: 0 });
    expect(lines.join('\n')).to.match(/keys-a: resuming the rotation/);
    expect(await collection('dataKeys').countDocuments({ tenantId: tenant.a })).to.equal(keyCount);
    for (const value of await sealedValues(tenant.a)) expect(envelopeKeyId(value)).to.equal(active);
    await expectReadable();
  });

  it("when tenant B's value is opened as tenant A's, it does not decrypt", async () => {
    await serverKeyring().refresh();
    const cipher = createFieldCipher(ENCRYPTION_KEY, serverKeyring());
    const ofB = String((await collection('users').findOne({ tenantId: tenant.b }))?.['phone']);
    expect(envelopeKeyId(ofB)).to.be.a('string');
    expect(() => cipher.decryptField(ofB, { tenantId: tenant.a, field: 'users.phone' })).to.throw(
      KeyUnavailableError,
    );
    const keyIdOfA = serverKeyring().activeKey(tenant.a)?.keyId as string;
    const underA = ['v2', keyIdOfA, ...ofB.split(':').slice(2)].join(':');
    expect(() => cipher.decryptField(underA, { tenantId: tenant.a, field: 'users.phone' })).to.throw(
      DecryptionError,
    );
    expect(cipher.decryptField(ofB, { tenantId: tenant.b, field: 'users.phone' })).to.equal(PHONE_B);
  });
});
