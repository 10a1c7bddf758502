/**
 * Micro-benchmark (not a test): journal throughput, compaction and recovery of N metric docs.
 * Run: node --import tsx core/db/embedded/persistence/durability.bench.ts [documents]
 */
import { calculateObjectSize, ObjectId } from 'bson';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from '../bson-values.js';
import { openDurability } from './durability.js';
import type { SnapshotSource } from './types.js';

function metricDocument(index: number): Document {
  return {
    _id: new ObjectId(),
    accountId: `acc_${index % 50}`,
    campaignId: `cmp_${index % 5000}`,
    adSetId: `ads_${index % 20000}`,
    channel: index % 2 === 0 ? 'google' : 'meta',
    date: new Date(1_700_000_000_000 + index * 1000),
    impressions: index * 7,
    clicks: index % 1000,
    cost: index * 0.37,
    conversions: index % 17,
    revenue: index * 1.21,
    currency: 'EUR',
    tags: ['brand', 'search'],
    updatedAt: new Date(),
  };
}

async function main(): Promise<void> {
  const documents = Number(process.argv[2] ?? 1_000_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'stratum-bench-'));
  const sample = { op: 'put', db: 'stratum', coll: 'metrics', doc: metricDocument(1) };
  console.log(`record size ${calculateObjectSize(sample)} B, document ${calculateObjectSize(sample.doc)} B`);
  try {
    let { durability } = await openDurability(dataDir);
    durability.append({ op: 'createCollection', db: 'stratum', coll: 'metrics', options: {}, uuid: null });
    const kept: Document[] = [];
    let started = performance.now();
    const commits: Promise<void>[] = [];
    for (let index = 0; index < documents; index++) {
      const doc = metricDocument(index);
      kept.push(doc);
      durability.append({ op: 'put', db: 'stratum', coll: 'metrics', doc });
      if (index % 1000 === 999) commits.push(durability.commit(false));
      if (commits.length >= 64) await Promise.all(commits.splice(0));
    }
    await Promise.all(commits);
    await durability.commit(true);
    let seconds = (performance.now() - started) / 1000;
    const stats = durability.stats();
    console.log(
      `journal: ${documents} puts in ${seconds.toFixed(2)} s = ${Math.round(documents / seconds)} records/s ` +
        `(${stats.writes} writes, ${stats.syncs} fsyncs, ${(durability.journalBytes() / 1e6).toFixed(0)} MB)`,
    );
    await durability.close();

    started = performance.now();
    let opened = await openDurability(dataDir);
    seconds = (performance.now() - started) / 1000;
    console.log(`recovery from journal: ${seconds.toFixed(2)} s (${opened.recovered.stats.journalRecords} records)`);

    const source: SnapshotSource = {
      collections: () => [{ db: 'stratum', name: 'metrics', options: {}, uuid: null, indexes: [], documents: kept }],
    };
    durability = opened.durability;
    started = performance.now();
    let maxStall = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      maxStall = Math.max(maxStall, now - last);
      last = now;
    }, 1);
    await durability.compact(source);
    clearInterval(probe);
    seconds = (performance.now() - started) / 1000;
    console.log(`compaction: ${seconds.toFixed(2)} s, longest event-loop stall ≈ ${maxStall.toFixed(0)} ms`);
    await durability.close();

    started = performance.now();
    opened = await openDurability(dataDir);
    seconds = (performance.now() - started) / 1000;
    console.log(`recovery from snapshot: ${seconds.toFixed(2)} s (${opened.recovered.stats.snapshotDocuments} documents)`);
    await opened.durability.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
