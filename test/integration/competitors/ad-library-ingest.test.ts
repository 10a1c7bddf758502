import { expect } from 'chai';
import { startFakeAdLibrary } from '../../fakes/meta-ad-library/fake-ad-library-server.js';
import type { FakeAdLibrary, FakeLibraryAd } from '../../fakes/meta-ad-library/fake-ad-library-server.js';
import { startCompetitorsHost } from './support/competitors-host.js';
import type { CompetitorsHost } from './support/competitors-host.js';

const TOKEN = 'ad-library-token-0123456789';
const PLUGIN = 'competitors-meta-ad-library';
const PAGE = '1111111111';

const commercial = (id: string, day: string, body: string): FakeLibraryAd => ({
  id,
  page_id: PAGE,
  page_name: 'Rival GmbH',
  ad_creation_time: `${day}T07:00:00+0000`,
  ad_delivery_start_time: `${day}T08:00:00+0000`,
  ad_creative_bodies: [body],
  ad_creative_link_titles: ['Rival'],
  publisher_platforms: ['FACEBOOK', 'INSTAGRAM'],
  languages: ['de'],
  ad_snapshot_url: `https://www.facebook.com/ads/archive/render_ad/?id=${id}`,
});

function library(): FakeLibraryAd[] {
  return [
    commercial('9001', '2026-10-01', '20% off all shoes'),
    commercial('9002', '2026-10-02', 'Free shipping this week'),
    {
      ...commercial('9003', '2026-10-03', 'New collection'),
      ad_delivery_stop_time: '2026-10-20T00:00:00+0000',
    },
    // A political ad: the only kind with spend and impressions, as ranges.
    {
      ...commercial('9004', '2026-10-04', 'Vote for green streets'),
      currency: 'EUR',
      spend: { lower_bound: '100', upper_bound: '199' },
      impressions: { lower_bound: '1000', upper_bound: '1999' },
    },
    // Only the id and the page: every optional field missing.
    { id: '9005', page_id: PAGE, ad_delivery_start_time: '2026-10-05' },
    // No Library id: refused, never stored.
    {
      page_id: PAGE,
      ad_delivery_start_time: '2026-10-06',
      ad_creative_bodies: ['broken'],
    } as unknown as FakeLibraryAd,
    { ...commercial('9100', '2026-10-01', 'Someone else'), page_id: '2222222222' },
  ];
}

