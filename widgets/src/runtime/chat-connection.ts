/**
 * The chat box's socket.io connection to the `/chat` namespace: its own chunk (socket.io-client
 * is most of the chat's weight), loaded only when a chat box opens. The token goes in the
 * handshake's `auth`, never in the URL; a refused handshake gets one retry with a fresh token.
 * The API base and the token source are handed in by the caller rather than imported, so this
 * chunk shares no module with the entry and the entry needs no second request before it renders.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

export interface ChatTransport {
  readonly apiBase: string;
  readonly currentToken: () => Promise<string>;
  readonly renewToken: () => Promise<string>;
}

export interface ChatReply {
  readonly text: string;
  readonly suggestions?: readonly string[];
}

export interface ChatMessageEntry {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

export interface ChatHandlers {
  onReply(reply: ChatReply): void;
  onTyping(typing: boolean): void;
  onHistory(messages: readonly ChatMessageEntry[]): void;
  onStatus(connected: boolean): void;
}

export interface ChatConnection {
  send(text: string): Promise<ChatReply>;
  close(): void;
}

type Ack =
  | { readonly ok: true; readonly reply: ChatReply }
  | { readonly ok: false; readonly error: { readonly code: string } };

export async function openChat(
  locale: string,
  handlers: ChatHandlers,
  transport: ChatTransport,
): Promise<ChatConnection> {
  const { apiBase, currentToken, renewToken } = transport;
  let retried = false;
  const socket: Socket = io(`${apiBase}/chat`, {
    transports: ['websocket'],
    withCredentials: false,
    auth: (send) => void currentToken().then((token) => send({ token, locale })),
  });
  socket.on('connect', () => handlers.onStatus(true));
  socket.on('disconnect', () => handlers.onStatus(false));
  socket.on('connect_error', () => {
    handlers.onStatus(false);
    if (retried) return;
    retried = true;
    void renewToken().then(() => socket.connect());
  });
  socket.on('chat:reply', (reply: ChatReply) => handlers.onReply(reply));
  socket.on('chat:typing', (state: { typing: boolean }) => handlers.onTyping(state.typing));
  socket.on('chat:history', (history: { messages: readonly { role?: string; text?: string }[] }) =>
    handlers.onHistory(
      history.messages
        .filter((message) => typeof message.text === 'string')
        .map((message) => ({
          role: message.role === 'user' ? 'user' : 'assistant',
          text: message.text ?? '',
        })),
    ),
  );
  return {
    send: (text) =>
      new Promise((resolve, reject) => {
        socket.timeout(30_000).emit('chat:message', { text }, (error: Error | null, ack: Ack) => {
          if (error !== null) reject(error);
          else if (ack.ok) resolve(ack.reply);
          else reject(new Error(ack.error.code));
        });
      }),
    close: () => void socket.disconnect(),
  };
}
