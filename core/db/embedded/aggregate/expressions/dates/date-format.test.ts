import { expect } from 'chai';
import { ev, expectCode } from '../test-support.js';

const date = new Date('2014-01-01T08:15:39.736Z');

describe('aggregate expressions: $dateToString', () => {
  it('when formats and zones vary, output matches the manual example', () => {
    const doc = { date };
    expect(ev({ $dateToString: { format: '%Y-%m-%d', date: '$date' } }, doc)).to.equal('2014-01-01');
    expect(ev({ $dateToString: { format: '%H:%M:%S:%L%z', date: '$date', timezone: 'America/New_York' } }, doc)).to.equal('03:15:39:736-0500');
    expect(ev({ $dateToString: { format: '%Y-%m-%d %H:%M:%S:%L%z', date: '$date', timezone: '+04:30' } }, doc)).to.equal('2014-01-01 12:45:39:736+0430');
    expect(ev({ $dateToString: { format: '%Z', date: '$date', timezone: 'America/New_York' } }, doc)).to.equal('-300');
    expect(ev({ $dateToString: { format: '%Z', date: '$date', timezone: '+04:30' } }, doc)).to.equal('270');
    expect(ev({ $dateToString: { format: '%b %B', date: '$date' } }, doc)).to.equal('Jan January');
  });

  it('when no format is given, the ISO format with Z is used', () => {
    expect(ev({ $dateToString: { date } })).to.equal('2014-01-01T08:15:39.736Z');
  });

  it('when week and day specifiers are used, they follow MongoDB numbering', () => {
    expect(ev({ $dateToString: { format: '%j %w %u %U %V %G %%', date } })).to.equal('001 4 3 00 01 2014 %');
  });

  it('when the offset changes across a DST transition, %z and %H follow it', () => {
    const format = { format: '%H:%M%z', timezone: 'Europe/Berlin' };
    expect(ev({ $dateToString: { ...format, date: new Date('2021-03-28T00:59:00Z') } })).to.equal('01:59+0100');
    expect(ev({ $dateToString: { ...format, date: new Date('2021-03-28T01:00:00Z') } })).to.equal('03:00+0200');
  });

  it('when the date is null, onNull is returned (or null)', () => {
    expect(ev({ $dateToString: { date: '$missing', onNull: 'none' } })).to.equal('none');
    expect(ev({ $dateToString: { date: null } })).to.equal(null);
    expect(ev({ $dateToString: { date, timezone: null } })).to.equal(null);
  });

  it('when the format has an unknown specifier or a trailing %, fails with 18536 / 18535', () => {
    expectCode(() => ev({ $dateToString: { date, format: '%Q' } }), 18536, "Invalid format character '%Q' in format string");
    expectCode(() => ev({ $dateToString: { date, format: 'abc%' } }), 18535);
    expectCode(() => ev({ $dateToString: { date, format: '$fmt' } }, { fmt: 5 }), 18533);
  });

  it('when the date argument is missing or the year is out of 0-9999, fails with 18628 / 18537', () => {
    expectCode(() => ev({ $dateToString: { format: '%Y' } }), 18628);
    expectCode(() => ev({ $dateToString: { date: new Date('+010000-01-01T00:00:00Z') } }), 18537);
  });
});

describe('aggregate expressions: $dateFromString', () => {
  it('when the string has no zone, it is read in the timezone argument (manual)', () => {
    expect(ev({ $dateFromString: { dateString: '2017-02-08T12:10:40.787', timezone: 'America/New_York' } })).to.deep.equal(new Date('2017-02-08T17:10:40.787Z'));
    expect(ev({ $dateFromString: { dateString: '2017-02-08' } })).to.deep.equal(new Date('2017-02-08T00:00:00Z'));
  });

  it('when the string carries Z or an offset, it is honoured without a timezone argument', () => {
    expect(ev({ $dateFromString: { dateString: '2017-02-08T12:10:40.787Z' } })).to.deep.equal(new Date('2017-02-08T12:10:40.787Z'));
    expect(ev({ $dateFromString: { dateString: '2017-02-08T12:10:40+05:30' } })).to.deep.equal(new Date('2017-02-08T06:40:40Z'));
    expect(ev({ $dateFromString: { dateString: '2017-02-08 12:10:40 -0800' } })).to.deep.equal(new Date('2017-02-08T20:10:40Z'));
  });

  it('when the string carries a zone and a timezone argument is also given, fails with 241', () => {
    expectCode(
      () => ev({ $dateFromString: { dateString: '2017-02-08T12:10:40.787+0100', timezone: 'America/New_York' } }),
      241,
      'you cannot pass in a date/time string with GMT offset together with a timezone argument',
    );
  });

  it('when a format is given, the specifiers drive parsing (manual)', () => {
    expect(ev({ $dateFromString: { dateString: '06-15-2018', format: '%m-%d-%Y' } })).to.deep.equal(new Date('2018-06-15T00:00:00Z'));
    expect(ev({ $dateFromString: { dateString: '15/06/2018 07:05', format: '%d/%m/%Y %H:%M', timezone: '+02' } })).to.deep.equal(new Date('2018-06-15T05:05:00Z'));
    expect(ev({ $dateFromString: { dateString: '2018-W24-5', format: '%G-W%V-%u' } })).to.deep.equal(new Date('2018-06-15T00:00:00Z'));
    expect(ev({ $dateFromString: { dateString: '15 Jun 2018', format: '%d %b %Y' } })).to.deep.equal(new Date('2018-06-15T00:00:00Z'));
  });

  it('when the string does not match or is impossible, onError replaces the ConversionFailure', () => {
    expect(ev({ $dateFromString: { dateString: 'WEDNESDAY', onError: 'bad' } })).to.equal('bad');
    expect(ev({ $dateFromString: { dateString: '2017-02-30', onError: 'bad' } })).to.equal('bad');
    expect(ev({ $dateFromString: { dateString: 5, onError: 'bad' } })).to.equal('bad');
    expectCode(() => ev({ $dateFromString: { dateString: '06-15-2018', format: '%Y-%m-%d' } }), 241);
  });

  it('when the dateString is null, onNull wins over onError', () => {
    expect(ev({ $dateFromString: { dateString: '$missing', onNull: 'none', onError: 'bad' } })).to.equal('none');
  });

  it('when the timezone is unknown, fails with 40485 even with onError', () => {
    expectCode(() => ev({ $dateFromString: { dateString: '2017-02-08', timezone: 'Nowhere/City', onError: 'bad' } }), 40485);
  });

  it('when the wall time is in a New York DST gap, it resolves forward like $dateFromParts', () => {
    expect(ev({ $dateFromString: { dateString: '2021-03-14T02:30:00', timezone: 'America/New_York' } })).to.deep.equal(new Date('2021-03-14T07:30:00Z'));
  });
});
