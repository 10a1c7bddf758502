/**
 * Conversions end to end in the whole product: API-key intake with per-event rejections, hashing
 * before storage, consent, dedup, age limits, delivery to the strict fakes with retries and dead
 * letters, clearing of the clear fields, and the quality endpoint.
 */
import { expect } from 'chai';
import { createClearDataSealer } from '../../../core/conversions/clear-data-sealer.js';
import { createConversionsDelivery } from '../../../core/conversions/delivery.service.js';
import type { ConversionsDelivery } from '../../../core/conversions/delivery.service.js';
import { sha256Hex } from '../../../core/conversions/identity-hashing.js';
import { createFieldCipher } from '../../../core/security/field-encryption.js';
import { keyringFor } from '../../../core/security/keyring-store.js';
import { startFakeConversions } from '../../fakes/conversions/fake-conversions-server.js';
import type { FakeConversions } from '../../fakes/conversions/fake-conversions-server.js';
import { ENCRYPTION_KEY, get, post, startConversionsHost } from './support-host.js';
import type { ConversionsHost } from './support-host.js';

const TOKEN = 'platform-token-0123456789';
const EMAIL = 'Shopper.Person@Example.org';
const PHONE = '+49 30 1234 5678';
const IP = '198.51.100.23';

interface Accepted {
  index: number;
  eventId: string;
  qualityScore: number;
  deliveries: Record<string, { status: string; reason: string | null }>;
}
interface IntakeAnswer {
  accepted: Accepted[];
  rejected: { index: number; eventId: string | null; reason: string }[];
}

function event(eventId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventName: 'purchase',
    eventTime: new Date(Date.now() - 120_000).toISOString(),
    eventId,
    source: 'web-shop',
    pageUrl: 'https://shop.example/thanks',
    orderId: `o-${eventId}`,
    valueCents: 4_999,
    currency: 'EUR',
    consent: { ads: true },
    user: {
      email: EMAIL,
      phone: PHONE,
      ipAddress: IP,
      userAgent: 'Mozilla/5.0 (it)',
      clickIds: { fbc: 'fb.1.2.x' },
    },
    ...overrides,
  };
}

