/**
 * The whole product in process for the chat suites (startStratum on the embedded database, the
 * demo seeded and synced by ads-demo at first start), with helpers to sign in, call the API and
 * wait until the demo's first sync has finished.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../../core/db/embedded/server.js';
import { startStratum } from '../../../../core/main.js';
import type { RunningStratum } from '../../../../core/main.js';

export const CHAT_DEMO_PASSWORD = 'chat-test-demo-password';
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

export interface ChatHost {
  readonly running: RunningStratum;
  readonly url: string;
  login(email: string): Promise<string>;
  api(path: string, token: string, init?: RequestInit): Promise<Response>;
  tenantId(slug: string): Promise<string>;
  close(): Promise<void>;
}

async function waitForFirstSyncs(host: ChatHost): Promise<void> {
  const admin = await host.login('admin@demo.stratum.dev');
  const acme = await host.login('admin@acme.stratum.dev');
  const runs = host.running.demoPlugins?.syncRuns ?? {};
  const deadline = Date.now() + 90_000;
  for (const [slug, runId] of Object.entries(runs)) {
    const token = slug === 'acme' ? acme : admin;
    for (;;) {
      const run = (await (await host.api(`/sync-runs/${runId}`, token)).json()) as { status: string };
      if (run.status === 'succeeded') break;
      if (run.status === 'failed' || Date.now() > deadline)
        throw new Error(`demo sync ${slug} ${run.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function startChatHost(label: string): Promise<ChatHost> {
  const database: EmbeddedServer = await startEmbeddedServer({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), `stratum-chat-${label}-`));
  const running = await startStratum({
    env: {
      PORT: '0',
      STRATUM_DATA_DIR: dataDir,
      MONGODB_URI: `${database.uri}chat_${label}`,
      DEMO_PASSWORD: CHAT_DEMO_PASSWORD,
      LOG_LEVEL: 'silent',
    },
    logDestination: silent,
    coreModuleOptions: { passwordPolicy: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } },
    platformOptions: { processEveryMs: 100 },
  });
  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${running.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const host: ChatHost = {
    running,
    url: running.url,
    api,
    async login(email) {
      const response = await fetch(`${running.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: CHAT_DEMO_PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`login ${email}: ${response.status}`);
      return ((await response.json()) as { accessToken: string }).accessToken;
    },
    async tenantId(slug) {
      return (await running.context.modules.services.tenants.findBySlug(slug))?.id ?? '';
    },
    async close() {
      await running.lifecycle.shutdown('test');
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForFirstSyncs(host);
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}
