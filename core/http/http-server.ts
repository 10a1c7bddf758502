import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface RunningHttpServer {
  readonly server: Server;
  /** `http://host:port`, with the real port when 0 was asked for. */
  readonly url: string;
  /**
   * Stops accepting, lets in-flight requests finish, and after `graceMs` cuts whatever is
   * still open. Idle keep-alive sockets are closed at once so they cannot hold the process.
   */
  close(graceMs?: number): Promise<void>;
}

/** Listens on `port` (0 = any free port) and resolves once bound. */
export async function startHttpServer(
  handler: RequestListener,
  port: number,
  host = '127.0.0.1',
): Promise<RunningHttpServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close(graceMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close((error) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
