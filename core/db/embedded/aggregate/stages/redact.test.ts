import { expect } from 'chai';
import { expectPipelineError, run } from './test-helpers.js';

const report = {
  _id: 1,
  title: '123 Department Report',
  tags: ['G', 'STLW'],
  year: 2014,
  subsections: [
    { subtitle: 'Section 1: Overview', tags: ['SI', 'G'], content: 'Section 1' },
    { subtitle: 'Section 2: Analysis', tags: ['STLW'], content: 'Section 2' },
    { subtitle: 'Section 3: Budgeting', tags: ['TK'], content: { text: 'Section 3', tags: ['HCS'] } },
  ],
};

describe('aggregate $redact', () => {
  it('when sub-documents lack an allowed tag, prunes them and descends into the rest (manual example)', () => {
    const result = run(
      [
        {
          $redact: {
            $cond: { if: { $gt: [{ $size: { $setIntersection: ['$tags', ['STLW', 'G']] } }, 0] }, then: '$$DESCEND', else: '$$PRUNE' },
          },
        },
      ],
      [report],
    );
    expect(result).to.deep.equal([{ ...report, subsections: report.subsections.slice(0, 2) }]);
  });

  it('when a level is marked sensitive, prunes only that level', () => {
    const account = { _id: 1, level: 1, acct_id: 'xyz', cc: { level: 5, num: 1 }, status: [{ level: 1, info: 'A' }] };
    const result = run([{ $redact: { $cond: [{ $eq: ['$level', 5] }, '$$PRUNE', '$$DESCEND'] } }], [account]);
    expect(result).to.deep.equal([{ _id: 1, level: 1, acct_id: 'xyz', status: [{ level: 1, info: 'A' }] }]);
  });

  it('when the top level is pruned or kept, drops or keeps the whole document', () => {
    const input = [{ keep: true, nested: { keep: false } }, { keep: false }];
    const result = run([{ $redact: { $cond: ['$keep', '$$KEEP', '$$PRUNE'] } }], input);
    expect(result).to.deep.equal([{ keep: true, nested: { keep: false } }]);
  });

  it('when the expression returns another value, fails with 17053', () => {
    expectPipelineError([{ $redact: 'x' }], 17053, /should not return anything aside from the variables/);
  });
});
