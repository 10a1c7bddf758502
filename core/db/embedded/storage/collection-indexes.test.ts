import { expect } from 'chai';
import { MongoServerError } from '../errors.js';
import { openStorageEngine } from './engine.js';
import type { StoredCollection } from './types.js';

async function collection(): Promise<StoredCollection> {
  const engine = await openStorageEngine({});
  return engine.ensureCollection('test', 'items');
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

function names(target: StoredCollection): string[] {
  return target.listIndexes().map((spec) => spec.name);
}

describe('storage createIndexes', () => {
  it('when creating a new index, reports counts including _id_ and lists it', async () => {
    const items = await collection();
    expect(items.createIndexes([{ key: { a: 1 }, name: 'a_1' }])).to.deep.equal({ numIndexesBefore: 1, numIndexesAfter: 2 });
    expect(items.listIndexes()).to.deep.equal([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { a: 1 }, name: 'a_1' },
    ]);
  });

  it('when the identical index exists, is a no-op with the "all indexes already exist" note', async () => {
    const items = await collection();
    items.createIndexes([{ key: { a: 1 } }]);
    expect(items.createIndexes([{ key: { a: 1 }, name: 'a_1' }])).to.deep.equal({
      numIndexesBefore: 2,
      numIndexesAfter: 2,
      note: 'all indexes already exist',
    });
    expect(items.createIndexes([{ key: { _id: 1 }, name: '_id_' }]).note).to.equal('all indexes already exist');
  });

  it('when the name exists with another key, fails with 86 IndexKeySpecsConflict', async () => {
    const items = await collection();
    items.createIndexes([{ key: { a: 1 }, name: 'idx' }]);
    const error = errorOf(() => items.createIndexes([{ key: { b: 1 }, name: 'idx' }]));
    expect(error.code).to.equal(86);
    expect(error.message).to.contain('An existing index has the same name as the requested index.');
  });

  it('when the key exists under another name, fails with 85 IndexOptionsConflict', async () => {
    const items = await collection();
    items.createIndexes([{ key: { a: 1 }, name: 'first' }]);
    const error = errorOf(() => items.createIndexes([{ key: { a: 1 }, name: 'second' }]));
    expect(error.code).to.equal(85);
    expect(error.message).to.equal('Index already exists with a different name: first');
  });

  it('when the same name and key differ only in expireAfterSeconds, fails with 85', async () => {
    const items = await collection();
    items.createIndexes([{ key: { at: 1 }, expireAfterSeconds: 10 }]);
    const error = errorOf(() => items.createIndexes([{ key: { at: 1 }, expireAfterSeconds: 20 }]));
    expect(error.code).to.equal(85);
    expect(error.message).to.contain('An equivalent index already exists with the same name but different options.');
  });

  it('when the same key is requested unique under another name, creates a second index as MongoDB 5+ does', async () => {
    const items = await collection();
    items.createIndexes([{ key: { a: 1 } }]);
    items.createIndexes([{ key: { a: 1 }, name: 'a_unique', unique: true }]);
    expect(names(items)).to.deep.equal(['_id_', 'a_1', 'a_unique']);
  });

  it('when building a unique index over duplicates, fails with 11000 and adds no index', async () => {
    const items = await collection();
    items.insert({ _id: 1, a: 'x' });
    items.insert({ _id: 2, a: 'x' });
    const error = errorOf(() => items.createIndexes([{ key: { b: 1 } }, { key: { a: 1 }, unique: true }]));
    expect(error.code).to.equal(11000);
    expect(error.message).to.equal('E11000 duplicate key error collection: test.items index: a_1 dup key: { a: "x" }');
    expect(names(items)).to.deep.equal(['_id_']);
  });

  it('when documents hold parallel arrays for a compound key, the build fails with 171', async () => {
    const items = await collection();
    items.insert({ _id: 1, a: [1, 2], b: [3, 4] });
    expect(errorOf(() => items.createIndexes([{ key: { a: 1, b: 1 } }])).code).to.equal(171);
    expect(names(items)).to.deep.equal(['_id_']);
  });

  it('when a collection would exceed 64 indexes, fails with 67', async () => {
    const items = await collection();
    const specs = Array.from({ length: 63 }, (_, i) => ({ key: { [`f${i}`]: 1 } }));
    items.createIndexes(specs);
    const error = errorOf(() => items.createIndexes([{ key: { extra: 1 } }]));
    expect(error.code).to.equal(67);
    expect(error.message).to.contain('too many indexes for test.items');
  });
});

describe('storage dropIndexes', () => {
  it('when dropping by name, key pattern or list, removes them and returns the count before', async () => {
    const items = await collection();
    items.createIndexes([{ key: { a: 1 } }, { key: { b: -1 } }, { key: { c: 1 } }, { key: { d: 1 } }]);
    expect(items.dropIndexes('a_1')).to.equal(5);
    expect(items.dropIndexes({ b: -1 })).to.equal(4);
    expect(items.dropIndexes(['c_1', 'd_1'])).to.equal(3);
    expect(names(items)).to.deep.equal(['_id_']);
  });

  it('when dropping *, removes every index but _id_', async () => {
    const items = await collection();
    items.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }]);
    expect(items.dropIndexes('*')).to.equal(3);
    expect(names(items)).to.deep.equal(['_id_']);
  });

  it('when the name is unknown, fails with 27 IndexNotFound', async () => {
    const items = await collection();
    const error = errorOf(() => items.dropIndexes('nope'));
    expect(error.code).to.equal(27);
    expect(error.message).to.equal('index not found with name [nope]');
    expect(errorOf(() => items.dropIndexes({ z: 1 })).message).to.equal("can't find index with key: { z: 1 }");
  });

  it('when a list names one unknown index, drops nothing', async () => {
    const items = await collection();
    items.createIndexes([{ key: { a: 1 } }]);
    expect(errorOf(() => items.dropIndexes(['a_1', 'nope'])).code).to.equal(27);
    expect(names(items)).to.deep.equal(['_id_', 'a_1']);
  });

  it('when asked to drop the _id index, fails with 72 InvalidOptions', async () => {
    const items = await collection();
    const error = errorOf(() => items.dropIndexes('_id_'));
    expect(error.code).to.equal(72);
    expect(error.message).to.equal('cannot drop _id index');
    expect(errorOf(() => items.dropIndexes({ _id: 1 })).code).to.equal(72);
  });

  it('when an index is dropped, queries stop using it', async () => {
    const items = await collection();
    items.createIndexes([{ key: { a: 1 } }]);
    items.insert({ _id: 1, a: 5 });
    expect(items.query({ filter: { a: 5 } }).plan.stage).to.equal('IXSCAN');
    items.dropIndexes('a_1');
    const result = items.query({ filter: { a: 5 } });
    expect(result.plan.stage).to.equal('COLLSCAN');
    expect([...result.records]).to.have.length(1);
  });
});
