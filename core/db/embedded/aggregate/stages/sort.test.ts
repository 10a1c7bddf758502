import { expect } from 'chai';
import type { Document } from '../../bson-values.js';
import { expectPipelineError, run } from './test-helpers.js';

const restaurants: Document[] = [
  { _id: 1, name: 'Central Park Cafe', borough: 'Manhattan' },
  { _id: 2, name: 'Rock A Feller Bar and Grill', borough: 'Queens' },
  { _id: 3, name: 'Empire State Pub', borough: 'Brooklyn' },
  { _id: 4, name: "Stan's Pizzaria", borough: 'Manhattan' },
  { _id: 5, name: "Jane's Deli", borough: 'Brooklyn' },
];

const exhibits: Document[] = [
  { _id: 1, tags: ['painting', 'satire', 'Expressionism', 'caricature'] },
  { _id: 2, tags: ['woodcut', 'Expressionism'] },
  { _id: 3, tags: ['oil', 'Surrealism', 'painting'] },
  { _id: 4, tags: ['woodblock', 'ukiyo-e'] },
  { _id: 5, tags: ['Surrealism', 'painting', 'oil'] },
  { _id: 6, tags: ['oil', 'painting', 'abstract'] },
  { _id: 7, tags: ['Expressionism', 'painting', 'oil'] },
  { _id: 8, tags: ['abstract', 'painting'] },
];

function randomDocuments(count: number): Document[] {
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 20;
  return Array.from({ length: count }, (_, i) => ({ _id: i, a: next(), b: next() % 3 }));
}

describe('aggregate $sort', () => {
  it('when sorting on a field with ties, keeps input order among equals (manual borough example)', () => {
    const result = run([{ $sort: { borough: 1 } }], restaurants);
    expect(result.map((doc) => doc._id)).to.deep.equal([3, 5, 1, 4, 2]);
  });

  it('when sorting on several fields and directions, applies them in order', () => {
    const result = run([{ $sort: { borough: -1, _id: -1 } }], restaurants);
    expect(result.map((doc) => doc._id)).to.deep.equal([2, 4, 1, 5, 3]);
  });

  it('when values have mixed types, orders them by BSON type order with missing as null', () => {
    const input = [{ v: 'a' }, { v: 2 }, {}, { v: null }, { v: { x: 1 } }, { v: true }, { v: 1 }];
    const result = run([{ $sort: { v: 1 } }], input);
    expect(result.map((doc) => doc.v)).to.deep.equal([undefined, null, 1, 2, 'a', { x: 1 }, true]);
  });

  it('when followed by $limit, returns the same documents as a full sort then slice', () => {
    const input = randomDocuments(3000);
    const full = run([{ $sort: { a: -1, b: 1 } }], input).slice(0, 25);
    const topK = run([{ $sort: { a: -1, b: 1 } }, { $limit: 25 }], input);
    expect(topK).to.deep.equal(full);
  });

  it('when followed by $skip then $limit, coalesces both into the window', () => {
    const input = randomDocuments(500);
    const full = run([{ $sort: { a: 1 } }], input);
    expect(run([{ $sort: { a: 1 } }, { $skip: 10 }, { $limit: 5 }], input)).to.deep.equal(full.slice(10, 15));
    expect(run([{ $sort: { a: 1 } }, { $limit: 5 }, { $skip: 10 }], input)).to.deep.equal([]);
    expect(run([{ $sort: { a: 1 } }, { $limit: 8 }, { $skip: 3 }, { $limit: 2 }], input)).to.deep.equal(full.slice(3, 5));
  });

  it('when the specification is invalid, fails with the $sort codes', () => {
    expectPipelineError([{ $sort: 1 }], 15973, 'the $sort key specification must be an object');
    expectPipelineError([{ $sort: {} }], 15976, '$sort stage must have at least one sort key');
    expectPipelineError([{ $sort: { a: 0 } }], 15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    expectPipelineError([{ $sort: { a: 'x' } }], 15974, 'Illegal key in $sort specification: a: "x"');
    expectPipelineError([{ $sort: { a: { b: 1 } } }], 17312, '$meta is the only expression supported by $sort right now');
  });

  it('when a following $limit is invalid, still reports its error', () => {
    expectPipelineError([{ $sort: { a: 1 } }, { $limit: 0 }], 15958);
  });
});

describe('aggregate $sortByCount', () => {
  it('when counting unwound tags, orders groups by descending count (manual example)', () => {
    const result = run([{ $unwind: '$tags' }, { $sortByCount: '$tags' }], exhibits);
    expect(result.slice(0, 3)).to.deep.equal([
      { _id: 'painting', count: 6 },
      { _id: 'oil', count: 4 },
      { _id: 'Expressionism', count: 3 },
    ]);
    expect(result.map((doc) => doc.count)).to.deep.equal([6, 4, 3, 2, 2, 1, 1, 1, 1, 1]);
  });

  it('when the specification is invalid, fails with 40148 / 40147 / 40149', () => {
    expectPipelineError([{ $sortByCount: 'tags' }], 40148);
    expectPipelineError([{ $sortByCount: {} }], 40147);
    expectPipelineError([{ $sortByCount: 1 }], 40149, 'the sortByCount field must be specified as a string or as an object');
  });
});
