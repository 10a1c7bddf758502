/**
 * One WhatsApp Web login per installation. The latest QR code is kept as SVG in plugin state
 * (`qr`) and announced with a `plugin.status` event, so the console can show it for an admin to
 * scan; LocalAuth keeps the session afterwards. Private text messages from others are buffered
 * until the host collects them through `Channel.receive` (whatsapp-web has no webhook); groups,
 * status broadcasts and our own messages are ignored.
 */
import { createHash } from 'node:crypto';
import { toString as qrToString } from 'qrcode';
import type {
  Clock,
  InboundMessage,
  PluginEventBus,
  PluginLogger,
  PluginStateStore,
} from '../../core/plugin-api/index.js';
import type { WhatsappWebClientPort, WhatsappWebIncoming } from './client-port.js';

export const WHATSAPP_WEB_STATES = [
  'idle',
  'starting',
  'qr',
  'ready',
  'auth_failure',
  'disconnected',
] as const;
export type WhatsappWebState = (typeof WHATSAPP_WEB_STATES)[number];

/** Inbound messages kept while nobody collects them; older ones are dropped first. */
export const MAX_BUFFERED_MESSAGES = 500;

export interface WhatsappWebSession {
  /** Starts the client once (Chromium launches in the background); later calls do nothing. */
  start(): void;
  state(): WhatsappWebState;
  /** The last problem (auth failure or disconnect reason), for the health check. */
  lastProblem(): string | undefined;
  /** Takes the buffered inbound messages, oldest first. */
  drain(): InboundMessage[];
  /** `to` is E.164; resolves with the sent message's opaque id (see {@link opaqueMessageId}). */
  send(to: string, text: string): Promise<string>;
  stop(): Promise<void>;
}

export interface WhatsappWebSessionDeps {
  readonly pluginId: string;
  readonly client: WhatsappWebClientPort;
  readonly state: PluginStateStore;
  readonly events: PluginEventBus;
  readonly logger: PluginLogger;
  readonly clock: Clock;
}

const PERSON_CHAT = /^(\d{6,15})@c\.us$/;

/**
 * whatsapp-web.js ids name the chat (`false_447700900123@c.us_3EB0…`), i.e. the phone number;
 * the host stores message ids, never numbers in clear. The hash is stable (a redelivered
 * message keeps its id, so the host's dedup holds) and the id's random part keeps it unguessable.
 */
export const opaqueMessageId = (id: string) =>
  `wweb.${createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 32)}`;

export function createWhatsappWebSession(deps: WhatsappWebSessionDeps): WhatsappWebSession {
  let current: WhatsappWebState = 'idle';
  let problem: string | undefined;
  let buffer: InboundMessage[] = [];
  const { client, logger } = deps;

  const announce = async (state: WhatsappWebState, message: string) => {
    current = state;
    await deps.state.set('status', { state, message, at: deps.clock.now().toISOString() });
    await deps.events.publish('plugin.status', { pluginId: deps.pluginId, status: state, message });
  };
  const safely = (work: () => Promise<void>) => {
    work().catch((error: unknown) =>
      logger.warn('whatsapp-web state update failed', { error: String(error) }),
    );
  };

  client.on('qr', (qr) =>
    safely(async () => {
      const svg = await qrToString(qr, { type: 'svg', margin: 1 });
      await deps.state.set('qr', { svg, at: deps.clock.now().toISOString() });
      await announce('qr', 'Scan the QR code with WhatsApp on the phone (Linked devices → Link a device)');
    }),
  );
  client.on('ready', () =>
    safely(async () => {
      problem = undefined;
      await deps.state.delete('qr');
      await announce('ready', 'WhatsApp Web is connected');
    }),
  );
  client.on('auth_failure', (message) =>
    safely(async () => {
      problem = `Login failed: ${message}`;
      await announce('auth_failure', problem);
    }),
  );
  client.on('disconnected', (reason) =>
    safely(async () => {
      problem = `Disconnected: ${reason}`;
      await announce('disconnected', problem);
    }),
  );
  client.on('message', (message: WhatsappWebIncoming) => {
    const person = PERSON_CHAT.exec(message.from);
    if (person?.[1] === undefined || message.fromMe) return;
    buffer.push({
      messageExternalId: opaqueMessageId(message.id),
      from: `+${person[1]}`,
      // Non-text messages arrive with an empty text: the host answers that only text is read.
      text: message.type === 'chat' ? message.body : '',
      receivedAt: new Date(message.timestamp * 1000).toISOString(),
    });
    if (buffer.length > MAX_BUFFERED_MESSAGES) {
      logger.warn('whatsapp-web inbound buffer full; oldest message dropped');
      buffer.shift();
    }
  });

  return {
    start() {
      if (current !== 'idle') return;
      current = 'starting';
      client.initialize().catch((error: unknown) =>
        safely(async () => {
          problem = `WhatsApp Web could not start: ${error instanceof Error ? error.message : String(error)}`;
          await announce('disconnected', problem);
        }),
      );
    },
    state: () => current,
    lastProblem: () => problem,
    drain() {
      const taken = buffer;
      buffer = [];
      return taken;
    },
    send: async (to, text) =>
      opaqueMessageId(await client.sendMessage(`${to.replace(/^\+/, '')}@c.us`, text)),
    async stop() {
      await client.destroy();
      current = 'idle';
    },
  };
}
