import { expect } from 'chai';
import { runKpisCommand } from '../../../core/cli/kpis-command.js';
import { insertAccounts, insertCampaigns, insertMetrics } from './support/kpi-fixtures.js';
import { startAnalyticsTestApp } from './support/analytics-test-app.js';
import type { AnalyticsTestApp, KpiTestTenant } from './support/analytics-test-app.js';

describe('stratum kpis (integration, the command against a real embedded DB server)', () => {
  let app: AnalyticsTestApp;
  let tenant: KpiTestTenant;

  before(async () => {
    app = await startAnalyticsTestApp();
    tenant = await app.seedTenant('cli', { currency: 'EUR', timezone: 'Europe/Berlin' });
    await insertAccounts(app.connection, tenant.id, [
      { platform: 'meta', externalId: 'act_1', currency: 'EUR', timezone: 'Europe/Berlin' },
    ]);
    await insertCampaigns(app.connection, tenant.id, [{ externalId: 'c1', name: 'Winter sale' }]);
    await insertMetrics(app.connection, tenant, [
      {
        campaignId: 'c1',
        date: '2026-02-02',
        impressions: 1_000,
        clicks: 40,
        conversions: 4,
        spendCents: 12_345,
        revenueCents: 50_000,
      },
      {
        campaignId: 'c1',
        date: '2026-02-03',
        impressions: 1_000,
        clicks: 10,
        conversions: 1,
        spendCents: 655,
        revenueCents: 0,
      },
    ]);
  });
  after(async () => {
    if (app !== undefined) await app.close();
  });

  async function run(argv: readonly string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const uri = new URL(app.uri);
    uri.pathname = '/stratum_kpis_test';
    const code = await runKpisCommand(argv, {
      env: {
        MONGODB_URI: uri.toString(),
        JWT_SECRET: 'cli-test-jwt-secret-0123456789-abcdefghijkl',
        ENCRYPTION_KEY: 'cli-test-encryption-key-0123456789-abcdefg',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
      },
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('when asked with --json, it prints the same answer the service gives', async () => {
    const result = await run([
      '--tenant',
      tenant.slug,
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-07',
      '--by',
      'day',
      '--json',
    ]);
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    const printed = JSON.parse(result.stdout) as { totals: Record<string, number>; rows: unknown[] };
    const direct = await app.analytics.service.query(tenant.id, {
      from: '2026-02-01',
      to: '2026-02-07',
      groupBy: 'day',
    });
    expect(printed.totals).to.deep.equal(direct.totals);
    expect(printed.totals).to.include({ spend: 13_000, revenue: 50_000, clicks: 50 });
    expect(printed.rows).to.have.length(7);
  });

  it('when printed for people, money shows in major units with the currency and campaigns by name', async () => {
    const result = await run([
      '--tenant',
      tenant.slug,
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-07',
      '--by',
      'campaign',
    ]);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include(
      `Tenant ${tenant.slug} (${tenant.slug}) — 2026-02-01 → 2026-02-07, EUR, days in Europe/Berlin`,
    );
    const line = result.stdout.split('\n').find((text) => text.startsWith('Winter sale'));
    expect(line).to.match(/^Winter sale\s+130\.00 EUR\s+500\.00 EUR\s+2,000\s+50\s+5\s+3\.85\s+26\.00 EUR/);
  });

  it('when the command line is wrong or the tenant unknown, it says so and exits 2 or 1', async () => {
    const usage = await run(['--tenant', tenant.slug, '--range', 'last_8_days']);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.include('--range');
    const both = await run([
      '--tenant',
      tenant.slug,
      '--range',
      'today',
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-02',
    ]);
    expect(both.code).to.equal(2);
    const badDay = await run(['--tenant', tenant.slug, '--from', '2026-02-31', '--to', '2026-03-01']);
    expect([badDay.code, badDay.stderr]).to.deep.equal([
      1,
      'stratum kpis: Invalid input (from: Expected a calendar day YYYY-MM-DD)\n',
    ]);
    const unknown = await run(['--tenant', 'nobody-here']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.equal('stratum kpis: No tenant with slug "nobody-here"\n');
  });
});
