import { expect } from 'chai';
import { snapchatHttpError, snapchatOAuthError } from './errors.js';
import { DEFAULT_SNAPCHAT_CONVERSION_MAPPING, mapTimeseriesEntry, microsToMinorUnits } from './mapping.js';
import { localMidnight } from './time.js';

describe('connectors/snapchat', () => {
  it('when micro-currency is converted, the currency exponent decides the divisor and halves round up', () => {
    expect(microsToMinorUnits(10_005_000, 2)).to.equal(1_001);
    expect(microsToMinorUnits(994_000, 2)).to.equal(99);
    expect(microsToMinorUnits(1_234_500, 3)).to.equal(1_235);
    expect(microsToMinorUnits(1_500_000, 0)).to.equal(2);
    expect(microsToMinorUnits('1000', 2)).to.equal(undefined);
    expect(microsToMinorUnits(-1, 2)).to.equal(undefined);
  });

  it('when a DAY window is built, it starts on local midnight with the offset of that instant (DST aware)', () => {
    expect(localMidnight('2026-11-01', 'America/Los_Angeles')).to.equal('2026-11-01T00:00:00-07:00');
    expect(localMidnight('2026-11-02', 'America/Los_Angeles')).to.equal('2026-11-02T00:00:00-08:00');
    expect(localMidnight('2026-03-29', 'Europe/Berlin')).to.equal('2026-03-29T00:00:00+01:00');
    expect(localMidnight('2026-11-01', 'Asia/Kolkata')).to.equal('2026-11-01T00:00:00+05:30');
  });

  it('when a timeseries entry is mapped, its date is the local part of start_time, never the UTC day', () => {
    const mapped = mapTimeseriesEntry(
      {
        start_time: '2026-11-01T00:00:00.000-07:00',
        stats: {
          spend: 1_000_000,
          impressions: 3,
          swipes: 1,
          conversion_purchases: 1,
          conversion_purchases_value: 2_500_000,
        },
      },
      'c1',
      { externalId: 'a1', currency: 'USD' },
      DEFAULT_SNAPCHAT_CONVERSION_MAPPING,
    );
    expect(mapped.ok && mapped.row).to.include({
      date: '2026-11-01',
      spendCents: 100,
      revenueCents: 250,
      clicks: 1,
    });
  });

  it('when Snap answers an error status, it is classified by status; a refused refresh token is an auth error', () => {
    expect(snapchatHttpError(429, {}, 1_000)).to.include({ kind: 'rate_limit', retryAfterMs: 1_000 });
    expect(snapchatHttpError(403, { error_code: 'E3003' }, 1_000)).to.include({
      kind: 'permission',
      platformCode: 'E3003',
    });
    expect(snapchatHttpError(503, undefined, 1_000).kind).to.equal('transient');
    expect(snapchatOAuthError(400, { error: 'invalid_grant' })).to.include({
      kind: 'auth',
      code: 'SNAPCHAT_REFRESH_TOKEN_INVALID',
    });
  });
});
