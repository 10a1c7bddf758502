import { createEgressClient } from '../../../../core/egress/egress-client.js';
import type { EgressClient, EgressClientOptions } from '../../../../core/egress/egress-client.js';
import { startLocalServer } from './local-server.js';
import type { LocalHandler, LocalServer } from './local-server.js';

/** Local servers and clients made by one suite's tests, closed after each test. */
export interface EgressHarness {
  /** A real server on 127.0.0.1, port 0. */
  serve(handler: LocalHandler): Promise<LocalServer>;
  /** A client allowing 127.0.0.1, jitter fixed at 0.5 and back-off sleeps recorded, not slept. */
  client(options?: Partial<EgressClientOptions>): EgressClient;
  /** Closes this client after the test. */
  track(client: EgressClient): EgressClient;
  /** Back-off delays the recording sleep was asked for, in order (reset before each test). */
  readonly sleeps: number[];
}

/** Registers the suite's hooks; call it inside `describe`. */
export function useEgressHarness(): EgressHarness {
  const servers: LocalServer[] = [];
  const clients: EgressClient[] = [];
  const sleeps: number[] = [];

  beforeEach(() => {
    sleeps.length = 0;
  });

  afterEach(async () => {
    for (const created of clients.splice(0)) created.close();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const track = (client: EgressClient): EgressClient => {
    clients.push(client);
    return client;
  };

  return {
    sleeps,
    track,
    async serve(handler) {
      const server = await startLocalServer(handler);
      servers.push(server);
      return server;
    },
    client(options = {}) {
      return track(
        createEgressClient({
          allow: ['127.0.0.1'],
          sleep: async (ms) => {
            sleeps.push(ms);
          },
          random: () => 0.5,
          ...options,
        }),
      );
    },
  };
}
