import { expect } from 'chai';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDurability } from './durability.js';
import { acquireLock, isProcessAlive, parseLockPid } from './lock-file.js';
import { removeDirectory, temporaryDirectory } from './testing.js';

/** A child that exits on its own once its parent stops waiting for it (or is killed). */
function sleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('persistence/lock-file', () => {
  let dir = '';
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await temporaryDirectory();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await removeDirectory(dir);
  });

  it('when the directory is opened, mongod.lock holds our pid, and close removes it', async () => {
    const { durability } = await openDurability(dir);
    expect(parseLockPid(await readFile(join(dir, 'mongod.lock'), 'utf8'))).to.equal(process.pid);
    await durability.close();
    expect(await readdir(dir)).to.not.include('mongod.lock');
  });

  it('when a live process holds the lock, opening fails with the directory and its pid', async () => {
    const child = sleeper();
    children.push(child);
    await writeFile(join(dir, 'mongod.lock'), `${child.pid}\n`);
    const error = await openDurability(dir).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).to.equal(
      `data directory ${dir} is in use by another Stratum database server (pid ${child.pid})`,
    );
    expect(parseLockPid(await readFile(join(dir, 'mongod.lock'), 'utf8'))).to.equal(child.pid);
  });

  it('when the lock names a process that has died, the lock is taken over', async () => {
    const child = sleeper();
    const pid = child.pid as number;
    child.kill('SIGKILL');
    await exited(child);
    expect(isProcessAlive(pid)).to.equal(false);
    await writeFile(join(dir, 'mongod.lock'), `${pid}\n`);
    const { durability } = await openDurability(dir);
    expect(parseLockPid(await readFile(join(dir, 'mongod.lock'), 'utf8'))).to.equal(process.pid);
    await durability.close();
  });

  it('when the lock holds our own pid from a previous incarnation, it is taken over', async () => {
    await writeFile(join(dir, 'mongod.lock'), `${process.pid}\n`);
    const { durability } = await openDurability(dir);
    await durability.close();
    expect(await readdir(dir)).to.not.include('mongod.lock');
  });

  it('when the same process opens the directory twice, the second open is refused', async () => {
    const { durability } = await openDurability(dir);
    const error = await openDurability(dir).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).to.match(/is in use by another Stratum database server/);
    await durability.close();
    const again = await openDurability(dir);
    await again.durability.close();
  });

  it('when the lock file holds garbage or is empty, it is treated as stale', async () => {
    for (const content of ['', 'not a pid', '0', '-1']) {
      await writeFile(join(dir, 'mongod.lock'), content);
      const lock = await acquireLock(dir);
      expect(parseLockPid(await readFile(lock.path, 'utf8')), JSON.stringify(content)).to.equal(process.pid);
      await lock.release();
    }
  });

  it('when several acquisitions race for a free directory, exactly one wins', async () => {
    const attempts = await Promise.allSettled([acquireLock(dir), acquireLock(dir), acquireLock(dir)]);
    const winners = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(winners).to.have.length(1);
    await (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value.release();
    expect((await readdir(dir)).filter((name) => name.startsWith('mongod.lock'))).to.deep.equal([]);
  });

  it('when the lock was replaced by another server, release leaves that lock alone', async () => {
    const lock = await acquireLock(dir);
    await writeFile(lock.path, '999999\n');
    await lock.release();
    expect(await readFile(join(dir, 'mongod.lock'), 'utf8')).to.equal('999999\n');
  });

  it('when pids are parsed, only plain positive integers count', () => {
    expect(parseLockPid(' 1234\n')).to.equal(1234);
    expect(parseLockPid('12a')).to.equal(undefined);
    expect(parseLockPid('0')).to.equal(undefined);
    expect(parseLockPid('')).to.equal(undefined);
  });
});
