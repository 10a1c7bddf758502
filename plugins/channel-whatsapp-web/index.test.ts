import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import type { JsonValue, PluginContext, PluginEventMap } from '../../core/plugin-api/index.js';
import type {
  WhatsappWebClientEvents,
  WhatsappWebClientOptions,
  WhatsappWebClientPort,
} from './client-port.js';
import { channelWhatsappWebConfigSchema, createChannelWhatsappWebPlugin } from './index.js';
import { opaqueMessageId } from './session.js';
import type { ChannelWhatsappWebConfig } from './index.js';

/** A whatsapp-web.js stand-in: tests emit its events; sends are recorded. */
class FakeWhatsappWebClient implements WhatsappWebClientPort {
  readonly emitter = new EventEmitter();
  readonly sent: { chatId: string; text: string }[] = [];
  initialized = 0;
  destroyed = false;
  on<TEvent extends keyof WhatsappWebClientEvents>(
    event: TEvent,
    listener: WhatsappWebClientEvents[TEvent],
  ): void {
    this.emitter.on(event, listener);
  }
  async initialize() {
    this.initialized += 1;
  }
  async sendMessage(chatId: string, text: string) {
    this.sent.push({ chatId, text });
    return `true_${chatId}_${this.sent.length}`;
  }
  async destroy() {
    this.destroyed = true;
  }
}

const signal = new AbortController().signal;
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

function harness() {
  const state = new Map<string, JsonValue>();
  const events: { name: string; payload: unknown }[] = [];
  let client: FakeWhatsappWebClient | undefined;
  let options: WhatsappWebClientOptions | undefined;
  const plugin = createChannelWhatsappWebPlugin({
    clientFactory: (given) => {
      options = given;
      client = new FakeWhatsappWebClient();
      return client;
    },
  });
  const ctx = {
    pluginId: 'channel-whatsapp-web',
    config: channelWhatsappWebConfigSchema.parse({ sessionDir: '/var/lib/stratum/whatsapp-web' }),
    state: {
      get: async (key: string) => state.get(key),
      set: async (key: string, value: JsonValue) => void state.set(key, value),
      delete: async (key: string) => void state.delete(key),
    },
    events: {
      publish: async <T extends keyof PluginEventMap>(name: T, payload: PluginEventMap[T]) =>
        void events.push({ name, payload }),
      subscribe: () => () => undefined,
    },
    logger: {
      debug() {},
      info() {},
      warn() {},
      error() {},
      child() {
        return this;
      },
    },
    clock: { now: () => new Date('2026-11-25T10:00:00Z') },
  } as unknown as PluginContext<ChannelWhatsappWebConfig>;
  return {
    plugin,
    ctx,
    state,
    events,
    client: () => client as FakeWhatsappWebClient,
    options: () => options,
  };
}

describe('plugins/channel-whatsapp-web (fake client, no Chromium)', () => {
  it('when set up, the client gets the session dir and system Chromium from config and starts only at the first health check', async () => {
    const h = harness();
    const { health } = await h.plugin.setup(h.ctx);
    expect(h.options()).to.deep.equal({
      sessionDir: '/var/lib/stratum/whatsapp-web',
      clientId: 'stratum',
      chromiumPath: '/usr/bin/chromium',
    });
    expect(h.client().initialized).to.equal(0);
    expect((await health.check({ signal })).status).to.equal('degraded');
    await health.check({ signal });
    expect(h.client().initialized).to.equal(1);
  });

  it('when WhatsApp Web shows a QR code, its SVG is kept in plugin state and announced; ready clears it', async () => {
    const h = harness();
    const { health } = await h.plugin.setup(h.ctx);
    await health.check({ signal });
    h.client().emitter.emit('qr', '2@AbCdEf==,xyz,123');
    await tick();
    const qr = h.state.get('qr') as { svg: string };
    expect(qr.svg).to.match(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(h.events.at(-1)).to.deep.include({ name: 'plugin.status' });
    expect((await health.check({ signal })).message).to.include('QR');
    h.client().emitter.emit('ready');
    await tick();
    expect(h.state.has('qr')).to.equal(false);
    expect((await health.check({ signal })).status).to.equal('ok');
  });

  it('when people write, receive hands over their private messages once; groups, status and own messages are ignored', async () => {
    const h = harness();
    const { channel } = await h.plugin.setup(h.ctx);
    const emit = (from: string, extra: Record<string, unknown> = {}) =>
      h.client().emitter.emit('message', {
        from,
        body: 'roas yday?',
        id: `id-${from}`,
        fromMe: false,
        type: 'chat',
        timestamp: 1764000000,
        ...extra,
      });
    emit('447700900123@c.us');
    emit('120363025246125486@g.us');
    emit('status@broadcast');
    emit('447700900999@c.us', { fromMe: true });
    emit('380501234567@c.us', { type: 'image', body: '' });
    const request = { headers: {}, query: {}, rawBody: '' };
    const received = await channel.receive(request, { signal });
    expect(received.map((message) => [message.from, message.text])).to.deep.equal([
      ['+447700900123', 'roas yday?'],
      ['+380501234567', ''],
    ]);
    // Ids name the chat in whatsapp-web.js; the host gets them opaque (and stable for dedup).
    expect(received.map((message) => message.messageExternalId)).to.deep.equal([
      opaqueMessageId('id-447700900123@c.us'),
      opaqueMessageId('id-380501234567@c.us'),
    ]);
    expect(await channel.receive(request, { signal })).to.deep.equal([]);
    expect(await channel.verifyWebhook(request, { signal })).to.deep.equal({ accepted: false });
  });

  it('when connected, a long answer is sent in parts to the person chat; before that, send is refused as transient', async () => {
    const h = harness();
    const { channel, health } = await h.plugin.setup(h.ctx);
    const refused = (await channel
      .send({ to: '+447700900123', text: 'hi' }, { signal })
      .catch((error: unknown) => error)) as { kind?: string };
    expect(refused.kind).to.equal('transient');
    await health.check({ signal });
    h.client().emitter.emit('ready');
    await tick();
    const result = await channel.send({ to: '+447700900123', text: 'Spend is up. '.repeat(500) }, { signal });
    expect(h.client().sent.map((sent) => sent.chatId)).to.deep.equal([
      '447700900123@c.us',
      '447700900123@c.us',
    ]);
    expect(h.client().sent.every((sent) => sent.text.length <= 4_096)).to.equal(true);
    expect(result.messageExternalId).to.equal(opaqueMessageId('true_447700900123@c.us_2'));
    expect(result.messageExternalId).not.to.include('447700900123');
  });

  it('when the login fails or the phone disconnects, the health check says so', async () => {
    const h = harness();
    const { health } = await h.plugin.setup(h.ctx);
    await health.check({ signal });
    h.client().emitter.emit('auth_failure', 'session expired');
    await tick();
    expect(await health.check({ signal })).to.deep.include({
      status: 'auth_error',
      message: 'Login failed: session expired',
    });
    h.client().emitter.emit('disconnected', 'LOGOUT');
    await tick();
    expect((await health.check({ signal })).status).to.equal('error');
  });
});
