import { expect } from 'chai';
import { adsLinkedinPlugin } from '../../../../plugins/ads-linkedin/index.js';
import { startLinkedInFake } from '../../../fakes/linkedin/fake-linkedin.js';
import type { LinkedInFake } from '../../../fakes/linkedin/fake-linkedin.js';
import {
  LINKEDIN_TOKEN,
  LINKEDIN_VERSION,
  LI_ACCOUNT_USD,
  generateLinkedInData,
} from '../../../fakes/linkedin/fixtures.js';
import { startPlatformHarness } from '../support/platform-harness.js';
import type { PlatformHarness } from '../support/platform-harness.js';
import { storedSumsByAccount } from '../support/stored-totals.js';

const PLUGIN = 'ads-linkedin';
const RANGE = { from: '2026-11-01', to: '2026-11-03' };
const CAMPAIGNS = 30;
/** Longer than a whole-account analytics URL, shorter than one listing 20 campaign URNs. */
const FAKE_MAX_URL = 900;

/** "12.34" → 1234 by string surgery (the generator writes two decimals or `.5`). */
function cents(decimal: string): number {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

describe('ads-linkedin: many campaigns split across calls, long queries tunnelled', function () {
  this.timeout(20_000);
  let harness: PlatformHarness;
  let fake: LinkedInFake;

  before(async () => {
    harness = await startPlatformHarness({ registry: [adsLinkedinPlugin] });
  });
  after(async () => harness.close());
  beforeEach(async () => {
    fake = await startLinkedInFake(
      generateLinkedInData({ campaigns: CAMPAIGNS, days: 3, from: RANGE.from }),
      {
        accessTokens: [LINKEDIN_TOKEN],
        versions: [LINKEDIN_VERSION],
        maxUrlLength: FAKE_MAX_URL,
      },
    );
  });
  afterEach(async () => fake.close());

  it('when one day of every campaign exceeds the per-call cap, the campaign list is split and a too-long URL is sent by query tunnelling; nothing is lost', async () => {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'Europe/Berlin' });
    await harness.install(tenant, PLUGIN, {
      accessToken: LINKEDIN_TOKEN,
      accountIds: [String(LI_ACCOUNT_USD)],
      apiBaseUrl: fake.baseUrl,
      authBaseUrl: fake.baseUrl,
      lateDataDays: 0,
      maxElementsPerCall: 20,
    });
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');

    const expected = { spendCents: 0, revenueCents: 0, impressions: 0, clicks: 0, conversions: 0, rows: 0 };
    for (const row of fake.data.rows) {
      expected.spendCents += cents(String(row.values['costInLocalCurrency']));
      expected.revenueCents += cents(String(row.values['conversionValueInLocalCurrency']));
      expected.impressions += Number(row.values['impressions']);
      expected.clicks += Number(row.values['clicks']);
      expected.conversions += Number(row.values['externalWebsiteConversions']);
      expected.rows += 1;
    }
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'linkedin');
    expect(sums[String(LI_ACCOUNT_USD)]).to.deep.equal(expected);

    const analytics = fake.requests.filter((request) => request.path === '/rest/adAnalytics');
    // 3 one-day windows × 2 campaign groups (20 + 10); the 20-campaign URL is refused once per
    // window (414) and sent again tunnelled; the 10-campaign one fits in a GET.
    const refused = analytics.filter((request) => request.status === 414);
    const tunnelled = analytics.filter((request) => request.method === 'POST');
    expect(refused).to.have.length(3);
    expect(tunnelled).to.have.length(3);
    for (const request of tunnelled) {
      expect(request.status).to.equal(200);
      expect(request.rawQuery).to.equal('');
      expect(request.headers['x-http-method-override']).to.equal('GET');
      expect(request.headers['content-type']).to.match(/^application\/x-www-form-urlencoded/);
      expect(String(request.body).match(/urn%3Ali%3AsponsoredCampaign%3A/g)).to.have.length(20);
    }
    const plain = analytics.filter((request) => request.method === 'GET' && request.status === 200);
    expect(plain).to.have.length(3);
    for (const request of plain)
      expect(request.rawQuery.match(/urn%3Ali%3AsponsoredCampaign%3A/g)).to.have.length(10);
  });
});
