import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import { startStratum } from '../../../../core/main.js';
import type { RunningStratum } from '../../../../core/main.js';

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
const PASSWORD = 'correct horse battery staple';

export interface CompetitorsHost {
  readonly running: RunningStratum;
  /** A tenant with one signed-in user per role; returns the tenant id and bearer tokens by role. */
  tenant(
    slug: string,
  ): Promise<{ tenantId: string; tokens: Record<'admin' | 'manager' | 'analyst' | 'viewer', string> }>;
  call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The whole product in-process (no worker: tests run ingest themselves), egress allowed to loopback fakes. */
export async function startCompetitorsHost(label: string): Promise<CompetitorsHost> {
  const database = await startEmbeddedServer({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), `stratum-${label}-`));
  const running = await startStratum({
    env: {
      PORT: '0',
      STRATUM_DATA_DIR: dataDir,
      MONGODB_URI: `${database.uri}${label.replace(/-/g, '_')}`,
      NODE_ENV: 'production',
      JWT_SECRET: 'competitors-test-jwt-secret-0123456789abcdef',
      ENCRYPTION_KEY: 'competitors-test-encryption-key-0123456789',
      LOG_LEVEL: 'silent',
      STRATUM_EGRESS_ALLOW: '127.0.0.1',
    },
    logDestination: silent,
    worker: false,
  });
  const call: CompetitorsHost['call'] = async (method, path, token, body) => {
    const response = await fetch(`${running.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return {
    running,
    call,
    async tenant(slug) {
      const { services } = running.context.modules;
      const tenant = await services.tenants.create({
        name: slug,
        slug,
        currency: 'EUR',
        timezone: 'Europe/Berlin',
      });
      const tokens = {} as Record<'admin' | 'manager' | 'analyst' | 'viewer', string>;
      for (const role of ['admin', 'manager', 'analyst', 'viewer'] as const) {
        const email = `${role}@${slug}.example`;
        await services.users.create(tenant.id, { email, password: PASSWORD, role, name: role });
        const login = await fetch(`${running.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        tokens[role] = ((await login.json()) as { accessToken: string }).accessToken;
      }
      return { tenantId: tenant.id, tokens };
    },
    async close() {
      await running.lifecycle.shutdown('test');
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
