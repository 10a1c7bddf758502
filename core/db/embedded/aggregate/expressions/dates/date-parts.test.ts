import { expect } from 'chai';
import { ObjectId, Timestamp } from 'bson';
import { ev, expectCode } from '../test-support.js';

const date = new Date('2014-01-01T08:15:39.736Z');

describe('aggregate expressions: date parts', () => {
  it('when date part operators read a UTC date, they match the manual example', () => {
    const ops = ['$year', '$month', '$dayOfMonth', '$hour', '$minute', '$second', '$millisecond', '$dayOfYear', '$dayOfWeek', '$week'];
    expect(ops.map((op) => ev({ [op]: '$date' }, { date }))).to.deep.equal([2014, 1, 1, 8, 15, 39, 736, 1, 4, 0]);
  });

  it('when ISO week operators read 2016-01-01, the date belongs to week 53 of 2015 (manual)', () => {
    const day = new Date('2016-01-01T00:00:00Z');
    expect(ev([{ $isoWeek: day }, { $isoWeekYear: day }, { $isoDayOfWeek: day }])).to.deep.equal([53, 2015, 5]);
  });

  it('when the {date, timezone} form is used, parts are read in that zone', () => {
    expect(ev({ $hour: { date: '$date', timezone: 'America/New_York' } }, { date })).to.equal(3);
    expect(ev({ $minute: { date: '$date', timezone: '+04:30' } }, { date })).to.equal(45);
    expect(ev({ $dayOfMonth: { date: new Date('2017-01-01T01:00:00Z'), timezone: '-0500' } })).to.equal(31);
  });

  it('when New York springs forward (2021-03-14), the hour jumps from 1 to 3', () => {
    const before = { $hour: { date: new Date('2021-03-14T06:59:59Z'), timezone: 'America/New_York' } };
    const after = { $hour: { date: new Date('2021-03-14T07:00:00Z'), timezone: 'America/New_York' } };
    expect(ev([before, after])).to.deep.equal([1, 3]);
  });

  it('when Berlin falls back (2021-10-31), 02:xx local happens twice', () => {
    const first = { $hour: { date: new Date('2021-10-31T00:30:00Z'), timezone: 'Europe/Berlin' } };
    const second = { $hour: { date: new Date('2021-10-31T01:30:00Z'), timezone: 'Europe/Berlin' } };
    expect(ev([first, second])).to.deep.equal([2, 2]);
  });

  it('when the operand is a Timestamp or an ObjectId, it is read as a date', () => {
    expect(ev({ $year: new Timestamp({ t: 1500000000, i: 1 }) })).to.equal(2017);
    expect(ev({ $month: new ObjectId('5ab9cbfa31c2ab715d42129e') })).to.equal(3);
  });

  it('when the date is null or missing the result is null; a string fails with 16006', () => {
    expect(ev({ $year: '$missing' })).to.equal(null);
    expect(ev({ $year: { date: date, timezone: '$missing' } })).to.equal(null);
    expectCode(() => ev({ $year: 'abc' }), 16006, "can't convert from BSON type string to Date");
  });

  it('when the timezone is unknown, fails with 40485; when it is not a string, with 40533', () => {
    expectCode(() => ev({ $year: { date, timezone: 'Mars/Olympus' } }), 40485, 'unrecognized time zone identifier: "Mars/Olympus"');
    expectCode(() => ev({ $year: { date, timezone: 'america/new_york' } }), 40485);
    expectCode(() => ev({ $year: { date, timezone: '$tz' } }, { tz: 5 }), 40533);
  });

  it('when the object form has an unknown key or no date, fails with 40535 / 40539', () => {
    expectCode(() => ev({ $year: { date, zone: 'UTC' } }), 40535);
    expectCode(() => ev({ $year: { timezone: 'UTC' } }), 40539);
    expectCode(() => ev({ $year: [date, date] }), 40536);
  });

  it('when $dateToParts runs, it returns calendar or ISO parts (manual)', () => {
    const value = new Date('2017-01-01T01:29:09.123Z');
    expect(ev({ $dateToParts: { date: value } })).to.deep.equal({ year: 2017, month: 1, day: 1, hour: 1, minute: 29, second: 9, millisecond: 123 });
    expect(ev({ $dateToParts: { date: value, timezone: 'America/New_York' } })).to.deep.equal({ year: 2016, month: 12, day: 31, hour: 20, minute: 29, second: 9, millisecond: 123 });
    expect(ev({ $dateToParts: { date: value, iso8601: true } })).to.deep.equal({ isoWeekYear: 2016, isoWeek: 52, isoDayOfWeek: 7, hour: 1, minute: 29, second: 9, millisecond: 123 });
  });

  it('when $dateToParts gets a non-boolean iso8601, fails with 40521', () => {
    expectCode(() => ev({ $dateToParts: { date, iso8601: 1 } }), 40521);
  });

  it('when $dateFromParts builds dates, it matches the manual examples', () => {
    expect(ev({ $dateFromParts: { year: 2017, month: 2, day: 8, hour: 12 } })).to.deep.equal(new Date('2017-02-08T12:00:00Z'));
    expect(ev({ $dateFromParts: { isoWeekYear: 2017, isoWeek: 6, isoDayOfWeek: 3, hour: 12 } })).to.deep.equal(new Date('2017-02-08T12:00:00Z'));
    const ny = { year: 2016, month: 12, day: 31, hour: 23, minute: 46, second: 12, timezone: 'America/New_York' };
    expect(ev({ $dateFromParts: ny })).to.deep.equal(new Date('2017-01-01T04:46:12Z'));
  });

  it('when $dateFromParts values overflow, they carry into the next unit (manual)', () => {
    expect(ev({ $dateFromParts: { year: 2017, month: 14, day: 1 } })).to.deep.equal(new Date('2018-02-01T00:00:00Z'));
    expect(ev({ $dateFromParts: { year: 2017, month: 0, day: 1 } })).to.deep.equal(new Date('2016-12-01T00:00:00Z'));
    expect(ev({ $dateFromParts: { year: 2017, month: 3, day: 0, hour: 25 } })).to.deep.equal(new Date('2017-03-01T01:00:00Z'));
  });

  it('when $dateFromParts names a New York wall time skipped by DST, it moves forward to EDT', () => {
    expect(ev({ $dateFromParts: { year: 2021, month: 3, day: 14, hour: 2, minute: 30, timezone: 'America/New_York' } })).to.deep.equal(new Date('2021-03-14T07:30:00Z'));
  });

  it('when $dateFromParts names a repeated New York wall time, the earlier (EDT) instant is used', () => {
    expect(ev({ $dateFromParts: { year: 2021, month: 11, day: 7, hour: 1, minute: 30, timezone: 'America/New_York' } })).to.deep.equal(new Date('2021-11-07T05:30:00Z'));
  });

  it('when $dateFromParts mixes calendar and ISO fields or gets bad values, fails with their codes', () => {
    expectCode(() => ev({ $dateFromParts: { year: 2017, isoWeek: 1 } }), 40489);
    expectCode(() => ev({ $dateFromParts: { month: 1 } }), 40516);
    expectCode(() => ev({ $dateFromParts: { year: 2017, month: 1.5 } }), 40515);
    expectCode(() => ev({ $dateFromParts: { year: 10000 } }), 40523);
    expectCode(() => ev({ $dateFromParts: { year: 2017, month: 40000 } }), 31034);
  });

  it('when a $dateFromParts part is null, the result is null', () => {
    expect(ev({ $dateFromParts: { year: 2017, hour: '$missing' } })).to.equal(null);
  });
});
