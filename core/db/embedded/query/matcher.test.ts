import { expect } from 'chai';
import { Decimal128, Long, MaxKey, MinKey, ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { compileFilter, getPathValues, lookupPath } from './matcher.js';

function matches(filter: Document, document: Document): boolean {
  return compileFilter(filter).matches(document);
}

function which(filter: Document, documents: readonly Document[]): unknown[] {
  const compiled = compileFilter(filter);
  return documents.filter((document) => compiled.matches(document)).map((document) => document['_id']);
}

function compileError(filter: Document): { code: number; message: string } {
  try {
    compileFilter(filter);
  } catch (error) {
    expect(error).to.be.instanceOf(MongoServerError);
    const serverError = error as MongoServerError;
    return { code: serverError.code, message: serverError.message };
  }
  throw new Error(`expected ${JSON.stringify(filter)} to be rejected`);
}

// The documents of MongoDB's null_query_semantics test.
const NULL_DOCS: Document[] = [
  { _id: 'a_empty_subobject', a: {} },
  { _id: 'a_null', a: null },
  { _id: 'a_number', a: 4 },
  { _id: 'a_subobject_b_not_null', a: { b: 'hi' } },
  { _id: 'a_subobject_b_null', a: { b: null } },
  { _id: 'no_a' },
  { _id: 'a_double_array', a: [[]] },
  { _id: 'a_empty_array', a: [] },
  { _id: 'a_object_array_no_b_nulls', a: [{ b: 1 }, { b: 3 }, { b: 'string' }] },
  { _id: 'a_object_array_some_b_missing', a: [{ b: 3 }, {}] },
  { _id: 'a_value_array_no_nulls', a: [1, 'string', 4] },
  { _id: 'a_value_array_with_null', a: [1, 'string', null, 4] },
];

describe('query/matcher', () => {
  describe('equality and paths', () => {
    it('when the filter is empty, every document matches', () => {
      expect(matches({}, { a: 1 })).to.equal(true);
    });

    it('when several fields are given, all must match (implicit $and)', () => {
      expect(matches({ a: 1, b: 2 }, { a: 1, b: 2 })).to.equal(true);
      expect(matches({ a: 1, b: 2 }, { a: 1, b: 3 })).to.equal(false);
    });

    it('when numbers of different representations are equal, equality matches', () => {
      expect(matches({ a: 1 }, { a: Long.fromNumber(1) })).to.equal(true);
      expect(matches({ a: 1.5 }, { a: Decimal128.fromString('1.5') })).to.equal(true);
      expect(matches({ a: Long.fromNumber(2) }, { a: 2 })).to.equal(true);
    });

    it('when an ObjectId or Date is compared, equality uses the value not the instance', () => {
      const id = new ObjectId();
      expect(matches({ _id: new ObjectId(id.toHexString()) }, { _id: id })).to.equal(true);
      expect(matches({ _id: id.toHexString() }, { _id: id })).to.equal(false);
      expect(matches({ at: new Date(5) }, { at: new Date(5) })).to.equal(true);
    });

    it("when a dotted path crosses an array of documents, any element's field can match", () => {
      expect(matches({ 'a.b': 1 }, { a: [{ b: 1 }, { b: 2 }] })).to.equal(true);
      expect(matches({ 'a.b': 3 }, { a: [{ b: 1 }, { b: 2 }] })).to.equal(false);
    });

    it('when a path part is numeric, it indexes arrays and also names fields of embedded documents', () => {
      expect(matches({ 'a.0.b': 1 }, { a: [{ b: 1 }] })).to.equal(true);
      expect(matches({ 'a.1': 'y' }, { a: ['x', 'y'] })).to.equal(true);
      expect(matches({ 'a.0': 'y' }, { a: ['x', 'y'] })).to.equal(false);
      expect(matches({ 'a.0': 5 }, { a: { '0': 5 } })).to.equal(true);
      expect(matches({ 'a.0.b': 7 }, { a: [{ '0': { b: 7 } }] })).to.equal(true);
    });

    it('when an array field is queried with a scalar, any element or the array itself can match', () => {
      expect(matches({ tags: 'red' }, { tags: ['blue', 'red'] })).to.equal(true);
      expect(matches({ tags: ['blue', 'red'] }, { tags: ['blue', 'red'] })).to.equal(true);
      expect(matches({ tags: ['red', 'blue'] }, { tags: ['blue', 'red'] })).to.equal(false);
    });

    it('when arrays are nested, only one level is expanded', () => {
      expect(matches({ a: 1 }, { a: [[1]] })).to.equal(false);
      expect(matches({ a: [1] }, { a: [[1], 2] })).to.equal(true);
      expect(matches({ 'a.b': 1 }, { a: [[{ b: 1 }]] })).to.equal(false);
      expect(matches({ 'a.0.b': 1 }, { a: [[{ b: 1 }]] })).to.equal(true);
    });

    it('when an embedded document is given as value, equality is exact and field order matters', () => {
      expect(matches({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 2 } })).to.equal(true);
      expect(matches({ a: { b: 1, c: 2 } }, { a: { c: 2, b: 1 } })).to.equal(false);
      expect(matches({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).to.equal(false);
      expect(matches({ a: {} }, { a: {} })).to.equal(true);
    });

    it('when a field name collides with an Object.prototype member, only own fields are seen', () => {
      expect(matches({ constructor: null }, { x: 1 })).to.equal(true);
      expect(matches({ 'a.toString': { $exists: true } }, { a: {} })).to.equal(false);
    });
  });

  describe('null and missing (MongoDB null_query_semantics)', () => {
    it('when {a: null} is queried, missing, null and arrays containing null match', () => {
      expect(which({ a: null }, NULL_DOCS)).to.deep.equal(['a_null', 'no_a', 'a_value_array_with_null']);
    });

    it('when {a: {$ne: null}} is queried, everything else matches, including empty arrays', () => {
      expect(which({ a: { $ne: null } }, NULL_DOCS)).to.deep.equal([
        'a_empty_subobject', 'a_number', 'a_subobject_b_not_null', 'a_subobject_b_null', 'a_double_array',
        'a_empty_array', 'a_object_array_no_b_nulls', 'a_object_array_some_b_missing', 'a_value_array_no_nulls',
      ]);
    });

    it('when {"a.b": null} is queried, scalars on the path match but arrays of scalars do not', () => {
      expect(which({ 'a.b': null }, NULL_DOCS)).to.deep.equal([
        'a_empty_subobject', 'a_null', 'a_number', 'a_subobject_b_null', 'no_a', 'a_object_array_some_b_missing',
      ]);
    });

    it('when {"a.b": {$exists: false}} is queried, arrays of scalars match', () => {
      expect(which({ 'a.b': { $exists: false } }, NULL_DOCS)).to.include.members(['a_value_array_no_nulls', 'a_empty_array', 'no_a']);
    });

    it('when $in contains null, missing fields match too', () => {
      expect(which({ a: { $in: [null, 4] } }, NULL_DOCS)).to.deep.equal(['a_null', 'a_number', 'no_a', 'a_value_array_no_nulls', 'a_value_array_with_null']);
    });

    it('when $elemMatch targets subfields, an array element that is an empty array counts as a document', () => {
      expect(which({ a: { $elemMatch: { b: null } } }, NULL_DOCS)).to.deep.equal(['a_double_array', 'a_object_array_some_b_missing']);
    });

    it('when $gte or $lte null is queried, missing matches; $gt and $lt null match nothing', () => {
      expect(matches({ a: { $gte: null } }, {})).to.equal(true);
      expect(matches({ a: { $lte: null } }, { a: null })).to.equal(true);
      expect(matches({ a: { $gt: null } }, { a: 1 })).to.equal(false);
      expect(matches({ a: { $lt: null } }, {})).to.equal(false);
    });
  });

  describe('comparison operators', () => {
    it('when $gt compares across types, nothing matches (type bracketing)', () => {
      expect(matches({ a: { $gt: 5 } }, { a: 'z' })).to.equal(false);
      expect(matches({ a: { $gt: 5 } }, { a: 6 })).to.equal(true);
      expect(matches({ a: { $lt: 'b' } }, { a: 'a' })).to.equal(true);
      expect(matches({ a: { $lt: 'b' } }, { a: 1 })).to.equal(false);
    });

    it('when the operand is MinKey or MaxKey, every other type is in range', () => {
      expect(matches({ a: { $lt: new MaxKey() } }, { a: 'x' })).to.equal(true);
      expect(matches({ a: { $gt: new MinKey() } }, { a: null })).to.equal(true);
      expect(matches({ a: { $gt: new MaxKey() } }, { a: 1 })).to.equal(false);
      expect(matches({ a: { $lte: new MaxKey() } }, { a: new MaxKey() })).to.equal(true);
    });

    it('when NaN is compared, it equals NaN but is neither greater nor less than numbers', () => {
      expect(matches({ a: Number.NaN }, { a: Number.NaN })).to.equal(true);
      expect(matches({ a: { $lt: 0 } }, { a: Number.NaN })).to.equal(false);
      expect(matches({ a: { $gte: Number.NaN } }, { a: Number.NaN })).to.equal(true);
      expect(matches({ a: { $gt: Number.NaN } }, { a: 1 })).to.equal(false);
    });

    it('when dates are compared by range, ordering is chronological', () => {
      const filter = { at: { $gte: new Date(10), $lt: new Date(20) } };
      expect(matches(filter, { at: new Date(15) })).to.equal(true);
      expect(matches(filter, { at: new Date(20) })).to.equal(false);
    });

    it('when a range is applied to an array, each bound may be satisfied by a different element', () => {
      expect(matches({ a: { $gt: 5, $lt: 8 } }, { a: [2, 10] })).to.equal(true);
      expect(matches({ a: { $elemMatch: { $gt: 5, $lt: 8 } } }, { a: [2, 10] })).to.equal(false);
    });

    it('when $ne is applied to an array, no element may equal the value', () => {
      expect(matches({ a: { $ne: 2 } }, { a: [1, 2] })).to.equal(false);
      expect(matches({ a: { $ne: 3 } }, { a: [1, 2] })).to.equal(true);
    });

    it('when $eq is given a regex, it compares regex values instead of matching', () => {
      expect(matches({ a: { $eq: /ab/ } }, { a: 'ab' })).to.equal(false);
      expect(matches({ a: { $eq: /ab/ } }, { a: /ab/ })).to.equal(true);
    });

    it('when a comparison other than $eq is given a regex, the filter is rejected', () => {
      expect(compileError({ a: { $gt: /x/ } })).to.deep.equal({ code: 2, message: "Can't have RegEx as arg to predicate over field 'a'." });
      expect(compileError({ a: { $ne: /x/ } })).to.deep.equal({ code: 2, message: "Can't have regex as arg to $ne." });
    });

    it("when Agenda's lock query runs, unlocked due jobs and expired locks match", () => {
      const now = new Date(1000);
      const filter = {
        name: 'job',
        disabled: { $ne: true },
        $or: [{ lockedAt: { $eq: null }, nextRunAt: { $lte: now } }, { lockedAt: { $lte: new Date(500) } }],
      };
      expect(matches(filter, { name: 'job', nextRunAt: new Date(900), lockedAt: null })).to.equal(true);
      expect(matches(filter, { name: 'job', nextRunAt: new Date(900), lockedAt: new Date(800) })).to.equal(false);
      expect(matches(filter, { name: 'job', nextRunAt: new Date(900), lockedAt: new Date(400) })).to.equal(true);
      expect(matches(filter, { name: 'job', disabled: true, nextRunAt: new Date(900) })).to.equal(false);
    });
  });

  describe('$in and $nin', () => {
    it('when $in lists values and regexes, any of them may match', () => {
      const filter = { a: { $in: [1, 'x', /^ab/] } };
      expect(matches(filter, { a: 'abc' })).to.equal(true);
      expect(matches(filter, { a: Long.fromNumber(1) })).to.equal(true);
      expect(matches(filter, { a: [5, 'x'] })).to.equal(true);
      expect(matches(filter, { a: 'zz' })).to.equal(false);
    });

    it('when $in lists ObjectIds, ids are compared by value', () => {
      const id = new ObjectId();
      expect(matches({ _id: { $in: [new ObjectId(), new ObjectId(id.toHexString())] } }, { _id: id })).to.equal(true);
    });

    it('when $nin is used, missing fields match unless null is listed', () => {
      expect(matches({ a: { $nin: [1, 2] } }, {})).to.equal(true);
      expect(matches({ a: { $nin: [1, null] } }, {})).to.equal(false);
      expect(matches({ a: { $nin: [1, 2] } }, { a: [3, 2] })).to.equal(false);
    });

    it('when $in or $nin is not given an array, the filter is rejected with BadValue', () => {
      expect(compileError({ a: { $in: 1 } })).to.deep.equal({ code: 2, message: '$in needs an array' });
      expect(compileError({ a: { $nin: 'x' } })).to.deep.equal({ code: 2, message: '$nin needs an array' });
      expect(compileError({ a: { $in: [{ $gt: 1 }] } })).to.deep.equal({ code: 2, message: 'cannot nest $ under $in' });
    });
  });

  describe('logical operators', () => {
    it('when $and, $or and $nor combine clauses, they follow boolean logic', () => {
      expect(matches({ $and: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 2 })).to.equal(true);
      expect(matches({ $or: [{ a: 1 }, { b: 2 }] }, { b: 2 })).to.equal(true);
      expect(matches({ $nor: [{ a: 1 }, { b: 2 }] }, { a: 3 })).to.equal(true);
      expect(matches({ $nor: [{ a: 1 }, { b: 2 }] }, { a: 1 })).to.equal(false);
    });

    it('when $and/$or/$nor get an empty array or a non-array, the filter is rejected', () => {
      expect(compileError({ $or: [] })).to.deep.equal({ code: 2, message: '$and/$or/$nor must be a nonempty array' });
      expect(compileError({ $and: {} })).to.deep.equal({ code: 2, message: '$and must be an array' });
      expect(compileError({ $nor: [1] })).to.deep.equal({ code: 2, message: '$or/$and/$nor entries need to be full objects' });
    });

    it('when $not wraps an operator document, the whole path predicate is negated', () => {
      expect(matches({ a: { $not: { $gt: 5 } } }, { a: 3 })).to.equal(true);
      expect(matches({ a: { $not: { $gt: 5 } } }, {})).to.equal(true);
      expect(matches({ a: { $not: { $gt: 5 } } }, { a: [1, 7] })).to.equal(false);
    });

    it('when $not wraps a regex, strings not matching it match', () => {
      expect(matches({ a: { $not: /^x/ } }, { a: 'yes' })).to.equal(true);
      expect(matches({ a: { $not: { $regex: '^x' } } }, { a: 'xy' })).to.equal(false);
    });

    it('when $not is malformed or used at top level, the filter is rejected', () => {
      expect(compileError({ a: { $not: 5 } })).to.deep.equal({ code: 2, message: '$not needs a regex or a document' });
      expect(compileError({ a: { $not: {} } })).to.deep.equal({ code: 2, message: '$not cannot be empty' });
      expect(compileError({ $not: { a: 1 } }).message).to.equal('unknown top level operator: $not. If you are trying to negate an entire expression, use $nor.');
    });
  });

  describe('matchPosition', () => {
    it('when an element of an array satisfies the predicate, its index is reported', () => {
      const filter = compileFilter({ grades: { $gte: 85 } });
      expect(filter.matchPosition({ grades: [80, 85, 90] })).to.equal(1);
    });

    it('when the path crosses an array of documents, the index in that outer array is reported', () => {
      const filter = compileFilter({ 'items.qty': { $gt: 5 } });
      expect(filter.matchPosition({ items: [{ qty: 1 }, { qty: 9 }] })).to.equal(1);
      expect(compileFilter({ 'a.b': 2 }).matchPosition({ a: [{ b: [1] }, { b: [0, 2] }] })).to.equal(1);
    });

    it('when $elemMatch matches, the index of the matching element is reported', () => {
      const filter = compileFilter({ a: { $elemMatch: { x: 2 } } });
      expect(filter.matchPosition({ a: [{ x: 1 }, { x: 2 }] })).to.equal(1);
    });

    it('when the match comes from a whole array, a non-array field, $or, or no match, undefined is reported', () => {
      expect(compileFilter({ a: [1, 2] }).matchPosition({ a: [1, 2] })).to.equal(undefined);
      expect(compileFilter({ a: 1 }).matchPosition({ a: 1 })).to.equal(undefined);
      expect(compileFilter({ $or: [{ a: 2 }] }).matchPosition({ a: [1, 2] })).to.equal(undefined);
      expect(compileFilter({ a: 5 }).matchPosition({ a: [1, 2] })).to.equal(undefined);
    });

    it('when several array conditions are combined with $and semantics, the last matching one wins', () => {
      const filter = compileFilter({ _id: 1, tags: 'b' });
      expect(filter.matchPosition({ _id: 1, tags: ['a', 'b'] })).to.equal(1);
    });
  });

  describe('path helpers', () => {
    it('when getPathValues walks arrays, elements come before the array itself', () => {
      expect(getPathValues({ a: [{ b: [1, 2] }, { c: 1 }] }, 'a.b')).to.deep.equal([1, 2, [1, 2], undefined]);
    });

    it('when lookupPath resolves a dotted path, numeric parts index arrays without expansion', () => {
      expect(lookupPath({ a: [{ b: 1 }, { b: 2 }] }, 'a.1.b')).to.equal(2);
      expect(lookupPath({ a: [{ b: 1 }] }, 'a.b')).to.equal(undefined);
    });
  });
});
