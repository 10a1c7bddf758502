/**
 * Conformance-suite harness: every test file talks to a MongoDB-protocol server over real TCP.
 * By default that is the embedded server started in-process on port 0 (memory only); when
 * `MONGODB_URI` is set the same cases run against that real MongoDB instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MongoClient,
  MongoServerError,
  type Collection,
  type Db,
  type Decimal128,
  type Document,
  type Long,
  type ObjectId,
  type UpdateFilter,
} from 'mongodb';
import { expect } from 'chai';

/** What `startEmbeddedServer` resolves to (see core/db/embedded/server.ts). */
export interface EmbeddedServerHandle {
  readonly host: string;
  readonly port: number;
  readonly uri: string;
  close(): Promise<void>;
}

type StartEmbeddedServer = (options: {
  port?: number;
  host?: string;
  dataDir?: string;
  storage?: { ttlIntervalMs?: number; syncIntervalMs?: number };
}) => Promise<EmbeddedServerHandle>;

/** A schema-less document whose `_id` may be of any BSON type (the driver's default assumes ObjectId). */
export type AnyDoc = { _id?: AnyId; [field: string]: unknown };

/** Any `_id` a test uses (arrays are included to test that the server refuses them). */
export type AnyId = string | number | boolean | null | ObjectId | Date | Long | Decimal128 | Document | unknown[];

/**
 * An update document or pipeline for an `AnyDoc` collection: the driver's `UpdateFilter` typing
 * cannot check operators against fields typed `unknown`, and these tests exercise the server.
 */
export function asUpdate(update: Document | Document[]): UpdateFilter<AnyDoc> {
  return update as UpdateFilter<AnyDoc>;
}

/** The connection a test file works with; valid inside tests and hooks only. */
export interface DatabaseHandle {
  readonly client: MongoClient;
  readonly db: Db;
  readonly dbName: string;
  /** The server's connection string (`MONGODB_URI` verbatim for an external server). */
  readonly uri: string;
  readonly isEmbedded: boolean;
  /** False for replica sets and sharded clusters, where e.g. transactions are supported. */
  readonly isStandalone: boolean;
  /** A collection handle with a name no other test of this file uses. */
  collection<T extends Document = AnyDoc>(prefix?: string): Collection<T>;
}

/** The URI of an external MongoDB to test against, if any. */
export const externalUri: string | undefined = process.env['MONGODB_URI'] || undefined;

/** TTL monitor period of the in-process embedded server (real mongod: 60 s). */
export const embeddedTtlIntervalMs = 500;

async function startInProcessServer(): Promise<EmbeddedServerHandle> {
  // Imported lazily so that runs against a real MongoDB never load the engine.
  const module = (await import('../../core/db/embedded/server.js')) as {
    startEmbeddedServer: StartEmbeddedServer;
  };
  return module.startEmbeddedServer({
    port: 0,
    host: '127.0.0.1',
    storage: { ttlIntervalMs: embeddedTtlIntervalMs },
  });
}

function databaseNameFor(area: string): string {
  const safeArea = area.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 24);
  return `conf_${safeArea}_${randomBytes(4).toString('hex')}`;
}

class DatabaseFixture implements DatabaseHandle {
  private state:
    | { client: MongoClient; db: Db; uri: string; standalone: boolean; server?: EmbeddedServerHandle }
    | undefined;
  private collectionCounter = 0;
  readonly dbName: string;
  readonly isEmbedded = externalUri === undefined;

  constructor(area: string) {
    this.dbName = databaseNameFor(area);
  }

  private get ready(): NonNullable<DatabaseFixture['state']> {
    if (!this.state) throw new Error('useDatabase(): the connection is only available inside tests and hooks');
    return this.state;
  }

  get client(): MongoClient {
    return this.ready.client;
  }

  get db(): Db {
    return this.ready.db;
  }

  get uri(): string {
    return this.ready.uri;
  }

  get isStandalone(): boolean {
    return this.ready.standalone;
  }

  collection<T extends Document = AnyDoc>(prefix = 'c'): Collection<T> {
    this.collectionCounter += 1;
    return this.db.collection<T>(`${prefix}_${this.collectionCounter}`);
  }

