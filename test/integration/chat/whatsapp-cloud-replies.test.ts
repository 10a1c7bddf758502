/**
 * Channel-level behaviour with a recording ChatEngine double (the real engine never writes
 * answers this long): long replies split at WhatsApp's limit with each part recorded, and one
 * conversation per user so follow-ups reach the engine in order under the same key.
 */
import { expect } from 'chai';
import type { ChatEngine, ChatInput } from '../../../chat/engine/chat-engine.js';
import type { Frame } from '../../../chat/nlu/frame.js';
import { startFakeWhatsapp } from '../../fakes/whatsapp-cloud/fake-whatsapp-server.js';
import type { FakeWhatsapp } from '../../fakes/whatsapp-cloud/fake-whatsapp-server.js';
import { deliverWebhook, inboundTextPayload } from '../../fakes/whatsapp-cloud/deliveries.js';
import { startWhatsappTestHost } from '../../fakes/whatsapp-cloud/webhook-test-host.js';
import type { WhatsappTestHost } from '../../fakes/whatsapp-cloud/webhook-test-host.js';

const NUMBER = { businessAccountId: '102290129340398', phoneNumberId: '106540352242922' };
const TOKEN = 'EAAG-replies-token-0123456789';
const SECRET = 'replies-app-secret-0123456789';
const DANA = '447700900123';

function recordingEngine(replyFor: (input: ChatInput) => string): ChatEngine & { inputs: ChatInput[] } {
  const inputs: ChatInput[] = [];
  return {
    inputs,
    async reply(input) {
      inputs.push(input);
      // Later messages answer faster: only per-conversation ordering keeps them in sequence.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 60 - inputs.length * 20)));
      const frame = {
        text: input.text,
        intent: 'metric_query',
        metric: null,
        platform: null,
        range: null,
        campaign: null,
        compare: null,
        extras: { language: 'en' },
      } satisfies Frame;
      return { text: replyFor(input), language: 'en', payload: null, frame, suggestions: [] };
    },
  };
}

describe('WhatsApp Cloud replies (recording engine)', function () {
  this.timeout(60_000);
  let host: WhatsappTestHost;
  let fake: FakeWhatsapp;
  const longAnswer = Array.from(
    { length: 300 },
    (_, index) => `Campaign ${index}: spend $${index},000.00 and ROAS 2.${index % 10}.`,
  ).join('\n');
  const engine = recordingEngine((input) =>
    input.text === 'everything' ? longAnswer : `answer to ${input.text}`,
  );
  let tenant: { tenantId: string; userIds: readonly string[] };

  before(async () => {
    fake = await startFakeWhatsapp([
      { ...NUMBER, displayPhoneNumber: '15550001111', verifiedName: 'Agency', tokens: [TOKEN] },
    ]);
    host = await startWhatsappTestHost({ engine });
    tenant = await host.createTenant({
      slug: 'wa-replies',
      users: [{ email: 'dana@replies.example.com', phone: `+${DANA}`, locale: 'en-GB' }],
      whatsapp: {
        ...NUMBER,
        accessToken: TOKEN,
        appSecret: SECRET,
        verifyToken: 'verify-replies-1',
        apiBaseUrl: fake.url,
        maxMessagesPerSecond: 80,
      },
    });
  });
  after(async () => {
    await host.close();
    await fake.close();
  });

  it('when the answer is longer than 4,096 characters, it is sent in ordered parts that each fit, each recorded', async () => {
    const id = `wamid.long-${process.pid}`;
    await deliverWebhook(
      host.webhookUrl,
      inboundTextPayload(NUMBER, { from: DANA, id, text: 'everything' }),
      { appSecret: SECRET },
    );
    await host.whatsapp.idle();
    expect(fake.sent.length).to.be.greaterThan(2);
    for (const message of fake.sent) expect(message.body.length).to.be.at.most(4_096);
    expect(fake.sent.map((message) => message.body).join('\n')).to.equal(longAnswer);
    const parts = (await host.whatsapp.repository.list(tenant.tenantId, { direction: 'out' })).filter(
      (row) => row.inReplyTo === id,
    );
    expect(parts.map((row) => row.part)).to.deep.equal(fake.sent.map((_, index) => index + 1));
    expect(parts.map((row) => row.wamid)).to.deep.equal(fake.sent.map((message) => message.id));
  });

  it('when a user sends a question and quick follow-ups, the engine gets them in order under one conversation key', async () => {
    fake.sent.length = 0;
    engine.inputs.length = 0;
    const texts = ['roas last week?', 'and on tiktok?', 'what about last month?'];
    for (const [index, text] of texts.entries()) {
      const response = await deliverWebhook(
        host.webhookUrl,
        inboundTextPayload(NUMBER, { from: DANA, id: `wamid.follow-${process.pid}-${index}`, text }),
        { appSecret: SECRET },
      );
      expect(response.status).to.equal(200);
    }
    await host.whatsapp.idle();
    expect(engine.inputs.map((input) => input.text)).to.deep.equal(texts);
    expect(new Set(engine.inputs.map((input) => input.conversationKey)).size).to.equal(1);
    expect(engine.inputs[0]).to.deep.include({
      tenantId: tenant.tenantId,
      userId: tenant.userIds[0],
      channel: 'whatsapp',
      locale: 'en-GB',
    });
    expect(fake.sent.map((message) => message.body)).to.deep.equal(texts.map((text) => `answer to ${text}`));
  });
});
