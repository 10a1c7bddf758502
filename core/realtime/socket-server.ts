/**
 * socket.io on the app's HTTP server, namespace `/live`: authenticated in the handshake, each
 * socket in its tenant's room only, server → client events from `live-events.ts`. Every node
 * receives every bus event itself (in process, or from Redis pub/sub), so the bus bridge emits to
 * local sockets only; `emitToTenant` goes through the adapter (Redis when given) to every node.
 */
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { BroadcastOperator, Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { isAppError } from '../errors/app-error.js';
import type { EventBus } from '../events/event-bus.js';
import { liveCredentialOf } from './live-credentials.js';
import { LIVE_EVENT_NAMES, toLiveEvent } from './live-events.js';
import type { LiveEventMap, LiveEventName, LiveServerToClientEvents } from './live-events.js';
import { liveEventAllowed } from './realtime-auth.js';
import type { LiveAuthenticate, LiveIdentity } from './realtime-auth.js';

export const LIVE_NAMESPACE = '/live';
export const LIVE_SOCKET_PATH = '/socket.io';
/** The one message a refused handshake carries: nothing about why. */
export const LIVE_UNAUTHORIZED = 'unauthorized';

/** Clients send nothing: every event they emit is refused. */
export type LiveClientToServerEvents = Record<string, never>;
export interface LiveSocketData {
  identity: LiveIdentity;
}
type LiveServer = Server<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;
type LiveNamespace = Namespace<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;
type LiveSocket = Socket<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;
type LiveTarget = BroadcastOperator<LiveServerToClientEvents, LiveSocketData>;

export interface LiveSocketServerOptions {
  readonly httpServer: HttpServer;
  readonly bus: EventBus;
  readonly authenticate: LiveAuthenticate;
  readonly logger: Logger;
  /** When given: @socket.io/redis-adapter publishing through it, subscribing on a duplicate. */
  readonly redis?: Redis;
  /** The adapter's channel prefix (default `socket.io`); test runs keep apart with it. */
  readonly keyPrefix?: string;
  /** Origins allowed by CORS for the HTTP long-polling transport (websocket needs none). */
  readonly corsOrigins?: readonly string[];
  readonly path?: string;
}

export interface LiveSocketServer {
  readonly io: LiveServer;
  /** Emits to the tenant's sockets on every node (through the adapter). */
  emitToTenant<TName extends LiveEventName>(
    tenantId: string,
    event: TName,
    payload: LiveEventMap[TName],
  ): void;
  /** Disconnects this node's sockets, unsubscribes, closes the duplicated Redis client. The HTTP server stays open. */
  close(): Promise<void>;
}

export function tenantRoom(tenantId: string): string {
  return `tenant:${tenantId}`;
}

/**
 * The room of one live event of one tenant: a socket joins only the rooms of events it may
 * receive (embed tokens see what their widgets show), so emitting never leaks to the others.
 */
export function eventRoom(tenantId: string, name: LiveEventName): string {
  return `${tenantRoom(tenantId)}:${name}`;
}

const handshakeAuthSchema = z.object({ token: z.string().max(4096).optional() });
const clientEventNameSchema = z.string().max(64).catch('<invalid>');
// Clients have nothing to send; one that keeps trying is cut off.
const MAX_REFUSED_CLIENT_EVENTS = 20;
const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

function emitLive<TName extends LiveEventName>(
  target: LiveTarget,
  name: TName,
  payload: LiveEventMap[TName],
): void {
  target.emit(name, ...([payload] as Parameters<LiveServerToClientEvents[TName]>));
}

function credentialOfHandshake(socket: LiveSocket): string {
  const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
  const authorization = socket.handshake.headers.authorization;
  return liveCredentialOf({ authorization, token: auth.success ? auth.data.token : undefined });
}

function refuseClientEvents(socket: LiveSocket, logger: Logger): void {
  let refused = 0;
  socket.onAny((eventName: unknown, ...args: unknown[]) => {
    refused += 1;
    const ack = args.at(-1);
    if (typeof ack === 'function') {
      (ack as (answer: unknown) => void)({
        error: { code: 'LIVE_EVENT_UNSUPPORTED', message: 'This connection only receives events' },
      });
    }
    logger.debug(
      { tenantId: socket.data.identity.tenantId, event: clientEventNameSchema.parse(eventName) },
      'live client event refused',
    );
    if (refused >= MAX_REFUSED_CLIENT_EVENTS) socket.disconnect(true);
  });
}

function configureNamespace(
  live: LiveNamespace,
  options: LiveSocketServerOptions,
  isClosed: () => boolean,
): void {
  const { logger } = options;
  live.use((socket, next) => {
    if (isClosed()) return next(new Error(LIVE_UNAUTHORIZED));
    let token: string;
    try {
      token = credentialOfHandshake(socket);
    } catch {
      return next(new Error(LIVE_UNAUTHORIZED));
    }
    options.authenticate(token, socket.handshake.headers.origin).then(
      (identity) => {
        socket.data.identity = identity;
        next();
      },
      (error: unknown) => {
        const code = isAppError(error) ? error.code : 'INTERNAL';
        if (!isAppError(error)) logger.error({ err: error }, 'live handshake authentication failed');
        else logger.debug({ code }, 'live handshake refused');
        next(new Error(LIVE_UNAUTHORIZED));
      },
    );
  });
  live.on('connection', (socket) => {
    const identity = socket.data.identity;
    void socket.join(
      LIVE_EVENT_NAMES.filter((name) => liveEventAllowed(identity, name)).map((name) =>
        eventRoom(identity.tenantId, name),
      ),
    );
    refuseClientEvents(socket, logger);
  });
}

/** Attaches socket.io to `httpServer`; resolves once the Redis adapter (if any) is subscribed. */
export async function attachLiveSocketServer(options: LiveSocketServerOptions): Promise<LiveSocketServer> {
  let closed = false;
  const subClient = options.redis?.duplicate();
  subClient?.on('error', (error: unknown) =>
    options.logger.warn({ err: error }, 'socket.io adapter subscriber error'),
  );
  const io: LiveServer = new Server(options.httpServer, {
    path: options.path ?? LIVE_SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    allowRequest: (_req, answer) => answer(closed ? 'shutting down' : null, !closed),
    ...(options.corsOrigins === undefined ? {} : { cors: { origin: [...options.corsOrigins] } }),
    ...(options.redis === undefined || subClient === undefined
      ? {}
      : { adapter: createAdapter(options.redis, subClient, { key: options.keyPrefix ?? 'socket.io' }) }),
  });
  // The default namespace serves nothing here; only `/live` (or a namespace another module adds) does.
  io.of('/').use((_socket, next) => next(new Error(LIVE_UNAUTHORIZED)));
  const live = io.of(LIVE_NAMESPACE);
  configureNamespace(live, options, () => closed);
  // Commands on one connection are answered in order: once PING answers, the adapter's subscriptions are live.
  if (subClient !== undefined) await subClient.ping();

  const unsubscribe = options.bus.subscribeAll((event) => {
    const liveEvent = toLiveEvent(event);
    if (liveEvent === undefined) return;
    emitLive(live.local.to(eventRoom(liveEvent.tenantId, liveEvent.name)), liveEvent.name, liveEvent.payload);
  });

  return {
    io,
    emitToTenant(tenantId, event, payload) {
      emitLive(live.to(eventRoom(tenantId, event)), event, payload);
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      for (const namespace of [io.of('/'), live]) {
        namespace.local.disconnectSockets(true);
        await namespace.adapter.close();
      }
      io.engine.close();
      if (subClient !== undefined) {
        try {
          await subClient.quit();
        } catch {
          subClient.disconnect();
        }
      }
    },
  };
}
