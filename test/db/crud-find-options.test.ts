import { expect } from 'chai';
import type { Collection, Document, Filter, Sort } from 'mongodb';
import { inventoryCopy } from './fixtures.js';
import { expectServerError, useDatabase, type AnyDoc } from './harness.js';

describe('CRUD: find projection, sort, skip and limit', function () {
  const ctx = useDatabase('find_options');
  let collection: Collection<AnyDoc>;

  beforeEach(async function () {
    collection = ctx.collection('inventory');
    await collection.insertMany(inventoryCopy());
  });

  async function project(filter: Filter<AnyDoc>, projection: Document): Promise<Document[]> {
    return collection.find(filter, { projection }).sort({ _id: 1 }).toArray();
  }

  async function sortedIds(sort: Sort, skip = 0, limit = 0): Promise<unknown[]> {
    const docs = await collection.find({}, { sort, skip, limit, projection: { _id: 1 } }).toArray();
    return docs.map((doc) => doc._id);
  }

  describe('projection', function () {
    it('when fields are included, only they and _id come back', async function () {
      expect(await project({ _id: 1 }, { item: 1, status: 1 })).to.deep.equal([{ _id: 1, item: 'journal', status: 'A' }]);
    });

    it('when _id is excluded from an inclusion projection, it is left out', async function () {
      expect(await project({ _id: 2 }, { item: 1, _id: 0 })).to.deep.equal([{ item: 'notebook' }]);
    });

    it('when fields are excluded, every other field comes back', async function () {
      const [doc] = await project({ _id: 6 }, { tags: 0, qty: 0 });
      expect(doc).to.deep.equal({ _id: 6, item: 'sketchbook', status: 'B' });
    });

    it('when a dotted path is included, the embedded document keeps only that field', async function () {
      expect(await project({ _id: 1 }, { 'size.uom': 1 })).to.deep.equal([{ _id: 1, size: { uom: 'cm' } }]);
    });

    it('when a dotted inclusion crosses an array of documents, each element keeps only that field', async function () {
      expect(await project({ _id: 1 }, { 'instock.qty': 1, _id: 0 })).to.deep.equal([{ instock: [{ qty: 5 }, { qty: 15 }] }]);
    });

    it('when an inclusion projection also excludes a field other than _id, it fails with 31254', async function () {
      const error = await expectServerError(project({}, { item: 1, status: 0 }), 31254);
      expect(error.message).to.contain('Cannot do exclusion on field status in inclusion projection');
    });

    it('when an exclusion projection also includes a field, it fails with 31253', async function () {
      const error = await expectServerError(project({}, { item: 0, status: 1 }), 31253);
      expect(error.message).to.contain('Cannot do inclusion on field status in exclusion projection');
    });

    it('when $slice is given a count, a negative count or [skip, limit], the array is cut accordingly', async function () {
      const [first] = await project({ _id: 3 }, { tags: { $slice: 1 } });
      expect(first?.['tags']).to.deep.equal(['red']);
      // $slice alone behaves like an exclusion projection: the other fields stay.
      expect(first?.['item']).to.equal('paper');
      const [last] = await project({ _id: 3 }, { tags: { $slice: -1 } });
      expect(last?.['tags']).to.deep.equal(['plain']);
      const [middle] = await project({ _id: 3 }, { tags: { $slice: [1, 1] } });
      expect(middle?.['tags']).to.deep.equal(['blank']);
    });

    it('when $elemMatch projects an array, only the first matching element and _id come back', async function () {
      const docs = await project({ _id: { $in: [1, 2] } }, { instock: { $elemMatch: { qty: { $gt: 10 } } } });
      expect(docs).to.deep.equal([{ _id: 1, instock: [{ warehouse: 'C', qty: 15 }] }, { _id: 2 }]);
    });

    it('when the positional $ projection is used, the first element matched by the filter comes back', async function () {
      const docs = await project({ 'instock.warehouse': 'B' }, { 'instock.$': 1 });
      expect(docs).to.deep.equal([
        { _id: 3, instock: [{ warehouse: 'B', qty: 15 }] },
        { _id: 4, instock: [{ warehouse: 'B', qty: 5 }] },
        { _id: 5, instock: [{ warehouse: 'B', qty: 15 }] },
      ]);
    });

    it('when a projection holds an aggregation expression, the computed field is returned', async function () {
      const docs = await project({ _id: 1 }, { item: 1, double: { $multiply: ['$qty', 2] }, _id: 0 });
      expect(docs).to.deep.equal([{ item: 'journal', double: 50 }]);
    });
  });

  describe('sort, skip and limit', function () {
    it('when sorting by a numeric field descending, larger numbers come first', async function () {
      expect(await sortedIds({ qty: -1 }, 0, 5)).to.deep.equal([7, 3, 4, 2, 5]);
    });

    it('when sorting by mixed types ascending, null < numbers < strings', async function () {
      expect(await sortedIds({ qty: 1, _id: 1 })).to.deep.equal([6, 1, 5, 2, 4, 3, 7]);
    });

    it('when sorting by a compound key, the second key breaks ties of the first', async function () {
      expect(await sortedIds({ status: 1, qty: -1 })).to.deep.equal([2, 5, 1, 7, 6, 3, 4]);
    });

    it('when sorting ascending by a path some documents lack, those sort first as null', async function () {
      expect(await sortedIds({ 'size.h': 1, _id: 1 })).to.deep.equal([6, 7, 2, 3, 5, 1, 4]);
    });

    it('when sorting by an array path, ascending uses the smallest and descending the largest element', async function () {
      expect(await sortedIds({ 'instock.qty': 1, _id: 1 })).to.deep.equal([6, 7, 1, 2, 4, 3, 5]);
      expect(await sortedIds({ 'instock.qty': -1, _id: 1 })).to.deep.equal([3, 4, 5, 1, 2, 6, 7]);
    });

    it('when skip and limit are combined with a sort, the window is taken after sorting', async function () {
      expect(await sortedIds({ _id: -1 }, 2, 3)).to.deep.equal([5, 4, 3]);
    });

    it('when limit is 0, every document is returned', async function () {
      expect(await sortedIds({ _id: 1 }, 0, 0)).to.have.lengthOf(7);
    });

    it('when skip passes the end, no documents are returned', async function () {
      expect(await sortedIds({ _id: 1 }, 50, 0)).to.deep.equal([]);
    });

    it('when findOne is given a sort, it returns the first document in that order', async function () {
      const doc = await collection.findOne({ status: 'A' }, { sort: { qty: -1 } });
      expect(doc?._id).to.equal(2);
    });
  });
});
