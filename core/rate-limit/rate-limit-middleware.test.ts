import { expect } from 'chai';
import { z } from 'zod';
import { createHttpApp } from '../http/create-http-app.js';
import { defineRoute } from '../http/define-route.js';
import { startHttpServer } from '../http/http-server.js';
import type { RunningHttpServer } from '../http/http-server.js';
import { createLogger } from '../logging/logger.js';
import { rateLimitMiddleware } from './rate-limit-middleware.js';
import { createRateLimiters } from './rate-limiters.js';
import type { RateLimiters } from './rate-limiters.js';

const ping = defineRoute({
  method: 'get',
  path: '/ping',
  summary: 'Ping',
  tags: ['test'],
  auth: 'none',
  responses: { 200: z.object({ pong: z.boolean() }) },
  handler: (_ctx) => ({ status: 200, body: { pong: true } }),
});

type Scope = 'ip' | 'principal' | 'tenant';

describe('rateLimitMiddleware', () => {
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close(100);
    server = undefined;
  });

  async function start(limiters: RateLimiters<Scope>): Promise<string> {
    const middleware = rateLimitMiddleware(limiters, (req) => ({
      ip: req.ip,
      principal: typeof req.headers['x-user'] === 'string' ? `user:${req.headers['x-user']}` : undefined,
      tenant: typeof req.headers['x-tenant'] === 'string' ? req.headers['x-tenant'] : undefined,
    }));
    server = await startHttpServer(
      createHttpApp({
        logger: createLogger({ level: 'silent' }),
        routes: [ping],
        apiMiddleware: [middleware],
      }),
      0,
    );
    return server.url;
  }

  it('when under the limit, the response carries RateLimit-Limit/Remaining/Reset of the tightest scope', async () => {
    const url = await start(
      createRateLimiters<Scope>({
        policies: {
          ip: { points: 100, durationSec: 60 },
          principal: { points: 5, durationSec: 30 },
          tenant: { points: 50, durationSec: 60 },
        },
      }),
    );
    const response = await fetch(`${url}/api/v1/ping`, { headers: { 'x-user': 'u1', 'x-tenant': 't1' } });
    expect(response.status).to.equal(200);
    expect(response.headers.get('ratelimit-limit')).to.equal('5');
    expect(response.headers.get('ratelimit-remaining')).to.equal('4');
    expect(Number(response.headers.get('ratelimit-reset'))).to.be.within(29, 30);
  });

  it('when a scope is exhausted, answers 429 RATE_LIMIT_EXCEEDED with Retry-After and the scope in details', async () => {
    const url = await start(
      createRateLimiters<Scope>({
        policies: {
          ip: { points: 100, durationSec: 60 },
          principal: { points: 2, durationSec: 60 },
          tenant: { points: 100, durationSec: 60 },
        },
      }),
    );
    const call = () => fetch(`${url}/api/v1/ping`, { headers: { 'x-user': 'u1' } });
    await call();
    await call();
    const refused = await call();
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get('retry-after'))).to.be.within(59, 60);
    expect(refused.headers.get('ratelimit-remaining')).to.equal('0');
    expect(await refused.json()).to.deep.equal({
      error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests', details: { scope: 'principal' } },
    });
    const otherUser = await fetch(`${url}/api/v1/ping`, { headers: { 'x-user': 'u2' } });
    expect(otherUser.status).to.equal(200);
  });

  it('when only the IP scope applies (anonymous), the IP budget limits', async () => {
    const url = await start(
      createRateLimiters<Scope>({
        policies: {
          ip: { points: 1, durationSec: 60 },
          principal: { points: 100, durationSec: 60 },
          tenant: { points: 100, durationSec: 60 },
        },
      }),
    );
    expect((await fetch(`${url}/api/v1/ping`)).status).to.equal(200);
    const refused = await fetch(`${url}/api/v1/ping`);
    expect(refused.status).to.equal(429);
    expect(await refused.json()).to.have.nested.property('error.details.scope', 'ip');
  });
});
