/** A real socket.io client of the `/chat` namespace that records what it receives. */
import { io as connectSocket } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ChatMessageAck } from '../../../../chat/web/chat-events.js';

export interface ChatClientOptions {
  readonly token?: string;
  readonly conversationId?: string;
  readonly origin?: string;
}

export interface ChatClient {
  readonly socket: Socket;
  readonly received: { readonly name: string; readonly payload: unknown }[];
  send(text: string, timeoutMs?: number): Promise<ChatMessageAck>;
  waitFor(name: string, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

export function connectChat(url: string, options: ChatClientOptions = {}): Promise<ChatClient> {
  const socket = connectSocket(`${url}/chat`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    auth: {
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.conversationId === undefined ? {} : { conversationId: options.conversationId }),
    },
    ...(options.origin === undefined ? {} : { extraHeaders: { origin: options.origin } }),
  });
  const received: { name: string; payload: unknown }[] = [];
  socket.onAny((name: string, payload: unknown) => received.push({ name, payload }));
  const client: ChatClient = {
    socket,
    received,
    send: (text, timeoutMs = 15_000) =>
      socket.timeout(timeoutMs).emitWithAck('chat:message', { text }) as Promise<ChatMessageAck>,
    async waitFor(name, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((event) => event.name === name);
        if (found !== undefined) return found.payload;
        if (Date.now() > deadline) throw new Error(`no ${name} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => {
      socket.disconnect();
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error: Error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

export async function refusedChat(url: string, options: ChatClientOptions = {}): Promise<Error> {
  const outcome = await connectChat(url, options).then(
    (client) => {
      client.close();
      return undefined;
    },
    (error: unknown) => error as Error,
  );
  if (outcome === undefined) throw new Error('the chat handshake was expected to fail but connected');
  return outcome;
}
