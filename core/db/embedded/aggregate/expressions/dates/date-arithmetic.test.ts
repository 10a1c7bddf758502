import { expect } from 'chai';
import { ev, expectCode } from '../test-support.js';

const D = (iso: string): Date => new Date(iso);

describe('aggregate expressions: $dateAdd / $dateSubtract', () => {
  it('when a month is added to the 31st, the day clamps to the month end (manual)', () => {
    expect(ev({ $dateAdd: { startDate: D('2020-10-31T12:10:05Z'), unit: 'month', amount: 1 } })).to.deep.equal(D('2020-11-30T12:10:05Z'));
    expect(ev({ $dateSubtract: { startDate: D('2021-03-31T12:00:00Z'), unit: 'month', amount: 1 } })).to.deep.equal(D('2021-02-28T12:00:00Z'));
    expect(ev({ $dateAdd: { startDate: D('2020-02-29T00:00:00Z'), unit: 'year', amount: 1 } })).to.deep.equal(D('2021-02-28T00:00:00Z'));
  });

  it('when days are added across the New York DST start, local time is kept; hours are exact', () => {
    const start = D('2021-03-13T17:00:00Z');
    expect(ev({ $dateAdd: { startDate: start, unit: 'day', amount: 1, timezone: 'America/New_York' } })).to.deep.equal(D('2021-03-14T16:00:00Z'));
    expect(ev({ $dateAdd: { startDate: start, unit: 'hour', amount: 24, timezone: 'America/New_York' } })).to.deep.equal(D('2021-03-14T17:00:00Z'));
  });

  it('when an hour is added during the New York fall-back, it is an exact hour (server comment)', () => {
    expect(ev({ $dateAdd: { startDate: D('2020-11-01T05:50:02Z'), unit: 'hour', amount: 1, timezone: 'America/New_York' } })).to.deep.equal(D('2020-11-01T06:50:02Z'));
  });

  it('when quarters, weeks and milliseconds are added, they scale the amount', () => {
    expect(ev({ $dateAdd: { startDate: D('2021-01-31T00:00:00Z'), unit: 'quarter', amount: 1 } })).to.deep.equal(D('2021-04-30T00:00:00Z'));
    expect(ev({ $dateAdd: { startDate: D('2021-01-01T00:00:00Z'), unit: 'week', amount: 2 } })).to.deep.equal(D('2021-01-15T00:00:00Z'));
    expect(ev({ $dateSubtract: { startDate: D('2021-01-01T00:00:00Z'), unit: 'millisecond', amount: 1 } })).to.deep.equal(D('2020-12-31T23:59:59.999Z'));
  });

  it('when an argument is null the result is null; bad arguments fail with their codes', () => {
    expect(ev({ $dateAdd: { startDate: '$missing', unit: 'day', amount: 1 } })).to.equal(null);
    expectCode(() => ev({ $dateAdd: { startDate: 'x', unit: 'day', amount: 1 } }), 5166403);
    expectCode(() => ev({ $dateAdd: { startDate: D('2021-01-01T00:00:00Z'), unit: 'fortnight', amount: 1 } }), 9, 'unknown time unit value: fortnight');
    expectCode(() => ev({ $dateAdd: { startDate: D('2021-01-01T00:00:00Z'), unit: 'day', amount: 1.5 } }), 5166405);
    expectCode(() => ev({ $dateAdd: { startDate: D('2021-01-01T00:00:00Z'), unit: 'day' } }), 5166402);
  });
});

