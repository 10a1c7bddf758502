import { expect } from 'chai';
import type { Document } from '../../bson-values.js';
import { runPipeline } from '../pipeline.js';
import { expectPipelineError, run } from './test-helpers.js';

const articles: Document[] = [
  { _id: 1, author: 'dave', score: 80, views: 100 },
  { _id: 2, author: 'dave', score: 85, views: 521 },
  { _id: 3, author: 'ahn', score: 60, views: 1000 },
  { _id: 4, author: 'li', score: 55, views: 5000 },
  { _id: 5, author: 'annT', score: 60, views: 50 },
  { _id: 6, author: 'li', score: 94, views: 999 },
  { _id: 7, author: 'ty', score: 95, views: 1000 },
];

describe('aggregate $match', () => {
  it('when filtering with query operators, keeps matching documents in order', () => {
    expect(run([{ $match: { author: 'dave' } }], articles).map((doc) => doc._id)).to.deep.equal([1, 2]);
  });

  it('when combined with $group, counts the matching documents (manual example)', () => {
    const result = run(
      [{ $match: { $or: [{ score: { $gt: 70, $lt: 90 } }, { views: { $gte: 1000 } }] } }, { $group: { _id: null, count: { $sum: 1 } } }],
      articles,
    );
    expect(result).to.deep.equal([{ _id: null, count: 5 }]);
  });

  it('when using $expr with let variables, reads them from the context', () => {
    const result = run([{ $match: { $expr: { $gt: ['$score', '$$minimum'] } } }], articles, {}, { minimum: 90 });
    expect(result.map((doc) => doc._id)).to.deep.equal([6, 7]);
  });

  it('when the filter is not an object, fails with 15959', () => {
    expectPipelineError([{ $match: 1 }], 15959, 'the match filter must be an expression in an object');
  });
});

describe('aggregate $limit / $skip', () => {
  it('when limiting and skipping, slices the stream', () => {
    expect(run([{ $skip: 2 }, { $limit: 2 }], articles).map((doc) => doc._id)).to.deep.equal([3, 4]);
  });

  it('when $limit has been reached, stops pulling from upstream', () => {
    let pulled = 0;
    function* source(): Generator<Document> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield { i };
      }
    }
    const lazy = [...runLazy([{ $match: {} }, { $limit: 3 }], source())];
    expect(lazy).to.have.length(3);
    expect(pulled).to.equal(3);
  });

  it('when $limit is zero, negative or not a number, fails with 15958 / 5107201', () => {
    expectPipelineError([{ $limit: 0 }], 15958, 'the limit must be positive');
    expectPipelineError([{ $limit: -1 }], 5107201, 'invalid argument to $limit stage: Expected a non-negative number in: $limit: -1');
    expectPipelineError([{ $limit: 'a' }], 5107201, 'invalid argument to $limit stage: Expected a number in: $limit: "a"');
    expectPipelineError([{ $limit: 1.5 }], 5107201, 'invalid argument to $limit stage: Expected an integer: $limit: 1.5');
  });

  it('when $skip is negative or not a number, fails with 5107200', () => {
    expectPipelineError([{ $skip: -1 }], 5107200, /Expected a non-negative number/);
    expectPipelineError([{ $skip: {} }], 5107200, 'invalid argument to $skip stage: Expected a number in: $skip: {}');
  });
});

describe('aggregate $count', () => {
  it('when counting, outputs one document with the count (manual example)', () => {
    const scores = [{ score: 10 }, { score: 65 }, { score: 1 }, { score: 73 }, { score: 82 }, { score: 93 }];
    expect(run([{ $match: { score: { $gt: 80 } } }, { $count: 'passing_scores' }], scores)).to.deep.equal([{ passing_scores: 2 }]);
  });

  it('when no document reaches it, outputs nothing', () => {
    expect(run([{ $count: 'n' }], [])).to.deep.equal([]);
  });

  it('when the name is invalid, fails with 40156 / 40157 / 40158', () => {
    expectPipelineError([{ $count: '' }], 40156);
    expectPipelineError([{ $count: 5 }], 40156);
    expectPipelineError([{ $count: '$n' }], 40157);
    expectPipelineError([{ $count: 'a.b' }], 40158);
  });
});

describe('aggregate $replaceRoot / $replaceWith', () => {
  const people = [{ _id: 1, name: { first: 'John', last: 'Backus' } }, { _id: 2, name: { first: 'John', last: 'McCarthy' } }];

  it('when newRoot is an embedded document, promotes it', () => {
    expect(run([{ $replaceRoot: { newRoot: '$name' } }], people)).to.deep.equal([
      { first: 'John', last: 'Backus' },
      { first: 'John', last: 'McCarthy' },
    ]);
  });

  it('when $replaceWith builds a document with $mergeObjects, uses it as the root', () => {
    const result = run([{ $replaceWith: { $mergeObjects: [{ _id: '$_id' }, '$name'] } }], people.slice(0, 1));
    expect(result).to.deep.equal([{ _id: 1, first: 'John', last: 'Backus' }]);
  });

  it('when the new root is not a document, fails with 40228', () => {
    expectPipelineError(
      [{ $replaceRoot: { newRoot: '$a.b' } }],
      40228,
      "'newRoot' expression must evaluate to an object, but resulting value was: 10. Type of resulting value: 'int'. Input document: {_id: 1, a: {b: 10}}",
      [{ _id: 1, a: { b: 10 } }],
    );
    expectPipelineError([{ $replaceWith: '$missing' }], 40228, /^'replacement document' must evaluate to an object, but resulting value was: MISSING/);
  });

  it('when the specification is malformed, fails with 40229 / 40230 / 40231', () => {
    expectPipelineError([{ $replaceRoot: 1 }], 40229);
    expectPipelineError([{ $replaceRoot: { newRoot: '$a', x: 1 } }], 40230);
    expectPipelineError([{ $replaceRoot: {} }], 40231, 'no newRoot specified for the $replaceRoot stage');
  });
});

describe('aggregate $documents', () => {
  it('when first in the pipeline, produces its documents', () => {
    const result = run([{ $documents: [{ x: 10 }, { x: 2 }, { x: 5 }] }, { $sort: { x: 1 } }], []);
    expect(result).to.deep.equal([{ x: 2 }, { x: 5 }, { x: 10 }]);
  });

  it('when not first, fails with 40602', () => {
    expectPipelineError([{ $match: {} }, { $documents: [{ x: 1 }] }], 40602, '$documents is only valid as the first stage in a pipeline');
  });
});

describe('aggregate $sample', () => {
  it('when sampling fewer documents than the input, returns that many distinct ones', () => {
    const result = run([{ $sample: { size: 3 } }], articles);
    expect(result).to.have.length(3);
    expect(new Set(result.map((doc) => doc._id)).size).to.equal(3);
  });

  it('when the size exceeds the input, returns every document once', () => {
    const result = run([{ $sample: { size: 100 } }], articles);
    expect(result.map((doc) => doc._id).sort()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
  });

  it('when the specification is malformed, fails with 28745-28749', () => {
    expectPipelineError([{ $sample: 1 }], 28745);
    expectPipelineError([{ $sample: { size: 'a' } }], 28746);
    expectPipelineError([{ $sample: { size: -1 } }], 28747);
    expectPipelineError([{ $sample: { size: 1, x: 1 } }], 28748);
    expectPipelineError([{ $sample: {} }], 28749);
  });
});

function runLazy(pipeline: Document[], input: Iterable<Document>): Iterable<Document> {
  return runPipeline(input, pipeline, { resolveCollection: () => [], variables: {} });
}
