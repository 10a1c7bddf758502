import { expect } from 'chai';
import { MongoServerError } from '../errors.js';
import { compileUpdate, updateKindOf } from './apply.js';
import { compareFieldNames } from './paths.js';
import { expectServerError, now, update } from './test-support.js';

describe('update validation', () => {
  describe('kind of update', () => {
    it('when keys start with $, is an operator update; otherwise a replacement; an array is a pipeline', () => {
      expect(updateKindOf({ $set: { a: 1 } })).to.equal('operator');
      expect(updateKindOf({ a: 1 })).to.equal('replacement');
      expect(updateKindOf({})).to.equal('replacement');
      expect(updateKindOf([{ $set: { a: 1 } }])).to.equal('pipeline');
    });

    it('when a modifier is unknown, fails with 9 FailedToParse', () => {
      expectServerError(
        () => update({ _id: 1 }, { $foo: { a: 1 } }),
        9,
        'Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array',
      );
    });

    it('when a plain field follows the operators, fails as an unknown modifier', () => {
      expectServerError(() => update({ _id: 1 }, { $set: { a: 1 }, b: 2 }), 9);
    });

    it('when a modifier argument is not a document, fails with 9 FailedToParse', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: 5 }),
        9,
        'Modifiers operate on fields but we found type int instead. For example: {$mod: {<field>: ...}} not {$set: 5}',
      );
    });

    it('when a modifier argument is empty, is accepted as a no-op', () => {
      const result = update({ _id: 1, a: 1 }, { $set: {}, $unset: {} });
      expect(result.modified).to.equal(false);
      expect(result.document).to.deep.equal({ _id: 1, a: 1 });
    });

    it('when a replacement mixes in a $-prefixed field, fails with 52 DollarPrefixedFieldName', () => {
      expectServerError(() => update({ _id: 1 }, { a: 1, $set: { b: 1 } }), 52);
    });

    it('when compiled once, reports parse errors before any document is seen', () => {
      expect(() => compileUpdate({ $inc: { a: 'x' } })).to.throw(MongoServerError);
      const compiled = compileUpdate({ $inc: { n: 1 } });
      expect(compiled.kind).to.equal('operator');
      expect(compiled.apply({ _id: 1, n: 1 }, { isUpsertInsert: false, now }).document.n).to.equal(2);
      expect(compiled.apply({ _id: 2 }, { isUpsertInsert: false, now }).document.n).to.equal(1);
    });
  });

  describe('conflicting paths', () => {
    it('when two operators update the same field, fails with 40 ConflictingUpdateOperators', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { a: 1 }, $inc: { a: 1 } }),
        40,
        "Updating the path 'a' would create a conflict at 'a'",
      );
    });

    it('when a later path is inside an earlier one, names the earlier one as the conflict', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { a: 1 }, $unset: { 'a.b': 1 } }),
        40,
        "Updating the path 'a.b' would create a conflict at 'a'",
      );
    });

    it('when a later path contains an earlier one, reports the conflict at the later path', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { 'a.b': 1 }, $inc: { a: 1 } }),
        40,
        "Updating the path 'a' would create a conflict at 'a'",
      );
    });

    it('when paths only share a prefix, applies both', () => {
      const result = update({ _id: 1 }, { $set: { 'a.b': 1 }, $inc: { 'a.c': 1 } });
      expect(result.document).to.deep.equal({ _id: 1, a: { b: 1, c: 1 } });
    });

    it('when a field is indexed directly and through $[], fails with 40', () => {
      expectServerError(() => update({ _id: 1, a: [1] }, { $set: { 'a.0': 1, 'a.$[]': 2 } }), 40);
    });
  });

  describe('immutable _id', () => {
    it('when $set changes _id, fails with 66 ImmutableField', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { _id: 2 } }),
        66,
        "Performing an update on the path '_id' would modify the immutable field '_id'",
      );
    });

    it('when $set gives _id its current value, succeeds without modification', () => {
      expect(update({ _id: 1, a: 1 }, { $set: { _id: 1 } }).modified).to.equal(false);
    });

    it('when a field inside _id changes, fails with 66', () => {
      expectServerError(() => update({ _id: { x: 1 } }, { $set: { '_id.x': 2 } }), 66);
      expectServerError(() => update({ _id: { x: 1 } }, { $set: { '_id.y': 2 } }), 66);
    });

    it('when $unset removes _id, fails with 66', () => {
      expectServerError(() => update({ _id: 1 }, { $unset: { _id: 1 } }), 66);
    });

    it('when the document has no _id yet (upsert), lets the update set it', () => {
      const result = update({}, { $set: { _id: 7, a: 1 } }, { isUpsertInsert: true });
      expect(result.document).to.deep.equal({ _id: 7, a: 1 });
    });
  });

  describe('paths', () => {
    it('when a path is empty, fails with 56 EmptyFieldName', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { '': 1 } }),
        56,
        'An empty update path is not valid.',
      );
    });

    it('when a path has an empty part, fails with 56 EmptyFieldName', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { 'a..b': 1 } }),
        56,
        "The update path 'a..b' contains an empty field name, which is not allowed.",
      );
    });

    it('when the positional $ is the first part, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { '$.a': 1 } }, { matchPosition: 0 }),
        2,
        "Cannot have positional (i.e. '$') element in the first position in path '$.a'",
      );
    });

    it('when an operator creates a top-level $-prefixed field, fails with 52', () => {
      expectServerError(() => update({ _id: 1 }, { $set: { $x: 1 } }), 52);
    });

    it('when a $-prefixed field is nested inside a value, stores it', () => {
      expect(update({ _id: 1 }, { $set: { a: { $x: 1 } } }).document).to.deep.equal({ _id: 1, a: { $x: 1 } });
    });

    it('when an array would need more than 1500000 nulls of padding, fails with 34 CannotBackfillArray', () => {
      expectServerError(() => update({ _id: 1, a: [] }, { $set: { 'a.2000000': 1 } }), 34);
    });

    it('when field names compare, orders numbers numerically and the rest lexicographically', () => {
      expect(compareFieldNames('9', '10')).to.be.below(0);
      expect(compareFieldNames('10', '9')).to.be.above(0);
      expect(compareFieldNames('b', 'a')).to.be.above(0);
      expect(compareFieldNames('010', '9')).to.be.below(0);
      expect(compareFieldNames('12', '12')).to.equal(0);
    });
  });

  describe('$rename paths', () => {
    it('when the source path crosses a scalar, fails with 28 PathNotViable', () => {
      expectServerError(
        () => update({ _id: 1, a: 5 }, { $rename: { 'a.b': 'c' } }),
        28,
        'cannot use the part (a of a.b) to traverse the element ({a: 5})',
      );
    });

    it('when the destination path crosses a scalar, fails with 28 PathNotViable', () => {
      expectServerError(
        () => update({ _id: 1, a: 1, b: 5 }, { $rename: { a: 'b.c' } }),
        28,
        "Cannot create field 'c' in element {b: 5}",
      );
    });
  });

  describe('all-or-nothing', () => {
    it('when a later operator fails on the document, leaves the input untouched and returns nothing', () => {
      const input = { _id: 1, a: 1, s: 'text' };
      expectServerError(() => update(input, { $set: { a: 2, b: 3 }, $inc: { s: 1 } }), 14);
      expect(input).to.deep.equal({ _id: 1, a: 1, s: 'text' });
    });
  });
});
