import { expect } from 'chai';
import { signWhatsappWebhook } from '../../connectors/whatsapp-cloud/index.js';
import type { Channel, HealthCheck, PluginContext } from '../../core/plugin-api/index.js';
import { createFetchHttpClient } from '../../test/fakes/whatsapp-cloud/fetch-http-client.js';
import { startFakeWhatsapp } from '../../test/fakes/whatsapp-cloud/fake-whatsapp-server.js';
import type { FakeWhatsapp } from '../../test/fakes/whatsapp-cloud/fake-whatsapp-server.js';
import { inboundMediaPayload, inboundTextPayload } from '../../test/fakes/whatsapp-cloud/deliveries.js';
import { channelWhatsappCloudConfigSchema, createChannelWhatsappCloudPlugin } from './index.js';
import type { ChannelWhatsappCloudConfig } from './index.js';

const NUMBER = { businessAccountId: '102290129340398', phoneNumberId: '106540352242922' };
const TOKEN = 'EAAG-plugin-token-0123456789';
const SECRET = 'plugin-app-secret-0123456789';
const signal = new AbortController().signal;

/** Only the parts of the context this plugin reads; the rest is never called. */
function contextOf(config: Record<string, unknown>): PluginContext<ChannelWhatsappCloudConfig> {
  return {
    config: channelWhatsappCloudConfigSchema.parse(config),
    http: createFetchHttpClient(),
    clock: { now: () => new Date() },
  } as unknown as PluginContext<ChannelWhatsappCloudConfig>;
}

describe('plugins/channel-whatsapp-cloud', () => {
  let fake: FakeWhatsapp;
  let channel: Channel;
  let health: HealthCheck;
  const setUp = async (overrides: Record<string, unknown> = {}) => {
    const capabilities = await createChannelWhatsappCloudPlugin({
      retry: { retries: 1, baseDelayMs: 5 },
    }).setup(
      contextOf({
        ...NUMBER,
        accessToken: TOKEN,
        appSecret: SECRET,
        verifyToken: 'verify-plugin-1',
        apiBaseUrl: fake.url,
        ...overrides,
      }),
    );
    channel = capabilities.channel;
    health = capabilities.health;
  };
  beforeEach(async () => {
    fake = await startFakeWhatsapp([
      { ...NUMBER, displayPhoneNumber: '15550001111', verifiedName: 'Agency', tokens: [TOKEN] },
    ]);
    await setUp();
  });
  afterEach(() => fake.close());

  it('when the token reads the phone number, the health check is ok and names the sender', async () => {
    const result = await health.check({ signal });
    expect(result.status).to.equal('ok');
    expect(result.message).to.include('Agency');
  });

  it('when the token is refused, the health check reports auth_error without throwing', async () => {
    await setUp({ accessToken: 'EAAG-revoked-token-000000' });
    expect((await health.check({ signal })).status).to.equal('auth_error');
  });

  it('when asked to send more than the limit, the plugin sends parts in order and returns the last id', async () => {
    const text = `${'First part sentence. '.repeat(250)}\n${'Second part sentence. '.repeat(100)}`;
    const result = await channel.send({ to: '+447700900123', text }, { signal });
    expect(fake.sent.length).to.equal(2);
    expect(result.messageExternalId).to.equal(fake.sent[1]?.id);
  });

  it('when throttling outlasts the retries, send throws a transient PluginError', async () => {
    fake.throttle({ count: 5, code: 131056 });
    const error = (await channel
      .send({ to: '+447700900123', text: 'hi' }, { signal })
      .catch((caught: unknown) => caught)) as { kind?: string; code?: string };
    expect(error.kind).to.equal('transient');
    expect(error.code).to.equal('WHATSAPP_PAIR_RATE_LIMITED');
  });

  it('when a delivery is signed with the app secret, receive returns its text messages; forged or unsigned, none', async () => {
    const raw = JSON.stringify(
      inboundTextPayload(NUMBER, { from: '447700900123', id: 'wamid.P1', text: 'roas mtd?' }),
    );
    const media = JSON.stringify(inboundMediaPayload(NUMBER, { from: '447700900123', id: 'wamid.P2' }));
    const signed = await channel.receive(
      { headers: { 'X-Hub-Signature-256': signWhatsappWebhook(raw, SECRET) }, query: {}, rawBody: raw },
      { signal },
    );
    expect(signed).to.deep.equal([
      {
        messageExternalId: 'wamid.P1',
        from: '+447700900123',
        text: 'roas mtd?',
        receivedAt: signed[0]?.receivedAt,
      },
    ]);
    expect(
      await channel.receive(
        { headers: { 'x-hub-signature-256': signWhatsappWebhook(media, SECRET) }, query: {}, rawBody: media },
        { signal },
      ),
    ).to.deep.equal([]);
    expect(
      await channel.receive(
        {
          headers: { 'x-hub-signature-256': signWhatsappWebhook(raw, 'another-secret-0000') },
          query: {},
          rawBody: raw,
        },
        { signal },
      ),
    ).to.deep.equal([]);
    expect(await channel.receive({ headers: {}, query: {}, rawBody: raw }, { signal })).to.deep.equal([]);
  });

  it('when the handshake names the verify token, it is accepted with the challenge', async () => {
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-plugin-1', 'hub.challenge': '42' };
    expect(await channel.verifyWebhook({ headers: {}, query, rawBody: '' }, { signal })).to.deep.equal({
      accepted: true,
      responseBody: '42',
    });
    expect(
      await channel.verifyWebhook(
        { headers: {}, query: { ...query, 'hub.verify_token': 'nope-0000' }, rawBody: '' },
        { signal },
      ),
    ).to.deep.equal({ accepted: false });
  });
});
