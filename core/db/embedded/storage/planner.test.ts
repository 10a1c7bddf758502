import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { openStorageEngine } from './engine.js';
import type { QueryOptions, QueryResult, StoredCollection } from './types.js';

async function seeded(count: number, ...specs: Document[]): Promise<StoredCollection> {
  const engine = await openStorageEngine({});
  const orders = engine.ensureCollection('shop', 'orders');
  for (let i = 0; i < count; i++) {
    orders.insert({ _id: i, status: i % 3 === 0 ? 'open' : 'done', region: `r${i % 4}`, total: i, tags: [`t${i % 5}`, 'all'] });
  }
  if (specs.length > 0) orders.createIndexes(specs);
  return orders;
}

function run(orders: StoredCollection, options: Omit<QueryOptions, 'filter'> & { filter: Document }): { result: QueryResult; ids: unknown[] } {
  const result = orders.query(options);
  const ids = [...result.records].map((record) => record.document['_id']);
  return { result, ids };
}

describe('storage query planning', () => {
  it('when the filter is an _id equality, uses IDHACK and reads one document', async () => {
    const orders = await seeded(50, { key: { status: 1 } });
    const { result, ids } = run(orders, { filter: { _id: 7, status: 'done' } });
    expect(result.plan.stage).to.equal('IDHACK');
    expect(ids).to.deep.equal([7]);
    expect(result.stats).to.include({ keysExamined: 1, docsExamined: 1, nReturned: 1 });
  });

  it('when _id is an $in list, looks each id up and returns them in _id order', async () => {
    const orders = await seeded(20);
    const { result, ids } = run(orders, { filter: { _id: { $in: [9, 3, 100, 5] } } });
    expect(result.plan.stage).to.equal('IXSCAN');
    expect(result.plan.indexBounds).to.deep.equal({ _id: ['[3, 3]', '[5, 5]', '[9, 9]', '[100, 100]'] });
    expect(ids).to.deep.equal([3, 5, 9]);
  });

  it('when no index constrains the filter, scans the collection in natural order', async () => {
    const orders = await seeded(10, { key: { region: 1 } });
    const { result, ids } = run(orders, { filter: { total: { $gte: 7 } } });
    expect(result.plan.stage).to.equal('COLLSCAN');
    expect(ids).to.deep.equal([7, 8, 9]);
    expect(result.stats.docsExamined).to.equal(10);
  });

  it('when several indexes apply, picks the one with more leading equalities and rejects the others', async () => {
    const orders = await seeded(60, { key: { status: 1 } }, { key: { status: 1, region: 1 } }, { key: { total: 1 } });
    const { result, ids } = run(orders, { filter: { status: 'open', region: 'r1', total: { $gt: 5 } } });
    expect(result.plan.indexName).to.equal('status_1_region_1');
    expect(result.plan.rejectedIndexNames).to.have.members(['status_1', 'total_1']);
    expect(result.plan.indexBounds).to.deep.equal({ status: ['["open", "open"]'], region: ['["r1", "r1"]'] });
    expect(ids).to.deep.equal([9, 21, 33, 45, 57]);
    expect(result.stats.keysExamined).to.equal(5);
  });

  it('when an equality prefix is followed by a range, bounds the range in explain form', async () => {
    const orders = await seeded(30, { key: { status: 1, total: -1 } });
    const { result, ids } = run(orders, { filter: { status: 'open', total: { $gt: 20, $lte: 27 } } });
    expect(result.plan.indexBounds).to.deep.equal({ status: ['["open", "open"]'], total: ['[27, 20)'] });
    expect(ids).to.deep.equal([27, 24, 21]);
    expect(result.stats.keysExamined).to.equal(3);
  });

  it('when two indexes tie on the filter, prefers the one that provides the sort', async () => {
    const orders = await seeded(30, { key: { status: 1, region: 1 } }, { key: { status: 1, total: 1 } });
    const { result, ids } = run(orders, { filter: { status: 'open' }, sort: { total: -1 }, limit: 3 });
    expect(result.plan.indexName).to.equal('status_1_total_1');
    expect(result.plan.sortCoveredByIndex).to.equal(true);
    expect(ids).to.deep.equal([27, 24, 21]);
  });

  it('when the index covers the sort and there is a limit, stops after the limit', async () => {
    const orders = await seeded(1000, { key: { total: 1 } });
    const { result, ids } = run(orders, { filter: {}, sort: { total: -1 }, skip: 2, limit: 3 });
    expect(result.plan).to.include({ stage: 'IXSCAN', sortCoveredByIndex: true });
    expect(result.plan.indexBounds).to.deep.equal({ total: ['[MaxKey, MinKey]'] });
    expect(ids).to.deep.equal([997, 996, 995]);
    expect(result.stats.keysExamined).to.equal(5);
  });

  it('when an $in on the prefix has several values, the index cannot give the sort and sorts in memory', async () => {
    const orders = await seeded(30, { key: { region: 1, total: 1 } });
    const { result, ids } = run(orders, { filter: { region: { $in: ['r1', 'r2'] } }, sort: { total: 1 }, limit: 4 });
    expect(result.plan.indexName).to.equal('region_1_total_1');
    expect(result.plan.sortCoveredByIndex).to.equal(false);
    expect(ids).to.deep.equal([1, 2, 5, 6]);
  });

  it('when sorting on a multikey field, does not claim the index order gives the sort', async () => {
    const orders = await seeded(10, { key: { tags: 1 } });
    const { result } = run(orders, { filter: {}, sort: { tags: 1 } });
    expect(result.plan.stage).to.equal('COLLSCAN');
    expect(result.plan.sortCoveredByIndex).to.equal(false);
  });

  it('when a multikey index matches several elements of one document, returns it once', async () => {
    const orders = await seeded(10, { key: { tags: 1 } });
    const { result, ids } = run(orders, { filter: { tags: { $in: ['t1', 'all'] } } });
    expect(result.plan.isMultiKey).to.equal(true);
    expect(ids).to.have.length(10);
    expect(new Set(ids).size).to.equal(10);
  });

  it('when hinted by name or key pattern, uses that index even if another is better', async () => {
    const orders = await seeded(20, { key: { status: 1 } }, { key: { region: 1 } });
    expect(run(orders, { filter: { status: 'open' }, hint: 'region_1' }).result.plan.indexName).to.equal('region_1');
    const byPattern = run(orders, { filter: { status: 'open' }, hint: { region: 1 } });
    expect(byPattern.result.plan.indexBounds).to.deep.equal({ region: ['[MinKey, MaxKey]'] });
    expect(byPattern.ids).to.have.length(7);
  });

  it('when the hint names no index, fails with 2 BadValue', async () => {
    const orders = await seeded(1);
    try {
      orders.query({ filter: {}, hint: 'missing_1' });
      expect.fail('expected the hint to be rejected');
    } catch (error) {
      expect(error).to.be.instanceOf(MongoServerError);
      expect((error as MongoServerError).code).to.equal(2);
      expect((error as MongoServerError).message).to.equal('hint provided does not correspond to an existing index');
    }
  });

  it('when hinted {$natural: -1}, scans the collection backwards', async () => {
    const orders = await seeded(5, { key: { status: 1 } });
    const { result, ids } = run(orders, { filter: { status: 'done' }, hint: { $natural: -1 } });
    expect(result.plan.stage).to.equal('COLLSCAN');
    expect(ids).to.deep.equal([4, 2, 1]);
  });

  it('when the query can match documents missing the field, a sparse index is not used', async () => {
    const orders = await seeded(10, { key: { coupon: 1 }, sparse: true });
    orders.insert({ _id: 'c', coupon: 'SAVE' });
    expect(run(orders, { filter: { coupon: null } }).result.plan.stage).to.equal('COLLSCAN');
    expect(run(orders, { filter: { coupon: null } }).ids).to.have.length(10);
    const exact = run(orders, { filter: { coupon: 'SAVE' } });
    expect(exact.result.plan.indexName).to.equal('coupon_1');
    expect(exact.ids).to.deep.equal(['c']);
  });

  it('when the query implies the partial filter, uses the partial index; otherwise scans', async () => {
    const orders = await seeded(40, { key: { region: 1 }, partialFilterExpression: { total: { $gte: 10 } } });
    const implied = run(orders, { filter: { region: 'r1', total: { $gt: 20 } } });
    expect(implied.result.plan.indexName).to.equal('region_1');
    expect(implied.ids).to.deep.equal([21, 25, 29, 33, 37]);
    const notImplied = run(orders, { filter: { region: 'r1', total: { $gt: 2 } } });
    expect(notImplied.result.plan.stage).to.equal('COLLSCAN');
    expect(notImplied.ids).to.have.length(9);
  });

  it('when an index is hidden, the planner ignores it', async () => {
    const orders = await seeded(10, { key: { status: 1 }, hidden: true });
    expect(run(orders, { filter: { status: 'open' } }).result.plan.stage).to.equal('COLLSCAN');
  });

  it('when a range is on the _id field, builds the ordered _id index and scans it', async () => {
    const orders = await seeded(10);
    const { result, ids } = run(orders, { filter: { _id: { $gte: 7 } } });
    expect(result.plan).to.include({ stage: 'IXSCAN', indexName: '_id_' });
    expect(ids).to.deep.equal([7, 8, 9]);
    orders.insert({ _id: 8.5 });
    expect(run(orders, { filter: { _id: { $gte: 7 } } }).ids).to.deep.equal([7, 8, 8.5, 9]);
  });

  it('when a regex has a literal prefix, scans only that string range', async () => {
    const orders = await seeded(12, { key: { region: 1 } });
    const { result, ids } = run(orders, { filter: { region: /^r3/ } });
    expect(result.plan.indexBounds).to.deep.equal({ region: ['["r3", "r4")', '[/^r3/, /^r3/]'] });
    expect(ids).to.deep.equal([3, 7, 11]);
    expect(result.stats.keysExamined).to.equal(3);
  });

  it('when sorting without a usable index, sorts in memory and keeps skip and limit', async () => {
    const orders = await seeded(300);
    const { result, ids } = run(orders, { filter: { status: 'done' }, sort: { total: -1 }, skip: 1, limit: 2 });
    expect(result.plan.sortCoveredByIndex).to.equal(false);
    expect(ids).to.deep.equal([298, 296]);
    expect(result.stats.nReturned).to.equal(2);
  });

  it('when an index is hashed, uses it for equality but never for ranges or sorts', async () => {
    const orders = await seeded(20, { key: { region: 'hashed' } });
    const equality = run(orders, { filter: { region: 'r2' } });
    expect(equality.result.plan.indexName).to.equal('region_hashed');
    expect(equality.ids).to.deep.equal([2, 6, 10, 14, 18]);
    expect(run(orders, { filter: { region: { $gt: 'r2' } } }).result.plan.stage).to.equal('COLLSCAN');
    expect(run(orders, { filter: {}, sort: { region: 1 } }).result.plan.stage).to.equal('COLLSCAN');
  });

  it('when equality bounds on two predicates contradict, returns nothing without reading documents', async () => {
    const orders = await seeded(10, { key: { total: 1 } });
    const { result, ids } = run(orders, { filter: { $and: [{ total: 3 }, { total: 4 }] } });
    expect(result.plan.indexBounds).to.deep.equal({ total: [] });
    expect(ids).to.deep.equal([]);
    expect(result.stats.docsExamined).to.equal(0);
  });
});
