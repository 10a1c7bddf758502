import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';
import { expectServerError, useDatabase, type AnyDoc } from './harness.js';

/**
 * Date operators with time zones. Instants are chosen around the 2024 US daylight-saving changes
 * (America/New_York: 2024-03-10 02:00 EST → 03:00 EDT; 2024-11-03 02:00 EDT → 01:00 EST).
 */
describe('aggregation: date operators with time zones', function () {
  const ctx = useDatabase('agg_dates');
  let collection: Collection<AnyDoc>;

  beforeEach(async function () {
    collection = ctx.collection('dates');
    await collection.insertOne({ _id: 1, d: new Date('2024-03-10T07:30:15.123Z') });
  });

  /** Evaluates one expression against the single seeded document. */
  async function evaluate(expression: Document): Promise<unknown> {
    const [doc] = await collection.aggregate([{ $project: { _id: 0, out: expression } }]).toArray();
    return doc?.['out'];
  }

  function at(iso: string): Date {
    return new Date(iso);
  }

  describe('$dateToString', function () {
    it('when formatted in UTC, the documented specifiers print the instant', async function () {
      expect(await evaluate({ $dateToString: { date: '$d', format: '%Y-%m-%dT%H:%M:%S.%LZ' } })).to.equal('2024-03-10T07:30:15.123Z');
    });

    it('when no format is given, the ISO format with milliseconds is used', async function () {
      expect(await evaluate({ $dateToString: { date: '$d' } })).to.equal('2024-03-10T07:30:15.123Z');
    });

    it('when formatted in America/New_York around the spring DST change, the offset switches from -0500 to -0400', async function () {
      const format = '%Y-%m-%d %H:%M %z (%Z)';
      const before = await evaluate({ $dateToString: { date: at('2024-03-10T06:30:00Z'), format, timezone: 'America/New_York' } });
      const after = await evaluate({ $dateToString: { date: at('2024-03-10T07:30:00Z'), format, timezone: 'America/New_York' } });
      expect(before).to.equal('2024-03-10 01:30 -0500 (-300)');
      expect(after).to.equal('2024-03-10 03:30 -0400 (-240)');
    });

    it('when the timezone is a UTC offset, local time is shifted by it', async function () {
      expect(await evaluate({ $dateToString: { date: at('2024-01-01T00:00:00Z'), format: '%Y-%m-%d %H:%M', timezone: '+05:30' } })).to.equal(
        '2024-01-01 05:30',
      );
    });

    it('when ISO week specifiers are used, they follow ISO 8601 (2024-12-30 is in week 1 of 2025)', async function () {
      expect(await evaluate({ $dateToString: { date: at('2024-12-30T12:00:00Z'), format: '%G-W%V-%u day %j' } })).to.equal('2025-W01-1 day 365');
    });

    it('when the date is missing, onNull is returned, and null without onNull', async function () {
      expect(await evaluate({ $dateToString: { date: '$missing', onNull: 'none' } })).to.equal('none');
      expect(await evaluate({ $dateToString: { date: '$missing' } })).to.equal(null);
    });

    it('when the timezone is not a known identifier, it fails with 40485', async function () {
      await expectServerError(evaluate({ $dateToString: { date: '$d', timezone: 'Mars/Olympus_Mons' } }), 40485);
    });
  });

  describe('$dateTrunc', function () {
    it('when truncating to the day in America/New_York on the spring DST day, local midnight (05:00Z) is returned', async function () {
      const out = await evaluate({ $dateTrunc: { date: at('2024-03-10T15:00:00Z'), unit: 'day', timezone: 'America/New_York' } });
      expect((out as Date).toISOString()).to.equal('2024-03-10T05:00:00.000Z');
    });

    it('when truncating to the day on the autumn DST day, local midnight is still in daylight time (04:00Z)', async function () {
      const out = await evaluate({ $dateTrunc: { date: at('2024-11-03T20:00:00Z'), unit: 'day', timezone: 'America/New_York' } });
      expect((out as Date).toISOString()).to.equal('2024-11-03T04:00:00.000Z');
    });

    it('when truncating to the week, startOfWeek chooses the first day (default Sunday)', async function () {
      const date = at('2024-03-10T15:00:00Z');
      const monday = await evaluate({ $dateTrunc: { date, unit: 'week', startOfWeek: 'monday' } });
      const sunday = await evaluate({ $dateTrunc: { date, unit: 'week' } });
      expect((monday as Date).toISOString()).to.equal('2024-03-04T00:00:00.000Z');
      expect((sunday as Date).toISOString()).to.equal('2024-03-10T00:00:00.000Z');
    });

    it('when binSize groups several units, bins align to 2000-01-01 (6-hour and quarter bins)', async function () {
      const sixHours = await evaluate({ $dateTrunc: { date: at('2024-05-05T13:47:00Z'), unit: 'hour', binSize: 6 } });
      const quarter = await evaluate({ $dateTrunc: { date: at('2024-05-05T13:47:00Z'), unit: 'month', binSize: 3 } });
      expect((sixHours as Date).toISOString()).to.equal('2024-05-05T12:00:00.000Z');
      expect((quarter as Date).toISOString()).to.equal('2024-04-01T00:00:00.000Z');
    });

    it('when truncating to the quarter, the first day of the calendar quarter is returned', async function () {
      const out = await evaluate({ $dateTrunc: { date: at('2024-08-20T10:00:00Z'), unit: 'quarter' } });
      expect((out as Date).toISOString()).to.equal('2024-07-01T00:00:00.000Z');
    });

    it('when truncating to the hour in a half-hour zone, the local hour boundary is used', async function () {
      const out = await evaluate({ $dateTrunc: { date: at('2024-01-01T10:47:00Z'), unit: 'hour', timezone: 'Asia/Kolkata' } });
      expect((out as Date).toISOString()).to.equal('2024-01-01T10:30:00.000Z');
    });
  });

  describe('$dateFromString', function () {
    it('when a string without offset is parsed in Europe/Paris summer time, it is read as local time', async function () {
      const out = await evaluate({ $dateFromString: { dateString: '2024-07-01T12:00:00', timezone: 'Europe/Paris' } });
      expect((out as Date).toISOString()).to.equal('2024-07-01T10:00:00.000Z');
    });

    it('when a format is given, the string is parsed with it (midnight UTC by default)', async function () {
      const out = await evaluate({ $dateFromString: { dateString: '15/01/2024', format: '%d/%m/%Y' } });
      expect((out as Date).toISOString()).to.equal('2024-01-15T00:00:00.000Z');
    });

    it('when the string carries its own offset, that offset is applied', async function () {
      const out = await evaluate({ $dateFromString: { dateString: '2024-01-15T10:00:00+02:00' } });
      expect((out as Date).toISOString()).to.equal('2024-01-15T08:00:00.000Z');
    });

    it('when the string cannot be parsed, it fails with 241 ConversionFailure unless onError is given', async function () {
      await expectServerError(evaluate({ $dateFromString: { dateString: 'not a date' } }), 241);
      expect(await evaluate({ $dateFromString: { dateString: 'not a date', onError: 'bad' } })).to.equal('bad');
    });

    it('when the string is missing, onNull is returned', async function () {
      expect(await evaluate({ $dateFromString: { dateString: '$missing', onNull: 'absent' } })).to.equal('absent');
    });
  });

  describe('$dateDiff and date parts', function () {
    it('when noon to noon spans the spring DST change in New York, it is 1 day but 23 hours', async function () {
      const range = { startDate: at('2024-03-09T17:00:00Z'), endDate: at('2024-03-10T16:00:00Z'), timezone: 'America/New_York' };
      expect(await evaluate({ $dateDiff: { ...range, unit: 'day' } })).to.equal(1);
      expect(await evaluate({ $dateDiff: { ...range, unit: 'hour' } })).to.equal(23);
    });

    it('when midnight to midnight spans the autumn DST change in New York, it is 1 day but 25 hours', async function () {
      const range = { startDate: at('2024-11-03T04:00:00Z'), endDate: at('2024-11-04T05:00:00Z'), timezone: 'America/New_York' };
      expect(await evaluate({ $dateDiff: { ...range, unit: 'day' } })).to.equal(1);
      expect(await evaluate({ $dateDiff: { ...range, unit: 'hour' } })).to.equal(25);
    });

    it('when two minutes straddle a month end, $dateDiff counts the boundaries crossed', async function () {
      const range = { startDate: at('2024-01-31T23:59:00Z'), endDate: at('2024-02-01T00:01:00Z') };
      expect(await evaluate({ $dateDiff: { ...range, unit: 'month' } })).to.equal(1);
      expect(await evaluate({ $dateDiff: { ...range, unit: 'day' } })).to.equal(1);
      expect(await evaluate({ $dateDiff: { ...range, unit: 'year' } })).to.equal(0);
      expect(await evaluate({ $dateDiff: { ...range, unit: 'minute' } })).to.equal(2);
    });

    it('when counting weeks, startOfWeek decides which boundary is crossed', async function () {
      const range = { startDate: at('2024-03-10T12:00:00Z'), endDate: at('2024-03-11T12:00:00Z'), unit: 'week' };
      expect(await evaluate({ $dateDiff: { ...range, startOfWeek: 'monday' } })).to.equal(1);
      expect(await evaluate({ $dateDiff: range })).to.equal(0);
    });

    it('when date parts are extracted in a time zone, the local calendar day and hour are returned', async function () {
      const date = at('2024-07-01T02:00:00Z');
      expect(await evaluate({ $hour: { date, timezone: 'America/New_York' } })).to.equal(22);
      expect(await evaluate({ $dayOfMonth: { date, timezone: 'America/New_York' } })).to.equal(30);
      expect(await evaluate({ $month: { date, timezone: 'America/New_York' } })).to.equal(6);
      expect(await evaluate({ $year: '$d' })).to.equal(2024);
    });

    it('when dates are grouped by local day, each New York calendar day is one group', async function () {
      const events = ctx.collection('events');
      await events.insertMany([
        { at: at('2024-03-10T03:00:00Z') },
        { at: at('2024-03-10T06:00:00Z') },
        { at: at('2024-03-11T03:59:00Z') },
        { at: at('2024-03-11T04:00:00Z') },
      ]);
      const days = await events
        .aggregate([
          { $group: { _id: { $dateToString: { date: '$at', format: '%Y-%m-%d', timezone: 'America/New_York' } }, n: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      expect(days).to.deep.equal([
        { _id: '2024-03-09', n: 1 },
        { _id: '2024-03-10', n: 2 },
        { _id: '2024-03-11', n: 1 },
      ]);
    });
  });
});
