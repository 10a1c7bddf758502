import { expect } from 'chai';
import { Binary } from 'bson';
import { MongoServerError } from '../errors.js';
import { openStorageEngine } from './engine.js';
import type { StorageEngine } from './types.js';

function codeOf(action: () => unknown): number {
  try {
    action();
  } catch (error) {
    if (error instanceof MongoServerError) return error.code;
    throw error;
  }
  throw new Error('expected a MongoServerError');
}

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof MongoServerError) return error.message;
    throw error;
  }
  throw new Error('expected a MongoServerError');
}

async function engine(): Promise<StorageEngine> {
  return openStorageEngine({});
}

describe('storage catalog', () => {
  it('when names are invalid, fails with 73 InvalidNamespace', async () => {
    const storage = await engine();
    expect(codeOf(() => storage.createCollection('app', ''))).to.equal(73);
    expect(messageOf(() => storage.createCollection('app', 'a$b'))).to.equal('Invalid collection name: a$b');
    expect(messageOf(() => storage.createCollection('app', 'system.things'))).to.equal('Invalid system namespace: app.system.things');
    for (const database of ['a b', 'a.b', 'a/b', 'a$b', 'a"b', 'a*b', 'a<b', 'a>b', 'a:b', 'a|b', 'a?b', 'a\\b', '']) {
      expect(codeOf(() => storage.ensureCollection(database, 'c')), database).to.equal(73);
    }
    expect(codeOf(() => storage.createCollection('app', 'x'.repeat(260)))).to.equal(73);
  });

  it('when a collection already exists, create fails with 48 NamespaceExists but ensure returns it', async () => {
    const storage = await engine();
    const created = storage.createCollection('app', 'users', { validator: { a: 1 } });
    expect(messageOf(() => storage.createCollection('app', 'users'))).to.equal('Collection app.users already exists.');
    expect(storage.ensureCollection('app', 'users')).to.equal(created);
    expect(storage.listCollections('app')).to.deep.equal([
      { name: 'users', type: 'collection', options: { validator: { a: 1 } }, uuid: created.uuid },
    ]);
  });

  it('when a collection is created, it gets a UUID as bson Binary subtype 4', async () => {
    const storage = await engine();
    const uuid = storage.createCollection('app', 'users').uuid;
    expect(uuid).to.be.instanceOf(Binary);
    expect((uuid as Binary).sub_type).to.equal(4);
    expect(storage.createCollection('app', 'other').uuid).to.not.deep.equal(uuid);
  });

  it('when dropping a missing collection, returns false; an existing one, true and it is gone', async () => {
    const storage = await engine();
    expect(storage.dropCollection('app', 'nope')).to.equal(false);
    storage.ensureCollection('app', 'users');
    expect(storage.dropCollection('app', 'users')).to.equal(true);
    expect(storage.getCollection('app', 'users')).to.equal(undefined);
    expect(storage.listDatabases()).to.deep.equal([]);
  });

  it('when writing through a handle to a dropped collection, fails with 26 NamespaceNotFound', async () => {
    const storage = await engine();
    const users = storage.ensureCollection('app', 'users');
    storage.dropDatabase('app');
    expect(codeOf(() => users.insert({ _id: 1 }))).to.equal(26);
  });

  it('when a database is dropped, all its collections go and other databases stay', async () => {
    const storage = await engine();
    storage.ensureCollection('app', 'a').insert({ _id: 1 });
    storage.ensureCollection('app', 'b');
    storage.ensureCollection('other', 'c');
    storage.dropDatabase('app');
    expect(storage.listCollections('app')).to.deep.equal([]);
    expect(storage.listDatabases().map((info) => info.name)).to.deep.equal(['other']);
  });

  it('when renaming, documents, indexes and uuid move to the new name', async () => {
    const storage = await engine();
    const users = storage.ensureCollection('app', 'users');
    users.createIndexes([{ key: { email: 1 }, unique: true }]);
    users.insert({ _id: 1, email: 'a' });
    storage.renameCollection('app', 'users', 'archive', 'people', false);
    expect(storage.getCollection('app', 'users')).to.equal(undefined);
    const people = storage.getCollection('archive', 'people');
    expect(people?.uuid).to.equal(users.uuid);
    expect(people?.name).to.equal('people');
    expect(people?.listIndexes().map((spec) => spec.name)).to.deep.equal(['_id_', 'email_1']);
    expect(messageOf(() => people?.insert({ _id: 2, email: 'a' }))).to.contain('collection: archive.people index: email_1');
  });

  it('when the rename source is missing, fails with 26; when the target exists, 48 unless dropTarget', async () => {
    const storage = await engine();
    expect(messageOf(() => storage.renameCollection('app', 'none', 'app', 'x', false))).to.equal(
      'Source collection app.none does not exist',
    );
    storage.ensureCollection('app', 'a').insert({ _id: 'from-a' });
    storage.ensureCollection('app', 'b').insert({ _id: 'from-b' });
    expect(codeOf(() => storage.renameCollection('app', 'a', 'app', 'b', false))).to.equal(48);
    storage.renameCollection('app', 'a', 'app', 'b', true);
    expect(storage.getCollection('app', 'b')?.findById('from-a')).to.not.equal(undefined);
    expect(storage.getCollection('app', 'b')?.findById('from-b')).to.equal(undefined);
  });

  it('when renaming a collection to itself or to an invalid name, fails with 20 or 73', async () => {
    const storage = await engine();
    storage.ensureCollection('app', 'a');
    expect(codeOf(() => storage.renameCollection('app', 'a', 'app', 'a', true))).to.equal(20);
    expect(codeOf(() => storage.renameCollection('app', 'a', 'app', 'system.x', false))).to.equal(73);
  });

  it('when reporting stats, counts documents, BSON sizes and every index', async () => {
    const storage = await engine();
    const users = storage.ensureCollection('app', 'users');
    users.createIndexes([{ key: { n: 1 } }]);
    users.insert({ _id: 1, n: 1 });
    const record = users.insert({ _id: 2, n: 2, pad: 'xxxxxxxxxx' });
    const stats = users.stats();
    expect(stats).to.include({ count: 2, size: 21 + 41, avgObjSize: 31, nindexes: 2 });
    expect(Object.keys(stats.indexSizes)).to.deep.equal(['_id_', 'n_1']);
    expect(stats.indexSizes['n_1']).to.be.greaterThan(0);
    users.remove(record.recordId);
    expect(users.stats()).to.include({ count: 1, size: 21, avgObjSize: 21 });
    const [database] = storage.listDatabases();
    expect(database?.name).to.equal('app');
    expect(database?.empty).to.equal(false);
    expect(database?.sizeOnDisk).to.be.greaterThan(21);
  });
});
