import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { createApp } from '../../../core/app/create-app.js';
import type { StratumApp } from '../../../core/app/create-app.js';
import { closeDatabaseConnection, openDatabaseConnection } from '../../../core/db/connection.js';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../core/db/embedded/server.js';
import { startHttpServer } from '../../../core/http/http-server.js';
import type { RunningHttpServer } from '../../../core/http/http-server.js';
import { createLogger } from '../../../core/logging/logger.js';

interface HealthBody {
  readonly status: string;
  readonly components: Record<string, { status: string; latencyMs: number; detail?: string }>;
}

async function until<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

describe('database health (integration)', function () {
  this.timeout(30_000);
  let database: EmbeddedServer;
  let connection: Connection;
  let app: StratumApp;
  let server: RunningHttpServer;

  before(async () => {
    database = await startEmbeddedServer({ port: 0 });
    connection = await openDatabaseConnection(database.uri, {
      dbName: 'database_health_test',
      serverSelectionTimeoutMs: 1000,
      heartbeatFrequencyMs: 500,
    });
    app = createApp({
      config: { trustProxy: false, metricsToken: undefined },
      logger: createLogger({ level: 'silent' }),
      connection,
      modules: { routes: [], apiMiddleware: [], guard: () => undefined },
      collectDefaultMetrics: false,
    });
    app.readiness.satisfy('indexes');
    app.readiness.satisfy('plugins');
    server = await startHttpServer(app.express, 0);
  });
  after(async () => {
    app.dispose();
    await server.close(500);
    await closeDatabaseConnection(connection);
    await database.close();
  });

  it('when the database goes away, /health answers 503 with the database down and /health/ready turns 503', async () => {
    const healthy = await fetch(`${server.url}/health`);
    expect(healthy.status).to.equal(200);
    expect((await fetch(`${server.url}/health/ready`)).status).to.equal(200);

    await database.close();

    const health = await until(
      async () => fetch(`${server.url}/health`),
      (response) => response.status === 503,
      10_000,
    );
    expect(health.status).to.equal(503);
    const body = (await health.json()) as HealthBody;
    expect(body.status).to.equal('down');
    expect(body.components.database).to.include({ status: 'down' });
    expect(JSON.stringify(body)).not.to.match(/ECONNREFUSED|127\.0\.0\.1/);
    const ready = await until(
      async () => fetch(`${server.url}/health/ready`),
      (response) => response.status === 503,
      5_000,
    );
    expect(ready.status).to.equal(503);
    expect(await ready.json()).to.deep.equal({ status: 'starting', pending: ['database'] });
  });
});
