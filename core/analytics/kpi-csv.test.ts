import { expect } from 'chai';
import { csvLine, neutraliseFormula } from './kpi-csv.js';

describe('KPI CSV', () => {
  it('when a text cell starts like a formula (= + - @, tab, CR), it is prefixed with an apostrophe', () => {
    expect(
      ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', 'Spring = sale', ''].map(neutraliseFormula),
    ).to.deep.equal(["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tx", "'\rx", 'Spring = sale', '']);
  });

  it('when cells hold commas, quotes or line breaks they are quoted; numbers stay numbers, nulls stay empty', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', -12.5, null, 0])).to.equal(
      '"a,b","say ""hi""","two\nlines",-12.5,,0\r\n',
    );
    expect(csvLine(['-1,=2'])).to.equal(`"'-1,=2"\r\n`);
  });
});
