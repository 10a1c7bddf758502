import { expect } from 'chai';
import { startFakeWhatsapp } from '../../fakes/whatsapp-cloud/fake-whatsapp-server.js';
import type { FakeWhatsapp } from '../../fakes/whatsapp-cloud/fake-whatsapp-server.js';
import {
  deliverWebhook,
  inboundMediaPayload,
  inboundTextPayload,
  statusPayload,
} from '../../fakes/whatsapp-cloud/deliveries.js';
import { startWhatsappTestHost } from '../../fakes/whatsapp-cloud/webhook-test-host.js';
import type { WhatsappTestHost } from '../../fakes/whatsapp-cloud/webhook-test-host.js';

const A = {
  businessAccountId: '102290129340398',
  phoneNumberId: '106540352242922',
  token: 'EAAG-tenant-a-token-0123456789',
  appSecret: 'tenant-a-app-secret-0123456789',
  verifyToken: 'verify-a-123456',
};
const B = {
  businessAccountId: '203390129340398',
  phoneNumberId: '207640352242922',
  token: 'EAAG-tenant-b-token-0123456789',
  appSecret: 'tenant-b-app-secret-0123456789',
  verifyToken: 'verify-b-123456',
};
const DANA = '+447700900123';
const OMAR = '+971501234567';
const STRANGER = '+15550009999';

const configOf = (number: typeof A, fakeUrl: string) => ({
  phoneNumberId: number.phoneNumberId,
  businessAccountId: number.businessAccountId,
  accessToken: number.token,
  appSecret: number.appSecret,
  verifyToken: number.verifyToken,
  apiBaseUrl: fakeUrl,
  maxMessagesPerSecond: 80,
});

let sequence = 0;
const nextId = () => `wamid.test-${process.pid}-${(sequence += 1)}`;
const digits = (phone: string) => phone.slice(1);

