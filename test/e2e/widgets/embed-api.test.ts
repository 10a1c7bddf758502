/**
 * Embed sites and tokens over real HTTP (startStratum without workers): who may manage sites and
 * mint tokens, and what a token may read — its site's exact origins, its widgets' endpoints, its
 * filters, never a write, never another site's scope — plus CORS per site and the bundle's
 * serving headers and SRI hash.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../core/db/embedded/server.js';
import { DEFAULT_WIDGETS_DIST_DIR } from '../../../core/embed/widget-assets.js';
import { startStratum } from '../../../core/main.js';
import type { RunningStratum } from '../../../core/main.js';
import { ensureWidgetBundle } from '../../../widgets/build/ensure-bundle.js';

const DEMO_PASSWORD = 'embed-api-demo-password';
const SITE_A = 'https://portal-a.example.com';
const SITE_B = 'https://portal-b.example.com';
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('embed sites and tokens over HTTP (e2e)', function () {
  this.timeout(60_000);
  let database: EmbeddedServer;
  let dataDir: string;
  let running: RunningStratum;
  let manager: string;
  let apiKey: string;
  let siteA: string;
  let siteB: string;

  const call = (path: string, init: RequestInit & { token?: string; origin?: string } = {}) => {
    const { token, origin, headers, ...rest } = init;
    return fetch(`${running.url}${path}`, {
      ...rest,
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(origin === undefined ? {} : { origin }),
        ...headers,
      },
    });
  };
  const login = async (email: string) => {
    const response = await call('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  const mint = async (body: Record<string, unknown>) =>
    call('/api/v1/embed/tokens', {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
      body: JSON.stringify(body),
    });
  const tokenFor = async (body: Record<string, unknown>) =>
    ((await (await mint(body)).json()) as { token: string }).token;

  before(async () => {
    await ensureWidgetBundle();
    database = await startEmbeddedServer({ port: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-embed-api-'));
    running = await startStratum({
      env: {
        PORT: '0',
        STRATUM_DATA_DIR: dataDir,
        MONGODB_URI: `${database.uri}embed_api`,
        DEMO_PASSWORD,
        LOG_LEVEL: 'silent',
      },
      logDestination: silent,
      worker: false,
      coreModuleOptions: { passwordPolicy: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } },
    });
    manager = await login('manager@demo.stratum.dev');
    const admin = await login('admin@demo.stratum.dev');
    const key = await call('/api/v1/api-keys', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ name: 'portal', scopes: ['read'] }),
    });
    apiKey = ((await key.json()) as { key: string }).key;
    const create = async (name: string, origin: string, widgets: string[]) => {
      const response = await call('/api/v1/embed/sites', {
        method: 'POST',
        token: manager,
        body: JSON.stringify({
          name,
          allowedOrigins: [`${origin.toUpperCase()}/`],
          widgets,
          theme: { mode: 'dark', accent: '#112233' },
          defaultLocale: 'ar',
        }),
      });
      expect(response.status).to.equal(201);
      return (await response.json()) as { id: string; allowedOrigins: string[] };
    };
    const a = await create('Site A', SITE_A, ['kpi']);
    expect(a.allowedOrigins).to.deep.equal([SITE_A]);
    siteA = a.id;
    siteB = (await create('Site B', SITE_B, ['kpi', 'trend', 'campaigns'])).id;
  });
  after(async () => {
    await running?.lifecycle.shutdown('test');
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when a viewer manages sites or a user mints a token, the API refuses; an API key mints at most 15 minutes', async () => {
    const viewer = await login('viewer@demo.stratum.dev');
    expect((await call('/api/v1/embed/sites', { token: viewer })).status).to.equal(403);
    const byUser = await call('/api/v1/embed/tokens', {
      method: 'POST',
      token: manager,
      body: JSON.stringify({ siteId: siteA }),
    });
    expect(byUser.status).to.equal(403);
    expect(((await byUser.json()) as { error: { code: string } }).error.code).to.equal(
      'EMBED_TOKENS_API_KEY_ONLY',
    );
    expect((await mint({ siteId: siteA, ttlSec: 901 })).status).to.equal(400);
    const issued = await mint({ siteId: siteA });
    expect(issued.status).to.equal(201);
    expect(issued.headers.get('cache-control')).to.equal('no-store');
    const body = (await issued.json()) as { expiresAt: string; widgets: string[] };
    expect(Date.parse(body.expiresAt) - Date.now()).to.be.within(590_000, 601_000);
    expect(body.widgets).to.deep.equal(['kpi']);
    expect((await mint({ siteId: siteA, widgets: ['trend'] })).status).to.equal(403);
    const acmeAdmin = await login('admin@acme.stratum.dev');
    expect((await call(`/api/v1/embed/sites/${siteA}`, { token: acmeAdmin })).status).to.equal(404);
  });

  it('when a token is used from an origin its site does not list, or without one, it reads nothing', async () => {
    const token = await tokenFor({ siteId: siteA });
    expect((await call('/api/v1/kpis?range=last_7_days', { token, origin: SITE_A })).status).to.equal(200);
    for (const origin of [
      SITE_B,
      'https://portal-a.example.com.evil.io',
      'http://portal-a.example.com',
      undefined,
    ]) {
      const response = await call('/api/v1/kpis?range=last_7_days', {
        token,
        ...(origin === undefined ? {} : { origin }),
      });
      expect(response.status, String(origin)).to.equal(403);
    }
  });

  it("when site A's token asks for site B's widgets, filters beyond its own or any write, it is refused", async () => {
    const token = await tokenFor({ siteId: siteA, platforms: ['meta'] });
    const asA = { token, origin: SITE_A };
    const refused = async (path: string, init: RequestInit = {}) => {
      const response = await call(path, { ...asA, ...init });
      return {
        status: response.status,
        code: ((await response.json()) as { error?: { code: string } }).error?.code,
      };
    };
    expect(await refused('/api/v1/kpis/timeseries?range=last_7_days')).to.deep.equal({
      status: 403,
      code: 'EMBED_SCOPE_FORBIDDEN',
    });
    expect(await refused('/api/v1/kpis?range=last_7_days&platforms=google-ads')).to.deep.equal({
      status: 403,
      code: 'EMBED_SCOPE_FORBIDDEN',
    });
    expect(await refused('/api/v1/embed/sites')).to.deep.equal({
      status: 403,
      code: 'EMBED_SCOPE_FORBIDDEN',
    });
    expect(await refused(`/api/v1/embed/sites/${siteA}`, { method: 'DELETE' })).to.deep.equal({
      status: 403,
      code: 'EMBED_READ_ONLY',
    });
    const tokenB = await tokenFor({ siteId: siteB });
    expect(
      (await call('/api/v1/kpis/timeseries?range=last_7_days', { token: tokenB, origin: SITE_A })).status,
    ).to.equal(403);
    const config = (await (await call('/api/v1/embed/config', asA)).json()) as Record<string, unknown>;
    expect(config).to.deep.include({
      siteId: siteA,
      defaultLocale: 'ar',
      filters: { platforms: ['meta'], campaignIds: null },
    });
    const forced = (await (await call('/api/v1/kpis?range=last_7_days', asA)).json()) as { totals: unknown };
    const filtered = (await (
      await call('/api/v1/kpis?range=last_7_days&platforms=meta', { token: manager })
    ).json()) as { totals: unknown };
    expect(forced.totals).to.deep.equal(filtered.totals);
  });

  it('when a site changes its origins or is deleted, its tokens stop at once', async () => {
    const site = (await (
      await call('/api/v1/embed/sites', {
        method: 'POST',
        token: manager,
        body: JSON.stringify({
          name: 'Short-lived',
          allowedOrigins: ['https://c.example.com'],
          widgets: ['kpi'],
        }),
      })
    ).json()) as { id: string };
    const token = await tokenFor({ siteId: site.id });
    const read = () => call('/api/v1/kpis?range=last_7_days', { token, origin: 'https://c.example.com' });
    expect((await read()).status).to.equal(200);
    const patch = await call(`/api/v1/embed/sites/${site.id}`, {
      method: 'PATCH',
      token: manager,
      body: JSON.stringify({ allowedOrigins: ['https://d.example.com'] }),
    });
    expect(patch.status).to.equal(200);
    expect((await read()).status).to.equal(403);
    expect(
      (await call(`/api/v1/embed/sites/${site.id}`, { method: 'DELETE', token: manager })).status,
    ).to.equal(204);
    const gone = await read();
    expect(gone.status).to.equal(401);
    expect(((await gone.json()) as { error: { code: string } }).error.code).to.equal('EMBED_SITE_GONE');
  });

  it('when a browser preflights from a site origin it is allowed by name, from others not at all, never with credentials', async () => {
    const preflight = (origin: string) =>
      call('/api/v1/kpis', {
        method: 'OPTIONS',
        origin,
        headers: {
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight(SITE_B);
    expect(allowed.status).to.equal(204);
    expect(allowed.headers.get('access-control-allow-origin')).to.equal(SITE_B);
    expect(allowed.headers.get('access-control-allow-headers')).to.include('authorization');
    expect(allowed.headers.get('access-control-allow-credentials')).to.equal(null);
    const unknown = await preflight('https://evil.example.com');
    expect(unknown.headers.get('access-control-allow-origin')).to.equal(null);
    const token = await tokenFor({ siteId: siteB });
    const read = await call('/api/v1/kpis?range=last_7_days', { token, origin: SITE_B });
    expect(read.headers.get('access-control-allow-origin')).to.equal(SITE_B);
    expect(read.headers.get('set-cookie')).to.equal(null);
  });

  it('when the bundle is fetched, it is served cross-origin with immutable chunks and the manifest pins its SRI hash', async () => {
    const manifest = (await (await call('/widgets/v1/manifest.json')).json()) as {
      entry: { url: string; integrity: string };
      files: { url: string }[];
    };
    const entry = await call(manifest.entry.url, { headers: { 'accept-encoding': 'identity' } });
    expect(entry.status).to.equal(200);
    expect(entry.headers.get('access-control-allow-origin')).to.equal('*');
    expect(entry.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    expect(entry.headers.get('content-type')).to.match(/^text\/javascript/);
    const bytes = readFileSync(join(DEFAULT_WIDGETS_DIST_DIR, 'stratum-widgets.js'));
    expect(manifest.entry.integrity).to.equal(
      `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    );
    expect(Buffer.from(await entry.arrayBuffer()).equals(bytes)).to.equal(true);
    const chunk = manifest.files.find((file) => file.url.includes('/chunks/'));
    const chunkResponse = await call(chunk?.url ?? '/missing');
    expect(chunkResponse.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect((await call('/widgets/v1/stratum-widgets.classic.js')).status).to.equal(200);
    expect((await call('/widgets/v1/../package.json')).status).to.equal(404);
  });
});
