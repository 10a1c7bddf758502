import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';
import { asUpdate, expectServerError, useDatabase, type AnyDoc } from './harness.js';

describe('update validation errors', function () {
  const ctx = useDatabase('update_errors');
  const original = { _id: 1, s: 'text', n: 5, arr: [1, 2], sub: { x: 1 } };
  let collection: Collection<AnyDoc>;

  beforeEach(async function () {
    collection = ctx.collection('target');
    await collection.insertOne(structuredClone(original));
  });

  /** Runs an update that must fail with `code` and checks that the document is unchanged. */
  async function expectRefused(update: Document | Document[], code: number): Promise<string> {
    const error = await expectServerError(collection.updateOne({ _id: 1 }, asUpdate(update)), code);
    expect(await collection.findOne({ _id: 1 }), 'the document is unchanged').to.deep.equal(original);
    return error.message;
  }

  it('when $inc targets a string, it fails with 14 TypeMismatch and names the field and _id', async function () {
    const message = await expectRefused({ $inc: { s: 1 } }, 14);
    expect(message).to.contain('Cannot apply $inc to a value of non-numeric type');
    expect(message).to.contain("{_id: 1} has the field 's' of non-numeric type string");
  });

  it('when $inc is given a non-numeric amount, it fails with 14 TypeMismatch', async function () {
    const message = await expectRefused({ $inc: { n: 'one' } }, 14);
    expect(message).to.contain('Cannot increment with non-numeric argument');
  });

  it('when $mul targets a string, it fails with 14 TypeMismatch', async function () {
    const message = await expectRefused({ $mul: { s: 2 } }, 14);
    expect(message).to.contain('Cannot apply $mul to a value of non-numeric type');
  });

  it('when another operator also fails, no part of the update is applied', async function () {
    await expectRefused({ $set: { added: true, n: 6 }, $inc: { s: 1 } }, 14);
  });

  it('when two operators touch the same path, it fails with 40 ConflictingUpdateOperators', async function () {
    const message = await expectRefused({ $set: { n: 1 }, $inc: { n: 1 } }, 40);
    expect(message).to.contain("Updating the path 'n' would create a conflict at 'n'");
  });

  it('when a path and its parent are both updated, it fails with 40 ConflictingUpdateOperators', async function () {
    await expectRefused({ $set: { sub: { y: 2 }, 'sub.x': 3 } }, 40);
  });

  it('when $set changes _id, it fails with 66 ImmutableField', async function () {
    const message = await expectRefused({ $set: { _id: 2 } }, 66);
    expect(message).to.contain("Performing an update on the path '_id' would modify the immutable field '_id'");
  });

  it('when a replacement carries a different _id, it fails with 66 ImmutableField', async function () {
    const error = await expectServerError(collection.replaceOne({ _id: 1 }, { _id: 2, s: 'x' }), 66);
    expect(error.message).to.contain("the (immutable) field '_id' was found to have been altered to _id: 2");
    expect(await collection.findOne({ _id: 1 })).to.deep.equal(original);
  });

  it('when a pipeline update changes _id, it fails with 66 ImmutableField', async function () {
    await expectRefused([{ $set: { _id: 99 } }], 66);
  });

  it('when $set creates a field inside a scalar, it fails with 28 PathNotViable', async function () {
    const message = await expectRefused({ $set: { 'n.deeper': 1 } }, 28);
    expect(message).to.contain("Cannot create field 'deeper' in element {n: 5}");
  });

  it('when $push targets a non-array, it fails with 2 BadValue', async function () {
    const message = await expectRefused({ $push: { n: 1 } }, 2);
    expect(message).to.contain("The field 'n' must be an array but is of type int in document {_id: 1}");
  });

  it('when $addToSet targets a non-array, it fails with 2 BadValue', async function () {
    const message = await expectRefused({ $addToSet: { s: 'x' } }, 2);
    expect(message).to.contain("Cannot apply $addToSet to non-array field. Field named 's' has non-array type string");
  });

  it('when $pop targets a non-array, it fails with 14 TypeMismatch', async function () {
    const message = await expectRefused({ $pop: { n: 1 } }, 14);
    expect(message).to.contain("Path 'n' contains an element of non-array type 'int'");
  });

  it('when the update uses an unknown operator, it fails with 9 FailedToParse', async function () {
    const message = await expectRefused({ $frobnicate: { n: 1 } }, 9);
    expect(message).to.contain('Unknown modifier: $frobnicate');
  });

  it('when $rename has the same source and target, it fails with 2 BadValue', async function () {
    const message = await expectRefused({ $rename: { n: 'n' } }, 2);
    expect(message).to.contain('The source and target field for $rename must differ');
  });

  it('when a positional $ update has no array match in the filter, it fails with 2 BadValue', async function () {
    const error = await expectServerError(collection.updateOne({ _id: 1 }, { $set: { 'arr.$': 9 } }), 2);
    expect(error.message).to.contain('The positional operator did not find the match needed from the query');
    expect(await collection.findOne({ _id: 1 })).to.deep.equal(original);
  });

  it('when an arrayFilters identifier is not used by the update, it fails with 9 FailedToParse', async function () {
    const error = await expectServerError(
      collection.updateOne({ _id: 1 }, { $set: { n: 1 } }, { arrayFilters: [{ 'unused.x': 1 }] }),
      9,
    );
    expect(error.message).to.contain('The array filter for identifier \'unused\' was not used in the update');
  });

  it('when updateMany hits an error on a later document, the earlier one keeps its update (no multi-document atomicity)', async function () {
    const many = ctx.collection('many');
    await many.insertMany([
      { _id: 1, v: 1 },
      { _id: 2, v: 'bad' },
    ]);
    await expectServerError(many.updateMany({}, asUpdate({ $inc: { v: 1 } }), { hint: { _id: 1 } }), 14);
    expect(await many.findOne({ _id: 1 })).to.deep.equal({ _id: 1, v: 2 });
    expect(await many.findOne({ _id: 2 })).to.deep.equal({ _id: 2, v: 'bad' });
  });
});
