import { expect } from 'chai';
import type { Document } from '../../bson-values.js';
import { expectPipelineError, run } from './test-helpers.js';

// The manual's $unwind inventory example.
const inventory: Document[] = [
  { _id: 1, item: 'ABC', price: 80, sizes: ['S', 'M', 'L'] },
  { _id: 2, item: 'EFG', price: 120, sizes: [] },
  { _id: 3, item: 'IJK', price: 160, sizes: 'M' },
  { _id: 4, item: 'LMN', price: 10 },
  { _id: 5, item: 'XYZ', price: 5.75, sizes: null },
];

describe('aggregate $unwind', () => {
  it('when the path holds an array, emits one document per element', () => {
    expect(run([{ $unwind: '$sizes' }], [inventory[0] as Document])).to.deep.equal([
      { _id: 1, item: 'ABC', price: 80, sizes: 'S' },
      { _id: 1, item: 'ABC', price: 80, sizes: 'M' },
      { _id: 1, item: 'ABC', price: 80, sizes: 'L' },
    ]);
  });

  it('when the value is a scalar, treats it as a one-element array; empty, null and missing are dropped', () => {
    expect(run([{ $unwind: { path: '$sizes' } }], inventory).map((doc) => doc._id)).to.deep.equal([1, 1, 1, 3]);
  });

  it('when preserving null and empty arrays, keeps those documents (empty array field removed)', () => {
    const result = run([{ $unwind: { path: '$sizes', preserveNullAndEmptyArrays: true } }], inventory);
    expect(result.map((doc) => doc._id)).to.deep.equal([1, 1, 1, 2, 3, 4, 5]);
    expect(result[3]).to.deep.equal({ _id: 2, item: 'EFG', price: 120 });
    expect(result[6]).to.deep.equal({ _id: 5, item: 'XYZ', price: 5.75, sizes: null });
  });

  it('when including the array index, sets it (null for non-arrays)', () => {
    const result = run([{ $unwind: { path: '$sizes', includeArrayIndex: 'arrayIndex', preserveNullAndEmptyArrays: true } }], inventory);
    expect(result.map((doc) => doc.arrayIndex)).to.deep.equal([0, 1, 2, null, null, null, null]);
  });

  it('when the path is nested, unwinds the embedded array and copies the parents', () => {
    const input = [{ _id: 1, a: { b: [1, 2], c: 3 } }];
    const result = run([{ $unwind: '$a.b' }], input);
    expect(result).to.deep.equal([{ _id: 1, a: { b: 1, c: 3 } }, { _id: 1, a: { b: 2, c: 3 } }]);
    expect((input[0] as Document).a).to.deep.equal({ b: [1, 2], c: 3 });
  });

  it('when the specification is malformed, fails with the $unwind codes', () => {
    expectPipelineError([{ $unwind: 1 }], 15981, 'expected either a string or an object as specification for $unwind stage, got int');
    expectPipelineError([{ $unwind: 'sizes' }], 28818, "path option to $unwind stage should be prefixed with a '$': sizes");
    expectPipelineError([{ $unwind: {} }], 28812, 'no path specified to $unwind stage');
    expectPipelineError([{ $unwind: { path: 1 } }], 28808);
    expectPipelineError([{ $unwind: { path: '$a', preserveNullAndEmptyArrays: 1 } }], 28809);
    expectPipelineError([{ $unwind: { path: '$a', includeArrayIndex: 1 } }], 28810);
    expectPipelineError([{ $unwind: { path: '$a', includeArrayIndex: '$i' } }], 28822);
    expectPipelineError([{ $unwind: { path: '$a', foo: 1 } }], 28811, 'unrecognized option to $unwind stage: foo');
  });
});
