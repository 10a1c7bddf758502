/**
 * `npm run bench -- db [--docs 1000000]`: the embedded database under metricsDaily-shaped load,
 * server in its own process (as `npm start` runs it), client through the official driver.
 * Prints each figure beside its target and the raw bson encode+decode floor of the same workload.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { calculateObjectSize, deserialize, serialize } from 'bson';
import { MongoClient, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { dayString, metricsRow, type MetricsRow } from './metrics-rows.js';

interface RunningServer {
  readonly child: ChildProcess;
  readonly uri: string;
  readonly startMillis: number;
}

function startServer(dataDir: string): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/stratum.js', 'db', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /mongodb:\/\/\S+/.exec(output);
      if (match) resolve({ child, uri: match[0], startMillis: performance.now() - started });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)} before listening`)));
  });
}

function stopServer(server: RunningServer, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function rows(from: number, count: number): MetricsRow[] {
  return Array.from({ length: count }, (_, i) => metricsRow(from + i));
}

function line(label: string, value: string, target: string, ok: boolean | undefined): void {
  const verdict = ok === undefined ? '' : ok ? '  ok' : '  MISSED';
  process.stdout.write(`${label.padEnd(46)} ${value.padStart(16)}   target ${target}${verdict}\n`);
}

async function timed<T>(work: () => Promise<T>): Promise<{ millis: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { millis: performance.now() - start, value };
}

function bsonFloor(documents: readonly MetricsRow[]): number {
  const start = performance.now();
  for (const document of documents) deserialize(serialize(document));
  return performance.now() - start;
}

/** True while the server is writing a snapshot in the background (it competes with queries). */
async function backgroundCompaction(client: MongoClient): Promise<boolean> {
  const status = await client.db('admin').command({ serverStatus: 1 });
  const engine = status['storageEngine'] as { backgroundCompaction?: unknown } | undefined;
  return engine?.backgroundCompaction === true;
}

