import { expect } from 'chai';
import { truthAsModel } from '../../bench/ml/generate.js';
import { isPluginError } from '../../core/plugin-api/index.js';
import type { BudgetOptimizationRequest } from '../../core/plugin-api/index.js';
import type { StoredFit } from './curves.js';
import { proposeAllocation } from './optimize.js';

const HISTORY = { from: '2026-01-01', to: '2026-06-29' };
const CONTEXT = { currency: 'EUR', modelVersion: 'test' };

function fit(
  id: string,
  platform: string,
  current: number,
  halfSaturation: number,
  maxDaily: number,
  maxSpend = Math.round(current * 1.3),
): StoredFit {
  const truth = truthAsModel({
    id,
    platform,
    decay: 0.3,
    halfSaturation,
    shape: 1,
    maxDaily,
    weekdayFactors: [1, 1, 1, 1, 1, 1, 1],
    currentBudget: current,
  });
  // A fitted model has seen spend between these; the optimiser extrapolates only so far beyond.
  const model = { ...truth, days: 180, minSpend: Math.round(current * 0.7), maxSpend };
  return {
    campaignExternalId: id,
    platform,
    metric: 'revenue',
    currentSpendCents: current,
    outcome: { status: 'fitted', model },
  };
}

const request = (overrides: Partial<BudgetOptimizationRequest>): BudgetOptimizationRequest => ({
  scope: {},
  history: HISTORY,
  totalDailyBudgetCents: 40_000,
  objective: 'revenue',
  ...overrides,
});

describe('ml-roas budget proposal', () => {
  it('when the best split lies far beyond the spend a campaign has seen, it stops at 1.5× its largest spend', () => {
    const fits = [
      fit('strong', 'meta', 10_000, 400_000, 2_000_000, 12_000),
      fit('weak', 'google', 30_000, 5_000, 40_000),
    ];
    const proposal = proposeAllocation(request({}), fits, CONTEXT);
    expect(proposal.recommendation).to.equal('reallocate');
    expect(proposal.allocations[0]?.proposedDailyBudgetCents).to.equal(18_000);
  });

  it('when the current split is already the best the model knows, it recommends keeping it', () => {
    const fits = [fit('a', 'meta', 20_000, 30_000, 90_000), fit('b', 'google', 20_000, 30_000, 90_000)];
    const proposal = proposeAllocation(request({}), fits, CONTEXT);
    expect(proposal.recommendation).to.equal('keep');
    expect(proposal.allocations.map((line) => line.proposedDailyBudgetCents)).to.deep.equal([20_000, 20_000]);
    expect(proposal.expected).to.deep.equal(proposal.statusQuo);
  });

  it('when one campaign earns more at the margin, it moves budget there within ±30% and explains the biggest moves', () => {
    const fits = [
      fit('strong', 'meta', 20_000, 80_000, 300_000),
      fit('weak', 'google', 20_000, 10_000, 40_000),
    ];
    const proposal = proposeAllocation(request({ constraints: { maxChangeRatio: 0.3 } }), fits, CONTEXT);
    expect(proposal.recommendation).to.equal('reallocate');
    const [strong, weak] = proposal.allocations;
    expect(strong?.proposedDailyBudgetCents).to.equal(26_000);
    expect(weak?.proposedDailyBudgetCents).to.equal(14_000);
    expect(proposal.expected.value).to.be.greaterThan(proposal.statusQuo.value);
    expect(proposal.expected.lower).to.be.at.most(proposal.expected.value);
    expect(proposal.explanations[0]).to.match(
      /^Raise strong \(meta\) from 200\.00 EUR to 260\.00 EUR a day \(\+30%\)/,
    );
  });

  it('when a campaign has no curve, it keeps its spend out of the budget and is listed as unmodelled', () => {
    const refused: StoredFit = {
      campaignExternalId: 'flat',
      platform: 'tiktok',
      metric: 'revenue',
      currentSpendCents: 5_000,
      outcome: {
        status: 'insufficient_variation',
        message: 'not enough variation to fit',
        days: 90,
        spendVariation: 0.01,
      },
    };
    const proposal = proposeAllocation(
      request({ totalDailyBudgetCents: 45_000 }),
      [fit('a', 'meta', 20_000, 80_000, 300_000), fit('b', 'google', 20_000, 10_000, 40_000), refused],
      CONTEXT,
    );
    expect(proposal.unmodelled.map((curve) => curve.campaignExternalId)).to.deep.equal(['flat']);
    expect(proposal.totalProposedCents).to.be.at.most(40_000);
  });

  it('when the minimums exceed the budget, it fails with ML_CONSTRAINTS_INFEASIBLE', () => {
    const fits = [fit('a', 'meta', 20_000, 30_000, 90_000), fit('b', 'google', 20_000, 30_000, 90_000)];
    try {
      proposeAllocation(
        request({ constraints: { campaigns: { a: { minCents: 30_000 }, b: { minCents: 30_000 } } } }),
        fits,
        CONTEXT,
      );
      expect.fail('expected an error');
    } catch (error) {
      expect(isPluginError(error) && error.code).to.equal('ML_CONSTRAINTS_INFEASIBLE');
    }
  });
});
