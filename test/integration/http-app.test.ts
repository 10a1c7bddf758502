import { expect } from 'chai';
import { z } from 'zod';
import { createHttpApp } from '../../core/http/create-http-app.js';
import { defineRoute } from '../../core/http/define-route.js';
import { startHttpServer } from '../../core/http/http-server.js';
import type { RunningHttpServer } from '../../core/http/http-server.js';
import { createLogger } from '../../core/logging/logger.js';
import { createHealthRegistry } from '../../core/observability/health-registry.js';
import type { HealthStatus } from '../../core/observability/health-registry.js';
import { createMetrics } from '../../core/observability/metrics.js';
import { createReadiness } from '../../core/observability/readiness.js';
import type { Readiness } from '../../core/observability/readiness.js';

const METRICS_TOKEN = 'metrics-token-0123456789';

const createItem = defineRoute({
  method: 'post',
  path: '/items',
  summary: 'Create an item',
  tags: ['items'],
  auth: 'none',
  request: { body: z.object({ name: z.string().min(1), priceCents: z.number().int().nonnegative() }) },
  responses: { 201: z.object({ id: z.string(), name: z.string(), priceCents: z.number() }) },
  handler: ({ body }) => ({ status: 201, body: { id: 'i1', ...body } }),
});

const getItem = defineRoute({
  method: 'get',
  path: '/items/:itemId',
  summary: 'Get an item',
  tags: ['items'],
  auth: 'none',
  request: { params: z.object({ itemId: z.string() }) },
  responses: { 200: z.object({ id: z.string() }) },
  handler: ({ params }) => ({ status: 200, body: { id: params.itemId } }),
});

interface TestApp {
  readonly server: RunningHttpServer;
  readonly readiness: Readiness<'database' | 'plugins'>;
  databaseStatus: HealthStatus;
}

async function startApp(name: string, options: { metricsToken?: string } = {}): Promise<TestApp> {
  const health = createHealthRegistry();
  const readiness = createReadiness(['database', 'plugins'] as const);
  const metrics = createMetrics({ defaultLabels: { app: name } });
  const holder = { databaseStatus: 'up' as HealthStatus };
  health.register('database', () => ({ status: holder.databaseStatus }), { critical: true });
  health.register('redis', () => ({ status: 'up', latencyMs: 0.3 }));
  const app = createHttpApp({
    logger: createLogger({ level: 'silent' }),
    routes: [createItem, getItem],
    bodyLimitBytes: 1024,
    observability: { health, readiness, metrics, metricsToken: options.metricsToken },
    openapi: { title: `Stratum ${name}`, version: '0.1.0' },
  });
  const server = await startHttpServer(app, 0);
  return Object.assign(holder, { server, readiness });
}

