import { Writable } from 'node:stream';
import { expect } from 'chai';
import { Router } from 'express';
import { z } from 'zod';
import { ForbiddenError, RateLimitError, UnavailableError } from '../errors/errors.js';
import { createLogger } from '../logging/logger.js';
import { createHttpApp } from './create-http-app.js';
import type { HttpAppDeps } from './create-http-app.js';
import { defineRoute } from './define-route.js';
import { startHttpServer } from './http-server.js';
import type { RunningHttpServer } from './http-server.js';
import { bindRequestLogContext } from './request-context.js';

type Line = Record<string, unknown>;

const echo = defineRoute({
  method: 'post',
  path: '/echo',
  summary: 'Echo',
  tags: ['test'],
  auth: 'none',
  request: { body: z.object({ text: z.string() }).optional() },
  responses: { 200: z.object({ text: z.string().optional(), requestId: z.string() }) },
  handler: ({ body, requestId }) => ({ status: 200, body: { text: body?.text, requestId } }),
});

const secret = defineRoute({
  method: 'get',
  path: '/secret',
  summary: 'Needs auth',
  tags: ['test'],
  auth: 'required',
  permission: 'secret:read',
  responses: { 200: z.object({ ok: z.boolean() }) },
  handler: ({ res, log }) => {
    log.info({ password: 'hunter2' }, 'inside handler');
    return { status: 200, body: { ok: res.locals.user === 'ann' } };
  },
});

const explode = (error: unknown) =>
  defineRoute({
    method: 'get',
    path: `/fail/${String((error as Error).name).toLowerCase()}`,
    summary: 'Fails',
    tags: ['test'],
    auth: 'none',
    responses: { 200: z.object({}) },
    handler: (_ctx) => {
      throw error;
    },
  });

