/**
 * File layout of a data directory. Every journal and snapshot carries a generation number:
 * snapshot N holds the state as of some moment after journal N was started, so the state is
 * snapshot N followed by journals N, N+1, … in order. Without any snapshot, journals replay from
 * generation 1.
 */
import { mkdir, open, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const LOCK_FILE = 'mongod.lock';

const JOURNAL_PATTERN = /^journal-(\d+)\.log$/;
const SNAPSHOT_PATTERN = /^snapshot-(\d+)\.snap$/;
const TEMP_PATTERN = /^snapshot-\d+\.snap\.tmp$/;

function padGeneration(generation: number): string {
  return String(generation).padStart(10, '0');
}

export function journalFileName(generation: number): string {
  return `journal-${padGeneration(generation)}.log`;
}

export function snapshotFileName(generation: number): string {
  return `snapshot-${padGeneration(generation)}.snap`;
}

/** Snapshots are written under this name and renamed once complete and fsynced. */
export function snapshotTempFileName(generation: number): string {
  return `${snapshotFileName(generation)}.tmp`;
}

export interface DirectoryListing {
  /** Ascending. */
  readonly journals: number[];
  /** Ascending. */
  readonly snapshots: number[];
  /** Leftovers of snapshots interrupted before their rename. */
  readonly temporaries: string[];
}

function collectGeneration(name: string, pattern: RegExp, into: number[]): boolean {
  const match = pattern.exec(name);
  if (match === null) return false;
  into.push(Number(match[1]));
  return true;
}

export async function listDirectory(dataDir: string): Promise<DirectoryListing> {
  const journals: number[] = [];
  const snapshots: number[] = [];
  const temporaries: string[] = [];
  for (const name of await readdir(dataDir)) {
    if (collectGeneration(name, JOURNAL_PATTERN, journals)) continue;
    if (collectGeneration(name, SNAPSHOT_PATTERN, snapshots)) continue;
    if (TEMP_PATTERN.test(name)) temporaries.push(name);
  }
  journals.sort((a, b) => a - b);
  snapshots.sort((a, b) => a - b);
  return { journals, snapshots, temporaries };
}

/** Creates the directory (and missing parents), making the new entries durable. */
export async function ensureDirectory(dataDir: string): Promise<void> {
  const firstCreated = await mkdir(dataDir, { recursive: true });
  if (firstCreated !== undefined) await fsyncDirectory(dirname(firstCreated));
}

/** Makes creations, renames and deletions of directory entries durable. */
export async function fsyncDirectory(dataDir: string): Promise<void> {
  const handle = await open(dataDir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Deletes files that may already be gone (a previous cleanup may have been interrupted). */
export async function removeFiles(dataDir: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await unlink(join(dataDir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
