import { expect } from 'chai';
import { expectServerError, update } from './test-support.js';

describe('update/parsed-shapes: statements of one shape reuse the parsed tree', () => {
  it('when many updates share paths but not values, each applies its own values in mongod order', () => {
    for (let i = 0; i < 50; i++) {
      const result = update({ _id: i, z: 0, a: { b: 1 } }, { $set: { z: i, 'a.c': `v${i}`, b: [i] }, $inc: { 'a.b': i } });
      expect(result.document).to.deep.equal({ _id: i, z: i, a: { b: 1 + i, c: `v${i}` }, b: [i] });
      expect(Object.keys(result.document)).to.deep.equal(['_id', 'z', 'a', 'b']);
    }
  });

  it('when a cached shape meets a value its operator refuses, fails with the same error as a first parse', () => {
    update({ _id: 1, n: 1 }, { $inc: { n: 1 }, $set: { s: 'x' } });
    expectServerError(() => update({ _id: 1, n: 1 }, { $inc: { n: 'one' }, $set: { s: 'x' } }), 14);
  });

  it('when a modifier holds an array with the same keys as a cached object, still refuses it', () => {
    update({ _id: 1 }, { $set: { 0: 'a' } });
    expectServerError(() => update({ _id: 1 }, { $set: ['a'] }), 9);
  });

  it('when the same paths come under another modifier, the update is not mistaken for the cached one', () => {
    update({ _id: 1, a: 5 }, { $set: { a: 1 } });
    const result = update({ _id: 1, a: 5 }, { $unset: { a: 1 } });
    expect(result.document).to.deep.equal({ _id: 1 });
  });

  it('when a cached shape conflicts, it was never cached: every statement fails with 40', () => {
    for (let i = 0; i < 3; i++) expectServerError(() => update({ _id: 1 }, { $set: { a: i }, $inc: { a: 1 } }), 40);
  });

  it('when an upsert applies a cached shape, $setOnInsert still applies only on insert', () => {
    const spec = (value: number) => ({ $set: { a: value }, $setOnInsert: { created: value } });
    expect(update({ _id: 1 }, spec(1), { isUpsertInsert: true }).document).to.deep.equal({ _id: 1, a: 1, created: 1 });
    expect(update({ _id: 1 }, spec(2), { isUpsertInsert: false }).document).to.deep.equal({ _id: 1, a: 2 });
    expect(update({ _id: 1 }, spec(3), { isUpsertInsert: true }).document).to.deep.equal({ _id: 1, a: 3, created: 3 });
  });
});
