import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { KeyGenerator } from './key-generator.js';
import { parseKeyPattern } from './key-pattern.js';

function keys(pattern: Document, document: Document): unknown[][] {
  return new KeyGenerator(parseKeyPattern(pattern)).generate(document, 7).entries;
}

describe('storage key generation', () => {
  it('when a field is missing, indexes it as null and reports it absent', () => {
    const generated = new KeyGenerator(parseKeyPattern({ a: 1 })).generate({ b: 1 }, 3);
    expect(generated.entries).to.deep.equal([[null, 3]]);
    expect(generated.anyPresent).to.equal(false);
    expect(generated.arrayFields).to.equal(undefined);
  });

  it('when a field is an array, emits one entry per distinct element and marks it multikey', () => {
    const generated = new KeyGenerator(parseKeyPattern({ a: 1 })).generate({ a: [3, 1, 3, 2] }, 9);
    expect(generated.entries).to.deep.equal([
      [1, 9],
      [2, 9],
      [3, 9],
    ]);
    expect(generated.arrayFields).to.deep.equal([true]);
  });

  it('when an array has one element, still marks the field multikey', () => {
    const generated = new KeyGenerator(parseKeyPattern({ a: 1 })).generate({ a: [5] }, 1);
    expect(generated.entries).to.deep.equal([[5, 1]]);
    expect(generated.arrayFields).to.deep.equal([true]);
  });

  it('when a field is an empty array, indexes null but counts the field as present', () => {
    const generated = new KeyGenerator(parseKeyPattern({ a: 1 })).generate({ a: [] }, 1);
    expect(generated.entries).to.deep.equal([[null, 1]]);
    expect(generated.anyPresent).to.equal(true);
  });

  it('when a dotted path crosses an array of documents, collects the field of each element', () => {
    expect(keys({ 'a.b': 1 }, { a: [{ b: 2 }, { b: 1 }, { c: 5 }] })).to.deep.equal([
      [null, 7],
      [1, 7],
      [2, 7],
    ]);
  });

  it('when a path part is a number over an array, selects that element only', () => {
    expect(keys({ 'a.1': 1 }, { a: [10, 20, 30] })).to.deep.equal([[20, 7]]);
  });

  it('when two key fields are different arrays, throws 171 naming the later field first', () => {
    const attempt = (): unknown => keys({ a: 1, b: 1 }, { a: [1, 2], b: [3] });
    expect(attempt).to.throw(MongoServerError, 'cannot index parallel arrays [b] [a]').with.property('code', 171);
  });

  it('when two key fields live under the same array, combines them without error', () => {
    const entries = keys({ 'a.x': 1, 'a.y': 1 }, { a: [{ x: 1, y: 2 }, { x: 3, y: 4 }] });
    expect(entries).to.have.length(4);
    expect(entries).to.deep.include([1, 2, 7]);
    expect(entries).to.deep.include([3, 4, 7]);
  });

  it('when a compound key has one array field, repeats the scalar field for every element', () => {
    expect(keys({ a: 1, b: -1 }, { a: 'x', b: [2, 1] })).to.deep.equal([
      ['x', 1, 7],
      ['x', 2, 7],
    ]);
  });

  it('when a hashed field holds an array, throws 16766', () => {
    const attempt = (): unknown => keys({ a: 'hashed' }, { a: [1, 2] });
    expect(attempt).to.throw(MongoServerError).with.property('code', 16766);
  });

  it('when the indexed field is named like an Object.prototype member, ignores the inherited one', () => {
    expect(keys({ constructor: 1 }, { a: 1 })).to.deep.equal([[null, 7]]);
    expect(keys({ constructor: 1 }, { constructor: 'own' })).to.deep.equal([['own', 7]]);
  });
  it('when one generator meets compound top-level keys with scalars, a missing field and then an array, answers each as the general rules say', () => {
    const generator = new KeyGenerator(parseKeyPattern({ t: 1, c: -1, d: 1 }));
    const plain = generator.generate({ t: 'a', c: 2, d: 'x' }, 1);
    expect(plain.entries).to.deep.equal([['a', 2, 'x', 1]]);
    expect(plain.arrayFields).to.equal(undefined);
    expect(plain.anyPresent).to.equal(true);
    const missing = generator.generate({ t: 'a', d: { n: 1 } }, 2);
    expect(missing.entries).to.deep.equal([['a', null, { n: 1 }, 2]]);
    const none = generator.generate({ other: 1 }, 3);
    expect(none.entries).to.deep.equal([[null, null, null, 3]]);
    expect(none.anyPresent).to.equal(false);
    const multikey = generator.generate({ t: 'a', c: [2, 1], d: 'x' }, 4);
    expect(multikey.entries).to.deep.equal([
      ['a', 1, 'x', 4],
      ['a', 2, 'x', 4],
    ]);
    expect(multikey.arrayFields).to.deep.equal([false, true, false]);
    // Entries are independent arrays: a later call must not rewrite an earlier entry.
    expect(plain.entries).to.deep.equal([['a', 2, 'x', 1]]);
  });
});