describe('createHttpApp', () => {
  let server: RunningHttpServer | undefined;
  let lines: Line[];

  async function start(deps: Partial<HttpAppDeps> = {}): Promise<string> {
    lines = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const text of chunk.toString().split('\n'))
          if (text !== '') lines.push(JSON.parse(text) as Line);
        callback();
      },
    });
    const logger = createLogger({ level: 'debug', destination });
    server = await startHttpServer(createHttpApp({ logger, routes: [echo, secret], ...deps }), 0);
    return server.url;
  }
  afterEach(async () => {
    await server?.close(100);
    server = undefined;
  });

  const postJson = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('when a request carries a sane X-Request-Id, it is echoed and used in logs', async () => {
    const url = await start();
    const response = await postJson(`${url}/api/v1/echo`, '{"text":"hi"}', {
      'x-request-id': 'abc-123.def:9',
    });
    expect(response.headers.get('x-request-id')).to.equal('abc-123.def:9');
    expect(await response.json()).to.deep.equal({ text: 'hi', requestId: 'abc-123.def:9' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines.find((line) => line.msg === 'request completed')).to.include({
      requestId: 'abc-123.def:9',
      route: '/api/v1/echo',
      statusCode: 200,
    });
  });

  for (const bad of ['short', 'has space here', 'x'.repeat(129), 'inject\\nline', '<script>']) {
    it(`when the incoming X-Request-Id is "${bad.slice(0, 20)}", a UUID is generated instead`, async () => {
      const url = await start();
      const response = await fetch(`${url}/health/live`, { headers: { 'x-request-id': bad } });
      expect(response.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });
  }

  it('when any response is sent, helmet headers are set and x-powered-by is absent', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/v1/nothing`);
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(response.headers.get('content-security-policy')).to.include("default-src 'self'");
    expect(response.headers.get('x-powered-by')).to.equal(null);
  });

  it('when no route matches, answers a JSON 404 with HTTP_NOT_FOUND', async () => {
    const url = await start();
    const response = await fetch(`${url}/nope/deeper?x=1`, { method: 'DELETE' });
    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    expect(await response.json()).to.deep.equal({
      error: { code: 'HTTP_NOT_FOUND', message: 'No route for DELETE /nope/deeper' },
    });
  });

  it('when the JSON is malformed, answers 400 HTTP_MALFORMED_JSON without parser text', async () => {
    const url = await start();
    const response = await postJson(`${url}/api/v1/echo`, '{"text": ');
    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal({
      error: { code: 'HTTP_MALFORMED_JSON', message: 'Request body is not valid JSON' },
    });
  });

  it('when the JSON body is a bare string, answers 400 (objects and arrays only)', async () => {
    const url = await start();
    expect((await postJson(`${url}/api/v1/echo`, '"just a string"')).status).to.equal(400);
  });

  it('when the body exceeds the limit, answers 413 HTTP_PAYLOAD_TOO_LARGE, also for chunked bodies', async () => {
    const url = await start({ bodyLimitBytes: 64 });
    const big = JSON.stringify({ text: 'x'.repeat(100) });
    const response = await postJson(`${url}/api/v1/echo`, big);
    expect(response.status).to.equal(413);
    expect(await response.json()).to.have.nested.property('error.code', 'HTTP_PAYLOAD_TOO_LARGE');
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await fetch(`${url}/api/v1/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).to.equal(413);
  });

  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
  ]) {
    it(`when a body is sent as ${type.split(';')[0]}, answers 415`, async () => {
      const url = await start();
      const response = await fetch(`${url}/api/v1/echo`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'text=hi',
      });
      expect(response.status).to.equal(415);
      expect(await response.json()).to.have.nested.property('error.code', 'HTTP_UNSUPPORTED_MEDIA_TYPE');
    });
  }

  it('when a JSON body uses an unsupported charset, answers 415', async () => {
    const url = await start();
    const response = await postJson(`${url}/api/v1/echo`, '{}', {
      'content-type': 'application/json; charset=latin-9000',
    });
    expect(response.status).to.equal(415);
  });

  it('when a POST has no body and no content type, the route still runs', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/v1/echo`, { method: 'POST' });
    expect(response.status).to.equal(200);
  });

  it('when a +json media type is used, it is accepted', async () => {
    const url = await start();
    const response = await postJson(`${url}/api/v1/echo`, '{"text":"v"}', {
      'content-type': 'application/vnd.stratum+json',
    });
    expect(await response.json()).to.include({ text: 'v' });
  });

  it('when a body or query carries operators, answers 400 naming the field before any route runs', async () => {
    const url = await start();
    const body = await postJson(`${url}/api/v1/echo`, '{"text":{"$gt":""}}');
    expect(body.status).to.equal(400);
    expect(await body.json()).to.have.nested.property('error.details[0].path', 'text.$gt');
    const query = await fetch(`${url}/api/v1/echo?text[$ne]=x`, { method: 'POST' });
    expect(query.status).to.equal(400);
    expect(await query.json()).to.have.nested.property('error.code', 'INPUT_FORBIDDEN_KEY');
  });

  it('when a route requires auth and no guard is configured, answers 401 with WWW-Authenticate', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/v1/secret`);
    expect(response.status).to.equal(401);
    expect(response.headers.get('www-authenticate')).to.equal('Bearer');
    expect(await response.json()).to.deep.equal({
      error: { code: 'AUTH_UNAUTHENTICATED', message: 'Authentication required' },
    });
  });

  it('when a guard and API middleware are configured, they run in order and see the route permission', async () => {
    const seen: string[] = [];
    const url = await start({
      apiMiddleware: [
        (req, res, next) => {
          if (req.headers.authorization === 'Bearer good') {
            res.locals.user = 'ann';
            bindRequestLogContext(res, { tenantId: 't1', userId: 'ann' }, createLogger({ level: 'silent' }));
          }
          next();
        },
      ],
      guard: ({ res, route }) => {
        seen.push(`${route.operationId}:${route.permission}`);
        if (route.auth === 'required' && res.locals.user !== 'ann') throw new ForbiddenError();
      },
    });
    expect((await fetch(`${url}/api/v1/secret`)).status).to.equal(403);
    const response = await fetch(`${url}/api/v1/secret`, { headers: { authorization: 'Bearer good' } });
    expect(await response.json()).to.deep.equal({ ok: true });
    expect(seen).to.deep.equal(['getSecret:secret:read', 'getSecret:secret:read']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const inside = lines.find((line) => line.msg === 'inside handler');
    expect(inside).to.include({ tenantId: 't1', userId: 'ann', password: '[REDACTED]' });
    expect(inside).to.have.property('requestId');
  });

  it('when an unknown error is thrown, answers 500 INTERNAL and logs the stack, never sending it', async () => {
    const url = await start({
      routes: [
        explode(
          Object.assign(new TypeError('db driver: connection string mongodb://u:p@h'), { name: 'TypeError' }),
        ),
      ],
    });
    const response = await fetch(`${url}/api/v1/fail/typeerror`);
    expect(response.status).to.equal(500);
    const text = await response.text();
    expect(JSON.parse(text)).to.deep.equal({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(text).not.to.include('mongodb://');
    const logged = lines.find((line) => line.msg === 'unhandled error') as
      { err: { stack: string } } | undefined;
    expect(logged?.err.stack).to.include('TypeError: db driver');
  });

  it('when a RateLimitError is thrown, answers 429 with Retry-After in whole seconds', async () => {
    const url = await start({
      routes: [
        explode(Object.assign(new RateLimitError('Slow down', { retryAfterMs: 1500 }), { name: 'Rate' })),
      ],
    });
    const response = await fetch(`${url}/api/v1/fail/rate`);
    expect(response.status).to.equal(429);
    expect(response.headers.get('retry-after')).to.equal('2');
    expect(await response.json()).to.deep.equal({
      error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Slow down' },
    });
  });

  it('when an UnavailableError with retryAfterMs is thrown, answers 503 with Retry-After', async () => {
    const url = await start({
      routes: [
        explode(
          Object.assign(new UnavailableError('Starting', { retryAfterMs: 5000 }), { name: 'Unavailable' }),
        ),
      ],
    });
    const response = await fetch(`${url}/api/v1/fail/unavailable`);
    expect(response.status).to.equal(503);
    expect(response.headers.get('retry-after')).to.equal('5');
  });

  it('when a mounted router throws an http-error (bad %-escape), answers 400 without its text', async () => {
    const url = await start({
      mount: (app) => {
        const router = Router();
        router.get('/extra/:name', (req, res) => {
          res.json({ name: req.params.name });
        });
        app.use(router);
      },
    });
    expect(await (await fetch(`${url}/extra/ok`)).json()).to.deep.equal({ name: 'ok' });
    const response = await fetch(`${url}/extra/%E0%A4%A`);
    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal({
      error: { code: 'HTTP_BAD_REQUEST', message: 'Malformed request' },
    });
  });

  it('when the docs page is requested, it is self-contained HTML under a hash-pinned CSP', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/docs`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).to.match(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).to.include("default-src 'none'");
    const html = await response.text();
    expect(html).to.include('/api/v1/openapi.json');
    expect(html).not.to.match(/<script[^>]+src=|<link[^>]+href=/);
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).to.include('textContent');
    expect(script).not.to.include('innerHTML');
    // Compiles: a syntax error would leave the page blank in every browser.
    expect(() => new Function(script)).not.to.throw();
  });
});
