import { expect } from 'chai';
import type { Document } from '../../bson-values.js';
import { expectPipelineError, run } from './test-helpers.js';

const book: Document = {
  _id: 1,
  title: 'abc123',
  isbn: '0001122223334',
  author: { last: 'zzz', first: 'aaa' },
  copies: 5,
  lastModified: '2016-07-28',
};

describe('aggregate $project', () => {
  it('when including fields, keeps _id and the input order of the included fields', () => {
    expect(run([{ $project: { author: 1, title: 1 } }], [book])).to.deep.equal([
      { _id: 1, title: 'abc123', author: { last: 'zzz', first: 'aaa' } },
    ]);
  });

  it('when _id is excluded in an inclusion, drops it', () => {
    expect(run([{ $project: { _id: 0, title: 1 } }], [book])).to.deep.equal([{ title: 'abc123' }]);
  });

  it('when excluding fields (also nested), keeps everything else', () => {
    expect(run([{ $project: { 'author.first': 0, lastModified: 0, isbn: 0 } }], [book])).to.deep.equal([
      { _id: 1, title: 'abc123', author: { last: 'zzz' }, copies: 5 },
    ]);
  });

  it('when only _id is excluded, keeps every other field', () => {
    expect(run([{ $project: { _id: 0 } }], [{ _id: 1, a: 1 }])).to.deep.equal([{ a: 1 }]);
  });

  it('when computing fields, appends them after the included ones (manual example)', () => {
    const result = run(
      [
        {
          $project: {
            title: 1,
            isbn: { prefix: { $substr: ['$isbn', 0, 3] }, group: { $substr: ['$isbn', 3, 2] } },
            lastName: '$author.last',
            copiesSold: '$copies',
          },
        },
      ],
      [book],
    );
    expect(result).to.deep.equal([
      { _id: 1, title: 'abc123', isbn: { prefix: '000', group: '11' }, lastName: 'zzz', copiesSold: 5 },
    ]);
  });

  it('when including a dotted path through an array, projects each element and drops scalars', () => {
    const input = [{ _id: 1, a: [{ b: 1, c: 2 }, 5, { c: 3 }, [{ b: 4 }]] }];
    expect(run([{ $project: { 'a.b': 1 } }], input)).to.deep.equal([{ _id: 1, a: [{ b: 1 }, {}, [{ b: 4 }]] }]);
  });

  it('when a computed sub-field targets a scalar parent, replaces it with a document', () => {
    expect(run([{ $project: { 'a.b': { $literal: 1 } } }], [{ _id: 1, a: 2 }])).to.deep.equal([{ _id: 1, a: { b: 1 } }]);
  });

  it('when a computed field evaluates to missing or $$REMOVE, omits it', () => {
    expect(run([{ $project: { x: '$nope', y: '$$REMOVE', z: 1 } }], [{ _id: 1, z: 2 }])).to.deep.equal([{ _id: 1, z: 2 }]);
  });

  it('when mixing inclusion then exclusion, fails with 31254', () => {
    expectPipelineError(
      [{ $project: { foo: true, bar: false } }],
      31254,
      'Invalid $project :: caused by :: Cannot do exclusion on field bar in inclusion projection',
    );
  });

  it('when mixing exclusion then inclusion, fails with 31253', () => {
    expectPipelineError(
      [{ $project: { foo: false, bar: true } }],
      31253,
      'Invalid $project :: caused by :: Cannot do inclusion on field bar in exclusion projection',
    );
  });

  it('when an exclusion holds an expression, fails with 31252', () => {
    expectPipelineError([{ $project: { a: 0, b: { $add: [1, 2] } } }], 31252);
  });

  it('when the specification is empty or not an object, fails with 51272 / 15969', () => {
    expectPipelineError([{ $project: {} }], 51272, 'Invalid $project :: caused by :: projection specification must have at least one field');
    expectPipelineError([{ $project: 'a' }], 15969, '$project specification must be an object');
  });

  it('when a sub-projection is empty, fails with 51270', () => {
    expectPipelineError([{ $project: { v: {} } }], 51270);
  });

  it('when paths are invalid or positional, fails with the FieldPath / positional codes', () => {
    expectPipelineError([{ $project: { '': 1 } }], 40352);
    expectPipelineError([{ $project: { 'v..d': 1 } }], 15998);
    expectPipelineError([{ $project: { $v: 1 } }], 16410);
    expectPipelineError([{ $project: { 'v.$': 1 } }], 31324);
    expectPipelineError([{ $project: { 'v.$.foo': 1 } }], 31394);
  });

  it('when two paths collide, fails with 31249 / 31250', () => {
    expectPipelineError([{ $project: { a: 1, 'a.b': 1 } }], 31249, 'Invalid $project :: caused by :: Path collision at a.b remaining portion b');
    expectPipelineError([{ $project: { 'a.b': 1, a: 1 } }], 31250, 'Invalid $project :: caused by :: Path collision at a');
  });
});

