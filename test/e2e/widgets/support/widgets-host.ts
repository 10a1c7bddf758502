/**
 * The product as `npm start` runs it, for browser tests: the widget bundle (built when stale),
 * an embedded MongoDB-protocol server, startStratum with the demo seed, its first demo sync and
 * the sample portal on a second origin, and a headless system Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../../core/db/embedded/server.js';
import { startStratum } from '../../../../core/main.js';
import type { RunningStratum } from '../../../../core/main.js';
import { ensureWidgetBundle } from '../../../../widgets/build/ensure-bundle.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const DEMO_PASSWORD = 'widgets-e2e-demo-password';
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

export interface WidgetsHost {
  readonly running: RunningStratum;
  readonly portalUrl: string;
  readonly browser: Browser;
  readonly demoTenantId: string;
  login(email: string): Promise<string>;
  api(path: string, token: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

async function waitForDemoSync(running: RunningStratum, tenantId: string): Promise<void> {
  const runId = running.demoPlugins?.syncRuns.demo;
  const runs = running.context.connection.collection('syncRuns');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = await runs.findOne({ tenantId }, { sort: { _id: -1 } });
    const status = (run as { status?: string } | null)?.status;
    if (status === 'succeeded') return;
    if (status === 'failed' || Date.now() > deadline)
      throw new Error(`demo sync ${runId ?? ''} ended ${status ?? 'missing'}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface WidgetsHostOptions {
  /**
   * The demo tenant's ads-demo size (default a small one, ~1k rows, so the first sync does not
   * dominate a test file's runtime; benchmarks pass `'standard'` for realistic queries).
   */
  readonly demoSize?: 'standard' | { readonly campaigns: number; readonly days: number };
}

export async function startWidgetsHost(name: string, options: WidgetsHostOptions = {}): Promise<WidgetsHost> {
  await ensureWidgetBundle();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const database: EmbeddedServer = await startEmbeddedServer({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'stratum-widgets-e2e-'));
  let running: RunningStratum | undefined;
  let browser: Browser | undefined;
  try {
    running = await startStratum({
      env: {
        PORT: '0',
        DEMO_PORTAL_PORT: '0',
        STRATUM_DATA_DIR: dataDir,
        MONGODB_URI: `${database.uri}${name}`,
        DEMO_PASSWORD,
        LOG_LEVEL: 'silent',
      },
      logDestination: silent,
      coreModuleOptions: { passwordPolicy: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } },
      platformOptions: { processEveryMs: 100 },
      demoPluginConfig: { size: options.demoSize ?? { campaigns: 12, days: 75 } },
    });
    const portalUrl = running.demoPortal?.url;
    if (portalUrl === undefined) throw new Error('the demo portal did not start');
    const demoTenantId = (await running.context.modules.services.tenants.findBySlug('demo'))?.id ?? '';
    await waitForDemoSync(running, demoTenantId);
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
    const host = running;
    const api = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${host.url}/api/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
    const openBrowser = browser;
    return {
      running: host,
      portalUrl,
      browser: openBrowser,
      demoTenantId,
      api,
      async login(email) {
        const response = await fetch(`${host.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: DEMO_PASSWORD }),
        });
        if (!response.ok) throw new Error(`login ${email}: ${response.status}`);
        return ((await response.json()) as { accessToken: string }).accessToken;
      },
      async close() {
        await openBrowser.close();
        await host.lifecycle.shutdown('test');
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await running?.lifecycle.shutdown('test');
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
