import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { compareSpecs, validateIndexSpec } from './index-spec.js';

function failure(spec: Document): MongoServerError {
  try {
    validateIndexSpec(spec);
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the spec to be rejected');
}

describe('storage index spec validation', () => {
  it('when the name is missing, generates MongoDB default name and normalizes v and flags', () => {
    const spec = validateIndexSpec({ key: { a: 1, b: -1 }, unique: 1, background: true });
    expect(spec).to.deep.equal({ v: 2, key: { a: 1, b: -1 }, name: 'a_1_b_-1', unique: true, background: true });
  });

  it('when a key value is 0, fails with 67 and the specification in the message', () => {
    const error = failure({ key: { a: 0 }, name: 'a_0' });
    expect(error.code).to.equal(67);
    expect(error.message).to.equal(
      'Error in specification { key: { a: 0 }, name: "a_0" } :: caused by :: Values in the index key pattern cannot be 0.',
    );
  });

  it('when a key value is a boolean, fails with 67 naming the type', () => {
    const error = failure({ key: { a: true } });
    expect(error.code).to.equal(67);
    expect(error.message).to.contain('Values in v:2 index key pattern cannot be of type bool.');
  });

  it('when the key asks for a text or 2dsphere index, fails with 67 saying it is not supported', () => {
    expect(failure({ key: { body: 'text' } }).code).to.equal(67);
    expect(failure({ key: { loc: '2dsphere' } }).message).to.contain("Index type '2dsphere' is not supported");
  });

  it('when the key names an unknown plugin, fails with 67 Unknown index plugin', () => {
    expect(failure({ key: { a: 'nope' } }).message).to.contain("Unknown index plugin 'nope'");
  });

  it('when the key is a hashed field, accepts it and names it a_hashed', () => {
    expect(validateIndexSpec({ key: { a: 'hashed' } }).name).to.equal('a_hashed');
  });

  it('when a hashed index is requested unique, fails with 67', () => {
    expect(failure({ key: { a: 'hashed' }, unique: true }).message).to.contain('hashed indexes cannot guarantee uniqueness');
  });

  it('when the key is empty or a field starts with $, fails with 67', () => {
    expect(failure({ key: {} }).message).to.contain('Index keys cannot be empty.');
    expect(failure({ key: { $a: 1 } }).message).to.contain("field name starts with '$'");
    expect(failure({ key: { 'a..b': 1 } }).message).to.contain('Index keys cannot contain an empty field.');
  });

  it('when the key is missing or not a document, fails with 9 or 14', () => {
    expect(failure({ name: 'x' }).code).to.equal(9);
    expect(failure({ key: 'a', name: 'x' }).code).to.equal(14);
  });

  it('when an option is unknown, fails with 197 InvalidIndexSpecificationOption', () => {
    const error = failure({ key: { a: 1 }, bogus: true });
    expect(error.code).to.equal(197);
    expect(error.codeName).to.equal('InvalidIndexSpecificationOption');
    expect(error.message).to.contain("The field 'bogus' is not valid for an index specification.");
  });

  it('when sparse and partialFilterExpression are mixed, fails with 67', () => {
    const error = failure({ key: { a: 1 }, sparse: true, partialFilterExpression: { a: { $gt: 1 } } });
    expect(error.code).to.equal(67);
    expect(error.message).to.contain('cannot mix "partialFilterExpression" and "sparse" options');
  });

  it('when expireAfterSeconds is on a compound key, fails with 67', () => {
    const error = failure({ key: { a: 1, b: 1 }, expireAfterSeconds: 10 });
    expect(error.code).to.equal(67);
    expect(error.message).to.contain('TTL indexes are single-field indexes, compound indexes do not support TTL');
  });

  it('when expireAfterSeconds is negative or not numeric, fails with 72 or 67', () => {
    expect(failure({ key: { d: 1 }, expireAfterSeconds: -1 }).code).to.equal(72);
    expect(failure({ key: { d: 1 }, expireAfterSeconds: 'soon' }).code).to.equal(67);
  });

  it('when the _id index spec carries other options, fails with 197', () => {
    expect(failure({ key: { _id: 1 }, expireAfterSeconds: 5 }).code).to.equal(197);
    expect(failure({ key: { _id: 1 }, unique: true }).message).to.contain('is not valid for an _id index specification');
  });

  it('when the name is not a string or is *, fails with 14 or 67', () => {
    expect(failure({ key: { a: 1 }, name: 5 }).code).to.equal(14);
    expect(failure({ key: { a: 1 }, name: '*' }).code).to.equal(67);
  });
});

describe('storage index spec comparison', () => {
  const base = validateIndexSpec({ key: { a: 1 }, name: 'a_1' });

  it('when only the name or background differ, specs are identical', () => {
    expect(compareSpecs(validateIndexSpec({ key: { a: 1 }, name: 'other', background: true }), base)).to.equal('identical');
  });

  it('when unique, sparse or the partial filter differ, specs are different indexes', () => {
    expect(compareSpecs(validateIndexSpec({ key: { a: 1 }, unique: true }), base)).to.equal('different');
    expect(compareSpecs(validateIndexSpec({ key: { a: 1 }, sparse: true }), base)).to.equal('different');
    const partial = validateIndexSpec({ key: { a: 1 }, partialFilterExpression: { a: { $gt: 1 } } });
    expect(compareSpecs(partial, base)).to.equal('different');
  });

  it('when only expireAfterSeconds differs, specs are equivalent', () => {
    expect(compareSpecs(validateIndexSpec({ key: { a: 1 }, expireAfterSeconds: 60 }), base)).to.equal('equivalent');
  });

  it('when the key patterns differ in direction, specs are different', () => {
    expect(compareSpecs(validateIndexSpec({ key: { a: -1 } }), base)).to.equal('different');
  });
});
