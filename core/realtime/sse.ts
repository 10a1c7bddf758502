/**
 * `GET /api/v1/events`: the live events as Server-Sent Events, for clients without socket.io.
 * Same credentials as the API (Bearer access JWT | API key | embed token, or X-API-Key), plus
 * `?access_token=` because EventSource cannot set headers (request logs mask it). Each stream
 * carries only its tenant's events; `Last-Event-ID` replays what was missed from a bounded
 * per-tenant buffer, or sends `reset` when that id is no longer known.
 */
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { InputError, UnavailableError } from '../errors/errors.js';
import type { EventBus } from '../events/event-bus.js';
import { EVENT_ID_PATTERN } from '../events/event-ids.js';
import { createLiveEventBuffer } from './live-event-buffer.js';
import type { LiveEventBuffer, LiveEventBufferOptions } from './live-event-buffer.js';
import { liveCredentialOf } from './live-credentials.js';
import { toLiveEvent } from './live-events.js';
import type { LiveEvent } from './live-events.js';
import { liveEventAllowed } from './realtime-auth.js';
import type { LiveAuthenticate, LiveIdentity } from './realtime-auth.js';

export const SSE_PATH = '/api/v1/events';
export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;
const DEFAULT_RETRY_MS = 3_000;
// A client this far behind is cut off; its EventSource reconnects and resumes from the buffer.
const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

export interface SseRouterOptions {
  readonly bus: EventBus;
  readonly authenticate: LiveAuthenticate;
  readonly logger?: Logger;
  /** Comment line sent this often so proxies keep the stream open (default 15 s). */
  readonly heartbeatMs?: number;
  /** The resume buffer, or its bounds. */
  readonly buffer?: LiveEventBuffer | LiveEventBufferOptions;
  /** Reconnection delay suggested to EventSource (default 3 s). */
  readonly retryMs?: number;
  readonly maxBufferedBytes?: number;
}

export interface SseRouter {
  /** Serves `GET /api/v1/events`; mount it at the app's root. */
  readonly router: Router;
  /** Open streams now. */
  connectionCount(): number;
  /** Unsubscribes from the bus and ends every open stream; later requests answer 503. */
  close(): void;
}

const querySchema = z.object({
  access_token: z.string().max(4096).optional(),
  lastEventId: z.string().max(128).optional(),
});

interface SseClient {
  readonly identity: LiveIdentity;
  readonly res: Response;
  stop(): void;
}

function isBuffer(value: LiveEventBuffer | LiveEventBufferOptions | undefined): value is LiveEventBuffer {
  return value !== undefined && 'append' in value;
}

export function formatSseEvent(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`;
}

function resetFrame(latestId: string | undefined): string {
  return `${latestId === undefined ? '' : `id: ${latestId}\n`}event: reset\ndata: {}\n\n`;
}

function headerValue(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseQuery(req: Request): z.output<typeof querySchema> {
  const parsed = querySchema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  throw new InputError('Invalid query', {
    details: parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
      in: 'query',
    })),
  });
}

export function createSseRouter(options: SseRouterOptions): SseRouter {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_SSE_HEARTBEAT_MS;
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const buffer = isBuffer(options.buffer) ? options.buffer : createLiveEventBuffer(options.buffer);
  const clientsByTenant = new Map<string, Set<SseClient>>();
  let closed = false;

  const write = (client: SseClient, frame: string) => {
    if (client.res.writableLength > maxBufferedBytes) {
      options.logger?.warn({ tenantId: client.identity.tenantId }, 'slow SSE client cut off');
      client.stop();
      client.res.destroy();
      return;
    }
    client.res.write(frame);
  };

  const unsubscribe = options.bus.subscribeAll((event) => {
    const live = toLiveEvent(event);
    if (live === undefined) return;
    buffer.append(live);
    const frame = formatSseEvent(live);
    for (const client of clientsByTenant.get(live.tenantId) ?? [])
      if (liveEventAllowed(client.identity, live.name)) write(client, frame);
  });

  const open = (req: Request, res: Response, identity: LiveIdentity, lastEventId: string | undefined) => {
    const origin = headerValue(req, 'origin');
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
      // An embed token's Origin was checked against its allowed origins: that page may read the stream.
      ...(identity.kind === 'embed' && origin !== undefined
        ? { 'access-control-allow-origin': origin, vary: 'Origin' }
        : {}),
    });
    res.socket?.setNoDelay(true);
    const tenantClients = clientsByTenant.get(identity.tenantId) ?? new Set<SseClient>();
    clientsByTenant.set(identity.tenantId, tenantClients);
    const heartbeat = setInterval(() => write(client, ': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    const client: SseClient = {
      identity,
      res,
      stop() {
        clearInterval(heartbeat);
        tenantClients.delete(client);
        if (tenantClients.size === 0 && clientsByTenant.get(identity.tenantId) === tenantClients)
          clientsByTenant.delete(identity.tenantId);
      },
    };
    tenantClients.add(client);
    res.on('close', () => client.stop());
    // Replay and registration happen in one turn of the event loop: nothing is missed or doubled.
    let first = `retry: ${retryMs}\n\n`;
    if (lastEventId !== undefined) {
      const missed = EVENT_ID_PATTERN.test(lastEventId)
        ? buffer.after(identity.tenantId, lastEventId)
        : undefined;
      first +=
        missed === undefined
          ? resetFrame(buffer.latestId(identity.tenantId))
          : missed
              .filter((event) => liveEventAllowed(identity, event.name))
              .map(formatSseEvent)
              .join('');
    }
    res.write(first);
  };

  const router = Router();
  router.get(SSE_PATH, async (req, res) => {
    if (closed) throw new UnavailableError('Live events are shutting down', { code: 'LIVE_UNAVAILABLE' });
    const query = parseQuery(req);
    const token = liveCredentialOf({
      authorization: headerValue(req, 'authorization'),
      apiKeyHeader: headerValue(req, 'x-api-key'),
      token: query.access_token,
    });
    const identity = await options.authenticate(token, headerValue(req, 'origin'));
    // The client may have left while we verified: then there is nothing to open.
    if (closed || req.destroyed || res.destroyed) return;
    // Express routes HEAD to GET handlers: answer the headers, hold no stream open.
    if (req.method === 'HEAD') {
      res.status(200).type('text/event-stream').end();
      return;
    }
    open(req, res, identity, headerValue(req, 'last-event-id') ?? query.lastEventId);
  });

  return {
    router,
    connectionCount: () => [...clientsByTenant.values()].reduce((count, clients) => count + clients.size, 0),
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      for (const clients of [...clientsByTenant.values()]) {
        for (const client of [...clients]) {
          client.stop();
          client.res.end();
        }
      }
    },
  };
}
