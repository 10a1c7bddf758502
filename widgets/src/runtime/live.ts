/**
 * One Server-Sent Events stream per page (`/api/v1/events`), read with fetch so the token travels
 * in the Authorization header (EventSource cannot set headers, and a token in a URL ends up in
 * logs). Reconnects with backoff and resumes with Last-Event-ID. Opened on the first subscriber.
 */
import { config } from './config.js';
import { currentToken, renewToken } from './token-store.js';

export interface KpisChanged {
  readonly from?: string;
  readonly to?: string;
  readonly platforms?: readonly string[];
}

type Listener = (payload: KpisChanged) => void;

const listeners = new Set<Listener>();
const alertListeners = new Set<() => void>();
let running = false;
let lastEventId: string | undefined;

function dispatch(frame: string): void {
  let event = 'message';
  let data = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('id:')) lastEventId = line.slice(3).trim();
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  // `reset`: events were missed beyond the server's buffer; everything may be stale.
  if (event === 'alert' || event === 'reset') for (const listener of alertListeners) listener();
  if (event !== 'kpis:changed' && event !== 'reset') return;
  let payload: KpisChanged;
  try {
    payload = event === 'reset' ? {} : (JSON.parse(data) as KpisChanged);
  } catch {
    return;
  }
  for (const listener of listeners) listener(payload);
}

async function readStream(token: string): Promise<number> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const response = await fetch(`${config.apiBase}/api/v1/events`, { headers, credentials: 'omit' });
  if (!response.ok || response.body === null) return response.status;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return 200;
    buffer += value.replace(/\r\n/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
}

async function run(): Promise<void> {
  let delay = 1_000;
  while (listeners.size + alertListeners.size > 0) {
    try {
      const status = await readStream(await currentToken());
      if (status === 401) await renewToken();
      else if (status === 200) delay = 1_000;
    } catch {
      // Network gone or stream cut: wait and resume from the last id.
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 30_000);
  }
  running = false;
}

function start(): void {
  if (running) return;
  running = true;
  void run();
}

/** Calls `listener` on each `kpis:changed` (and after a reset); returns the unsubscriber. */
export function onKpisChanged(listener: Listener): () => void {
  listeners.add(listener);
  start();
  return () => listeners.delete(listener);
}

/** Calls `listener` on each live `alert` (and after a reset); returns the unsubscriber. */
export function onAlert(listener: () => void): () => void {
  alertListeners.add(listener);
  start();
  return () => alertListeners.delete(listener);
}
