import { expect } from 'chai';
import { expectServerError, update } from './test-support.js';

describe('positional, all-elements and filtered array updates', () => {
  describe('positional $', () => {
    it('when the query matched an element, updates that element', () => {
      const result = update({ _id: 1, a: [1, 2, 3] }, { $set: { 'a.$': 9 } }, { matchPosition: 1 });
      expect(result.document.a).to.deep.equal([1, 9, 3]);
    });

    it('when followed by a field, updates inside the matched element', () => {
      const result = update(
        { _id: 1, a: [{ b: 1 }, { b: 2 }] },
        { $inc: { 'a.$.b': 10 } },
        { matchPosition: 0 },
      );
      expect(result.document.a).to.deep.equal([{ b: 11 }, { b: 2 }]);
    });

    it('when the query matched nothing, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: [1] }, { $set: { 'a.$': 9 } }),
        2,
        'The positional operator did not find the match needed from the query.',
      );
    });

    it('when the matched index is also named explicitly for the same field, fails with 40', () => {
      expectServerError(
        () => update({ _id: 1, a: [1, 2] }, { $set: { 'a.$': 9, 'a.1': 8 } }, { matchPosition: 1 }),
        40,
        "Update created a conflict at 'a.1'",
      );
    });

    it('when a path has two positional parts, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { 'a.$.b.$': 1 } }, { matchPosition: 0 }),
        2,
        "Too many positional (i.e. '$') elements found in path 'a.$.b.$'",
      );
    });
  });

  describe('all-elements $[]', () => {
    it('when applied, updates every element', () => {
      expect(update({ _id: 1, a: [1, 2] }, { $inc: { 'a.$[]': 1 } }).document.a).to.deep.equal([2, 3]);
    });

    it('when followed by a field, updates that field in every element', () => {
      const result = update({ _id: 1, a: [{ b: 1 }, {}] }, { $set: { 'a.$[].b': 0 } });
      expect(result.document.a).to.deep.equal([{ b: 0 }, { b: 0 }]);
    });

    it('when a field is set inside scalar elements, fails with 28 PathNotViable', () => {
      expectServerError(
        () => update({ _id: 1, a: [5] }, { $set: { 'a.$[].b': 1 } }),
        28,
        "Cannot create field 'b' in element {0: 5}",
      );
    });

    it('when nested, updates every element of every inner array', () => {
      const result = update({ _id: 1, a: [[1], [2, 3]] }, { $mul: { 'a.$[].$[]': 10 } });
      expect(result.document.a).to.deep.equal([[10], [20, 30]]);
    });

    it('when the array is missing, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $set: { 'a.$[]': 1 } }),
        2,
        "The path 'a' must exist in the document in order to apply array updates.",
      );
    });

    it('when the field is not an array, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: 5 }, { $set: { 'a.$[]': 1 } }),
        2,
        'Cannot apply array updates to non-array element a: 5',
      );
    });
  });

  describe('filtered $[identifier] with arrayFilters', () => {
    it('when a filter tests the element itself, updates only matching elements', () => {
      const result = update(
        { _id: 1, grades: [95, 102, 90, 150] },
        { $set: { 'grades.$[x]': 100 } },
        { arrayFilters: [{ x: { $gte: 100 } }] },
      );
      expect(result.document.grades).to.deep.equal([95, 100, 90, 100]);
    });

    it('when a filter tests fields of the elements, updates those element documents', () => {
      const result = update(
        {
          _id: 1,
          g: [
            { grade: 80, mean: 1 },
            { grade: 90, mean: 2 },
          ],
        },
        { $set: { 'g.$[e].mean': 100 } },
        { arrayFilters: [{ 'e.grade': { $gte: 85 } }] },
      );
      expect(result.document.g).to.deep.equal([
        { grade: 80, mean: 1 },
        { grade: 90, mean: 100 },
      ]);
    });

    it('when two filters select one element for different fields, applies both', () => {
      const result = update(
        { _id: 1, a: [{ v: 1 }] },
        { $set: { 'a.$[x].p': 1, 'a.$[y].q': 2 } },
        { arrayFilters: [{ 'x.v': 1 }, { 'y.v': { $gt: 0 } }] },
      );
      expect(result.document.a).to.deep.equal([{ v: 1, p: 1, q: 2 }]);
    });

    it('when two filters select one element for the same field, fails with 40', () => {
      expectServerError(
        () =>
          update(
            { _id: 1, a: [1] },
            { $set: { 'a.$[x]': 1, 'a.$[y]': 2 } },
            { arrayFilters: [{ x: 1 }, { y: 1 }] },
          ),
        40,
        "Update created a conflict at 'a.0'",
      );
    });

    it('when an identifier has no filter, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: [1] }, { $set: { 'a.$[x]': 1 } }),
        2,
        "No array filter found for identifier 'x' in path 'a.$[x]'",
      );
    });

    it('when a filter is not used, fails with 9 FailedToParse', () => {
      expectServerError(
        () => update({ _id: 1, a: [1] }, { $set: { a: [2] } }, { arrayFilters: [{ x: 1 }] }),
        9,
        "The array filter for identifier 'x' was not used in the update { $set: { a: [ 2 ] } }",
      );
    });

    it('when a filter uses two top-level names, fails with 9 FailedToParse', () => {
      expectServerError(
        () => update({ _id: 1, a: [1] }, { $set: { 'a.$[x]': 1 } }, { arrayFilters: [{ x: 1, y: 1 }] }),
        9,
        "Error parsing array filter :: caused by :: Expected a single top-level field name, found 'x' and 'y'",
      );
    });

    it('when two filters share an identifier, fails with 9 FailedToParse', () => {
      expectServerError(
        () => update({ _id: 1, a: [1] }, { $set: { 'a.$[x]': 1 } }, { arrayFilters: [{ x: 1 }, { x: 2 }] }),
        9,
        'Found multiple array filters with the same top-level field name x',
      );
    });

    it('when an identifier does not start with a lowercase letter, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: [1] }, { $set: { 'a.$[X]': 1 } }, { arrayFilters: [{ X: 1 }] }),
        2,
      );
    });

    it('when an identifier is the first part of a path, fails with 2 BadValue', () => {
      expectServerError(() => update({ _id: 1 }, { $set: { '$[x].a': 1 } }, { arrayFilters: [{ x: 1 }] }), 2);
    });
  });
});
