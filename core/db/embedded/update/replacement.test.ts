import { expect } from 'chai';
import { ObjectId } from 'bson';
import { expectServerError, now, update } from './test-support.js';

describe('whole-document updates', () => {
  describe('replacement', () => {
    it('when the replacement has no _id, keeps the original _id first and drops other fields', () => {
      const result = update({ _id: 1, a: 1, b: 2 }, { c: 3 });
      expect(result.document).to.deep.equal({ _id: 1, c: 3 });
      expect(Object.keys(result.document)).to.deep.equal(['_id', 'c']);
      expect(result.modified).to.equal(true);
    });

    it('when the replacement repeats the _id elsewhere, moves _id first', () => {
      const result = update({ _id: 1, a: 1 }, { a: 2, _id: 1 });
      expect(Object.keys(result.document)).to.deep.equal(['_id', 'a']);
    });

    it('when the replacement changes _id, fails with 66 ImmutableField', () => {
      expectServerError(
        () => update({ _id: 1, a: 1 }, { _id: 2, a: 1 }),
        66,
        "After applying the update, the (immutable) field '_id' was found to have been altered to _id: 2",
      );
    });

    it('when the replacement is empty, leaves only _id', () => {
      expect(update({ _id: 1, a: 1 }, {}).document).to.deep.equal({ _id: 1 });
    });

    it('when the result equals the original, reports no modification', () => {
      expect(update({ _id: 1, a: { b: 1 } }, { a: { b: 1 } }).modified).to.equal(false);
    });

    it('when the original had no _id (an upsert), generates an ObjectId first', () => {
      const result = update({}, { a: 1 }, { isUpsertInsert: true });
      expect(result.document._id).to.be.instanceOf(ObjectId);
      expect(Object.keys(result.document)).to.deep.equal(['_id', 'a']);
    });

    it('when the new _id is an array, fails with 53 InvalidIdField', () => {
      expectServerError(
        () => update({}, { _id: [1], a: 1 }, { isUpsertInsert: true }),
        53,
        "The '_id' value cannot be of type array",
      );
    });

    it('when the replacement holds embedded documents, stores copies of them', () => {
      const replacement = { a: { b: [1] } };
      const result = update({ _id: 1 }, replacement);
      replacement.a.b.push(2);
      expect(result.document.a).to.deep.equal({ b: [1] });
    });
  });

  describe('pipeline', () => {
    it('when stages set and unset fields, returns their output with the original _id', () => {
      const result = update({ _id: 1, a: 1, b: 2 }, [
        { $set: { c: { $add: ['$a', '$b'] } } },
        { $unset: 'a' },
      ]);
      expect(result.document).to.deep.equal({ _id: 1, b: 2, c: 3 });
      expect(result.modified).to.equal(true);
    });

    it('when $replaceWith drops _id, keeps the original _id', () => {
      const result = update({ _id: 1, inner: { x: 1 } }, [{ $replaceWith: '$inner' }]);
      expect(result.document).to.deep.equal({ _id: 1, x: 1 });
      expect(Object.keys(result.document)[0]).to.equal('_id');
    });

    it('when an expression reads $$NOW, gets the command clock', () => {
      const result = update({ _id: 1 }, [{ $set: { at: '$$NOW' } }]);
      expect((result.document.at as Date).getTime()).to.equal(now.getTime());
    });

    it('when the pipeline changes nothing, reports no modification', () => {
      expect(update({ _id: 1, a: 1 }, [{ $set: { a: 1 } }]).modified).to.equal(false);
    });

    it('when a stage is not allowed in updates, fails with 72 InvalidOptions', () => {
      expectServerError(
        () => update({ _id: 1 }, [{ $match: { a: 1 } }]),
        72,
        '$match is not allowed to be used within an update',
      );
    });

    it('when a stage is unknown, fails with 40324', () => {
      expectServerError(() => update({ _id: 1 }, [{ $frobnicate: {} }]), 40324);
    });

    it('when arrayFilters are given, fails with 9 FailedToParse', () => {
      expectServerError(
        () => update({ _id: 1 }, [{ $set: { a: 1 } }], { arrayFilters: [{ x: 1 }] }),
        9,
        'arrayFilters may not be specified for pipeline-style updates',
      );
    });

    it('when the pipeline changes _id, fails with 66 ImmutableField', () => {
      expectServerError(() => update({ _id: 1 }, [{ $set: { _id: 2 } }]), 66);
    });
  });
});
