import { expect } from 'chai';
import { createFetchHttpClient } from '../../test/fakes/whatsapp-cloud/fetch-http-client.js';
import { startFakeWhatsapp } from '../../test/fakes/whatsapp-cloud/fake-whatsapp-server.js';
import type { FakeWhatsapp } from '../../test/fakes/whatsapp-cloud/fake-whatsapp-server.js';
import {
  inboundMediaPayload,
  inboundTextPayload,
  statusPayload,
} from '../../test/fakes/whatsapp-cloud/deliveries.js';
import { isConnectorError } from '../shared/index.js';
import {
  createWhatsappCloudClient,
  parseWhatsappWebhook,
  signWhatsappWebhook,
  splitWhatsappText,
  verifyWhatsappSignature,
  verifyWhatsappSubscription,
} from './index.js';

const target = { businessAccountId: '102290129340398', phoneNumberId: '106540352242922' };

describe('connectors/whatsapp-cloud', () => {
  describe('splitWhatsappText', () => {
    it('when the text fits, it is one unchanged part', () => {
      expect(splitWhatsappText('ROAS last week: 3.2')).to.deep.equal(['ROAS last week: 3.2']);
    });

    it('when a long answer has lines, every part fits, cuts fall on line ends and no word is lost', () => {
      const lines = Array.from(
        { length: 400 },
        (_, index) => `Campaign ${index}: spend $1,234.56, ROAS 2.${index % 10}`,
      );
      const text = lines.join('\n');
      const parts = splitWhatsappText(text);
      expect(parts.length).to.be.greaterThan(3);
      for (const part of parts) {
        expect(part.length).to.be.at.most(4_096);
        expect(part.endsWith('.') || /\d$/.test(part), part.slice(-20)).to.equal(true);
      }
      expect(parts.join('\n')).to.equal(text);
    });

    it('when there are no line breaks, it cuts after a sentence end rather than inside one', () => {
      const sentence = 'Meta spent more than planned this week. ';
      const parts = splitWhatsappText(sentence.repeat(30), 300);
      for (const part of parts) {
        expect(part.length).to.be.at.most(300);
        expect(part.endsWith('.')).to.equal(true);
      }
    });

    it('when the cut falls inside an emoji, the emoji is kept whole', () => {
      const text = `${'a'.repeat(9)}😀${'b'.repeat(10)}`;
      const parts = splitWhatsappText(text, 10);
      expect(parts.join('')).to.equal(text);
      for (const part of parts) expect(part.length).to.be.at.most(10);
      expect(parts.some((part) => part.includes('😀'))).to.equal(true);
    });
  });

  describe('signatures', () => {
    const secret = 'app-secret-0123456789abcdef';
    const raw = JSON.stringify(
      inboundTextPayload(target, { from: '447700900123', id: 'wamid.1', text: 'roas ytd? 📈 café' }),
    );

    it('when the body is signed with the app secret, it verifies', () => {
      expect(verifyWhatsappSignature(raw, signWhatsappWebhook(raw, secret), secret)).to.equal(true);
      expect(verifyWhatsappSignature(Buffer.from(raw), signWhatsappWebhook(raw, secret), secret)).to.equal(
        true,
      );
    });

    it('when the signature is missing, malformed, of another secret or of another body, it fails', () => {
      expect(verifyWhatsappSignature(raw, undefined, secret)).to.equal(false);
      expect(verifyWhatsappSignature(raw, 'sha256=xyz', secret)).to.equal(false);
      expect(
        verifyWhatsappSignature(raw, signWhatsappWebhook(raw, 'another-secret-000000'), secret),
      ).to.equal(false);
      expect(verifyWhatsappSignature(`${raw} `, signWhatsappWebhook(raw, secret), secret)).to.equal(false);
    });

    it('when the JSON is re-serialised with escaped emoji, the signature of the original bytes no longer matches', () => {
      const escaped = raw.replace(/[\u{1F300}-\u{1FAFF}]/gu, (emoji) =>
        [...emoji].map((char) => `\\u${char.codePointAt(0)?.toString(16)}`).join(''),
      );
      expect(JSON.parse(escaped)).to.not.equal(undefined);
      expect(verifyWhatsappSignature(escaped, signWhatsappWebhook(raw, secret), secret)).to.equal(false);
    });

    it('when the handshake names the verify token, the challenge comes back; otherwise nothing', () => {
      const query = {
        'hub.mode': 'subscribe',
        'hub.verify_token': 'verify-me-123',
        'hub.challenge': '1158201444',
      };
      expect(verifyWhatsappSubscription(query, 'verify-me-123')).to.equal('1158201444');
      expect(verifyWhatsappSubscription(query, 'another-token')).to.equal(undefined);
      expect(verifyWhatsappSubscription({ ...query, 'hub.mode': 'unsubscribe' }, 'verify-me-123')).to.equal(
        undefined,
      );
      expect(verifyWhatsappSubscription({ ...query, 'hub.challenge': '<script>' }, 'verify-me-123')).to.equal(
        undefined,
      );
    });
  });

  describe('parseWhatsappWebhook', () => {
    it('when a delivery carries a text, a media message and statuses, each is parsed with its phone number id', () => {
      const text = parseWhatsappWebhook(
        JSON.stringify(
          inboundTextPayload(target, {
            from: '447700900123',
            id: 'wamid.A',
            text: 'fb roas yday?',
            timestamp: 1764000000,
          }),
        ),
      );
      expect(text?.phoneNumberIds).to.deep.equal([target.phoneNumberId]);
      expect(text?.messages[0]).to.deep.include({
        from: '447700900123',
        messageId: 'wamid.A',
        text: 'fb roas yday?',
        receivedAt: '2025-11-24T16:00:00.000Z',
      });
      const media = parseWhatsappWebhook(
        JSON.stringify(inboundMediaPayload(target, { from: '447700900123', id: 'wamid.B' })),
      );
      expect(media?.messages[0]).to.deep.include({ type: 'image', text: null });
      const status = parseWhatsappWebhook(
        JSON.stringify(
          statusPayload(target, {
            id: 'wamid.C',
            status: 'failed',
            recipientId: '447700900123',
            errorCode: 131047,
          }),
        ),
      );
      expect(status?.statuses[0]).to.deep.include({
        messageId: 'wamid.C',
        status: 'failed',
        errorCodes: [131047],
      });
    });

    it('when the body is not JSON or not a WhatsApp payload, it is not parsed', () => {
      expect(parseWhatsappWebhook('not json')).to.equal(undefined);
      expect(parseWhatsappWebhook(JSON.stringify({ object: 'page', entry: [] }))).to.equal(undefined);
    });
  });

  describe('the client against the fake Graph API', () => {
    let fake: FakeWhatsapp;
    const token = 'EAAG-test-token-0123456789';
    beforeEach(async () => {
      fake = await startFakeWhatsapp([
        {
          phoneNumberId: target.phoneNumberId,
          displayPhoneNumber: '15550001111',
          verifiedName: 'Stratum',
          tokens: [token],
        },
      ]);
    });
    afterEach(() => fake.close());

    const client = (overrides: { accessToken?: string; phoneNumberId?: string } = {}) =>
      createWhatsappCloudClient({
        http: createFetchHttpClient(),
        accessToken: overrides.accessToken ?? token,
        phoneNumberId: overrides.phoneNumberId ?? target.phoneNumberId,
        baseUrl: fake.url,
        maxPerSecond: 1_000,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
      });

    it('when a text is sent, the fake records it and the client returns its wamid', async () => {
      const result = await client().sendText('+447700900123', 'Spend yesterday: $1,204.50');
      expect(result.messageId).to.match(/^wamid\./);
      expect(fake.sent).to.have.length(1);
      expect(fake.sent[0]).to.deep.include({ to: '447700900123', body: 'Spend yesterday: $1,204.50' });
    });

    it('when the fake throttles with Retry-After, the client waits and retries until the message is accepted', async () => {
      fake.throttle({ count: 2, code: 130429, retryAfterSeconds: 0.2 });
      const wa = client();
      await wa.sendText('447700900123', 'hello');
      expect(fake.sent).to.have.length(1);
      expect(fake.requests.filter((request) => request.errorCode === 130429)).to.have.length(2);
      expect(fake.requests.some((request) => request.early)).to.equal(false);
      expect(wa.stats.rateLimitedAnswers).to.equal(2);
    });

    it('when the token is refused, the error is an auth error and it is not retried', async () => {
      const error = await client({ accessToken: 'EAAG-wrong-token-000000' })
        .sendText('447700900123', 'hi')
        .catch((caught: unknown) => caught);
      expect(isConnectorError(error) && error.kind).to.equal('auth');
      expect(fake.requests).to.have.length(1);
    });

    it("when the phone number id is not the token's, the error says not found", async () => {
      const error = await client({ phoneNumberId: '999999999999' })
        .sendText('447700900123', 'hi')
        .catch((caught: unknown) => caught);
      expect(isConnectorError(error) && error.code).to.equal('WHATSAPP_PHONE_NUMBER_NOT_FOUND');
    });

    it('when a text is longer than 4,096 characters, it is refused before any request', async () => {
      const error = await client()
        .sendText('447700900123', 'x'.repeat(4_097))
        .catch((caught: unknown) => caught);
      expect(isConnectorError(error) && error.code).to.equal('WHATSAPP_TEXT_LENGTH');
      expect(fake.requests).to.have.length(0);
    });
  });
});
