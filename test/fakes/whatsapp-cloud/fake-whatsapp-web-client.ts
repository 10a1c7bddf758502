/**
 * A whatsapp-web.js stand-in behind the plugin's client port (plugins/channel-whatsapp-web/
 * client-port.ts): tests emit the events whatsapp-web.js emits (`qr`, `ready`, `message`, …) and
 * read what was sent; no Chromium, no network. `sendMessage` fails while `failSends` is set, as
 * the real client does when the page is gone.
 */
import { EventEmitter } from 'node:events';
import type {
  WhatsappWebClientEvents,
  WhatsappWebClientFactory,
  WhatsappWebClientPort,
  WhatsappWebIncoming,
} from '../../../plugins/channel-whatsapp-web/index.js';

export class FakeWhatsappWebClient implements WhatsappWebClientPort {
  readonly emitter = new EventEmitter();
  readonly sent: { chatId: string; text: string }[] = [];
  initialized = 0;
  destroyed = false;
  failSends = false;
  /** Ids stay unique when a test clears `sent`. */
  private sequence = 0;

  on<TEvent extends keyof WhatsappWebClientEvents>(event: TEvent, listener: WhatsappWebClientEvents[TEvent]) {
    this.emitter.on(event, listener);
  }
  async initialize() {
    this.initialized += 1;
  }
  async sendMessage(chatId: string, text: string) {
    if (this.failSends) throw new Error('Protocol error (Runtime.callFunctionOn): Target closed.');
    this.sent.push({ chatId, text });
    this.sequence += 1;
    return `true_${chatId}_3EB0${String(this.sequence).padStart(16, '0')}`;
  }
  async destroy() {
    this.destroyed = true;
  }

  /** A private text (or other type) from `phone` (E.164), as whatsapp-web.js reports it. */
  receive(phone: string, body: string, options: { readonly id?: string; readonly type?: string } = {}) {
    const message: WhatsappWebIncoming = {
      from: `${phone.replace(/^\+/, '')}@c.us`,
      body,
      id: options.id ?? `false_${phone.replace(/^\+/, '')}@c.us_${Math.random().toString(16).slice(2)}`,
      fromMe: false,
      type: options.type ?? 'chat',
      timestamp: Math.floor(Date.now() / 1000),
    };
    this.emitter.emit('message', message);
    return message.id;
  }
}

/** One fake client per installation, found by the configured `clientId`. */
export function fakeWhatsappWebClients(): {
  readonly factory: WhatsappWebClientFactory;
  client(clientId: string): FakeWhatsappWebClient;
} {
  const clients = new Map<string, FakeWhatsappWebClient>();
  return {
    factory: (options) => {
      const client = new FakeWhatsappWebClient();
      clients.set(options.clientId, client);
      return client;
    },
    client(clientId) {
      const client = clients.get(clientId);
      if (client === undefined) throw new Error(`no whatsapp-web client "${clientId}" was created`);
      return client;
    },
  };
}
