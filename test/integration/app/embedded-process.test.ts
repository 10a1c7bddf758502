import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import {
  embeddedAddressPath,
  readEmbeddedAddress,
  startEmbeddedDatabaseProcess,
} from '../../../core/db/embedded-process.js';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import { isProcessAlive } from '../../../core/db/embedded/persistence/lock-file.js';
import { createLogger } from '../../../core/logging/logger.js';

const logger = createLogger({ level: 'silent' });

async function ping(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('embedded database child process', function () {
  this.timeout(30_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'stratum-embedded-process-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('when started, it answers on the printed address, publishes it for the CLI, and stop removes both', async () => {
    const embedded = await startEmbeddedDatabaseProcess({
      dataDir,
      logger,
      onUnexpectedExit: () => undefined,
    });
    await ping(embedded.uri);
    expect(await readEmbeddedAddress(dataDir)).to.deep.equal({ uri: embedded.uri, pid: embedded.pid });
    await embedded.stop();
    expect(isProcessAlive(embedded.pid)).to.equal(false);
    expect(existsSync(embeddedAddressPath(dataDir))).to.equal(false);
    expect(await readEmbeddedAddress(dataDir)).to.equal(undefined);
  });

  it('when the child dies on its own, onUnexpectedExit gets a message naming how it ended', async () => {
    const messages: string[] = [];
    const embedded = await startEmbeddedDatabaseProcess({
      dataDir,
      logger,
      onUnexpectedExit: (m) => messages.push(m),
    });
    process.kill(embedded.pid, 'SIGKILL');
    expect(await waitUntil(() => messages.length > 0, 5000)).to.equal(true);
    expect(messages[0]).to.match(/embedded database stopped unexpectedly \(signal SIGKILL\)/);
    await embedded.stop();
    expect(messages).to.have.length(1);
  });

  it('when the data directory is held by another server, start fails with its stderr in the message', async () => {
    const holder = await startEmbeddedServer({ dataDir: join(dataDir, 'db') });
    try {
      const failure = await startEmbeddedDatabaseProcess({
        dataDir,
        logger,
        onUnexpectedExit: () => undefined,
      }).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(failure?.message).to.match(
        /exited before listening \(exit code 1\): .*in use by another Stratum database server/,
      );
    } finally {
      await holder.close();
    }
  });

  it('when it does not listen within the start timeout, start fails saying so', async () => {
    const failure = await startEmbeddedDatabaseProcess({
      dataDir,
      logger,
      onUnexpectedExit: () => undefined,
      startTimeoutMs: 1,
    }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).to.match(/did not start within 0.001 s/);
  });

  it('when stratum db runs with --stop-on-stdin-close and its stdin closes, it flushes and exits 0', async () => {
    const child = spawn(
      process.execPath,
      ['bin/stratum.js', 'db', '--port', '0', '--data-dir', join(dataDir, 'db'), '--stop-on-stdin-close'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve()),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).to.equal(0);
  });
});
