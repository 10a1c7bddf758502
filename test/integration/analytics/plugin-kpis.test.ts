import { expect } from 'chai';
import { createBasicKpiService, createPluginKpiService } from '../../../core/plugins/basic-kpi-service.js';
import { PluginError } from '../../../core/plugin-api/index.js';
import { insertCampaigns, insertMetrics } from './support/kpi-fixtures.js';
import { startAnalyticsTestApp } from './support/analytics-test-app.js';
import type { AnalyticsTestApp, KpiTestTenant } from './support/analytics-test-app.js';

describe('PluginContext.kpis over the KPI service (integration, embedded DB)', () => {
  let app: AnalyticsTestApp;
  let tenant: KpiTestTenant;

  before(async () => {
    app = await startAnalyticsTestApp();
    tenant = await app.seedTenant('plugin');
    await insertCampaigns(app.connection, tenant.id, [{ externalId: 'c1', name: 'One' }]);
    await insertMetrics(app.connection, tenant, [
      { campaignId: 'c1', date: '2026-02-01', spendCents: 1_000, revenueCents: 3_000 },
      { campaignId: 'c1', date: '2026-02-03', spendCents: 500, revenueCents: 500 },
      { campaignId: 'c1', date: '2026-01-10', spendCents: 700, revenueCents: 700 },
    ]);
  });
  after(async () => {
    if (app !== undefined) await app.close();
  });

  it('when a plugin groups by day, it gets the days with data, by campaign the external ids, with a comparison', async () => {
    const kpis = createPluginKpiService(app.analytics.service, tenant, ['kpis:read']);
    const byDay = await kpis.query({
      from: '2026-02-01',
      to: '2026-02-07',
      kpis: ['spend', 'roas'],
      groupBy: 'day',
    });
    expect(byDay.rows).to.deep.equal([
      { group: '2026-02-01', values: { spend: 1_000, roas: 3 } },
      { group: '2026-02-03', values: { spend: 500, roas: 1 } },
    ]);
    expect(byDay).to.deep.include({ currency: 'USD', timezone: 'America/New_York', unpricedRows: 0 });
    const byCampaign = await kpis.query({
      from: '2026-02-01',
      to: '2026-02-28',
      kpis: ['spend'],
      groupBy: 'campaign',
      compare: 'previous_year',
    });
    expect(byCampaign.rows).to.deep.equal([
      { group: 'c1', values: { spend: 1_500 }, previous: { spend: 0 } },
    ]);
    const totals = await kpis.query({
      from: '2026-02-01',
      to: '2026-02-28',
      kpis: ['spend'],
      compare: 'previous_period',
    });
    expect(totals.rows).to.deep.equal([{ group: null, values: { spend: 1_500 }, previous: { spend: 700 } }]);
  });

  it('when the plugin lacks kpis:read or sends a bad query, it gets a PluginError with a stable code', async () => {
    const denied = createPluginKpiService(app.analytics.service, tenant, ['metrics:read']);
    const missing = await denied
      .query({ from: '2026-02-01', to: '2026-02-02', kpis: ['spend'] })
      .catch((error: unknown) => error);
    expect(missing).to.be.instanceOf(PluginError);
    expect((missing as PluginError).code).to.equal('PLUGINS_PERMISSION_MISSING');
    const kpis = createPluginKpiService(app.analytics.service, tenant, ['kpis:read']);
    const invalid = await kpis
      .query({ from: '2026-02-09', to: '2026-02-02', kpis: ['spend'] })
      .catch((error: unknown) => error);
    expect((invalid as PluginError).code).to.equal('PLUGINS_KPI_QUERY_INVALID');
  });

  it('when the host passes no factory, the uncached fallback gives the same numbers', async () => {
    const fallback = createBasicKpiService(app.connection, tenant, ['kpis:read']);
    const shared = createPluginKpiService(app.analytics.service, tenant, ['kpis:read']);
    const query = { from: '2026-01-01', to: '2026-02-28', kpis: ['spend', 'revenue', 'roas'] as const };
    expect(await fallback.query({ ...query, kpis: [...query.kpis] })).to.deep.equal(
      await shared.query({ ...query, kpis: [...query.kpis] }),
    );
  });
});
