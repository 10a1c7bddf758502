/** Real clients of the live endpoints: socket.io-client sockets and a streaming SSE reader over fetch. */
import { io as connectSocket } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

export interface LiveSocketOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  readonly namespace?: string;
}

export interface ReceivedLiveEvent {
  readonly name: string;
  readonly payload: unknown;
}

/** A connected socket that records every event it receives, in order. */
export interface RecordingSocket {
  readonly socket: Socket;
  readonly received: ReceivedLiveEvent[];
  /** Resolves with the first received event matching `predicate` (past or future). */
  waitFor(predicate: (event: ReceivedLiveEvent) => boolean, timeoutMs?: number): Promise<ReceivedLiveEvent>;
  close(): void;
}

function newSocket(url: string, options: LiveSocketOptions): Socket {
  return connectSocket(`${url}${options.namespace ?? '/live'}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
    ...(options.token === undefined ? {} : { auth: { token: options.token } }),
    ...(options.headers === undefined ? {} : { extraHeaders: options.headers }),
  });
}

/** Connects and resolves once connected; rejects with the connect_error. */
export function connectLive(url: string, options: LiveSocketOptions = {}): Promise<RecordingSocket> {
  const socket = newSocket(url, options);
  const received: ReceivedLiveEvent[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((name: string, payload: unknown) => {
    received.push({ name, payload });
    for (const wake of [...waiters]) wake();
  });
  const recording: RecordingSocket = {
    socket,
    received,
    waitFor(predicate, timeoutMs = 3_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(predicate);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(received)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => {
      socket.disconnect();
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(recording));
    socket.once('connect_error', (error: Error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

/** The connect_error of a handshake that must fail. */
export async function refusedHandshake(
  url: string,
  options: LiveSocketOptions = {},
): Promise<Error & { data?: unknown }> {
  const outcome = await connectLive(url, options).then(
    (recording) => {
      recording.close();
      return undefined;
    },
    (error: unknown) => error as Error & { data?: unknown },
  );
  if (outcome === undefined) throw new Error('the handshake was expected to fail but connected');
  return outcome;
}

export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly retry?: string;
  /** Comment lines (`: heartbeat`), without the colon. */
  readonly comments: readonly string[];
}

export interface SseStream {
  readonly response: Response;
  readonly frames: SseFrame[];
  /** Resolves with the first frame (past or future) matching `predicate`. */
  waitFor(predicate: (frame: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  /** Frames that carry an event (not comments or retry hints). */
  events(): SseFrame[];
  close(): void;
}

function parseFrame(block: string): SseFrame {
  const frame: { id?: string; event?: string; data?: string; retry?: string; comments: string[] } = {
    comments: [],
  };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comments.push(line.slice(1).trim());
    else {
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id' || field === 'event' || field === 'retry') frame[field] = value;
      else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    }
  }
  return frame;
}

/** Opens `GET /api/v1/events` and parses frames as they arrive. Non-200 answers are returned unread. */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
  query = '',
): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/events${query}`, { headers, signal: controller.signal });
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  if (response.status === 200 && response.body !== null) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let pending = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          pending += value;
          let end = pending.indexOf('\n\n');
          while (end !== -1) {
            frames.push(parseFrame(pending.slice(0, end)));
            pending = pending.slice(end + 2);
            end = pending.indexOf('\n\n');
          }
          for (const wake of [...waiters]) wake();
        }
      } catch {
        // Aborted by close(), or the server ended the stream.
      }
    })();
  }
  return {
    response,
    frames,
    waitFor(predicate, timeoutMs = 3_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find(predicate);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    events: () => frames.filter((frame) => frame.event !== undefined),
    close: () => controller.abort(),
  };
}
