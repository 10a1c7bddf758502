import { expect } from 'chai';
import { adsGooglePlugin } from '../../../plugins/ads-google/index.js';
import { adsLinkedinPlugin } from '../../../plugins/ads-linkedin/index.js';
import { createAdsMetaPlugin } from '../../../plugins/ads-meta/index.js';
import { adsSnapchatPlugin } from '../../../plugins/ads-snapchat/index.js';
import { adsTiktokPlugin } from '../../../plugins/ads-tiktok/index.js';
import { startFakeMeta } from '../../fakes/meta/fake-meta-server.js';
import type { FakeMeta } from '../../fakes/meta/fake-meta-server.js';
import { GOOD_TOKEN, fixtureAccounts } from '../../fakes/meta/fixtures.js';
import { startPlatformHarness } from './support/platform-harness.js';
import type { PlatformHarness } from './support/platform-harness.js';

const APP_ID = '123456789';
const APP_SECRET = 'fake-app-secret-0123456789';

interface ApiVersionBody {
  version: string;
  sunsetDate: string | null;
  daysLeft: number | null;
}
interface PluginBody {
  id: string;
  apiVersion: ApiVersionBody | null;
  installation: { apiVersion: ApiVersionBody | null; tokenExpiresInDays: number | null } | null;
}

/** Whole days from today (UTC) to `day`, counted on the calendar. */
function daysFromToday(day: string): number {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${day}T00:00:00Z`) - today) / 86_400_000);
}

describe('GET /api/v1/plugins: API versions and token expiry of the ad platforms', function () {
  this.timeout(20_000);
  let harness: PlatformHarness;
  let fake: FakeMeta;

  before(async () => {
    fake = await startFakeMeta({
      accounts: fixtureAccounts(),
      appId: APP_ID,
      appSecret: APP_SECRET,
      tokens: [
        {
          token: GOOD_TOKEN,
          scopes: ['ads_read'],
          expiresAt: Math.floor(Date.now() / 1000) + 10 * 86_400 + 3_600,
        },
      ],
    });
    harness = await startPlatformHarness({
      registry: [
        createAdsMetaPlugin(),
        adsGooglePlugin,
        adsTiktokPlugin,
        adsSnapchatPlugin,
        adsLinkedinPlugin,
      ],
    });
  });
  after(async () => {
    await harness?.close();
    await fake?.close();
  });

  it('when the catalog is listed, each ad platform shows its API version, published sunset and the days left', async () => {
    const tenant = await harness.createTenant();
    const response = await harness.api(tenant, '/plugins');
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { data: PluginBody[] };
    const versions = Object.fromEntries(body.data.map((plugin) => [plugin.id, plugin.apiVersion]));
    expect(versions).to.deep.equal({
      'ads-meta': { version: 'v25.0', sunsetDate: '2027-02-23', daysLeft: daysFromToday('2027-02-23') },
      'ads-google': { version: 'v26', sunsetDate: '2027-11-01', daysLeft: daysFromToday('2027-11-01') },
      'ads-tiktok': { version: 'v1.3', sunsetDate: null, daysLeft: null },
      'ads-snapchat': { version: 'v1', sunsetDate: null, daysLeft: null },
      'ads-linkedin': { version: '202603', sunsetDate: '2027-03-16', daysLeft: daysFromToday('2027-03-16') },
    });
    expect(body.data.every((plugin) => plugin.installation === null)).to.equal(true);
  });

  it('when an installation pins another version and its token expires in 10 days, its view shows that version and the days left on the token', async () => {
    const tenant = await harness.createTenant();
    await harness.install(tenant, 'ads-meta', {
      accessToken: GOOD_TOKEN,
      appId: APP_ID,
      appSecret: APP_SECRET,
      accountIds: ['act_1001'],
      apiBaseUrl: fake.url,
      apiVersion: 'v27.0',
    });
    const before = (await (await harness.api(tenant, '/plugins/ads-meta')).json()) as PluginBody;
    // Not checked yet: the manifest's version stands in, no token figure is known.
    expect(before.installation).to.deep.include({
      apiVersion: { version: 'v25.0', sunsetDate: '2027-02-23', daysLeft: daysFromToday('2027-02-23') },
      tokenExpiresInDays: null,
    });

    const { result } = await harness.platform.plugins.service.check(tenant.tenantId, 'ads-meta');
    expect(result.status, result.message).to.equal('degraded');
    const response = await harness.api(tenant, '/plugins/ads-meta');
    expect(response.status).to.equal(200);
    const after = (await response.json()) as PluginBody;
    expect(after.apiVersion?.version).to.equal('v25.0');
    expect(after.installation).to.deep.include({
      apiVersion: { version: 'v27.0', sunsetDate: null, daysLeft: null },
      tokenExpiresInDays: 10,
    });
    expect(fake.requests.some((request) => request.path.startsWith('/v27.0/'))).to.equal(true);
  });
});
