import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../core/db/embedded/server.js';
import { startStratum } from '../../../core/main.js';
import { connectTestRedis, TEST_REDIS_URL } from '../support/redis.js';

const DEMO_PASSWORD = 'main-test-demo-password';
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('startStratum in-process (integration)', function () {
  this.timeout(60_000);
  let database: EmbeddedServer;
  let dataDir: string;
  before(async () => {
    database = await startEmbeddedServer({ port: 0 });
  });
  after(async () => {
    await database.close();
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-main-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const env = (dbName: string, extra: Record<string, string> = {}) => ({
    PORT: '0',
    STRATUM_DATA_DIR: dataDir,
    MONGODB_URI: `${database.uri}${dbName}`,
    DEMO_PASSWORD,
    LOG_LEVEL: 'silent',
    ...extra,
  });

  it('when MONGODB_URI is set, no embedded database is started and the named database is used', async () => {
    const lines: string[] = [];
    const running = await startStratum({
      env: env('main_uri'),
      logDestination: silent,
      announce: (line) => lines.push(line),
    });
    try {
      expect(existsSync(join(dataDir, 'db-address.json'))).to.equal(false);
      expect(existsSync(join(dataDir, 'db'))).to.equal(false);
      expect(running.context.connection.db?.databaseName).to.equal('main_uri');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/^Stratum listening on http:\/\/127\.0\.0\.1:\d+ — /);
      expect(running.demo?.createdTenants).to.deep.equal(['demo', 'acme']);
      expect((await fetch(`${running.url}/health/ready`)).status).to.equal(200);
    } finally {
      expect(await running.lifecycle.shutdown('test')).to.equal(0);
    }
  });

  it('when shutdown starts with a request in flight, it finishes, readiness is draining and new connections are refused', async () => {
    let entered: () => void = () => undefined;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const running = await startStratum({
      env: env('main_drain'),
      logDestination: silent,
      mount: (app) =>
        app.get('/slow', (_req, res) => {
          entered();
          void released.then(() => res.json({ done: true }));
        }),
    });
    const inFlight = fetch(`${running.url}/slow`);
    await handlerEntered;
    const stopping = running.lifecycle.shutdown('test');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running.app.readiness.state().status).to.equal('draining');
    const refused = await fetch(`${running.url}/health/live`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).to.equal('refused');
    expect(running.context.connection.readyState).to.equal(1);
    release();
    const response = await inFlight;
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ done: true });
    expect(await stopping).to.equal(0);
    expect(running.context.connection.readyState).to.equal(0);
  });

  it('when REDIS_URL is set, /health reports Redis as a non-critical component', async function () {
    const probe = await connectTestRedis(this);
    probe.disconnect();
    const running = await startStratum({
      env: env('main_redis', { REDIS_URL: TEST_REDIS_URL }),
      logDestination: silent,
    });
    try {
      const report = (await (await fetch(`${running.url}/health`)).json()) as {
        components: Record<string, { status: string; critical: boolean }>;
      };
      expect(report.components.redis).to.include({ status: 'up', critical: false });
      expect(report.components.database).to.include({ status: 'up', critical: true });
    } finally {
      expect(await running.lifecycle.shutdown('test')).to.equal(0);
    }
  });

  it('when the database is unreachable, start fails with a message naming the host without its credentials', async () => {
    const failure = await startStratum({
      env: {
        ...env('x'),
        MONGODB_URI: 'mongodb://user:secret@127.0.0.1:9/stratum?serverSelectionTimeoutMS=300',
      },
      logDestination: silent,
    }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).to.equal('MongoDB is unreachable at mongodb://127.0.0.1:9/stratum');
  });
});
