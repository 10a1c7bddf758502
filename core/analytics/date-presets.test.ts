import { expect } from 'chai';
import { daysOf, isoWeekdayOf } from './calendar-days.js';
import {
  alignComparisonDay,
  comparisonSpan,
  DATE_PRESETS,
  resolvePreset,
  resolvePresetOn,
} from './date-presets.js';

const resolveAll = (today: string) =>
  Object.fromEntries(DATE_PRESETS.map((preset) => [preset, resolvePresetOn(preset, today)]));

describe('date presets (shared with chat)', () => {
  it('when today is a Monday, this_week is that Monday alone and last_week the whole week before', () => {
    expect(isoWeekdayOf('2026-03-16')).to.equal(1);
    const presets = resolveAll('2026-03-16');
    expect(presets['this_week']).to.deep.equal({ from: '2026-03-16', to: '2026-03-16' });
    expect(presets['last_week']).to.deep.equal({ from: '2026-03-09', to: '2026-03-15' });
    expect(presets['yesterday']).to.deep.equal({ from: '2026-03-15', to: '2026-03-15' });
    expect(presets['last_7_days']).to.deep.equal({ from: '2026-03-09', to: '2026-03-15' });
  });

  it('when today is a Sunday, the week still starts on the Monday before', () => {
    expect(resolvePresetOn('this_week', '2026-03-15')).to.deep.equal({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(resolvePresetOn('last_week', '2026-03-15')).to.deep.equal({
      from: '2026-03-02',
      to: '2026-03-08',
    });
  });

  it('when today is the 1st, this_month is one day and last_month the whole previous month', () => {
    expect(resolveAll('2026-03-01')).to.deep.include({
      this_month: { from: '2026-03-01', to: '2026-03-01' },
      last_month: { from: '2026-02-01', to: '2026-02-28' },
      this_quarter: { from: '2026-01-01', to: '2026-03-01' },
      last_quarter: { from: '2025-10-01', to: '2025-12-31' },
      yesterday: { from: '2026-02-28', to: '2026-02-28' },
    });
    expect(resolveAll('2026-01-01')).to.deep.include({
      this_year: { from: '2026-01-01', to: '2026-01-01' },
      last_year: { from: '2025-01-01', to: '2025-12-31' },
      last_month: { from: '2025-12-01', to: '2025-12-31' },
      last_quarter: { from: '2025-10-01', to: '2025-12-31' },
      last_30_days: { from: '2025-12-02', to: '2025-12-31' },
    });
    expect(resolvePresetOn('last_month', '2024-03-01')).to.deep.equal({
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(resolvePresetOn('this_quarter', '2026-07-01')).to.deep.equal({
      from: '2026-07-01',
      to: '2026-07-01',
    });
  });

  it('when last_N_days is resolved, it is N complete days ending yesterday', () => {
    for (const [preset, days] of [
      ['last_7_days', 7],
      ['last_14_days', 14],
      ['last_30_days', 30],
      ['last_90_days', 90],
    ] as const) {
      const span = resolvePresetOn(preset, '2026-03-10');
      expect(span.to, preset).to.equal('2026-03-09');
      expect(daysOf(span), preset).to.have.length(days);
    }
  });

  it("when the instant is near midnight on a DST change, today is the tenant zone's calendar day", () => {
    const zone = 'America/New_York'; // clocks go forward on 2026-03-08 at 02:00 (UTC-5 → UTC-4)
    expect(resolvePreset('today', new Date('2026-03-08T04:59:00Z'), zone).from).to.equal('2026-03-07');
    expect(resolvePreset('today', new Date('2026-03-08T05:00:00Z'), zone).from).to.equal('2026-03-08');
    // The 23-hour day ends at 04:00Z, not 05:00Z.
    expect(resolvePreset('today', new Date('2026-03-09T03:59:00Z'), zone).from).to.equal('2026-03-08');
    expect(resolvePreset('today', new Date('2026-03-09T04:00:00Z'), zone).from).to.equal('2026-03-09');
    // A week across the change still has seven calendar days.
    expect(daysOf(resolvePreset('last_7_days', new Date('2026-03-10T12:00:00Z'), zone))).to.deep.equal([
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
    ]);
    // Same instant, other side of the world: already the next day.
    expect(resolvePreset('today', new Date('2026-03-08T04:59:00Z'), 'Asia/Tokyo').from).to.equal(
      '2026-03-08',
    );
  });

  it('when comparing, the previous period is the same number of days just before, across months of different lengths', () => {
    expect(comparisonSpan({ from: '2026-03-01', to: '2026-03-31' }, 'previous_period')).to.deep.equal({
      from: '2026-01-29',
      to: '2026-02-28',
    });
    expect(comparisonSpan({ from: '2026-02-01', to: '2026-02-28' }, 'previous_period')).to.deep.equal({
      from: '2026-01-04',
      to: '2026-01-31',
    });
    expect(comparisonSpan({ from: '2024-03-01', to: '2024-03-01' }, 'previous_period')).to.deep.equal({
      from: '2024-02-29',
      to: '2024-02-29',
    });
    expect(comparisonSpan({ from: '2026-03-01', to: '2026-03-31' }, 'none')).to.equal(undefined);
  });

  it('when comparing with the previous year, the same dates a year earlier are read; 29 February lands on the 28th', () => {
    expect(comparisonSpan({ from: '2026-03-01', to: '2026-03-31' }, 'previous_year')).to.deep.equal({
      from: '2025-03-01',
      to: '2025-03-31',
    });
    expect(comparisonSpan({ from: '2024-02-29', to: '2024-03-01' }, 'previous_year')).to.deep.equal({
      from: '2023-02-28',
      to: '2023-03-01',
    });
    const span = { from: '2025-02-28', to: '2025-03-01' };
    expect(comparisonSpan(span, 'previous_year')).to.deep.equal({ from: '2024-02-28', to: '2024-03-01' });
    expect(alignComparisonDay('2024-02-29', span, 'previous_year')).to.equal('2025-02-28');
    expect(
      alignComparisonDay('2026-02-28', { from: '2026-03-01', to: '2026-03-31' }, 'previous_period'),
    ).to.equal('2026-03-31');
  });
});
