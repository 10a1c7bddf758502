import { expect } from 'chai';
import { ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { openStorageEngine } from './engine.js';
import type { StoredCollection } from './types.js';

async function collection(...specs: Document[]): Promise<StoredCollection> {
  const engine = await openStorageEngine({});
  const users = engine.ensureCollection('app', 'users');
  if (specs.length > 0) users.createIndexes(specs);
  return users;
}

function errorOf(action: () => unknown): MongoServerError {
  try {
    action();
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected a MongoServerError');
}

function ids(users: StoredCollection, filter: Document = {}): unknown[] {
  return [...users.query({ filter, hint: { $natural: 1 } }).records].map((record) => record.document['_id']);
}

describe('storage unique indexes', () => {
  it('when a unique single-field key repeats, fails with 11000, keyPattern, keyValue and the E11000 message', async () => {
    const users = await collection({ key: { email: 1 }, unique: true });
    users.insert({ _id: 1, email: 'a@x' });
    const error = errorOf(() => users.insert({ _id: 2, email: 'a@x' }));
    expect(error.code).to.equal(11000);
    expect(error.codeName).to.equal('DuplicateKey');
    expect(error.message).to.equal('E11000 duplicate key error collection: app.users index: email_1 dup key: { email: "a@x" }');
    expect(error.extra).to.deep.equal({ keyPattern: { email: 1 }, keyValue: { email: 'a@x' } });
    expect(ids(users)).to.deep.equal([1]);
  });

  it('when numbers of different types are equal (1 and 1.0), they collide', async () => {
    const users = await collection({ key: { n: 1 }, unique: true });
    users.insert({ _id: 1, n: 1 });
    expect(errorOf(() => users.insert({ _id: 2, n: 1.0 })).message).to.contain('dup key: { n: 1 }');
  });

  it('when a compound unique key repeats as a whole, fails; a partial repeat is fine', async () => {
    const users = await collection({ key: { org: 1, login: 1 }, unique: true });
    users.insert({ _id: 1, org: 'o', login: 'l' });
    users.insert({ _id: 2, org: 'o', login: 'm' });
    const error = errorOf(() => users.insert({ _id: 3, org: 'o', login: 'l' }));
    expect(error.message).to.contain('index: org_1_login_1 dup key: { org: "o", login: "l" }');
    expect(error.extra['keyValue']).to.deep.equal({ org: 'o', login: 'l' });
  });

  it('when two documents lack a non-sparse unique field, the second fails with dup key null', async () => {
    const users = await collection({ key: { email: 1 }, unique: true });
    users.insert({ _id: 1 });
    const error = errorOf(() => users.insert({ _id: 2, email: null }));
    expect(error.message).to.contain('dup key: { email: null }');
    expect(error.extra['keyValue']).to.deep.equal({ email: null });
  });

  it('when the unique index is sparse, documents without the field never collide', async () => {
    const users = await collection({ key: { email: 1 }, unique: true, sparse: true });
    users.insert({ _id: 1 });
    users.insert({ _id: 2 });
    users.insert({ _id: 3, email: 'x' });
    expect(errorOf(() => users.insert({ _id: 4, email: 'x' })).code).to.equal(11000);
  });

  it('when the unique index is partial, only documents matching its filter collide', async () => {
    const users = await collection({ key: { email: 1 }, unique: true, partialFilterExpression: { active: true } });
    users.insert({ _id: 1, email: 'x', active: false });
    users.insert({ _id: 2, email: 'x', active: true });
    expect(errorOf(() => users.insert({ _id: 3, email: 'x', active: true })).code).to.equal(11000);
    users.insert({ _id: 4, email: 'x' });
    expect(ids(users)).to.deep.equal([1, 2, 4]);
  });

  it('when a multikey unique index sees an element another document has, fails; repeats inside one document do not', async () => {
    const users = await collection({ key: { tags: 1 }, unique: true });
    users.insert({ _id: 1, tags: ['a', 'b', 'a'] });
    const error = errorOf(() => users.insert({ _id: 2, tags: ['c', 'b'] }));
    expect(error.extra['keyValue']).to.deep.equal({ tags: 'b' });
  });

  it('when the second of two unique indexes fails, the insert stores nothing anywhere', async () => {
    const users = await collection({ key: { a: 1 }, unique: true }, { key: { b: 1 }, unique: true });
    users.insert({ _id: 1, a: 1, b: 1 });
    expect(errorOf(() => users.insert({ _id: 2, a: 2, b: 1 })).message).to.contain('index: b_1');
    expect(users.count()).to.equal(1);
    expect(users.findById(2)).to.equal(undefined);
    // a: 2 must not linger in the first index.
    users.insert({ _id: 3, a: 2, b: 3 });
    expect([...users.query({ filter: { a: 2 } }).records].map((record) => record.document['_id'])).to.deep.equal([3]);
  });

  it('when a replace would collide, nothing changes; replacing a document with its own key succeeds', async () => {
    const users = await collection({ key: { email: 1 }, unique: true });
    const first = users.insert({ _id: 1, email: 'a', n: 1 });
    users.insert({ _id: 2, email: 'b' });
    expect(errorOf(() => users.replace(first.recordId, { _id: 1, email: 'b' })).code).to.equal(11000);
    expect(users.findById(1)?.document).to.deep.equal({ _id: 1, email: 'a', n: 1 });
    users.replace(first.recordId, { _id: 1, email: 'a', n: 2 });
    expect(users.findById(1)?.document['n']).to.equal(2);
    expect([...users.query({ filter: { email: 'a' } }).records]).to.have.length(1);
  });

  it('when an _id repeats, fails on the _id_ index with the ObjectId rendered like the shell', async () => {
    const users = await collection();
    const id = new ObjectId('65a1b2c3d4e5f60718293a4b');
    users.insert({ _id: id });
    const error = errorOf(() => users.insert({ _id: new ObjectId(id.toHexString()) }));
    expect(error.message).to.equal(
      "E11000 duplicate key error collection: app.users index: _id_ dup key: { _id: ObjectId('65a1b2c3d4e5f60718293a4b') }",
    );
    expect(error.extra).to.deep.equal({ keyPattern: { _id: 1 }, keyValue: { _id: id } });
  });

  it('when a replace changes _id to one another document has, fails with 11000 on _id_', async () => {
    const users = await collection();
    const first = users.insert({ _id: 1 });
    users.insert({ _id: 2 });
    expect(errorOf(() => users.replace(first.recordId, { _id: 2 })).message).to.contain('index: _id_ dup key: { _id: 2 }');
  });

  it('when _id is an array, fails with 53 InvalidIdField', async () => {
    const users = await collection();
    expect(errorOf(() => users.insert({ _id: [1] })).code).to.equal(53);
  });

  it('when a document is removed, its unique keys become free again', async () => {
    const users = await collection({ key: { email: 1 }, unique: true });
    const record = users.insert({ _id: 1, email: 'a' });
    users.remove(record.recordId);
    users.insert({ _id: 2, email: 'a' });
    expect(users.count()).to.equal(1);
  });
});
