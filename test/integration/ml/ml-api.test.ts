import { expect } from 'chai';
import type { MlTestApp, MlTestTenant } from './support/ml-test-app.js';
import { startMlTestApp, testCampaigns } from './support/ml-test-app.js';

interface CurvesBody {
  readonly from: string;
  readonly to: string;
  readonly modelVersion: string;
  readonly curves: readonly {
    readonly status: string;
    readonly campaignExternalId: string;
    readonly message?: string;
    readonly halfSaturationCents?: { readonly value: number };
  }[];
}
interface OptimizeBody {
  readonly recommendation: string;
  readonly totalProposedCents: number;
  readonly allocations: readonly {
    readonly campaignExternalId: string;
    readonly platform: string;
    readonly currentDailySpendCents: number;
    readonly proposedDailyBudgetCents: number;
  }[];
  readonly expected: { readonly value: number; readonly lower: number; readonly upper: number };
  readonly statusQuo: { readonly value: number };
  readonly explanations: readonly string[];
}
const errorCode = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

const IDS = ['cmp-1', 'cmp-2', 'cmp-3', 'cmp-4'];

describe('ML API (/api/v1/ml)', function () {
  this.timeout(60_000);
  let app: MlTestApp;
  let moving: MlTestTenant;
  let flat: MlTestTenant;
  let bare: MlTestTenant;

  before(async () => {
    app = await startMlTestApp();
    [moving, flat, bare] = [await app.seedTenant(), await app.seedTenant(), await app.seedTenant()];
    // Two tenants with the same campaign ids: one whose budgets moved, one that always spent the same.
    await app.insertCampaigns(moving, testCampaigns(21, 4, 120), IDS);
    await app.insertCampaigns(flat, testCampaigns(22, 4, 120, true), IDS);
    await app.installPredictor(moving.id);
    await app.installPredictor(flat.id);
  });
  after(async () => app?.close());

  it('when no predictor plugin is installed, every route answers 503 ML_PREDICTOR_UNAVAILABLE', async () => {
    const curves = await app.api('GET', '/ml/curves', bare.tokens.analyst);
    const optimize = await app.api('POST', '/ml/optimize', bare.tokens.analyst, { budgetCents: 100_000 });
    expect([curves.status, errorCode(curves.body)]).to.deep.equal([503, 'ML_PREDICTOR_UNAVAILABLE']);
    expect([optimize.status, errorCode(optimize.body)]).to.deep.equal([503, 'ML_PREDICTOR_UNAVAILABLE']);
  });

  it('when a viewer asks for advice, it is refused (analyst and up only)', async () => {
    const response = await app.api('GET', '/ml/curves', moving.tokens.viewer);
    expect(response.status).to.equal(403);
  });

  it('when budgets moved, the analyst gets a fitted revenue curve per campaign over the default 180 days', async () => {
    const response = await app.api('GET', '/ml/curves?metric=revenue', moving.tokens.analyst);
    expect(response.status).to.equal(200);
    const body = response.body as CurvesBody;
    expect([body.from, body.to]).to.deep.equal(['2026-01-01', '2026-06-29']);
    expect(body.curves.map((curve) => [curve.campaignExternalId, curve.status])).to.deep.equal(
      IDS.map((id) => [id, 'fitted']),
    );
  });

  it('when another tenant has the same campaign ids but flat spend, it gets its own refusals, not the cached curves of the first', async () => {
    const first = await app.api('GET', '/ml/curves?metric=revenue&campaignId=cmp-1', moving.tokens.analyst);
    const second = await app.api('GET', '/ml/curves?metric=revenue&campaignId=cmp-1', flat.tokens.analyst);
    expect((first.body as CurvesBody).curves[0]?.status).to.equal('fitted');
    const refused = (second.body as CurvesBody).curves;
    expect(refused.map((curve) => curve.status)).to.deep.equal(['insufficient_variation']);
    expect(refused[0]?.message).to.match(/^not enough variation to fit/);
  });

  it('when the optimiser is asked with ±30% per day and a platform cap, the proposal respects both and beats the status quo', async () => {
    const probe = (await app.api('POST', '/ml/optimize', moving.tokens.analyst, {
      budgetCents: 100_000_000,
      constraints: { maxChangeRatio: 0 },
    })) as { status: number; body: OptimizeBody };
    expect(probe.status).to.equal(200);
    const spend = probe.body.allocations.reduce((sum, line) => sum + line.currentDailySpendCents, 0);
    const [firstLine] = probe.body.allocations;
    const cap = { [firstLine?.platform ?? 'meta']: firstLine?.currentDailySpendCents ?? 0 };
    const response = await app.api('POST', '/ml/optimize', moving.tokens.analyst, {
      budgetCents: spend,
      objective: 'revenue',
      constraints: { maxChangeRatio: 0.3, platformCapsCents: cap },
    });
    expect(response.status).to.equal(200);
    const body = response.body as OptimizeBody;
    expect(body.totalProposedCents).to.be.at.most(spend);
    for (const line of body.allocations) {
      expect(line.proposedDailyBudgetCents).to.be.at.least(Math.ceil(line.currentDailySpendCents * 0.7));
      expect(line.proposedDailyBudgetCents).to.be.at.most(Math.floor(line.currentDailySpendCents * 1.3));
    }
    const platformTotal = body.allocations
      .filter((line) => line.platform === firstLine?.platform)
      .reduce((sum, line) => sum + line.proposedDailyBudgetCents, 0);
    expect(platformTotal).to.be.at.most(firstLine?.currentDailySpendCents ?? 0);
    expect(body.expected.value).to.be.at.least(body.statusQuo.value);
    if (body.recommendation === 'reallocate') expect(body.explanations.length).to.be.greaterThan(0);
  });

  it('when the minimums cannot fit the budget, it answers 422 ML_CONSTRAINTS_INFEASIBLE', async () => {
    const response = await app.api('POST', '/ml/optimize', moving.tokens.analyst, {
      budgetCents: 1_000,
      constraints: { campaigns: { 'cmp-1': { minCents: 900 }, 'cmp-2': { minCents: 900 } } },
    });
    expect([response.status, errorCode(response.body)]).to.deep.equal([422, 'ML_CONSTRAINTS_INFEASIBLE']);
  });

  it('when every campaign of the tenant has flat spend, optimising answers 422 ML_NOT_ENOUGH_DATA', async () => {
    const response = await app.api('POST', '/ml/optimize', flat.tokens.analyst, { budgetCents: 100_000 });
    expect([response.status, errorCode(response.body)]).to.deep.equal([422, 'ML_NOT_ENOUGH_DATA']);
    // A refusal is the plugin's answer, not its failure: the breaker does not count it.
    const summaries = await app.platform.plugins.service.list(flat.id);
    const installed = summaries.find((summary) => summary.id === 'ml-roas');
    expect(installed?.installation?.consecutiveFailures).to.equal(0);
  });

  it('when a forecast is asked, it returns each requested day and metric with an interval and a back-test', async () => {
    const response = await app.api(
      'GET',
      '/ml/forecast?days=7&metrics=spend,revenue,roas',
      moving.tokens.analyst,
    );
    expect(response.status).to.equal(200);
    const body = response.body as {
      total: {
        points: { date: string; metric: string; value: number; lower: number; upper: number }[];
        backtest: { metric: string; weekAheadWmape: number | null }[];
      };
      campaigns: unknown[];
    };
    expect(body.total.points).to.have.length(21);
    expect(body.total.points[0]?.date).to.equal('2026-06-30');
    for (const point of body.total.points)
      expect(point.lower).to.be.at.most(point.value).and.at.most(point.upper);
    expect(body.total.backtest.map((score) => score.metric)).to.deep.equal(['spend', 'revenue']);
    expect(body.total.backtest[1]?.weekAheadWmape).to.be.a('number');
    expect(body.campaigns).to.have.length(4);
  });

  it('when the training job runs for one tenant, its model version is stored and used, and the other tenant still fits its own data', async () => {
    await app.platform.plugins.runtime.runJob(
      moving.id,
      'ml-roas',
      { jobName: 'train', runId: 'test-train', data: {} },
      { signal: new AbortController().signal },
    );
    const trained = (await app.api('GET', '/ml/curves?metric=revenue', moving.tokens.analyst))
      .body as CurvesBody;
    const other = (await app.api('GET', '/ml/curves?metric=revenue', flat.tokens.analyst)).body as CurvesBody;
    expect(trained.modelVersion).to.match(/^revenue-2026-06-30T12:00:00\.000Z$/);
    expect(trained.curves.filter((curve) => curve.status === 'fitted')).to.have.length(4);
    expect(other.modelVersion).to.match(/^adhoc-/);
    expect(other.curves.every((curve) => curve.status === 'insufficient_variation')).to.equal(true);
  });
});
