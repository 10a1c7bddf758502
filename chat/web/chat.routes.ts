/**
 * The REST fallback of the web chat: `POST /chat/messages` answers one message (starting a
 * conversation when none is named), `GET /chat/conversations/:id/messages` reads one's history.
 * A conversation belongs to the user who started it; anyone else's id is a 404.
 */
import { requirePrincipal } from '../../core/auth/principal.js';
import type { Principal } from '../../core/auth/principal.js';
import { ForbiddenError, NotFoundError } from '../../core/errors/errors.js';
import { defineRoute } from '../../core/http/define-route.js';
import type { RouteDefinition } from '../../core/http/define-route.js';
import type { ConversationStore } from '../conversations/conversation.repository.js';
import type { ChatEngine } from '../engine/chat-engine.js';
import { newConversationId, webConversationKey } from './chat-socket.js';
import type { z } from 'zod';
import type { Frame } from '../nlu/frame.js';
import type { chatFrameSchema, chatPayloadSchema } from './chat.schemas.js';
import {
  chatHistorySchema,
  chatPostBodySchema,
  chatReplySchema,
  conversationParamsSchema,
  historyQuerySchema,
} from './chat.schemas.js';

export interface ChatRouteDeps {
  readonly engine: ChatEngine;
  readonly conversations: Pick<ConversationStore, 'history'>;
  readonly now?: () => Date;
}

type ChatPayloadBody = z.input<typeof chatPayloadSchema>;

/** The `stratum chat parse` fields of a frame. */
function frameBody(frame: Frame): z.input<typeof chatFrameSchema> {
  const copy = <T>(value: T | readonly T[] | null): T | T[] | null =>
    Array.isArray(value) ? [...(value as readonly T[])] : (value as T | null);
  return {
    intent: frame.intent,
    metric: frame.metric,
    platform: copy(frame.platform),
    range: copy(frame.range),
    campaign: copy(frame.campaign),
    compare: frame.compare,
  };
}

function chatUserOf(principal: Principal): { tenantId: string; userId: string } {
  // The guard's `chat:use` admits users only; the check keeps the key honest if that changes.
  if (principal.kind !== 'user')
    throw new ForbiddenError('Chat is for signed-in users', { code: 'CHAT_FORBIDDEN' });
  return { tenantId: principal.tenantId, userId: principal.userId };
}

export function createChatRoutes(deps: ChatRouteDeps): RouteDefinition[] {
  const now = deps.now ?? (() => new Date());
  return [
    defineRoute({
      method: 'post',
      path: '/chat/messages',
      summary:
        'Ask the chat a question; the answer names its metric, dates, filter, currency and data freshness',
      tags: ['chat'],
      auth: 'required',
      permission: 'chat:use',
      request: { body: chatPostBodySchema },
      responses: { 200: chatReplySchema },
      handler: async ({ body, res }) => {
        const user = chatUserOf(requirePrincipal(res));
        const conversationId = body.conversationId ?? newConversationId();
        const reply = await deps.engine.reply({
          tenantId: user.tenantId,
          userId: user.userId,
          channel: 'web',
          conversationKey: webConversationKey(user, conversationId),
          text: body.text,
          ...(body.locale === undefined ? {} : { locale: body.locale }),
        });
        return {
          status: 200,
          body: {
            conversationId,
            text: reply.text,
            language: reply.language,
            payload: reply.payload as ChatPayloadBody | null,
            suggestions: [...reply.suggestions],
            frame: frameBody(reply.frame),
            at: now().toISOString(),
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/chat/conversations/:id/messages',
      summary: "One of the user's chat conversations, oldest message first",
      tags: ['chat'],
      auth: 'required',
      permission: 'chat:use',
      request: { params: conversationParamsSchema, query: historyQuerySchema },
      responses: { 200: chatHistorySchema },
      handler: async ({ params, query, res }) => {
        const user = chatUserOf(requirePrincipal(res));
        const messages = await deps.conversations.history(
          user.tenantId,
          webConversationKey(user, params.id),
          query.limit,
        );
        if (messages === undefined)
          throw new NotFoundError('Conversation not found', { code: 'CHAT_CONVERSATION_NOT_FOUND' });
        return {
          status: 200,
          body: {
            data: messages.map((message) => ({
              ...message,
              payload: message.payload as ChatPayloadBody | null,
            })),
            nextCursor: null,
          },
        };
      },
    }),
  ];
}