describe('aggregate $addFields / $set', () => {
  const scores = [{ _id: 1, student: 'Maya', homework: [10, 5, 10], quiz: [10, 8], extraCredit: 0 }];

  it('when adding computed fields, keeps the existing ones (manual example)', () => {
    const result = run(
      [
        { $addFields: { totalHomework: { $sum: '$homework' }, totalQuiz: { $sum: '$quiz' } } },
        { $addFields: { totalScore: { $add: ['$totalHomework', '$totalQuiz', '$extraCredit'] } } },
      ],
      scores,
    );
    expect(result[0]).to.deep.include({ totalHomework: 25, totalQuiz: 18, totalScore: 43, student: 'Maya' });
  });

  it('when setting a dotted path, adds the field to the embedded document', () => {
    const input = [{ _id: 1, specs: { doors: 4, wheels: 4 } }];
    expect(run([{ $set: { 'specs.fuel_type': 'unleaded' } }], input)).to.deep.equal([
      { _id: 1, specs: { doors: 4, wheels: 4, fuel_type: 'unleaded' } },
    ]);
  });

  it('when the value is a nested document, merges it into the existing sub-document', () => {
    expect(run([{ $addFields: { a: { b: 5 } } }], [{ a: { c: 1 } }])).to.deep.equal([{ a: { c: 1, b: 5 } }]);
  });

  it('when overwriting an existing field, keeps its position', () => {
    expect(Object.keys(run([{ $set: { a: 9 } }], [{ a: 1, b: 2 }])[0] as Document)).to.deep.equal(['a', 'b']);
  });

  it('when the dotted path crosses an array, sets the field in every element', () => {
    expect(run([{ $set: { 'a.b': 1 } }], [{ a: [{ c: 1 }, 2] }])).to.deep.equal([{ a: [{ c: 1, b: 1 }, { b: 1 }] }]);
  });

  it('when a value is $$REMOVE, removes the field', () => {
    expect(run([{ $set: { a: '$$REMOVE' } }], [{ a: 1, b: 2 }])).to.deep.equal([{ b: 2 }]);
  });

  it('when the specification is not an object or is empty, fails with 40272 / 40177', () => {
    expectPipelineError([{ $addFields: 'x' }], 40272, '$addFields specification stage must be an object, got string');
    expectPipelineError([{ $set: {} }], 40177);
  });

  it('when a field name starts with $, fails with 16410 and the stage name', () => {
    expectPipelineError([{ $set: { $foo: 'v' } }], 16410, /^Invalid \$set :: caused by :: FieldPath field names may not start with '\$'/);
  });
});

describe('aggregate $unset', () => {
  it('when unsetting top-level and nested fields, removes them (also inside arrays)', () => {
    const input = [{ _id: 1, title: 't', isbn: 'i', author: { last: 'l', first: 'f' }, copies: [{ warehouse: 'A', qty: 5 }] }];
    expect(run([{ $unset: ['isbn', 'author.first', 'copies.warehouse'] }], input)).to.deep.equal([
      { _id: 1, title: 't', author: { last: 'l' }, copies: [{ qty: 5 }] },
    ]);
  });

  it('when given a single string, removes that field', () => {
    expect(run([{ $unset: 'a' }], [{ a: 1, b: 2 }])).to.deep.equal([{ b: 2 }]);
  });

  it('when the specification is malformed, fails with 31002 / 31119 / 31120', () => {
    expectPipelineError([{ $unset: {} }], 31002);
    expectPipelineError([{ $unset: [] }], 31119);
    expectPipelineError([{ $unset: ['a', 1] }], 31120);
  });

  it('when paths collide, fails with 31250 / 31249', () => {
    expectPipelineError([{ $unset: ['v', 'v'] }], 31250, 'Invalid $unset :: caused by :: Path collision at v');
    expectPipelineError([{ $unset: ['v', 'v.foo'] }], 31249, 'Invalid $unset :: caused by :: Path collision at v.foo remaining portion foo');
  });
});