describe('HTTP app (integration)', () => {
  let first: TestApp;
  let second: TestApp;
  before(async () => {
    first = await startApp('first', { metricsToken: METRICS_TOKEN });
    second = await startApp('second');
  });
  after(async () => {
    await Promise.all([first.server.close(500), second.server.close(500)]);
  });

  const url = (app: TestApp, path: string) => `${app.server.url}${path}`;
  const postJson = (app: TestApp, path: string, body: string, contentType = 'application/json') =>
    fetch(url(app, path), { method: 'POST', headers: { 'content-type': contentType }, body });

  it('when two apps run side by side, each answers on its own port with its own spec and metrics', async () => {
    expect(first.server.url).not.to.equal(second.server.url);
    const [a, b] = await Promise.all([
      fetch(url(first, '/api/v1/openapi.json')),
      fetch(url(second, '/api/v1/openapi.json')),
    ]);
    expect(((await a.json()) as { info: { title: string } }).info.title).to.equal('Stratum first');
    expect(((await b.json()) as { info: { title: string } }).info.title).to.equal('Stratum second');
    await fetch(url(second, '/api/v1/items/only-on-second'));
    const firstMetrics = await (
      await fetch(url(first, '/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const secondMetrics = await (await fetch(url(second, '/metrics'))).text();
    expect(secondMetrics).to.match(
      /http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/items\/:itemId"[^}]*\} 1/,
    );
    expect(firstMetrics).not.to.include('/api/v1/items/:itemId');
    expect(firstMetrics).to.include('app="first"');
  });

  it('when a route is unknown, answers a JSON 404', async () => {
    const response = await fetch(url(first, '/api/v1/unknown'));
    expect(response.status).to.equal(404);
    expect(await response.json()).to.deep.equal({
      error: { code: 'HTTP_NOT_FOUND', message: 'No route for GET /api/v1/unknown' },
    });
  });

  it('when a valid body is posted, the route answers 201 with the typed reply', async () => {
    const response = await postJson(first, '/api/v1/items', '{"name":"Pen","priceCents":150}');
    expect(response.status).to.equal(201);
    expect(await response.json()).to.deep.equal({ id: 'i1', name: 'Pen', priceCents: 150 });
  });

  it('when the JSON is malformed, answers 400', async () => {
    const response = await postJson(first, '/api/v1/items', '{"name":');
    expect(response.status).to.equal(400);
    expect(await response.json()).to.have.nested.property('error.code', 'HTTP_MALFORMED_JSON');
  });

  it('when the body is over the limit, answers 413', async () => {
    const response = await postJson(
      first,
      '/api/v1/items',
      JSON.stringify({ name: 'x'.repeat(2000), priceCents: 1 }),
    );
    expect(response.status).to.equal(413);
    expect(await response.json()).to.have.nested.property('error.code', 'HTTP_PAYLOAD_TOO_LARGE');
  });

  it('when the content type is not JSON, answers 415', async () => {
    const response = await postJson(first, '/api/v1/items', 'name=Pen', 'application/x-www-form-urlencoded');
    expect(response.status).to.equal(415);
  });

  it('when a body or query attempts operator injection or prototype pollution, answers 400 naming the field', async () => {
    const cases: [string, string, string][] = [
      ['/api/v1/items', '{"name":{"$gt":""},"priceCents":1}', 'name.$gt'],
      ['/api/v1/items', '{"name":"a","priceCents":1,"$where":"sleep(100)"}', '$where'],
      ['/api/v1/items', '{"name":"a","priceCents":1,"owner.role":"admin"}', 'owner.role'],
      ['/api/v1/items', '{"name":"a","priceCents":1,"__proto__":{"isAdmin":true}}', '__proto__'],
      ['/api/v1/items', '{"name":"a","priceCents":1,"constructor":{"prototype":{"x":1}}}', 'constructor'],
    ];
    for (const [path, body, field] of cases) {
      const response = await postJson(first, path, body);
      expect(response.status, body).to.equal(400);
      expect(await response.json()).to.have.nested.property('error.details[0].path', field);
    }
    const query = await fetch(url(first, '/api/v1/items/x?filter[$ne]=1'));
    expect(query.status).to.equal(400);
    expect(await query.json()).to.have.nested.property('error.details[0].path', 'filter[$ne]');
    expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
  });

  it('when the validation fails, the 400 lists each bad field', async () => {
    const response = await postJson(first, '/api/v1/items', '{"name":"","priceCents":-1}');
    const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
    expect(response.status).to.equal(400);
    expect(body.error.code).to.equal('INPUT_VALIDATION_FAILED');
    expect(body.error.details.map((issue) => issue.path)).to.deep.equal(['name', 'priceCents']);
  });

  it('when openapi.json is fetched, it is an OpenAPI 3.1 document describing the routes', async () => {
    const response = await fetch(url(first, '/api/v1/openapi.json'));
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(document.openapi).to.equal('3.1.0');
    expect(Object.keys(document.paths).sort()).to.deep.equal(['/items', '/items/{itemId}']);
    expect(document.paths['/items']?.post?.operationId).to.equal('postItems');
    expect(document).to.have.nested.property(
      'paths./items.post.requestBody.content.application/json.schema.properties.priceCents.type',
      'integer',
    );
    expect((await fetch(url(first, '/api/docs'))).status).to.equal(200);
  });

  it('when a request id is sent, it is echoed; when not, one is generated', async () => {
    const echoed = await fetch(url(first, '/health/live'), {
      headers: { 'x-request-id': 'trace-0001-abcd' },
    });
    expect(echoed.headers.get('x-request-id')).to.equal('trace-0001-abcd');
    const generated = await fetch(url(first, '/health/live'));
    expect(generated.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('when METRICS_TOKEN is set, /metrics needs the bearer token; when not set, it is open', async () => {
    expect((await fetch(url(first, '/metrics'))).status).to.equal(401);
    const wrong = await fetch(url(first, '/metrics'), {
      headers: { authorization: 'Bearer wrong-token-000000000' },
    });
    expect(wrong.status).to.equal(401);
    expect(await wrong.json()).to.have.nested.property('error.code', 'METRICS_TOKEN_INVALID');
    const right = await fetch(url(first, '/metrics'), {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).to.equal(200);
    expect(right.headers.get('content-type')).to.include('text/plain');
    const text = await right.text();
    for (const name of [
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
      'http_request_duration_seconds_bucket',
    ]) {
      expect(text).to.include(name);
    }
    expect((await fetch(url(second, '/metrics'))).status).to.equal(200);
  });

  it('when readiness gates open and draining starts, /health/ready follows, per app', async () => {
    const ready = () => fetch(url(first, '/health/ready'));
    let response = await ready();
    expect(response.status).to.equal(503);
    expect(await response.json()).to.deep.equal({ status: 'starting', pending: ['database', 'plugins'] });
    first.readiness.satisfy('database');
    first.readiness.satisfy('plugins');
    response = await ready();
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ready', pending: [] });
    expect((await fetch(url(second, '/health/ready'))).status).to.equal(503);
    first.readiness.startDraining();
    response = await ready();
    expect(response.status).to.equal(503);
    expect(await response.json()).to.have.property('status', 'draining');
    expect((await fetch(url(first, '/health/live'))).status).to.equal(200);
  });

  it('when the critical database check goes down, /health answers 503 with per-component JSON', async () => {
    let response = await fetch(url(second, '/health'));
    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    second.databaseStatus = 'down';
    response = await fetch(url(second, '/health'));
    expect(response.status).to.equal(503);
    const report = (await response.json()) as {
      status: string;
      components: Record<string, { status: string; latencyMs: number; critical: boolean }>;
    };
    expect(report.status).to.equal('down');
    expect(report.components.database).to.include({ status: 'down', critical: true });
    expect(report.components.redis).to.deep.equal({ status: 'up', latencyMs: 0.3, critical: false });
    expect((await fetch(url(first, '/health'))).status).to.equal(200);
    second.databaseStatus = 'up';
  });
});
