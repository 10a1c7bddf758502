/**
 * The `/chat` namespace on the host's socket.io server: authenticated in the handshake (access
 * token with `chat:use`, or an embed token with the chat widget), one conversation per socket
 * (the handshake may name it), history on connect, a typing indicator while the engine works,
 * messages of one socket answered in order, and a per-socket token-bucket rate limit.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import { isAppError } from '../../core/errors/app-error.js';
import { liveCredentialOf } from '../../core/realtime/live-credentials.js';
import type { ConversationStore } from '../conversations/conversation.repository.js';
import type { ChatEngine } from '../engine/chat-engine.js';
import type { ChatAuthenticate, ChatIdentity } from './chat-auth.js';
import { CHAT_NAMESPACE, chatHandshakeSchema, chatMessageInputSchema } from './chat-events.js';
import type {
  ChatClientToServerEvents,
  ChatMessageAck,
  ChatReplyEvent,
  ChatServerToClientEvents,
} from './chat-events.js';
import { createTokenBucket } from './token-bucket.js';
import type { TokenBucketOptions } from './token-bucket.js';

export const CHAT_UNAUTHORIZED = 'unauthorized';
export const CHAT_HISTORY_LIMIT = 50;
const MAX_UNKNOWN_EVENTS = 20;

interface ChatSocketData {
  identity: ChatIdentity;
  conversationId: string;
  locale: string | undefined;
}
type ChatNamespace = Namespace<
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  Record<string, never>,
  ChatSocketData
>;
type ChatSocket = Socket<
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  Record<string, never>,
  ChatSocketData
>;

export interface ChatSocketDeps {
  readonly engine: ChatEngine;
  readonly conversations: Pick<ConversationStore, 'history'>;
  readonly authenticate: ChatAuthenticate;
  readonly logger: Logger;
  readonly rateLimit?: TokenBucketOptions;
  readonly now?: () => Date;
}

export interface ChatSocketAttachment {
  close(): Promise<void>;
}

/** The conversation key of a web chat: per user, so another user's conversation id finds nothing. */
export function webConversationKey(identity: Pick<ChatIdentity, 'userId'>, conversationId: string): string {
  return `web:${identity.userId}:${conversationId}`;
}

export function newConversationId(): string {
  return randomBytes(12).toString('base64url');
}

const roomOf = (identity: ChatIdentity, conversationId: string) =>
  `chat:${identity.tenantId}:${webConversationKey(identity, conversationId)}`;

function errorAck(code: string, message: string, details?: unknown): ChatMessageAck {
  return { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } };
}

function authenticateHandshake(
  namespace: ChatNamespace,
  deps: ChatSocketDeps,
  isClosed: () => boolean,
): void {
  namespace.use((socket, next) => {
    const handshake = chatHandshakeSchema.safeParse(socket.handshake.auth ?? {});
    if (isClosed() || !handshake.success) return next(new Error(CHAT_UNAUTHORIZED));
    let token: string;
    try {
      token = liveCredentialOf({
        authorization: socket.handshake.headers.authorization,
        token: handshake.data.token,
      });
    } catch {
      return next(new Error(CHAT_UNAUTHORIZED));
    }
    deps.authenticate(token, socket.handshake.headers.origin).then(
      (identity) => {
        socket.data.identity = identity;
        socket.data.conversationId = handshake.data.conversationId ?? newConversationId();
        socket.data.locale = handshake.data.locale;
        next();
      },
      (error: unknown) => {
        if (!isAppError(error)) deps.logger.error({ err: error }, 'chat handshake authentication failed');
        next(new Error(CHAT_UNAUTHORIZED));
      },
    );
  });
}

function onConnection(namespace: ChatNamespace, socket: ChatSocket, deps: ChatSocketDeps): void {
  const { identity, conversationId, locale } = socket.data;
  const room = roomOf(identity, conversationId);
  const key = webConversationKey(identity, conversationId);
  const now = deps.now ?? (() => new Date());
  const bucket = createTokenBucket(deps.rateLimit);
  let queue: Promise<void> = Promise.resolve();
  let unknownEvents = 0;
  void socket.join(room);
  deps.conversations.history(identity.tenantId, key, CHAT_HISTORY_LIMIT).then(
    (messages) => socket.emit('chat:history', { conversationId, messages: messages ?? [] }),
    (error: unknown) => deps.logger.warn({ err: error, tenantId: identity.tenantId }, 'chat history failed'),
  );

  const answer = async (input: unknown): Promise<ChatMessageAck> => {
    const parsed = chatMessageInputSchema.safeParse(input);
    if (!parsed.success)
      return errorAck(
        'INPUT_VALIDATION_FAILED',
        'Invalid chat message',
        parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      );
    namespace.to(room).emit('chat:typing', { conversationId, typing: true });
    try {
      const reply = await deps.engine.reply({
        tenantId: identity.tenantId,
        userId: identity.userId,
        channel: 'web',
        conversationKey: key,
        text: parsed.data.text,
        ...(locale === undefined ? {} : { locale }),
        ...(identity.scope === undefined ? {} : { scope: identity.scope }),
      });
      const event: ChatReplyEvent = {
        conversationId,
        clientMessageId: parsed.data.clientMessageId ?? null,
        text: reply.text,
        language: reply.language,
        payload: reply.payload,
        suggestions: reply.suggestions,
        intent: reply.frame.intent,
        at: now().toISOString(),
      };
      namespace.to(room).emit('chat:reply', event);
      return { ok: true, reply: event };
    } catch (error) {
      if (isAppError(error)) return errorAck(error.code, error.message);
      deps.logger.error({ err: error, tenantId: identity.tenantId }, 'chat reply failed');
      return errorAck('INTERNAL', 'The answer could not be produced');
    } finally {
      namespace.to(room).emit('chat:typing', { conversationId, typing: false });
    }
  };

  socket.on('chat:message', (input, ack) => {
    const respond = typeof ack === 'function' ? ack : () => undefined;
    const waitMs = bucket.take();
    if (waitMs > 0) {
      respond(errorAck('CHAT_RATE_LIMITED', 'Too many messages', { retryAfterMs: waitMs }));
      return;
    }
    // One socket's messages are answered in order, so a follow-up sees the context of the one before.
    queue = queue.then(async () => respond(await answer(input)));
  });
  socket.onAny((name: unknown) => {
    if (name === 'chat:message') return;
    unknownEvents += 1;
    if (unknownEvents >= MAX_UNKNOWN_EVENTS) socket.disconnect(true);
  });
}

/** Adds `/chat` to the host's socket.io server (its adapter, Redis or not, carries the rooms). */
export function attachChatNamespace(io: Server, deps: ChatSocketDeps): ChatSocketAttachment {
  let closed = false;
  const namespace = io.of(CHAT_NAMESPACE) as unknown as ChatNamespace;
  authenticateHandshake(namespace, deps, () => closed);
  namespace.on('connection', (socket) => onConnection(namespace, socket, deps));
  return {
    async close() {
      if (closed) return;
      closed = true;
      namespace.local.disconnectSockets(true);
      await namespace.adapter.close();
    },
  };
}
