import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { MongoServerError } from '../errors.js';
import { compileFilter } from './matcher.js';
import { compileProjection } from './projection.js';

function project(projection: Document, document: Document, filter?: Document): Document {
  return compileProjection(projection).apply(document, filter ? compileFilter(filter) : undefined);
}

function errorOf(action: () => unknown): { code: number; message: string } {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(MongoServerError);
    return { code: (error as MongoServerError).code, message: (error as MongoServerError).message };
  }
  throw new Error('expected an error');
}

function specError(projection: Document): { code: number; message: string } {
  return errorOf(() => compileProjection(projection));
}

const PLAYER = {
  _id: 7,
  name: 'player1',
  games: [{ game: 'abc', score: 8 }, { game: 'xyz', score: 5 }],
  joined: new Date(1),
  lastLogin: new Date(2),
};

describe('query/projection', () => {
  describe('inclusion and exclusion', () => {
    it('when fields are included, the result keeps document order with _id included by default', () => {
      const result = project({ c: 1, a: 1 }, { _id: 1, a: 1, b: 2, c: 3 });
      expect(result).to.deep.equal({ _id: 1, a: 1, c: 3 });
      expect(Object.keys(result)).to.deep.equal(['_id', 'a', 'c']);
    });

    it('when _id: 0 is combined with inclusions, _id is left out', () => {
      expect(project({ _id: 0, a: 1 }, { _id: 1, a: 1, b: 2 })).to.deep.equal({ a: 1 });
    });

    it('when only _id is given, 0 is an exclusion and 1 an inclusion', () => {
      expect(project({ _id: 0 }, { _id: 1, a: 1 })).to.deep.equal({ a: 1 });
      expect(project({ _id: 1 }, { _id: 1, a: 1 })).to.deep.equal({ _id: 1 });
    });

    it('when fields are excluded, every other field is kept in order', () => {
      const result = project({ b: 0 }, { _id: 1, a: 1, b: 2, c: 3 });
      expect(Object.keys(result)).to.deep.equal(['_id', 'a', 'c']);
      expect(project({ _id: 1, b: 0 }, { _id: 1, a: 1, b: 2 })).to.deep.equal({ _id: 1, a: 1 });
    });

    it('when booleans and other numbers are used as flags, truthiness decides', () => {
      expect(project({ a: true, b: 5 }, { _id: 1, a: 1, b: 2, c: 3 })).to.deep.equal({ _id: 1, a: 1, b: 2 });
      expect(project({ a: false }, { _id: 1, a: 1, b: 2 })).to.deep.equal({ _id: 1, b: 2 });
    });

    it('when a dotted inclusion crosses arrays, documents keep the field, scalars are dropped', () => {
      const document = { _id: 1, a: [{ b: 1, c: 2 }, 5, { c: 3 }, [{ b: 4, d: 1 }]] };
      expect(project({ 'a.b': 1 }, document)).to.deep.equal({ _id: 1, a: [{ b: 1 }, {}, [{ b: 4 }]] });
    });

    it('when a dotted inclusion meets a scalar or an embedded document without the field, MongoDB shapes apply', () => {
      expect(project({ 'a.b': 1, _id: 0 }, { a: 4 })).to.deep.equal({});
      expect(project({ 'a.b': 1, _id: 0 }, { a: {} })).to.deep.equal({ a: {} });
      expect(project({ 'a.b': 1, _id: 0 }, { a: [1, 'string', 4] })).to.deep.equal({ a: [] });
    });

    it('when a nested sub-projection is written as an object, it equals the dotted form', () => {
      const document = { _id: 1, a: { b: 1, c: 2, d: 3 } };
      expect(project({ a: { b: 1, d: 1 } }, document)).to.deep.equal({ _id: 1, a: { b: 1, d: 3 } });
    });

    it('when a dotted exclusion crosses arrays, scalars are kept and documents lose the field', () => {
      const document = { _id: 1, a: [{ b: 1, c: 2 }, 5] };
      expect(project({ 'a.b': 0 }, document)).to.deep.equal({ _id: 1, a: [{ c: 2 }, 5] });
    });

    it('when the projection is empty, the document is returned unchanged', () => {
      const document = { _id: 1, a: 1 };
      expect(compileProjection({}).apply(document)).to.equal(document);
    });

    it('when a projection runs, the input document is not modified', () => {
      const document = { _id: 1, a: [1, 2, 3], b: { c: 1, d: 2 } };
      project({ a: { $slice: 1 }, 'b.c': 0 }, document);
      expect(document).to.deep.equal({ _id: 1, a: [1, 2, 3], b: { c: 1, d: 2 } });
    });
  });

  describe('specification errors', () => {
    it('when inclusion and exclusion are mixed, the server codes 31254 and 31253 are raised', () => {
      expect(specError({ a: 1, b: 0 })).to.deep.equal({ code: 31254, message: 'Cannot do exclusion on field b in inclusion projection' });
      expect(specError({ a: 0, b: 1 })).to.deep.equal({ code: 31253, message: 'Cannot do inclusion on field b in exclusion projection' });
      expect(specError({ a: { b: 1, c: 0 } }).code).to.equal(31254);
    });

    it('when paths collide, 31249 or 31250 is raised depending on the order', () => {
      expect(specError({ a: 1, 'a.b': 1 })).to.deep.equal({ code: 31249, message: 'Path collision at a.b remaining portion b' });
      expect(specError({ 'a.b': 1, a: 1 })).to.deep.equal({ code: 31250, message: 'Path collision at a' });
    });

    it('when a field path is malformed, FieldPath errors are raised', () => {
      expect(specError({ $a: 1 }).code).to.equal(16410);
      expect(specError({ '': 1 }).code).to.equal(40352);
      expect(specError({ 'a..b': 1 }).code).to.equal(15998);
      expect(specError({ a: {} }).code).to.equal(51270);
    });

    it('when $meta is used, a clear unsupported error is raised', () => {
      expect(specError({ score: { $meta: 'textScore' } }).message).to.match(/\$meta.*not supported/);
    });
  });

  describe('$slice', () => {
    const document = { _id: 1, a: [1, 2, 3, 4, 5], b: 'x' };

    it('when $slice is a positive or negative number, the first or last elements are kept', () => {
      expect(project({ a: { $slice: 2 } }, document)).to.deep.equal({ _id: 1, a: [1, 2], b: 'x' });
      expect(project({ a: { $slice: -2 } }, document)).to.deep.equal({ _id: 1, a: [4, 5], b: 'x' });
      expect(project({ a: { $slice: 0 } }, document)).to.deep.equal({ _id: 1, a: [], b: 'x' });
      expect(project({ a: { $slice: 10 } }, document).a).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('when $slice is [skip, limit], the window is taken, a negative skip counting from the end', () => {
      expect(project({ a: { $slice: [1, 2] } }, document).a).to.deep.equal([2, 3]);
      expect(project({ a: { $slice: [-2, 5] } }, document).a).to.deep.equal([4, 5]);
      expect(project({ a: { $slice: [9, 1] } }, document).a).to.deep.equal([]);
    });

    it('when $slice is the only operator, the projection excludes nothing else; with inclusions it includes', () => {
      expect(Object.keys(project({ a: { $slice: 1 } }, document))).to.deep.equal(['_id', 'a', 'b']);
      expect(project({ a: { $slice: 1 }, _id: 0, c: 1 }, { ...document, c: 3 })).to.deep.equal({ a: [1], c: 3 });
    });

    it('when $slice targets a nested field through an array, each element is sliced', () => {
      const nested = { _id: 1, posts: [{ tags: [1, 2, 3] }, { tags: [4, 5] }], keep: true };
      expect(project({ 'posts.tags': { $slice: 1 } }, nested)).to.deep.equal({ _id: 1, posts: [{ tags: [1] }, { tags: [4] }], keep: true });
    });

    it('when the field is not an array, $slice leaves it unchanged', () => {
      expect(project({ b: { $slice: 1 } }, document).b).to.equal('x');
    });

    it('when the operand fits neither the find() nor the aggregation form, both reasons are reported', () => {
      const error = specError({ a: { $slice: 'x' } });
      expect(error.message).to.match(/^Invalid \$slice syntax\. The given syntax \{ \$slice: "x" \} did not match the find\(\) syntax because :: \$slice only supports numbers and \[skip, limit\] arrays/);
    });

    it('when [skip, limit] has a non-positive limit, it is read as the aggregation $slice like MongoDB 4.4+ does', () => {
      const projection = compileProjection({ a: { $slice: [1, 0] } });
      expect(() => projection.apply({ _id: 1, a: [1, 2] })).to.throw(MongoServerError);
    });
  });

  describe('$elemMatch', () => {
    it('when an element matches, only the first match is returned, after the other included fields', () => {
      const result = project({ games: { $elemMatch: { score: { $gt: 5 } } }, joined: 1, lastLogin: 1 }, PLAYER);
      expect(result).to.deep.equal({ _id: 7, joined: new Date(1), lastLogin: new Date(2), games: [{ game: 'abc', score: 8 }] });
      expect(Object.keys(result)).to.deep.equal(['_id', 'joined', 'lastLogin', 'games']);
    });

    it('when no element matches, the field is omitted', () => {
      expect(project({ games: { $elemMatch: { score: 100 } } }, PLAYER)).to.deep.equal({ _id: 7 });
    });

    it('when combined with an exclusion, the field stays in place and other fields are kept', () => {
      const result = project({ games: { $elemMatch: { game: 'xyz' } }, name: 0 }, PLAYER);
      expect(Object.keys(result)).to.deep.equal(['_id', 'games', 'joined', 'lastLogin']);
      expect(result['games']).to.deep.equal([{ game: 'xyz', score: 5 }]);
    });

    it('when $elemMatch is nested or not an object, it is rejected', () => {
      expect(specError({ 'a.b': { $elemMatch: { x: 1 } } }).code).to.equal(31275);
      expect(specError({ a: { $elemMatch: 1 } }).code).to.equal(31274);
    });
  });

  describe('positional $', () => {
    const student = { _id: 1, semester: 1, grades: [70, 87, 90] };

    it('when the filter matched an element of the array, only that element is returned', () => {
      expect(project({ 'grades.$': 1 }, student, { semester: 1, grades: { $gte: 85 } })).to.deep.equal({ _id: 1, grades: [87] });
    });

    it('when the filter matched through an array of documents, the matching document is returned', () => {
      const document = { _id: 2, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 9 }], other: 1 };
      const result = project({ 'items.$': 1 }, document, { 'items.sku': 'b' });
      expect(result).to.deep.equal({ _id: 2, items: [{ sku: 'b', qty: 9 }] });
    });

    it('when the positional path has a prefix, the first array on it is reduced', () => {
      const document = { _id: 3, order: { lines: [{ n: 1 }, { n: 2 }] } };
      expect(project({ 'order.lines.$': 1 }, document, { 'order.lines.n': 2 })).to.deep.equal({ _id: 3, order: { lines: [{ n: 2 }] } });
    });

    it('when no filter is given or the filter does not query the array, the projection fails', () => {
      expect(errorOf(() => project({ 'grades.$': 1 }, student)).code).to.equal(51050);
      expect(errorOf(() => project({ 'grades.$': 1 }, student, { semester: 1 }))).to.deep.equal({
        code: 31277,
        message: "Positional projection 'grades.$' does not match the query document.",
      });
    });

    it('when the filter matched without an element position, 51246 is raised', () => {
      expect(errorOf(() => project({ 'grades.$': 1 }, student, { $or: [{ grades: 87 }] })).code).to.equal(51246);
    });

    it('when the positional form is misused, the parse errors are raised', () => {
      expect(specError({ 'a.$.$': 1 }).code).to.equal(31287);
      expect(specError({ 'a.$.b': 1 }).code).to.equal(31394);
      expect(specError({ 'a.$': 1, 'b.$': 1 }).code).to.equal(31276);
      expect(specError({ 'a.$': 1, b: { $elemMatch: { x: 1 } } }).code).to.equal(31255);
      expect(specError({ b: { $elemMatch: { x: 1 } }, 'a.$': 1 }).code).to.equal(31256);
      expect(specError({ 'a.$': { $slice: 1 } }).code).to.equal(31271);
      expect(specError({ 'a.$': 'x' }).code).to.equal(31308);
      expect(specError({ 'a.$': 0 }).code).to.equal(16410);
    });
  });

  describe('computed fields', () => {
    it('when an expression is projected, it is computed from the document and makes an inclusion', () => {
      expect(project({ total: { $add: ['$a', '$b'] } }, { _id: 1, a: 2, b: 3, c: 4 })).to.deep.equal({ _id: 1, total: 5 });
    });

    it('when a field path string or $literal is projected, the value or the literal is set', () => {
      expect(project({ x: '$a.b', _id: 0 }, { a: { b: 7 } })).to.deep.equal({ x: 7 });
      expect(project({ x: { $literal: 1 }, _id: 0 }, { a: 1 })).to.deep.equal({ x: 1 });
      expect(project({ x: 'text', _id: 0 }, { a: 1 })).to.deep.equal({ x: 'text' });
    });

    it('when computed fields are mixed with inclusions, included fields come first in document order', () => {
      const result = project({ x: '$a', b: 1 }, { _id: 1, a: 1, b: 2 });
      expect(Object.keys(result)).to.deep.equal(['_id', 'b', 'x']);
    });

    it('when a computed field evaluates to missing, it is left out', () => {
      expect(project({ x: '$nope', _id: 0 }, { a: 1 })).to.deep.equal({});
    });

    it('when a computed path goes below a scalar or an array, MongoDB shapes apply', () => {
      expect(project({ 'a.b': { $literal: 1 }, _id: 0 }, { a: 5 })).to.deep.equal({ a: { b: 1 } });
      expect(project({ 'a.b': { $literal: 1 }, _id: 0 }, { a: [{ c: 1 }, 2] })).to.deep.equal({ a: [{ b: 1 }] });
    });

    it('when an expression is used in an exclusion projection, it is rejected', () => {
      expect(specError({ a: 0, b: 'x' })).to.deep.equal({ code: 31310, message: 'Cannot use an expression b: "x" in an exclusion projection' });
      expect(specError({ a: 0, b: { $literal: 1 } }).code).to.equal(31252);
    });

    it('when an unknown expression operator is used, 31325 is raised', () => {
      expect(specError({ a: { $foo: 1 } })).to.deep.equal({ code: 31325, message: 'Unknown expression $foo' });
    });

    it('when $slice is given aggregation arguments, the $slice expression is used', () => {
      expect(project({ s: { $slice: ['$a', 1] }, _id: 0 }, { a: [1, 2, 3] })).to.deep.equal({ s: [1] });
    });
  });
});
