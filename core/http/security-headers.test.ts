import { get } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { createLogger } from '../logging/logger.js';
import { createHttpApp } from './create-http-app.js';
import { startHttpServer } from './http-server.js';
import type { RunningHttpServer } from './http-server.js';
import { inSequence } from './middleware-sequence.js';
import { securityHeadersMiddleware, weakEtagOf } from './security-headers.js';

describe('precomputed security headers', () => {
  const servers: RunningHttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function headersOf(middleware: RequestHandler): Promise<[string, string][]> {
    const app = express();
    app.use(middleware);
    app.get('/x', (_req, res) => {
      res.json({ ok: true });
    });
    const server = await startHttpServer(app, 0);
    servers.push(server);
    const response = await fetch(`${server.url}/x`);
    return [...response.headers].filter(([name]) => !['date', 'etag'].includes(name));
  }

  it('when a response is sent, it carries exactly the headers helmet() sets, in the same order', async () => {
    const fromHelmet = await headersOf(helmet());
    expect(fromHelmet.map(([name]) => name)).to.include('content-security-policy');
    expect(await headersOf(securityHeadersMiddleware())).to.deep.equal(fromHelmet);
  });

  it('when a body is given, its weak ETag has the format Express generates', () => {
    expect(weakEtagOf('{"a":1}')).to.equal('W/"7-n4nHQM60bXQYySSnisV5QdXpZSA"');
  });

  it('when the spec is fetched, it has an ETag and answers 304 to it; API replies carry none', async () => {
    const app = createHttpApp({ logger: createLogger({ level: 'silent' }) });
    const server = await startHttpServer(app, 0);
    servers.push(server);
    const spec = await fetch(`${server.url}/api/v1/openapi.json`);
    const etag = spec.headers.get('etag') ?? '';
    expect(etag).to.match(/^W\/"[0-9a-f]+-/);
    // Node's fetch adds `cache-control: no-cache` to conditional requests; plain http does not.
    const again = await new Promise<{ status: number }>((resolve, reject) => {
      get(`${server.url}/api/v1/openapi.json`, { headers: { 'if-none-match': etag } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      }).once('error', reject);
    });
    expect(again.status).to.equal(304);
    const notFound = await fetch(`${server.url}/api/v1/nothing`);
    expect(notFound.headers.get('etag')).to.equal(null);
  });
});

describe('inSequence', () => {
  it('when a later middleware throws or rejects, the error reaches next once and the rest is skipped', async () => {
    const seen: string[] = [];
    const run = (handlers: RequestHandler[]) =>
      new Promise<unknown>((resolve) => {
        const middleware = inSequence(handlers);
        void middleware({} as never, {} as never, (error?: unknown) => resolve(error));
      });
    const boom = new Error('boom');
    expect(
      await run([
        (_req, _res, next) => setImmediate(next),
        () => {
          throw boom;
        },
        () => seen.push('never'),
      ]),
    ).to.equal(boom);
    expect(
      await run([
        async () => {
          await Promise.resolve();
          throw boom;
        },
      ]),
    ).to.equal(boom);
    expect(await run([(_req, _res, next) => next(), (_req, _res, next) => next()])).to.equal(undefined);
    expect(seen).to.deep.equal([]);
  });
});
