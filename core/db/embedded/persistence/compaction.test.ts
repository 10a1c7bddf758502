import { deserialize, ObjectId, serialize } from 'bson';
import { expect } from 'chai';
import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { documentKey } from './document-key.js';
import type { Document } from '../bson-values.js';
import type { IndexSpec } from '../storage/types.js';
import type { FileDurability } from './durability.js';
import { openDurability } from './durability.js';
import { DESERIALIZE_OPTIONS } from './framing.js';
import { journalFileName, snapshotFileName, snapshotTempFileName } from './layout.js';
import { documentsOf, everyBsonType, recoverState, removeDirectory, temporaryDirectory } from './testing.js';
import type { RecoveredState, SnapshotSource } from './types.js';

interface ModelCollection {
  db: string;
  name: string;
  options: Document;
  uuid: unknown;
  indexes: IndexSpec[];
  docs: Map<string | number, Document>;
}

/** A tiny stand-in for the storage engine: applies changes and journals them. */
class Model implements SnapshotSource {
  readonly namespaces = new Map<string, ModelCollection>();

  constructor(private readonly durability: FileDurability) {}

  collections(): Iterable<ModelCollection & { documents: Iterable<Document> }> {
    return [...this.namespaces.values()].map((collection) => ({ ...collection, documents: collection.docs.values() }));
  }

  create(db: string, name: string, options: Document = {}): void {
    const uuid = `uuid-${db}.${name}-${Math.random()}`;
    this.namespaces.set(`${db}.${name}`, { db, name, options, uuid, indexes: [], docs: new Map() });
    this.durability.append({ op: 'createCollection', db, coll: name, options, uuid });
  }

  put(db: string, name: string, doc: Document): void {
    this.namespaces.get(`${db}.${name}`)?.docs.set(documentKey(doc['_id']), doc);
    this.durability.append({ op: 'put', db, coll: name, doc });
  }

  remove(db: string, name: string, id: unknown): void {
    this.namespaces.get(`${db}.${name}`)?.docs.delete(documentKey(id));
    this.durability.append({ op: 'delete', db, coll: name, id });
  }

  drop(db: string, name: string): void {
    this.namespaces.delete(`${db}.${name}`);
    this.durability.append({ op: 'dropCollection', db, coll: name });
  }

  rename(db: string, name: string, toName: string): void {
    const collection = this.namespaces.get(`${db}.${name}`);
    if (collection === undefined) return;
    this.namespaces.delete(`${db}.${name}`);
    collection.name = toName;
    this.namespaces.set(`${db}.${toName}`, collection);
    this.durability.append({ op: 'renameCollection', db, coll: name, toDb: db, toColl: toName });
  }

  createIndex(db: string, name: string, spec: IndexSpec): void {
    this.namespaces.get(`${db}.${name}`)?.indexes.push(spec);
    this.durability.append({ op: 'createIndex', db, coll: name, spec });
  }
}

/** Compares a recovered state with the model: catalog, metadata and every document. */
function expectStateEquals(state: RecoveredState, model: Model): void {
  expect([...state.collections.keys()].sort()).to.deep.equal([...model.namespaces.keys()].sort());
  for (const [namespace, expected] of model.namespaces) {
    const actual = state.collections.get(namespace);
    expect(actual?.uuid, namespace).to.equal(expected.uuid);
    expect(actual?.indexes, namespace).to.deep.equal(expected.indexes);
    expect(actual?.documents.size, namespace).to.equal(expected.docs.size);
    for (const [key, doc] of expected.docs) expect(actual?.documents.get(key), `${namespace} ${key}`).to.deep.equal(doc);
  }
}

function metric(index: number, version = 0): Document {
  return { _id: index, account: `acc_${index % 7}`, clicks: index * 3 + version, at: new Date(1_700_000_000_000 + index) };
}

