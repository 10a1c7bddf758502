import { expect } from 'chai';
import { tiktokBodyError } from './errors.js';
import { DEFAULT_TIKTOK_CONVERSION_MAPPING, mapCampaign, mapReportRow } from './mapping.js';
import { decimalToCount, decimalToMinorUnits, minorUnitsToMajor } from './money.js';

const account = { externalId: '7000000000000000001', currency: 'USD' };

describe('connectors/tiktok', () => {
  it('when decimal strings are converted, minor units follow the currency exponent and round half away from zero', () => {
    expect(decimalToMinorUnits('87.60', 2)).to.equal(8_760);
    expect(decimalToMinorUnits('10.005', 2)).to.equal(1_001);
    expect(decimalToMinorUnits('10.0049', 2)).to.equal(1_000);
    expect(decimalToMinorUnits('1234.5', 0)).to.equal(1_235);
    expect(decimalToMinorUnits('1.2345', 3)).to.equal(1_235);
    expect(decimalToMinorUnits(50.5, 2)).to.equal(5_050);
    expect(decimalToMinorUnits('-1', 2)).to.equal(undefined);
    expect(decimalToMinorUnits('abc', 2)).to.equal(undefined);
    expect(decimalToCount('10505.0')).to.equal(10_505);
    expect(decimalToCount('12.5')).to.equal(undefined);
    expect(minorUnitsToMajor(7_525, 2)).to.equal(75.25);
  });

  it('when a report row is mapped, purchases and their value count, never the optimisation event', () => {
    const mapped = mapReportRow(
      {
        dimensions: { campaign_id: 1800000000000000, stat_time_day: '2026-11-01 00:00:00' },
        metrics: {
          spend: '1.005',
          impressions: '10.0',
          clicks: '2',
          conversion: '9',
          complete_payment: '1',
          total_complete_payment_rate: '19.999',
        },
      },
      account,
      DEFAULT_TIKTOK_CONVERSION_MAPPING,
    );
    expect(mapped).to.deep.equal({
      ok: true,
      row: {
        accountExternalId: account.externalId,
        campaignExternalId: '1800000000000000',
        date: '2026-11-01',
        impressions: 10,
        clicks: 2,
        conversions: 1,
        spendCents: 101,
        revenueCents: 2_000,
        currency: 'USD',
      },
    });
  });

  it('when a row is malformed, every faulty field is named and replaced by a value no record schema accepts', () => {
    const mapped = mapReportRow(
      {
        dimensions: { campaign_id: 'x', stat_time_day: '2026-11-01 00:00:00' },
        metrics: { spend: 'abc', impressions: '1', clicks: '1' },
      },
      account,
      DEFAULT_TIKTOK_CONVERSION_MAPPING,
    );
    expect(mapped.ok).to.equal(false);
    if (mapped.ok) return;
    expect(mapped.failures.map((failure) => failure.field)).to.deep.equal([
      'campaignExternalId',
      'conversions',
      'spendCents',
      'revenueCents',
    ]);
    expect(mapped.rejected['spendCents']).to.deep.equal({ invalid: 'abc' });
  });

  it('when a campaign budgets its ad groups, its daily budget is null; an unknown status is refused', () => {
    const base = {
      campaign_id: '1',
      campaign_name: 'A',
      objective_type: 'TRAFFIC',
      budget: 10,
      operation_status: 'ENABLE',
    };
    const total = mapCampaign({ ...base, budget_mode: 'BUDGET_MODE_TOTAL' }, account);
    expect(total.ok && total.row.dailyBudgetCents).to.equal(null);
    const frozen = mapCampaign(
      { ...base, budget_mode: 'BUDGET_MODE_DAY', operation_status: 'FROZEN' },
      account,
    );
    expect(frozen.ok).to.equal(false);
  });

  it('when TikTok answers a body code, it is classified as the reference says', () => {
    expect(tiktokBodyError(40100, 'slow', 1_000)).to.include({ kind: 'rate_limit', retryAfterMs: 1_000 });
    expect(tiktokBodyError(40105, 'bad token', 1_000)).to.include({
      kind: 'auth',
      code: 'TIKTOK_TOKEN_INVALID',
    });
    expect(tiktokBodyError(40001, 'no', 1_000).kind).to.equal('permission');
    expect(tiktokBodyError(40002, 'param', 1_000).kind).to.equal('invalid_request');
    expect(tiktokBodyError(50002, 'oops', 1_000).kind).to.equal('transient');
  });
});
