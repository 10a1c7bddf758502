import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from '../bson-values.js';
import { documentKey } from '../persistence/document-key.js';
import { MongoServerError } from '../errors.js';
import type { RecoveredCollection } from '../persistence/types.js';
import { createStorageEngine, openStorageEngine } from './engine.js';
import { emptyRecovery, FakeDurability, fakeOpener } from './testing.js';

function recovered(name: string, documents: Document[], indexes: RecoveredCollection['indexes'] = []): RecoveredCollection {
  return {
    db: 'app',
    name,
    options: {},
    uuid: undefined,
    indexes,
    documents: new Map(documents.map((document) => [documentKey(document['_id']), document])),
  };
}

describe('storage engine journaling', () => {
  it('when collections and documents change, journals every change in order', async () => {
    const durability = new FakeDurability();
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(durability));
    const users = engine.ensureCollection('app', 'users');
    const record = users.insert({ _id: 1, n: 1 });
    users.replace(record.recordId, { _id: 1, n: 2 });
    users.createIndexes([{ key: { n: 1 } }]);
    users.dropIndexes('n_1');
    users.remove(record.recordId);
    engine.renameCollection('app', 'users', 'app', 'people', false);
    engine.dropCollection('app', 'people');
    engine.createCollection('app', 'logs', { capped: false });
    engine.dropDatabase('app');
    expect(durability.ops()).to.deep.equal([
      'createCollection',
      'put',
      'put',
      'createIndex',
      'dropIndex',
      'delete',
      'renameCollection',
      'dropCollection',
      'createCollection',
      'dropDatabase',
    ]);
    expect(durability.records[2]).to.deep.equal({ op: 'put', db: 'app', coll: 'users', doc: { _id: 1, n: 2 } });
    expect(durability.records[3]).to.deep.include({ op: 'createIndex', spec: { v: 2, key: { n: 1 }, name: 'n_1' } });
    expect(durability.records[5]).to.deep.equal({ op: 'delete', db: 'app', coll: 'users', id: 1 });
    expect(durability.records[6]).to.deep.equal({ op: 'renameCollection', db: 'app', coll: 'users', toDb: 'app', toColl: 'people' });
    expect(durability.records[8]).to.deep.include({ op: 'createCollection', coll: 'logs', options: { capped: false } });
  });

  it('when a write fails a unique check, journals nothing for it', async () => {
    const durability = new FakeDurability();
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(durability));
    const users = engine.ensureCollection('app', 'users');
    users.insert({ _id: 1 });
    const before = durability.records.length;
    expect(() => users.insert({ _id: 1 })).to.throw(MongoServerError);
    expect(durability.records.length).to.equal(before);
  });

  it('when a replace changes the _id, journals a delete of the old id before the put', async () => {
    const durability = new FakeDurability();
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(durability));
    const users = engine.ensureCollection('app', 'users');
    const record = users.insert({ _id: 'old' });
    users.replace(record.recordId, { _id: 'new' });
    expect(durability.records.slice(-2)).to.deep.equal([
      { op: 'delete', db: 'app', coll: 'users', id: 'old' },
      { op: 'put', db: 'app', coll: 'users', doc: { _id: 'new' } },
    ]);
    expect(users.findById('new')?.recordId).to.equal(record.recordId);
    expect(users.findById('old')).to.equal(undefined);
  });

  it('when renaming over an existing target, journals the target drop first', async () => {
    const durability = new FakeDurability();
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(durability));
    engine.ensureCollection('app', 'a');
    engine.ensureCollection('app', 'b');
    engine.renameCollection('app', 'a', 'app', 'b', true);
    expect(durability.ops().slice(-2)).to.deep.equal(['dropCollection', 'renameCollection']);
  });

  it('when opened over recovered state, rebuilds documents and indexes without journaling them', async () => {
    const durability = new FakeDurability();
    const state = emptyRecovery([
      recovered('users', [{ _id: 1, email: 'a' }, { _id: 2, email: 'b', tags: ['x', 'y'] }], [
        { v: 2, key: { email: 1 }, name: 'email_1', unique: true },
        { v: 2, key: { tags: 1 }, name: 'tags_1' },
      ]),
    ]);
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(durability, state));
    expect(durability.records).to.deep.equal([]);
    const users = engine.getCollection('app', 'users');
    expect(users?.count()).to.equal(2);
    expect(users?.listIndexes().map((spec) => spec.name)).to.deep.equal(['_id_', 'email_1', 'tags_1']);
    const byTag = users?.query({ filter: { tags: 'y' } });
    expect(byTag?.plan).to.include({ indexName: 'tags_1', isMultiKey: true });
    expect([...(byTag?.records ?? [])].map((record) => record.document['_id'])).to.deep.equal([2]);
    expect(() => users?.insert({ _id: 3, email: 'a' })).to.throw(MongoServerError, 'dup key: { email: "a" }');
    expect(() => users?.insert({ _id: 2 })).to.throw(MongoServerError, 'index: _id_');
  });

  it('when recovered documents are adopted, ids resolve across numeric types and new inserts follow in natural order', async () => {
    const state = emptyRecovery([recovered('items', [{ _id: 1, v: 'a' }, { _id: 'k', v: 'b' }])]);
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(new FakeDurability(), state));
    const items = engine.getCollection('app', 'items');
    expect(items?.findById(1.0)?.document).to.deep.equal({ _id: 1, v: 'a' });
    expect(items?.findById('k')?.document['v']).to.equal('b');
    items?.insert({ _id: 3, v: 'c' });
    expect(() => items?.insert({ _id: 'k' })).to.throw(MongoServerError, 'index: _id_');
    expect([...(items?.query({ filter: {} }).records ?? [])].map((record) => record.document['_id'])).to.deep.equal([1, 'k', 3]);
    expect(items?.stats().count).to.equal(3);
  });

  it('when committing, passes the journaled flag through to durability', async () => {
    const durability = new FakeDurability();
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(durability));
    await engine.commit(false);
    await engine.commit(true);
    expect(durability.commits).to.deep.equal([false, true]);
  });

  it('when the journal passes compactAfterBytes, a commit starts one background compaction without waiting for it', async () => {
    const durability = new FakeDurability();
    let release = (): void => undefined;
    durability.compactionGate = new Promise((resolve) => {
      release = resolve;
    });
    const engine = await createStorageEngine({ dataDir: '/data', compactAfterBytes: 250 }, fakeOpener(durability));
    const users = engine.ensureCollection('app', 'users');
    users.insert({ _id: 1 });
    users.insert({ _id: 2 });
    await engine.commit(false);
    expect(durability.snapshots).to.have.length(1);
    users.insert({ _id: 3 });
    await engine.commit(false);
    expect(durability.snapshots, 'no second compaction while one runs').to.have.length(1);
    expect(durability.snapshots[0]?.[0]).to.deep.include({ db: 'app', name: 'users', indexNames: [] });
    expect(durability.snapshots[0]?.[0]?.documents).to.deep.equal([{ _id: 1 }, { _id: 2 }]);
    release();
    await engine.close();
  });

  it('when a background compaction is writing, isCompacting says so until it finishes', async () => {
    const durability = new FakeDurability();
    let release = (): void => undefined;
    durability.compactionGate = new Promise((resolve) => {
      release = resolve;
    });
    const engine = await createStorageEngine({ dataDir: '/data', compactAfterBytes: 150 }, fakeOpener(durability));
    expect(engine.isCompacting()).to.equal(false);
    const users = engine.ensureCollection('app', 'users');
    users.insert({ _id: 1 });
    users.insert({ _id: 2 });
    await engine.commit(false);
    expect(engine.isCompacting()).to.equal(true);
    release();
    await engine.close();
    expect(engine.isCompacting()).to.equal(false);
  });

  it('when compact() is called, snapshots the catalog with secondary index specs only', async () => {
    const durability = new FakeDurability();
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(durability));
    const users = engine.ensureCollection('app', 'users');
    users.createIndexes([{ key: { a: 1 } }]);
    users.insert({ _id: 1, a: 1 });
    await engine.compact();
    expect(durability.snapshots).to.deep.equal([[{ db: 'app', name: 'users', indexNames: ['a_1'], documents: [{ _id: 1, a: 1 }] }]]);
  });

  it('when closed, closes durability once and refuses further catalog changes', async () => {
    const durability = new FakeDurability();
    const engine = await createStorageEngine({ dataDir: '/data' }, fakeOpener(durability));
    await engine.close();
    await engine.close();
    expect(durability.closed).to.equal(true);
    expect(() => engine.ensureCollection('app', 'x')).to.throw(MongoServerError);
  });

  it('when memory-only, never opens durability and commit resolves at once', async () => {
    let opened = false;
    const engine = await createStorageEngine({}, async () => {
      opened = true;
      throw new Error('must not open');
    });
    engine.ensureCollection('app', 'users').insert({ _id: 1 });
    await engine.commit(true);
    await engine.compact();
    expect(opened).to.equal(false);
    await engine.close();
  });

  it('when reopened on a real data directory, recovers documents and indexes from the journal', async function () {
    this.timeout(20_000);
    const dataDir = await mkdtemp(join(tmpdir(), 'stratum-storage-'));
    try {
      const first = await openStorageEngine({ dataDir });
      const users = first.ensureCollection('app', 'users');
      users.createIndexes([{ key: { email: 1 }, unique: true }]);
      users.insert({ _id: 1, email: 'a' });
      const gone = users.insert({ _id: 2, email: 'b' });
      users.remove(gone.recordId);
      await first.commit(true);
      await first.close();
      const second = await openStorageEngine({ dataDir });
      const reopened = second.getCollection('app', 'users');
      expect(reopened?.count()).to.equal(1);
      expect(reopened?.listIndexes().map((spec) => spec.name)).to.deep.equal(['_id_', 'email_1']);
      expect(() => reopened?.insert({ _id: 3, email: 'a' })).to.throw(MongoServerError);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
