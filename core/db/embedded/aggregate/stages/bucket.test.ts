import { expect } from 'chai';
import type { Document } from '../../bson-values.js';
import { expectPipelineError, run } from './test-helpers.js';

const artists: Document[] = [
  { _id: 1, last_name: 'Bernard', first_name: 'Emil', year_born: 1868 },
  { _id: 2, last_name: 'Rippl-Ronai', first_name: 'Joszef', year_born: 1861 },
  { _id: 3, last_name: 'Ostroumova', first_name: 'Anna', year_born: 1871 },
  { _id: 4, last_name: 'Van Gogh', first_name: 'Vincent', year_born: 1853 },
  { _id: 5, last_name: 'Maurer', first_name: 'Alfred', year_born: 1868 },
  { _id: 6, last_name: 'Munch', first_name: 'Edvard', year_born: 1863 },
  { _id: 7, last_name: 'Redon', first_name: 'Odilon', year_born: 1840 },
  { _id: 8, last_name: 'Diriks', first_name: 'Edvard', year_born: 1855 },
];

const artwork: Document[] = [
  { _id: 1, price: 199.99 },
  { _id: 2, price: 280 },
  { _id: 3, price: 76.04 },
  { _id: 4, price: 167.3 },
  { _id: 5, price: 483 },
  { _id: 6, price: 385 },
  { _id: 7 },
  { _id: 8, price: 118.42 },
];

describe('aggregate $bucket', () => {
  it('when bucketing by year with output accumulators, returns buckets sorted by lower bound (manual example)', () => {
    const result = run(
      [
        {
          $bucket: {
            groupBy: '$year_born',
            boundaries: [1840, 1850, 1860, 1870, 1880],
            default: 'Other',
            output: { count: { $sum: 1 }, artists: { $push: '$last_name' } },
          },
        },
      ],
      artists,
    );
    expect(result).to.deep.equal([
      { _id: 1840, count: 1, artists: ['Redon'] },
      { _id: 1850, count: 2, artists: ['Van Gogh', 'Diriks'] },
      { _id: 1860, count: 4, artists: ['Bernard', 'Rippl-Ronai', 'Maurer', 'Munch'] },
      { _id: 1870, count: 1, artists: ['Ostroumova'] },
    ]);
  });

  it('when documents fall outside the boundaries, puts them in the default bucket sorted by _id', () => {
    const result = run([{ $bucket: { groupBy: '$price', boundaries: [0, 200, 400], default: 'Other' } }], artwork);
    expect(result).to.deep.equal([
      { _id: 0, count: 4 },
      { _id: 200, count: 2 },
      { _id: 'Other', count: 2 },
    ]);
  });

  it('when a document falls outside and there is no default, fails with 40066', () => {
    expectPipelineError(
      [{ $bucket: { groupBy: '$price', boundaries: [0, 200] } }],
      40066,
      '$switch could not find a matching branch for an input, and no default was specified.',
      artwork,
    );
  });

  it('when the specification is invalid, fails with the $bucket codes', () => {
    expectPipelineError([{ $bucket: 1 }], 40201, 'Argument to $bucket stage must be an object, but found type: int.');
    expectPipelineError([{ $bucket: { groupBy: 'price', boundaries: [0, 1] } }], 40202);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: 1 } }], 40200);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: ['$a', 1] } }], 40191);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: [1] } }], 40192);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: [1, 'a'] } }], 40193);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: [2, 1] } }], 40194);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: [0, 5], default: '$a' } }], 40195);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: [0, 5], output: 1 } }], 40196);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: [0, 5], x: 1 } }], 40197, 'Unrecognized option to $bucket: x.');
    expectPipelineError([{ $bucket: { groupBy: '$p' } }], 40198);
    expectPipelineError([{ $bucket: { groupBy: '$p', boundaries: [0, 5], default: 3 } }], 40199);
  });
});

describe('aggregate $bucketAuto', () => {
  it('when splitting prices into 4 buckets, matches the manual example (missing price as null)', () => {
    const result = run([{ $bucketAuto: { groupBy: '$price', buckets: 4 } }], artwork);
    expect(result).to.deep.equal([
      { _id: { min: null, max: 118.42 }, count: 2 },
      { _id: { min: 118.42, max: 199.99 }, count: 2 },
      { _id: { min: 199.99, max: 385 }, count: 2 },
      { _id: { min: 385, max: 483 }, count: 2 },
    ]);
  });

  it('when values repeat at a bucket edge, keeps equal values in one bucket', () => {
    const input = [1, 1, 1, 1, 2, 3].map((v) => ({ v }));
    const result = run([{ $bucketAuto: { groupBy: '$v', buckets: 3, output: { n: { $sum: 1 }, vs: { $push: '$v' } } } }], input);
    expect(result).to.deep.equal([
      { _id: { min: 1, max: 2 }, n: 4, vs: [1, 1, 1, 1] },
      { _id: { min: 2, max: 3 }, n: 2, vs: [2, 3] },
    ]);
  });

  it('when the specification is invalid, fails with the $bucketAuto codes', () => {
    expectPipelineError([{ $bucketAuto: 1 }], 40240);
    expectPipelineError([{ $bucketAuto: { groupBy: '$a', buckets: 'x' } }], 40241);
    expectPipelineError([{ $bucketAuto: { groupBy: '$a', buckets: 1.5 } }], 40242);
    expectPipelineError([{ $bucketAuto: { groupBy: '$a', buckets: 0 } }], 40243);
    expectPipelineError([{ $bucketAuto: { groupBy: '$a', buckets: 2, output: 1 } }], 40244);
    expectPipelineError([{ $bucketAuto: { groupBy: '$a', buckets: 2, x: 1 } }], 40245);
    expectPipelineError([{ $bucketAuto: { groupBy: '$a' } }], 40246);
    expectPipelineError([{ $bucketAuto: { groupBy: 'a', buckets: 2 } }], 40239);
  });
});
