/** Helpers shared by the persistence tests. */
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
} from 'bson';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from '../bson-values.js';
import type { DurabilityOptions } from './durability.js';
import { openDurability } from './durability.js';
import type { JournalRecord, RecoveredState } from './types.js';

/** Every BSON type, in the forms the server stores. */
export function everyBsonType(): Document {
  return {
    _id: new ObjectId('65a1b2c3d4e5f60718293a4b'),
    double: 1.5,
    negativeZero: -0,
    notANumber: Number.NaN,
    infinity: Number.NEGATIVE_INFINITY,
    wrappedDouble: new Double(2),
    int32: 42,
    wrappedInt32: new Int32(-7),
    safeLong: Long.fromNumber(2 ** 53),
    bigLong: Long.fromString('9007199254740993'),
    minLong: Long.MIN_VALUE,
    decimal: Decimal128.fromString('1234.5678901234567890123456789'),
    ascii: 'hello',
    longAscii: 'x'.repeat(100),
    empty: '',
    unicode: 'Grüße, 日本, 🎯',
    withNul: 'a\u0000b',
    bool: true,
    falseBool: false,
    date: new Date('2024-02-29T12:34:56.789Z'),
    ancientDate: new Date(-62_135_596_800_000),
    nullValue: null,
    regex: /ab+c/imsu,
    bsonRegex: new BSONRegExp('^x', 'ix'),
    binary: new Binary(Buffer.from([1, 2, 3, 250]), 0),
    uuid: new UUID('f81d4fae-7dec-11d0-a765-00a0c91e6bf6'),
    md5: new Binary(Buffer.alloc(16, 9), 5),
    legacyBinary: new Binary(Buffer.from('old'), 2),
    userBinary: new Binary(Buffer.from('custom'), 0x80),
    timestamp: new Timestamp({ t: 1_700_000_000, i: 3 }),
    code: new Code('function () { return 1; }'),
    codeWithScope: new Code('x + 1', { x: 1 }),
    symbol: new BSONSymbol('sym'),
    minKey: new MinKey(),
    maxKey: new MaxKey(),
    dbRef: new DBRef('other', new ObjectId('65a1b2c3d4e5f60718293a4c'), 'db2'),
    nested: { a: { b: { c: [1, { d: 'deep' }, [2, 3]] } }, 'dotted.key': 1, '': 'empty key' },
    array: [1, 'two', 3.5, null, [], {}, new Date(0), new ObjectId('65a1b2c3d4e5f60718293a4d')],
  };
}

/** A fresh directory per test; call the returned cleanup in afterEach. */
export async function temporaryDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'stratum-persistence-'));
}

export async function removeDirectory(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Opens, returns what was recovered, and closes again. */
export async function recoverState(dataDir: string, options: DurabilityOptions = {}): Promise<RecoveredState> {
  const { durability, recovered } = await openDurability(dataDir, options);
  await durability.close();
  return recovered;
}

/** Documents of one collection in recovery order, or undefined when it does not exist. */
export function documentsOf(state: RecoveredState, namespace: string): Document[] | undefined {
  const collection = state.collections.get(namespace);
  return collection === undefined ? undefined : [...collection.documents.values()];
}

export function createRecord(coll: string, db = 'app'): JournalRecord {
  return { op: 'createCollection', db, coll, options: {}, uuid: null };
}

export function putRecord(coll: string, doc: Document, db = 'app'): JournalRecord {
  return { op: 'put', db, coll, doc };
}

/** Writes records through a real durability and closes it cleanly. */
export async function writeJournal(dataDir: string, records: readonly JournalRecord[]): Promise<void> {
  const { durability } = await openDurability(dataDir);
  for (const record of records) durability.append(record);
  await durability.commit(true);
  await durability.close();
}

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const FIXTURE = fileURLToPath(new URL('./crash-child.fixture.ts', import.meta.url));

/** Runs crash-child.fixture.ts to completion (normally: until it kills itself). */
export function runCrashChild(mode: string, dataDir: string, count: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, mode, dataDir, String(count)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
