/**
 * GDPR rights in the whole product: export is complete over the personal-data map, erasure
 * cascades through every mapped collection and leaves no trace of the person (raw value or
 * hash, searched in every collection), is idempotent, admin-only and audited without the data.
 */
import { expect } from 'chai';
import { sha256Hex } from '../../../core/conversions/identity-hashing.js';
import { PERSONAL_DATA_MAP } from '../../../core/privacy/personal-data-map.js';
import { createPhoneProtector } from '../../../core/users/phone-protection.js';
import { ENCRYPTION_KEY, post, startConversionsHost } from '../conversions/support-host.js';
import type { ConversionsHost } from '../conversions/support-host.js';

const EMAIL = 'Erase.Me@Example.net';
const PHONE = '+31612345678';
const PASSWORD = 'correct horse battery staple';

async function login(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'privacy-test-agent' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).to.equal(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

describe('privacy: export and erasure (integration)', function () {
  this.timeout(60_000);
  let host: ConversionsHost;
  let tenantId: string;
  let adminToken: string;
  let analystToken: string;
  let subjectUserId: string;
  const blindIndex = createPhoneProtector(ENCRYPTION_KEY).blindIndex(PHONE);
  const traces = [
    EMAIL.toLowerCase(),
    sha256Hex(EMAIL.toLowerCase()),
    PHONE,
    sha256Hex(PHONE),
    sha256Hex(PHONE.slice(1)),
    blindIndex,
  ];

  before(async () => {
    host = await startConversionsHost('privacy-it');
    const { modules, connection } = host.running.context;
    const tenant = await modules.services.tenants.create({
      name: 'P',
      slug: 'privacy-t',
      currency: 'EUR',
      timezone: 'Europe/Amsterdam',
    });
    tenantId = tenant.id;
    await modules.services.users.create(tenantId, {
      email: 'boss@privacy.example',
      password: PASSWORD,
      role: 'admin',
      name: 'Boss',
    });
    await modules.services.users.create(tenantId, {
      email: 'ana@privacy.example',
      password: PASSWORD,
      role: 'analyst',
      name: 'Ana',
    });
    const subject = await modules.services.users.create(tenantId, {
      email: EMAIL,
      password: PASSWORD,
      role: 'viewer',
      name: 'Erase Me',
      phone: PHONE,
    });
    subjectUserId = subject.id;
    adminToken = await login(host.running.url, 'boss@privacy.example');
    analystToken = await login(host.running.url, 'ana@privacy.example');
    await login(host.running.url, EMAIL); // a refresh token and an audit entry with email, IP, user agent
    const key = (
      await modules.services.apiKeys.create(tenantId, { name: 'shop', scopes: ['conversions:write'] })
    ).key;
    const intake = await post(host.running.url, '/conversions/events', key, {
      events: [
        {
          eventName: 'Purchase',
          eventTime: new Date().toISOString(),
          eventId: 'p-1',
          pageUrl: 'https://shop.example/',
          user: { email: EMAIL, phone: PHONE },
          consent: { ads: true },
        },
        {
          eventName: 'Lead',
          eventTime: new Date().toISOString(),
          eventId: 'l-1',
          actionSource: 'crm',
          user: { phone: '0031 6 1234 5678' },
        },
        {
          eventName: 'Lead',
          eventTime: new Date().toISOString(),
          eventId: 'other',
          actionSource: 'crm',
          user: { email: 'someone.else@example.net' },
        },
      ],
    });
    expect(intake.status).to.equal(202);
    // The chat collections belong to the chat area; documents of their shape stand in here.
    const now = new Date();
    await connection.collection('conversations').insertOne({
      tenantId,
      key: `web:${subjectUserId}`,
      userId: subjectUserId,
      channel: 'web',
      messages: [{ role: 'user', text: 'my spend?', createdAt: now }],
      context: null,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    await connection.collection('whatsappMessages').insertOne({
      tenantId,
      wamid: 'wamid.1',
      direction: 'in',
      channel: 'whatsapp',
      state: 'answered',
      userId: null,
      peerIndex: blindIndex,
      inReplyTo: null,
      part: null,
      errorCode: null,
      history: [],
      createdAt: now,
      updatedAt: now,
    });
  });
  after(async () => {
    await host?.close();
  });

  const everyCollectionText = async () => {
    const db = host.running.context.connection.db;
    if (db === undefined) throw new Error('no db');
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((entry) => entry.name);
    const texts: Record<string, string> = {};
    for (const name of names)
      texts[name] = JSON.stringify(await db.collection(name).find({}).toArray()).toLowerCase();
    return texts;
  };

  it('when someone other than an admin asks, export and erasure are refused', async () => {
    for (const path of ['/privacy/export', '/privacy/erase']) {
      const response = await post(host.running.url, path, analystToken, { subject: { email: EMAIL } });
      expect(response.status, path).to.equal(403);
    }
  });

  it('when the person is on file, the traces are really there before erasure (so the later search means something)', async () => {
    const texts = await everyCollectionText();
    const all = Object.values(texts).join('\n');
    for (const trace of [
      EMAIL.toLowerCase(),
      sha256Hex(EMAIL.toLowerCase()),
      blindIndex,
      sha256Hex(PHONE.slice(1)),
    ])
      expect(all.includes(trace.toLowerCase()), trace).to.equal(true);
  });

  it('when an export is asked for, every mapped collection holding the person is in it and secrets are not', async () => {
    const response = await post(host.running.url, '/privacy/export', adminToken, {
      subject: { email: EMAIL, phone: PHONE },
    });
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { collections: Record<string, Record<string, unknown>[]> };
    expect(Object.keys(body.collections)).to.have.members(PERSONAL_DATA_MAP.map((entry) => entry.collection));
    expect(body.collections.users).to.have.length(1);
    expect(body.collections.users?.[0]).to.include({ email: EMAIL.toLowerCase(), phone: PHONE });
    expect(body.collections.users?.[0]).to.not.have.property('passwordHash');
    expect(body.collections.refreshTokens?.length).to.be.greaterThan(0);
    expect(body.collections.refreshTokens?.[0]).to.not.have.property('tokenHash');
    expect(body.collections.capiEvents?.map((event) => event.eventId)).to.have.members(['p-1', 'l-1']);
    expect(body.collections.conversations).to.have.length(1);
    expect(body.collections.whatsappMessages).to.have.length(1);
    expect(body.collections.auditLogs?.length).to.be.greaterThan(0);
  });

  it('when the person is erased, no collection holds the raw values or their hashes, others stay, and the audit entry names no one', async () => {
    const response = await post(host.running.url, '/privacy/erase', adminToken, {
      subject: { email: EMAIL, phone: PHONE },
    });
    expect(response.status).to.equal(200);
    const body = (await response.json()) as {
      erasureId: string;
      collections: Record<string, { deleted: number; redacted: number }>;
    };
    expect(body.collections.users?.deleted).to.equal(1);
    expect(body.collections.capiEvents?.deleted).to.equal(2);
    expect(body.collections.conversations?.deleted).to.equal(1);
    expect(body.collections.whatsappMessages?.deleted).to.equal(1);
    expect(body.collections.auditLogs?.redacted).to.be.greaterThan(0);

    const texts = await everyCollectionText();
    for (const [name, text] of Object.entries(texts))
      for (const trace of traces)
        expect(text.includes(trace.toLowerCase()), `${trace} in ${name}`).to.equal(false);
    const others = await host.running.context.connection
      .collection('capiEvents')
      .countDocuments({ tenantId, eventId: 'other' });
    expect(others).to.equal(1);
    const entry = await host.running.context.connection
      .collection('auditLogs')
      .findOne({ tenantId, 'target.id': body.erasureId });
    expect(entry?.action).to.equal('privacy.erase');
    expect(entry?.actor.email).to.equal('boss@privacy.example');
  });

  it('when the erasure is asked again, it succeeds with nothing left to erase', async () => {
    const response = await post(host.running.url, '/privacy/erase', adminToken, {
      subject: { email: EMAIL, phone: PHONE },
    });
    expect(response.status).to.equal(200);
    const body = (await response.json()) as {
      collections: Record<string, { deleted: number; redacted: number }>;
    };
    for (const [name, counts] of Object.entries(body.collections))
      expect(counts, name).to.deep.equal({ deleted: 0, redacted: 0 });
  });
});
