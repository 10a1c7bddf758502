import { expect } from 'chai';
import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { createApp } from '../../../core/app/create-app.js';
import type { HttpModules, StratumApp } from '../../../core/app/create-app.js';
import { closeDatabaseConnection, openDatabaseConnection } from '../../../core/db/connection.js';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../core/db/embedded/server.js';
import { AuthenticationError } from '../../../core/errors/errors.js';
import { defineRoute } from '../../../core/http/define-route.js';
import { startHttpServer } from '../../../core/http/http-server.js';
import type { RunningHttpServer } from '../../../core/http/http-server.js';
import { createLogger } from '../../../core/logging/logger.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123';
const logger = createLogger({ level: 'silent' });

/** Stand-in for the core modules: one open route, one guarded route, a middleware that tags replies. */
function fakeModules(name: string): HttpModules {
  const tag: RequestHandler = (_req, res, next) => {
    res.setHeader('x-app', name);
    next();
  };
  return {
    routes: [
      defineRoute({
        method: 'get',
        path: '/ping',
        summary: 'Ping',
        tags: ['test'],
        auth: 'none',
        responses: { 200: z.object({ app: z.string() }) },
        handler: (_ctx) => ({ status: 200, body: { app: name } }),
      }),
      defineRoute({
        method: 'get',
        path: '/secret',
        summary: 'Secret',
        tags: ['test'],
        auth: 'required',
        responses: { 200: z.object({ ok: z.boolean() }) },
        handler: (_ctx) => ({ status: 200, body: { ok: true } }),
      }),
    ],
    apiMiddleware: [tag],
    guard: ({ req, route }) => {
      if (route.auth === 'required' && req.headers.authorization !== `Bearer ${name}`)
        throw new AuthenticationError();
    },
  };
}

interface Running {
  readonly app: StratumApp;
  readonly server: RunningHttpServer;
}

describe('createApp (integration)', function () {
  this.timeout(30_000);
  let database: EmbeddedServer;
  let connection: Connection;
  let first: Running;
  let second: Running;

  async function start(name: string, metricsToken: string | undefined): Promise<Running> {
    const app = createApp({
      config: { trustProxy: false, metricsToken },
      logger,
      connection,
      modules: fakeModules(name),
      metricsLabels: { app: name },
    });
    return { app, server: await startHttpServer(app.express, 0) };
  }

  before(async () => {
    database = await startEmbeddedServer({ port: 0 });
    connection = await openDatabaseConnection(database.uri, { dbName: 'create_app_test' });
    first = await start('first', METRICS_TOKEN);
    second = await start('second', undefined);
  });
  after(async () => {
    for (const running of [first, second]) {
      running.app.dispose();
      await running.server.close(500);
    }
    await closeDatabaseConnection(connection);
    await database.close();
  });

  const get = (running: Running, path: string, headers: Record<string, string> = {}) =>
    fetch(`${running.server.url}${path}`, { headers });

  it('when two apps run in one process, each serves its own modules, guard and middleware', async () => {
    const [a, b] = await Promise.all([get(first, '/api/v1/ping'), get(second, '/api/v1/ping')]);
    expect(await a.json()).to.deep.equal({ app: 'first' });
    expect(await b.json()).to.deep.equal({ app: 'second' });
    expect([a.headers.get('x-app'), b.headers.get('x-app')]).to.deep.equal(['first', 'second']);
    expect((await get(first, '/api/v1/secret', { authorization: 'Bearer second' })).status).to.equal(401);
    expect((await get(second, '/api/v1/secret', { authorization: 'Bearer second' })).status).to.equal(200);
  });

  it('when gates are pending, /health/ready is 503 listing them; once satisfied 200; draining one app leaves the other ready', async () => {
    const pending = await get(first, '/health/ready');
    expect(pending.status).to.equal(503);
    expect(await pending.json()).to.deep.equal({ status: 'starting', pending: ['indexes', 'plugins'] });
    for (const running of [first, second]) {
      running.app.readiness.satisfy('indexes');
      running.app.readiness.satisfy('plugins');
    }
    expect((await get(first, '/health/ready')).status).to.equal(200);
    second.app.readiness.startDraining();
    const draining = await get(second, '/health/ready');
    expect(draining.status).to.equal(503);
    expect(await draining.json()).to.include({ status: 'draining' });
    expect((await get(first, '/health/ready')).status).to.equal(200);
    expect((await get(second, '/health/live')).status).to.equal(200);
  });

  it('when the database answers, /health reports it up and critical with its ping latency', async () => {
    const response = await get(first, '/health');
    expect(response.status).to.equal(200);
    const report = (await response.json()) as {
      status: string;
      components: Record<string, Record<string, unknown>>;
    };
    expect(report.status).to.equal('up');
    expect(report.components.database).to.include({ status: 'up', critical: true });
    expect(report.components.database?.latencyMs).to.be.a('number').and.at.least(0);
    expect(report.components).not.to.have.property('redis');
  });

  it('when METRICS_TOKEN is set, /metrics refuses a missing or wrong token and serves Prometheus text with it', async () => {
    expect((await get(first, '/metrics')).status).to.equal(401);
    expect(
      (await get(first, '/metrics', { authorization: 'Bearer wrong-token-0000000000' })).status,
    ).to.equal(401);
    await get(first, '/api/v1/ping');
    const response = await get(first, '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await response.text();
    expect(text).to.match(
      /http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/ping"[^}]*app="first"|http_request_duration_seconds_count\{[^}]*app="first"[^}]*route="\/api\/v1\/ping"/,
    );
    expect(text).to.include('nodejs_eventloop_lag_seconds');
    expect(text).to.include('process_cpu_seconds_total');
    expect(text).not.to.include('app="second"');
  });

  it('when METRICS_TOKEN is unset, /metrics is open', async () => {
    const response = await get(second, '/metrics');
    expect(response.status).to.equal(200);
    expect(await response.text()).to.include('app="second"');
  });
});