  async start(): Promise<void> {
    const server = externalUri === undefined ? await startInProcessServer() : undefined;
    const uri = server?.uri ?? (externalUri as string);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
    try {
      await client.connect();
      const hello = await client.db('admin').command({ hello: 1 });
      const standalone = hello['setName'] === undefined && hello['msg'] !== 'isdbgrid';
      this.state = { client, db: client.db(this.dbName), uri, standalone, server };
    } catch (error) {
      await client.close().catch(() => undefined);
      await server?.close();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const state = this.state;
    this.state = undefined;
    if (!state) return;
    await state.db.dropDatabase().catch(() => undefined);
    await state.client.close();
    await state.server?.close();
  }
}

/**
 * Registers mocha hooks that give the enclosing `describe` (or file) a server, a connected
 * `MongoClient` and a fresh database that is dropped afterwards.
 */
export function useDatabase(area: string): DatabaseHandle {
  const fixture = new DatabaseFixture(area);
  before(async function () {
    this.timeout(60_000);
    await fixture.start();
  });
  after(async function () {
    this.timeout(30_000);
    await fixture.stop();
  });
  return fixture;
}

/**
 * Marks the enclosing `describe` as embedded-only: against an external MongoDB every case in it
 * is reported as pending, with `reason` in the hook title.
 */
export function embeddedOnly(reason: string): void {
  before(`embedded only: ${reason}`, function () {
    if (externalUri !== undefined) this.skip();
  });
}

/** Awaits `action` and asserts that it fails with a server error carrying `code`. */
export async function expectServerError(action: Promise<unknown>, code: number): Promise<MongoServerError> {
  const error = await expectRejection(action);
  expect(error, `expected a MongoServerError, got ${String(error)}`).to.be.instanceOf(MongoServerError);
  const serverError = error as MongoServerError;
  expect(serverError.code, serverError.message).to.equal(code);
  return serverError;
}

/** Awaits `action` and returns what it was rejected with (fails the test when it resolves). */
export async function expectRejection(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  expect.fail('expected the operation to be rejected, but it succeeded');
}

/** Whether a value is a bson `Long` (cursor ids must be int64 on the wire). */
export function isLong(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'Long';
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last result. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One plan stage found anywhere in an explain output. */
export interface PlanStage {
  readonly stage: string;
  readonly indexName?: string;
}

/**
 * Every `stage` in the winning plan of an explain output, wherever the server nests it (classic
 * `inputStage(s)`, SBE `queryPlan`, or an aggregation's `$cursor`).
 */
export function winningPlanStages(explain: Document): PlanStage[] {
  const stages: PlanStage[] = [];
  const visit = (node: unknown, inRejected: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, inRejected);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (!inRejected && typeof record['stage'] === 'string') {
      const indexName = typeof record['indexName'] === 'string' ? record['indexName'] : undefined;
      stages.push(indexName === undefined ? { stage: record['stage'] } : { stage: record['stage'], indexName });
    }
    for (const [key, value] of Object.entries(record)) {
      // Rejected plans and execution stats would add stages the query did not run.
      visit(value, inRejected || key === 'rejectedPlans' || key === 'allPlansExecution');
    }
  };
  visit(explain, false);
  return stages;
}

/** A `stratum db` child process (durability tests: embedded only). */
export interface CliServer {
  readonly uri: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process ended. */
  readonly exited: Promise<number | null>;
  /** Sends `signal` and waits for the exit. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

const cliPath = fileURLToPath(new URL('../../bin/stratum.js', import.meta.url));
const addressPattern = /mongodb:\/\/[\w.-]+:\d+\/?/;

function spawnCli(dataDir: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cliPath, 'db', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MONGODB_URI: '' },
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Starts `node bin/stratum.js db` on `dataDir` and waits for the line with its address. */
export async function startCliServer(dataDir: string, timeoutMs = 60_000): Promise<CliServer> {
  const { child, output, exited } = spawnCli(dataDir);
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    const match = addressPattern.exec(output());
    if (match) {
      const uri = match[0].endsWith('/') ? match[0] : `${match[0]}/`;
      const stop = async (signal: NodeJS.Signals): Promise<number | null> => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      };
      return { uri, child, output, exited, stop };
    }
    if (exitCode !== undefined) throw new Error(`stratum db exited (${String(exitCode)}) before listening:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`stratum db printed no address within ${timeoutMs} ms:\n${output()}`);
    }
    await sleep(50);
  }
}

/** Runs `stratum db` on `dataDir` expecting it to refuse to start; returns its exit code and output. */
export async function runCliExpectingExit(
  dataDir: string,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const { child, output, exited } = spawnCli(dataDir);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: output() };
}

export async function makeTempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'stratum-db-conformance-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
