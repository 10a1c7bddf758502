import { expect } from 'chai';
import { findPeriods, resolveRange } from './period-parser.js';

function rangeOf(text: string, today: string): unknown {
  return resolveRange(text, findPeriods(text, today));
}

describe('chat period grammar', () => {
  it('when asked for "last week" on a Monday, the whole previous Monday–Sunday week', () => {
    expect(rangeOf('last week', '2026-03-02')).to.deep.equal({ from: '2026-02-23', to: '2026-03-01' });
  });

  it('when asked for "this week" on a Sunday, the week started the Monday before', () => {
    expect(rangeOf('this week', '2026-01-04')).to.deep.equal({ from: '2025-12-29', to: '2026-01-04' });
  });

  it('when asked for the last 7 days, the 7 complete days ending yesterday', () => {
    expect(rangeOf('last 7 days', '2026-03-01')).to.deep.equal({ from: '2026-02-22', to: '2026-02-28' });
    expect(rangeOf('l30d', '2026-03-01')).to.deep.equal({ from: '2026-01-30', to: '2026-02-28' });
  });

  it('when asked for last month at a month end, the whole previous month', () => {
    expect(rangeOf('last month', '2026-03-31')).to.deep.equal({ from: '2026-02-01', to: '2026-02-28' });
    expect(rangeOf('last month', '2026-01-31')).to.deep.equal({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('when February of a leap year is named, it ends on the 29th', () => {
    expect(rangeOf('in february', '2024-03-01')).to.deep.equal({ from: '2024-02-01', to: '2024-02-29' });
    expect(rangeOf('on 29/02', '2024-03-01')).to.deep.equal({ from: '2024-02-29', to: '2024-02-29' });
  });

  it('when a day that does not exist is named, no range is read from it', () => {
    expect(rangeOf('on 31/04/2026', '2026-05-10')).to.equal(null);
    expect(rangeOf('on 29/02/2023', '2024-05-10')).to.equal(null);
  });

  it('when a month is named without a year, the nearest past one (the current one up to today)', () => {
    expect(rangeOf('in december', '2026-11-25')).to.deep.equal({ from: '2025-12-01', to: '2025-12-31' });
    expect(rangeOf('in november', '2026-11-25')).to.deep.equal({ from: '2026-11-01', to: '2026-11-25' });
  });

  it('when the message looks ahead, a bare month is the coming one', () => {
    expect(rangeOf('forecast for december', '2026-11-25')).to.deep.equal({
      from: '2026-12-01',
      to: '2026-12-31',
    });
    expect(rangeOf('next march', '2026-03-15')).to.deep.equal({ from: '2027-03-01', to: '2027-03-31' });
  });

  it('when dates are written dd/mm, they are read the British way', () => {
    expect(rangeOf('from 3/10 to 9/10', '2026-11-25')).to.deep.equal({
      from: '2026-10-03',
      to: '2026-10-09',
    });
  });

  it('when a span crosses the new year without a year, it ends in the nearest past', () => {
    expect(rangeOf('20 dec - 5 jan', '2026-02-10')).to.deep.equal({ from: '2025-12-20', to: '2026-01-05' });
  });

  it('when quarters are named, they are whole calendar quarters', () => {
    expect(rangeOf('q3 2025', '2026-11-25')).to.deep.equal({ from: '2025-07-01', to: '2025-09-30' });
    expect(rangeOf('q4', '2026-11-25')).to.deep.equal({ from: '2026-10-01', to: '2026-11-25' });
    expect(rangeOf('forecast q4', '2026-11-25')).to.deep.equal({ from: '2026-10-01', to: '2026-12-31' });
    expect(rangeOf('q1', '2026-11-25')).to.deep.equal({ from: '2026-01-01', to: '2026-03-31' });
  });

  it('when asked "since monday" on a Monday, the week before is meant', () => {
    expect(rangeOf('since monday', '2026-03-02')).to.deep.equal({ from: '2026-02-23', to: '2026-03-02' });
    expect(rangeOf('since monday', '2026-03-04')).to.deep.equal({ from: '2026-03-02', to: '2026-03-04' });
  });

  it('when asked for last weekend, the Saturday and Sunday before this Monday-based week', () => {
    expect(rangeOf('last weekend', '2026-11-25')).to.deep.equal({ from: '2026-11-21', to: '2026-11-22' });
    expect(rangeOf('last weekend', '2026-11-22')).to.deep.equal({ from: '2026-11-14', to: '2026-11-15' });
  });

  it('when two periods are compared, both ranges in the order named', () => {
    expect(rangeOf('this week vs last week', '2026-11-25')).to.deep.equal([
      { from: '2026-11-23', to: '2026-11-25' },
      { from: '2026-11-16', to: '2026-11-22' },
    ]);
  });

  it('when compared with the previous period or the same period last year, the second range is derived', () => {
    expect(rangeOf('last 7 days vs previous period', '2026-11-25')).to.deep.equal([
      { from: '2026-11-18', to: '2026-11-24' },
      { from: '2026-11-11', to: '2026-11-17' },
    ]);
    expect(rangeOf('february vs same period last year', '2024-03-10')).to.deep.equal([
      { from: '2024-02-01', to: '2024-02-29' },
      { from: '2023-02-01', to: '2023-02-28' },
    ]);
  });

  it('when "may" is a verb, no month is read', () => {
    expect(rangeOf('may i see spend', '2026-11-25')).to.equal(null);
    expect(rangeOf('spend in may', '2026-11-25')).to.deep.equal({ from: '2026-05-01', to: '2026-05-31' });
  });

  it('when next week is asked for, the coming Monday–Sunday week', () => {
    expect(rangeOf('next week', '2026-11-29')).to.deep.equal({ from: '2026-11-30', to: '2026-12-06' });
  });

  it('when a day of the month is named without the month, the nearest past such day', () => {
    expect(rangeOf('for the 24th', '2026-11-25')).to.deep.equal({ from: '2026-11-24', to: '2026-11-24' });
    expect(rangeOf('since the 20th', '2026-03-02')).to.deep.equal({ from: '2026-02-20', to: '2026-03-02' });
    expect(rangeOf('between the 1st and the 15th', '2026-11-25')).to.deep.equal({
      from: '2026-11-01',
      to: '2026-11-15',
    });
  });

  it('when a span runs "until yesterday", it ends yesterday and not today', () => {
    expect(rangeOf('from 15 october until yesterday', '2026-11-25')).to.deep.equal({
      from: '2026-10-15',
      to: '2026-11-24',
    });
  });

  it('when compared with "the weekend before" or "the same month last year", the matching earlier span', () => {
    expect(rangeOf('last weekend vs the weekend before', '2026-11-25')).to.deep.equal([
      { from: '2026-11-21', to: '2026-11-22' },
      { from: '2026-11-14', to: '2026-11-15' },
    ]);
    expect(rangeOf('last month vs same month last year', '2026-11-25')).to.deep.equal([
      { from: '2026-10-01', to: '2026-10-31' },
      { from: '2025-10-01', to: '2025-10-31' },
    ]);
    expect(rangeOf('last 2 weeks vs the 2 weeks before', '2026-03-02')).to.deep.equal([
      { from: '2026-02-16', to: '2026-03-01' },
      { from: '2026-02-02', to: '2026-02-15' },
    ]);
  });

  it('when a day is spelt as a word or a week is called full, the same days as the plain phrase', () => {
    expect(rangeOf('on the first of november', '2026-11-25')).to.deep.equal({
      from: '2026-11-01',
      to: '2026-11-01',
    });
    expect(rangeOf('the last full week', '2026-11-25')).to.deep.equal({
      from: '2026-11-16',
      to: '2026-11-22',
    });
  });

  it('when a forecast asks about the weekend, the coming weekend', () => {
    expect(rangeOf('forecast sales this weekend', '2026-11-25')).to.deep.equal({
      from: '2026-11-28',
      to: '2026-11-29',
    });
    expect(rangeOf('sales this weekend', '2026-11-25')).to.deep.equal({
      from: '2026-11-21',
      to: '2026-11-22',
    });
  });
});
