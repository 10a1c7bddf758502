/**
 * `mongod.lock`: one server per data directory. The lock holds the owner's pid; a lock whose pid
 * is no longer alive is left over from a crash and is taken over.
 */
import { link, open, readFile, realpath, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE } from './layout.js';

/** Directories this process holds, so a second open in the same process is refused too. */
const heldDirectories = new Set<string>();

const MAX_ATTEMPTS = 5;

export interface DirectoryLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

function inUseError(dataDir: string, pid: number): Error {
  return new Error(`data directory ${dataDir} is in use by another Stratum database server (pid ${pid})`);
}

function uniqueSuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A pid that is alive (EPERM: alive but owned by someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a lock file's text, or undefined when it holds none (torn, empty or foreign). */
export function parseLockPid(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return undefined;
  const pid = Number(trimmed);
  // pid 0 and negative pids address process groups in kill(2): never probe those.
  return pid > 0 ? pid : undefined;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Creates the lock with the pid already inside: the content is written to a private temp file
 * (created O_EXCL) and published with link(2), which fails if the lock exists. A plain
 * O_EXCL create of the lock itself would leave a moment where another starter sees an empty lock.
 */
async function tryCreate(lockPath: string): Promise<boolean> {
  const temp = `${lockPath}.${uniqueSuffix()}`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(`${process.pid}\n`);
  } finally {
    await handle.close();
  }
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}

/**
 * Moves a stale lock aside. rename(2) lets exactly one of several racing starters win; the winner
 * then checks it moved the stale lock and not a fresh one created in between (and puts that back).
 */
async function takeOver(lockPath: string, staleText: string): Promise<void> {
  const aside = `${lockPath}.stale-${uniqueSuffix()}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== staleText) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside);
}

/** Takes the data directory's lock or throws when a live server holds it. */
export async function acquireLock(dataDir: string): Promise<DirectoryLock> {
  const directory = await realpath(dataDir);
  // Claimed before the first await below, so concurrent opens within this process cannot both
  // mistake our own pid in the lock for a previous incarnation.
  if (heldDirectories.has(directory)) throw inUseError(dataDir, process.pid);
  heldDirectories.add(directory);
  try {
    await lockDirectory(dataDir, join(directory, LOCK_FILE));
  } catch (error) {
    heldDirectories.delete(directory);
    throw error;
  }
  return createHandle(directory, join(directory, LOCK_FILE));
}

async function lockDirectory(dataDir: string, lockPath: string): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (await tryCreate(lockPath)) return;
    const text = await readIfExists(lockPath);
    if (text === undefined) continue;
    const pid = parseLockPid(text);
    // Our own pid here is a previous incarnation (e.g. pid 1 in a restarted container): this
    // process holds no lock on the directory, as heldDirectories says.
    if (pid !== undefined && pid !== process.pid && isProcessAlive(pid)) throw inUseError(dataDir, pid);
    await takeOver(lockPath, text);
  }
  throw new Error(`could not acquire ${lockPath}: other processes keep racing for it`);
}

function createHandle(directory: string, lockPath: string): DirectoryLock {
  let released = false;
  return {
    path: lockPath,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      heldDirectories.delete(directory);
      const text = await readIfExists(lockPath);
      if (text !== undefined && parseLockPid(text) === process.pid) await unlink(lockPath);
    },
  };
}
