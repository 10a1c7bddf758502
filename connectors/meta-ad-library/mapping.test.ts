import { expect } from 'chai';
import { adLibraryParams } from './endpoints.js';
import { mapAdLibraryRow } from './mapping.js';

describe('Meta Ad Library mapping', () => {
  it('when a political ad carries spend and impressions, both stay ranges and spend is in minor units', () => {
    const mapped = mapAdLibraryRow({
      id: '77',
      currency: 'JPY',
      spend: { lower_bound: '1000', upper_bound: '4999' },
      impressions: { lower_bound: '1000000' },
      ad_delivery_start_time: '2026-11-02T08:00:00+0100',
    });
    expect(mapped.ok).to.equal(true);
    if (!mapped.ok) return;
    expect(mapped.ad.spendRange).to.deep.equal({ kind: 'range', lower: 1000, upper: 4999, currency: 'JPY' });
    expect(mapped.ad.impressionsRange).to.deep.equal({ kind: 'range', lower: 1_000_000, upper: null });
    expect(mapped.ad.deliveryStart).to.equal('2026-11-02T07:00:00.000Z');
  });

  it('when a commercial ad has no currency, spend bounds are ignored rather than guessed', () => {
    const mapped = mapAdLibraryRow({ id: '78', spend: { lower_bound: '0', upper_bound: '99' } });
    expect(mapped.ok && mapped.ad.spendRange).to.equal(null);
  });

  it('when a row has no numeric Library id, it is refused with a reason', () => {
    expect(mapAdLibraryRow({ id: 'abc' })).to.deep.equal({ ok: false, reason: 'row has no Library id' });
    expect(mapAdLibraryRow('x')).to.deep.equal({ ok: false, reason: 'row is not an object' });
  });

  it('when a search names no country or too many pages, the params are refused before any request', () => {
    expect(() => adLibraryParams({ search: { by: 'keywords', terms: 'sale' }, countries: [] })).to.throw(
      TypeError,
    );
    const pageIds = Array.from({ length: 11 }, (_, index) => String(index + 1));
    expect(() => adLibraryParams({ search: { by: 'pages', pageIds }, countries: ['DE'] })).to.throw(
      TypeError,
    );
    expect(
      adLibraryParams({
        search: { by: 'keywords', terms: 'free shipping', exactPhrase: true },
        countries: ['DE', 'FR'],
      }),
    ).to.include({
      search_type: 'KEYWORD_EXACT_PHRASE',
      ad_reached_countries: '["DE","FR"]',
      ad_active_status: 'ALL',
    });
  });
});
