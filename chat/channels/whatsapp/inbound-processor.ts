/**
 * Answers one claimed inbound WhatsApp message: the sender's number → a user of the
 * installation's tenant only (a number linked in tenant A is unknown to tenant B's number);
 * unknown numbers get one polite "not linked" reply per tenant a day, and no data; non-text
 * messages get a short hint; text goes to the chat engine (channel `whatsapp`, one
 * conversation per user) and the reply is sent split at WhatsApp's limit, each part recorded.
 */
import type { Logger } from 'pino';
import { splitWhatsappText } from '../../../connectors/whatsapp-cloud/index.js';
import type { User } from '../../../core/users/user.service.js';
import type { ChatChannelKind, ChatEngine } from '../../engine/chat-engine.js';
import { channelNotice, noticeLanguage } from './channel-notices.js';
import type { ChannelNotice } from './channel-notices.js';
import type { WhatsappMessageRepository } from './whatsapp-message.repository.js';

/** The engine reads at most this many characters (chat/engine's MAX_CHAT_TEXT_CHARS). */
export const MAX_INBOUND_TEXT_CHARS = 2_000;

export interface InboundWork {
  readonly tenantId: string;
  readonly channel: Extract<ChatChannelKind, 'whatsapp' | 'whatsapp-web'>;
  readonly messageId: string;
  /** E.164, `+` included. */
  readonly from: string;
  readonly peerIndex: string;
  /** `null` for images, audio, locations, reactions… */
  readonly text: string | null;
  /** Sends one part (within the channel's limit); resolves with the channel's message id. */
  readonly send: (to: string, text: string) => Promise<string>;
}

export interface InboundProcessorDeps {
  readonly engine: ChatEngine;
  readonly users: { findByPhone(phone: string): Promise<User[]> };
  readonly repository: WhatsappMessageRepository;
  readonly logger: Logger;
  readonly now: () => Date;
}

export type InboundProcessor = (work: InboundWork) => Promise<void>;

const errorCodeOf = (error: unknown) =>
  typeof (error as { code?: unknown } | null)?.code === 'string'
    ? (error as { code: string }).code
    : 'CHAT_WHATSAPP_FAILED';

export function createInboundProcessor(deps: InboundProcessorDeps): InboundProcessor {
  const sendAll = async (work: InboundWork, text: string, userId: string | null) => {
    const parts = splitWhatsappText(text);
    for (const [index, part] of parts.entries()) {
      const wamid = await work.send(work.from, part);
      await deps.repository.recordOutbound({
        tenantId: work.tenantId,
        wamid,
        channel: work.channel,
        peerIndex: work.peerIndex,
        userId,
        inReplyTo: work.messageId,
        part: index + 1,
        at: deps.now(),
      });
    }
  };
  const notice = (work: InboundWork, kind: ChannelNotice, user: User | undefined) =>
    sendAll(work, channelNotice(kind, noticeLanguage(work.text, user?.locale)), user?.id ?? null);

  const answer = async (
    work: InboundWork,
  ): Promise<{ state: 'answered' | 'not_linked' | 'unsupported'; userId: string | null }> => {
    const user = (await deps.users.findByPhone(work.from)).find(
      (candidate) => candidate.tenantId === work.tenantId,
    );
    if (user === undefined) {
      if (await deps.repository.rememberNotice(work.tenantId, work.peerIndex, deps.now()))
        await notice(work, 'notLinked', undefined);
      return { state: 'not_linked', userId: null };
    }
    if (work.text === null || work.text.trim() === '') {
      await notice(work, 'unsupportedType', user);
      return { state: 'unsupported', userId: user.id };
    }
    if (work.text.length > MAX_INBOUND_TEXT_CHARS) {
      await notice(work, 'tooLong', user);
      return { state: 'unsupported', userId: user.id };
    }
    let reply: Awaited<ReturnType<ChatEngine['reply']>>;
    try {
      reply = await deps.engine.reply({
        tenantId: work.tenantId,
        userId: user.id,
        channel: work.channel,
        conversationKey: `${work.channel}:${user.id}`,
        text: work.text,
        locale: user.locale,
      });
    } catch (error) {
      // The user hears that it failed (best effort); the row records why.
      await notice(work, 'failed', user).catch(() => undefined);
      throw error;
    }
    await sendAll(work, reply.text, user.id);
    return { state: 'answered', userId: user.id };
  };

  return async (work) => {
    try {
      const outcome = await answer(work);
      await deps.repository.finishInbound(work.tenantId, work.messageId, { ...outcome, at: deps.now() });
    } catch (error) {
      deps.logger.warn(
        { err: error, tenantId: work.tenantId, channel: work.channel, messageId: work.messageId },
        'whatsapp message not answered',
      );
      await deps.repository.finishInbound(work.tenantId, work.messageId, {
        state: 'failed',
        userId: null,
        errorCode: errorCodeOf(error),
        at: deps.now(),
      });
    }
  };
}
