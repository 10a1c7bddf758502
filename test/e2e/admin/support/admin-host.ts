/**
 * The product in-process for the console's browser tests: the console (built when stale), an
 * embedded MongoDB-protocol server, startStratum with the demo users, and a headless Chromium.
 * The registry holds ads-demo under another id (`ads-demo-e2e`): the first-start demo seed only
 * installs `ads-demo`, so no big demo sync competes with the test, and the admin installs the
 * simulated platforms through the console. A second clone has a name full of markup.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { ensureAdminBundle } from '../../../../admin/build/ensure-bundle.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../../core/db/embedded/server.js';
import { startStratum } from '../../../../core/main.js';
import type { RunningStratum } from '../../../../core/main.js';
import type { PluginRegistryEntry } from '../../../../core/plugin-api/index.js';
import { adsDemoPlugin } from '../../../../plugins/ads-demo/index.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../artifacts/admin/', import.meta.url));
export const DEMO_PASSWORD = 'admin-e2e-demo-password';
export const E2E_PLUGIN_ID = 'ads-demo-e2e';
export const HOSTILE_PLUGIN_ID = 'hostile-demo';
export const HOSTILE_NAME = '<img src=x onerror="globalThis.__pwned=1"><b>Hostile</b> plugin';
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

const registry: readonly PluginRegistryEntry[] = [
  { ...adsDemoPlugin, manifest: { ...adsDemoPlugin.manifest, id: E2E_PLUGIN_ID } },
  { ...adsDemoPlugin, manifest: { ...adsDemoPlugin.manifest, id: HOSTILE_PLUGIN_ID, name: HOSTILE_NAME } },
];

export interface AdminHost {
  readonly running: RunningStratum;
  readonly url: string;
  readonly browser: Browser;
  login(email: string): Promise<string>;
  api(path: string, token: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startAdminHost(name: string): Promise<AdminHost> {
  await ensureAdminBundle();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const database: EmbeddedServer = await startEmbeddedServer({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'stratum-admin-e2e-'));
  let running: RunningStratum | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close();
    await running?.lifecycle.shutdown('test');
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    running = await startStratum({
      env: {
        PORT: '0',
        DEMO_PORTAL_PORT: 'off',
        STRATUM_DATA_DIR: dataDir,
        MONGODB_URI: `${database.uri}${name}`,
        DEMO_PASSWORD,
        LOG_LEVEL: 'silent',
      },
      logDestination: silent,
      registry,
      coreModuleOptions: { passwordPolicy: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } },
      platformOptions: { processEveryMs: 100 },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const url = running.url;
    const api = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${url}/api/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
    const host = running;
    const openBrowser = browser;
    return {
      running: host,
      url,
      browser: openBrowser,
      api,
      async login(email) {
        const response = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: DEMO_PASSWORD }),
        });
        if (!response.ok) throw new Error(`login ${email}: ${response.status}`);
        return ((await response.json()) as { accessToken: string }).accessToken;
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
