import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../core/db/embedded/server.js';
import { startStratum } from '../../../core/main.js';
import type { RunningStratum } from '../../../core/main.js';

export const ENCRYPTION_KEY = 'conversions-test-encryption-key-0123456789';
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

export interface ConversionsHost {
  readonly running: RunningStratum;
  close(): Promise<void>;
}

/** The whole product in-process (no worker: tests drive delivery themselves), egress allowed to loopback fakes. */
export async function startConversionsHost(label: string): Promise<ConversionsHost> {
  const database: EmbeddedServer = await startEmbeddedServer({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), `stratum-${label}-`));
  const running = await startStratum({
    env: {
      PORT: '0',
      STRATUM_DATA_DIR: dataDir,
      MONGODB_URI: `${database.uri}${label.replace(/-/g, '_')}`,
      NODE_ENV: 'production',
      JWT_SECRET: 'conversions-test-jwt-secret-0123456789abcdef',
      ENCRYPTION_KEY,
      LOG_LEVEL: 'silent',
      STRATUM_EGRESS_ALLOW: '127.0.0.1',
    },
    logDestination: silent,
    worker: false,
    platformOptions: { processEveryMs: 200 },
  });
  return {
    running,
    async close() {
      await running.lifecycle.shutdown('test');
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function post(url: string, path: string, key: string, body: unknown): Promise<Response> {
  return fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function get(url: string, path: string, key: string): Promise<Response> {
  return fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
}
