import { expect } from 'chai';
import { linkedinHttpError } from './errors.js';
import { DEFAULT_LINKEDIN_CONVERSION_MAPPING, mapAnalyticsElement } from './mapping.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from './money.js';
import { restliDateRange, restliList, sponsoredAccountUrn } from './restli.js';

describe('connectors/linkedin', () => {
  it('when Rest.li values are written, structure stays literal and URNs are percent-encoded', () => {
    expect(restliList([sponsoredAccountUrn('512345678')])).to.equal(
      'List(urn%3Ali%3AsponsoredAccount%3A512345678)',
    );
    expect(restliList(['a(b)', 'c,d'])).to.equal('List(a%28b%29,c%2Cd)');
    expect(restliDateRange('2025-03-04', '2025-03-05')).to.equal(
      '(start:(year:2025,month:3,day:4),end:(year:2025,month:3,day:5))',
    );
  });

  it('when money strings carry long fractions, they round half away from zero to minor units and back', () => {
    expect(decimalToMinorUnits('10.00499999', 2)).to.equal(1_000);
    expect(decimalToMinorUnits('0.995', 2)).to.equal(100);
    expect(decimalToMinorUnits(87.6, 2)).to.equal(undefined);
    expect(minorUnitsToDecimal(7_525, 2)).to.equal('75.25');
    expect(minorUnitsToDecimal(5, 2)).to.equal('0.05');
    expect(minorUnitsToDecimal(4_500, 0)).to.equal('4500');
  });

  it('when an analytics element is mapped, the campaign comes from the pivot URN and the day from dateRange.start', () => {
    const mapped = mapAnalyticsElement(
      {
        pivotValues: ['urn:li:sponsoredCampaign:318745620'],
        dateRange: { start: { year: 2026, month: 11, day: 1 }, end: { year: 2026, month: 11, day: 1 } },
        impressions: 10,
        clicks: 2,
        costInLocalCurrency: '1.005',
        externalWebsiteConversions: 1,
        conversionValueInLocalCurrency: '3',
      },
      { externalId: '512345678', currency: 'USD' },
      DEFAULT_LINKEDIN_CONVERSION_MAPPING,
    );
    expect(mapped.ok && mapped.row).to.include({
      campaignExternalId: '318745620',
      date: '2026-11-01',
      spendCents: 101,
      revenueCents: 300,
    });
  });

  it('when LinkedIn answers an error, 401 is an expired token, 426 an inactive version and 429 a rate limit', () => {
    expect(
      linkedinHttpError(401, { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' }, 1_000),
    ).to.include({
      kind: 'auth',
      code: 'LINKEDIN_TOKEN_INVALID',
    });
    expect(linkedinHttpError(426, {}, 1_000)).to.include({
      kind: 'invalid_request',
      code: 'LINKEDIN_VERSION_INACTIVE',
    });
    expect(linkedinHttpError(429, {}, 1_000, '3')).to.include({ kind: 'rate_limit', retryAfterMs: 3_000 });
    expect(linkedinHttpError(504, {}, 1_000).kind).to.equal('transient');
  });
});
