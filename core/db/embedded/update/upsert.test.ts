import { expect } from 'chai';
import { ObjectId } from 'bson';
import { applyUpdate, buildUpsertSeed } from './apply.js';
import { expectServerError, now } from './test-support.js';

describe('upsert seed from the query filter', () => {
  it('when fields are compared with plain values or $eq, copies them', () => {
    expect(buildUpsertSeed({ _id: 5, a: 1, b: { $eq: 'x' }, c: null })).to.deep.equal({
      _id: 5,
      a: 1,
      b: 'x',
      c: null,
    });
  });

  it('when paths are dotted, builds embedded documents', () => {
    expect(buildUpsertSeed({ 'a.b': 1, 'a.c': 2 })).to.deep.equal({ a: { b: 1, c: 2 } });
  });

  it('when equalities sit inside $and or a single-clause $or, includes them', () => {
    expect(buildUpsertSeed({ $and: [{ a: 1 }, { $and: [{ b: 2 }] }], $or: [{ c: 3 }] })).to.deep.equal({
      a: 1,
      b: 2,
      c: 3,
    });
  });

  it('when $in has exactly one value, treats it as an equality', () => {
    expect(buildUpsertSeed({ a: { $in: [7] }, b: { $in: [1, 2] } })).to.deep.equal({ a: 7 });
  });

  it('when $all lists one value, treats it as an equality', () => {
    expect(buildUpsertSeed({ tags: { $all: ['x'] } })).to.deep.equal({ tags: 'x' });
  });

  it('when conditions are ranges, regexes or $or of several clauses, ignores them', () => {
    expect(
      buildUpsertSeed({
        a: { $gt: 1 },
        b: /x/,
        c: { $ne: 2 },
        $or: [{ d: 1 }, { e: 1 }],
        f: { $exists: true },
      }),
    ).to.deep.equal({});
  });

  it('when a combined operator condition includes $eq, keeps the equality', () => {
    expect(buildUpsertSeed({ a: { $gte: 0, $eq: 4 } })).to.deep.equal({ a: 4 });
  });

  it('when the $eq value looks like an operator document, keeps it literally', () => {
    expect(buildUpsertSeed({ a: { $eq: { $x: 1 } } })).to.deep.equal({ a: { $x: 1 } });
  });

  it('when a plain embedded document is matched, copies it whole', () => {
    expect(buildUpsertSeed({ a: { b: 1, c: [1] } })).to.deep.equal({ a: { b: 1, c: [1] } });
  });

  it('when one equality path contains another, fails with 54 NotSingleValueField', () => {
    expectServerError(
      () => buildUpsertSeed({ a: 1, 'a.b': 2 }),
      54,
      "cannot infer query fields to set, both paths 'a.b' and 'a' are matched",
    );
  });

  it('when the same path is matched twice, fails with 54 NotSingleValueField', () => {
    expectServerError(
      () => buildUpsertSeed({ a: 1, $and: [{ a: 1 }] }),
      54,
      "cannot infer query fields to set, path 'a' is matched twice",
    );
  });

  it('when $all lists several values, fails like mongod with 54', () => {
    expectServerError(() => buildUpsertSeed({ a: { $all: [1, 2] } }), 54);
  });

  it('when the filter uses $expr, fails with 224 QueryFeatureNotAllowed', () => {
    expectServerError(
      () => buildUpsertSeed({ a: 1, $or: [{ $expr: { $eq: ['$a', 1] } }, { b: 1 }] }),
      224,
      '$expr is not allowed in the query predicate for an upsert',
    );
  });

  it('when the seed is updated as an upsert insert, applies $set and $setOnInsert and puts _id first', () => {
    const seed = buildUpsertSeed({ name: 'job', _id: 'j1' });
    const result = applyUpdate(
      seed,
      { $set: { next: 1 }, $setOnInsert: { created: 2 } },
      { isUpsertInsert: true, now },
    );
    expect(result.document).to.deep.equal({ _id: 'j1', name: 'job', created: 2, next: 1 });
    expect(Object.keys(result.document)[0]).to.equal('_id');
  });

  it('when the filter has no _id, the upserted document gets an ObjectId', () => {
    const result = applyUpdate(buildUpsertSeed({ a: 1 }), { $inc: { n: 1 } }, { isUpsertInsert: true, now });
    expect(result.document._id).to.be.instanceOf(ObjectId);
    expect(result.document).to.include({ a: 1, n: 1 });
  });

  it('when an upsert update changes the _id taken from the filter, fails with 66', () => {
    expectServerError(
      () =>
        applyUpdate(buildUpsertSeed({ _id: 1 }), { $setOnInsert: { _id: 2 } }, { isUpsertInsert: true, now }),
      66,
    );
  });
});
