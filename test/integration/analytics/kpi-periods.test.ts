import { expect } from 'chai';
import { insertAccounts, insertMetrics, insertSyncRun } from './support/kpi-fixtures.js';
import { startAnalyticsTestApp } from './support/analytics-test-app.js';
import type { AnalyticsTestApp } from './support/analytics-test-app.js';

describe('KPI service: periods, time zones and currencies (integration, embedded DB)', () => {
  let app: AnalyticsTestApp;

  before(async () => {
    app = await startAnalyticsTestApp({ now: '2026-03-15T12:00:00Z' });
  });
  after(async () => {
    if (app !== undefined) await app.close();
  });

  it('when the previous period crosses months of different lengths, it sums exactly the same number of days before', async () => {
    const tenant = await app.seedTenant('prev');
    await insertMetrics(app.connection, tenant, [
      { campaignId: 'c1', date: '2026-01-28', spendCents: 1, clicks: 1 }, // one day too early
      { campaignId: 'c1', date: '2026-01-29', spendCents: 10, clicks: 1 },
      { campaignId: 'c1', date: '2026-02-28', spendCents: 100, clicks: 1 },
      { campaignId: 'c1', date: '2026-03-01', spendCents: 400, clicks: 2 },
      { campaignId: 'c1', date: '2026-03-31', spendCents: 200, clicks: 2 },
      { campaignId: 'c1', date: '2026-04-01', spendCents: 9_999, clicks: 9 }, // one day too late
    ]);
    const answer = await app.analytics.service.query(tenant.id, {
      from: '2026-03-01',
      to: '2026-03-31',
      metrics: ['spend', 'clicks', 'cpc'],
      compare: 'previous_period',
    });
    expect(answer.totals).to.deep.equal({ spend: 600, clicks: 4, cpc: 150 });
    expect(answer.comparison).to.deep.equal({
      mode: 'previous_period',
      from: '2026-01-29',
      to: '2026-02-28',
      totals: { spend: 110, clicks: 2, cpc: 55 },
      change: {
        spend: { absolute: 490, percent: 445.454545455 },
        clicks: { absolute: 2, percent: 100 },
        cpc: { absolute: 95, percent: 172.727272727 },
      },
    });
    // Daily rows line up with the day the same distance into the previous period.
    const daily = await app.analytics.service.query(tenant.id, {
      from: '2026-03-01',
      to: '2026-03-31',
      metrics: ['spend'],
      groupBy: 'day',
      compare: 'previous_period',
    });
    expect(daily.rows).to.have.length(31);
    expect(daily.rows[0]).to.deep.include({
      key: '2026-03-01',
      values: { spend: 400 },
      previous: { spend: 10 },
    });
    expect(daily.rows[30]).to.deep.include({
      key: '2026-03-31',
      values: { spend: 200 },
      previous: { spend: 100 },
    });
    expect(daily.rows[1]?.change).to.deep.equal({ spend: { absolute: 0, percent: null } });
  });

  it('when compared with the previous year, the same dates a year earlier are summed', async () => {
    const tenant = await app.seedTenant('yoy');
    await insertMetrics(app.connection, tenant, [
      { campaignId: 'c1', date: '2025-03-10', spendCents: 300 },
      { campaignId: 'c1', date: '2025-03-11', spendCents: 5_000 }, // outside the previous-year span
      { campaignId: 'c1', date: '2026-03-10', spendCents: 600 },
    ]);
    const answer = await app.analytics.service.query(tenant.id, {
      from: '2026-03-01',
      to: '2026-03-10',
      metrics: ['spend'],
      groupBy: 'month',
      compare: 'previous_year',
    });
    expect(answer.comparison).to.deep.include({
      from: '2025-03-01',
      to: '2025-03-10',
      totals: { spend: 300 },
    });
    expect(answer.comparison?.change).to.deep.equal({ spend: { absolute: 300, percent: 100 } });
    expect(answer.rows).to.deep.equal([
      {
        key: '2026-03-01',
        label: '2026-03-01',
        from: '2026-03-01',
        to: '2026-03-10',
        values: { spend: 600 },
        dataRows: 1,
        previous: { spend: 300 },
        change: { spend: { absolute: 300, percent: 100 } },
      },
    ]);
  });

  it('when the range spans a DST change in the tenant zone, every calendar day has exactly one row and weeks run Monday–Sunday', async () => {
    const tenant = await app.seedTenant('dst', { timezone: 'America/New_York' });
    await insertMetrics(app.connection, tenant, [
      { campaignId: 'c1', date: '2026-03-07', impressions: 100 },
      { campaignId: 'c1', date: '2026-03-08', impressions: 230 }, // the 23-hour day
      { campaignId: 'c1', date: '2026-03-09', impressions: 240 },
    ]);
    const daily = await app.analytics.service.query(tenant.id, {
      from: '2026-03-06',
      to: '2026-03-10',
      metrics: ['impressions'],
      groupBy: 'day',
    });
    expect(daily.rows.map((row) => [row.key, row.values.impressions])).to.deep.equal([
      ['2026-03-06', 0],
      ['2026-03-07', 100],
      ['2026-03-08', 230],
      ['2026-03-09', 240],
      ['2026-03-10', 0],
    ]);
    const weekly = await app.analytics.service.query(tenant.id, {
      from: '2026-03-06',
      to: '2026-03-10',
      metrics: ['impressions'],
      groupBy: 'week',
    });
    expect(weekly.rows.map((row) => [row.key, row.from, row.to, row.values.impressions])).to.deep.equal([
      ['2026-03-02', '2026-03-06', '2026-03-08', 330],
      ['2026-03-09', '2026-03-09', '2026-03-10', 240],
    ]);
    // "yesterday" asked at 00:30 local on 2026-03-09 (04:30Z, UTC-4 since the change) is the 8th.
    app.clock.set('2026-03-09T04:30:00Z');
    try {
      const yesterday = await app.analytics.service.query(tenant.id, {
        range: 'yesterday',
        metrics: ['impressions'],
      });
      expect([yesterday.from, yesterday.to, yesterday.totals.impressions]).to.deep.equal([
        '2026-03-08',
        '2026-03-08',
        230,
      ]);
    } finally {
      app.clock.set('2026-03-15T12:00:00Z');
    }
  });

  it('when an account runs in another zone, its own days are reported as is, the answer names its zone, and days settle by the zone furthest ahead', async () => {
    const tenant = await app.seedTenant('zones', { timezone: 'America/New_York' });
    await insertAccounts(app.connection, tenant.id, [
      { platform: 'meta', externalId: 'act_ny', timezone: 'America/New_York' },
      { platform: 'tiktok', externalId: 'act_tokyo', timezone: 'Asia/Tokyo' },
    ]);
    await insertMetrics(app.connection, tenant, [
      { platform: 'tiktok', accountId: 'act_tokyo', campaignId: 't1', date: '2026-03-13', clicks: 7 },
      { platform: 'meta', accountId: 'act_ny', campaignId: 'm1', date: '2026-03-13', clicks: 5 },
    ]);
    // 20:00Z: 16:00 on the 15th in New York, 05:00 on the 16th in Tokyo.
    app.clock.set('2026-03-15T20:00:00Z');
    try {
      const all = await app.analytics.service.query(tenant.id, {
        from: '2026-03-12',
        to: '2026-03-14',
        metrics: ['clicks'],
        groupBy: 'day',
      });
      expect(all.rows.map((row) => [row.key, row.values.clicks])).to.deep.equal([
        ['2026-03-12', 0],
        ['2026-03-13', 12],
        ['2026-03-14', 0],
      ]);
      expect(all.meta.accountTimezones).to.deep.equal([
        { platform: 'tiktok', accountId: 'act_tokyo', timezone: 'Asia/Tokyo' },
      ]);
      expect(
        all.meta.platforms.map((platform) => [platform.platform, platform.lastSettledDay]),
      ).to.deep.equal([
        ['meta', '2026-03-12'],
        ['tiktok', '2026-03-13'],
      ]);
      expect(all.meta.days).to.deep.equal([
        { date: '2026-03-12', settled: true },
        { date: '2026-03-13', settled: false }, // meta may still restate it
        { date: '2026-03-14', settled: false },
      ]);
      const tokyoOnly = await app.analytics.service.query(tenant.id, {
        from: '2026-03-12',
        to: '2026-03-14',
        metrics: ['clicks'],
        platforms: ['tiktok'],
      });
      expect(tokyoOnly.meta.days.map((day) => day.settled)).to.deep.equal([true, true, false]);
      expect(tokyoOnly.totals.clicks).to.equal(7);
    } finally {
      app.clock.set('2026-03-15T12:00:00Z');
    }
  });

  it('when accounts report in other currencies, converted amounts are summed and rows without a rate are left out of money and reported', async () => {
    const tenant = await app.seedTenant('fx', { currency: 'EUR', timezone: 'Europe/Berlin' });
    await insertMetrics(app.connection, tenant, [
      // prettier-ignore
      { campaignId: 'eur', date: '2026-03-02', clicks: 10, conversions: 1, spendCents: 1_000, revenueCents: 3_000, currency: 'EUR' },
      // prettier-ignore
      { platform: 'google', campaignId: 'usd', date: '2026-03-02', clicks: 20, conversions: 2, spendCents: 2_000, revenueCents: 5_000, currency: 'USD', spendCentsTenant: 1_840, revenueCentsTenant: 4_600 },
      // prettier-ignore
      { platform: 'snapchat', campaignId: 'gbp', date: '2026-03-03', clicks: 30, conversions: 3, spendCents: 7_000, revenueCents: 9_000, currency: 'GBP', fxMissing: true },
    ]);
    const answer = await app.analytics.service.query(tenant.id, {
      from: '2026-03-01',
      to: '2026-03-07',
      metrics: ['spend', 'revenue', 'clicks', 'conversions', 'cpc', 'cpa', 'roas', 'cvr'],
    });
    expect(answer.currency).to.equal('EUR');
    expect(answer.totals).to.deep.equal({
      spend: 2_840,
      revenue: 7_600,
      clicks: 60, // every row's events count…
      conversions: 6,
      cpc: 95, // …but money per event divides by priced rows' events only: 2,840 / 30 = 94.67
      cpa: 947, // 2,840 / 3 = 946.67
      roas: 7_600 / 2_840,
      cvr: 0.1,
    });
    expect(answer.meta.fx).to.deep.equal({
      unpricedRows: 1,
      missing: [{ currency: 'GBP', date: '2026-03-03' }],
    });
    const byPlatform = await app.analytics.service.query(tenant.id, {
      from: '2026-03-01',
      to: '2026-03-07',
      metrics: ['spend', 'cpc'],
      groupBy: 'platform',
    });
    expect(byPlatform.rows.map((row) => [row.key, row.values])).to.deep.equal([
      ['google', { spend: 1_840, cpc: 92 }],
      ['meta', { spend: 1_000, cpc: 100 }],
      ['snapchat', { spend: 0, cpc: null }],
    ]);
    const stored = await app.connection
      .collection('metricsDaily')
      .findOne({ tenantId: tenant.id, campaignId: 'usd' });
    expect(stored).to.deep.include({
      spendCents: 2_000,
      currency: 'USD',
      spendCentsTenant: 1_840,
      tenantCurrency: 'EUR',
    });
  });

  it('when platforms have synced, the answer states the last successful sync and the attribution each reports', async () => {
    const tenant = await app.seedTenant('fresh');
    await insertAccounts(app.connection, tenant.id, [
      { platform: 'meta', externalId: 'act_1' },
      { platform: 'google', externalId: 'act_g' },
    ]);
    await insertSyncRun(app.connection, tenant.id, {
      installationId: 'inst-meta',
      status: 'succeeded',
      finishedAt: new Date('2026-03-15T10:00:00Z'),
    });
    await insertSyncRun(app.connection, tenant.id, {
      installationId: 'inst-meta',
      status: 'failed',
      finishedAt: new Date('2026-03-15T11:00:00Z'),
    });
    await insertMetrics(app.connection, tenant, [
      {
        campaignId: 'c1',
        date: '2026-03-14',
        clicks: 1,
        attribution: { clickThroughDays: 7, viewThroughDays: 1 },
      },
      { platform: 'google', accountId: 'act_g', campaignId: 'g1', date: '2026-03-14', clicks: 1 },
    ]);
    const answer = await app.analytics.service.query(tenant.id, {
      range: 'last_7_days',
      metrics: ['clicks'],
    });
    expect([answer.from, answer.to, answer.range]).to.deep.equal(['2026-03-08', '2026-03-14', 'last_7_days']);
    expect(
      answer.meta.platforms.map(({ platform, lastSuccessfulSyncAt, lastSyncStatus, attribution }) => ({
        platform,
        lastSuccessfulSyncAt,
        lastSyncStatus,
        attribution,
      })),
    ).to.deep.equal([
      { platform: 'google', lastSuccessfulSyncAt: null, lastSyncStatus: null, attribution: null },
      {
        platform: 'meta',
        lastSuccessfulSyncAt: '2026-03-15T10:00:00.000Z',
        lastSyncStatus: 'failed',
        attribution: { clickThroughDays: 7, viewThroughDays: 1 },
      },
    ]);
  });
});