describe('aggregate expressions: $dateDiff', () => {
  it('when one minute crosses a month or year boundary, the count is 1 (boundaries, not elapsed)', () => {
    expect(ev({ $dateDiff: { startDate: D('2021-01-31T23:59:00Z'), endDate: D('2021-02-01T00:00:00Z'), unit: 'month' } })).to.equal(1);
    expect(ev({ $dateDiff: { startDate: D('2020-12-31T23:59:00Z'), endDate: D('2021-01-01T00:00:00Z'), unit: 'year' } })).to.equal(1);
    expect(ev({ $dateDiff: { startDate: D('2021-01-01T00:00:00Z'), endDate: D('2021-12-31T23:59:00Z'), unit: 'year' } })).to.equal(0);
  });

  it('when the end is before the start, the count is negative', () => {
    expect(ev({ $dateDiff: { startDate: D('2021-03-10T00:00:00Z'), endDate: D('2021-03-01T00:00:00Z'), unit: 'day' } })).to.equal(-9);
  });

  it('when counting weeks, startOfWeek decides the boundary', () => {
    const span = { startDate: D('2022-01-08T00:00:00Z'), endDate: D('2022-01-10T00:00:00Z'), unit: 'week' };
    expect(ev({ $dateDiff: { ...span, startOfWeek: 'monday' } })).to.equal(1);
    expect(ev({ $dateDiff: { ...span, startOfWeek: 'SAT' } })).to.equal(0);
    expect(ev({ $dateDiff: span })).to.equal(1);
  });

  it('when counting days in a zone, the local calendar date decides', () => {
    const span = { startDate: D('2021-03-01T03:00:00Z'), endDate: D('2021-03-01T06:00:00Z'), unit: 'day' };
    expect(ev({ $dateDiff: span })).to.equal(0);
    expect(ev({ $dateDiff: { ...span, timezone: 'America/New_York' } })).to.equal(1);
  });

  it('when counting hours across Berlin DST changes, the offset change is corrected', () => {
    const spring = { startDate: D('2021-03-28T00:30:00Z'), endDate: D('2021-03-28T01:30:00Z'), unit: 'hour', timezone: 'Europe/Berlin' };
    const fall = { startDate: D('2021-10-31T00:30:00Z'), endDate: D('2021-10-31T01:30:00Z'), unit: 'hour', timezone: 'Europe/Berlin' };
    expect(ev([{ $dateDiff: spring }, { $dateDiff: fall }])).to.deep.equal([1, 1]);
  });

  it('when counting days across the New York DST start, one calendar day is one', () => {
    expect(ev({ $dateDiff: { startDate: D('2021-03-13T17:00:00Z'), endDate: D('2021-03-14T16:00:00Z'), unit: 'day', timezone: 'America/New_York' } })).to.equal(1);
  });

  it('when arguments are invalid, fails with 5166307 / 5439014 / 5439016 and timezone context', () => {
    const base = { startDate: D('2021-01-01T00:00:00Z'), endDate: D('2021-02-01T00:00:00Z') };
    expectCode(() => ev({ $dateDiff: { ...base, startDate: 'x', unit: 'day' } }), 5166307, "$dateDiff requires 'startDate' to be a date, but got string");
    expectCode(() => ev({ $dateDiff: { ...base, unit: 'decade' } }), 5439014);
    expectCode(() => ev({ $dateDiff: { ...base, unit: 'week', startOfWeek: 'someday' } }), 5439016);
    expectCode(() => ev({ $dateDiff: { ...base, unit: 'week', startOfWeek: 'constructor' } }), 5439016);
    expectCode(
      () => ev({ $dateDiff: { ...base, unit: 'day', timezone: 'Bad/Zone' } }),
      40485,
      `$dateDiff parameter 'timezone' value parsing failed :: caused by :: unrecognized time zone identifier: "Bad/Zone"`,
    );
  });
});

describe('aggregate expressions: $dateTrunc', () => {
  it('when truncating to weeks, Sunday is the default start of week', () => {
    expect(ev({ $dateTrunc: { date: D('2021-03-20T11:30:05Z'), unit: 'week' } })).to.deep.equal(D('2021-03-14T00:00:00Z'));
  });

  it('when binSize, timezone and startOfWeek are given, bins align on 2000-01-01 (manual example)', () => {
    const spec = { unit: 'week', binSize: 2, timezone: 'America/Los_Angeles', startOfWeek: 'Monday' };
    expect(ev({ $dateTrunc: { ...spec, date: D('2020-05-18T14:10:30Z') } })).to.deep.equal(D('2020-05-11T07:00:00Z'));
    expect(ev({ $dateTrunc: { ...spec, date: D('2021-03-20T11:30:05Z') } })).to.deep.equal(D('2021-03-15T07:00:00Z'));
  });

  it('when truncating to year, quarter, month and day, the calendar start is returned', () => {
    const date = D('2021-08-17T12:10:05Z');
    expect(ev(['year', 'quarter', 'month', 'day'].map((unit) => ({ $dateTrunc: { date, unit } })))).to.deep.equal([
      D('2021-01-01T00:00:00Z'),
      D('2021-07-01T00:00:00Z'),
      D('2021-08-01T00:00:00Z'),
      D('2021-08-17T00:00:00Z'),
    ]);
  });

  it('when truncating to a day on the Berlin DST day, local midnight (CET) is returned', () => {
    expect(ev({ $dateTrunc: { date: D('2021-03-28T12:00:00Z'), unit: 'day', timezone: 'Europe/Berlin' } })).to.deep.equal(D('2021-03-27T23:00:00Z'));
  });

  it('when truncating to minutes with a bin size, bins are fixed durations', () => {
    expect(ev({ $dateTrunc: { date: D('2021-03-20T11:38:05Z'), unit: 'minute', binSize: 15 } })).to.deep.equal(D('2021-03-20T11:30:00Z'));
    expect(ev({ $dateTrunc: { date: D('2021-03-20T11:38:05Z'), unit: 'hour', binSize: 1, timezone: '+05:30' } })).to.deep.equal(D('2021-03-20T11:30:00Z'));
  });

  it('when the binSize is zero or fractional, fails with 5439018 / 5439017; null gives null', () => {
    const date = D('2021-03-20T11:38:05Z');
    expectCode(() => ev({ $dateTrunc: { date, unit: 'day', binSize: 0 } }), 5439018);
    expectCode(() => ev({ $dateTrunc: { date, unit: 'day', binSize: 1.5 } }), 5439017);
    expect(ev({ $dateTrunc: { date, unit: 'day', binSize: null } })).to.equal(null);
    expectCode(() => ev({ $dateTrunc: { date: 'x', unit: 'day' } }), 5439012);
  });
});
