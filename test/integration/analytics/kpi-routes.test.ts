import { expect } from 'chai';
import { insertAccounts, insertCampaigns, insertMetrics } from './support/kpi-fixtures.js';
import { startAnalyticsTestApp } from './support/analytics-test-app.js';
import type { AnalyticsTestApp, KpiTestTenant } from './support/analytics-test-app.js';

interface ErrorBody {
  error: { code: string; details?: { in?: string; path: string }[] };
}

describe('KPI API (integration, HTTP on port 0, embedded DB)', () => {
  let app: AnalyticsTestApp;
  let tenant: KpiTestTenant;
  let other: KpiTestTenant;
  let campaignIds: Record<string, string>;
  let otherCampaignIds: Record<string, string>;

  before(async () => {
    // Monday 2026-03-16, 09:00 in New York.
    app = await startAnalyticsTestApp({ now: '2026-03-16T13:00:00Z' });
    tenant = await app.seedTenant('api', { users: true });
    other = await app.seedTenant('other', { users: true });
    await insertAccounts(app.connection, tenant.id, [
      { platform: 'meta', externalId: 'act_1' },
      { platform: 'google', externalId: 'act_g' },
      { platform: 'linkedin', externalId: 'act_l' },
    ]);
    campaignIds = await insertCampaigns(app.connection, tenant.id, [
      { platform: 'meta', externalId: 'c1', name: '=HYPERLINK("http://evil.example","click")' },
      { platform: 'meta', externalId: 'c2', name: 'Retargeting, "EU"', status: 'paused' },
      { platform: 'google', accountId: 'act_g', externalId: 'g1', name: '@SUM(A1:A9)' },
      { platform: 'google', accountId: 'act_g', externalId: 'g2', name: 'Idle campaign' },
    ]);
    otherCampaignIds = await insertCampaigns(app.connection, other.id, [
      { externalId: 'x1', name: 'Not yours' },
    ]);
    await insertMetrics(app.connection, tenant, [
      {
        campaignId: 'c1',
        date: '2026-03-09',
        impressions: 1_000,
        clicks: 10,
        conversions: 1,
        spendCents: 3_000,
        revenueCents: 9_000,
      },
      {
        campaignId: 'c1',
        date: '2026-03-15',
        impressions: 1_000,
        clicks: 10,
        conversions: 1,
        spendCents: 1_000,
        revenueCents: 1_000,
      },
      {
        campaignId: 'c2',
        date: '2026-03-10',
        impressions: 500,
        clicks: 5,
        conversions: 0,
        spendCents: 2_000,
        revenueCents: 0,
      },
      {
        platform: 'google',
        accountId: 'act_g',
        campaignId: 'g1',
        date: '2026-03-12',
        impressions: 2_000,
        clicks: 40,
        conversions: 4,
        spendCents: 4_000,
        revenueCents: 20_000,
      },
      // The week before last_week, for the comparison.
      {
        campaignId: 'c1',
        date: '2026-03-04',
        impressions: 100,
        clicks: 1,
        conversions: 1,
        spendCents: 5_000,
        revenueCents: 5_000,
      },
    ]);
    await insertMetrics(app.connection, other, [
      { campaignId: 'x1', date: '2026-03-10', spendCents: 99_999 },
    ]);
  });
  after(async () => {
    if (app !== undefined) await app.close();
  });

  it('when a viewer asks for totals of last week with a comparison, the preset resolves in the tenant zone and deltas are absolute and percent', async () => {
    const response = await app.api(
      '/kpis?range=last_week&compare=previous_period&metrics=spend,revenue,roas',
      tenant.tokens.viewer,
    );
    expect(response.status).to.equal(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).to.deep.include({
      from: '2026-03-09',
      to: '2026-03-15',
      range: 'last_week',
      currency: 'USD',
      timezone: 'America/New_York',
      totals: { spend: 10_000, revenue: 30_000, roas: 3 },
      comparison: {
        mode: 'previous_period',
        from: '2026-03-02',
        to: '2026-03-08',
        totals: { spend: 5_000, revenue: 5_000, roas: 1 },
        change: {
          spend: { absolute: 5_000, percent: 100 },
          revenue: { absolute: 25_000, percent: 500 },
          roas: { absolute: 2, percent: 200 },
        },
      },
    });
    expect((body['meta'] as { days: unknown[] }).days).to.have.length(7);
  });

  it('when parameters are bad, the answer is 400 naming each field', async () => {
    const cases: [string, string][] = [
      ['/kpis?from=2026-03-05&to=2026-03-01', 'from'],
      ['/kpis?range=fortnight', 'range'],
      ['/kpis?from=2026-03-01', 'to'],
      ['/kpis?range=today&metrics=spend,profit', 'metrics.1'],
      ['/kpis?range=today&compare=last_century', 'compare'],
      ['/kpis?range=today&colour=blue', ''],
      ['/kpis/breakdown?range=today&groupBy=day', 'groupBy'],
      ['/kpis/breakdown?range=today&limit=lots', 'limit'],
      ['/kpis/breakdown?range=today&sort=-profit', 'sort'],
      ['/kpis/timeseries?range=today&groupBy=campaign', 'groupBy'],
      ['/campaigns?range=today&cursor=!!', 'cursor'],
      ['/campaigns/not-an-id?range=today', 'id'],
    ];
    for (const [path, field] of cases) {
      const response = await app.api(path, tenant.tokens.viewer);
      expect(response.status, path).to.equal(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code, path).to.equal('INPUT_VALIDATION_FAILED');
      expect(
        body.error.details?.map((detail) => detail.path),
        path,
      ).to.include(field);
    }
  });

  it('when no credentials or too few rights are presented, reads answer 401 and exports 403 below analyst', async () => {
    expect((await app.api('/kpis?range=today')).status).to.equal(401);
    const forbidden = await app.api('/kpis/export?format=csv&range=last_week', tenant.tokens.viewer);
    expect(forbidden.status).to.equal(403);
    expect(((await forbidden.json()) as ErrorBody).error.code).to.equal('AUTH_FORBIDDEN');
    expect((await app.api('/kpis/export?range=last_week', tenant.tokens.analyst)).status).to.equal(400);
  });

  it('when an analyst exports campaigns as CSV, formula-like cells are neutralised and quoting is RFC 4180', async () => {
    const response = await app.api(
      '/kpis/export?format=csv&range=last_week&groupBy=campaign&metrics=spend,roas&sort=key',
      tenant.tokens.analyst,
    );
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/csv/);
    expect(response.headers.get('content-disposition')).to.equal(
      'attachment; filename="kpis-2026-03-09-2026-03-15.csv"',
    );
    expect(await response.text()).to.equal(
      [
        'platform,account_id,campaign_id,campaign_name,status,currency,spend,roas',
        "google,act_g,g1,'@SUM(A1:A9),active,USD,4000,5",
        `meta,act_1,c1,"'=HYPERLINK(""http://evil.example"",""click"")",active,USD,4000,2.5`,
        'meta,act_1,c2,"Retargeting, ""EU""",paused,USD,2000,0',
        '',
      ].join('\r\n'),
    );
  });

  it('when campaigns are listed, they page with a cursor, include idle ones at zero, and filter by status', async () => {
    const first = await app.api(
      '/campaigns?range=last_week&limit=2&metrics=spend,clicks',
      tenant.tokens.viewer,
    );
    expect(first.status).to.equal(200);
    const page1 = (await first.json()) as {
      data: { id: string; name: string; values: Record<string, number> }[];
      nextCursor: string | null;
      totalCount: number;
    };
    expect(page1.totalCount).to.equal(4);
    // Equal spend: ties break by platform:externalId.
    expect(page1.data.map((item) => [item.name, item.values.spend])).to.deep.equal([
      ['@SUM(A1:A9)', 4_000],
      ['=HYPERLINK("http://evil.example","click")', 4_000],
    ]);
    expect(page1.nextCursor).to.be.a('string');
    const second = await app.api(
      `/campaigns?range=last_week&limit=2&metrics=spend,clicks&cursor=${page1.nextCursor ?? ''}`,
      tenant.tokens.viewer,
    );
    const page2 = (await second.json()) as typeof page1;
    expect(page2.data.map((item) => [item.name, item.values])).to.deep.equal([
      ['Retargeting, "EU"', { spend: 2_000, clicks: 5 }],
      ['Idle campaign', { spend: 0, clicks: 0 }],
    ]);
    expect(page2.nextCursor).to.equal(null);
    const paused = await app.api('/campaigns?range=last_week&statuses=paused', tenant.tokens.viewer);
    expect(((await paused.json()) as typeof page1).data.map((item) => item.id)).to.deep.equal([
      campaignIds['c2'],
    ]);
  });

  it("when one campaign is read, it comes with a daily series; another tenant's campaign is 404", async () => {
    const response = await app.api(
      `/campaigns/${campaignIds['c1'] ?? ''}?range=last_week&metrics=spend`,
      tenant.tokens.viewer,
    );
    expect(response.status).to.equal(200);
    const body = (await response.json()) as {
      campaign: { name: string; platform: string };
      totals: Record<string, number>;
      rows: { key: string; values: Record<string, number> }[];
    };
    expect(body.campaign).to.deep.include({
      platform: 'meta',
      name: '=HYPERLINK("http://evil.example","click")',
    });
    expect(body.totals).to.deep.equal({ spend: 4_000 });
    expect(body.rows.map((row) => row.values.spend)).to.deep.equal([3_000, 0, 0, 0, 0, 0, 1_000]);
    const foreign = await app.api(
      `/campaigns/${otherCampaignIds['x1'] ?? ''}?range=last_week`,
      tenant.tokens.viewer,
    );
    expect(foreign.status).to.equal(404);
  });

  it('when platforms are listed, each shows its KPIs and sync status, idle platforms included', async () => {
    const response = await app.api('/platforms?range=last_week&metrics=spend,roas', tenant.tokens.viewer);
    expect(response.status).to.equal(200);
    const body = (await response.json()) as {
      rows: { key: string; values: Record<string, number | null> }[];
      meta: { platforms: { platform: string; lastSyncStatus: string | null }[] };
    };
    expect(body.rows.map((row) => [row.key, row.values])).to.deep.equal([
      ['meta', { spend: 6_000, roas: 10_000 / 6_000 }],
      ['google', { spend: 4_000, roas: 5 }],
      ['linkedin', { spend: 0, roas: null }],
    ]);
    expect(body.meta.platforms.map((platform) => platform.platform)).to.deep.equal([
      'google',
      'linkedin',
      'meta',
    ]);
  });

  it('when a weekly series is asked for on a Monday, this_week is today alone and the series is dense', async () => {
    const response = await app.api(
      '/kpis/timeseries?range=last_14_days&groupBy=week&metrics=spend',
      tenant.tokens.viewer,
    );
    const body = (await response.json()) as {
      from: string;
      to: string;
      rows: { key: string; values: { spend: number } }[];
    };
    expect([body.from, body.to]).to.deep.equal(['2026-03-02', '2026-03-15']);
    expect(body.rows.map((row) => [row.key, row.values.spend])).to.deep.equal([
      ['2026-03-02', 5_000],
      ['2026-03-09', 10_000],
    ]);
    const thisWeek = (await (
      await app.api('/kpis?range=this_week&metrics=spend', tenant.tokens.viewer)
    ).json()) as {
      from: string;
      to: string;
    };
    expect([thisWeek.from, thisWeek.to]).to.deep.equal(['2026-03-16', '2026-03-16']);
  });
});
