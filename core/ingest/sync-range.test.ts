import { expect } from 'chai';
import { addDays, dayInTimeZone, resolveSyncRange } from './sync-range.js';

describe('resolveSyncRange', () => {
  const now = new Date('2026-03-01T03:00:00Z');

  it('when nothing was synced yet, the range is the last 400 days up to today in the tenant zone', () => {
    expect(resolveSyncRange({ now, tenantTimezone: 'America/New_York' })).to.deep.equal({
      from: '2025-01-25',
      to: '2026-02-28',
    });
    expect(resolveSyncRange({ now, tenantTimezone: 'Europe/Berlin' }).to).to.equal('2026-03-01');
  });

  it('when a sync succeeded before, the range restarts 3 days before its end (late data) up to today', () => {
    expect(resolveSyncRange({ now, tenantTimezone: 'UTC', lastSucceededTo: '2026-02-27' })).to.deep.equal({
      from: '2026-02-24',
      to: '2026-03-01',
    });
  });

  it('when a range is asked for it is kept, and a reversed or impossible one is an input error', () => {
    const requested = { from: '2025-12-01', to: '2025-12-31' };
    expect(
      resolveSyncRange({ now, tenantTimezone: 'UTC', requested, lastSucceededTo: '2026-02-27' }),
    ).to.deep.equal(requested);
    for (const bad of [
      { from: '2026-01-02', to: '2026-01-01' },
      { from: '2026-02-30', to: '2026-03-01' },
    ])
      expect(() => resolveSyncRange({ now, tenantTimezone: 'UTC', requested: bad }))
        .to.throw()
        .with.property('code', 'SYNC_RANGE_INVALID');
  });

  it('when days are shifted across a month or zone boundary, calendar arithmetic holds', () => {
    expect(addDays('2024-03-01', -1)).to.equal('2024-02-29');
    expect(dayInTimeZone(new Date('2026-01-01T00:30:00Z'), 'America/Los_Angeles')).to.equal('2025-12-31');
  });
});
