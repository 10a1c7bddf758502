import { expect } from 'chai';
import { Binary, Decimal128, Long, ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { compileFilter } from './matcher.js';

function matches(filter: Document, document: Document): boolean {
  return compileFilter(filter).matches(document);
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

describe('query/matcher operators', () => {
  describe('element operators', () => {
    it('when $exists is true, present fields match even if null; false matches missing only', () => {
      expect(matches({ a: { $exists: true } }, { a: null })).to.equal(true);
      expect(matches({ a: { $exists: true } }, {})).to.equal(false);
      expect(matches({ a: { $exists: false } }, {})).to.equal(true);
      expect(matches({ a: { $exists: 0 } }, { a: 1 })).to.equal(false);
      expect(matches({ 'a.b': { $exists: true } }, { a: [{ c: 1 }, { b: 2 }] })).to.equal(true);
    });

    it('when $type is given aliases, numbers or arrays of them, values of those types match', () => {
      expect(matches({ a: { $type: 'string' } }, { a: 'x' })).to.equal(true);
      expect(matches({ a: { $type: 2 } }, { a: 'x' })).to.equal(true);
      expect(matches({ a: { $type: 'number' } }, { a: Decimal128.fromString('2') })).to.equal(true);
      expect(matches({ a: { $type: ['bool', 'null'] } }, { a: null })).to.equal(true);
      expect(matches({ a: { $type: 'objectId' } }, { a: new ObjectId() })).to.equal(true);
      expect(matches({ a: { $type: 'int' } }, { a: 1.5 })).to.equal(false);
      expect(matches({ a: { $type: 'null' } }, {})).to.equal(false);
    });

    it("when $type is 'array', array fields match, including arrays nested in arrays", () => {
      expect(matches({ a: { $type: 'array' } }, { a: [] })).to.equal(true);
      expect(matches({ a: { $type: 'array' } }, { a: 5 })).to.equal(false);
      expect(matches({ a: { $type: 'string' } }, { a: [1, 'x'] })).to.equal(true);
    });

    it('when $type names an unknown type, the filter is rejected with the server message', () => {
      expect(compileError({ a: { $type: 'foo' } })).to.deep.equal({ code: 2, message: 'Unknown type name alias: foo' });
      expect(compileError({ a: { $type: 100 } })).to.deep.equal({ code: 2, message: 'Invalid numerical type code: 100' });
      expect(compileError({ a: { $type: {} } }).code).to.equal(14);
      expect(compileError({ a: { $type: [] } })).to.deep.equal({ code: 9, message: 'a must match at least one type' });
    });
  });

  describe('$regex', () => {
    it('when a regex literal or $regex/$options is given, strings are matched by pattern', () => {
      expect(matches({ name: /^jo/i }, { name: 'John' })).to.equal(true);
      expect(matches({ name: { $regex: '^jo', $options: 'i' } }, { name: 'JOE' })).to.equal(true);
      expect(matches({ name: { $regex: /^jo/ } }, { name: 'Joe' })).to.equal(false);
      expect(matches({ name: /o/ }, { name: ['ab', 'cod'] })).to.equal(true);
      expect(matches({ name: /o/ }, { name: 5 })).to.equal(false);
    });

    it('when options m, s and x are used, they follow PCRE semantics', () => {
      expect(matches({ a: { $regex: '^b', $options: 'm' } }, { a: 'a\nb' })).to.equal(true);
      expect(matches({ a: { $regex: 'a.b', $options: 's' } }, { a: 'a\nb' })).to.equal(true);
      expect(matches({ a: { $regex: 'a b # comment\n c', $options: 'x' } }, { a: 'abc' })).to.equal(true);
    });

    it('when the pattern uses PCRE-only syntax, it is translated', () => {
      expect(matches({ a: { $regex: '\\Aab\\z' } }, { a: 'ab' })).to.equal(true);
      expect(matches({ a: { $regex: '(?i)abc' } }, { a: 'ABC' })).to.equal(true);
      expect(matches({ a: { $regex: '\\Qa.b\\E' } }, { a: 'axb' })).to.equal(false);
      expect(matches({ a: { $regex: '(?P<x>a)(?P=x)' } }, { a: 'aa' })).to.equal(true);
    });

    it('when the pattern or options are invalid, the filter is rejected with the server codes', () => {
      expect(compileError({ a: { $regex: '(' } }).code).to.equal(51091);
      expect(compileError({ a: { $regex: 'a', $options: 'g' } })).to.deep.equal({ code: 51108, message: ' invalid flag in regex options: g' });
      expect(compileError({ a: { $options: 'i' } })).to.deep.equal({ code: 2, message: '$options needs a $regex' });
      expect(compileError({ a: { $regex: 5 } })).to.deep.equal({ code: 2, message: '$regex has to be a string' });
      expect(compileError({ a: { $regex: /x/i, $options: 'm' } }).code).to.equal(51075);
      expect(compileError({ a: { $options: 'm', $regex: /x/i } }).code).to.equal(51074);
    });
  });

  describe('array operators', () => {
    it('when $all lists values, every one must be present', () => {
      expect(matches({ tags: { $all: ['a', 'b'] } }, { tags: ['b', 'c', 'a'] })).to.equal(true);
      expect(matches({ tags: { $all: ['a', 'd'] } }, { tags: ['b', 'c', 'a'] })).to.equal(false);
      expect(matches({ tags: { $all: ['a'] } }, { tags: 'a' })).to.equal(true);
      expect(matches({ tags: { $all: [] } }, { tags: [] })).to.equal(false);
    });

    it('when $all lists $elemMatch clauses, each must match some element', () => {
      const filter = { items: { $all: [{ $elemMatch: { n: 1 } }, { $elemMatch: { n: 2, ok: true } }] } };
      expect(matches(filter, { items: [{ n: 1 }, { n: 2, ok: true }] })).to.equal(true);
      expect(matches(filter, { items: [{ n: 1 }, { n: 2, ok: false }] })).to.equal(false);
      expect(compileError({ a: { $all: [{ $elemMatch: { n: 1 } }, 5] } }).message).to.equal('$all/$elemMatch has to be consistent');
      expect(compileError({ a: { $all: [{ $gt: 1 }] } }).message).to.equal('no $ expressions in $all');
    });

    it('when $elemMatch has field conditions, one element must satisfy all of them', () => {
      const filter = { results: { $elemMatch: { product: 'xyz', score: { $gte: 8 } } } };
      expect(matches(filter, { results: [{ product: 'abc', score: 10 }, { product: 'xyz', score: 5 }] })).to.equal(false);
      expect(matches(filter, { results: [{ product: 'xyz', score: 9 }] })).to.equal(true);
      expect(matches(filter, { results: { product: 'xyz', score: 9 } })).to.equal(false);
    });

    it('when $elemMatch has operators only, they apply to each element value', () => {
      expect(matches({ a: { $elemMatch: { $gte: 80, $lt: 85 } } }, { a: [82, 90] })).to.equal(true);
      expect(matches({ a: { $elemMatch: { $gte: 80, $lt: 85 } } }, { a: [79, 90] })).to.equal(false);
      expect(matches({ a: { $elemMatch: { $ne: null } } }, { a: [null, 1] })).to.equal(true);
    });

    it('when $elemMatch is malformed or contains top-level-only operators, it is rejected', () => {
      expect(compileError({ a: { $elemMatch: 1 } })).to.deep.equal({ code: 2, message: '$elemMatch needs an Object' });
      expect(compileError({ a: { $elemMatch: { $expr: true } } }).message).to.equal('$expr can only be applied to the top-level document');
    });

    it('when $size is given, arrays with exactly that many elements match', () => {
      expect(matches({ a: { $size: 2 } }, { a: [1, 2] })).to.equal(true);
      expect(matches({ a: { $size: 1 } }, { a: [[1, 2]] })).to.equal(true);
      expect(matches({ a: { $size: 0 } }, { a: 'x' })).to.equal(false);
      expect(matches({ 'a.b': { $size: 1 } }, { a: [{ b: [1] }] })).to.equal(true);
    });

    it('when $size is not a non-negative whole number, the filter is rejected', () => {
      expect(compileError({ a: { $size: 1.5 } })).to.deep.equal({ code: 2, message: 'Failed to parse $size. Expected an integer: $size: 1.5' });
      expect(compileError({ a: { $size: -1 } })).to.deep.equal({ code: 2, message: 'Failed to parse $size. Expected a non-negative number in: $size: -1' });
      expect(compileError({ a: { $size: { $gt: 1 } } })).to.deep.equal({ code: 2, message: 'Failed to parse $size. Expected a number in: $size: { $gt: 1 }' });
    });
  });

  describe('$mod and bitwise operators', () => {
    it('when $mod is used, the truncated value modulo the divisor is compared with the remainder', () => {
      expect(matches({ a: { $mod: [4, 0] } }, { a: 8 })).to.equal(true);
      expect(matches({ a: { $mod: [4, 1] } }, { a: 9.9 })).to.equal(true);
      expect(matches({ a: { $mod: [4, -1] } }, { a: -5 })).to.equal(true);
      expect(matches({ a: { $mod: [4, 0] } }, { a: 'x' })).to.equal(false);
      expect(matches({ a: { $mod: [3, 1] } }, { a: Long.fromString('9007199254740993') })).to.equal(false);
      expect(matches({ a: { $mod: [2, 1] } }, { a: Long.fromString('9007199254740993') })).to.equal(true);
    });

    it('when $mod is malformed, the server messages are returned', () => {
      expect(compileError({ a: { $mod: 4 } }).message).to.equal('malformed mod, needs to be an array');
      expect(compileError({ a: { $mod: [4] } }).message).to.equal('malformed mod, not enough elements');
      expect(compileError({ a: { $mod: [4, 1, 2] } }).message).to.equal('malformed mod, too many elements');
      expect(compileError({ a: { $mod: ['x', 1] } }).message).to.equal('malformed mod, divisor not a number');
      expect(compileError({ a: { $mod: [0, 1] } })).to.deep.equal({ code: 2, message: 'divisor cannot be 0' });
      expect(compileError({ a: { $mod: [Number.NaN, 1] } }).message).to.equal(
        'malformed mod, divisor value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type',
      );
    });

    it('when bit operators test numbers, positions and masks are checked on two’s complement', () => {
      expect(matches({ a: { $bitsAllSet: [1, 5] } }, { a: 54 })).to.equal(true);
      expect(matches({ a: { $bitsAllSet: 35 } }, { a: 54 })).to.equal(false);
      expect(matches({ a: { $bitsAnySet: [1, 3] } }, { a: 2 })).to.equal(true);
      expect(matches({ a: { $bitsAllClear: [0, 3] } }, { a: 6 })).to.equal(true);
      expect(matches({ a: { $bitsAnyClear: [1, 2] } }, { a: 6 })).to.equal(false);
      expect(matches({ a: { $bitsAllSet: [63] } }, { a: -1 })).to.equal(true);
      expect(matches({ a: { $bitsAllSet: [0] } }, { a: 1.5 })).to.equal(false);
    });

    it('when bit operators test BinData, bytes are read little-endian bit by bit', () => {
      const value = new Binary(Buffer.from([0x20, 0x01]));
      expect(matches({ a: { $bitsAllSet: [5, 8] } }, { a: value })).to.equal(true);
      expect(matches({ a: { $bitsAnySet: new Binary(Buffer.from([0x01])) } }, { a: value })).to.equal(false);
    });

    it('when a bit operand is invalid, the filter is rejected', () => {
      expect(compileError({ a: { $bitsAllSet: -1 } }).code).to.equal(9);
      expect(compileError({ a: { $bitsAllSet: [-1] } }).code).to.equal(2);
      expect(compileError({ a: { $bitsAllSet: 'x' } }).message).to.equal('a takes an Array, a number, or a BinData but received: $bitsAllSet: "x"');
    });
  });

  describe('top-level operators and unsupported features', () => {
    it('when $comment is present, it is ignored', () => {
      expect(matches({ $comment: 'why', a: 1 }, { a: 1 })).to.equal(true);
    });

    it('when $alwaysTrue/$alwaysFalse are used, they match all or nothing', () => {
      expect(matches({ $alwaysFalse: 1 }, {})).to.equal(false);
      expect(matches({ $alwaysTrue: 1 }, {})).to.equal(true);
      expect(compileError({ $alwaysTrue: 2 }).code).to.equal(9);
    });

    it('when an operator is unknown, the filter is rejected with BadValue', () => {
      expect(compileError({ a: { $foo: 1 } })).to.deep.equal({ code: 2, message: 'unknown operator: $foo' });
      expect(compileError({ a: { $gt: 1, b: 2 } })).to.deep.equal({ code: 2, message: 'unknown operator: b' });
      expect(compileError({ $foo: 1 }).message).to.match(/^unknown top level operator: \$foo\./);
    });

    it('when $text, $where, $jsonSchema or geo operators are used, they are refused as by a server without them', () => {
      expect(compileError({ $text: { $search: 'x' } })).to.deep.equal({ code: 27, message: 'text index required for $text query' });
      expect(compileError({ $where: 'this.a > 1' }).code).to.equal(2);
      expect(compileError({ $jsonSchema: {} }).code).to.equal(2);
      expect(compileError({ loc: { $near: [0, 0] } }).code).to.equal(291);
      expect(compileError({ loc: { $geoWithin: { $center: [[0, 0], 1] } } }).code).to.equal(2);
      expect(compileError({ a: { $where: 'x' } }).message).to.equal('$where cannot be applied to a field');
    });

    it('when a DBRef-shaped value is queried, it is an equality, not an operator document', () => {
      const ref = { $ref: 'users', $id: 5 };
      expect(matches({ owner: ref }, { owner: { $ref: 'users', $id: 5 } })).to.equal(true);
    });
  });

  describe('$expr', () => {
    it('when $expr compares two fields, documents where the expression is true match', () => {
      const filter = compileFilter({ $expr: { $gt: ['$spent', '$budget'] } });
      expect(filter.matches({ spent: 10, budget: 5 })).to.equal(true);
      expect(filter.matches({ spent: 1, budget: 5 })).to.equal(false);
    });

    it('when $expr reads a variable, the compile-time variables are used', () => {
      const filter = compileFilter({ $expr: { $eq: ['$a', '$$target'] } }, { variables: { target: 5 } });
      expect(filter.matches({ a: 5 })).to.equal(true);
      expect(filter.matches({ a: 6 })).to.equal(false);
    });

    it('when $expr yields a non-boolean, aggregation truthiness decides (0, null, missing are false)', () => {
      const filter = compileFilter({ $expr: '$flag' });
      expect(filter.matches({ flag: 0 })).to.equal(false);
      expect(filter.matches({ flag: null })).to.equal(false);
      expect(filter.matches({})).to.equal(false);
      expect(filter.matches({ flag: 'x' })).to.equal(true);
      expect(filter.matches({ flag: [] })).to.equal(true);
    });
  });
});
