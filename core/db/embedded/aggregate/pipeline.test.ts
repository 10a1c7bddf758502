import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { compilePipeline, runPipeline, splitOutputStage, validatePipeline } from './pipeline.js';
import { expectCode, expectPipelineError, run } from './stages/test-helpers.js';

const context = { resolveCollection: (): Document[] => [], variables: {} };

/** A source that counts how many documents were pulled from it. */
function countingSource(count: number): { source: Iterable<Document>; pulled: () => number } {
  let pulled = 0;
  function* generate(): Generator<Document> {
    for (let i = 0; i < count; i++) {
      pulled++;
      yield { i, even: i % 2 === 0 };
    }
  }
  return { source: generate(), pulled: () => pulled };
}

describe('aggregate pipeline validation', () => {
  it('when a stage object has several fields, fails with 40323', () => {
    expectPipelineError([{ $match: {}, $limit: 1 }], 40323, 'A pipeline stage specification object must contain exactly one field.');
    expectPipelineError([{}], 40323);
  });

  it('when a stage name is unknown, fails with 40324', () => {
    expectPipelineError([{ $foo: 1 }], 40324, "Unrecognized pipeline stage name: '$foo'");
  });

  it('when a stage is not an object, fails with TypeMismatch', () => {
    expectPipelineError([5 as unknown as Document], 14);
  });

  it('when a later stage is invalid, fails before reading any input', () => {
    const { source, pulled } = countingSource(10);
    expectCode(() => runPipeline(source, [{ $match: {} }, { $limit: 0 }], context), 15958);
    expect(pulled()).to.equal(0);
  });

  it('when a nested sub-pipeline is invalid, validatePipeline reports it', () => {
    expectCode(() => validatePipeline([{ $lookup: { from: 'a', pipeline: [{ $foo: 1 }], as: 'x' } }]), 40324);
    expectCode(() => validatePipeline([{ $facet: { a: [{ $group: {} }] } }]), 15955);
  });

  it('when $out or $merge is not the last stage, fails with 40601', () => {
    expectPipelineError([{ $out: 'x' }, { $match: {} }], 40601, '$out can only be the final stage in the pipeline');
    expectPipelineError([{ $merge: { into: 'x' } }, { $limit: 1 }], 40601, '$merge can only be the final stage in the pipeline');
  });

  it('when $out is last, validates but refuses to run without splitting it off', () => {
    expect(() => validatePipeline([{ $match: {} }, { $out: 'x' }])).not.to.throw();
    expectCode(() => runPipeline([], [{ $match: {} }, { $out: 'x' }], context), 1);
  });
});

describe('aggregate splitOutputStage', () => {
  it('when the pipeline ends with $out, returns the other stages and the output spec', () => {
    expect(splitOutputStage([{ $match: { a: 1 } }, { $out: 'target' }])).to.deep.equal({
      stages: [{ $match: { a: 1 } }],
      output: { kind: 'out', spec: 'target' },
    });
  });

  it('when the pipeline ends with $merge, reports kind merge', () => {
    expect(splitOutputStage([{ $merge: { into: 't', on: '_id' } }]).output).to.deep.equal({ kind: 'merge', spec: { into: 't', on: '_id' } });
  });

  it('when there is no output stage, returns the pipeline unchanged', () => {
    expect(splitOutputStage([{ $limit: 1 }])).to.deep.equal({ stages: [{ $limit: 1 }] });
  });

  it('when an output stage is misplaced, fails with 40601', () => {
    expectCode(() => splitOutputStage([{ $out: 'x' }, { $limit: 1 }]), 40601);
  });
});

describe('aggregate unsupported stages', () => {
  it('when using $changeStream, fails with 40573 like a standalone mongod', () => {
    expectPipelineError([{ $changeStream: {} }], 40573, 'The $changeStream stage is only supported on replica sets');
  });

  it('when using Atlas Search stages, fails with 31082', () => {
    expectPipelineError([{ $search: { text: { query: 'x', path: 'a' } } }], 31082, /requires additional configuration/);
    expectPipelineError([{ $vectorSearch: {} }], 31082);
  });

  it('when using diagnostic or geo stages, fails with clear errors', () => {
    expectPipelineError([{ $collStats: {} }], 115, '$collStats is not supported by the embedded database');
    expectPipelineError([{ $indexStats: {} }], 115);
    expectPipelineError([{ $geoNear: { near: [0, 0] } }], 27);
  });
});

describe('aggregate pipeline execution', () => {
  it('when nothing iterates the result, reads no input', () => {
    const { source, pulled } = countingSource(10);
    runPipeline(source, [{ $match: { even: true } }], context);
    expect(pulled()).to.equal(0);
  });

  it('when $match and $project stream into $limit, reads only what is needed', () => {
    const { source, pulled } = countingSource(100_000);
    const result = [...runPipeline(source, [{ $match: { even: true } }, { $project: { i: 1 } }, { $limit: 2 }], context)];
    expect(result).to.deep.equal([{ i: 0 }, { i: 2 }]);
    expect(pulled()).to.equal(3);
  });

  it('when a compiled pipeline runs twice, each run is independent', () => {
    const pipeline = compilePipeline([{ $group: { _id: null, n: { $sum: 1 } } }]);
    expect([...pipeline.run([{}, {}], context)]).to.deep.equal([{ _id: null, n: 2 }]);
    expect([...pipeline.run([{}], context)]).to.deep.equal([{ _id: null, n: 1 }]);
  });

  it('when variables hold NOW and let values, stages see them', () => {
    const now = new Date('2024-01-02T03:04:05Z');
    const result = run([{ $addFields: { at: '$$NOW', limit: '$$max' } }], [{ _id: 1 }], {}, { NOW: now, max: 5 });
    expect(result).to.deep.equal([{ _id: 1, at: now, limit: 5 }]);
  });

  it('when an expression reads an undefined variable, fails with 17276', () => {
    expectPipelineError([{ $addFields: { x: '$$missing' } }], 17276);
  });

  it('when the input documents are transformed, leaves them unmodified', () => {
    const input = [{ _id: 1, a: { b: 1 }, list: [1, 2] }];
    run([{ $set: { 'a.c': 2 } }, { $unwind: '$list' }, { $unset: 'a.b' }], input);
    expect(input).to.deep.equal([{ _id: 1, a: { b: 1 }, list: [1, 2] }]);
  });

  it('when the pipeline is empty, returns the input as is', () => {
    expect(run([], [{ a: 1 }, { a: 2 }])).to.deep.equal([{ a: 1 }, { a: 2 }]);
  });
});