describe('Meta Ad Library ingest (integration)', function () {
  this.timeout(60_000);
  let host: CompetitorsHost;
  let fake: FakeAdLibrary;
  let tenantId: string;
  let tokens: Awaited<ReturnType<CompetitorsHost['tenant']>>['tokens'];
  let otherTokens: typeof tokens;
  let competitorId: string;

  before(async () => {
    host = await startCompetitorsHost('competitors-ingest');
    fake = await startFakeAdLibrary({ token: TOKEN, ads: library() });
    ({ tenantId, tokens } = await host.tenant('ingest-shop'));
    otherTokens = (await host.tenant('ingest-other')).tokens;
    const { platform } = host.running.context;
    await platform.plugins.service.install(tenantId, PLUGIN, {
      config: { accessToken: TOKEN, apiBaseUrl: fake.url, pageSize: 2 },
    });
    await platform.plugins.service.enable(tenantId, PLUGIN);
    const created = await host.call('POST', '/competitors', tokens.manager, {
      name: 'Rival GmbH',
      metaPageIds: [PAGE],
      countries: ['DE'],
    });
    competitorId = (created.body as { id: string }).id;
  });
  after(async () => {
    await fake?.close();
    await host?.close();
  });

  const ingest = () =>
    host.running.context.platform.competitors.ingest(tenantId, PLUGIN, new AbortController().signal);
  const archiveCalls = () => fake.requests.filter((request) => request.path.endsWith('/ads_archive'));
  const storedAds = async () =>
    (await host.call('GET', `/competitors/${competitorId}/ads?limit=200`, tokens.viewer)).body as {
      data: Array<{
        externalId: string;
        active: boolean;
        platforms: string[];
        spendRangeCents: unknown;
        impressionsRange: unknown;
        creative: { bodies: string[] };
      }>;
      coverage: string;
    };

  it('when the first run meets a throttle, pages and rows with missing fields, each valid ad is stored once', async () => {
    fake.requests.length = 0;
    fake.throttleNext(1);
    const outcome = await ingest();
    expect(outcome).to.include({ competitors: 1, created: 5, changed: 0, rejected: 1 });
    const calls = archiveCalls();
    expect(calls[0]?.status).to.equal(400);
    const served = calls.filter((call) => call.status === 200);
    expect(served.map((call) => call.returned)).to.deep.equal([2, 2, 2]);
    for (const call of calls) {
      expect(call.params['ad_reached_countries']).to.equal('["DE"]');
      expect(call.params['search_page_ids']).to.equal(`["${PAGE}"]`);
      expect(call.params['ad_delivery_date_min']).to.equal(undefined);
    }
    const ads = await storedAds();
    expect(ads.data.map((ad) => ad.externalId).sort()).to.deep.equal([
      '9001',
      '9002',
      '9003',
      '9004',
      '9005',
    ]);
    expect(ads.coverage).to.match(/never with spend/);
    const byId = new Map(ads.data.map((ad) => [ad.externalId, ad]));
    expect(byId.get('9004')?.spendRangeCents).to.deep.equal({
      kind: 'range',
      lower: 10_000,
      upper: 19_900,
      currency: 'EUR',
    });
    expect(byId.get('9004')?.impressionsRange).to.deep.equal({ kind: 'range', lower: 1000, upper: 1999 });
    expect(byId.get('9001')?.spendRangeCents).to.equal(null);
    expect(byId.get('9001')?.platforms).to.deep.equal(['facebook', 'instagram']);
    expect(byId.get('9003')?.active).to.equal(false);
    expect(byId.get('9005')?.creative.bodies).to.deep.equal([]);
  });

  it('when nothing new was delivered, the next run asks only for ads since the last run and stores nothing', async () => {
    fake.requests.length = 0;
    const outcome = await ingest();
    expect(outcome).to.include({ created: 0, changed: 0, unchanged: 0 });
    const today = new Date().toISOString().slice(0, 10);
    expect(archiveCalls().map((call) => [call.params['ad_delivery_date_min'], call.returned])).to.deep.equal([
      [today, 0],
    ]);
    expect((await storedAds()).data).to.have.length(5);
  });

  it('when a new ad starts, the incremental run fetches only it and stores it once', async () => {
    const today = new Date().toISOString().slice(0, 10);
    fake.ads = [...fake.ads, commercial('9006', today, 'Black week: 30% off')];
    fake.requests.length = 0;
    const outcome = await ingest();
    expect(outcome).to.include({ created: 1, changed: 0 });
    expect(archiveCalls().map((call) => call.returned)).to.deep.equal([1]);
    expect((await storedAds()).data).to.have.length(6);
  });

  it('when Meta refuses the token, the run fails as an auth error and nothing stored changes', async () => {
    fake.failNext(400, 190, 'Error validating access token');
    let failure: unknown;
    await ingest().catch((error: unknown) => (failure = error));
    expect((failure as { kind?: string }).kind).to.equal('auth');
    expect((await storedAds()).data).to.have.length(6);
  });

  it('when a manager asks for a refresh, one ingest job is queued on the intel queue; a viewer may not ask', async () => {
    expect((await host.call('POST', '/competitors/ingest-runs', tokens.viewer)).status).to.equal(403);
    const first = await host.call('POST', '/competitors/ingest-runs', tokens.manager);
    const second = await host.call('POST', '/competitors/ingest-runs', tokens.manager);
    expect(first.status).to.equal(202);
    expect((second.body as { runId: string }).runId).to.equal((first.body as { runId: string }).runId);
    const queued = await host.running.context.platform.jobs.list({ tenantId, status: 'queued', limit: 50 });
    const ingests = queued.data.filter((job) => job.name === 'competitors.ingest');
    expect(ingests.map((job) => [job.id, job.queue])).to.deep.equal([
      [(first.body as { runId: string }).runId, 'intel'],
    ]);
  });

  it("when another tenant asks for this competitor's ads, it is not found", async () => {
    expect((await host.call('GET', `/competitors/${competitorId}/ads`, otherTokens.admin)).status).to.equal(
      404,
    );
  });
});