/** Waits (bounded) until the background compaction that loading triggered is done; returns ms waited. */
async function waitForCompaction(client: MongoClient, timeoutMs = 180_000): Promise<number> {
  const start = performance.now();
  while ((await backgroundCompaction(client)) && performance.now() - start < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return performance.now() - start;
}

interface QueryLatencies {
  readonly p50: number;
  readonly p99: number;
  readonly returned: number;
}

/** 300 indexed range queries (10 campaigns × ≤100 days of one tenant); the first 20 warm up. */
async function measureQueries(collection: Collection<MetricsRow>): Promise<QueryLatencies> {
  const latencies: number[] = [];
  let returned = 0;
  for (let i = 0; i < 300; i++) {
    const campaigns = Array.from({ length: 10 }, (_, k) => `cmp-${(i * 37 + k * 191) % 2000}`);
    const start = performance.now();
    const found = await collection
      .find({ tenantId: `tenant-${i % 10}`, campaignId: { $in: campaigns }, date: { $gte: dayString(0), $lte: dayString(99) } })
      .toArray();
    latencies.push(performance.now() - start);
    returned = Math.max(returned, found.length);
  }
  const measured = latencies.slice(20).sort((a, b) => a - b);
  return { p50: percentile(measured, 50), p99: percentile(measured, 99), returned };
}

async function loadInChunks(collection: Collection<MetricsRow>, from: number, total: number): Promise<void> {
  for (let offset = from; offset < total; offset += 100_000) {
    await collection.insertMany(rows(offset, Math.min(100_000, total - offset)), { ordered: false });
  }
}

export async function runDbBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { docs: { type: 'string' } } });
  const total = Number(values.docs ?? 1_000_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stratum-bench-db-'));
  process.stdout.write(`embedded db benchmark: ${total} metricsDaily rows, data dir ${dataDir}\n\n`);
  let server = await startServer(dataDir);
  let client = await MongoClient.connect(server.uri);
  try {
    let collection = client.db('bench').collection<MetricsRow>('metricsDaily');
    const first = rows(0, 100_000);
    const floor = bsonFloor(first);
    line('bson serialize+deserialize 100k (floor)', `${Math.round(100_000 / (floor / 1000))} docs/s`, 'reference', undefined);

    const insert = await timed(() => collection.insertMany(first, { writeConcern: { w: 1, j: true } }));
    const insertRate = 100_000 / (insert.millis / 1000);
    line('insertMany 100k, journaled', `${Math.round(insertRate)} docs/s`, '>= 60000 docs/s', insertRate >= 60_000);

    await collection.createIndex({ tenantId: 1, platform: 1, campaignId: 1, date: 1 }, { unique: true });
    const upserts: AnyBulkWriteOperation<MetricsRow>[] = rows(50_000, 100_000).map((row) => {
      const { _id, tenantId, platform, campaignId, date, ...rest } = row;
      void _id;
      return {
        updateOne: {
          filter: { tenantId, platform, campaignId, date },
          update: { $set: rest },
          upsert: true,
        },
      };
    });
    const upsert = await timed(() => collection.bulkWrite(upserts, { ordered: false }));
    const upsertRate = 100_000 / (upsert.millis / 1000);
    line('bulk upsert 100k by unique compound key', `${Math.round(upsertRate)} ops/s`, '>= 30000 ops/s', upsertRate >= 30_000);

    const group100k = await timed(() =>
      collection
        .aggregate([{ $group: { _id: '$campaignId', spend: { $sum: '$spendCents' }, revenue: { $sum: '$revenueCents' } } }])
        .toArray(),
    );
    const count100k = await collection.estimatedDocumentCount();
    line(`$group by campaign over ${count100k}`, `${group100k.millis.toFixed(0)} ms`, 'reference', undefined);

    await loadInChunks(collection, 150_000, total + 50_000);
    const count = await collection.estimatedDocumentCount();
    await collection.createIndex({ tenantId: 1, campaignId: 1, date: 1 });
    // Loading past the journal threshold starts a compaction that snapshots every document in
    // the background: queries meanwhile share the event loop with it, so they are reported
    // apart from the steady state the target is about.
    if (await backgroundCompaction(client)) {
      const during = await measureQueries(collection);
      line(`indexed range query p50 during compaction`, `${during.p50.toFixed(2)} ms`, 'reference', undefined);
      line(`indexed range query p99 during compaction`, `${during.p99.toFixed(2)} ms`, 'reference', undefined);
    }
    const waited = await waitForCompaction(client);
    line('wait for the background compaction to finish', `${(waited / 1000).toFixed(1)} s`, 'reference', undefined);
    const query = await measureQueries(collection);
    line(`indexed range query (<= ${query.returned} docs) p50 @${count}`, `${query.p50.toFixed(2)} ms`, 'reference', undefined);
    line(`indexed range query p99 @${count}`, `${query.p99.toFixed(2)} ms`, '<= 5 ms', query.p99 <= 5);

    const group1m = await timed(() =>
      collection
        .aggregate([{ $group: { _id: '$campaignId', spend: { $sum: '$spendCents' }, revenue: { $sum: '$revenueCents' } } }])
        .toArray(),
    );
    line(`$group by campaign over ${count}`, `${group1m.millis.toFixed(0)} ms`, '<= 2000 ms', group1m.millis <= 2000);

    const sample = rows(0, 10_000);
    const averageBson = sample.reduce((sum, row) => sum + calculateObjectSize(row), 0) / sample.length;
    const bsonTotal = averageBson * count;
    const rss = rssBytes(server.child.pid as number);
    line(`server RSS holding ${count} docs (+2 indexes)`, `${(rss / 1048576).toFixed(0)} MiB`, 'reference', undefined);
    line('RSS / BSON size', `${(rss / bsonTotal).toFixed(2)}x`, '<= 3x', rss / bsonTotal <= 3);

    await client.close();
    await stopServer(server, 'SIGKILL');
    server = await startServer(dataDir);
    line(`cold restart after kill -9 (${count} docs)`, `${(server.startMillis / 1000).toFixed(2)} s`, '<= 15 s', server.startMillis <= 15_000);
    client = await MongoClient.connect(server.uri);
    collection = client.db('bench').collection<MetricsRow>('metricsDaily');
    const after = await collection.estimatedDocumentCount();
    line('documents after restart', String(after), String(count), after === count);
    await client.db('admin').command({ compact: 'metricsDaily' }).catch(() => undefined);
    await client.close();
    await stopServer(server, 'SIGTERM');
    server = await startServer(dataDir);
    line(`restart from snapshot (${count} docs)`, `${(server.startMillis / 1000).toFixed(2)} s`, '<= 15 s', server.startMillis <= 15_000);
    client = await MongoClient.connect(server.uri);
    const floor1m = bsonFloor(rows(0, Math.min(total, 1_000_000)));
    line(`bson serialize+deserialize ${Math.min(total, 1_000_000)} (floor)`, `${(floor1m / 1000).toFixed(2)} s`, 'reference', undefined);
  } finally {
    await client.close().catch(() => undefined);
    await stopServer(server, 'SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
