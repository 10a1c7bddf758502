/**
 * Micro-benchmark (not a test) of the storage engine's hot paths on N documents (default 1M):
 * insert cost with 0, 1 and 2 secondary indexes, an indexed equality + range query returning up
 * to 1000 documents, `_id` lookups, a filtered collection scan, and an index build.
 * Run: node --expose-gc --max-old-space-size=8000 --import tsx core/db/embedded/storage/storage.bench.ts [documents]
 * CPU times come from process.cpuUsage (all threads, GC included), which is steadier than wall
 * time on a shared machine.
 */
import { ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { openStorageEngine } from './engine.js';
import type { StoredCollection } from './types.js';

const documents = Number(process.argv[2] ?? 1_000_000);
const users = 1000;

function order(index: number): Document {
  return {
    _id: new ObjectId(),
    userId: index % users,
    ts: index,
    status: index % 3 === 0 ? 'open' : 'done',
    amount: ((index * 7919) % 10_000) / 100,
  };
}

function cpuMicros(action: () => void): number {
  const start = process.cpuUsage();
  action();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function drain(collection: StoredCollection, filter: Document): number {
  let count = 0;
  for (const record of collection.query({ filter }).records) if (record !== undefined) count++;
  return count;
}

async function insertScenario(name: string, indexes: Document[], data: readonly Document[]): Promise<void> {
  const engine = await openStorageEngine({});
  const collection = engine.ensureCollection('bench', name);
  if (indexes.length > 0) collection.createIndexes(indexes.map((key) => ({ key })));
  const before = heapUsed();
  const micros = cpuMicros(() => {
    for (const document of data) collection.insert(document);
  });
  const bytes = (heapUsed() - before) / data.length;
  console.log(`${name}: insert ${(micros / data.length).toFixed(2)} µs/doc CPU, engine heap ${bytes.toFixed(0)} B/doc`);
  if (name === 'two indexes') queryScenario(collection);
  if (name === 'no index') lookupScenario(collection, data);
  await engine.close();
}

function queryScenario(collection: StoredCollection): void {
  const filterFor = (q: number): Document => ({ userId: (q * 37) % users, ts: { $gte: (q * 1009) % (documents / 2), $lt: documents } });
  for (let q = 0; q < 100; q++) drain(collection, filterFor(q + 5000));
  const times: number[] = [];
  let returned = 0;
  for (let q = 0; q < 1000; q++) {
    times.push(cpuMicros(() => (returned += drain(collection, filterFor(q)))) / 1000);
  }
  times.sort((a, b) => a - b);
  const at = (fraction: number): string => (times[Math.floor(times.length * fraction)] as number).toFixed(2);
  console.log(`eq+range query (avg ${(returned / times.length).toFixed(0)} docs): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms CPU`);
}

function lookupScenario(collection: StoredCollection, data: readonly Document[]): void {
  const lookups = 100_000;
  const micros = cpuMicros(() => {
    for (let i = 0; i < lookups; i++) collection.findById((data[(i * 7) % data.length] as Document)['_id']);
  });
  console.log(`findById: ${(micros / lookups).toFixed(2)} µs`);
  console.log(`collection scan with filter: ${(cpuMicros(() => drain(collection, { amount: { $gt: 99.9 } })) / 1000).toFixed(0)} ms`);
  console.log(`index build {userId: 1, ts: 1}: ${(cpuMicros(() => collection.createIndexes([{ key: { userId: 1, ts: 1 } }])) / 1000).toFixed(0)} ms`);
}

const data = Array.from({ length: documents }, (_, index) => order(index));
await insertScenario('no index', [], data);
await insertScenario('one index', [{ userId: 1, ts: 1 }], data);
await insertScenario('two indexes', [{ userId: 1, ts: 1 }, { status: 1, amount: -1 }], data);
