import { expect } from 'chai';
import { EXPIRED_TOKEN, FIXTURE_DAYS, FIXTURE_FROM, FIXTURE_TO } from '../../../fakes/meta/fixtures.js';
import { PLUGIN_ID, expectedTotals, startMetaSuite } from './support.js';
import type { MetaSuite } from './support.js';

const range = { from: FIXTURE_FROM, to: FIXTURE_TO };

describe('ads-meta under throttling, expired tokens and malformed payloads', function () {
  this.timeout(20_000);
  let suite: MetaSuite;

  before(async () => {
    suite = await startMetaSuite();
  });
  after(async () => {
    await suite.close();
  });

  it('when Meta throttles a storm of requests (HTTP 400, code 80000, regain time in the usage header), the sync waits each time and loses nothing', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant);
    const start = suite.fake.requests.length;
    suite.fake.rateLimitNext(3, { code: 80000, subcode: 2446079, regainMs: 600, pathIncludes: '/insights' });
    const summary = await suite.harness.sync(tenant, PLUGIN_ID, { range });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(await suite.harness.totals(tenant, 'meta')).to.deep.equal(
      expectedTotals(suite.fake.accounts, new Set(FIXTURE_DAYS)),
    );
    const made = suite.fake.requests.slice(start);
    const limited = made.filter((request) => request.rateLimited);
    expect(limited).to.have.length(3);
    expect(made.filter((request) => request.early)).to.deep.equal([]);
    for (const answer of limited) {
      const next = made.find(
        (request) =>
          request.at > answer.at && request !== answer && made.indexOf(request) > made.indexOf(answer),
      );
      expect(next, 'a request after the throttled one').to.not.equal(undefined);
      expect((next?.at ?? 0) - answer.at).to.be.at.least(600);
    }
  });

  it('when app-level throttling (code 4) carries no regain time, the sync backs off and still completes', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant);
    suite.fake.rateLimitNext(2, { code: 4, subcode: 1504022, regainMs: 0 });
    const summary = await suite.harness.sync(tenant, PLUGIN_ID, { range });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect((await suite.harness.totals(tenant, 'meta')).rows).to.equal(60);
  });

  it('when the token has expired, the run fails with an actionable auth error after exactly one request and the installation is in auth_error', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant, { accessToken: EXPIRED_TOKEN });
    const start = suite.fake.requests.length;
    const summary = await suite.harness.sync(tenant, PLUGIN_ID, { range });
    expect(summary.status).to.equal('failed');
    expect(summary.retryable).to.equal(false);
    expect(suite.fake.requests.length - start).to.equal(1);
    expect(suite.fake.requests.at(-1)).to.include({ errorCode: 190, status: 400 });
    const error = summary.errors[0];
    expect(error?.code).to.equal('META_TOKEN_EXPIRED');
    expect(error?.message)
      .to.match(/expired/)
      .and.match(/accessToken/);
    const installation = await suite.harness.connection
      .collection('pluginInstallations')
      .findOne({ tenantId: tenant.tenantId, pluginId: PLUGIN_ID });
    expect(installation?.['status']).to.equal('auth_error');
    expect(suite.harness.logs.join('\n')).to.not.include(EXPIRED_TOKEN);
  });

  it('when rows are malformed (missing fields, wrong types, unknown enum values), each is reported and skipped and the rest is stored', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant, { accountIds: ['act_1003'] });
    const campaign = suite.fake.campaign('4001');
    if (campaign === undefined) throw new Error('fixture changed');
    const originals = new Map(campaign.days);
    campaign.days.set('2026-11-02', {
      raw: {
        campaign_id: '4001',
        date_start: '2026-11-02',
        date_stop: '2026-11-02',
        spend: 12.5,
        impressions: '10',
        clicks: '1',
        account_currency: 'EUR',
      },
    });
    campaign.days.set('2026-11-03', {
      raw: {
        date_start: '2026-11-03',
        date_stop: '2026-11-03',
        spend: '1.00',
        impressions: '10',
        clicks: '1',
        account_currency: 'EUR',
      },
    });
    campaign.days.set('2026-11-04', {
      raw: { campaign_id: '4001', spend: '1.00', impressions: 'many', clicks: '1', account_currency: 'EUR' },
    });
    campaign.days.set('2026-11-05', {
      raw: {
        campaign_id: '4001',
        date_start: '2026-11-05',
        date_stop: '2026-11-05',
        spend: '1.00',
        impressions: '10',
        clicks: '1',
        account_currency: 'EUR',
        actions: 'lots',
      },
    });
    const fake = suite.fake.accounts.find((account) => account.id === '1003');
    fake?.campaigns.push({
      id: '4999',
      name: 'Broken',
      status: 'ACTIVE',
      objective: 'OUTCOME_SALES',
      raw: { id: '4999', name: 'Broken', status: 'FROZEN', objective: 'OUTCOME_SALES' },
      days: new Map(),
    });
    try {
      const summary = await suite.harness.sync(tenant, PLUGIN_ID, { range });
      expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
      // 1 campaign with an unknown status + 4 bad insights rows (the one with `actions: "lots"` too).
      expect(summary.invalidRows).to.equal(5);
      expect(summary.errors.map((error) => error.code)).to.include('INGEST_ROW_INVALID');
      const stored = await suite.harness.connection
        .collection('metricsDaily')
        .find({ tenantId: tenant.tenantId }, { projection: { _id: 0, date: 1 } })
        .toArray();
      expect(stored.map((row) => row['date']).sort()).to.deep.equal(
        FIXTURE_DAYS.filter((day) => !['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'].includes(day)),
      );
      expect(
        await suite.harness.connection
          .collection('campaigns')
          .countDocuments({ tenantId: tenant.tenantId, externalId: '4999' }),
      ).to.equal(0);
      expect(suite.harness.logs.join('\n')).to.include('malformed insights row from Meta');
    } finally {
      for (const [day, value] of originals) campaign.days.set(day, value);
      fake?.campaigns.pop();
    }
  });
});
