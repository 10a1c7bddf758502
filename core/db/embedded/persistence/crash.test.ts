import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDurability } from './durability.js';
import { snapshotTempFileName } from './layout.js';
import { parseLockPid } from './lock-file.js';
import { documentsOf, recoverState, removeDirectory, runCrashChild, temporaryDirectory } from './testing.js';

function expectItems(documents: readonly Record<string, unknown>[] | undefined, count: number): void {
  expect(documents).to.have.length(count);
  for (let index = 0; index < count; index++) {
    expect(documents?.[index]).to.deep.equal({
      _id: index,
      label: `item-${index}`,
      at: new Date(1_700_000_000_000 + index),
    });
  }
}

describe('persistence/crash (child processes)', function () {
  // Each case starts a TypeScript child process.
  this.timeout(60_000);
  let dir = '';
  beforeEach(async () => {
    dir = await temporaryDirectory();
  });
  afterEach(async () => removeDirectory(dir));

  it('when a child is SIGKILLed right after commit() resolved, every committed record is there on reopen', async () => {
    const result = await runCrashChild('commit', dir, 2000);
    expect(result.signal, result.stderr).to.equal('SIGKILL');
    expect(parseLockPid(await readFile(join(dir, 'mongod.lock'), 'utf8')), 'stale lock left behind').to.be.a('number');
    const state = await recoverState(dir);
    expectItems(documentsOf(state, 'app.items'), 2000);
    expect(await readdir(dir)).to.not.include('mongod.lock');
  });

  it('when a child is SIGKILLed between snapshot write and rename, the temp file is ignored and data survives', async () => {
    const result = await runCrashChild('snapshot-written', dir, 500);
    expect(result.signal, result.stderr + result.stdout).to.equal('SIGKILL');
    expect(await readdir(dir)).to.include(snapshotTempFileName(2));
    const state = await recoverState(dir);
    expectItems(documentsOf(state, 'app.items'), 500);
    expect(state.stats.snapshotDocuments).to.equal(0);
    expect(await readdir(dir)).to.not.include(snapshotTempFileName(2));
  });

  it('when a child is SIGKILLed after the snapshot rename but before cleanup, recovery uses the snapshot', async () => {
    const result = await runCrashChild('snapshot-renamed', dir, 500);
    expect(result.signal, result.stderr + result.stdout).to.equal('SIGKILL');
    const state = await recoverState(dir);
    expect(state.stats.snapshotDocuments).to.equal(500);
    expectItems(documentsOf(state, 'app.items'), 500);
  });

  it('when a live child process holds the directory, this process is refused until the child dies', async () => {
    const fixture = fileURLToPath(new URL('./crash-child.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, 'hold', dir, '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      const error = await openDurability(dir).catch((caught: unknown) => caught as Error);
      expect((error as Error).message).to.equal(
        `data directory ${dir} is in use by another Stratum database server (pid ${child.pid})`,
      );
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
    }
    expectItems(documentsOf(await recoverState(dir), 'app.items'), 3);
  });
});
