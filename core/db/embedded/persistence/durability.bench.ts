/**
 * Micro-benchmark (not a test): journal throughput, compaction and recovery of N metric docs.
 * Run: node --import tsx core/db/embedded/persistence/durability.bench.ts [documents] [keepDir]
 * (with keepDir, the data directory is kept there for further experiments).
 */
import { calculateObjectSize, ObjectId } from 'bson';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from '../bson-values.js';
import { openDurability } from './durability.js';
import type { SnapshotSource } from './types.js';

const accounts = Array.from({ length: 50 }, () => new ObjectId());
const DAY = 86_400_000;

/** A daily ad-metrics row as connectors write them: ~270 B of BSON. */
function metricDocument(index: number): Document {
  return {
    _id: new ObjectId(),
    accountId: accounts[index % 50],
    campaignId: `cmp_${index % 5000}`,
    adSetId: `ads_${index % 20000}`,
    channel: index % 2 === 0 ? 'google' : 'meta',
    date: new Date(Date.UTC(2024, 0, 1) + (index % 365) * DAY),
    impressions: index * 7,
    clicks: index % 1000,
    cost: index * 0.37,
    conversions: index % 17,
    revenue: index * 1.21,
    currency: 'EUR',
    tags: ['brand', 'search'],
    updatedAt: new Date(1_735_000_000_000 + Math.floor(index / 1000) * 60_000),
  };
}

async function journalPhase(dataDir: string, documents: number): Promise<void> {
  const { durability } = await openDurability(dataDir);
  durability.append({ op: 'createCollection', db: 'stratum', coll: 'metrics', options: {}, uuid: null });
  const kept: Document[] = [];
  for (let index = 0; index < documents; index++) kept.push(metricDocument(index));
  const started = performance.now();
  const commits: Promise<void>[] = [];
  // Like a server under load: many writers, each committing its own small batch.
  for (let index = 0; index < documents; index++) {
    durability.append({ op: 'put', db: 'stratum', coll: 'metrics', doc: kept[index] as Document });
    if (index % 100 === 99) commits.push(durability.commit(false));
    if (commits.length >= 64) await Promise.all(commits.splice(0));
  }
  await Promise.all(commits);
  await durability.commit(true);
  const seconds = (performance.now() - started) / 1000;
  const stats = durability.stats();
  console.log(
    `journal: ${documents} puts in ${seconds.toFixed(2)} s = ${Math.round(documents / seconds)} records/s ` +
      `(${stats.writes} writes, ${stats.syncs} fsyncs, ${(durability.journalBytes() / 1e6).toFixed(0)} MB)`,
  );
  await durability.close();
}

/** Recovers and closes; returns the documents (the next phase's snapshot source). */
async function timedRecovery(dataDir: string, from: string): Promise<Document[]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { durability, recovered } = await openDurability(dataDir);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const { snapshotDocuments, journalRecords } = recovered.stats;
  console.log(
    `recovery from ${from}: ${seconds.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU ` +
      `(${snapshotDocuments} snapshot documents, ${journalRecords} journal records)`,
  );
  await durability.close();
  return [...(recovered.collections.get('stratum.metrics')?.documents.values() ?? [])];
}

async function compactionPhase(dataDir: string, documents: Document[]): Promise<void> {
  const { durability } = await openDurability(dataDir);
  const source: SnapshotSource = {
    collections: () => [{ db: 'stratum', name: 'metrics', options: {}, uuid: null, indexes: [], documents }],
  };
  const started = performance.now();
  let maxStall = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last);
    last = now;
  }, 1);
  await durability.compact(source);
  clearInterval(probe);
  const seconds = (performance.now() - started) / 1000;
  console.log(`compaction: ${seconds.toFixed(2)} s, longest event-loop stall ≈ ${maxStall.toFixed(0)} ms`);
  await durability.close();
  documents.length = 0;
}

async function main(): Promise<void> {
  const documents = Number(process.argv[2] ?? 1_000_000);
  const keepDir = process.argv[3];
  const dataDir = keepDir ?? (await mkdtemp(join(tmpdir(), 'stratum-bench-')));
  const sample = { op: 'put', db: 'stratum', coll: 'metrics', doc: metricDocument(1) };
  console.log(`record size ${calculateObjectSize(sample)} B, document ${calculateObjectSize(sample.doc)} B`);
  try {
    await journalPhase(dataDir, documents);
    const recovered = await timedRecovery(dataDir, 'journal');
    await compactionPhase(dataDir, recovered);
    await timedRecovery(dataDir, 'snapshot');
  } finally {
    if (keepDir === undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
