import { expect } from 'chai';
import { expectServerError, update } from './test-support.js';

describe('update operators on arrays', () => {
  describe('$push', () => {
    it('when the array exists, appends the value', () => {
      const result = update({ _id: 1, a: [1] }, { $push: { a: [2] } });
      expect(result.document.a).to.deep.equal([1, [2]]);
    });

    it('when the field is missing, creates an array', () => {
      expect(update({ _id: 1 }, { $push: { 'a.b': 1 } }).document).to.deep.equal({ _id: 1, a: { b: [1] } });
    });

    it('when the field is not an array, fails with 2 BadValue naming the type and _id', () => {
      expectServerError(
        () => update({ _id: 1, a: 5 }, { $push: { a: 1 } }),
        2,
        "The field 'a' must be an array but is of type int in document {_id: 1}",
      );
    });

    it('when $each and $position are given, inserts all values at that index', () => {
      const result = update({ _id: 1, a: [1, 4] }, { $push: { a: { $each: [2, 3], $position: 1 } } });
      expect(result.document.a).to.deep.equal([1, 2, 3, 4]);
    });

    it('when $position is negative, counts from the end', () => {
      const result = update({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [9], $position: -1 } } });
      expect(result.document.a).to.deep.equal([1, 2, 9, 3]);
    });

    it('when $sort and $slice are given, sorts then keeps the first elements', () => {
      const result = update({ _id: 1, a: [5, 1] }, { $push: { a: { $each: [3, 4], $sort: -1, $slice: 3 } } });
      expect(result.document.a).to.deep.equal([5, 4, 3]);
    });

    it('when $slice is negative, keeps the last elements', () => {
      const result = update({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [4], $slice: -2 } } });
      expect(result.document.a).to.deep.equal([3, 4]);
    });

    it('when $slice is 0, empties the array', () => {
      expect(
        update({ _id: 1, a: [1, 2] }, { $push: { a: { $each: [3], $slice: 0 } } }).document.a,
      ).to.deep.equal([]);
    });

    it('when $sort is a field pattern, sorts documents by those fields', () => {
      const result = update(
        {
          _id: 1,
          a: [
            { s: 2, n: 'b' },
            { s: 1, n: 'z' },
          ],
        },
        { $push: { a: { $each: [{ s: 2, n: 'a' }], $sort: { s: -1, n: 1 } } } },
      );
      expect(result.document.a).to.deep.equal([
        { s: 2, n: 'a' },
        { s: 2, n: 'b' },
        { s: 1, n: 'z' },
      ]);
    });

    it('when an empty $each re-sorts an already sorted array, reports no modification', () => {
      const result = update({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [], $sort: 1 } } });
      expect(result.modified).to.equal(false);
    });

    it('when a clause is unknown, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $push: { a: { $each: [1], $limit: 1 } } }),
        2,
        'Unrecognized clause in $push: $limit',
      );
    });

    it('when $each is not an array, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $push: { a: { $each: 1 } } }),
        2,
        'The argument to $each in $push must be an array but it was of type: int',
      );
    });

    it('when $slice is not an integer, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $push: { a: { $each: [1], $slice: 1.5 } } }),
        2,
        'The value for $slice must be an integer value but was given type: double',
      );
    });

    it('when $sort is neither 1/-1 nor a pattern, fails with 2 BadValue', () => {
      expectServerError(() => update({ _id: 1 }, { $push: { a: { $each: [1], $sort: 2 } } }), 2);
      expectServerError(() => update({ _id: 1 }, { $push: { a: { $each: [1], $sort: {} } } }), 2);
    });

    it('when the value is a document without $each, pushes it as is', () => {
      const result = update({ _id: 1, a: [] }, { $push: { a: { $slice: 1 } } });
      expect(result.document.a).to.deep.equal([{ $slice: 1 }]);
    });
  });

  describe('$addToSet', () => {
    it('when the value is absent, appends it', () => {
      expect(update({ _id: 1, a: [1] }, { $addToSet: { a: 2 } }).document.a).to.deep.equal([1, 2]);
    });

    it('when the value is present, reports no modification', () => {
      expect(update({ _id: 1, a: [1, { x: 1 }] }, { $addToSet: { a: { x: 1 } } }).modified).to.equal(false);
    });

    it('when a document has its fields in another order, treats it as a different value', () => {
      const result = update({ _id: 1, a: [{ x: 1, y: 2 }] }, { $addToSet: { a: { y: 2, x: 1 } } });
      expect(result.document.a).to.have.length(2);
    });

    it('when $each is given, adds each distinct missing value once', () => {
      const result = update({ _id: 1, a: [1] }, { $addToSet: { a: { $each: [1, 2, 2, 3] } } });
      expect(result.document.a).to.deep.equal([1, 2, 3]);
    });

    it('when the field is missing, creates the array from the values', () => {
      expect(update({ _id: 1 }, { $addToSet: { a: { $each: [4, 4] } } }).document.a).to.deep.equal([4]);
    });

    it('when the field is not an array, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: 'x' }, { $addToSet: { a: 1 } }),
        2,
        "Cannot apply $addToSet to non-array field. Field named 'a' has non-array type string",
      );
    });

    it('when $each is not an array, fails with 14 TypeMismatch', () => {
      expectServerError(() => update({ _id: 1 }, { $addToSet: { a: { $each: 1 } } }), 14);
    });
  });

  describe('$pop', () => {
    it('when given 1 or -1, removes the last or the first element', () => {
      const result = update({ _id: 1, a: [1, 2, 3], b: [1, 2, 3] }, { $pop: { a: 1, b: -1 } });
      expect(result.document).to.deep.equal({ _id: 1, a: [1, 2], b: [2, 3] });
    });

    it('when the array is empty or missing, reports no modification', () => {
      expect(update({ _id: 1, a: [] }, { $pop: { a: 1, b: 1 } }).modified).to.equal(false);
    });

    it('when the field is not an array, fails with 14 TypeMismatch', () => {
      expectServerError(
        () => update({ _id: 1, a: { b: 5 } }, { $pop: { 'a.b': 1 } }),
        14,
        "Path 'a.b' contains an element of non-array type 'int'",
      );
    });

    it('when the argument is not 1 or -1, fails with 9 FailedToParse', () => {
      expectServerError(() => update({ _id: 1 }, { $pop: { a: 2 } }), 9, '$pop expects 1 or -1, found: 2');
      expectServerError(() => update({ _id: 1 }, { $pop: { a: 'x' } }), 9, 'Expected a number in: a: "x"');
    });

    it('when the path crosses a scalar, fails with 28 PathNotViable', () => {
      expectServerError(
        () => update({ _id: 1, a: 5 }, { $pop: { 'a.b': 1 } }),
        28,
        'Cannot use the part (b) of (a.b) to traverse the element ({a: 5})',
      );
    });
  });

  describe('$pull and $pullAll', () => {
    it('when the condition is a value, removes every equal element', () => {
      const result = update({ _id: 1, a: [1, 2, 1, [1]] }, { $pull: { a: 1 } });
      expect(result.document.a).to.deep.equal([2, [1]]);
    });

    it('when the condition is an operator document, applies it to each element', () => {
      expect(update({ _id: 1, a: [3, 6, 9] }, { $pull: { a: { $gte: 6 } } }).document.a).to.deep.equal([3]);
    });

    it('when the condition is a query, applies it to document elements only', () => {
      const result = update(
        { _id: 1, a: [{ s: 8, k: 'x' }, { s: 2, k: 'x' }, 8] },
        { $pull: { a: { s: { $gt: 5 }, k: 'x' } } },
      );
      expect(result.document.a).to.deep.equal([{ s: 2, k: 'x' }, 8]);
    });

    it('when the condition is a regular expression, removes matching strings', () => {
      expect(update({ _id: 1, a: ['apple', 'berry'] }, { $pull: { a: /^a/ } }).document.a).to.deep.equal([
        'berry',
      ]);
    });

    it('when nothing matches, reports no modification', () => {
      expect(update({ _id: 1, a: [1] }, { $pull: { a: 5 } }).modified).to.equal(false);
    });

    it('when the field is not an array, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: 1 }, { $pull: { a: 1 } }),
        2,
        'Cannot apply $pull to a non-array value',
      );
    });

    it('when $pullAll lists values, removes all their occurrences', () => {
      const result = update({ _id: 1, a: [1, 2, 3, 1, { x: 1 }] }, { $pullAll: { a: [1, { x: 1 }] } });
      expect(result.document.a).to.deep.equal([2, 3]);
    });

    it('when $pullAll is not given an array, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $pullAll: { a: 1 } }),
        2,
        '$pullAll requires an array argument but was given a int',
      );
    });
  });
});
