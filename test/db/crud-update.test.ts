import { expect } from 'chai';
import { Decimal128, Timestamp, type Document } from 'mongodb';
import { asUpdate, useDatabase } from './harness.js';

describe('CRUD: update operators', function () {
  const ctx = useDatabase('update');

  /** Inserts `doc` as _id 1, applies `update` to it and returns the stored result without _id. */
  async function afterUpdate(doc: Document, update: Document | Document[], arrayFilters?: Document[]): Promise<Document> {
    const collection = ctx.collection('upd');
    await collection.insertOne({ _id: 1, ...doc });
    const result = await collection.updateOne({ _id: 1 }, asUpdate(update), arrayFilters ? { arrayFilters } : {});
    expect(result.matchedCount).to.equal(1);
    const stored = await collection.findOne({ _id: 1 }, { projection: { _id: 0 } });
    return stored ?? {};
  }

  describe('field operators', function () {
    it('when $set names a new dotted path, the embedded documents are created', async function () {
      expect(await afterUpdate({ a: 1 }, { $set: { 'b.c.d': 2, a: 3 } })).to.deep.equal({ a: 3, b: { c: { d: 2 } } });
    });

    it('when $unset names present and missing fields, the present ones are removed', async function () {
      expect(await afterUpdate({ a: 1, b: { c: 2, d: 3 } }, { $unset: { a: '', 'b.c': 1, zz: 1 } })).to.deep.equal({ b: { d: 3 } });
    });

    it('when $inc targets existing and missing fields, it adds and creates', async function () {
      expect(await afterUpdate({ a: 5, n: { x: 1.5 } }, { $inc: { a: -2, 'n.x': 1, created: 4 } })).to.deep.equal({
        a: 3,
        n: { x: 2.5 },
        created: 4,
      });
    });

    it('when $inc adds a Decimal128 to an integer, the result is a Decimal128', async function () {
      const stored = await afterUpdate({ a: 2 }, { $inc: { a: Decimal128.fromString('1.5') } });
      expect(stored['a']).to.be.instanceOf(Decimal128);
      expect(String(stored['a'])).to.equal('3.5');
    });

    it('when $mul targets an existing and a missing field, it multiplies and creates 0', async function () {
      expect(await afterUpdate({ price: 10 }, { $mul: { price: 1.25, qty: 2 } })).to.deep.equal({ price: 12.5, qty: 0 });
    });

    it('when $min and $max are applied, a field only changes if the new value is lower/higher', async function () {
      const stored = await afterUpdate(
        { lo: 5, hi: 5, when: new Date('2024-01-01T00:00:00Z') },
        { $min: { lo: 3, hi: 9 }, $max: { when: new Date('2025-01-01T00:00:00Z') } },
      );
      expect(stored['lo']).to.equal(3);
      expect(stored['hi']).to.equal(5);
      expect((stored['when'] as Date).toISOString()).to.equal('2025-01-01T00:00:00.000Z');
    });

    it('when $min or $max targets a missing field, the field is set to the given value', async function () {
      expect(await afterUpdate({}, { $min: { lo: 4 }, $max: { hi: 7 } })).to.deep.equal({ lo: 4, hi: 7 });
    });

    it('when $rename moves a field, including into an embedded document, the old name disappears', async function () {
      expect(await afterUpdate({ a: 1, b: 2 }, { $rename: { a: 'x.y', nothere: 'z' } })).to.deep.equal({ b: 2, x: { y: 1 } });
    });

    it('when $currentDate is used, fields get the server time as a Date or a Timestamp', async function () {
      const before = Date.now();
      const stored = await afterUpdate({}, { $currentDate: { at: true, ts: { $type: 'timestamp' } } });
      expect(stored['at']).to.be.instanceOf(Date);
      expect((stored['at'] as Date).getTime()).to.be.within(before - 5000, Date.now() + 5000);
      expect(stored['ts']).to.be.instanceOf(Timestamp);
    });

    it('when $setOnInsert is used on an update that matches, it is ignored', async function () {
      expect(await afterUpdate({ a: 1 }, { $set: { b: 2 }, $setOnInsert: { c: 3 } })).to.deep.equal({ a: 1, b: 2 });
    });

    it('when $bit applies and/or/xor, the integer bits change accordingly', async function () {
      expect(await afterUpdate({ a: 13, b: 3, c: 1 }, { $bit: { a: { and: 10 }, b: { or: 5 }, c: { xor: 5 } } })).to.deep.equal({
        a: 8,
        b: 7,
        c: 4,
      });
    });
  });

  describe('array operators', function () {
    it('when $push targets a missing field, an array is created', async function () {
      expect(await afterUpdate({}, { $push: { list: 'x' } })).to.deep.equal({ list: ['x'] });
    });

    it('when $push uses $each with $position, $sort and $slice, they apply in that order', async function () {
      const stored = await afterUpdate({ s: [5, 1, 9] }, { $push: { s: { $each: [7, 3], $sort: -1, $slice: 3 } } });
      expect(stored['s']).to.deep.equal([9, 7, 5]);
      const positioned = await afterUpdate({ s: ['a', 'd'] }, { $push: { s: { $each: ['b', 'c'], $position: 1 } } });
      expect(positioned['s']).to.deep.equal(['a', 'b', 'c', 'd']);
    });

    it('when $push sorts embedded documents by a field, the array is ordered by it', async function () {
      const stored = await afterUpdate(
        { q: [{ s: 8 }, { s: 2 }] },
        { $push: { q: { $each: [{ s: 5 }], $sort: { s: 1 } } } },
      );
      expect(stored['q']).to.deep.equal([{ s: 2 }, { s: 5 }, { s: 8 }]);
    });

    it('when $push uses a negative $slice, only the last elements are kept', async function () {
      expect(await afterUpdate({ s: [1, 2, 3] }, { $push: { s: { $each: [4, 5], $slice: -3 } } })).to.deep.equal({ s: [3, 4, 5] });
    });

    it('when $pull is given an $in condition, every listed value is removed', async function () {
      expect(await afterUpdate({ s: [1, 2, 3, 1] }, { $pull: { s: { $in: [1, 3] } } })).to.deep.equal({ s: [2] });
    });

    it('when nested arrays are updated with $[] and an $[identifier] together, only the filtered inner elements change', async function () {
      const stored = await afterUpdate(
        { grades: [{ g: [1, 9] }, { g: [8] }] },
        { $set: { 'grades.$[].g.$[big]': 0 } },
        [{ big: { $gt: 5 } }],
      );
      expect(stored['grades']).to.deep.equal([{ g: [1, 0] }, { g: [0] }]);
    });

    it('when $addToSet with $each adds values, existing ones are not duplicated', async function () {
      expect(await afterUpdate({ t: ['a', 'b'] }, { $addToSet: { t: { $each: ['b', 'c', 'c'] } } })).to.deep.equal({ t: ['a', 'b', 'c'] });
    });

    it('when $pop is 1 or -1, the last or first element is removed', async function () {
      expect(await afterUpdate({ a: [1, 2, 3], b: [1, 2, 3] }, { $pop: { a: 1, b: -1 } })).to.deep.equal({ a: [1, 2], b: [2, 3] });
    });

    it('when $pull is given a condition or a document, matching elements are removed', async function () {
      const stored = await afterUpdate(
        { n: [1, 5, 8, 12], d: [{ k: 1, v: 'x' }, { k: 2, v: 'y' }] },
        { $pull: { n: { $gte: 8 }, d: { k: 2 } } },
      );
      expect(stored).to.deep.equal({ n: [1, 5], d: [{ k: 1, v: 'x' }] });
    });

    it('when $pullAll lists values, every occurrence of them is removed', async function () {
      expect(await afterUpdate({ s: [0, 2, 5, 5, 1, 0] }, { $pullAll: { s: [0, 5] } })).to.deep.equal({ s: [2, 1] });
    });

    it('when the positional $ is used, the first element matched by the filter is updated', async function () {
      const collection = ctx.collection('positional');
      await collection.insertOne({ _id: 1, grades: [80, 85, 90, 85] });
      await collection.updateOne({ _id: 1, grades: 85 }, { $set: { 'grades.$': 82 } });
      expect((await collection.findOne({ _id: 1 }))?.['grades']).to.deep.equal([80, 82, 90, 85]);
    });

    it('when $[] is used, every array element is updated', async function () {
      expect(await afterUpdate({ g: [1, 2, 3] }, { $inc: { 'g.$[]': 10 } })).to.deep.equal({ g: [11, 12, 13] });
    });

    it('when $[elem] is used with arrayFilters, only the elements that pass the filter are updated', async function () {
      const stored = await afterUpdate(
        { items: [{ q: 1, ok: false }, { q: 7, ok: false }, { q: 9, ok: false }] },
        { $set: { 'items.$[big].ok': true } },
        [{ 'big.q': { $gt: 5 } }],
      );
      expect(stored['items']).to.deep.equal([
        { q: 1, ok: false },
        { q: 7, ok: true },
        { q: 9, ok: true },
      ]);
    });
  });

  describe('array element paths and exact arithmetic', function () {
    it('when $set names an index past the end of an array, the gap is padded with nulls', async function () {
      expect(await afterUpdate({ arr: [1, 2] }, { $set: { 'arr.4': 'x' } })).to.deep.equal({ arr: [1, 2, null, null, 'x'] });
    });

    it('when $unset names an array element, the element becomes null and the length is kept', async function () {
      expect(await afterUpdate({ arr: [1, 2, 3] }, { $unset: { 'arr.0': '' } })).to.deep.equal({ arr: [null, 2, 3] });
    });

    it('when $addToSet adds a document whose fields are in another order, it counts as a different value', async function () {
      const stored = await afterUpdate({ s: [{ a: 1, b: 2 }] }, { $addToSet: { s: { b: 2, a: 1 } } });
      expect(stored['s']).to.deep.equal([{ a: 1, b: 2 }, { b: 2, a: 1 }]);
      expect(Object.keys((stored['s'] as Document[])[1] ?? {})).to.deep.equal(['b', 'a']);
    });

    it('when Decimal128 values are incremented, the arithmetic is decimal and exact (0.1 + 0.2 = 0.3)', async function () {
      const stored = await afterUpdate({ d: Decimal128.fromString('0.1') }, { $inc: { d: Decimal128.fromString('0.2') } });
      expect(stored['d']).to.be.instanceOf(Decimal128);
      expect(String(stored['d'])).to.equal('0.3');
    });
  });

  describe('pipeline-style updates', function () {
    it('when the update is a pipeline, stages see the current document and can $unset', async function () {
      const stored = await afterUpdate({ a: 2, b: 3, tmp: 1 }, [
        { $set: { total: { $add: ['$a', '$b'] }, label: { $concat: ['n', { $toString: '$a' }] } } },
        { $unset: 'tmp' },
      ]);
      expect(stored).to.deep.equal({ a: 2, b: 3, total: 5, label: 'n2' });
    });

    it('when a pipeline update refers to $$NOW, the field gets the current date', async function () {
      const stored = await afterUpdate({}, [{ $set: { at: '$$NOW' } }]);
      expect(stored['at']).to.be.instanceOf(Date);
    });
  });

  describe('counts and many-document updates', function () {
    it('when updateMany matches several documents, matchedCount and modifiedCount report them', async function () {
      const collection = ctx.collection('many');
      await collection.insertMany([{ g: 1, v: 0 }, { g: 1, v: 5 }, { g: 2, v: 0 }]);
      const result = await collection.updateMany({ g: 1 }, { $set: { v: 5 } });
      expect(result.matchedCount).to.equal(2);
      expect(result.modifiedCount).to.equal(1);
      expect(await collection.countDocuments({ v: 5 })).to.equal(2);
    });

    it('when an update would not change the document, modifiedCount is 0', async function () {
      const collection = ctx.collection('noop');
      await collection.insertOne({ _id: 1, a: 1 });
      const result = await collection.updateOne({ _id: 1 }, { $set: { a: 1 } });
      expect(result.matchedCount).to.equal(1);
      expect(result.modifiedCount).to.equal(0);
    });

    it('when an operator has an empty operand, the update is accepted as a no-op (MongoDB 5.0+)', async function () {
      const collection = ctx.collection('empty');
      await collection.insertOne({ _id: 1, a: 1 });
      const result = await collection.updateOne({ _id: 1 }, { $set: {} });
      expect(result.matchedCount).to.equal(1);
      expect(result.modifiedCount).to.equal(0);
    });

    it('when nothing matches and upsert is off, nothing is written', async function () {
      const collection = ctx.collection('nomatch');
      const result = await collection.updateOne({ a: 1 }, { $set: { b: 1 } });
      expect(result.matchedCount).to.equal(0);
      expect(result.upsertedId).to.equal(null);
      expect(await collection.countDocuments()).to.equal(0);
    });
  });
});
