import { expect } from 'chai';
import { googleAdsErrorFromResponse, parseDurationMs } from './errors.js';
import { majorToMinor, microsToMinor, minorToMicros } from './money.js';
import { mapCampaignRow, mapCustomerRow, mapMetricRow } from './rows.js';

const failure = (status: number, category: string, reason: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    error: {
      code: status,
      message: 'x',
      status: 'S',
      details: [
        {
          '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure',
          errors: [{ errorCode: { [category]: reason }, message: 'm', ...extra }],
          requestId: 'r',
        },
      ],
    },
  });

describe('connectors/google-ads', () => {
  it('when micros are converted, the currency exponent decides and halves round away from zero', () => {
    expect(microsToMinor('12345678', 'USD')).to.equal(1_235);
    expect(microsToMinor('9995000', 'USD')).to.equal(1_000);
    expect(microsToMinor('2500500000', 'JPY')).to.equal(2_501);
    expect(microsToMinor('1234500', 'KWD')).to.equal(1_235);
    expect(microsToMinor('-5000', 'USD')).to.equal(-1);
    expect(() => microsToMinor('12.5', 'USD')).to.throw(RangeError);
    expect(minorToMicros(2_550, 'EUR')).to.equal('25500000');
    expect(minorToMicros(7_000, 'JPY')).to.equal('7000000000');
    expect(minorToMicros(1_235, 'KWD')).to.equal('1235000');
  });

  it('when a major-unit double is converted, its decimal digits are used, not its binary value', () => {
    expect(majorToMinor(1.005, 'USD')).to.equal(101);
    expect(majorToMinor(49.995, 'EUR')).to.equal(5_000);
    expect(majorToMinor(9999.5, 'JPY')).to.equal(10_000);
    expect(majorToMinor(1e-7, 'USD')).to.equal(0);
    expect(majorToMinor(1.2345, 'KWD')).to.equal(1_235);
    expect(majorToMinor(1.5e3, 'USD')).to.equal(150_000);
    expect(() => majorToMinor(2e21, 'JPY')).to.throw(RangeError);
  });

  it('when Google answers with errors, each documented shape gets its kind, code and advised wait', () => {
    const temporary = googleAdsErrorFromResponse(
      429,
      failure(429, 'quotaError', 'RESOURCE_TEMPORARILY_EXHAUSTED', {
        details: { quotaErrorDetails: { retryDelay: '1.5s' } },
      }),
      {},
    );
    expect([temporary.kind, temporary.code, temporary.retryAfterMs]).to.deep.equal([
      'rate_limit',
      'GOOGLE_ADS_RATE_LIMITED',
      1_500,
    ]);
    const daily = googleAdsErrorFromResponse(429, failure(429, 'quotaError', 'RESOURCE_EXHAUSTED'), {});
    expect([daily.kind, daily.code, daily.retryAfterMs]).to.deep.equal([
      'rate_limit',
      'GOOGLE_ADS_DAILY_QUOTA_EXHAUSTED',
      3_600_000,
    ]);
    const expired = googleAdsErrorFromResponse(
      401,
      failure(401, 'authenticationError', 'OAUTH_TOKEN_EXPIRED'),
      {},
    );
    expect([expired.kind, expired.code]).to.deep.equal(['auth', 'GOOGLE_ADS_TOKEN_EXPIRED']);
    const bare = googleAdsErrorFromResponse(
      401,
      JSON.stringify({ error: { code: 401, message: 'missing', status: 'UNAUTHENTICATED' } }),
      {},
    );
    expect(bare.kind).to.equal('auth');
    const denied = googleAdsErrorFromResponse(
      403,
      failure(403, 'authorizationError', 'USER_PERMISSION_DENIED'),
      {},
    );
    expect([denied.kind, denied.platformCode]).to.deep.equal([
      'permission',
      'authorizationError.USER_PERMISSION_DENIED',
    ]);
    expect(
      googleAdsErrorFromResponse(400, failure(400, 'queryError', 'UNRECOGNIZED_FIELD'), {}).kind,
    ).to.equal('invalid_request');
    expect(
      googleAdsErrorFromResponse(400, failure(400, 'mutateError', 'RESOURCE_NOT_FOUND'), {}).kind,
    ).to.equal('not_found');
    expect(
      googleAdsErrorFromResponse(503, failure(503, 'internalError', 'TRANSIENT_ERROR'), {}).kind,
    ).to.equal('transient');
    expect(googleAdsErrorFromResponse(404, '<html>Not Found</html>', {}).kind).to.equal('not_found');
    expect(googleAdsErrorFromResponse(429, 'busy', { 'retry-after': '7' }).retryAfterMs).to.equal(7_000);
    expect(parseDurationMs('30s')).to.equal(30_000);
    expect(parseDurationMs('soon')).to.equal(undefined);
  });

  it('when rows omit default values, metrics count as zero; the chosen conversion columns count, never both', () => {
    const row = {
      campaign: { id: '7' },
      segments: { date: '2026-03-01' },
      metrics: {
        impressions: '10',
        conversions: 2,
        conversionsValue: 3.5,
        allConversions: 9,
        allConversionsValue: 99,
      },
    };
    expect(mapMetricRow(row, 'USD', 'conversions')).to.deep.equal({
      ok: true,
      value: {
        campaignExternalId: '7',
        date: '2026-03-01',
        impressions: 10,
        clicks: 0,
        conversions: 2,
        spendCents: 0,
        revenueCents: 350,
      },
    });
    const all = mapMetricRow(row, 'USD', 'all_conversions');
    expect(all.ok && [all.value.conversions, all.value.revenueCents]).to.deep.equal([9, 9_900]);
    const bad = mapMetricRow({ ...row, metrics: { clicks: 5 } }, 'USD', 'conversions');
    expect(bad).to.deep.equal({
      ok: false,
      key: '7|2026-03-01',
      reason: 'metrics.clicks: Invalid input: expected string, received number',
    });
  });

  it('when campaigns and customers are mapped, statuses, objectives and budgets follow the reference', () => {
    const campaign = (status: string, budget: Record<string, unknown>) =>
      mapCampaignRow(
        {
          campaign: {
            id: '1',
            name: 'c',
            status,
            advertisingChannelType: 'SEARCH',
            biddingStrategyType: 'TARGET_ROAS',
          },
          campaignBudget: budget,
        },
        'EUR',
      );
    const daily = campaign('ENABLED', { amountMicros: '12345000', period: 'DAILY' });
    expect(
      daily.ok && [daily.value.status, daily.value.objective, daily.value.dailyBudgetCents],
    ).to.deep.equal(['active', 'sales', 1_235]);
    const shared = campaign('REMOVED', { amountMicros: '1000000', period: 'DAILY', explicitlyShared: true });
    expect(shared.ok && [shared.value.status, shared.value.dailyBudgetCents]).to.deep.equal([
      'deleted',
      null,
    ]);
    expect(campaign('UNKNOWN', {}).ok).to.equal(false);
    const customer = mapCustomerRow({
      customer: { id: '1234567890', currencyCode: 'JPY', timeZone: 'Asia/Tokyo', status: 'CANCELED' },
    });
    expect(customer.ok && customer.value).to.deep.equal({
      externalId: '1234567890',
      name: 'Google Ads 1234567890',
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
      status: 'closed',
    });
  });
});
