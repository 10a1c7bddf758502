import { expect } from 'chai';
import type { Collection, Filter } from 'mongodb';
import { inventoryCopy } from './fixtures.js';
import { expectServerError, useDatabase, type AnyDoc } from './harness.js';

describe('CRUD: find filter operators', function () {
  const ctx = useDatabase('find_filter');
  let collection: Collection<AnyDoc>;

  beforeEach(async function () {
    collection = ctx.collection('inventory');
    await collection.insertMany(inventoryCopy());
  });

  async function ids(filter: Filter<AnyDoc>): Promise<unknown[]> {
    const docs = await collection.find(filter).sort({ _id: 1 }).toArray();
    return docs.map((doc) => doc._id);
  }

  describe('equality', function () {
    it('when a field is compared to a scalar, only equal documents match', async function () {
      expect(await ids({ status: 'D' })).to.deep.equal([3, 4]);
    });

    it('when an array field is compared to a scalar, documents whose array contains it match (and scalars equal to it)', async function () {
      expect(await ids({ tags: 'red' })).to.deep.equal([1, 2, 3, 4]);
      expect(await ids({ tags: 'single' })).to.deep.equal([7]);
    });

    it('when an array field is compared to an array, only the exact array in the same order matches', async function () {
      expect(await ids({ tags: ['red', 'blank'] })).to.deep.equal([2]);
      expect(await ids({ tags: { $eq: ['blank', 'red'] } })).to.deep.equal([1, 4]);
    });

    it('when an embedded document is compared whole, field order matters', async function () {
      expect(await ids({ size: { h: 14, w: 21, uom: 'cm' } })).to.deep.equal([1]);
      expect(await ids({ size: { w: 21, h: 14, uom: 'cm' } })).to.deep.equal([]);
    });

    it('when a dotted path names an embedded field, it matches on that field', async function () {
      expect(await ids({ 'size.uom': 'in' })).to.deep.equal([2, 3]);
      expect(await ids({ 'size.h': { $lt: 15 } })).to.deep.equal([1, 2, 3, 5]);
    });

    it('when a dotted path crosses an array of documents, any element can match', async function () {
      expect(await ids({ 'instock.warehouse': 'B' })).to.deep.equal([3, 4, 5]);
      expect(await ids({ 'instock.qty': { $lte: 5 } })).to.deep.equal([1, 2, 4]);
    });

    it('when a dotted path uses an array index, only that position is compared', async function () {
      expect(await ids({ 'tags.0': 'red' })).to.deep.equal([2, 3]);
      expect(await ids({ 'instock.0.qty': { $gte: 40 } })).to.deep.equal([3, 4]);
    });

    it('when a field is compared to null, documents where it is null or missing match', async function () {
      expect(await ids({ qty: null })).to.deep.equal([6]);
      expect(await ids({ size: null })).to.deep.equal([6, 7]);
      expect(await ids({ qty: { $type: 'null' } })).to.deep.equal([6]);
    });
  });

  describe('comparison', function () {
    it('when $gt compares with a number, only numbers match (type bracketing)', async function () {
      expect(await ids({ qty: { $gt: 40 } })).to.deep.equal([2, 3, 4, 5]);
      expect(await ids({ qty: { $gte: '3' } })).to.deep.equal([7]);
    });

    it('when $ne is used, documents whose array contains the value and only those are excluded', async function () {
      expect(await ids({ status: { $ne: 'A' } })).to.deep.equal([3, 4, 6, 7]);
      expect(await ids({ tags: { $ne: 'red' } })).to.deep.equal([5, 6, 7]);
      expect(await ids({ qty: { $ne: null } })).to.deep.equal([1, 2, 3, 4, 5, 7]);
    });

    it('when $in lists values, regexes or null, a document matching any of them matches', async function () {
      expect(await ids({ status: { $in: ['A', 'B'] } })).to.deep.equal([1, 2, 5, 6, 7]);
      expect(await ids({ item: { $in: [/^p/] } })).to.deep.equal([3, 4, 5]);
      expect(await ids({ size: { $in: [null] } })).to.deep.equal([6, 7]);
    });

    it('when $nin is used, documents missing the field also match', async function () {
      expect(await ids({ status: { $nin: ['A', 'D'] } })).to.deep.equal([6, 7]);
      expect(await ids({ nowhere: { $nin: [1] } })).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    });

    it('when a range is applied to an array of documents by dotted path, different elements may satisfy each bound', async function () {
      expect(await ids({ 'instock.qty': { $gt: 10, $lt: 20 } })).to.deep.equal([1, 3, 4, 5]);
    });
  });

  describe('element, evaluation and array operators', function () {
    it('when $exists is used, null counts as present and missing as absent', async function () {
      expect(await ids({ size: { $exists: true } })).to.deep.equal([1, 2, 3, 4, 5]);
      expect(await ids({ size: { $exists: false } })).to.deep.equal([6, 7]);
      expect(await ids({ qty: { $exists: true } })).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    });

    it('when $type is given an alias, a number code or "number", it matches by BSON type', async function () {
      expect(await ids({ qty: { $type: 'string' } })).to.deep.equal([7]);
      expect(await ids({ qty: { $type: 2 } })).to.deep.equal([7]);
      expect(await ids({ qty: { $type: 'number' } })).to.deep.equal([1, 2, 3, 4, 5]);
      expect(await ids({ tags: { $type: 'array' } })).to.deep.equal([1, 2, 3, 4, 5, 6]);
    });

    it('when $regex is used with options or a RegExp literal, it matches strings by pattern', async function () {
      expect(await ids({ item: { $regex: '^s', $options: 'i' } })).to.deep.equal([6, 7]);
      expect(await ids({ item: /^s/ })).to.deep.equal([6]);
      expect(await ids({ item: { $regex: /PAD$/i } })).to.deep.equal([7]);
    });

    it('when $or, $nor and $and combine clauses, they follow boolean logic', async function () {
      expect(await ids({ $or: [{ qty: { $lt: 30 } }, { status: 'B' }] })).to.deep.equal([1, 6, 7]);
      expect(await ids({ $nor: [{ status: 'A' }, { qty: { $gt: 80 } }] })).to.deep.equal([4, 6, 7]);
      expect(await ids({ $and: [{ qty: { $gt: 20 } }, { qty: { $lt: 50 } }] })).to.deep.equal([1, 5]);
    });

    it('when $not wraps an operator or a regex, non-matching and non-comparable documents match', async function () {
      expect(await ids({ qty: { $not: { $gt: 40 } } })).to.deep.equal([1, 6, 7]);
      expect(await ids({ item: { $not: /^p/ } })).to.deep.equal([1, 2, 6, 7]);
    });

    it('when $all and $size are used, they test array contents and length', async function () {
      expect(await ids({ tags: { $all: ['red', 'blank'] } })).to.deep.equal([1, 2, 3, 4]);
      expect(await ids({ tags: { $size: 2 } })).to.deep.equal([1, 2, 4]);
      expect(await ids({ tags: { $size: 0 } })).to.deep.equal([6]);
    });

    it('when $elemMatch is used, a single element must satisfy every condition', async function () {
      expect(await ids({ instock: { $elemMatch: { qty: { $gt: 10, $lt: 20 } } } })).to.deep.equal([1, 3, 5]);
      expect(await ids({ instock: { $elemMatch: { warehouse: 'A', qty: 15 } } })).to.deep.equal([]);
      expect(await ids({ 'instock.warehouse': 'A', 'instock.qty': 15 })).to.deep.equal([1, 3]);
    });

    it('when $all, $in or $nin get an empty list, $all and $in match nothing and $nin matches everything', async function () {
      expect(await ids({ tags: { $all: [] } })).to.deep.equal([]);
      expect(await ids({ status: { $in: [] } })).to.deep.equal([]);
      expect(await ids({ status: { $nin: [] } })).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    });

    it('when a regex or $exists targets an array, any element or position can satisfy it', async function () {
      expect(await ids({ tags: /^bl/ })).to.deep.equal([1, 2, 3, 4, 5]);
      expect(await ids({ 'tags.1': { $exists: true } })).to.deep.equal([1, 2, 3, 4]);
    });

    it('when a range bound is null, $gte/$lte null match null and missing while $gt/$lt null match nothing', async function () {
      expect(await ids({ size: { $gte: null } })).to.deep.equal([6, 7]);
      expect(await ids({ qty: { $lte: null } })).to.deep.equal([6]);
      expect(await ids({ qty: { $lt: null } })).to.deep.equal([]);
    });

    it('when $mod and $bitsAllSet are used, they test integer arithmetic and bits', async function () {
      expect(await ids({ qty: { $mod: [25, 0] } })).to.deep.equal([1, 2, 3, 4]);
      expect(await ids({ qty: { $bitsAllSet: [0] } })).to.deep.equal([1, 4, 5]);
    });

    it('when $expr compares two fields of the same document, it uses aggregation semantics', async function () {
      expect(await ids({ $expr: { $gt: ['$size.w', '$size.h'] } })).to.deep.equal([1, 2, 3, 4, 5]);
      expect(await ids({ $expr: { $eq: ['$status', 'B'] } })).to.deep.equal([6, 7]);
    });
  });

  describe('invalid filters', function () {
    it('when a filter uses an unknown operator, it fails with 2 BadValue', async function () {
      const error = await expectServerError(collection.find({ qty: { $foo: 1 } } as Filter<AnyDoc>).toArray(), 2);
      expect(error.message).to.contain('unknown operator: $foo');
    });

    it('when $in is not given an array, it fails with 2 BadValue', async function () {
      const error = await expectServerError(collection.find({ qty: { $in: 5 } } as Filter<AnyDoc>).toArray(), 2);
      expect(error.message).to.contain('$in needs an array');
    });

    it('when $or is given an empty array, it fails with 2 BadValue', async function () {
      const error = await expectServerError(collection.find({ $or: [] }).toArray(), 2);
      expect(error.message).to.contain('$and/$or/$nor must be a nonempty array');
    });

    it('when $regex is not a valid pattern, it fails with 51091', async function () {
      const error = await expectServerError(collection.find({ item: { $regex: '(' } }).toArray(), 51091);
      expect(error.message).to.contain('Regular expression is invalid');
    });

    it('when a collection does not exist, find returns no documents and no error', async function () {
      const missing = ctx.collection('never_created');
      expect(await missing.find({ a: 1 }).toArray()).to.deep.equal([]);
    });
  });
});