describe('conversions intake and delivery (integration)', function () {
  this.timeout(60_000);
  let host: ConversionsHost;
  let fake: FakeConversions;
  let tenantId: string;
  let writeKey: string;
  let readKey: string;
  let adminToken: string;
  let delivery: ConversionsDelivery;

  before(async () => {
    host = await startConversionsHost('conversions-it');
    fake = await startFakeConversions({ token: TOKEN });
    const { modules, platform } = host.running.context;
    const tenant = await modules.services.tenants.create({
      name: 'Shop',
      slug: 'conv-shop',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
    });
    tenantId = tenant.id;
    writeKey = (
      await modules.services.apiKeys.create(tenantId, { name: 'shop server', scopes: ['conversions:write'] })
    ).key;
    readKey = (
      await modules.services.apiKeys.create(tenantId, { name: 'reporting', scopes: ['read', 'write'] })
    ).key;
    await modules.services.users.create(tenantId, {
      email: 'admin@conv-shop.example',
      password: 'correct horse battery staple',
      role: 'admin',
      name: 'Admin',
    });
    const login = await fetch(`${host.running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@conv-shop.example', password: 'correct horse battery staple' }),
    });
    adminToken = ((await login.json()) as { accessToken: string }).accessToken;
    await platform.plugins.service.install(tenantId, 'conversions-capi', {
      config: {
        meta: { pixelId: '1234567', baseUrl: fake.url },
        googleAds: { customerId: '1234567890', conversionActions: { Purchase: '42' }, baseUrl: fake.url },
        metaAccessToken: TOKEN,
        googleAdsAccessToken: TOKEN,
      },
    });
    await platform.plugins.service.enable(tenantId, 'conversions-capi');
    delivery = createConversionsDelivery({
      repository: platform.conversions.repository,
      destinations: platform.conversions.destinations,
      // The module seals under the tenant's data key: open with the connection's keyring.
      sealer: createClearDataSealer(
        createFieldCipher(
          ENCRYPTION_KEY,
          keyringFor(host.running.context.connection, { encryptionKey: ENCRYPTION_KEY }),
        ),
      ),
      now: () => new Date(),
      policy: { baseDelayMs: 0, maxAttempts: 3 },
    });
  });
  after(async () => {
    await fake?.close();
    await host?.close();
  });

  const capiEvents = () => host.running.context.connection.collection('capiEvents');
  const ingest = async (events: unknown[], key = writeKey) => {
    const response = await post(host.running.url, '/conversions/events', key, { events });
    expect(response.status, await response.clone().text()).to.equal(202);
    return (await response.json()) as IntakeAnswer;
  };
  const deliver = () => delivery.deliverDue(tenantId, new AbortController().signal);

  it('when a key without the conversions:write scope posts events, it is refused', async () => {
    const response = await post(host.running.url, '/conversions/events', readKey, { events: [event('k1')] });
    expect(response.status).to.equal(403);
  });

  it('when a batch holds bad events, each is rejected with its index and reason and the rest are accepted', async () => {
    const answer = await ingest([
      event('b1'),
      event('b2', { eventName: 'Teleport' }),
      { ...event('b3'), eventId: undefined },
      event('b4', { pageUrl: undefined }),
      event('b5', { valueCents: 100, currency: undefined }),
      event('b6', { eventTime: new Date(Date.now() + 3_600_000).toISOString() }),
      event('b7'),
    ]);
    expect(answer.accepted.map((entry) => entry.index)).to.deep.equal([0, 6]);
    expect(answer.rejected.map((entry) => entry.index)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(answer.rejected[0]?.reason).to.match(/^eventName: Unknown event name/);
    expect(answer.rejected[1]?.reason).to.match(/^eventId:/);
    expect(answer.rejected[2]?.reason).to.match(/^pageUrl: pageUrl is required/);
    expect(answer.rejected[3]?.reason).to.match(/^currency:/);
    expect(answer.rejected[4]?.reason).to.equal('eventTime: is in the future');
    expect(answer.accepted[0]?.deliveries).to.deep.equal({
      meta: { status: 'pending', reason: null },
      'google-ads': { status: 'pending', reason: null },
    });
  });

  it('when events are stored, no raw email, phone or IP is in the collection, only hashes and a sealed blob', async () => {
    const documents = await capiEvents().find({ tenantId }).toArray();
    const text = JSON.stringify(documents);
    expect(documents.length).to.be.greaterThan(0);
    for (const raw of [EMAIL, EMAIL.toLowerCase(), '4930', IP, 'Mozilla/5.0 (it)', 'fb.1.2.x'])
      expect(text.includes(raw), raw).to.equal(false);
    expect(text).to.include(sha256Hex(EMAIL.toLowerCase()));
  });

  it('when the due events are delivered, both platforms get them once and the clear fields are dropped', async () => {
    const report = await deliver();
    expect(report).to.include({ sent: 4, dead: 0, retrying: 0 });
    expect(fake.received.meta.map((entry) => (entry as { event_id: string }).event_id)).to.have.members([
      'b1',
      'b7',
    ]);
    expect(fake.received['google-ads']).to.have.length(2);
    const stored = await capiEvents()
      .find({ tenantId, eventId: { $in: ['b1', 'b7'] } })
      .toArray();
    expect(stored.map((document) => document.clearSealed)).to.deep.equal([null, null]);
  });

  it('when the same event name and id arrive again within the window, they are marked duplicate and not sent again', async () => {
    const before = fake.requests.meta;
    const answer = await ingest([event('b1'), event('b1', { eventName: 'Lead' })]);
    expect(answer.accepted[0]?.deliveries.meta?.status).to.equal('duplicate');
    // Another event name with the same id is another event.
    expect(answer.accepted[1]?.deliveries.meta?.status).to.equal('pending');
    await deliver();
    expect(fake.requests.meta).to.equal(before + 1);
    expect(
      fake.received.meta.filter((entry) => (entry as { event_id: string }).event_id === 'b1'),
    ).to.have.length(2);
  });

  it('when consent is false or missing, the event is stored for quality but never sent, and nothing clear is kept', async () => {
    const answer = await ingest([
      event('c1', { consent: { ads: false } }),
      event('c2', { consent: undefined }),
    ]);
    for (const accepted of answer.accepted) {
      expect(accepted.deliveries.meta?.status).to.equal('skipped');
      expect(accepted.deliveries['google-ads']?.status).to.equal('skipped');
    }
    const stored = await capiEvents()
      .find({ tenantId, eventId: { $in: ['c1', 'c2'] } })
      .toArray();
    expect(stored.map((document) => document.clearSealed)).to.deep.equal([null, null]);
    const report = await deliver();
    expect(report.sent).to.equal(0);
  });

  it('when an event is older than a platform accepts, it is refused there with the reason and sent where it still fits', async () => {
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const answer = await ingest([event('old1', { eventTime: tenDaysAgo })]);
    expect(answer.accepted[0]?.deliveries.meta).to.deep.equal({
      status: 'refused',
      reason: 'Event is older than meta accepts (7 days)',
    });
    expect(answer.accepted[0]?.deliveries['google-ads']?.status).to.equal('pending');
    const report = await deliver();
    expect(report.sent).to.equal(1);
  });

  it('when a platform rate-limits and then recovers, the event is retried and sent', async () => {
    fake.fail('meta', 'rate_limit');
    await ingest([event('r1')]);
    const first = await deliver();
    expect(first).to.include({ retrying: 1, sent: 1 });
    const pending = await capiEvents().findOne({ tenantId, eventId: 'r1' });
    expect(pending?.deliveries.meta).to.include({ status: 'pending', attempts: 1 });
    expect(pending?.clearSealed).to.be.a('string');
    const second = await deliver();
    expect(second).to.include({ sent: 1, retrying: 0 });
  });

  it('when a platform keeps failing, the event is dead-lettered after the last attempt with the reason', async () => {
    fake.fail('meta', 'server_error', 3);
    await ingest([event('d1')]);
    await deliver();
    await deliver();
    const last = await deliver();
    expect(last.dead).to.equal(1);
    const response = await get(host.running.url, '/conversions/dead-letters', adminToken);
    expect(response.status).to.equal(200);
    const body = (await response.json()) as {
      data: { eventId: string; platforms: { platform: string; attempts: number; reason: string }[] }[];
    };
    const dead = body.data.find((entry) => entry.eventId === 'd1');
    expect(dead?.platforms).to.have.length(1);
    expect(dead?.platforms[0]).to.include({ platform: 'meta', attempts: 3 });
    expect(dead?.platforms[0]?.reason).to.match(/^Gave up after 3 attempts: META_CAPI_2/);
  });

  it('when a permanent error comes back (bad token), the event is dead-lettered at once', async () => {
    fake.fail('meta', 'auth');
    await ingest([event('p1')]);
    const report = await deliver();
    expect(report.dead).to.equal(1);
    const stored = await capiEvents().findOne({ tenantId, eventId: 'p1' });
    expect(stored?.deliveries.meta).to.include({ status: 'dead', attempts: 1 });
    expect(stored?.deliveries.meta.reason).to.match(/^META_CAPI_190/);
  });

  it('when events are accepted, one delivery job per tenant is queued and a worker on the default queue sends them', async () => {
    const { jobs } = host.running.context.platform;
    await ingest([event('j1')]);
    await ingest([event('j2')]);
    const queued = await jobs.list({ tenantId, status: 'queued' });
    expect(queued.data.filter((job) => job.name === 'conversions.deliver')).to.have.length(1);
    await jobs.start({ queues: ['default'] });
    try {
      const deadline = Date.now() + 20_000;
      const sentIds = () => fake.received.meta.map((entry) => (entry as { event_id: string }).event_id);
      while (!(sentIds().includes('j1') && sentIds().includes('j2')) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sentIds()).to.include.members(['j1', 'j2']);
    } finally {
      await jobs.stop({ timeoutMs: 5_000 });
    }
  });

  it('when quality is asked for, each source has a 0–10 score and reasons with what each fix is worth', async () => {
    await ingest([
      event('q1', { source: 'crm-import', user: { email: 'a@b.example' } }),
      event('q2', { source: 'crm-import', user: { email: 'not-an-email', phone: '+1 650 555 0123' } }),
    ]);
    const response = await get(host.running.url, '/conversions/quality?days=7', adminToken);
    expect(response.status).to.equal(200);
    const body = (await response.json()) as {
      data: {
        source: string;
        events: number;
        score: number;
        reasons: { component: string; message: string }[];
      }[];
    };
    const crm = body.data.find((row) => row.source === 'crm-import');
    expect(crm?.events).to.equal(2);
    // q1: email 3 + browserId (order id) .5 + fresh .5 = 4; q2: phone 1.5 + .5 + .5 = 2.5.
    expect(crm?.score).to.equal(3.3);
    const messages = crm?.reasons.map((reason) => reason.message) ?? [];
    expect(messages).to.include('add phone numbers: +0.8');
    expect(messages).to.include('fix malformed email addresses: +1.5');
    const web = body.data.find((row) => row.source === 'web-shop');
    expect(web?.score).to.be.within(0, 10);
  });
});
