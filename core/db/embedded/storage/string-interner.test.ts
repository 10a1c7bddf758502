import { expect } from 'chai';
import { deserialize, ObjectId, serialize } from 'bson';
import { StringInterner } from './string-interner.js';

describe('embedded db: string interner', () => {
  it('when documents hold equal strings at any depth, leaves every value equal to the original', () => {
    const interner = new StringInterner();
    const source = { _id: new ObjectId(), a: 'x', nested: { b: 'y', list: ['x', 'z', { c: 'y' }] }, n: 1, d: new Date(0) };
    const first = deserialize(serialize(source));
    const second = deserialize(serialize(source));
    interner.internDocument(first);
    interner.internDocument(second);
    expect(second).to.deep.equal(deserialize(serialize(source)));
    expect(first).to.deep.equal(second);
  });

  it('when a document has a __proto__ field, leaves it and the prototype untouched', () => {
    const interner = new StringInterner();
    const source = {};
    Object.defineProperty(source, '__proto__', { value: 'v', enumerable: true, writable: true, configurable: true });
    const document = deserialize(serialize(source));
    interner.internDocument(document);
    expect(Object.getPrototypeOf(document)).to.equal(Object.prototype);
    expect(Object.keys(document)).to.deep.equal(['__proto__']);
  });

  it('when strings are long or the table is full, still leaves values intact', () => {
    const interner = new StringInterner();
    const long = 'y'.repeat(100);
    for (let i = 0; i < 100_010; i++) {
      const document = { s: `v${i}`, long };
      interner.internDocument(document);
      if (i % 50_000 === 0) expect(document).to.deep.equal({ s: `v${i}`, long });
    }
  });
});
