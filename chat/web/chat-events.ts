/**
 * The typed event map of the `/chat` socket.io namespace, shared by the server and the chat
 * widget, and the zod schema of the one thing clients send (`chat:message`).
 */
import { z } from 'zod';
import type { ChatLanguage, ChatPayload } from '../engine/chat-engine.js';
import { MAX_CHAT_TEXT_CHARS } from '../engine/create-chat-engine.js';
import type { ConversationMessage } from '../conversations/conversation.repository.js';

export const CHAT_NAMESPACE = '/chat';

/** A conversation id a client may choose (or the server generated). */
export const conversationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');

export const chatMessageInputSchema = z.strictObject({
  text: z.string().trim().min(1).max(MAX_CHAT_TEXT_CHARS),
  /** Echoed in the reply so a client can match answers to what it sent. */
  clientMessageId: z.string().max(64).optional(),
});
export type ChatMessageInput = z.infer<typeof chatMessageInputSchema>;

export const chatHandshakeSchema = z.object({
  token: z.string().max(4096).optional(),
  conversationId: conversationIdSchema.optional(),
  locale: z.string().max(35).optional(),
});

/** A reply as the widget renders it. */
export interface ChatReplyEvent {
  readonly conversationId: string;
  readonly clientMessageId: string | null;
  readonly text: string;
  readonly language: ChatLanguage;
  readonly payload: ChatPayload | null;
  readonly suggestions: readonly string[];
  readonly intent: string;
  /** ISO 8601 instant. */
  readonly at: string;
}

export interface ChatErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export type ChatMessageAck =
  { readonly ok: true; readonly reply: ChatReplyEvent } | ({ readonly ok: false } & ChatErrorBody);

export interface ChatClientToServerEvents {
  'chat:message': (input: unknown, ack?: (answer: ChatMessageAck) => void) => void;
}

export interface ChatServerToClientEvents {
  /** The answer, to every socket of the conversation (the sender also gets it in its ack). */
  'chat:reply': (reply: ChatReplyEvent) => void;
  'chat:typing': (state: { readonly conversationId: string; readonly typing: boolean }) => void;
  /** Sent once on connect: the conversation so far (oldest first). */
  'chat:history': (history: {
    readonly conversationId: string;
    readonly messages: readonly ConversationMessage[];
  }) => void;
}
