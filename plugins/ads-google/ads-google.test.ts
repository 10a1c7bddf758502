import { expect } from 'chai';
import { metricsWindow } from './ads-source.js';
import { adsGoogleConfigSchema } from './config.js';
import { adsGoogleManifest } from './manifest.js';

describe('ads-google plugin', () => {
  it('when late data is configured, the read window always covers the last lateDataDays days of the range', () => {
    expect(metricsWindow({ from: '2026-03-08', to: '2026-03-10' }, 7)).to.deep.equal({
      from: '2026-03-04',
      to: '2026-03-10',
    });
    expect(metricsWindow({ from: '2026-01-01', to: '2026-03-10' }, 7)).to.deep.equal({
      from: '2026-01-01',
      to: '2026-03-10',
    });
    expect(metricsWindow({ from: '2026-03-08', to: '2026-03-10' }, 0)).to.deep.equal({
      from: '2026-03-08',
      to: '2026-03-10',
    });
  });

  it('when credentials are incomplete or ids carry dashes, the config is refused; defaults follow the reference', () => {
    const base = { customerIds: ['1234567890'], accessToken: 'ya29.token' };
    const parsed = adsGoogleConfigSchema.parse(base);
    expect(parsed).to.include({ conversionMetric: 'conversions', lateDataDays: 30 });
    expect(
      adsGoogleConfigSchema.safeParse({ customerIds: ['123-456-7890'], accessToken: 'x' }).success,
    ).to.equal(false);
    expect(
      adsGoogleConfigSchema.safeParse({ customerIds: ['1234567890'], refreshToken: 'r' }).success,
    ).to.equal(false);
    expect(adsGoogleConfigSchema.safeParse({ customerIds: ['1234567890'] }).success).to.equal(false);
    expect(adsGoogleConfigSchema.safeParse({ ...base, apiBaseUrl: 'ftp://example.com' }).success).to.equal(
      false,
    );
    expect(adsGoogleManifest.secretFields).to.include.members([
      'clientSecret',
      'refreshToken',
      'accessToken',
    ]);
    expect(adsGoogleManifest.permissions).to.include.members(['egress:http', 'events:publish']);
  });
});
