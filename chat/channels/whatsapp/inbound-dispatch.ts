/**
 * The one path from "a WhatsApp message arrived" to "it is being answered", shared by the Cloud
 * webhook, the whatsapp-web bridge and the crash sweeper: claim the message id (the unique
 * index turns replays and other nodes away), queue the answer per tenant + sender so follow-ups
 * keep their order, and send every part through the plugin runtime's guarded channel
 * (timeouts, breaker), resolved at send time so a reconfigured installation is picked up.
 */
import type { Channel } from '../../../core/plugin-api/index.js';
import type { InboundProcessor, InboundWork } from './inbound-processor.js';
import type { UnfinishedInbound, WhatsappMessageRepository } from './whatsapp-message.repository.js';
import type { KeyedWorkQueue } from './work-queue.js';

export type WhatsappChannelKind = InboundWork['channel'];

export const WHATSAPP_PLUGIN_IDS: Readonly<Record<WhatsappChannelKind, string>> = {
  whatsapp: 'channel-whatsapp-cloud',
  'whatsapp-web': 'channel-whatsapp-web',
};

/** One send, including the plugin's own retries of throttled calls. */
const SEND_TIMEOUT_MS = 120_000;

export interface ArrivedMessage {
  readonly tenantId: string;
  readonly channel: WhatsappChannelKind;
  readonly messageId: string;
  /** E.164, `+` included. */
  readonly from: string;
  readonly text: string | null;
}

export interface InboundDispatcher {
  /** Claims and queues the answer; `false` when the message id was already claimed. */
  accept(message: ArrivedMessage): Promise<boolean>;
  /** Queues the answer of a message the sweeper took over (already claimed). */
  resume(message: UnfinishedInbound & { readonly pending: NonNullable<UnfinishedInbound['pending']> }): void;
  /** Whether this process has the message queued or running (the sweeper leaves those alone). */
  isInFlight(tenantId: string, messageId: string): boolean;
}

export interface InboundDispatcherDeps {
  readonly repository: WhatsappMessageRepository;
  readonly process: InboundProcessor;
  readonly queue: KeyedWorkQueue;
  readonly blindIndex: (phone: string) => string;
  readonly channels: { channel(tenantId: string, pluginId: string): Promise<Channel> };
  readonly now: () => Date;
}

export function createInboundDispatcher(deps: InboundDispatcherDeps): InboundDispatcher {
  const inFlight = new Set<string>();
  const keyOf = (tenantId: string, messageId: string) => `${tenantId}\u0000${messageId}`;

  const enqueue = (work: Omit<InboundWork, 'send'>) => {
    const key = keyOf(work.tenantId, work.messageId);
    inFlight.add(key);
    const pluginId = WHATSAPP_PLUGIN_IDS[work.channel];
    deps.queue.push(`${work.tenantId}:${work.peerIndex}`, async () => {
      try {
        await deps.process({
          ...work,
          send: async (to, text) => {
            const channel = await deps.channels.channel(work.tenantId, pluginId);
            const sent = await channel.send({ to, text }, { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
            return sent.messageExternalId;
          },
        });
      } finally {
        inFlight.delete(key);
      }
    });
  };

  return {
    async accept(message) {
      const peerIndex = deps.blindIndex(message.from);
      const claimed = await deps.repository.claimInbound({
        tenantId: message.tenantId,
        wamid: message.messageId,
        channel: message.channel,
        peerIndex,
        from: message.from,
        text: message.text,
        at: deps.now(),
      });
      if (claimed) enqueue({ ...message, peerIndex });
      return claimed;
    },
    resume(message) {
      enqueue({
        tenantId: message.tenantId,
        channel: message.channel,
        messageId: message.wamid,
        from: message.pending.from,
        peerIndex: message.peerIndex,
        text: message.pending.text,
      });
    },
    isInFlight: (tenantId, messageId) => inFlight.has(keyOf(tenantId, messageId)),
  };
}