describe('persistence/compaction', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await temporaryDirectory();
  });
  afterEach(async () => removeDirectory(dir));

  async function seeded(count: number): Promise<{ durability: FileDurability; model: Model }> {
    const { durability } = await openDurability(dir);
    const model = new Model(durability);
    model.create('app', 'metrics');
    for (let index = 0; index < count; index++) model.put('app', 'metrics', metric(index));
    await durability.commit(false);
    return { durability, model };
  }

  it('when writes, deletes and catalog changes run during compaction, recovery equals the live state', async () => {
    const { durability, model } = await seeded(30_000);
    model.create('app', 'victim');
    model.put('app', 'victim', { _id: 'v' });
    model.createIndex('app', 'metrics', { v: 2, key: { account: 1 }, name: 'account_1' });
    let done = false;
    const compaction = durability.compact(model).finally(() => {
      done = true;
    });
    let step = 0;
    // Steps taken after the journal switched generation: the snapshot is being written meanwhile.
    let fuzzy = 0;
    while (!done) {
      model.put('app', 'metrics', metric(step % 30_000, step + 1));
      model.put('app', 'metrics', metric(30_000 + step));
      model.remove('app', 'metrics', (step * 7919) % 30_000);
      if (durability.stats().generation === 2) fuzzy++;
      if (fuzzy === 3) model.rename('app', 'victim', 'renamed');
      if (fuzzy === 4) model.create('app', 'victim');
      if (fuzzy === 5) model.put('app', 'victim', { _id: 'new' });
      if (fuzzy === 6) model.put('app', 'renamed', { _id: 'kept' });
      await durability.commit(false);
      await nextTurn();
      step++;
    }
    await compaction;
    expect(fuzzy, 'writes interleaved with the snapshot').to.be.greaterThan(6);
    model.put('app', 'metrics', metric(99_999));
    await durability.close();
    const state = await recoverState(dir);
    expectStateEquals(state, model);
    expect(state.stats.snapshotDocuments).to.be.greaterThan(0);
  });

  it('when compaction completes, only the new generation remains and the journal restarts', async () => {
    const { durability, model } = await seeded(1000);
    const before = durability.journalBytes();
    await durability.compact(model);
    expect((await readdir(dir)).sort()).to.deep.equal([journalFileName(2), 'mongod.lock', snapshotFileName(2)]);
    expect(durability.journalBytes()).to.equal(0);
    expect(before).to.be.greaterThan(0);
    expect(durability.stats()).to.include({ generation: 2, compactions: 1 });
    await durability.close();
    const state = await recoverState(dir);
    expect(state.stats).to.include({ snapshotDocuments: 1000, journalRecords: 0 });
    expectStateEquals(state, model);
  });

  it('when compacting twice, the generation advances and recovery still matches', async () => {
    const { durability, model } = await seeded(100);
    await durability.compact(model);
    model.put('app', 'metrics', metric(5, 77));
    await durability.compact(model);
    model.remove('app', 'metrics', 6);
    await durability.close();
    expect((await readdir(dir)).sort()).to.deep.equal([journalFileName(3), snapshotFileName(3)]);
    expectStateEquals(await recoverState(dir), model);
  });

  it('when the process "crashes" between writing the snapshot and its rename, the temp file is ignored', async () => {
    const { durability } = await openDurability(dir, {
      crashPoint: (point) => {
        if (point === 'snapshot-written') throw new Error('simulated crash');
      },
    });
    const model = new Model(durability);
    model.create('app', 'metrics');
    for (let index = 0; index < 50; index++) model.put('app', 'metrics', metric(index));
    const failure = await durability.compact(model).catch((error: unknown) => error);
    expect((failure as Error).message).to.equal('simulated crash');
    model.put('app', 'metrics', metric(1, 5));
    await durability.close();
    expect(await readdir(dir)).to.include(snapshotTempFileName(2));
    const state = await recoverState(dir);
    expectStateEquals(state, model);
    expect(await readdir(dir)).to.not.include(snapshotTempFileName(2));
  });

  it('when the crash happens after the rename but before cleanup, the new snapshot wins and old files go', async () => {
    const { durability } = await openDurability(dir, {
      crashPoint: (point) => {
        if (point === 'snapshot-renamed') throw new Error('simulated crash');
      },
    });
    const model = new Model(durability);
    model.create('app', 'metrics');
    model.put('app', 'metrics', metric(1));
    await durability.compact(model).catch(() => undefined);
    await durability.close();
    expect(await readdir(dir)).to.include(journalFileName(1));
    const state = await recoverState(dir);
    expectStateEquals(state, model);
    expect(state.stats.snapshotDocuments).to.equal(1);
    expect(await readdir(dir)).to.not.include(journalFileName(1));
  });

  it('when the newest snapshot is damaged but older generations remain, recovery falls back and keeps it aside', async () => {
    const { durability } = await openDurability(dir, {
      crashPoint: (point) => {
        if (point === 'snapshot-renamed') throw new Error('simulated crash');
      },
    });
    const model = new Model(durability);
    model.create('app', 'metrics');
    for (let index = 0; index < 20; index++) model.put('app', 'metrics', metric(index));
    await durability.compact(model).catch(() => undefined);
    await durability.close();
    const snapshot = join(dir, snapshotFileName(2));
    await truncate(snapshot, (await stat(snapshot)).size - 10);
    const warnings: string[] = [];
    const state = await recoverState(dir, { warn: (message) => warnings.push(message) });
    expectStateEquals(state, model);
    expect(state.stats.snapshotDocuments).to.equal(0);
    expect(await readdir(dir)).to.include(`${snapshotFileName(2)}.corrupt`);
    expect(warnings.join('\n')).to.match(/snapshot-0000000002\.snap is unusable/);
  });

  it('when the only snapshot is damaged and its journals are gone, startup is refused with the reason', async () => {
    const { durability, model } = await seeded(20);
    await durability.compact(model);
    await durability.close();
    const snapshot = join(dir, snapshotFileName(2));
    const bytes = await readFile(snapshot);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0xff;
    await writeFile(snapshot, bytes);
    const error = await openDurability(dir).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).to.match(/cannot recover data directory .*snapshot-0000000002\.snap is unusable/);
    expect(await readdir(dir)).to.include(snapshotFileName(2));
  });

  it('when the snapshot source fails, compaction rejects and writes and later compactions still work', async () => {
    const { durability, model } = await seeded(100);
    const broken: SnapshotSource = {
      collections: () => {
        throw new Error('catalog unavailable');
      },
    };
    const failure = await durability.compact(broken).catch((error: unknown) => error);
    expect((failure as Error).message).to.equal('catalog unavailable');
    model.put('app', 'metrics', metric(500));
    await durability.commit(true);
    await durability.compact(model);
    await durability.close();
    expectStateEquals(await recoverState(dir), model);
  });

  it('when compact is called while one runs, both calls share the single compaction', async () => {
    const { durability, model } = await seeded(10_000);
    const first = durability.compact(model);
    const second = durability.compact(model);
    expect(second).to.equal(first);
    await Promise.all([first, second]);
    expect(durability.stats().compactions).to.equal(1);
    await durability.close();
  });

  it('when closed during a compaction, the compaction stops, nothing is lost and no temp file stays', async () => {
    const { durability, model } = await seeded(40_000);
    const compaction = durability.compact(model);
    await nextTurn();
    model.put('app', 'metrics', metric(40_001));
    await durability.close();
    await compaction;
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).to.deep.equal([]);
    expectStateEquals(await recoverState(dir), model);
  });

  it('when a snapshot holds every BSON type and collection metadata, they round-trip exactly', async () => {
    const { durability } = await openDurability(dir);
    const model = new Model(durability);
    model.create('app', 'types', { validator: { $jsonSchema: { required: ['a'] } } });
    const document = everyBsonType();
    model.put('app', 'types', document);
    model.createIndex('app', 'types', { v: 2, key: { 'nested.a': 1 }, name: 'n', partialFilterExpression: { x: { $gt: 1 } } });
    await durability.compact(model);
    await durability.close();
    const state = await recoverState(dir);
    expect(state.stats.snapshotDocuments).to.equal(1);
    expect(documentsOf(state, 'app.types')?.[0]).to.deep.equal(deserialize(serialize(document), DESERIALIZE_OPTIONS));
    expect(state.collections.get('app.types')?.options).to.deep.equal({ validator: { $jsonSchema: { required: ['a'] } } });
    expect(state.collections.get('app.types')?.indexes[0]?.['partialFilterExpression']).to.deep.equal({ x: { $gt: 1 } });
  });

  it('when documents are larger than the read and write chunks, snapshot and journal still round-trip', async () => {
    const { durability } = await openDurability(dir);
    const model = new Model(durability);
    model.create('app', 'blobs');
    const big = { _id: new ObjectId(), text: 'x'.repeat(9 * 1024 * 1024) };
    model.put('app', 'blobs', big);
    model.put('app', 'blobs', { _id: 2, small: true });
    await durability.commit(true);
    expect(documentsOf(await reopenAndClose(durability), 'app.blobs')).to.have.length(2);
    const second = await openDurability(dir);
    const model2 = new Model(second.durability);
    model2.namespaces.set('app.blobs', { db: 'app', name: 'blobs', options: {}, uuid: null, indexes: [], docs: new Map() });
    for (const doc of documentsOf(second.recovered, 'app.blobs') ?? []) model2.namespaces.get('app.blobs')?.docs.set(documentKey(doc['_id']), doc);
    await second.durability.compact(model2);
    await second.durability.close();
    const [first] = documentsOf(await recoverState(dir), 'app.blobs') ?? [];
    expect((first?.['text'] as string).length).to.equal(9 * 1024 * 1024);

    async function reopenAndClose(open: FileDurability): Promise<RecoveredState> {
      await open.close();
      return recoverState(dir);
    }
  });
});
