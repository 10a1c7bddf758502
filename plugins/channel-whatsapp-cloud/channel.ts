/**
 * The `Channel` capability over the WhatsApp Cloud API. `send` splits a long text at the
 * documented limit and sends the parts in order (the host usually splits first, to record each
 * part's id); `verifyWebhook` answers the subscription handshake with this installation's
 * verify token; `receive` checks `X-Hub-Signature-256` with this installation's app secret and
 * returns the text messages addressed to its phone number id (none when forged or unsigned).
 */
import {
  WHATSAPP_SIGNATURE_HEADER,
  parseWhatsappWebhook,
  splitWhatsappText,
  verifyWhatsappSignature,
  verifyWhatsappSubscription,
  waIdToE164,
} from '../../connectors/whatsapp-cloud/index.js';
import type { WhatsappCloudClient } from '../../connectors/whatsapp-cloud/index.js';
import { PluginError } from '../../core/plugin-api/index.js';
import type { Channel, Clock, InboundMessage } from '../../core/plugin-api/index.js';
import type { ChannelWhatsappCloudConfig } from './config.js';
import { toPluginError } from './plugin-errors.js';

export interface WhatsappCloudChannelDeps {
  readonly config: ChannelWhatsappCloudConfig;
  readonly client: WhatsappCloudClient;
  readonly clock: Clock;
}

const headerOf = (headers: Readonly<Record<string, string>>, name: string) =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

export function createWhatsappCloudChannel(deps: WhatsappCloudChannelDeps): Channel {
  const { config, client } = deps;
  return {
    async send(message, ctx) {
      const parts = splitWhatsappText(message.text);
      if (parts.length === 0)
        throw new PluginError('system', 'An empty message cannot be sent', {
          code: 'WHATSAPP_EMPTY_MESSAGE',
        });
      let last = '';
      try {
        for (const part of parts) last = (await client.sendText(message.to, part, ctx.signal)).messageId;
      } catch (error) {
        throw toPluginError(error, 'sending a WhatsApp message');
      }
      return { messageExternalId: last, acceptedAt: deps.clock.now().toISOString() };
    },
    async verifyWebhook(request) {
      const challenge = verifyWhatsappSubscription(request.query, config.verifyToken);
      return challenge === undefined ? { accepted: false } : { accepted: true, responseBody: challenge };
    },
    async receive(request) {
      if (
        !verifyWhatsappSignature(
          request.rawBody,
          headerOf(request.headers, WHATSAPP_SIGNATURE_HEADER),
          config.appSecret,
        )
      )
        return [];
      const parsed = parseWhatsappWebhook(request.rawBody);
      if (parsed === undefined) return [];
      return parsed.messages
        .filter((message) => message.phoneNumberId === config.phoneNumberId && message.text !== null)
        .map((message): InboundMessage => ({
          messageExternalId: message.messageId,
          from: waIdToE164(message.from),
          text: message.text ?? '',
          receivedAt: message.receivedAt,
        }));
    },
  };
}
