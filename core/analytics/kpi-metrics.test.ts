import { expect } from 'chai';
import { addSums, changeBetween, kpisFromSums, moneyRatio, ZERO_SUMS } from './kpi-metrics.js';

describe('KPI metrics from sums', () => {
  it('when derived money is rounded, halves go to the even cent and floating noise does not flip it', () => {
    expect([moneyRatio(5, 2), moneyRatio(7, 2), moneyRatio(1, 3), moneyRatio(2, 3)]).to.deep.equal([
      2, 4, 0, 1,
    ]);
    expect(moneyRatio(0.1 * 3 * 10, 1)).to.equal(3); // 3.0000000000000004
    expect(moneyRatio(1, 0)).to.equal(null);
  });

  it('when rows lack an FX rate, money per event divides by the priced events only', () => {
    const sums = {
      ...ZERO_SUMS,
      rows: 3,
      impressions: 3_000,
      clicks: 30,
      conversions: 3,
      spendCents: 2_000, // from the two priced rows
      revenueCents: 6_000,
      unpricedRows: 1,
      unpricedImpressions: 1_000,
      unpricedClicks: 10,
      unpricedConversions: 1,
    };
    expect(kpisFromSums(sums)).to.deep.include({
      cpc: 100,
      cpa: 1_000,
      cpm: 1_000,
      aov: 3_000,
      ctr: 0.01,
      cvr: 0.1,
    });
    const allUnpriced = {
      ...sums,
      spendCents: 0,
      revenueCents: 0,
      unpricedImpressions: 3_000,
      unpricedClicks: 30,
      unpricedConversions: 3,
    };
    expect(kpisFromSums(allUnpriced)).to.deep.include({
      cpc: null,
      cpa: null,
      cpm: null,
      aov: null,
      roas: null,
    });
  });

  it('when fractional conversions are added, the sum carries no float dust', () => {
    const part = { ...ZERO_SUMS, conversions: 0.1 };
    const sum = [part, part, part].reduce(addSums, ZERO_SUMS);
    expect(sum.conversions).to.equal(0.3);
  });

  it('when a metric changes, the delta is absolute and percent, percent null from zero or a missing value', () => {
    expect(
      changeBetween({ spend: 150, roas: null, clicks: 5 }, { spend: 100, roas: 2, clicks: 0 }, [
        'spend',
        'roas',
        'clicks',
      ]),
    ).to.deep.equal({
      spend: { absolute: 50, percent: 50 },
      roas: { absolute: null, percent: null },
      clicks: { absolute: 5, percent: null },
    });
  });
});
