/**
 * The embedded MongoDB-wire-compatible server: a TCP listener over the storage engine. Used
 * in-process by tests and as `stratum db` (a child process of `npm start`).
 */
import net from 'node:net';
import type { ServerCounters } from './commands/context.js';
import { CursorManager } from './cursors.js';
import { openStorageEngine } from './storage/engine.js';
import type { StorageEngine, StorageEngineOptions } from './storage/types.js';
import { serveConnection } from './wire/connection.js';

export interface EmbeddedServerOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: the server has no authentication, so it never listens wider by itself. */
  readonly host?: string;
  /** Where data lives; absent = memory only. */
  readonly dataDir?: string;
  readonly storage?: Omit<StorageEngineOptions, 'dataDir'>;
  /** Idle cursor timeout (mongod's cursorTimeoutMillis). Default 10 minutes. */
  readonly cursorTimeoutMs?: number;
  readonly onProtocolError?: (error: Error) => void;
}

export interface EmbeddedServer {
  readonly host: string;
  readonly port: number;
  /** `mongodb://host:port/` */
  readonly uri: string;
  readonly engine: StorageEngine;
  /** Stops listening, closes client connections, flushes and closes the storage engine. */
  close(): Promise<void>;
}

export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const host = options.host ?? '127.0.0.1';
  const engine = await openStorageEngine({ ...options.storage, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const cursors = new CursorManager(options.cursorTimeoutMs);
  const counters: ServerCounters = {
    startedAt: Date.now(),
    currentConnections: 0,
    totalConnections: 0,
    opcounters: { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 },
  };
  const sockets = new Set<net.Socket>();
  let address = { host, port: 0 };
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    counters.currentConnections++;
    counters.totalConnections++;
    socket.once('close', () => {
      sockets.delete(socket);
      counters.currentConnections--;
    });
    const remoteAddress = `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? 0}`;
    serveConnection(
      socket,
      {
        engine,
        cursors,
        counters,
        address,
        connection: { id: counters.totalConnections, remoteAddress },
        largestDocumentBytes: 0,
      },
      options.onProtocolError ? { onProtocolError: options.onProtocolError } : {},
    );
  });
  server.maxConnections = 100_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    cursors.close();
    await engine.close();
    throw error;
  }
  const bound = server.address() as net.AddressInfo;
  address = { host, port: bound.port };
  const uriHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    host,
    port: bound.port,
    uri: `mongodb://${uriHost}:${bound.port}/`,
    engine,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        cursors.close();
        await engine.close();
      })();
      return closing;
    },
  };
}
