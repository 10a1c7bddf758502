import { expect } from 'chai';
import { ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { Collection } from './collection.js';
import { indexFromSpec } from './collection-indexes.js';
import { boundsAnswerFilter } from './exact-bounds.js';
import { planQuery } from './planner.js';
import { extractPredicates } from './predicates.js';
import type { IndexSpec } from './types.js';

function answered(filter: Document, spec: Partial<IndexSpec> = {}, multikey = false): boolean {
  const index = indexFromSpec({ v: 2, key: { a: 1, b: 1 }, name: 'a_1_b_1', ...spec });
  if (multikey) index.keysFor({ a: ['x', 'y'] }, 1);
  const plan = planQuery([index], { filter, predicates: extractPredicates(filter), sort: undefined, hint: undefined });
  return boundsAnswerFilter(plan, filter);
}

describe('embedded db: filters answered by index bounds', () => {
  it('when equality, $in and string/date/ObjectId ranges hit index fields, the bounds answer the filter', () => {
    expect(answered({ a: 'x' })).to.equal(true);
    expect(answered({ a: 5, b: { $in: ['p', 'q'] } })).to.equal(true);
    expect(answered({ a: { $eq: true }, b: { $gte: '2025-01-01', $lte: '2025-02-01' } })).to.equal(true);
    expect(answered({ a: 'x', b: { $gt: new Date(0) } })).to.equal(true);
    expect(answered({ a: { $lt: new ObjectId() } })).to.equal(true);
  });

  it('when a clause is null, NaN, an array, a regex, a numeric range or another operator, the filter stays', () => {
    expect(answered({ a: null })).to.equal(false);
    expect(answered({ a: Number.NaN })).to.equal(false);
    expect(answered({ a: ['x'] })).to.equal(false);
    expect(answered({ a: /x/ })).to.equal(false);
    expect(answered({ a: { $gt: 5 } })).to.equal(false);
    expect(answered({ a: { $ne: 'x' } })).to.equal(false);
    expect(answered({ a: { $in: ['x', null] } })).to.equal(false);
    expect(answered({ a: { a: 1 } })).to.equal(false);
  });

  it('when a field is outside the index or the filter has top-level operators, the filter stays', () => {
    expect(answered({ a: 'x', c: 'y' })).to.equal(false);
    expect(answered({ a: 'x', $comment: 'why' })).to.equal(false);
    expect(answered({ $and: [{ a: 'x' }] })).to.equal(false);
  });

  it('when the index is multikey, sparse, partial or collated, the filter stays', () => {
    expect(answered({ a: 'x' }, {}, true)).to.equal(false);
    expect(answered({ a: 'x' }, { sparse: true })).to.equal(false);
    expect(answered({ a: 'x' }, { partialFilterExpression: { a: { $exists: true } } })).to.equal(false);
    expect(answered({ a: 'x' }, { collation: { locale: 'fr' } } as Partial<IndexSpec>)).to.equal(false);
  });

  it('when the filter is answered by bounds, a query still returns exactly the matching documents', () => {
    const collection = new Collection({ database: 'd', name: 'c', options: {}, uuid: undefined, journal: undefined });
    collection.createIndexes([{ key: { t: 1, d: 1 }, name: 't_1_d_1' }]);
    const documents: Document[] = [
      { _id: 1, t: 'x', d: '2025-01-01' },
      { _id: 2, t: 'x', d: '2025-01-05' },
      { _id: 3, t: 'y', d: '2025-01-02' },
      { _id: 4, t: 'x', d: new Date(0) },
      { _id: 5, t: 'x' },
      { _id: 6, t: 'x', d: 20250101 },
    ];
    for (const document of documents) collection.insert(document);
    const ids = (filter: Document): unknown[] => [...collection.query({ filter }).records].map((record) => record.document['_id']);
    expect(ids({ t: 'x', d: { $gte: '2025-01-01', $lt: '2025-01-05' } })).to.deep.equal([1]);
    expect(ids({ t: { $in: ['x', 'y'] }, d: { $lte: '2025-01-02' } })).to.deep.equal([1, 3]);
    expect(ids({ t: 'x', d: { $gt: new Date(-1) } })).to.deep.equal([4]);
  });
});