describe('WhatsApp Cloud webhooks (real host, real chat engine, fake Graph API)', function () {
  this.timeout(60_000);
  let host: WhatsappTestHost;
  let fake: FakeWhatsapp;
  let tenantA: { tenantId: string; userIds: readonly string[] };
  let tenantB: { tenantId: string; userIds: readonly string[] };

  before(async () => {
    fake = await startFakeWhatsapp([
      {
        phoneNumberId: A.phoneNumberId,
        displayPhoneNumber: '15550001111',
        verifiedName: 'Agency A',
        tokens: [A.token],
      },
      {
        phoneNumberId: B.phoneNumberId,
        displayPhoneNumber: '15550002222',
        verifiedName: 'Agency B',
        tokens: [B.token],
      },
    ]);
    host = await startWhatsappTestHost();
    tenantA = await host.createTenant({
      slug: 'wa-a',
      users: [{ email: 'dana@a.example.com', phone: DANA }],
      whatsapp: configOf(A, fake.url),
    });
    // Omar is a user of tenant B only; his number means nothing to tenant A's WhatsApp number.
    tenantB = await host.createTenant({
      slug: 'wa-b',
      users: [{ email: 'omar@b.example.com', phone: OMAR }],
      whatsapp: configOf(B, fake.url),
    });
  });
  after(async () => {
    await host.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.sent.length = 0;
    fake.restore();
  });

  const rows = (tenantId: string) => host.whatsapp.repository.list(tenantId);
  const send = async (number: typeof A, payload: unknown, appSecret: string | null = number.appSecret) => {
    const response = await deliverWebhook(host.webhookUrl, payload, { appSecret });
    await host.whatsapp.idle();
    return response;
  };

  describe('the subscription handshake', () => {
    it("when the verify token is one installation's, the challenge comes back as plain text", async () => {
      const response = await fetch(
        `${host.webhookUrl}?hub.mode=subscribe&hub.verify_token=${B.verifyToken}&hub.challenge=1158201444`,
      );
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/plain/);
      expect(await response.text()).to.equal('1158201444');
    });

    it('when the verify token is unknown, the answer is 403 and nothing is echoed', async () => {
      const response = await fetch(
        `${host.webhookUrl}?hub.mode=subscribe&hub.verify_token=guess-123456&hub.challenge=1158201444`,
      );
      expect(response.status).to.equal(403);
      expect(await response.text()).to.not.include('1158201444');
    });
  });

  describe('signatures', () => {
    it('when the signature is missing, the answer is 401 and nothing is processed', async () => {
      const id = nextId();
      const response = await send(
        A,
        inboundTextPayload(A, { from: digits(DANA), id, text: 'spend yesterday?' }),
        null,
      );
      expect(response.status).to.equal(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).to.equal(
        'WHATSAPP_SIGNATURE_INVALID',
      );
      expect((await rows(tenantA.tenantId)).map((row) => row.wamid)).to.not.include(id);
      expect(fake.sent).to.have.length(0);
    });

    it("when the body is signed with another tenant's app secret or changed after signing, the answer is 401 and nothing is processed", async () => {
      const id = nextId();
      const payload = inboundTextPayload(A, { from: digits(DANA), id, text: 'spend yesterday?' });
      expect((await send(A, payload, B.appSecret)).status).to.equal(401);
      const tampered = await deliverWebhook(host.webhookUrl, payload, {
        appSecret: A.appSecret,
        tamper: (raw) => raw.replace('spend yesterday?', 'spend last year?'),
      });
      await host.whatsapp.idle();
      expect(tampered.status).to.equal(401);
      expect((await rows(tenantA.tenantId)).map((row) => row.wamid)).to.not.include(id);
      expect(fake.sent).to.have.length(0);
    });

    it('when the phone number id belongs to no installation, the answer is 401 and nothing is processed', async () => {
      const unknown = { businessAccountId: '1', phoneNumberId: '300000000000001' };
      const response = await send(
        A,
        inboundTextPayload(unknown, { from: digits(DANA), id: nextId(), text: 'roas?' }),
        A.appSecret,
      );
      expect(response.status).to.equal(401);
      expect(fake.sent).to.have.length(0);
    });
  });

  describe('messages', () => {
    it('when a linked user asks, the engine answers once through the Graph API, even when Meta replays the delivery', async () => {
      const id = nextId();
      const payload = inboundTextPayload(A, { from: digits(DANA), id, text: 'fb roas yday?' });
      const answers = await Promise.all([send(A, payload), send(A, payload), send(A, payload)]);
      expect(answers.map((response) => response.status)).to.deep.equal([200, 200, 200]);
      expect(await send(A, payload)).to.have.property('status', 200);
      expect(fake.sent).to.have.length(1);
      expect(fake.sent[0]).to.deep.include({ phoneNumberId: A.phoneNumberId, to: digits(DANA) });
      expect(fake.sent[0]?.body.length).to.be.greaterThan(0);
      const stored = await rows(tenantA.tenantId);
      const inbound = stored.find((row) => row.wamid === id);
      expect(inbound).to.deep.include({ direction: 'in', state: 'answered', userId: tenantA.userIds[0] });
      const outbound = stored.find((row) => row.inReplyTo === id);
      expect(outbound).to.deep.include({ direction: 'out', state: 'sent', part: 1, wamid: fake.sent[0]?.id });
    });

    it("when a number linked only in tenant B writes to tenant A's number, it gets the polite not-linked reply once and no data", async () => {
      await send(A, inboundTextPayload(A, { from: digits(OMAR), id: nextId(), text: 'spend last week?' }));
      await send(A, inboundTextPayload(A, { from: digits(OMAR), id: nextId(), text: 'and revenue?' }));
      await send(A, inboundTextPayload(A, { from: digits(STRANGER), id: nextId(), text: 'roas' }));
      expect(fake.sent.map((message) => message.to)).to.deep.equal([digits(OMAR), digits(STRANGER)]);
      for (const message of fake.sent) {
        expect(message.body).to.include('not linked');
        expect(message.body).to.not.match(/\d/);
      }
      const inbound = (await rows(tenantA.tenantId)).filter(
        (row) => row.direction === 'in' && row.state === 'not_linked',
      );
      expect(inbound).to.have.length(3);
      expect(inbound.every((row) => row.userId === null)).to.equal(true);
      // Tenant B stored nothing about messages sent to tenant A's number.
      expect((await rows(tenantB.tenantId)).filter((row) => row.direction === 'in')).to.have.length(0);
    });

    it("when the same number writes to tenant B's number, it is answered as tenant B's user", async () => {
      const id = nextId();
      await send(B, inboundTextPayload(B, { from: digits(OMAR), id, text: 'spend last week?' }));
      expect(fake.sent).to.have.length(1);
      expect(fake.sent[0]).to.deep.include({ phoneNumberId: B.phoneNumberId, to: digits(OMAR) });
      expect((await rows(tenantB.tenantId)).find((row) => row.wamid === id)).to.deep.include({
        state: 'answered',
        userId: tenantB.userIds[0],
      });
    });

    it('when a linked user sends an image, the reply says only text is understood', async () => {
      const id = nextId();
      await send(A, inboundMediaPayload(A, { from: digits(DANA), id }));
      expect(fake.sent).to.have.length(1);
      expect(fake.sent[0]?.body).to.include('only read text');
      expect((await rows(tenantA.tenantId)).find((row) => row.wamid === id)).to.deep.include({
        state: 'unsupported',
      });
    });

    it('when the Graph API throttles the reply, it is retried and delivered once', async () => {
      fake.throttle({ count: 2, code: 130429, retryAfterSeconds: 0.1 });
      const id = nextId();
      await send(A, inboundTextPayload(A, { from: digits(DANA), id, text: 'spend today?' }));
      expect(fake.sent).to.have.length(1);
      expect(fake.requests.filter((request) => request.errorCode === 130429).length).to.be.at.least(2);
      expect((await rows(tenantA.tenantId)).find((row) => row.wamid === id)).to.deep.include({
        state: 'answered',
      });
    });

    it('when the Graph API keeps failing, the message is recorded as failed, not answered', async () => {
      fake.fail();
      const id = nextId();
      const response = await send(A, inboundTextPayload(A, { from: digits(DANA), id, text: 'spend today?' }));
      expect(response.status).to.equal(200);
      const row = (await rows(tenantA.tenantId)).find((candidate) => candidate.wamid === id);
      expect(row?.state).to.equal('failed');
      expect(row?.errorCode).to.equal('WHATSAPP_TEMPORARY_ERROR');
    });
  });

  describe('statuses', () => {
    it('when Meta reports delivered, read and a late delivered, the reply ends read; unknown ids change nothing', async () => {
      const id = nextId();
      await send(A, inboundTextPayload(A, { from: digits(DANA), id, text: 'clicks this week?' }));
      const replyId = fake.sent[0]?.id ?? '';
      for (const status of ['delivered', 'read', 'delivered'])
        expect(
          (await send(A, statusPayload(A, { id: replyId, status, recipientId: digits(DANA) }))).status,
        ).to.equal(200);
      await send(A, statusPayload(A, { id: 'wamid.not-ours', status: 'read', recipientId: digits(DANA) }));
      const reply = (await rows(tenantA.tenantId)).find((row) => row.wamid === replyId);
      expect(reply?.state).to.equal('read');
      expect(reply?.history.map((entry) => entry.state)).to.deep.equal(['sent', 'delivered', 'read']);
      expect((await rows(tenantA.tenantId)).some((row) => row.wamid === 'wamid.not-ours')).to.equal(false);
    });

    it('when Meta reports a failure, the error code is recorded; a forged status is refused', async () => {
      await send(A, inboundTextPayload(A, { from: digits(DANA), id: nextId(), text: 'ctr yesterday?' }));
      const replyId = fake.sent[0]?.id ?? '';
      expect(
        (
          await send(
            A,
            statusPayload(A, { id: replyId, status: 'read', recipientId: digits(DANA) }),
            B.appSecret,
          )
        ).status,
      ).to.equal(401);
      await send(
        A,
        statusPayload(A, { id: replyId, status: 'failed', recipientId: digits(DANA), errorCode: 131047 }),
      );
      const reply = (await rows(tenantA.tenantId)).find((row) => row.wamid === replyId);
      expect(reply).to.deep.include({ state: 'failed', errorCode: '131047' });
    });
  });
});
