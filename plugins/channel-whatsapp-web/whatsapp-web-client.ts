/**
 * The real client: whatsapp-web.js driving the system Chromium, the session kept by LocalAuth
 * in the configured directory. Loaded lazily so nothing imports Puppeteer until an installation
 * actually starts.
 */
import type { Client } from 'whatsapp-web.js';
import type { WhatsappWebClientFactory, WhatsappWebClientPort, WhatsappWebIncoming } from './client-port.js';

interface RawMessage {
  readonly from: string;
  readonly body: string;
  readonly id: { readonly _serialized: string };
  readonly fromMe: boolean;
  readonly type: string;
  readonly timestamp: number;
}

export const createWhatsappWebJsClient: WhatsappWebClientFactory = (options) => {
  let client: Promise<Client> | undefined;
  const listeners: [string, (...args: unknown[]) => void][] = [];
  const load = () =>
    (client ??= import('whatsapp-web.js').then((module) => {
      const { Client, LocalAuth } = module.default;
      const created = new Client({
        authStrategy: new LocalAuth({ clientId: options.clientId, dataPath: options.sessionDir }),
        puppeteer: {
          executablePath: options.chromiumPath,
          headless: true,
          args: ['--no-sandbox', '--disable-setuid-sandbox', '--disable-dev-shm-usage'],
        },
      });
      for (const [event, listener] of listeners) created.on(event, listener);
      return created;
    }));
  const port: WhatsappWebClientPort = {
    on(event, listener) {
      const wrapped =
        event === 'message'
          ? (raw: unknown) => {
              const message = raw as RawMessage;
              const incoming: WhatsappWebIncoming = {
                from: message.from,
                body: message.body,
                id: message.id._serialized,
                fromMe: message.fromMe,
                type: message.type,
                timestamp: message.timestamp,
              };
              (listener as (value: WhatsappWebIncoming) => void)(incoming);
            }
          : (listener as (...args: unknown[]) => void);
      listeners.push([event, wrapped as (...args: unknown[]) => void]);
    },
    async initialize() {
      await (await load()).initialize();
    },
    async sendMessage(chatId, text) {
      const sent = await (await load()).sendMessage(chatId, text);
      return sent.id._serialized;
    },
    async destroy() {
      if (client !== undefined) await (await client).destroy();
    },
  };
  return port;
};
