import { expect } from 'chai';
import { ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { Collection } from './collection.js';
import { openStorageEngine } from './engine.js';

async function metrics(...specs: Document[]): Promise<Collection> {
  const engine = await openStorageEngine({});
  const collection = engine.ensureCollection('app', 'metrics');
  if (specs.length > 0) collection.createIndexes(specs);
  if (!(collection instanceof Collection)) throw new Error('expected the engine to hand out Collection');
  return collection;
}

const COMPOUND = { key: { tenant: 1, day: -1 }, name: 'tenant_1_day_-1', unique: true };

function idsOf(records: readonly { document: Document }[] | undefined): unknown[] | undefined {
  return records?.map((record) => record.document['_id']);
}

describe('storage point lookups', () => {
  it('when the filter is an equality on every field of a unique index, finds the one record in any field order', async () => {
    const collection = await metrics(COMPOUND);
    collection.insert({ _id: 1, tenant: 't1', day: '2025-01-01' });
    collection.insert({ _id: 2, tenant: 't1', day: '2025-01-02' });
    expect(idsOf(collection.pointLookup({ day: '2025-01-02', tenant: 't1' }))).to.deep.equal([2]);
    expect(idsOf(collection.pointLookup({ tenant: 't2', day: '2025-01-02' }))).to.deep.equal([]);
  });

  it('when numbers differ only in type, the lookup matches as query equality does', async () => {
    const collection = await metrics({ key: { n: 1 }, name: 'n_1', unique: true });
    collection.insert({ _id: 1, n: 5 });
    expect(idsOf(collection.pointLookup({ n: 5.0 }))).to.deep.equal([1]);
  });

  it('when the filter is {_id: scalar}, looks the record up by _id', async () => {
    const collection = await metrics();
    const id = new ObjectId();
    collection.insert({ _id: id, a: 1 });
    expect(idsOf(collection.pointLookup({ _id: new ObjectId(id.toHexString()) }))).to.deep.equal([id]);
    expect(idsOf(collection.pointLookup({ _id: new ObjectId() }))).to.deep.equal([]);
  });

  it('when the filter covers only part of the index, has extra fields or non-scalar values, defers to the planner', async () => {
    const collection = await metrics(COMPOUND);
    collection.insert({ _id: 1, tenant: 't1', day: 'd' });
    expect(collection.pointLookup({ tenant: 't1' })).to.equal(undefined);
    expect(collection.pointLookup({ tenant: 't1', day: 'd', x: 1 })).to.equal(undefined);
    expect(collection.pointLookup({ tenant: 't1', day: { $gte: 'd' } })).to.equal(undefined);
    expect(collection.pointLookup({ tenant: 't1', day: null })).to.equal(undefined);
    expect(collection.pointLookup({ _id: { $in: [1] } })).to.equal(undefined);
  });

  it('when the unique index is multikey, sparse or partial, defers to the planner', async () => {
    const multikey = await metrics({ key: { tags: 1 }, name: 'tags_1', unique: true });
    multikey.insert({ _id: 1, tags: ['a', 'b'] });
    expect(multikey.pointLookup({ tags: 'a' })).to.equal(undefined);
    const partial = await metrics({ key: { a: 1 }, name: 'a_1', unique: true, partialFilterExpression: { b: 1 } });
    partial.insert({ _id: 1, a: 1 });
    expect(partial.pointLookup({ a: 1 })).to.equal(undefined);
    const sparse = await metrics({ key: { a: 1 }, name: 'a_1', unique: true, sparse: true });
    expect(sparse.pointLookup({ a: 1 })).to.equal(undefined);
  });

  it('when the index is not unique, defers to the planner', async () => {
    const collection = await metrics({ key: { a: 1 }, name: 'a_1' });
    collection.insert({ _id: 1, a: 1 });
    expect(collection.pointLookup({ a: 1 })).to.equal(undefined);
  });
});
