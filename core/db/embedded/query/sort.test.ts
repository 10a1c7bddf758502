import { expect } from 'chai';
import { Long, MaxKey, MinKey, ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { compareSortKeys, compileSort, sortKey } from './sort.js';

function sortIds(spec: Document, documents: readonly Document[]): unknown[] {
  return [...documents].sort(compileSort(spec)).map((document) => document['_id']);
}

function specError(spec: Document): { code: number; message: string } {
  try {
    compileSort(spec);
  } catch (error) {
    expect(error).to.be.instanceOf(MongoServerError);
    return { code: (error as MongoServerError).code, message: (error as MongoServerError).message };
  }
  throw new Error(`expected ${JSON.stringify(spec)} to be rejected`);
}

describe('query/sort', () => {
  it('when sorting ascending and descending on numbers, order follows the values', () => {
    const documents = [{ _id: 1, n: 3 }, { _id: 2, n: 1 }, { _id: 3, n: 2 }];
    expect(sortIds({ n: 1 }, documents)).to.deep.equal([2, 3, 1]);
    expect(sortIds({ n: -1 }, documents)).to.deep.equal([1, 3, 2]);
  });

  it('when values have different types, BSON type order applies (MinKey, null, numbers, strings, objects, ObjectId, bool, Date, MaxKey)', () => {
    const documents = [
      { _id: 'date', v: new Date(0) },
      { _id: 'bool', v: true },
      { _id: 'oid', v: new ObjectId('000000000000000000000000') },
      { _id: 'max', v: new MaxKey() },
      { _id: 'object', v: { x: 1 } },
      { _id: 'string', v: 'a' },
      { _id: 'number', v: 5 },
      { _id: 'null', v: null },
      { _id: 'min', v: new MinKey() },
    ];
    expect(sortIds({ v: 1 }, documents)).to.deep.equal(['min', 'null', 'number', 'string', 'object', 'oid', 'bool', 'date', 'max']);
  });

  it('when a field is missing, it sorts as null and ties with null keep input order', () => {
    const documents = [{ _id: 1, v: 2 }, { _id: 2 }, { _id: 3, v: null }, { _id: 4 }];
    expect(sortIds({ v: 1 }, documents)).to.deep.equal([2, 3, 4, 1]);
  });

  it('when numbers use different representations, they compare by value', () => {
    const documents = [{ _id: 1, v: Long.fromNumber(10) }, { _id: 2, v: 2.5 }, { _id: 3, v: 7 }];
    expect(sortIds({ v: 1 }, documents)).to.deep.equal([2, 3, 1]);
  });

  it('when a field holds an array, ascending uses its smallest element and descending its largest', () => {
    const documents = [{ _id: 'a', v: [1, 9] }, { _id: 'b', v: 5 }, { _id: 'c', v: [3, 4] }];
    expect(sortIds({ v: 1 }, documents)).to.deep.equal(['a', 'c', 'b']);
    expect(sortIds({ v: -1 }, documents)).to.deep.equal(['a', 'b', 'c']);
  });

  it('when an array is empty, it sorts before null and missing in both directions', () => {
    const documents = [{ _id: 'null', v: null }, { _id: 'empty', v: [] }, { _id: 'one', v: 1 }];
    expect(sortIds({ v: 1 }, documents)).to.deep.equal(['empty', 'null', 'one']);
    expect(sortIds({ v: -1 }, documents)).to.deep.equal(['one', 'null', 'empty']);
    expect(compareSortKeys(sortKey({ v: [] }, 'v', 1), new MinKey())).to.equal(1);
  });

  it('when a dotted path crosses an array of documents, the key is taken across all elements', () => {
    const documents = [
      { _id: 1, items: [{ price: 5 }, { price: 50 }] },
      { _id: 2, items: [{ price: 10 }] },
      { _id: 3, items: { price: 7 } },
    ];
    expect(sortIds({ 'items.price': 1 }, documents)).to.deep.equal([1, 3, 2]);
    expect(sortIds({ 'items.price': -1 }, documents)).to.deep.equal([1, 2, 3]);
  });

  it('when an array element lacks the sorted subfield, it contributes null', () => {
    expect(sortKey({ a: [{ b: 4 }, { c: 1 }] }, 'a.b', 1)).to.equal(null);
    expect(sortKey({ a: [{ b: 4 }, { c: 1 }] }, 'a.b', -1)).to.equal(4);
  });

  it('when a numeric path part meets an array, it selects that element', () => {
    expect(sortKey({ a: [3, 1] }, 'a.0', 1)).to.equal(3);
  });

  it('when several keys are given, later keys break ties of earlier ones', () => {
    const documents = [
      { _id: 1, nextRunAt: new Date(2), priority: 0 },
      { _id: 2, nextRunAt: new Date(1), priority: 0 },
      { _id: 3, nextRunAt: new Date(2), priority: 10 },
    ];
    expect(sortIds({ nextRunAt: 1, priority: -1 }, documents)).to.deep.equal([2, 3, 1]);
  });

  it('when all keys tie, the comparator returns 0 so a stable sort keeps input order', () => {
    const documents = [{ _id: 'x', v: 1 }, { _id: 'y', v: 1 }, { _id: 'z', v: 1 }];
    expect(sortIds({ v: -1 }, documents)).to.deep.equal(['x', 'y', 'z']);
  });

  it('when the direction is not 1 or -1, the specification is rejected with 15975', () => {
    expect(specError({ a: 2 })).to.deep.equal({ code: 15975, message: '$sort key ordering must be 1 (for ascending) or -1 (for descending)' });
    expect(specError({ a: 0 }).code).to.equal(15975);
  });

  it('when the direction is not a number, the specification is rejected with 15974', () => {
    expect(specError({ a: 'asc' })).to.deep.equal({ code: 15974, message: 'Illegal key in $sort specification: a: "asc"' });
  });

  it('when the specification is empty, it is rejected with 15976', () => {
    expect(specError({}).code).to.equal(15976);
  });

  it('when $meta or another object is used as direction, a clear error is raised', () => {
    expect(specError({ score: { $meta: 'textScore' } }).message).to.match(/\$meta.*not supported/);
    expect(specError({ a: { $foo: 1 } }).code).to.equal(17312);
  });

  it('when a path is malformed, FieldPath errors are raised', () => {
    expect(specError({ $a: 1 }).code).to.equal(16410);
    expect(specError({ 'a..b': 1 }).code).to.equal(15998);
  });

  it('when $natural: 1 is given, it keeps input order', () => {
    const documents = [{ _id: 2 }, { _id: 1 }];
    expect(sortIds({ $natural: 1 }, documents)).to.deep.equal([2, 1]);
  });

  it('when sortKey reads a plain field, it returns the value or null when missing', () => {
    expect(sortKey({ a: { b: 'x' } }, 'a.b', 1)).to.equal('x');
    expect(sortKey({ a: 5 }, 'a.b', -1)).to.equal(null);
  });
});
